import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchApiCall } from '../../../src-main/engine/dispatch';
import { previewAdopt } from '../../../src-main/engine/memory/adopt';
import { hashText } from '../../../src-main/engine/memory/layout';
import { startRefreshRig, type RefreshRig } from '../../helpers/refresh-setup';

/*
 * Merging text a person (or an agent) supplies is bounded: by size and lines at the edge, and by
 * the diff's own cost bound inside, so one call cannot freeze capture and sync (159 s for 20,000
 * changed lines before).
 */

let rig: RefreshRig;
beforeEach(async () => {
  rig = await startRefreshRig();
});
afterEach(() => rig.close());

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `- line ${i} ${tag}`).join('\n');

describe('mergeMemory', () => {
  it('20,000 changed lines against a memory that changed meanwhile answer at once: not clean, nothing merged', async () => {
    const base = lines(20_000, 'base');
    await writeFile(path.join(rig.root, 'GLOBAL_MEMORY.md'), base.replace('- line 9000 base', '- line 9000 edited elsewhere'));
    const result = await dispatchApiCall(rig.engine, 'mergeMemory', { base, mine: lines(20_000, 'mine') });
    expect(result).toMatchObject({ ok: true, value: { clean: false, merged: null } });
  });

  it('a clean merge still merges line by line', async () => {
    const base = lines(300, 'x');
    await writeFile(path.join(rig.root, 'GLOBAL_MEMORY.md'), base.replace('- line 10 x', '- line 10 theirs'));
    const mine = base.replace('- line 200 x', '- line 200 mine');
    const result = await dispatchApiCall(rig.engine, 'mergeMemory', { base, mine });
    expect(result).toMatchObject({ ok: true, value: { clean: true, merged: base.replace('- line 10 x', '- line 10 theirs').replace('- line 200 x', '- line 200 mine') } });
  });

  it('refuses texts over the limits with a clear error, for every method that takes a memory text', async () => {
    const tooManyLines = '\n'.repeat(50_000);
    const tooLong = 'x'.repeat(1_000_001);
    const doc = await rig.engine.api.readMemory(undefined);
    for (const [method, input] of [
      ['mergeMemory', { base: tooManyLines, mine: '' }],
      ['mergeMemory', { base: '', mine: tooLong }],
      ['writeMemory', { content: tooManyLines, expectedHash: doc.hash }],
      ['approveProposal', { id: 'p-abc-123456', content: tooManyLines }],
    ] as const) {
      const result = await dispatchApiCall(rig.engine, method, input);
      expect(result, method).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/limited to (50,000 lines|1,000,000 characters)/) } });
    }
    expect((await rig.engine.api.readMemory(undefined)).hash).toBe(doc.hash);
  });
});

describe('adopting a huge outside edit', () => {
  it('an agent file of 8,000 lines, every other one blank, is one conflict to resolve, not a frozen engine', () => {
    const blankHeavy = (tag: string) => Array.from({ length: 8_000 }, (_, i) => (i % 2 ? '' : `- ${tag} ${i}`)).join('\n');
    const memory = blankHeavy('memory');
    const base = blankHeavy('base');
    const edit = { id: 'e-1', targetId: 'claude-code', targetPath: '/x/CLAUDE.md', detectedAt: '2026-11-21T10:00:00Z', content: blankHeavy('agent'), baseHash: hashText(base), base };
    const preview = previewAdopt(edit, { content: memory, hash: hashText(memory), modifiedAt: null });
    expect(preview.conflicts).toBe(1);
    const conflict = preview.parts.find((p) => p.conflict)!.conflict!;
    // The shared blank last line stays outside the conflict.
    expect([conflict.memory.length, conflict.agent.length]).toEqual([7_999, 7_999]);
  });

  it('an ordinary edit still merges three ways', () => {
    const base = '# Memory\n\n- a\n- b\n\n- c\n';
    const memory = `${base}- added later\n`;
    const edit = { id: 'e-2', targetId: 'claude-code', targetPath: '/x/CLAUDE.md', detectedAt: '2026-11-21T10:00:00Z', content: base.replace('- b', '- b, changed by the agent'), baseHash: hashText(base), base };
    const preview = previewAdopt(edit, { content: memory, hash: hashText(memory), modifiedAt: null });
    expect(preview.merged).toBe(`${base.replace('- b', '- b, changed by the agent')}- added later\n`);
  });
});
