// What the tray shows, as data: its state (icon), the tooltip in words, and the menu. Pure, so
// every state and every OS is tested without a tray; tray.ts only hands the result to Electron.
import type { MenuItemConstructorOptions } from 'electron';
import { acceleratorLabel } from '../../src-shared/accelerator';
import type { Os, Status } from '../../src-shared/contract';
import { PRODUCT_NAME } from '../app-info';

export type TrayState = 'normal' | 'attention' | 'approval' | 'error' | 'paused';
export const TRAY_STATES: readonly TrayState[] = ['normal', 'attention', 'approval', 'error', 'paused'];

/** Windows caps a tray tooltip at 127 characters. */
const TOOLTIP_MAX = 127;

/** Something is broken and needs the person: the memory cannot be reached or written out. */
function errorOf(status: Status): string | null {
  const m = status.memory;
  if (m.rootState === 'unavailable') return 'the sync folder is not there (drive offline or unmounted?)';
  if (m.rootState === 'missing') return 'the memory folder is missing: open memsync to set it up again';
  if (m.rootState === 'ok' && !m.memory && !m.placeholder) return 'GLOBAL_MEMORY.md is missing: open memsync to bring it back';
  const broken = m.targets.filter((t) => t.enabled && t.state === 'error');
  if (broken.length) return `${broken.map((t) => t.name).join(', ')} could not be written`;
  if (status.refresh.lastOutcome === 'failed' && status.refresh.lastError) return `the last merge failed: ${status.refresh.lastError}`;
  return null;
}

/** Worth a look, nothing broken: an outside edit held, a conflict copy, first run, a problem noted. */
function attentionOf(status: Status): string | null {
  const m = status.memory;
  if (m.rootState === 'not-configured') return 'not set up yet: open memsync to choose your sync folder';
  if (m.foreignEdits > 0) return m.foreignEdits === 1 ? 'an agent’s file was edited outside memsync' : `${m.foreignEdits} agents’ files were edited outside memsync`;
  const held = m.targets.filter((t) => t.enabled && (t.state === 'held' || t.state === 'drifted'));
  if (held.length) return `${held.map((t) => t.name).join(', ')} differs from the memory`;
  if (m.conflictCopies.length) return 'your cloud made a conflict copy of the memory';
  if (status.problems.length) return status.problems[0]!;
  return null;
}

export interface TrayInfo {
  state: TrayState;
  /** The state in words, for the tooltip (and screen readers on Windows). */
  tooltip: string;
}

/** The tray's state: an error first, then a pause the person chose, an approval, anything else worth a look. */
export function trayInfo(status: Status): TrayInfo {
  const error = errorOf(status);
  const attention = attentionOf(status);
  const pending = status.refresh.pendingProposal !== null;
  let state: TrayState = 'normal';
  let words: string;
  if (error) [state, words] = ['error', error];
  else if (status.paused) [state, words] = ['paused', 'paused: agents’ files are not being kept in step'];
  else if (pending) [state, words] = ['approval', 'a merge of your notes is waiting for your approval'];
  else if (attention) [state, words] = ['attention', attention];
  else {
    const enabled = status.memory.targets.filter((t) => t.enabled).length;
    const notes = status.refresh.unmergedNotes;
    words = `in step: ${enabled === 1 ? '1 agent’s file' : `${enabled} agents’ files`}${notes ? `, ${notes === 1 ? '1 note' : `${notes} notes`} to merge` : ''}`;
  }
  const tooltip = `${PRODUCT_NAME}: ${words}`;
  return { state, tooltip: tooltip.length > TOOLTIP_MAX ? `${tooltip.slice(0, TOOLTIP_MAX - 1)}…` : tooltip };
}

/**
 * The icon file for a state, relative to the icons folder. macOS: a template image (black on
 * transparent, drawn in the menu bar's colours; nativeImage picks up the @2x file beside it);
 * Windows: a multi-size .ico (the tray asks for 16 to 32 px by DPI); Linux: a PNG (+ @2x).
 */
export function trayIconFile(state: TrayState, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray-${state}Template.png`;
  if (platform === 'win32') return `tray-${state}.ico`;
  return `tray-${state}.png`;
}

/**
 * What a left click on the icon does. macOS: menu-bar items open their menu (Electron does it for
 * the context menu). Windows: opens the window; the menu is on right click. Linux: the menu is the
 * only way (a StatusNotifierItem reports no clicks or position on most desktops).
 */
export function trayClickAction(platform: NodeJS.Platform): 'menu' | 'open-window' {
  return platform === 'win32' ? 'open-window' : 'menu';
}

export interface TrayMenuModel {
  os: Os;
  /** The quick-note shortcut, shown beside its item when it is registered ('' when none). */
  shortcut: string;
  pendingApprovals: number;
  unmergedNotes: number;
  /** A merge is running, or the memory cannot be used now. */
  canMerge: boolean;
  canSync: boolean;
  paused: boolean;
  startAtLogin: { supported: boolean; enabled: boolean };
}

export function trayMenuModel(status: Status, shortcut: string, startAtLogin: { supported: boolean; enabled: boolean }): TrayMenuModel {
  const usable = status.memory.rootState === 'ok' && status.memory.memory !== null;
  return {
    os: status.os,
    shortcut,
    pendingApprovals: status.refresh.pendingProposal ? 1 : 0,
    unmergedNotes: status.refresh.unmergedNotes,
    canMerge: usable && !status.refresh.running && status.refresh.unmergedNotes > 0,
    canSync: usable,
    paused: status.paused,
    startAtLogin,
  };
}

export interface TrayActions {
  quickNote(): void;
  open(view?: 'home' | 'approvals'): void;
  mergeNow(): void;
  syncNow(): void;
  setPaused(paused: boolean): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

/** The tray menu, rebuilt from the model whenever it changes (engine events, never polling). */
export function trayMenuTemplate(model: TrayMenuModel, actions: TrayActions): MenuItemConstructorOptions[] {
  const notes = model.unmergedNotes;
  const items: MenuItemConstructorOptions[] = [
    {
      label: 'Quick note…',
      // Shown for reference only: the global shortcut is registered apart from the menu.
      ...(model.shortcut ? { accelerator: model.shortcut, registerAccelerator: false, toolTip: acceleratorLabel(model.shortcut, model.os) } : {}),
      click: () => actions.quickNote(),
    },
    { label: `Open ${PRODUCT_NAME}`, click: () => actions.open() },
    {
      label: `Pending approvals (${model.pendingApprovals})`,
      enabled: model.pendingApprovals > 0,
      click: () => actions.open('approvals'),
    },
    { type: 'separator' },
    { label: notes ? `Merge notes now (${notes})` : 'Merge notes now', enabled: model.canMerge, click: () => actions.mergeNow() },
    { label: 'Sync agent files now', enabled: model.canSync, click: () => actions.syncNow() },
    model.paused
      ? { label: 'Resume watching', click: () => actions.setPaused(false) }
      : { label: 'Pause watching', click: () => actions.setPaused(true) },
    { type: 'separator' },
  ];
  if (model.startAtLogin.supported) {
    items.push(
      { label: 'Start at login', type: 'checkbox', checked: model.startAtLogin.enabled, click: () => actions.setStartAtLogin(!model.startAtLogin.enabled) },
      { type: 'separator' },
    );
  }
  items.push({ label: `Quit ${PRODUCT_NAME}`, ...(model.os === 'darwin' ? { accelerator: 'Command+Q', registerAccelerator: false } : {}), click: () => actions.quit() });
  return items;
}
