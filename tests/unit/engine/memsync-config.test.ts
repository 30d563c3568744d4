import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Os } from '../../../src-shared/contract';
import { MemorySecretStore } from '../../../src-main/engine';
import type { Env } from '../../../src-main/engine/platform/paths';
import type { SecretStore } from '../../../src-main/engine/services';
import {
  importMemsyncConfigOnce,
  memsyncConfigPath,
  openSettingsStore,
  parseMemsyncConfig,
  type SettingsStore,
} from '../../../src-main/engine/settings';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/** What memsync 0.2.0 writes (spec §2.2/§2.3), with a Windows path in a TOML literal string. */
const FULL_CONFIG = String.raw`[core]
provider = "onedrive"
model = "claude-sonnet-4-20250514"
max_memory_lines = 400
max_tokens = 8192
api_key = "sk-ant-api03-secret"

[paths]
claude_md_target = "/home/ada/.claude/CLAUDE.md"
sync_root = "/home/ada/OneDrive"

[backups]
keep_days = 14

[llm]
backend = "gemini"
fallback_backend = "ollama"
gemini_api_key = "gemini-secret"
gemini_model = "gemini-2.5-flash"
ollama_base_url = "http://localhost:11434/v1"
ollama_model = "llama3.2:3b"
ollama_timeout = 120
ollama_num_ctx = 8192
harvest_chunk_tokens = 6000
chunk_inter_call_sleep = 5

[daemon]
enabled = true
refresh_enabled = true
refresh_schedule = "55 23 * * *"
backup_mirror_path = 'C:\Users\ada\mirror'
backup_mirror_schedule = "0 * * * *"
web_ui_enabled = true
web_ui_port = 5000
web_ui_host = "0.0.0.0"
capture_enabled = true
capture_port = 5001
capture_token = ""
drift_check_enabled = true
drift_check_interval_hours = 6
drift_notify = "log"
harvest_enabled = true
harvest_schedule = "0 2 * * *"
harvest_projects_dir = ""
digest_enabled = false
digest_schedule = "0 9 * * 1"
digest_email_to = ""
digest_smtp_port = 587
`;

describe('memsyncConfigPath', () => {
  it.each<[Os, Env, string, string]>([
    ['win32', { APPDATA: 'D:\\Profiles\\ada\\Roaming' }, 'C:\\Users\\ada', 'D:\\Profiles\\ada\\Roaming\\memsync\\config.toml'],
    ['win32', {}, 'C:\\Users\\ada', 'C:\\Users\\ada\\AppData\\Roaming\\memsync\\config.toml'],
    ['win32', { APPDATA: '' }, 'C:\\Users\\ada', 'C:\\Users\\ada\\AppData\\Roaming\\memsync\\config.toml'],
    ['linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ada', '/xdg/memsync/config.toml'],
    ['linux', { XDG_CONFIG_HOME: 'relative/xdg' }, '/home/ada', '/home/ada/.config/memsync/config.toml'],
    ['linux', {}, '/home/ada', '/home/ada/.config/memsync/config.toml'],
    // memsync used the XDG layout on macOS too, not ~/Library/Application Support.
    ['darwin', {}, '/Users/ada', '/Users/ada/.config/memsync/config.toml'],
    ['darwin', { XDG_CONFIG_HOME: '/Users/ada/cfg' }, '/Users/ada', '/Users/ada/cfg/memsync/config.toml'],
  ])('%s %j → %s', (os, env, home, expected) => {
    expect(memsyncConfigPath(os, env, home)).toBe(expected);
  });
});

describe('parseMemsyncConfig', () => {
  it('maps a full memsync config and says what it left out', () => {
    const result = parseMemsyncConfig(FULL_CONFIG, { home: '/home/ada', os: 'linux' });
    expect(result.settings).toEqual({
      provider: 'onedrive',
      syncRoot: '/home/ada/OneDrive',
      // memsync's default model is not imported; max_tokens is.
      llm: { model: '', maxTokens: 8192 },
      backups: { keepDays: 14 },
    });
    expect(result.apiKey).toBe('sk-ant-api03-secret');
    expect(result.notes[0]).toBe(
      'Imported from memsync: provider onedrive, max tokens 8192, Anthropic API key, sync folder /home/ada/OneDrive, backups kept 14 days.',
    );
    expect(result.notes.join('\n')).toMatch(/default model rather than memsync's old default \(claude-sonnet-4-20250514\)/);
    const unused = result.notes.find((note) => note.startsWith('Not used by memsync desktop:')) ?? '';
    expect(unused).toContain('[llm]');
    expect(unused).toContain('[daemon]');
    expect(unused).toContain('core.max_memory_lines');
    // The default CLAUDE.md location needs no note; no note repeats a secret.
    expect(result.notes.join('\n')).not.toMatch(/CLAUDE\.md|Targets/);
    expect(result.notes.join('\n')).not.toMatch(/secret/);
  });

  it('imports a model other than memsync default and expands a leading ~', () => {
    const result = parseMemsyncConfig(
      '[core]\nprovider = "custom"\nmodel = "claude-opus-4-5"\n[paths]\nsync_root = "~/Sync/memory"\n',
      { home: '/home/ada', os: 'linux' },
    );
    expect(result.settings).toEqual({
      provider: 'custom',
      syncRoot: '/home/ada/Sync/memory',
      llm: { model: 'claude-opus-4-5', maxTokens: 16384 },
    });
    expect(result.apiKey).toBeNull();
  });

  it('reads Windows paths in their own flavour and notes a non-default CLAUDE.md target', () => {
    const toml = String.raw`[paths]
sync_root = 'C:/Users/ada/OneDrive - Contoso'
claude_md_target = 'C:\Users\ada\.claude\CLAUDE.md'
`;
    const result = parseMemsyncConfig(toml, { home: 'C:\\Users\\ada', os: 'win32' });
    expect(result.settings.syncRoot).toBe('C:\\Users\\ada\\OneDrive - Contoso');
    expect(result.notes.join('\n')).not.toMatch(/Targets/); // same file as ~/.claude/CLAUDE.md

    const custom = parseMemsyncConfig("[paths]\nclaude_md_target = '~\\work\\CLAUDE.md'\n", {
      home: 'C:\\Users\\ada',
      os: 'win32',
    });
    expect(custom.notes).toEqual([
      'memsync wrote your memory to ~\\work\\CLAUDE.md; memsync desktop sets up instruction files per agent under Targets.',
    ]);
  });

  it('ignores values of the wrong type, each with a note, and keeps the rest', () => {
    const toml = `[core]
provider = 5
model = true
max_tokens = "16384"
api_key = 123
[paths]
sync_root = ["/a"]
[backups]
keep_days = -3
[extra]
x = 1
`;
    const result = parseMemsyncConfig(toml, { home: '/home/ada', os: 'linux' });
    expect(result.settings).toEqual({});
    expect(result.apiKey).toBeNull();
    expect(result.notes).toEqual([
      'Ignored core.provider: expected a string.',
      'Ignored core.model: expected a string.',
      'Ignored core.max_tokens: expected a whole number above 0.',
      'Ignored core.api_key: expected a string.',
      'Ignored paths.sync_root: expected a string.',
      'Ignored backups.keep_days: expected a whole number of days.',
      'Not used by memsync desktop: [extra].',
    ]);
  });

  it('ignores an unknown provider, a relative sync folder and a section that is not a table', () => {
    const result = parseMemsyncConfig('backups = 3\n[core]\nprovider = "box"\n[paths]\nsync_root = "OneDrive"\n', {
      home: '/home/ada',
      os: 'linux',
    });
    expect(result.settings).toEqual({});
    expect(result.notes).toEqual([
      'Ignored backups: expected a [backups] table.',
      'Ignored core.provider "box": not a provider memsync desktop knows.',
      'Ignored paths.sync_root: not an absolute folder path.',
    ]);
  });

  it('throws a clear error for invalid TOML without quoting the file', () => {
    // memsync wrote strings unescaped: a Windows path in "…" is an invalid escape (spec §2.3).
    const toml = '[core]\napi_key = "sk-ant-secret"\n[daemon]\nbackup_mirror_path = "C:\\Users\\ada\\mirror"\n';
    expect(() => parseMemsyncConfig(toml)).toThrow(/^memsync's config\.toml is not valid TOML: .+ \(line 4, column \d+\)\.$/);
    expect(() => parseMemsyncConfig(toml)).not.toThrow(/sk-ant-secret|mirror/);
  });
});

describe('importMemsyncConfigOnce', () => {
  let home: TempHome;
  let store: SettingsStore;
  let configFile: string;
  beforeEach(async () => {
    home = await makeTempHome();
    store = openSettingsStore({ userDataDir: path.join(home.home, 'user-data'), projectVersion: '1.0.0' });
    configFile = memsyncConfigPath('linux', {}, home.home);
  });
  afterEach(async () => {
    store.close();
    await home.cleanup();
  });

  const writeConfig = async (text: string) => {
    await mkdir(path.dirname(configFile), { recursive: true });
    await writeFile(configFile, text);
  };

  it('imports on first run only, with the API key in the secret store and not in settings', async () => {
    await writeConfig(FULL_CONFIG);
    const secrets = new MemorySecretStore();
    const first = await importMemsyncConfigOnce(store, configFile, secrets, { home: '/home/ada', os: 'linux' });
    expect(first.imported).toBe(true);
    expect(first.notes[0]).toMatch(/^Imported from memsync: provider onedrive/);
    expect(store.get()).toMatchObject({ provider: 'onedrive', backups: { keepDays: 14 }, importedFrom: configFile });
    expect(await secrets.get('anthropic-api-key')).toBe('sk-ant-api03-secret');
    expect(readFileSync(store.path, 'utf8')).not.toContain('sk-ant');

    await writeConfig(FULL_CONFIG.replace('"onedrive"', '"icloud"').replace('sk-ant-api03-secret', 'sk-other'));
    const second = await importMemsyncConfigOnce(store, configFile, secrets);
    expect(second).toEqual({ imported: false, notes: [] });
    expect(store.get().provider).toBe('onedrive');
    expect(await secrets.get('anthropic-api-key')).toBe('sk-ant-api03-secret');
  });

  it('does nothing when the file is missing or a provider is already chosen', async () => {
    const secrets = new MemorySecretStore();
    expect(await importMemsyncConfigOnce(store, configFile, secrets)).toEqual({ imported: false, notes: [] });
    await writeConfig(FULL_CONFIG);
    store.update({ provider: 'gdrive' });
    expect(await importMemsyncConfigOnce(store, configFile, secrets)).toEqual({ imported: false, notes: [] });
    expect(store.get()).toMatchObject({ provider: 'gdrive', importedFrom: null });
    expect(await secrets.get('anthropic-api-key')).toBeUndefined();
  });

  it('never throws on invalid TOML, records nothing, and imports once the file is fixed', async () => {
    await writeConfig('[core]\nprovider = "onedrive"\napi_key = "sk-ant-x\n');
    const secrets = new MemorySecretStore();
    const result = await importMemsyncConfigOnce(store, configFile, secrets);
    expect(result.imported).toBe(false);
    expect(result.notes).toEqual([expect.stringMatching(/^Did not import .*config\.toml: memsync's config\.toml is not valid TOML/)]);
    expect(store.get()).toMatchObject({ provider: null, importedFrom: null });
    expect(await secrets.get('anthropic-api-key')).toBeUndefined();

    await writeConfig('[core]\nprovider = "onedrive"\napi_key = "sk-ant-x"\n');
    expect((await importMemsyncConfigOnce(store, configFile, secrets)).imported).toBe(true);
    expect(await secrets.get('anthropic-api-key')).toBe('sk-ant-x');
  });

  it('keeps a key already stored, and still imports settings when the secret store fails', async () => {
    await writeConfig('[core]\nprovider = "icloud"\napi_key = "sk-old"\n');
    const secrets = new MemorySecretStore();
    await secrets.set('anthropic-api-key', 'sk-new');
    const kept = await importMemsyncConfigOnce(store, configFile, secrets);
    expect(kept.notes).toContain("An Anthropic API key was already stored, so memsync's key was not used.");
    expect(await secrets.get('anthropic-api-key')).toBe('sk-new');

    const other = openSettingsStore({ userDataDir: path.join(home.home, 'other'), projectVersion: '1.0.0' });
    try {
      const broken: SecretStore = {
        description: 'locked keychain',
        get: () => Promise.reject(new Error('keychain locked')),
        set: () => Promise.reject(new Error('keychain locked')),
        delete: () => Promise.resolve(),
      };
      const result = await importMemsyncConfigOnce(other, configFile, broken);
      expect(result.imported).toBe(true);
      expect(result.notes).toContain('Could not store the Anthropic API key (keychain locked); enter it in Settings.');
      expect(other.get().provider).toBe('icloud');
    } finally {
      other.close();
    }
  });
});
