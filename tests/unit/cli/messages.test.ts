import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMemsync } from '../../helpers/cli';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/* Messages say what happened once and truly. */

let home: TempHome;
const cli = (args: string[]) => runMemsync(args, home.env);
beforeEach(async () => {
  home = await makeTempHome();
});
afterEach(() => home.cleanup());

describe('before init', () => {
  it('doctor says to run init, not to sync agents\' files that wait for the memory', async () => {
    const r = await cli(['doctor']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('no sync folder chosen — run memsync init');
    expect(r.out).toContain("Agents' files");
    expect(r.out).toContain('written once the memory exists (Claude Code)');
    expect(r.out).not.toContain('memsync sync');
    expect(r.out).toMatch(/Start with: memsync init\n$/);
  });
});

describe('notes --day', () => {
  it('with no notes that day says that, not "no notes yet"', async () => {
    await mkdir(path.join(home.home, 'Sync'));
    await cli(['init', '--sync-root', path.join(home.home, 'Sync')]);
    await cli(['note', 'one note today']);
    expect((await cli(['notes', '--day', '2020-01-01'])).out).toBe('No notes on 2020-01-01.\n');
    expect((await cli(['notes', '--unmerged', '--day', '2020-01-01'])).out).toBe('No notes waiting to be merged on 2020-01-01.\n');
  });
});

describe('doctor', () => {
  it('keeps one column for the details with a long agent name', async () => {
    await mkdir(path.join(home.home, 'Sync'));
    await cli(['init', '--sync-root', path.join(home.home, 'Sync')]);
    await cli(['targets', 'enable', 'gemini']);
    const lines = (await cli(['doctor'])).out.split('\n').filter((l) => /^ {2}[✓!✗] /.test(l));
    expect(lines.find((l) => l.includes('Antigravity'))).toMatch(/Antigravity {2,}in sync/);
    // Where each detail starts: after the first run of two or more spaces that follows the label.
    const column = (l: string) => {
      const gap = / {2,}(?=\S)/.exec(l.slice(5))!;
      return 5 + gap.index + gap[0].length;
    };
    expect(new Set(lines.map(column)).size).toBe(1);
  });
});
