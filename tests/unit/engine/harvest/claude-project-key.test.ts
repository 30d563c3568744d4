import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeProjectKey, claudeProjectKeys, findClaudeProjectDirs, legacyClaudeProjectKey } from '../../../../src-main/engine/harvest/claude-project-key';

/** Java's String.hashCode written as the polynomial it is (Σ c·31^k mod 2^32, signed), in BigInt. */
function javaHash(text: string): number {
  let sum = 0n;
  for (let i = 0; i < text.length; i++) sum = (sum * 31n + BigInt(text.charCodeAt(i))) % 2n ** 32n;
  return Number(BigInt.asIntN(32, sum));
}

describe('Claude Code project keys', () => {
  it.each([
    ['/Users/ian/projects/foo', '-Users-ian-projects-foo'],
    // The research run's folder: every character but A-Z, a-z, 0-9 becomes "-".
    ['/tmp/agents/run/work/My Proj.v2_x', '-tmp-agents-run-work-My-Proj-v2-x'],
    ['/home/ana/my_app (copy)/src', '-home-ana-my-app--copy--src'],
    ['/home/ana/café', '-home-ana-caf-'],
    ['/home/ana/🚀', '-home-ana---'], // one "-" per UTF-16 unit
    ['C:\\Users\\Ian\\foo', 'C--Users-Ian-foo'],
    ['C:\\Users\\Ian\\Untitled Gods Book', 'C--Users-Ian-Untitled-Gods-Book'],
    ['\\\\server\\share\\proj', '--server-share-proj'],
  ])('%s → %s', (cwd, key) => {
    expect(claudeProjectKey(cwd)).toBe(key);
  });

  it('keeps 200 characters and appends a hash of the original path past that', () => {
    const exactly = `/${'a'.repeat(199)}`;
    expect(claudeProjectKey(exactly)).toBe(`-${'a'.repeat(199)}`);
    const long = `/tmp/agents/run/${'very-long-seg/'.repeat(18)}end.v2`;
    expect(long.length).toBeGreaterThan(200);
    const key = claudeProjectKey(long);
    expect(key).toBe(`${long.replace(/[^a-zA-Z0-9]/g, '-').slice(0, 200)}-${Math.abs(javaHash(long)).toString(36)}`);
    expect(key).toMatch(/^.{200}-[0-9a-z]+$/);
    // The hash is of the path as it was: two paths that sanitize alike still get apart.
    expect(claudeProjectKey(long.replace('end.v2', 'end_v2'))).not.toBe(key);
  });

  it('matches Java string hashes the polynomial way (a check of the hash itself)', () => {
    expect(javaHash('hello')).toBe(99162322);
    const tricky = `/${'zß😀'.repeat(120)}`;
    expect(claudeProjectKey(tricky).endsWith(`-${Math.abs(javaHash(tricky)).toString(36)}`)).toBe(true);
  });

  it.each([
    ['/Users/ian/projects/foo', 'linux', '-Users-ian-projects-foo'],
    ['/home/ana/My Proj.v2_x', 'linux', '-home-ana-My-Proj.v2_x'],
    ['C:\\Users\\Ian\\my.app', 'win32', 'C--Users-Ian-my.app'],
  ] as const)("memsync (Python)'s older key of %s on %s", (cwd, os, key) => {
    expect(legacyClaudeProjectKey(cwd, os)).toBe(key);
  });

  it('looks under both names, Claude Code’s first, each once', () => {
    expect(claudeProjectKeys('/home/ana/My Proj.v2_x', 'linux')).toEqual(['-home-ana-My-Proj-v2-x', '-home-ana-My-Proj.v2_x']);
    expect(claudeProjectKeys('/home/ana/plain', 'linux')).toEqual(['-home-ana-plain']);
  });

  it('finds the folders that exist, for the real path of a symlinked working directory', async () => {
    const base = await realpath(await mkdtemp(path.join(tmpdir(), 'memsync-keys-')));
    try {
      const work = path.join(base, 'work', 'My Proj.v2_x');
      await mkdir(work, { recursive: true });
      await symlink(work, path.join(base, 'link'));
      const projects = path.join(base, 'projects');
      await mkdir(path.join(projects, claudeProjectKey(work)), { recursive: true });
      await mkdir(path.join(projects, legacyClaudeProjectKey(work, 'linux')), { recursive: true });
      expect(await findClaudeProjectDirs(projects, path.join(base, 'link'), 'linux')).toEqual([path.join(projects, claudeProjectKey(work)), path.join(projects, legacyClaudeProjectKey(work, 'linux'))]);
      expect(await findClaudeProjectDirs(projects, path.join(base, 'gone'), 'linux')).toEqual([]);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
