import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/program';
import type { CliIo } from '../../../src-main/cli/io';
import { faults, reply, startFakeAnthropic, type FakeAnthropic } from '../../helpers/fake-anthropic';
import { MEMORY, patchAnswer } from '../../helpers/refresh-setup';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
let fake: FakeAnthropic;
let memoryFile: string;

function io(options: { answers?: string[]; stdin?: string } = {}) {
  const answers = [...(options.answers ?? [])];
  const out = { out: '', err: '' };
  const cliIo: CliIo = {
    env: { ...home.env, ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url },
    stdout: (t) => void (out.out += t),
    stderr: (t) => void (out.err += t),
    prompt: async () => answers.shift(),
    readStdin: async () => options.stdin,
  };
  return { cliIo, out };
}
async function cli(args: string[], options: Parameters<typeof io>[0] = {}) {
  const { cliIo, out } = io(options);
  const code = await runCli(args, cliIo);
  return { code, ...out };
}

const CHANGE = patchAnswer({ action: 'replace', title: 'Standing preferences', body: '## Standing preferences\n- Prefers pnpm and bun; small, focused commits.' });

beforeEach(async () => {
  home = await makeTempHome();
  fake = await startFakeAnthropic();
  const sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  expect((await cli(['init', '--sync-root', sync])).code).toBe(0);
  memoryFile = path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md');
  await writeFile(memoryFile, MEMORY);
});
afterEach(async () => {
  await fake.close();
  await home.cleanup();
});

describe('memsync refresh', () => {
  it('with nothing waiting: says so and makes no API call', async () => {
    const r = await cli(['refresh']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('No notes are waiting; nothing was sent. Add one with: memsync note "…"\n');
    expect(r.err).toBe(''); // no "Merging notes… done." for work that was not done
    expect(fake.requests).toHaveLength(0);
  });

  it('in a terminal: shows the diff and applies on "y"', async () => {
    fake.enqueue(reply.text(CHANGE));
    const r = await cli(['refresh', '--notes', 'Uses bun for scripts'], { answers: ['y'] });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('-- Prefers pnpm; small, focused commits.');
    expect(r.out).toContain('+- Prefers pnpm and bun; small, focused commits.');
    expect(r.out).toContain('Applied.');
    expect(await readFile(memoryFile, 'utf8')).toContain('Prefers pnpm and bun');
  });

  it('without a terminal: leaves the proposal waiting, then approve applies it', async () => {
    fake.enqueue(reply.text(CHANGE));
    const r = await cli(['refresh', '--file', '-'], { stdin: 'Uses bun for scripts', answers: [] });
    expect(r.code).toBe(0);
    const id = /memsync approve (p-\S+)/.exec(r.out)![1]!;
    expect(await readFile(memoryFile, 'utf8')).toBe(MEMORY);
    expect((await cli(['proposals'])).out).toContain(id);
    const approved = await cli(['approve', id]);
    expect(approved.code, approved.err).toBe(0);
    expect(await readFile(memoryFile, 'utf8')).toContain('Prefers pnpm and bun');
    expect((await cli(['proposals'])).out).toContain('No proposal is waiting');
  });

  it('--dry-run stores nothing, not even its --notes (memsync: "dry-run does not write"); --yes applies', async () => {
    fake.enqueue(reply.text(CHANGE));
    const dry = await cli(['refresh', '--dry-run', '-n', 'Uses bun for scripts']);
    expect(dry.out).toMatch(/^\[DRY RUN\] Proposed — 1 change/);
    expect(dry.out).toContain('This proposal was not stored and cannot be approved');
    expect(dry.out).not.toMatch(/p-[0-9a-z]+-[0-9a-f]{6}/); // no id to approve
    expect((await cli(['proposals'])).out).toContain('No proposal is waiting');
    // The note was in the prompt all the same.
    expect(JSON.stringify(fake.requests.at(-1)?.body)).toContain('Uses bun for scripts');
    expect(await readFile(memoryFile, 'utf8')).toBe(MEMORY);
    expect((await cli(['notes'])).out).not.toContain('Uses bun for scripts');
    expect((await cli(['refresh', '--yes'])).out).toContain('No notes are waiting');
    fake.enqueue(reply.text(CHANGE));
    const yes = await cli(['refresh', '--yes', '-n', 'Uses bun for scripts']);
    expect(yes.code, yes.err).toBe(0);
    expect(await readFile(memoryFile, 'utf8')).toContain('Prefers pnpm and bun');
  });

  it('shows a proposal\'s lines with control characters escaped (the model may echo a note\'s)', async () => {
    fake.enqueue(reply.text(patchAnswer({ action: 'replace', title: 'Standing preferences', body: '## Standing preferences\n- Prefers \u001b[8mhidden\u001b[0m pnpm' })));
    const r = await cli(['refresh', '-n', 'Uses pnpm']);
    expect(r.out).not.toContain('\u001b');
    expect(r.out).toContain('+- Prefers \\x1b[8mhidden\\x1b[0m pnpm');
  });

  it('a damaged proposal file and a damaged note heading are reported by proposals, status and doctor', async () => {
    const root = path.dirname(memoryFile);
    await mkdir(path.join(root, 'proposals'), { recursive: true });
    await writeFile(path.join(root, 'proposals', 'p-abc-123456.json'), '{"id": "p-abc-123456", "baseHa');
    await writeFile(path.join(root, 'sessions', '2026-11-21.md'), '\n---\n### 10:30:00 (captured)\none\n\n---\n### 10:3O:00 (captured)\ntwo\n');
    const listed = await cli(['proposals']);
    expect(listed.err).toContain('Skipped: proposals/p-abc-123456.json is damaged or still syncing');
    const status = await cli(['status']);
    expect(status.out).toMatch(/Problem: +proposals\/p-abc-123456\.json is damaged/);
    expect(status.out).toMatch(/Problem: +sessions\/2026-11-21\.md, line 7: a note heading is damaged/);
    const doctor = await cli(['doctor']);
    expect(doctor.out).toMatch(/! {2}Proposal files +proposals\/p-abc-123456\.json is damaged/);
    expect(doctor.out).toMatch(/! {2}Notes logs +sessions\/2026-11-21\.md, line 7/);
  });

  it('reject keeps the notes queued; --dismiss drops them', async () => {
    fake.enqueue(reply.text(CHANGE));
    const r = await cli(['refresh', '-n', 'Uses bun for scripts']);
    const id = /memsync approve (p-\S+)/.exec(r.out)![1]!;
    const rejected = await cli(['reject', id]);
    expect(rejected.out).toContain('stay queued');
    expect((await cli(['notes', '--unmerged'])).out).toContain('Uses bun for scripts');
  });

  it('exit codes like memsync: 5 when the API fails or the answer is cut off, 6 when it is malformed, 1 for empty notes', async () => {
    fake.setFallback(faults.unauthorized());
    expect((await cli(['refresh', '-n', 'x'])).code).toBe(5);
    fake.setFallback(faults.maxTokens('<section action="replace" title="Standing'));
    expect((await cli(['refresh'])).code).toBe(5);
    fake.setFallback(faults.garbage());
    const malformed = await cli(['refresh']);
    expect(malformed.code).toBe(6);
    expect(malformed.err).toContain('the raw answer is in');
    expect((await cli(['refresh', '--notes', '   '])).code).toBe(1);
    expect((await cli(['refresh', '--file', '/nonexistent'])).code).toBe(1);
    expect(await readFile(memoryFile, 'utf8')).toBe(MEMORY);
  });

  it('config: refresh settings are validated', async () => {
    expect((await cli(['config', 'set', 'refresh_mode', 'whole-file'])).code).toBe(0);
    expect((await cli(['config', 'get', 'refresh_mode'])).out.trim()).toBe('whole-file');
    expect((await cli(['config', 'set', 'refresh_mode', 'both'])).code).toBe(1);
    expect((await cli(['config', 'set', 'refresh_schedule', '0 7 * * 1-5'])).code).toBe(0);
    expect((await cli(['config', 'set', 'refresh_schedule', 'every morning'])).code).toBe(1);
    expect((await cli(['config', 'set', 'refresh_schedule', 'off'])).code).toBe(0);
    expect((await cli(['config', 'get', 'refresh_schedule'])).out.trim()).toBe('off');
    expect((await cli(['config', 'set', 'auto_approve', 'yes'])).code).toBe(1);
  });

  it('approve --hunks takes change numbers; a bad list is refused', async () => {
    expect((await cli(['approve', 'p-abc-123456', '--hunks', 'one'])).code).toBe(1);
    expect((await cli(['approve', 'p-abc-123456'])).code).toBe(1);
  });
});
