// Everything from CodeMirror, in one module the views load on demand (dynamic import), so the
// window opens without it and the quick-note popup never loads it.
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { MergeView, unifiedMergeView } from '@codemirror/merge';
import { EditorState, RangeSetBuilder, type Extension } from '@codemirror/state';
import { Decoration, EditorView, highlightActiveLine, keymap, lineNumbers, showPanel, ViewPlugin, type ViewUpdate } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { findConstraintSections } from '../../../src-shared/markdown/constraints';

const theme = EditorView.theme({
  '&': { fontSize: '14px', backgroundColor: 'var(--surface)', color: 'var(--text)' },
  '.cm-content': { fontFamily: "ui-monospace, 'SF Mono', Menlo, Consolas, monospace", caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
  '&.cm-focused': { outline: '2px solid var(--focus)' },
  // CodeMirror's own defaults are light-only (a pale active gutter, a grey selection); these
  // follow the theme, so the dark editor is dark all through.
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-content ::selection': {
    backgroundColor: 'var(--code-selection)',
  },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 12%, var(--surface-2))', color: 'var(--text)' },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', borderColor: 'var(--border)' },
  '.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  '.cm-tab-hint': { padding: '3px 10px', fontFamily: 'system-ui, sans-serif', fontSize: '12px' },
  '.cm-constraint': { backgroundColor: 'color-mix(in srgb, var(--warn) 14%, transparent)' },
  '.cm-flagged': { backgroundColor: 'color-mix(in srgb, var(--bad) 18%, transparent)' },
  // The merge view's own colours are made for light backgrounds; these follow the theme.
  '.cm-changedLine, .cm-insertedLine': { backgroundColor: 'color-mix(in srgb, var(--ok) 14%, transparent)' },
  '.cm-changedText': { backgroundColor: 'color-mix(in srgb, var(--ok) 32%, transparent)' },
  '.cm-deletedChunk, .cm-deletedLine': { backgroundColor: 'color-mix(in srgb, var(--bad) 14%, transparent)' },
  '.cm-deletedText, .cm-deletedChunk .cm-deletedText': { backgroundColor: 'color-mix(in srgb, var(--bad) 30%, transparent)' },
  '.cm-merge-a .cm-changedLine': { backgroundColor: 'color-mix(in srgb, var(--bad) 14%, transparent)' },
  '.cm-merge-a .cm-changedText': { backgroundColor: 'color-mix(in srgb, var(--bad) 30%, transparent)' },
  // Folded unchanged stretches: themed, and without the ⦚ glyph many system fonts lack.
  '.cm-collapsedLines': { background: 'var(--surface-2)', color: 'var(--muted)', fontFamily: 'system-ui, sans-serif', fontSize: '12px' },
  '.cm-collapsedLines:before, .cm-collapsedLines:after': { content: '"⋯"' },
});

/**
 * Markdown colours from the theme's CSS variables (theme.css), so one style serves light and dark
 * with 4.5:1 everywhere. (CodeMirror's default style is made for white: its comment colour is
 * 2.3:1 on the dark surface.)
 */
const markdownColours = HighlightStyle.define([
  { tag: t.heading, color: 'var(--code-heading)', fontWeight: '700' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strong, fontWeight: '700' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: [t.link, t.url], color: 'var(--code-link)' },
  { tag: t.link, textDecoration: 'underline' },
  { tag: t.monospace, color: 'var(--code-mono)', backgroundColor: 'var(--code-mono-bg)', borderRadius: '3px' },
  { tag: t.quote, color: 'var(--code-quote)', fontStyle: 'italic' },
  // The marks (#, -, >, backticks), HTML comments such as memsync's version line, and other meta.
  { tag: [t.processingInstruction, t.comment, t.meta, t.contentSeparator, t.labelName], color: 'var(--muted)' },
  { tag: [t.inserted], color: 'var(--ok)' },
  { tag: [t.deleted, t.invalid], color: 'var(--bad)' },
]);

/**
 * Tab indents inside the editor (indentWithTab), so keyboard users need the way out: Esc, then Tab
 * (CodeMirror's tab-focus mode). Said below the editor and tied to it for screen readers.
 */
function tabHint(): Extension {
  const id = 'cm-tab-hint'; // unique within the editor's own shadow root
  return [
    showPanel.of(() => {
      const dom = document.createElement('div');
      dom.className = 'cm-tab-hint';
      dom.id = id;
      dom.textContent = 'Tab indents. To leave the editor with the keyboard, press Esc, then Tab.';
      return { dom, bottom: true };
    }),
    EditorView.contentAttributes.of({ 'aria-describedby': id }),
  ];
}

/** Lines of every hard-constraints section get a tint, so edits there are never made unawares. */
function constraintHighlight(extraNames: readonly string[]): Extension {
  const mark = Decoration.line({ class: 'cm-constraint' });
  const build = (view: EditorView) => {
    const builder = new RangeSetBuilder<Decoration>();
    const doc = view.state.doc;
    for (const s of findConstraintSections(doc.toString(), extraNames)) {
      const first = doc.lineAt(s.start).number;
      const last = doc.lineAt(Math.max(s.start, s.end - 1)).number;
      for (let n = first; n <= last; n++) builder.add(doc.line(n).from, doc.line(n).from, mark);
    }
    return builder.finish();
  };
  return ViewPlugin.fromClass(
    class {
      decorations;
      constructor(view: EditorView) {
        this.decorations = build(view);
      }
      update(u: ViewUpdate) {
        if (u.docChanged) this.decorations = build(u.view);
      }
    },
    { decorations: (v) => v.decorations },
  );
}

/** Lines whose text appears in `lines` are tinted (flagged lines of a proposal). */
function lineHighlight(lines: readonly string[]): Extension {
  const wanted = new Set(lines.map((l) => l.trim()).filter(Boolean));
  const mark = Decoration.line({ class: 'cm-flagged' });
  return EditorView.decorations.of((view) => {
    const builder = new RangeSetBuilder<Decoration>();
    for (let n = 1; n <= view.state.doc.lines; n++) {
      const line = view.state.doc.line(n);
      if (wanted.has(line.text.trim())) builder.add(line.from, line.from, mark);
    }
    return builder.finish();
  });
}

/**
 * CodeMirror adds its styles at run time: in a document as a <style> element, which the page's
 * CSP (style-src 'self') blocks, but in a shadow root as a constructed stylesheet, which it
 * allows. So every editor lives in a shadow root of its host element (theme colours still arrive
 * through the inherited CSS variables).
 */
function shadowOf(host: HTMLElement): ShadowRoot {
  return host.shadowRoot ?? host.attachShadow({ mode: 'open' });
}

export interface EditorOptions {
  doc: string;
  label: string;
  onChange?: (text: string) => void;
  onSave?: () => void;
  readOnly?: boolean;
  constraintNames?: readonly string[];
}

function base(options: { label: string; readOnly?: boolean | undefined }): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLine(),
    history(),
    markdown(),
    syntaxHighlighting(markdownColours),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': options.label, ...(options.readOnly ? { 'aria-readonly': 'true' } : {}) }),
    EditorState.readOnly.of(options.readOnly ?? false),
    theme,
  ];
}

/** Line heights are measured once; measure again when web fonts have arrived, or gutters drift. */
function remeasureAfterFonts(...views: EditorView[]): void {
  void document.fonts?.ready.then(() => {
    for (const v of views) v.requestMeasure();
  });
}

export function createEditor(host: HTMLElement, options: EditorOptions): EditorView {
  const root = shadowOf(host);
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        ...base(options),
        constraintHighlight(options.constraintNames ?? []),
        // The host's min-height does not reach into the shadow root; the whole area takes clicks.
        EditorView.theme({ '&': { minHeight: '320px' } }),
        ...(options.readOnly ? [] : [tabHint()]),
        keymap.of([
          { key: 'Mod-s', preventDefault: true, run: () => (options.onSave?.(), true) },
          ...defaultKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange?.(u.state.doc.toString());
        }),
      ],
    }),
  });
  remeasureAfterFonts(view);
  return view;
}

export function setEditorText(view: EditorView, text: string): void {
  if (view.state.doc.toString() !== text) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

export interface DiffOptions {
  before: string;
  after: string;
  labelBefore: string;
  labelAfter: string;
  /** Lines of `after` to tint (flagged). */
  flaggedLines?: readonly string[];
  /** Show one editable column with the changes inline (true), or two columns. */
  unified?: boolean;
  onChange?: (text: string) => void;
  /** Fold long runs of unchanged lines (click to unfold), so the changes are what shows. */
  collapseUnchanged?: boolean;
  /** Scroll the first change into view (two columns). */
  showFirstChange?: boolean;
}

/** A diff: two columns, or one (editable) column with removed lines shown inline. */
export function createDiff(host: HTMLElement, options: DiffOptions): { destroy(): void; text(): string } {
  const root = shadowOf(host);
  const collapse = options.collapseUnchanged ? { collapseUnchanged: { margin: 3, minSize: 4 } } : {};
  const listen = EditorView.updateListener.of((u) => {
    if (u.docChanged) options.onChange?.(u.state.doc.toString());
  });
  if (options.unified) {
    const view = new EditorView({
      parent: root,
      root,
      state: EditorState.create({
        doc: options.after,
        extensions: [
          ...base({ label: options.labelAfter, readOnly: !options.onChange }),
          lineHighlight(options.flaggedLines ?? []),
          unifiedMergeView({ original: options.before, mergeControls: false, ...collapse }),
          listen,
        ],
      }),
    });
    remeasureAfterFonts(view);
    return { destroy: () => view.destroy(), text: () => view.state.doc.toString() };
  }
  const merge = new MergeView({
    parent: root,
    root,
    ...collapse,
    a: { doc: options.before, extensions: base({ label: options.labelBefore, readOnly: true }) },
    b: { doc: options.after, extensions: [...base({ label: options.labelAfter, readOnly: true }), lineHighlight(options.flaggedLines ?? [])] },
  });
  remeasureAfterFonts(merge.a, merge.b);
  const first = merge.chunks[0];
  if (options.showFirstChange && first) {
    merge.b.dispatch({ effects: EditorView.scrollIntoView(Math.min(first.fromB, merge.b.state.doc.length), { y: 'center' }) });
  }
  return { destroy: () => merge.destroy(), text: () => merge.b.state.doc.toString() };
}
