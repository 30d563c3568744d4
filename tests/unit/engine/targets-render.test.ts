import { describe, expect, it } from 'vitest';
import { BLOCK_END, BLOCK_START, findManagedBlock, fitToBudget, measure, renderTarget, spliceManagedBlock } from '../../../src-main/engine/targets/render';
import { splitSections } from '../../../src-shared/markdown/sections';

const section = (title: string, lines: number, word = 'x') =>
  `## ${title}\n${Array.from({ length: lines }, (_, i) => `- ${word} ${i} ${'lorem ipsum dolor sit amet '.repeat(2)}`).join('\n')}\n\n`;

const memory =
  '<!-- memsync v0.2 -->\n# Global Memory\n\n' +
  section('Identity & context', 10) +
  section('Current priorities', 10) +
  section('Recent completions', 20) +
  section('Projects', 20) +
  section('Hard constraints', 5, 'never');

describe('splitSections', () => {
  it('splits at ## headings with a CommonMark parser, keeping every byte', () => {
    const text = '# T\nintro\n## A\n```md\n## not a heading\n```\n### sub\n## B\nb\n';
    const { preamble, sections } = splitSections(text);
    expect(preamble).toBe('# T\nintro\n');
    expect(sections.map((s) => s.title)).toEqual(['A', 'B']);
    expect(sections[0]!.text).toContain('## not a heading');
    expect(preamble + sections.map((s) => s.text).join('')).toBe(text);
  });
});

describe('fitToBudget', () => {
  it('returns the memory byte for byte when it fits', () => {
    expect(fitToBudget(memory, { limit: 100_000, unit: 'chars' })).toEqual({ text: memory, omittedSections: [], truncated: false });
    expect(fitToBudget(memory, null).text).toBe(memory);
  });

  it('leaves out history first, then from the bottom up, never constraints, and says so', () => {
    const limit = measure(memory, 'chars') - 500;
    const fit = fitToBudget(memory, { limit, unit: 'chars' });
    expect(fit.omittedSections).toEqual(['Recent completions']);
    expect(measure(fit.text, 'chars')).toBeLessThanOrEqual(limit);
    expect(fit.text).toContain('## Hard constraints');
    expect(fit.text).toContain('## Projects');
    expect(fit.text).toMatch(/<!-- memsync: left out "Recent completions" to fit this agent's limit of \d+ chars/);

    // Room for the title, Identity and constraints (plus the note), but not for anything else.
    const { preamble, sections } = splitSections(memory);
    const keep = preamble + sections[0]!.text + sections[4]!.text;
    const tighter = fitToBudget(memory, { limit: measure(keep, 'chars') + 250, unit: 'chars' });
    expect(tighter.omittedSections).toEqual(['Current priorities', 'Recent completions', 'Projects']);
    expect(tighter.text).toContain('- never 4');
    expect(tighter.text).toContain('## Identity & context');
    expect(tighter.truncated).toBe(false);
  });

  it('cuts at a line boundary only when the protected parts alone do not fit, and says so', () => {
    const fit = fitToBudget(memory, { limit: 300, unit: 'chars' });
    expect(fit.truncated).toBe(true);
    expect(fit.omittedSections).toEqual(['Identity & context', 'Current priorities', 'Recent completions', 'Projects']);
    expect(measure(fit.text, 'chars')).toBeLessThanOrEqual(300);
    expect(fit.text).toContain('cut the rest');
    expect(fit.text.startsWith('<!-- memsync v0.2 -->\n# Global Memory\n')).toBe(true);
  });

  it('measures bytes for byte budgets (Codex) and characters for character budgets (Windsurf)', () => {
    const text = `# ü\n${section('A', 3, 'é')}${section('B', 3, 'é')}`;
    expect(measure('é', 'bytes')).toBe(2);
    expect(measure('é', 'chars')).toBe(1);
    const byChars = fitToBudget(text, { limit: measure(text, 'chars'), unit: 'chars' });
    expect(byChars.omittedSections).toEqual([]);
    const byBytes = fitToBudget(text, { limit: measure(text, 'chars'), unit: 'bytes' });
    expect(byBytes.omittedSections.length).toBeGreaterThan(0);
    expect(measure(byBytes.text, 'bytes')).toBeLessThanOrEqual(measure(text, 'chars'));
  });
});

describe('managed blocks', () => {
  const mine = '# My own notes\n\nUse tabs.\n';

  it('keeps every byte of the person\'s text around the block', () => {
    const first = spliceManagedBlock(mine, '# Memory v1\n');
    expect(first).toBe(`${mine}\n${BLOCK_START}\n# Memory v1\n${BLOCK_END}\n`);
    const edited = first.replace('Use tabs.', 'Use tabs. Really.') + 'P.S. after the block\n';
    const second = spliceManagedBlock(edited, '# Memory v2\n');
    expect(second).toBe(edited.replace('# Memory v1', '# Memory v2'));
    expect(findManagedBlock(second)).toEqual({
      before: `${mine.replace('Use tabs.', 'Use tabs. Really.')}\n`,
      inner: '# Memory v2',
      after: '\nP.S. after the block\n',
    });
  });

  it('creates a file that is only the block when there is none', () => {
    expect(spliceManagedBlock(undefined, 'm\n')).toBe(`${BLOCK_START}\nm\n${BLOCK_END}\n`);
    expect(findManagedBlock('no markers')).toBeUndefined();
    expect(findManagedBlock(`${BLOCK_START} unterminated`)).toBeUndefined();
  });

  it('fits the block into what the budget leaves after the person\'s text', () => {
    const rendered = renderTarget(memory, 'managed-block', { limit: 3500, unit: 'chars' }, mine);
    expect(measure(rendered.text, 'chars')).toBeLessThanOrEqual(3500);
    expect(rendered.text.startsWith(mine)).toBe(true);
    expect(rendered.omittedSections.length).toBeGreaterThan(0);
  });

  it('a memory that mentions the markers renders to a fixed point and reads back unchanged', () => {
    const mentions = `# Memory\n- memsync wraps its block in ${BLOCK_START} and ${BLOCK_END}\n`;
    const first = renderTarget(mentions, 'managed-block', null, mine).text;
    // Only one real end marker: the block is not cut short, and the person's text stays outside.
    expect(first.split(BLOCK_END)).toHaveLength(2);
    expect(findManagedBlock(first)?.inner).toBe(mentions.trimEnd());
    expect(findManagedBlock(first)?.after).toBe('\n');
    // Rendering again over the result changes nothing (no growth on each watcher event).
    expect(renderTarget(mentions, 'managed-block', null, first).text).toBe(first);
  });
});
