import { describe, expect, it } from 'vitest';
import { attribute, noteSource } from '../../../../src-main/engine/harvest/attribution';
import type { ChunkTurn } from '../../../../src-main/engine/harvest/chunking';
import type { SessionFile } from '../../../../src-main/engine/harvest/sessions';

const session = (over: Partial<SessionFile> = {}): SessionFile => ({
  source: 'claude-code',
  path: '/h/.claude/projects/-work-shop/2b43b07a-45de-4eb6-958d-af94cc25c78a.jsonl',
  key: '-work-shop/2b43b07a-45de-4eb6-958d-af94cc25c78a.jsonl',
  stem: '2b43b07a-45de-4eb6-958d-af94cc25c78a',
  session: '2b43b07a-45de-4eb6-958d-af94cc25c78a',
  parent: null,
  size: 1,
  mtimeMs: 0,
  project: null,
  ...over,
});
const piece = (over: Partial<ChunkTurn>): ChunkTurn => ({ role: 'user', text: 'x', part: 1, parts: 1, id: null, timestamp: null, cwd: null, sidechain: false, ...over });

describe('attribute', () => {
  it('names the agent, the session, the working directory and the local day of the last turn', () => {
    // Local times, so the expected day holds in any time zone.
    const evening = new Date(2026, 11, 2, 23, 30).toISOString();
    const nextMorning = new Date(2026, 11, 3, 0, 15).toISOString();
    const chunk = { turns: [piece({ timestamp: evening }), piece({ cwd: '/work/shop', timestamp: nextMorning }), piece({ timestamp: 'not a time' })] };
    expect(attribute(session(), chunk)).toEqual({
      source: 'harvest:claude-code:2b43b07a-45de-4eb6-958d-af94cc25c78a',
      agent: 'claude-code',
      session: '2b43b07a-45de-4eb6-958d-af94cc25c78a',
      project: '/work/shop',
      projectName: 'shop',
      day: '2026-12-03',
    });
  });

  it("falls back to the session's project folder, and names Windows folders too", () => {
    expect(attribute(session({ source: 'gemini', session: 'session-x', project: 'C:\\Users\\ana\\My App\\' }), { turns: [piece({})] })).toMatchObject({
      source: 'harvest:gemini:session-x',
      project: 'C:\\Users\\ana\\My App\\',
      projectName: 'My App',
      day: null,
    });
    expect(attribute(session(), { turns: [] })).toMatchObject({ project: null, projectName: null, day: null });
  });

  it('writes the note source as harvest:<agent>:<session>', () => {
    expect(noteSource('codex', '01a237a0-ce3b-79a1-8b77-e23af343f1a3')).toBe('harvest:codex:01a237a0-ce3b-79a1-8b77-e23af343f1a3');
  });
});
