import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSessions } from '../../../../src-main/engine/harvest/sessions';
import { findSource, sourceRoot, SOURCES } from '../../../../src-main/engine/harvest/sources';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'memsync-sessions-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

/** Writes a file, with its modification time `minutesAgo` before now. */
async function put(rel: string, minutesAgo = 0, content = '{}\n'): Promise<string> {
  const file = path.join(home, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  const when = new Date(Date.now() - minutesAgo * 60_000);
  await utimes(file, when, when);
  return file;
}

const ctx = () => ({ os: 'linux' as const, home, env: {} });
const source = (id: string) => findSource(id)!;

describe('the source registry', () => {
  it('knows where each agent keeps its sessions, honouring the agents’ own variables', () => {
    expect(SOURCES.map((s) => [s.id, sourceRoot(s, ctx())])).toEqual([
      ['claude-code', path.join(home, '.claude', 'projects')],
      ['codex', path.join(home, '.codex', 'sessions')],
      ['gemini', path.join(home, '.gemini', 'tmp')],
    ]);
    const env = { CLAUDE_CONFIG_DIR: '/opt/claude', CODEX_HOME: '/opt/codex', GEMINI_CLI_HOME: '/opt/g' };
    expect(SOURCES.map((s) => sourceRoot(s, { ...ctx(), env }))).toEqual(['/opt/claude/projects', '/opt/codex/sessions', '/opt/g/.gemini/tmp']);
    expect(sourceRoot(source('codex'), { os: 'win32', home: 'C:\\Users\\ana', env: {} })).toBe('C:\\Users\\ana\\.codex\\sessions');
  });

  it('tracks only Claude Code sessions in harvested.json (memsync harvested nothing else)', () => {
    expect(SOURCES.filter((s) => s.sharedIndex).map((s) => s.id)).toEqual(['claude-code']);
  });
});

describe('listSessions', () => {
  it('lists Claude Code sessions oldest first, and sub-agent transcripts only when asked', async () => {
    const root = sourceRoot(source('claude-code'), ctx());
    await put('.claude/projects/-work-shop/aaaaaaaa-0000-4000-8000-000000000001.jsonl', 30);
    await put('.claude/projects/-work-shop/aaaaaaaa-0000-4000-8000-000000000001/subagents/agent-a1.jsonl', 25);
    await put('.claude/projects/-work-shop/aaaaaaaa-0000-4000-8000-000000000001/subagents/agent-a1.meta.json', 25);
    await put('.claude/projects/-work-shop/memory/MEMORY.md', 1);
    await put('.claude/projects/-work-blog/bbbbbbbb-0000-4000-8000-000000000002.jsonl', 60);
    const main = await listSessions(source('claude-code'), root);
    expect(main.map((s) => [s.key, s.stem, s.session, s.parent])).toEqual([
      ['-work-blog/bbbbbbbb-0000-4000-8000-000000000002.jsonl', 'bbbbbbbb-0000-4000-8000-000000000002', 'bbbbbbbb-0000-4000-8000-000000000002', null],
      ['-work-shop/aaaaaaaa-0000-4000-8000-000000000001.jsonl', 'aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', null],
    ]);
    expect(main[0]).toMatchObject({ source: 'claude-code', size: 3, project: null });
    const all = await listSessions(source('claude-code'), root, { includeSidechains: true });
    expect(all.map((s) => [s.stem, s.parent])).toEqual([
      ['bbbbbbbb-0000-4000-8000-000000000002', null],
      ['aaaaaaaa-0000-4000-8000-000000000001', null],
      ['agent-a1', 'aaaaaaaa-0000-4000-8000-000000000001'],
    ]);
  });

  it('lists Codex rollouts from the date folders, named by their thread id', async () => {
    await put('.codex/sessions/2026/12/02/rollout-2026-12-02T16-40-15-01a237a0-ce3b-79a1-8b77-e23af343f1a3.jsonl', 5);
    await put('.codex/sessions/2026/11/30/rollout-2026-11-30T09-00-00-01a20000-0000-7000-8000-000000000000.jsonl', 60 * 48);
    await put('.codex/sessions/2026/12/02/notes.txt');
    await put('.codex/sessions/stray.jsonl');
    const sessions = await listSessions(source('codex'), sourceRoot(source('codex'), ctx()));
    expect(sessions.map((s) => [s.key, s.session])).toEqual([
      ['2026/11/30/rollout-2026-11-30T09-00-00-01a20000-0000-7000-8000-000000000000.jsonl', '01a20000-0000-7000-8000-000000000000'],
      ['2026/12/02/rollout-2026-12-02T16-40-15-01a237a0-ce3b-79a1-8b77-e23af343f1a3.jsonl', '01a237a0-ce3b-79a1-8b77-e23af343f1a3'],
    ]);
  });

  it('lists Gemini CLI sessions with their project folder, from the marker or projects.json', async () => {
    await put('.gemini/tmp/my-proj-v2/.project_root', 0, '/work/My Proj.v2\n');
    await put('.gemini/tmp/my-proj-v2/chats/session-2026-12-02T16-42-cef4b4bc.jsonl', 10);
    await put('.gemini/tmp/my-proj-v2/chats/cef4b4bc-8566-4441-9edc-02dc345d344d/0f0e0d0c.jsonl', 9);
    await put('.gemini/tmp/my-proj-v2/chats/session-2026-11-01T10-00-aaaaaaaa.json', 9); // legacy: not read
    const old = createHash('sha256').update('/work/old').digest('hex');
    await put(`.gemini/tmp/${old}/chats/session-2025-10-01T10-00-bbbbbbbb.jsonl`, 60 * 24 * 60);
    await put('.gemini/projects.json', 0, JSON.stringify({ projects: { '/work/My Proj.v2': 'my-proj-v2', '/work/old': 'old' } }));
    const root = sourceRoot(source('gemini'), ctx());
    expect((await listSessions(source('gemini'), root)).map((s) => [s.stem, s.project])).toEqual([
      ['session-2025-10-01T10-00-bbbbbbbb', '/work/old'],
      ['session-2026-12-02T16-42-cef4b4bc', '/work/My Proj.v2'],
    ]);
    const all = await listSessions(source('gemini'), root, { includeSidechains: true });
    expect(all.find((s) => s.parent)).toMatchObject({ stem: '0f0e0d0c', parent: 'cef4b4bc-8566-4441-9edc-02dc345d344d', project: '/work/My Proj.v2' });
  });

  it('finds nothing where an agent was never used', async () => {
    for (const s of SOURCES) expect(await listSessions(s, sourceRoot(s, ctx()))).toEqual([]);
  });
});
