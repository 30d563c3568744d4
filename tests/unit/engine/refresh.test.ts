import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src-shared/contract';
import { DEFAULT_MODEL } from '../../../src-main/engine/llm/models';
import { reply } from '../../helpers/fake-anthropic';
import { MEMORY, patchAnswer, startRefreshRig, type RefreshRig } from '../../helpers/refresh-setup';

let rig: RefreshRig;
const memoryFile = () => path.join(rig.root, 'GLOBAL_MEMORY.md');
const read = () => readFile(memoryFile(), 'utf8');

const PRIORITIES_DONE = patchAnswer(
  { action: 'replace', title: 'Current priorities', body: '## Current priorities\n- Write the approvals UI' },
  { action: 'add', after: 'Current priorities', body: '## Recent completions\n- Shipped the capture endpoint (2026-11)' },
);

beforeEach(async () => {
  rig = await startRefreshRig();
});
afterEach(() => rig.close());

describe('refresh: the model proposes', () => {
  it('makes no API call at all when no notes wait (the cheap gate)', async () => {
    expect(await rig.engine.api.runRefresh(undefined)).toEqual({ outcome: 'no-notes', noteIds: [] });
    expect(rig.fake.requests).toHaveLength(0);
  });

  it('sends the memory and the notes (no tools) and stores a proposal; the memory is not touched', async () => {
    const note = await rig.engine.api.addNote({ text: 'Finished the capture endpoint today.', source: 'tray' });
    rig.fake.enqueue(reply.text(PRIORITIES_DONE, { inputTokens: 900, outputTokens: 60 }));
    const result = await rig.engine.api.runRefresh(undefined);

    expect(result.outcome).toBe('proposed');
    const p = result.proposal!;
    expect(p).toMatchObject({ state: 'pending', mode: 'patch', noteIds: [note.id], machine: 'testbox' });
    expect(p.proposedContent).toContain('## Recent completions\n- Shipped the capture endpoint (2026-11)');
    expect(p.proposedContent).not.toContain('- Ship the capture endpoint');
    expect(p.hunks.length).toBeGreaterThanOrEqual(2);
    expect(p.usage).toMatchObject({ model: DEFAULT_MODEL, inputTokens: 900, outputTokens: 60 });
    expect(p.usage.costUsd).toBeGreaterThan(0);
    expect(await read()).toBe(MEMORY);

    const request = rig.fake.requests[0]!;
    const body = request.body as { model: string; system: string; messages: Array<{ content: string }>; tools?: unknown };
    expect(body.model).toBe(DEFAULT_MODEL);
    expect(body.tools).toBeUndefined();
    expect(body.system).toContain('Never remove or soften anything under a "Hard constraints"');
    expect(body.messages[0]!.content).toContain('Finished the capture endpoint today.');
    expect(body.messages[0]!.content).toContain('## Hard constraints');
    expect(request.apiKey).toBe('sk-ant-test-key');

    expect(await readdir(path.join(rig.root, 'proposals'))).toEqual([`${p.id}.json`]);
    const usage = (await readFile(path.join(rig.root, 'usage.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ command: 'refresh', model: DEFAULT_MODEL, input_tokens: 900, output_tokens: 60, changed: true });
  });

  it('approving writes the memory (after a backup), updates the agents\' files, and marks the notes merged', async () => {
    const events: EngineEvent[] = [];
    rig.engine.onEvent((e) => events.push(e));
    await rig.engine.api.addNote({ text: 'Finished the capture endpoint today.' });
    rig.fake.enqueue(reply.text(PRIORITIES_DONE));
    const { proposal } = await rig.engine.api.runRefresh(undefined);
    const applied = await rig.engine.api.approveProposal({ id: proposal!.id });

    expect(applied.state).toBe('applied');
    expect(await read()).toBe(proposal!.proposedContent);
    expect(await readFile(path.join(rig.home.home, '.claude', 'CLAUDE.md'), 'utf8')).toBe(proposal!.proposedContent);
    const backups = await readdir(path.join(rig.root, 'backups'));
    expect(await readFile(path.join(rig.root, 'backups', backups.at(-1)!), 'utf8')).toBe(MEMORY);
    expect(await rig.engine.api.listNotes({ state: 'unmerged' })).toEqual([]);
    expect(events.some((e) => e.type === 'proposal' && e.proposal.state === 'applied')).toBe(true);
    await expect(rig.engine.api.approveProposal({ id: proposal!.id })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('applies only the accepted hunks, or the person\'s edited text', async () => {
    await rig.engine.api.addNote({ text: 'Finished the capture endpoint today.' });
    rig.fake.enqueue(reply.text(PRIORITIES_DONE));
    const { proposal } = await rig.engine.api.runRefresh(undefined);
    const recent = proposal!.hunks.find((h) => h.added.some((l) => l.includes('Recent completions')))!;
    await rig.engine.api.approveProposal({ id: proposal!.id, hunks: [recent.id] });
    const after = await read();
    expect(after).toContain('## Recent completions');
    expect(after).toContain('- Ship the capture endpoint'); // the rejected hunk kept the old line
    await expect(rig.engine.api.approveProposal({ id: proposal!.id, hunks: [99] })).rejects.toMatchObject({ code: 'conflict' });

    await rig.engine.api.addNote({ text: 'Also prefers bun for scripts.' });
    rig.fake.enqueue(reply.text(patchAnswer({ action: 'replace', title: 'Standing preferences', body: '## Standing preferences\n- Prefers pnpm; bun for scripts.' })));
    const second = (await rig.engine.api.runRefresh(undefined)).proposal!;
    const edited = second.proposedContent.replace('bun for scripts', 'bun for one-off scripts');
    await rig.engine.api.approveProposal({ id: second.id, content: edited });
    expect(await read()).toBe(edited);
  });

  it('rejecting keeps the notes waiting, or dismisses them on request', async () => {
    const note = await rig.engine.api.addNote({ text: 'Finished the capture endpoint today.' });
    rig.fake.enqueue(reply.text(PRIORITIES_DONE), reply.text(PRIORITIES_DONE));
    const first = (await rig.engine.api.runRefresh(undefined)).proposal!;
    expect((await rig.engine.api.rejectProposal({ id: first.id })).state).toBe('rejected');
    expect((await rig.engine.api.listNotes({ state: 'unmerged' })).map((n) => n.id)).toEqual([note.id]);
    const second = (await rig.engine.api.runRefresh(undefined)).proposal!;
    await rig.engine.api.rejectProposal({ id: second.id, dismissNotes: true });
    expect((await rig.engine.api.listNotes({ state: 'dismissed' })).map((n) => n.id)).toEqual([note.id]);
    expect(await read()).toBe(MEMORY);
  });

  it('a newer refresh supersedes the pending proposal and carries its notes', async () => {
    const a = await rig.engine.api.addNote({ text: 'Finished the capture endpoint today.' });
    rig.fake.enqueue(reply.text(PRIORITIES_DONE));
    const first = (await rig.engine.api.runRefresh(undefined)).proposal!;
    const b = await rig.engine.api.addNote({ text: 'Prefers bun for scripts.' });
    rig.fake.enqueue(reply.text(PRIORITIES_DONE));
    const second = (await rig.engine.api.runRefresh(undefined)).proposal!;
    expect(second.noteIds).toEqual([a.id, b.id]);
    expect(await rig.engine.api.getProposal({ id: first.id })).toMatchObject({ state: 'superseded', supersededBy: second.id });
    expect((await rig.engine.api.listProposals({ state: 'pending' })).map((p) => p.id)).toEqual([second.id]);
  });
});

describe('approval when the memory changed meanwhile', () => {
  it('moves the changes onto the new memory and shows the proposal again (rebased); never overwrites', async () => {
    await rig.engine.api.addNote({ text: 'Finished the capture endpoint today.' });
    rig.fake.enqueue(reply.text(PRIORITIES_DONE));
    const proposal = (await rig.engine.api.runRefresh(undefined)).proposal!;
    // Another machine edits a different section meanwhile.
    const theirs = MEMORY.replace('TypeScript and Go.', 'TypeScript, Go and Rust.');
    await writeFile(memoryFile(), theirs);

    const rebased = await rig.engine.api.approveProposal({ id: proposal.id });
    expect(rebased.state).toBe('pending');
    expect(rebased.rebasedAt).toBeDefined();
    expect(await read()).toBe(theirs);
    expect(rebased.proposedContent).toContain('TypeScript, Go and Rust.');
    expect(rebased.proposedContent).toContain('## Recent completions');

    const applied = await rig.engine.api.approveProposal({ id: rebased.id });
    expect(applied.state).toBe('applied');
    expect(await read()).toBe(rebased.proposedContent);
  });

  it('marks a conflict (and writes nothing) when the same lines changed', async () => {
    await rig.engine.api.addNote({ text: 'Finished the capture endpoint today.' });
    rig.fake.enqueue(reply.text(PRIORITIES_DONE));
    const proposal = (await rig.engine.api.runRefresh(undefined)).proposal!;
    const theirs = MEMORY.replace('- Ship the capture endpoint', '- Ship the capture endpoint (blocked on review)');
    await writeFile(memoryFile(), theirs);
    const decided = await rig.engine.api.approveProposal({ id: proposal.id });
    expect(decided.state).toBe('conflict');
    expect(decided.conflict).toContain('run a new refresh');
    expect(await read()).toBe(theirs);
    expect(await rig.engine.api.listNotes({ state: 'unmerged' })).toHaveLength(1);
  });
});
