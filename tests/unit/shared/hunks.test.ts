import { describe, expect, it } from 'vitest';
import { applyHunks, computeHunks, MAX_DIFF_EDITS, rebaseHunks } from '../../../src-shared/hunks';

const memory = (n: number, tag = '') => Array.from({ length: n }, (_, i) => `- fact ${i}${tag}`).join('\n');

describe('hunks over lines', () => {
  it('finds each change of a memory exactly, and applying them gives the new text', () => {
    const base = memory(400);
    const proposed = base.replace('- fact 10\n', '- fact 10 (updated)\n').replace('- fact 200\n', '').replace('- fact 399', '- fact 399\n- fact 400');
    const hunks = computeHunks(base, proposed);
    expect(hunks.map((h) => [h.baseStart, h.removed, h.added])).toEqual([
      [10, ['- fact 10'], ['- fact 10 (updated)']],
      [200, ['- fact 200'], []],
      [400, [], ['- fact 400']],
    ]);
    expect(applyHunks(base, hunks)).toBe(proposed);
    expect(computeHunks(base, base)).toEqual([]);
  });

  it('a diff past its cost bound (20,000 lines, every other one changed) is one change, still exact to apply', () => {
    const base = memory(20_000);
    const proposed = base.split('\n').map((l, i) => (i % 2 ? `${l} changed` : l)).join('\n');
    const hunks = computeHunks(base, proposed);
    expect(hunks).toHaveLength(1);
    expect(hunks[0]!.baseStart).toBe(1);
    expect([hunks[0]!.removed.length, hunks[0]!.added.length]).toEqual([19_999, 19_999]);
    expect(applyHunks(base, hunks)).toBe(proposed);
  });

  it('the same 20,000 lines in reverse order (nothing new, everything moved) is one change too', () => {
    const base = memory(20_000);
    const proposed = base.split('\n').reverse().join('\n');
    const hunks = computeHunks(base, proposed);
    expect(hunks).toHaveLength(1);
    expect(applyHunks(base, hunks)).toBe(proposed);
  });

  it('just under the bound the diff is still exact', () => {
    const base = memory(2 * MAX_DIFF_EDITS);
    const proposed = base.split('\n').map((l, i) => (i % 8 ? l : `${l} changed`)).join('\n');
    expect(computeHunks(base, proposed)).toHaveLength(MAX_DIFF_EDITS / 4);
  });

  it('moving a coarse change onto a memory that changed inside it is a conflict, never a wrong merge', () => {
    const base = memory(20_000);
    const mine = memory(20_000, ' (mine)');
    const current = base.replace('- fact 5000\n', '- fact 5000 (theirs)\n');
    expect(rebaseHunks(base, current, computeHunks(base, mine))).toMatchObject({ clean: false });
  });
});
