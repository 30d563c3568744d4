import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STARTER_TEMPLATE } from '../../../src-main/engine/memory/layout';
import { runMemsync } from '../../helpers/cli';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/*
 * A missing GLOBAL_MEMORY.md is not a fresh start when backups or agents' files still hold the
 * memory: every command says so and how to bring it back, and init never fans the blank template
 * out over it (it once did, without a backup, and the person's text existed nowhere).
 */

let home: TempHome;
let sync: string;
const MINE = '# Global Memory\n\n## Standing preferences\n- my real text, written over months\n';
const cli = (args: string[], answers?: string[]) => runMemsync(args, home.env, answers ? { answers } : {});
const memoryFile = () => path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md');
const claude = () => path.join(home.home, '.claude', 'CLAUDE.md');

beforeEach(async () => {
  home = await makeTempHome();
  sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  expect((await cli(['init', '--sync-root', sync])).code).toBe(0);
  await writeFile(memoryFile(), MINE);
  expect((await cli(['sync'])).code).toBe(0);
  expect(await readFile(claude(), 'utf8')).toBe(MINE);
  await rm(memoryFile()); // a bad sync, a mistaken delete
});
afterEach(() => home.cleanup());

describe('a missing memory that still exists in an agent\'s file', () => {
  it('status, doctor and show say where it is and how to bring it back', async () => {
    const status = await cli(['status']);
    expect(status.code).toBe(3);
    expect(status.out).toContain(`GLOBAL_MEMORY.md is missing, but ${claude()} still holds your memory`);
    expect(status.out).toContain('memsync init --from claude-code');
    expect(status.out).not.toContain('run memsync init');
    expect((await cli(['doctor'])).out).toContain('memsync init --from claude-code');
    const show = await cli(['show']);
    expect(show.code).toBe(3);
    expect(show.err).toContain('memsync init --from claude-code');
  });

  it('init without a terminal refuses, and changes nothing', async () => {
    const result = await runMemsync(['init'], home.env);
    expect(result.code).toBe(3);
    expect(result.err).toContain('memsync init --from claude-code');
    expect(result.err).toContain('memsync init --force');
    expect(existsSync(memoryFile())).toBe(false);
    expect(await readFile(claude(), 'utf8')).toBe(MINE);
  });

  it('init asks where it comes back from', async () => {
    const result = await cli(['init'], ['1']);
    expect(result.out).toContain("1. Bring it back from Claude Code's file");
    expect(result.code).toBe(0);
    expect(result.out).toContain('(recreated from claude-code)');
    expect(await readFile(memoryFile(), 'utf8')).toBe(MINE);
    expect(await readFile(claude(), 'utf8')).toBe(MINE);
  });

  it('init --from takes the agent\'s file; --force starts over but saves the agent\'s file first', async () => {
    expect((await cli(['init', '--from', 'claude-code'])).code).toBe(0);
    expect(await readFile(memoryFile(), 'utf8')).toBe(MINE);

    await rm(memoryFile());
    const fresh = await cli(['init', '--force']);
    expect(fresh.code).toBe(0);
    expect(await readFile(memoryFile(), 'utf8')).toBe(STARTER_TEMPLATE);
    const saved = path.join(home.home, '.claude', 'CLAUDE.pre-memsync.bak');
    expect(fresh.out).toContain(`Saved:`);
    expect(fresh.out).toContain(saved);
    expect(await readFile(saved, 'utf8')).toBe(MINE);
  });
});

describe('a missing memory with backups', () => {
  it('restore without a name brings back the newest backup', async () => {
    const backups = path.join(sync, '.claude-memory', 'backups');
    await writeFile(path.join(backups, 'GLOBAL_MEMORY_20260101_120000.md'), '# older\n');
    await writeFile(path.join(backups, 'GLOBAL_MEMORY_20260301_120000.md'), MINE);
    expect((await cli(['status'])).out).toContain('`memsync restore` puts back the newest backup (GLOBAL_MEMORY_20260301_120000.md)');
    const restored = await cli(['restore']);
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('Restored GLOBAL_MEMORY_20260301_120000.md.');
    expect(await readFile(memoryFile(), 'utf8')).toBe(MINE);
  });
});

describe('the init summary', () => {
  it('keeps one column for every row, with a long agent name too', async () => {
    expect((await cli(['targets', 'enable', 'gemini'])).code).toBe(0);
    const result = await cli(['init', '--force']);
    const lines = result.out.split('\n').filter((l) => l.startsWith('  '));
    expect(result.out).toMatch(/ {2}Gemini CLI \/ Antigravity: \/\S+GEMINI\.md/);
    // Every value starts in the same column.
    expect(new Set(lines.map((l) => l.search(/(?<=:\s+)\S/))).size).toBe(1);
  });
});
