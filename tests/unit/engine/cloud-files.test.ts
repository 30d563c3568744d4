import { mkdir, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  classifyConflictCopy,
  classifyPlaceholder,
  findConflictCopies,
  findPlaceholder,
} from '../../../src-main/engine/memory/cloud-files';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

describe('classifyConflictCopy', () => {
  it.each<[string, 'onedrive' | 'dropbox' | 'gdrive' | 'icloud', string | null]>([
    // OneDrive: machine name suffix, then a counter for further copies.
    ['GLOBAL_MEMORY-DESKTOP-AB12CD3.md', 'onedrive', 'DESKTOP-AB12CD3'],
    ['GLOBAL_MEMORY-DESKTOP-AB12CD3-1.md', 'onedrive', 'DESKTOP-AB12CD3'],
    ['GLOBAL_MEMORY-LAPTOP-2.md', 'onedrive', 'LAPTOP'],
    ['GLOBAL_MEMORY-Anas-MacBook-Pro.md', 'onedrive', 'Anas-MacBook-Pro'],
    ['GLOBAL_MEMORY-JÜRGEN-PC.md', 'onedrive', 'JÜRGEN-PC'],
    ['GLOBAL_MEMORY-WORKPC.MD', 'onedrive', 'WORKPC'],
    // Dropbox: "(…conflicted copy <date>)", optionally whose and a counter.
    ['GLOBAL_MEMORY (conflicted copy 2026-01-02).md', 'dropbox', null],
    ["GLOBAL_MEMORY (Ana's conflicted copy 2026-01-02).md", 'dropbox', 'Ana'],
    ["GLOBAL_MEMORY (MacBook-Pro's conflicted copy 2026-01-02 (1)).md", 'dropbox', 'MacBook-Pro'],
    ['GLOBAL_MEMORY (Ana’s conflicted copy 2026-01-02).md', 'dropbox', 'Ana'],
    ["GLOBAL_MEMORY (Ana's MacBook's Conflicted Copy 2026-01-02).md", 'dropbox', "Ana's MacBook"],
    ['GLOBAL_MEMORY (conflicted copy 2026-01-02 (12)).md', 'dropbox', null],
    // Google Drive: a bare counter in parentheses.
    ['GLOBAL_MEMORY (1).md', 'gdrive', null],
    ['GLOBAL_MEMORY (2).md', 'gdrive', null],
    ['global_memory (13).md', 'gdrive', null],
    // iCloud: a space and a counter starting at 2.
    ['GLOBAL_MEMORY 2.md', 'icloud', null],
    ['GLOBAL_MEMORY 3.md', 'icloud', null],
    ['GLOBAL_MEMORY 10.md', 'icloud', null],
  ])('%s is a %s conflict copy (machine %s)', (name, kind, machine) => {
    expect(classifyConflictCopy(name)).toEqual({ name, kind, machine });
  });

  it.each([
    'GLOBAL_MEMORY.md', // the canonical file itself
    'global_memory.md',
    'GLOBAL_MEMORY_20260101_120000.md', // a backup
    '.GLOBAL_MEMORY.md.1a2b3c4d5e6f.tmp', // an atomic-write temp file
    'GLOBAL_MEMORY.md.tmp',
    'GLOBAL_MEMORY (1).md.tmp',
    'GLOBAL_MEMORY 2.md.tmp',
    'GLOBAL_MEMORY.md.bak',
    '.GLOBAL_MEMORY.md.icloud', // a placeholder, not a conflict
    'GLOBAL_MEMORY-2.md', // digits only: no machine name
    'GLOBAL_MEMORY-.md',
    'GLOBAL_MEMORY- DESKTOP.md',
    'GLOBAL_MEMORY 1.md', // iCloud starts counting at 2
    'GLOBAL_MEMORY 0.md',
    'GLOBAL_MEMORY copy.md', // Finder's duplicate, made by a person
    'GLOBAL_MEMORY copy 2.md',
    'GLOBAL_MEMORY (copy).md',
    'GLOBAL_MEMORY (conflicted copy).md', // no date
    'GLOBAL_MEMORY (conflicted copy 2026-1-2).md',
    'GLOBAL_MEMORY (1).txt',
    'GLOBAL_MEMORY (1)xmd', // the extension's dot is literal
    'GLOBAL_MEMORY(1).md',
    'XGLOBAL_MEMORY (1).md',
    'OTHER (1).md',
    'NOTES.md',
    'sessions',
  ])('%s is not a conflict copy', (name) => {
    expect(classifyConflictCopy(name)).toBeNull();
  });

  it('builds the patterns around another canonical name, escaping its special characters', () => {
    expect(classifyConflictCopy('AGENTS (1).md', 'AGENTS.md')).toEqual({
      name: 'AGENTS (1).md',
      kind: 'gdrive',
      machine: null,
    });
    expect(classifyConflictCopy('GLOBAL_MEMORY (1).md', 'AGENTS.md')).toBeNull();
    expect(classifyConflictCopy('my.memory+v2 2.md', 'my.memory+v2.md')?.kind).toBe('icloud');
    // "." and "+" must be literal, not "any character" / "one or more".
    expect(classifyConflictCopy('myXmemory+v2 2.md', 'my.memory+v2.md')).toBeNull();
    expect(classifyConflictCopy('my.memoryyv2 2.md', 'my.memory+v2.md')).toBeNull();
  });
});

describe('classifyPlaceholder', () => {
  it.each<[string, { size: number; blocks?: number } | undefined, string | null]>([
    ['.GLOBAL_MEMORY.md.icloud', { size: 180 }, 'icloud-stub'],
    ['.GLOBAL_MEMORY.md.icloud', undefined, 'icloud-stub'],
    ['GLOBAL_MEMORY.md', { size: 0, blocks: 0 }, 'zero-bytes'],
    ['GLOBAL_MEMORY.md', { size: 0 }, 'zero-bytes'],
    ['GLOBAL_MEMORY.md', { size: 4096, blocks: 0 }, 'dataless'],
    ['GLOBAL_MEMORY.md', { size: 4096, blocks: 8 }, null],
    ['GLOBAL_MEMORY.md', { size: 4096 }, null], // blocks unknown: trust the content
    ['GLOBAL_MEMORY.md', undefined, null],
    ['NOTES.md', { size: 0, blocks: 0 }, null], // only the canonical file is judged
    ['.NOTES.md.icloud', { size: 180 }, null],
    ['GLOBAL_MEMORY.md.icloud', { size: 180 }, null], // the stub always starts with a dot
  ])('%s with %j → %s', (name, st, reason) => {
    expect(classifyPlaceholder(name, st)).toBe(reason);
  });

  it('follows another canonical name', () => {
    expect(classifyPlaceholder('.AGENTS.md.icloud', undefined, 'AGENTS.md')).toBe('icloud-stub');
    expect(classifyPlaceholder('AGENTS.md', { size: 0 }, 'AGENTS.md')).toBe('zero-bytes');
    expect(classifyPlaceholder('GLOBAL_MEMORY.md', { size: 0 }, 'AGENTS.md')).toBeNull();
  });
});

describe('on a real folder', () => {
  let home: TempHome;
  let root: string;
  beforeEach(async () => {
    home = await makeTempHome();
    root = path.join(home.home, '.claude-memory');
    await mkdir(path.join(root, 'backups'), { recursive: true });
  });
  afterEach(() => home.cleanup());

  const put = (name: string, text = '<!-- memsync v0.2 -->\n# Global Memory\n') =>
    writeFile(path.join(root, name), text);
  const copy = (name: string, kind: string, machine: string | null) => ({ path: path.join(root, name), name, kind, machine });

  describe('findConflictCopies', () => {
    it('lists the conflict copies next to the memory, sorted by name, and nothing else', async () => {
      await put('GLOBAL_MEMORY.md');
      await put('GLOBAL_MEMORY 2.md');
      await put("GLOBAL_MEMORY (Ana's conflicted copy 2026-01-02).md");
      await put('GLOBAL_MEMORY-DESKTOP-AB12CD3.md');
      await put('GLOBAL_MEMORY (1).md');
      await put('.GLOBAL_MEMORY.md.abc123.tmp');
      await put('harvested.json', '{}');
      await put(path.join('backups', 'GLOBAL_MEMORY (1).md')); // not recursive
      await mkdir(path.join(root, 'GLOBAL_MEMORY (3).md')); // a folder is never a copy
      expect(await findConflictCopies(root)).toEqual([
        copy('GLOBAL_MEMORY (1).md', 'gdrive', null),
        copy("GLOBAL_MEMORY (Ana's conflicted copy 2026-01-02).md", 'dropbox', 'Ana'),
        copy('GLOBAL_MEMORY 2.md', 'icloud', null),
        copy('GLOBAL_MEMORY-DESKTOP-AB12CD3.md', 'onedrive', 'DESKTOP-AB12CD3'),
      ]);
    });

    it('finds none in a clean folder, and none (without throwing) when the folder is missing', async () => {
      await put('GLOBAL_MEMORY.md');
      expect(await findConflictCopies(root)).toEqual([]);
      expect(await findConflictCopies(path.join(home.home, 'nope'))).toEqual([]);
    });
  });

  describe('findPlaceholder', () => {
    it('is null for a memory file with content, and for a missing one', async () => {
      expect(await findPlaceholder(root)).toBeNull();
      await put('GLOBAL_MEMORY.md');
      expect(await findPlaceholder(root)).toBeNull();
    });

    it('reports a 0-byte memory file', async () => {
      await put('GLOBAL_MEMORY.md', '');
      expect(await findPlaceholder(root)).toEqual({ path: path.join(root, 'GLOBAL_MEMORY.md'), reason: 'zero-bytes' });
    });

    it('reports the iCloud stub of an evicted memory file, even next to an empty one', async () => {
      await put('.GLOBAL_MEMORY.md.icloud', 'bplist00');
      const stub = { path: path.join(root, '.GLOBAL_MEMORY.md.icloud'), reason: 'icloud-stub' };
      expect(await findPlaceholder(root)).toEqual(stub);
      await put('GLOBAL_MEMORY.md', '');
      expect(await findPlaceholder(root)).toEqual(stub);
    });

    it('trusts a memory file with content over a stale stub next to it', async () => {
      await put('.GLOBAL_MEMORY.md.icloud', 'bplist00');
      await put('GLOBAL_MEMORY.md');
      expect(await findPlaceholder(root)).toBeNull();
    });

    it('reports a dataless file (size but no blocks) except on Windows, where small files have none', async (ctx) => {
      const file = path.join(root, 'GLOBAL_MEMORY.md');
      await put('GLOBAL_MEMORY.md', '');
      await truncate(file, 4096); // a sparse file: the nearest real stand-in for a dataless one
      const st = await stat(file);
      if (st.blocks !== 0) ctx.skip(); // this filesystem allocates blocks for sparse files
      expect(await findPlaceholder(root, 'GLOBAL_MEMORY.md', 'darwin')).toEqual({ path: file, reason: 'dataless' });
      expect(await findPlaceholder(root, 'GLOBAL_MEMORY.md', 'win32')).toBeNull();
    });

    it('ignores a directory named like the memory file', async () => {
      await mkdir(path.join(root, 'GLOBAL_MEMORY.md'));
      expect(await findPlaceholder(root)).toBeNull();
    });
  });
});
