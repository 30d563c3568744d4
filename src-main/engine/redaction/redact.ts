// The redaction engine: run every rule, merge overlapping findings, replace each with
// `[REDACTED:<kind>]`, and repeat on the result until nothing more is found.
//
// Why repeat: replacing a secret changes what its neighbours look like (a run that was one
// long token becomes two shorter ones, a boundary appears). Iterating to a fixed point is what
// makes `findSecrets(redactSecrets(x).text)` empty and redaction idempotent for every input, not
// just for the inputs we thought of. Findings of later passes are mapped back to the original.
//
// Fail closed: any internal error, or no fixed point after MAX_PASSES, redacts the whole text.
import { SECRET_RULES, type SecretRule } from './rules';
import { MARKER, mayHoldMarker, type Span } from './values';

export interface Finding {
  kind: string;
  start: number;
  end: number;
}

export interface RedactionResult {
  /** The text with every secret replaced by `[REDACTED:<kind>]`; everything else byte-identical. */
  text: string;
  /** What was replaced, as positions in the ORIGINAL text, sorted, non-overlapping. */
  findings: Finding[];
  redacted: boolean;
}

export const UNREDACTABLE = 'unredactable';
const MAX_PASSES = 8;

export function markerFor(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** Replaces every secret in `text`. Never throws. */
export function redactSecrets(text: string): RedactionResult {
  let original = '';
  try {
    original = typeof text === 'string' ? text : String(text ?? '');
    let spans: Finding[] = [];
    let view: Rendered = { text: original, layout: [{ cur: 0, orig: 0, len: original.length, marker: false }] };
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const found = detect(view.text);
      if (found.length === 0) return { text: view.text, findings: spans, redacted: spans.length > 0 };
      spans = mergeFindings([...spans.map((f) => ({ ...f, order: -1, generic: false })), ...found.map((f) => toOriginal(f, view.layout))]);
      view = render(original, spans);
    }
  } catch {
    // fall through: fail closed
  }
  return {
    text: markerFor(UNREDACTABLE),
    findings: [{ kind: UNREDACTABLE, start: 0, end: original.length }],
    redacted: true,
  };
}

/** Detection only: what `redactSecrets` would replace (empty means the text may leave). */
export function findSecrets(text: string): Finding[] {
  return redactSecrets(text).findings;
}

// ── One pass ────────────────────────────────────────────────────────────────────────────────

interface RawFinding extends Finding {
  /** Index of the rule in SECRET_RULES (ties go to the earlier, more specific rule). */
  order: number;
  generic: boolean;
}

const compiled = new Map<SecretRule, RegExp>();

/** A private copy of the rule's pattern (global, with indices when a group is the secret). */
function compile(rule: SecretRule): RegExp {
  let re = compiled.get(rule);
  if (re === undefined) {
    let flags = rule.pattern.flags.replace('y', '');
    if (!flags.includes('g')) flags += 'g';
    if (rule.secretGroup !== undefined && !flags.includes('d')) flags += 'd';
    re = new RegExp(rule.pattern.source, flags);
    compiled.set(rule, re);
  }
  re.lastIndex = 0;
  return re;
}

function detect(text: string): Finding[] {
  const lower = text.toLowerCase();
  const raw: RawFinding[] = [];
  SECRET_RULES.forEach((rule, order) => {
    if (rule.keywords !== undefined && !rule.keywords.some((k) => lower.includes(k))) return;
    const re = compile(rule);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      let start = m.index;
      let end = m.index + m[0].length;
      if (rule.secretGroup !== undefined) {
        const group = m.indices?.[rule.secretGroup];
        if (group === undefined) continue;
        [start, end] = group;
      }
      const refined = rule.refine ? rule.refine({ text, match: m, start, end }) : { start, end };
      const spans: readonly Span[] = refined === null ? [] : Array.isArray(refined) ? (refined as readonly Span[]) : [refined as Span];
      for (const s of spans) {
        if (s.end <= s.start || s.start < 0 || s.end > text.length) continue;
        raw.push({ kind: rule.kind, start: s.start, end: s.end, order, generic: rule.generic === true });
        if (s.end > re.lastIndex) re.lastIndex = s.end;
      }
    }
  });
  return mergeFindings(outsideMarkers(text, raw));
}

/** Cuts our own markers out of findings: `[REDACTED:kind]` and `⟦kept-secret-N⟧` are never secrets. */
function outsideMarkers(text: string, raw: RawFinding[]): RawFinding[] {
  if (raw.length === 0 || !mayHoldMarker(text)) return raw;
  const markers: Span[] = [];
  const re = new RegExp(MARKER.source, 'g');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) markers.push({ start: m.index, end: m.index + m[0].length });
  if (markers.length === 0) return raw;
  const out: RawFinding[] = [];
  for (const f of raw) {
    let cursor = f.start;
    for (let i = firstEndingAfter(markers, f.start); i < markers.length; i++) {
      const mk = markers[i];
      if (mk === undefined || mk.start >= f.end) break;
      if (mk.start > cursor) out.push({ ...f, start: cursor, end: mk.start });
      cursor = Math.max(cursor, mk.end);
    }
    if (cursor < f.end) out.push({ ...f, start: cursor, end: f.end });
  }
  return out;
}

function firstEndingAfter(spans: readonly Span[], pos: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid]?.end ?? 0) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Overlapping findings become one span covering all of them (nothing half-redacted). Its kind:
 * a provider-specific rule beats a catch-all (`"private_key": "-----BEGIN…"` is a private key,
 * not just an assignment), then the longest finding wins, then the earlier rule. Touching
 * findings stay separate markers.
 */
function mergeFindings(raw: RawFinding[]): Finding[] {
  const sorted = [...raw].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  let group: { start: number; end: number; best: RawFinding } | undefined;
  for (const f of sorted) {
    if (group !== undefined && f.start < group.end) {
      group.end = Math.max(group.end, f.end);
      if (better(f, group.best)) group.best = f;
      continue;
    }
    if (group !== undefined) out.push({ kind: group.best.kind, start: group.start, end: group.end });
    group = { start: f.start, end: f.end, best: f };
  }
  if (group !== undefined) out.push({ kind: group.best.kind, start: group.start, end: group.end });
  return out;
}

function better(a: RawFinding, b: RawFinding): boolean {
  if (a.generic !== b.generic) return !a.generic;
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  return a.order < b.order;
}

// ── Rendering and mapping back ──────────────────────────────────────────────────────────────

interface Segment {
  /** Start in the rendered text. */
  cur: number;
  /** Start in the original text (for a marker: the start of the span it replaced). */
  orig: number;
  len: number;
  marker: boolean;
  /** Original length a marker stands for. */
  origLen?: number;
}

interface Rendered {
  text: string;
  layout: Segment[];
}

/** The original with each span replaced; spans are sorted and disjoint. */
function render(original: string, spans: readonly Finding[]): Rendered {
  const parts: string[] = [];
  const layout: Segment[] = [];
  let cur = 0;
  let pos = 0;
  for (const s of spans) {
    if (s.start > pos) {
      parts.push(original.slice(pos, s.start));
      layout.push({ cur, orig: pos, len: s.start - pos, marker: false });
      cur += s.start - pos;
    }
    const mk = markerFor(s.kind);
    parts.push(mk);
    layout.push({ cur, orig: s.start, len: mk.length, marker: true, origLen: s.end - s.start });
    cur += mk.length;
    pos = s.end;
  }
  if (pos < original.length) {
    parts.push(original.slice(pos));
    layout.push({ cur, orig: pos, len: original.length - pos, marker: false });
  }
  return { text: parts.join(''), layout };
}

function toOriginal(f: Finding, layout: readonly Segment[]): RawFinding {
  return { kind: f.kind, start: mapPos(f.start, layout, false), end: mapPos(f.end, layout, true), order: 0, generic: false };
}

/** Rendered position → original; a position inside a marker maps to the edge of what it replaced. */
function mapPos(pos: number, layout: readonly Segment[], isEnd: boolean): number {
  let lo = 0;
  let hi = layout.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const seg = layout[mid];
    if (seg !== undefined && (isEnd ? seg.cur < pos : seg.cur <= pos)) lo = mid;
    else hi = mid - 1;
  }
  const seg = layout[lo];
  if (seg === undefined) return pos;
  if (seg.marker) return isEnd ? seg.orig + (seg.origLen ?? 0) : seg.orig;
  return seg.orig + (pos - seg.cur);
}
