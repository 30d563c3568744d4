import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../../src-shared/contract/settings';
import { TARGETS } from '../../../src-main/engine/targets/registry';
import { configureTarget, expandTemplate, targetPath } from '../../../src-main/engine/targets/resolve';

const byId = (id: string) => TARGETS.find((t) => t.id === id)!;
const linux = { os: 'linux' as const, home: '/home/ana', env: {} };
const mac = { os: 'darwin' as const, home: '/Users/ana', env: {} };
const win = { os: 'win32' as const, home: 'C:\\Users\\ana', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' } };

describe('target registry', () => {
  it('has the required agents, unique ids, and only Claude Code on by default', () => {
    const ids = TARGETS.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['claude-code', 'codex', 'gemini', 'copilot', 'opencode', 'agents', 'amp', 'windsurf']) expect(ids).toContain(id);
    expect(TARGETS.filter((t) => t.enabledByDefault).map((t) => t.id)).toEqual(['claude-code']);
  });

  it.each([
    ['claude-code', linux, '/home/ana/.claude/CLAUDE.md'],
    ['claude-code', win, 'C:\\Users\\ana\\.claude\\CLAUDE.md'],
    ['codex', linux, '/home/ana/.codex/AGENTS.md'],
    ['codex', { ...linux, env: { CODEX_HOME: '/opt/codex' } }, '/opt/codex/AGENTS.md'],
    ['codex', { ...win, env: { CODEX_HOME: 'D:\\codex' } }, 'D:\\codex\\AGENTS.md'],
    ['codex', { ...linux, env: { CODEX_HOME: 'relative/dir' } }, '/home/ana/.codex/AGENTS.md'],
    ['gemini', mac, '/Users/ana/.gemini/GEMINI.md'],
    ['copilot', linux, '/home/ana/.copilot/copilot-instructions.md'],
    ['opencode', linux, '/home/ana/.config/opencode/AGENTS.md'],
    ['opencode', { ...linux, env: { XDG_CONFIG_HOME: '/x' } }, '/x/opencode/AGENTS.md'],
    ['agents', win, 'C:\\Users\\ana\\.agents\\AGENTS.md'],
    ['amp', mac, '/Users/ana/.config/amp/AGENTS.md'],
    ['windsurf', linux, '/home/ana/.codeium/windsurf/memories/global_rules.md'],
    ['zed', win, 'C:\\Users\\ana\\AppData\\Roaming\\Zed\\AGENTS.md'],
    ['zed', linux, '/home/ana/.config/zed/AGENTS.md'],
  ])('%s path', (id, ctx, expected) => {
    expect(targetPath(byId(id), ctx)).toBe(expected);
  });

  it('knows limits and shadowing files', () => {
    expect(byId('windsurf')).toMatchObject({ budget: 6000, budgetUnit: 'chars' });
    expect(byId('codex')).toMatchObject({ budget: 32768, budgetUnit: 'bytes' });
    expect(configureTarget(byId('codex'), SettingsSchema.parse({}), linux).shadowPaths).toEqual(['/home/ana/.codex/AGENTS.override.md']);
  });

  it('overlays the person\'s settings on the registry defaults', () => {
    const settings = SettingsSchema.parse({ targets: { codex: { enabled: true, mode: 'managed-block', budget: null }, windsurf: { budget: 4000 } } });
    expect(configureTarget(byId('codex'), settings, linux)).toMatchObject({ enabled: true, mode: 'managed-block', budget: null });
    expect(configureTarget(byId('windsurf'), settings, linux)).toMatchObject({ enabled: false, mode: 'copy', budget: 4000 });
    expect(configureTarget(byId('claude-code'), settings, linux)).toMatchObject({ enabled: true, mode: 'copy' });
  });

  it('expands templates the same way on every OS', () => {
    expect(expandTemplate('~/a/b', linux)).toBe('/home/ana/a/b');
    expect(expandTemplate('~/a/b', win)).toBe('C:\\Users\\ana\\a\\b');
    expect(expandTemplate('${NOPE:-~/x}/y', linux)).toBe('/home/ana/x/y');
  });
});
