import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDoc, Proposal, Status, WriteResult } from '../../../src-shared/contract';
import { runMemsync } from '../../helpers/cli';
import { reply, startFakeAnthropic, type FakeAnthropic } from '../../helpers/fake-anthropic';
import { patchAnswer } from '../../helpers/refresh-setup';
import { startServe, type ServeProcess } from '../../helpers/serve-process';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/*
 * Two `memsync serve` processes with their own HOMEs on one memory folder (a NAS mount, or two
 * hosts of one person on one machine), saving and approving at full speed. Every save that was
 * answered 200 must survive: in the memory, or (when a later save replaced it) in a backup.
 */

let fake: FakeAnthropic;
let sync: string;
let root: string;
const homes: TempHome[] = [];
const hosts: ServeProcess[] = [];

type Answer<T> = { status: number; value?: T; error?: { code: string; message: string } };

async function call<T>(host: ServeProcess, method: string, input?: unknown): Promise<Answer<T>> {
  const res = await fetch(`${host.url}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: input === undefined ? '' : JSON.stringify(input),
  });
  const body = (await res.json()) as { value?: T; error?: { code: string; message: string } };
  return { status: res.status, ...body };
}

async function value<T>(host: ServeProcess, method: string, input?: unknown): Promise<T> {
  const answer = await call<T>(host, method, input);
  if (answer.status !== 200) throw new Error(`${method}: ${answer.status} ${JSON.stringify(answer.error)}`);
  return answer.value!;
}

async function backups(): Promise<Set<string>> {
  const dir = path.join(root, 'backups');
  const names = (await readdir(dir)).filter((n) => n.startsWith('GLOBAL_MEMORY_'));
  return new Set(await Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8'))));
}

/** Saves as fast as it can: read, add a line, save on that hash. Returns what was acknowledged. */
async function saver(host: ServeProcess, name: string, rounds: number): Promise<{ acked: string[]; conflicts: number }> {
  const acked: string[] = [];
  let conflicts = 0;
  for (let round = 0; round < rounds; round++) {
    const doc = await value<MemoryDoc>(host, 'readMemory');
    const content = `${doc.content}- saved by ${name}, round ${round}\n`;
    const answer = await call<WriteResult>(host, 'writeMemory', { content, expectedHash: doc.hash });
    if (answer.status === 200) acked.push(content);
    else if (answer.status === 409) conflicts++;
    else throw new Error(`writeMemory: ${answer.status} ${JSON.stringify(answer.error)}`);
  }
  return { acked, conflicts };
}

async function checkNothingLost(acked: string[]): Promise<void> {
  const final = await readFile(path.join(root, 'GLOBAL_MEMORY.md'), 'utf8');
  const kept = await backups();
  const lost = acked.filter((c) => c !== final && !kept.has(c));
  expect(lost, `${lost.length} of ${acked.length} acknowledged saves are neither the memory nor in a backup`).toEqual([]);
}

beforeAll(async () => {
  fake = await startFakeAnthropic();
  sync = await mkdtemp(path.join(tmpdir(), 'memsync-two-hosts-sync-'));
  root = path.join(sync, '.claude-memory');
  for (let i = 0; i < 2; i++) {
    const home = await makeTempHome();
    homes.push(home);
    const env = { ...home.env, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-ant-test-key' };
    const init = await runMemsync(['init', '--sync-root', sync], env);
    expect(init.code, init.err).toBe(0);
    hosts.push(await startServe(env));
  }
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await fake?.close();
  await Promise.all(homes.map((h) => h.cleanup()));
  await rm(sync, { recursive: true, force: true });
});

describe('two hosts on one memory folder', () => {
  it('concurrent saves lose no acknowledged save, and every version replaced is in a backup', async () => {
    const [a, b] = hosts as [ServeProcess, ServeProcess];
    const runs = await Promise.all([0, 1, 2, 3].flatMap((w) => [saver(a, `a${w}`, 12), saver(b, `b${w}`, 12)]));
    const acked = runs.flatMap((r) => r.acked);
    // Both hosts got saves through, and the lock made the others wait and then conflict (409).
    expect(acked.some((c) => c.includes('saved by a'))).toBe(true);
    expect(acked.some((c) => c.includes('saved by b'))).toBe(true);
    await checkNothingLost(acked);
    // Each acknowledged save was based on the one before it: the memory holds every line.
    const final = await readFile(path.join(root, 'GLOBAL_MEMORY.md'), 'utf8');
    for (const content of acked) expect(final).toContain(content.split('\n').at(-2));
    console.info(`two hosts: ${acked.length} saves acknowledged, ${runs.reduce((n, r) => n + r.conflicts, 0)} answered 409, 0 lost`);
  });

  it('refreshing on both at once pays once; approving on both at once applies once and merges the notes once', async () => {
    const [a, b] = hosts as [ServeProcess, ServeProcess];
    const note = await value<{ id: string }>(a, 'addNote', { text: 'Shipped the capture endpoint today.' });
    fake.enqueue(reply.text(patchAnswer({ action: 'add', body: '## Recent completions\n- Shipped the capture endpoint' })));
    const calls = fake.requests.length;
    const [ra, rb] = await Promise.all([value<{ proposal: Proposal }>(a, 'runRefresh', {}), value<{ proposal: Proposal }>(b, 'runRefresh', {})]);
    expect(fake.requests.length - calls).toBe(1);
    expect(rb.proposal.id).toBe(ra.proposal.id);

    const outcomes = await Promise.all([call<Proposal>(a, 'approveProposal', { id: ra.proposal.id }), call<Proposal>(b, 'approveProposal', { id: ra.proposal.id })]);
    expect(outcomes.filter((o) => o.status === 200).map((o) => o.value!.state)).toEqual(['applied']);
    expect(outcomes.find((o) => o.status !== 200)).toMatchObject({ status: 409, error: { message: expect.stringMatching(/is applied/) } });
    const memory = await readFile(path.join(root, 'GLOBAL_MEMORY.md'), 'utf8');
    expect(memory.split('- Shipped the capture endpoint').length - 1).toBe(1);
    // Recorded merged once, by one host.
    const records = (await Promise.all((await readdir(path.join(root, 'notes-state'))).map((n) => readFile(path.join(root, 'notes-state', n), 'utf8'))))
      .join('')
      .split('\n')
      .filter((l) => l.includes(note.id) && l.includes('"merged"'));
    expect(records).toHaveLength(1);
  });

  it('an approval racing the other host\'s saves applies or is moved onto them; no save is lost', async () => {
    const [a, b] = hosts as [ServeProcess, ServeProcess];
    await value(a, 'addNote', { text: 'Prefers bun for scripts.' });
    fake.enqueue(reply.text(patchAnswer({ action: 'add', body: '## Tools\n- Prefers bun for scripts' })));
    const { proposal } = await value<{ proposal: Proposal }>(a, 'runRefresh', {});
    const [decided, saves] = await Promise.all([call<Proposal>(a, 'approveProposal', { id: proposal.id }), saver(b, 'b-late', 8)]);
    expect(decided.status).toBe(200);
    const state = decided.value!;
    expect(state.state === 'applied' || (state.state === 'pending' && state.rebasedAt !== undefined)).toBe(true);
    const acked = [...saves.acked];
    if (state.state === 'applied') acked.push(state.proposedContent);
    await checkNothingLost(acked);
  });

  it('leaves no lock behind and nothing that reads as a conflict copy', async () => {
    expect((await readdir(root)).filter((n) => n.includes('lock'))).toEqual([]);
    for (const host of hosts) {
      const status = await value<Status>(host, 'status');
      expect(status.memory.conflictCopies).toEqual([]);
      expect(status.problems).toEqual([]);
    }
  });
});
