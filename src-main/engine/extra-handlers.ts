import cronParser from 'cron-parser';
import { readFile } from 'node:fs/promises';
import type { ApiHandlers, Os } from '../../src-shared/contract';
import { ApiError } from '../../src-shared/contract/errors';
import { rebaseHunks, computeHunks } from '../../src-shared/hunks';
import type { MemoryService } from './memory/service';
import type { NotesService } from './notes/service';
import type { Env } from './platform/paths';
import type { SecretStore } from './services';
import { ANTHROPIC_API_KEY_SECRET, memsyncConfigPath, parseMemsyncConfig, type SettingsStore } from './settings';

/** What only a host can do (the tray app): the engine asks through these, if given. */
export interface HostHooks {
  /** `detail`: what the OS says besides on/off (macOS: waiting for approval in System Settings). */
  startAtLogin?: { get(): { enabled: boolean; detail?: string | null }; set(enabled: boolean): void };
}

export interface ExtraParts {
  memory: MemoryService;
  notes: NotesService;
  settings: SettingsStore;
  secrets: SecretStore;
  env: Env;
  os: Os;
  home: string;
  hooks: HostHooks;
  watching: { readonly paused: boolean; setPaused(paused: boolean): Promise<void> };
}

type Extra = Pick<
  ApiHandlers,
  | 'apiKeyStatus'
  | 'setApiKey'
  | 'previewSchedule'
  | 'getStartAtLogin'
  | 'setStartAtLogin'
  | 'setWatching'
  | 'importMemsyncConfig'
  | 'mergeMemory'
  | 'restoreNotes'
>;

/** The API methods behind the window's settings and editor that are not plain settings fields. */
export function createExtraHandlers(p: ExtraParts): Extra {
  const keyStatus = async () => {
    const stored = await p.secrets.get(ANTHROPIC_API_KEY_SECRET);
    const source = stored ? ('store' as const) : p.env.ANTHROPIC_API_KEY ? ('env' as const) : null;
    const where = source === 'store' ? p.secrets.description : source === 'env' ? 'the ANTHROPIC_API_KEY environment variable' : 'not set';
    return { set: source !== null, source, where };
  };
  const startAtLogin = () => {
    const hook = p.hooks.startAtLogin;
    if (!hook) return { supported: false, enabled: false, detail: null };
    const { enabled, detail } = hook.get();
    return { supported: true, enabled, detail: detail ?? null };
  };

  return {
    apiKeyStatus: keyStatus,
    setApiKey: async ({ key }) => {
      await p.secrets.set(ANTHROPIC_API_KEY_SECRET, key);
      return keyStatus();
    },
    previewSchedule: async ({ cron }) => {
      if (cron.trim() === '') return { valid: true, error: null, next: [] };
      try {
        const it = cronParser.parseExpression(cron.trim());
        return { valid: true, error: null, next: [1, 2, 3].map(() => it.next().toDate().toISOString()) };
      } catch (error) {
        return { valid: false, error: (error as Error).message, next: [] };
      }
    },
    getStartAtLogin: async () => startAtLogin(),
    setStartAtLogin: async ({ enabled }) => {
      if (!p.hooks.startAtLogin) throw new ApiError('unavailable', 'Start at login is a tray-app setting; memsync serve is started by your service manager.');
      p.hooks.startAtLogin.set(enabled);
      return startAtLogin();
    },
    setWatching: async ({ paused }) => {
      await p.watching.setPaused(paused);
      return { paused: p.watching.paused };
    },
    importMemsyncConfig: async () => {
      const file = memsyncConfigPath(p.os, p.env, p.home);
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) return { imported: false, file, notes: [`No memsync settings were found at ${file}.`] };
      let parsed;
      try {
        parsed = parseMemsyncConfig(text, { home: p.home, os: p.os });
      } catch (error) {
        return { imported: false, file, notes: [(error as Error).message] };
      }
      p.settings.recordImport(file, parsed.settings);
      const notes = [...parsed.notes];
      if (parsed.apiKey && !(await p.secrets.get(ANTHROPIC_API_KEY_SECRET))) {
        await p.secrets.set(ANTHROPIC_API_KEY_SECRET, parsed.apiKey);
        notes.push(`The API key was moved to ${p.secrets.description}.`);
      }
      return { imported: true, file, notes };
    },
    mergeMemory: async ({ base, mine }) => {
      const current = await p.memory.read();
      if (current.content === base) return { clean: true, merged: mine, current };
      const result = rebaseHunks(base, current.content, computeHunks(base, mine));
      return { clean: result.clean, merged: result.clean ? result.content : null, current };
    },
    restoreNotes: async ({ ids }) => ({ restored: await p.notes.restore(ids) }),
  };
}
