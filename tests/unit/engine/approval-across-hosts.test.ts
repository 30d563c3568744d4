import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent, Proposal } from '../../../src-shared/contract';
import { formatEntry } from '../../../src-main/engine/notes/entry-format';
import { ProposalStore } from '../../../src-main/engine/refresh/proposal-store';
import { reply } from '../../helpers/fake-anthropic';
import { MEMORY, patchAnswer, startRefreshRig, type RefreshRig } from '../../helpers/refresh-setup';

let rig: RefreshRig;
const memoryFile = () => path.join(rig.root, 'GLOBAL_MEMORY.md');
const read = () => readFile(memoryFile(), 'utf8');
const proposalFile = (id: string) => path.join(rig.root, 'proposals', `${id}.json`);

const ANSWER = patchAnswer({ action: 'add', after: 'Current priorities', body: '## Recent completions\n- Shipped the capture endpoint (2026-11)' });

beforeEach(async () => {
  rig = await startRefreshRig();
});
afterEach(() => rig.close());

async function propose(): Promise<Proposal> {
  await rig.engine.api.addNote({ text: 'Finished the capture endpoint today.' });
  rig.fake.enqueue(reply.text(ANSWER));
  return (await rig.engine.api.runRefresh(undefined)).proposal!;
}

/** A proposal as another machine would have written it into the synced folder. */
async function foreignProposal(from: Proposal, noteIds: string[]): Promise<Proposal> {
  const other: Proposal = { ...from, id: ProposalStore.newId(new Date(Date.parse(from.createdAt) + 1000)), machine: 'pi', noteIds };
  await writeFile(proposalFile(other.id), JSON.stringify(other));
  return other;
}

describe('approving a proposal made on another machine', () => {
  it('works before that machine\'s notes have synced here; the notes show as merged once they arrive', async () => {
    const mine = await propose();
    // The Pi's proposal carries a note whose log has not reached this machine yet.
    const pis = await foreignProposal(mine, ['n-20261121-230000-abcdef1234']);
    await rig.engine.api.rejectProposal({ id: mine.id });

    const applied = await rig.engine.api.approveProposal({ id: pis.id });
    expect(applied.state).toBe('applied');
    expect(await read()).toBe(pis.proposedContent);

    // The Pi's session log syncs in: its note is already merged, so it is not merged again.
    const day = path.join(rig.root, 'sessions', '2026-11-21.md');
    const log = await readFile(day, 'utf8').catch(() => '');
    await writeFile(day, log + formatEntry('23:00:00', true, { id: 'n-20261121-230000-abcdef1234', source: 'pi', redacted: [] }, 'A note from the Pi'));
    const notes = await rig.engine.api.listNotes(undefined);
    expect(notes.find((n) => n.id === 'n-20261121-230000-abcdef1234')?.state).toBe('merged');
  });

  it('supersedes the other pending proposals for the same notes, so they cannot be merged twice', async () => {
    const mine = await propose();
    const pis = await foreignProposal(mine, mine.noteIds);
    const events: EngineEvent[] = [];
    rig.engine.onEvent((e) => events.push(e));

    await rig.engine.api.approveProposal({ id: mine.id });
    expect(await rig.engine.api.getProposal({ id: pis.id })).toMatchObject({ state: 'superseded', supersededBy: mine.id });
    await expect(rig.engine.api.approveProposal({ id: pis.id })).rejects.toMatchObject({ code: 'conflict' });
    expect(events.some((e) => e.type === 'proposal' && e.proposal.id === pis.id && e.proposal.state === 'superseded')).toBe(true);
  });

  it('refuses a proposal file whose diff does not match its text (half-synced, edited by hand), writing nothing', async () => {
    const mine = await propose();
    const tampered = { ...mine, proposedContent: `${mine.proposedContent}\n- something nobody saw in the diff\n` };
    await writeFile(proposalFile(mine.id), JSON.stringify(tampered));
    await expect(rig.engine.api.approveProposal({ id: mine.id })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/damaged or inconsistent/) });

    const wrongBase = { ...mine, baseContent: mine.baseContent.replace('TypeScript', 'COBOL') };
    await writeFile(proposalFile(mine.id), JSON.stringify(wrongBase));
    await expect(rig.engine.api.approveProposal({ id: mine.id })).rejects.toMatchObject({ code: 'invalid_input' });

    await writeFile(proposalFile(mine.id), '{"id": "p-half');
    await expect(rig.engine.api.approveProposal({ id: mine.id })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await read()).toBe(MEMORY);
    expect(await rig.engine.api.listNotes({ state: 'unmerged' })).toHaveLength(1);
  });
});

describe('deciding twice', () => {
  it('two approvals at once: one applies, the other is told it is already applied; no conflict is announced', async () => {
    const proposal = await propose();
    const events: EngineEvent[] = [];
    rig.engine.onEvent((e) => events.push(e));
    const outcomes = await Promise.allSettled([rig.engine.api.approveProposal({ id: proposal.id }), rig.engine.api.approveProposal({ id: proposal.id })]);

    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value.state)).toEqual(['applied']);
    const refused = outcomes.find((o) => o.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'conflict', message: expect.stringMatching(/is applied/) });
    expect(events.filter((e) => e.type === 'proposal').map((e) => e.type === 'proposal' && e.proposal.state)).toEqual(['applied']);
    expect((await rig.engine.api.getProposal({ id: proposal.id })).state).toBe('applied');
    expect(await read()).toBe(proposal.proposedContent);
  });

  it('an approval retried after the memory was written but before the bookkeeping finishes it', async () => {
    const proposal = await propose();
    // The first attempt wrote the memory, then stopped (a crash, a full disk).
    await writeFile(memoryFile(), proposal.proposedContent);
    const applied = await rig.engine.api.approveProposal({ id: proposal.id });
    expect(applied.state).toBe('applied');
    expect(await read()).toBe(proposal.proposedContent);
    expect(await rig.engine.api.listNotes({ state: 'unmerged' })).toEqual([]);
  });
});

describe('paying once for the same notes', () => {
  it('a second refresh with the same notes and memory returns the waiting proposal without calling the API', async () => {
    const first = await propose();
    const again = await rig.engine.api.runRefresh(undefined);
    expect(again).toMatchObject({ outcome: 'proposed', proposal: { id: first.id } });
    expect(rig.fake.requests).toHaveLength(1);

    // A new note is new information: that run is paid for.
    await rig.engine.api.addNote({ text: 'Prefers bun for scripts.' });
    rig.fake.enqueue(reply.text(ANSWER));
    const newer = await rig.engine.api.runRefresh(undefined);
    expect(newer.proposal?.id).not.toBe(first.id);
    expect(rig.fake.requests).toHaveLength(2);
  });
});
