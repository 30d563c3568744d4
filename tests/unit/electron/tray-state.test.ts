import { describe, expect, it } from 'vitest';
import { StatusSchema, type Status, type TargetStatus } from '../../../src-shared/contract';
import { trayClickAction, trayIconFile, trayInfo, trayMenuModel, trayMenuTemplate, type TrayActions } from '../../../src-main/electron/tray-state';

const target = (name: string, state: TargetStatus['state'] = 'in-sync'): TargetStatus => ({
  id: name.toLowerCase().replace(/\W+/g, '-'),
  name,
  path: `/home/a/${name}.md`,
  enabled: true,
  mode: 'copy',
  effectiveMode: 'copy',
  installed: true,
  state,
  shadowedBy: null,
  budget: null,
  budgetUnit: 'chars',
  renderedChars: 10,
  omittedSections: [],
  lastSyncedAt: null,
  error: state === 'error' ? 'EACCES' : null,
});

/** A running engine with the memory in place and two agents in step; `change` adjusts it. */
function status(change: (s: Status) => void = () => {}): Status {
  const s: Status = {
    version: '1.0.0',
    host: 'electron',
    state: 'running',
    os: 'darwin',
    machine: 'laptop',
    startedAt: null,
    userDataDir: '/data',
    defaultModel: 'm',
    secretStore: 'macOS Keychain',
    secretStoreWarning: null,
    paused: false,
    desktop: null,
    memory: {
      provider: 'custom',
      syncRoot: '/sync',
      memoryRoot: '/sync/.claude-memory',
      rootState: 'ok',
      memory: { hash: 'a'.repeat(64), bytes: 10, lines: 2, modifiedAt: null },
      placeholder: null,
      conflictCopies: [],
      recovery: null,
      targets: [target('Claude Code'), target('Codex')],
      foreignEdits: 0,
    },
    refresh: { running: false, lastRunAt: null, lastOutcome: null, lastError: null, pendingProposal: null, unmergedNotes: 0, nextRunAt: null },
    problems: [],
  };
  change(s);
  return StatusSchema.parse(s);
}

describe('the tray icon and tooltip per state', () => {
  it('is normal when everything is in step, saying so in words', () => {
    expect(trayInfo(status())).toEqual({ state: 'normal', tooltip: 'memsync: in step: 2 agents’ files' });
    expect(trayInfo(status((s) => (s.refresh.unmergedNotes = 3))).tooltip).toBe('memsync: in step: 2 agents’ files, 3 notes to merge');
  });

  it('asks for attention for an outside edit held, a drifted file, a conflict copy, or first run', () => {
    expect(trayInfo(status((s) => (s.memory.foreignEdits = 1)))).toEqual({ state: 'attention', tooltip: 'memsync: an agent’s file was edited outside memsync' });
    expect(trayInfo(status((s) => (s.memory.targets[1] = target('Codex', 'held'))))).toEqual({ state: 'attention', tooltip: 'memsync: Codex differs from the memory' });
    expect(trayInfo(status((s) => s.memory.conflictCopies.push({ path: '/p', name: 'GLOBAL_MEMORY (1).md', kind: 'gdrive', machine: null }))).state).toBe('attention');
    expect(trayInfo(status((s) => (s.memory.rootState = 'not-configured')))).toMatchObject({ state: 'attention', tooltip: expect.stringContaining('not set up yet') });
  });

  it('shows an approval waiting, an error over everything, and a pause over what is not an error', () => {
    const pending = (s: Status) => (s.refresh.pendingProposal = 'p-1-abcdef');
    expect(trayInfo(status(pending))).toEqual({ state: 'approval', tooltip: 'memsync: a merge of your notes is waiting for your approval' });
    expect(trayInfo(status((s) => ((s.memory.rootState = 'unavailable'), pending(s))))).toMatchObject({ state: 'error', tooltip: expect.stringContaining('sync folder is not there') });
    expect(trayInfo(status((s) => (s.memory.targets[0] = target('Claude Code', 'error'))))).toEqual({ state: 'error', tooltip: 'memsync: Claude Code could not be written' });
    expect(trayInfo(status((s) => ((s.refresh.lastOutcome = 'failed'), (s.refresh.lastError = 'rate limited'))))).toMatchObject({ state: 'error', tooltip: 'memsync: the last merge failed: rate limited' });
    expect(trayInfo(status((s) => ((s.paused = true), pending(s))))).toMatchObject({ state: 'paused', tooltip: expect.stringContaining('paused') });
    expect(trayInfo(status((s) => ((s.paused = true), (s.memory.rootState = 'missing')))).state).toBe('error');
  });

  it('keeps the tooltip within Windows’ 127 characters', () => {
    const long = trayInfo(status((s) => ((s.refresh.lastOutcome = 'failed'), (s.refresh.lastError = 'x'.repeat(300)))));
    expect(long.tooltip).toHaveLength(127);
    expect(long.tooltip.endsWith('…')).toBe(true);
  });

  it('names an icon per state in the form each OS wants, and clicks like each OS', () => {
    expect(trayIconFile('approval', 'darwin')).toBe('tray-approvalTemplate.png');
    expect(trayIconFile('approval', 'win32')).toBe('tray-approval.ico');
    expect(trayIconFile('approval', 'linux')).toBe('tray-approval.png');
    expect([trayClickAction('darwin'), trayClickAction('win32'), trayClickAction('linux')]).toEqual(['menu', 'open-window', 'menu']);
  });
});

describe('the tray menu', () => {
  const calls: string[] = [];
  const actions: TrayActions = {
    quickNote: () => calls.push('quick note'),
    open: (view) => calls.push(`open ${view ?? 'window'}`),
    mergeNow: () => calls.push('merge'),
    syncNow: () => calls.push('sync'),
    setPaused: (p) => calls.push(p ? 'pause' : 'resume'),
    setStartAtLogin: (on) => calls.push(`login ${on}`),
    quit: () => calls.push('quit'),
  };
  const labels = (items: ReturnType<typeof trayMenuTemplate>) => items.map((i) => i.label ?? i.type);

  it('lists every action in order, with the shortcut, counts and checkmarks', () => {
    const model = trayMenuModel(status((s) => ((s.refresh.pendingProposal = 'p-1-abcdef'), (s.refresh.unmergedNotes = 2))), 'CommandOrControl+Shift+M', { supported: true, enabled: true });
    const items = trayMenuTemplate(model, actions);
    expect(labels(items)).toEqual([
      'Quick note…', 'Open memsync', 'Pending approvals (1)', 'separator', 'Merge notes now (2)', 'Sync agent files now', 'Pause watching', 'separator', 'Start at login', 'separator', 'Quit memsync',
    ]);
    expect(items[0]).toMatchObject({ accelerator: 'CommandOrControl+Shift+M', registerAccelerator: false });
    expect(items[8]).toMatchObject({ type: 'checkbox', checked: true });
    calls.length = 0;
    for (const item of items) (item.click as (() => void) | undefined)?.();
    expect(calls).toEqual(['quick note', 'open window', 'open approvals', 'merge', 'sync', 'pause', 'login false', 'quit']);
  });

  it('greys out what cannot be done now and offers Resume while paused', () => {
    const items = trayMenuTemplate(trayMenuModel(status((s) => ((s.paused = true), (s.memory.rootState = 'unavailable'))), '', { supported: true, enabled: false }), actions);
    expect(items[0]).not.toHaveProperty('accelerator'); // no shortcut registered: none shown
    expect(items.find((i) => i.label === 'Pending approvals (0)')?.enabled).toBe(false);
    expect(items.find((i) => i.label === 'Merge notes now')?.enabled).toBe(false);
    expect(items.find((i) => i.label === 'Sync agent files now')?.enabled).toBe(false);
    expect(labels(items)).toContain('Resume watching');
    const running = trayMenuModel(status((s) => ((s.refresh.unmergedNotes = 4), (s.refresh.running = true))), '', { supported: true, enabled: false });
    expect(running.canMerge).toBe(false);
  });
});
