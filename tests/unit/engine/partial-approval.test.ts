import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMemsync } from '../../helpers/cli';
import { reply } from '../../helpers/fake-anthropic';
import { patchAnswer, startRefreshRig, type RefreshRig } from '../../helpers/refresh-setup';

/*
 * Approving some of a proposal's changes merges only the notes those changes carry: a note whose
 * change was unticked stays waiting for the next refresh instead of being marked merged and lost.
 */

let rig: RefreshRig;
beforeEach(async () => {
  rig = await startRefreshRig();
});
afterEach(() => rig.close());

const TWO_CHANGES = patchAnswer(
  { action: 'replace', title: 'Standing preferences', body: '## Standing preferences\n- Prefers pnpm; small, focused commits.\n- Uses Vitest with fake timers for scheduler tests.' },
  { action: 'replace', title: 'Current priorities', body: '## Current priorities\n- Ship the capture endpoint\n- Write the approvals UI\n- Migrate the Raspberry Pi box to Debian trixie' },
);

async function proposeTwo() {
  const vitest = await rig.engine.api.addNote({ text: 'I use Vitest with fake timers for the scheduler tests.' });
  const pi = await rig.engine.api.addNote({ text: 'Next up: migrate the Raspberry Pi box to Debian trixie.' });
  rig.fake.enqueue(reply.text(TWO_CHANGES));
  const { proposal } = await rig.engine.api.runRefresh(undefined);
  expect(proposal!.hunks).toHaveLength(2);
  const hunkFor = (word: string) => proposal!.hunks.find((h) => h.added.some((l) => l.includes(word)))!.id;
  return { proposal: proposal!, vitest, pi, vitestHunk: hunkFor('Vitest'), piHunk: hunkFor('trixie') };
}

const waiting = async () => (await rig.engine.api.listNotes({ state: 'unmerged' })).map((n) => n.id);

describe('a partial approval', () => {
  it('marks merged only the notes whose change was applied; the other stays waiting', async () => {
    const { proposal, vitest, pi, vitestHunk } = await proposeTwo();
    const applied = await rig.engine.api.approveProposal({ id: proposal.id, hunks: [vitestHunk] });
    expect(applied).toMatchObject({ state: 'applied', appliedHunks: [vitestHunk], mergedNoteIds: [vitest.id] });
    expect(await waiting()).toEqual([pi.id]);
  });

  it('an edited final text counts the changes it kept', async () => {
    const { proposal, vitest, pi } = await proposeTwo();
    const edited = proposal.proposedContent.replace('- Migrate the Raspberry Pi box to Debian trixie\n', '');
    const applied = await rig.engine.api.approveProposal({ id: proposal.id, content: edited });
    expect(applied.mergedNoteIds).toEqual([vitest.id]);
    expect(await waiting()).toEqual([pi.id]);
  });

  it('approving every change merges every note', async () => {
    const { proposal, vitest, pi } = await proposeTwo();
    const applied = await rig.engine.api.approveProposal({ id: proposal.id });
    expect(applied.mergedNoteIds?.sort()).toEqual([vitest.id, pi.id].sort());
    expect(await waiting()).toEqual([]);
  });
});

describe('memsync approve --hunks', () => {
  it('says which notes stay waiting', async () => {
    const { proposal, vitestHunk } = await proposeTwo();
    const env = { ...rig.home.env, ANTHROPIC_BASE_URL: rig.fake.url, ANTHROPIC_API_KEY: 'sk-ant-test-key' };
    const result = await runMemsync(['approve', proposal.id, '--hunks', String(vitestHunk)], env);
    expect(result.out).toContain('1 of its 2 notes stay waiting');
    expect((await runMemsync(['proposals', '--all'], env)).out).toContain('Applied 1 of 2 changes; 1 of 2 notes merged');
  });
});
