/**
 * First-run import of memsync's (Python) `config.toml` (predecessor spec §2), so a person switching
 * keeps their provider, sync folder and API key. Read with a real TOML parser: memsync wrote TOML by
 * hand without escaping, and did not type-check what it read, so every value is checked here and a
 * wrong one is skipped with a note rather than failing the whole import.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { parse, TomlError } from 'smol-toml';
import type { Os } from '../../../src-shared/contract';
import { ProviderNameSchema, SettingsPatchSchema, SettingsSchema, type SettingsPatch } from '../../../src-shared/contract/settings';
import { osFromPlatform, pathFor, type Env } from '../platform/paths';
import type { SecretStore } from '../services';
import type { SettingsStore } from './settings-store';

/** The SecretStore name of the Claude API key. */
export const ANTHROPIC_API_KEY_SECRET = 'anthropic-api-key';
/** memsync's default model: an old id, so importing it would pin the person to it for good. */
export const PREDECESSOR_DEFAULT_MODEL = 'claude-sonnet-4-20250514';

/**
 * Where memsync keeps its config (spec §2.1). memsync uses the XDG layout on macOS too, not
 * ~/Library/Application Support. A relative XDG_CONFIG_HOME is invalid per the XDG spec; a relative
 * APPDATA is not something Windows sets, so both fall back like src-main/engine/platform/paths.ts.
 */
export function memsyncConfigPath(os: Os, env: Env, home: string): string {
  const p = pathFor(os);
  if (os === 'win32') {
    const appData = env.APPDATA;
    const base = appData && p.isAbsolute(appData) ? appData : p.join(home, 'AppData', 'Roaming');
    return p.join(base, 'memsync', 'config.toml');
  }
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && p.isAbsolute(xdg) ? xdg : p.join(home, '.config');
  return p.join(base, 'memsync', 'config.toml');
}

export interface MemsyncImport {
  settings: SettingsPatch;
  apiKey: string | null;
  /** What was imported and what was ignored, in words (never a secret's value). */
  notes: string[];
}

export interface MemsyncParseOptions {
  /** For a leading `~` and the default CLAUDE.md location; defaults to os.homedir(). */
  home?: string;
  /** The path flavour of the machine the file came from; defaults to this one. */
  os?: Os;
}

type Table = Record<string, unknown>;

// smol-toml's tables have a null prototype; dates are TomlDate objects, arrays are arrays.
const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
const isString = (value: unknown): value is string => typeof value === 'string';
const isPositiveInt = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;
const isNonNegativeInt = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** Sections that are ignored whole, with the reason shown once. */
const UNUSED_SECTIONS: Readonly<Record<string, string>> = {
  llm: '[llm] (memsync desktop uses the Claude API only)',
  daemon: '[daemon] (memsync desktop schedules its own jobs)',
};

function parseToml(text: string): Table {
  try {
    // asNeeded: a huge integer in a key we ignore must not fail the whole import.
    return parse(text, { integersAsBigInt: 'asNeeded', unsafeKeyBehaviour: 'drop' });
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // Only the first line: the rest quotes the file around the error, and the file holds API keys.
    const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'parse error';
    // eslint-disable-next-line preserve-caught-error -- the cause quotes the file, which holds API keys
    throw new Error(`memsync's config.toml is not valid TOML: ${reason} (line ${error.line}, column ${error.column}).`);
  }
}

/** Maps memsync's config onto a settings patch; throws an Error with a clear message on invalid TOML. */
export function parseMemsyncConfig(tomlText: string, options: MemsyncParseOptions = {}): MemsyncImport {
  const doc = parseToml(tomlText);
  const home = options.home ?? homedir();
  const os = options.os ?? osFromPlatform(process.platform);
  const p = pathFor(os);
  const notes: string[] = [];
  const imported: string[] = [];
  const unused: string[] = [];
  const settings: SettingsPatch = {};
  let apiKey: string | null = null;

  const section = (name: string): Table => {
    const value = doc[name];
    if (value === undefined) return {};
    if (isTable(value)) return value;
    notes.push(`Ignored ${name}: expected a [${name}] table.`);
    return {};
  };
  /** The value of `name.key` if it has the expected type; a wrong type becomes a note. */
  const take = <T>(name: string, table: Table, key: string, ok: (v: unknown) => v is T, expected: string) => {
    const value = table[key];
    if (value === undefined || ok(value)) return value as T | undefined;
    notes.push(`Ignored ${name}.${key}: expected ${expected}.`);
    return undefined;
  };
  const expandHome = (value: string): string => {
    const rest = /^~(?=$|[\\/])/.test(value) ? value.slice(1).replace(/^[\\/]+/, '') : null;
    return p.normalize(rest === null ? value : p.join(home, rest));
  };

  for (const name of Object.keys(doc)) {
    if (UNUSED_SECTIONS[name]) unused.push(UNUSED_SECTIONS[name]);
    else if (!['core', 'paths', 'backups'].includes(name)) unused.push(`[${name}]`);
  }
  const core = section('core');
  const paths = section('paths');
  const backups = section('backups');
  for (const [name, table, known] of [
    ['core', core, ['provider', 'model', 'max_tokens', 'api_key']],
    ['paths', paths, ['sync_root', 'claude_md_target']],
    ['backups', backups, ['keep_days']],
  ] as const) {
    for (const key of Object.keys(table)) {
      if (!(known as readonly string[]).includes(key)) unused.push(`${name}.${key}`);
    }
  }

  const provider = take('core', core, 'provider', isString, 'a string');
  if (provider !== undefined) {
    const parsed = ProviderNameSchema.safeParse(provider);
    if (parsed.success) {
      settings.provider = parsed.data;
      imported.push(`provider ${parsed.data}`);
    } else {
      notes.push(`Ignored core.provider "${provider.slice(0, 40)}": not a provider memsync desktop knows.`);
    }
  }

  const model = take('core', core, 'model', isString, 'a string')?.trim();
  const maxTokens = take('core', core, 'max_tokens', isPositiveInt, 'a whole number above 0');
  if (model === PREDECESSOR_DEFAULT_MODEL) {
    notes.push(`Kept memsync desktop's default model rather than memsync's old default (${PREDECESSOR_DEFAULT_MODEL}).`);
  }
  const importModel = model !== undefined && model !== '' && model !== PREDECESSOR_DEFAULT_MODEL;
  if (importModel || maxTokens !== undefined) {
    // A patch replaces the whole llm section; the part memsync did not set keeps our default.
    const defaults = SettingsSchema.parse({}).llm;
    settings.llm = { model: importModel ? model : defaults.model, maxTokens: maxTokens ?? defaults.maxTokens };
    if (importModel) imported.push(`model ${model}`);
    if (maxTokens !== undefined) imported.push(`max tokens ${maxTokens}`);
  }

  const key = take('core', core, 'api_key', isString, 'a string')?.trim();
  if (key) {
    apiKey = key;
    imported.push('Anthropic API key');
  }

  const syncRoot = take('paths', paths, 'sync_root', isString, 'a string')?.trim();
  if (syncRoot) {
    const expanded = expandHome(syncRoot);
    if (p.isAbsolute(expanded)) {
      settings.syncRoot = expanded;
      imported.push(`sync folder ${expanded}`);
    } else {
      notes.push('Ignored paths.sync_root: not an absolute folder path.');
    }
  }

  const claudeMd = take('paths', paths, 'claude_md_target', isString, 'a string')?.trim();
  if (claudeMd) {
    // memsync wrote this expanded and POSIX-style (C:/Users/…); compare in this OS's flavour.
    const normal = (value: string) => {
      const n = expandHome(value);
      return os === 'win32' ? n.toLowerCase() : n; // NTFS ignores case
    };
    if (normal(claudeMd) !== normal('~/.claude/CLAUDE.md')) {
      notes.push(`memsync wrote your memory to ${claudeMd}; memsync desktop sets up instruction files per agent under Targets.`);
    }
  }

  const keepDays = take('backups', backups, 'keep_days', isNonNegativeInt, 'a whole number of days');
  if (keepDays !== undefined) {
    settings.backups = { keepDays };
    imported.push(`backups kept ${keepDays} days`);
  }

  if (imported.length > 0) notes.unshift(`Imported from memsync: ${imported.join(', ')}.`);
  if (unused.length > 0) notes.push(`Not used by memsync desktop: ${unused.join(', ')}.`);
  // The checks above should make this impossible to fail; it keeps a wrong mapping from reaching disk.
  return { settings: SettingsPatchSchema.parse(settings), apiKey, notes };
}

const messageOf = (error: unknown): string =>
  (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));

/**
 * Imports memsync's config once: only on first run (nothing imported yet and no provider chosen)
 * and only if the file exists. The API key goes to the SecretStore, never into settings. Never
 * throws; on invalid TOML it records nothing, so fixing the file and restarting imports it.
 */
export async function importMemsyncConfigOnce(
  store: SettingsStore,
  file: string,
  secrets: SecretStore,
  options: MemsyncParseOptions = {},
): Promise<{ imported: boolean; notes: string[] }> {
  const current = store.get();
  if (current.importedFrom !== null || current.provider !== null) return { imported: false, notes: [] };

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { imported: false, notes: [] };
    return { imported: false, notes: [`Could not read memsync's config ${file} (${messageOf(error)}).`] };
  }

  let result: MemsyncImport;
  try {
    result = parseMemsyncConfig(text, options);
  } catch (error) {
    return { imported: false, notes: [`Did not import ${file}: ${messageOf(error)}`] };
  }

  const notes = [...result.notes];
  if (result.apiKey !== null) {
    try {
      // A key the person already gave memsync desktop wins over the old one.
      if (await secrets.get(ANTHROPIC_API_KEY_SECRET)) {
        notes.push('An Anthropic API key was already stored, so memsync\'s key was not used.');
      } else {
        await secrets.set(ANTHROPIC_API_KEY_SECRET, result.apiKey);
      }
    } catch (error) {
      // Settings are still imported: a keychain that is unavailable today must not block them forever.
      notes.push(`Could not store the Anthropic API key (${messageOf(error)}); enter it in Settings.`);
    }
  }

  try {
    store.recordImport(file, result.settings);
  } catch (error) {
    return { imported: false, notes: [...notes, `Could not save the imported settings: ${messageOf(error)}`] };
  }
  return { imported: true, notes };
}
