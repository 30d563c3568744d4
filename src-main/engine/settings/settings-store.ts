/**
 * Per-machine settings: `settings.json` in the user-data folder.
 *
 * Reads and writes go through `conf` so the tray app (which passes electron-store, a subclass of
 * Conf) and `memsync serve` share one file and one format, and each hears about the other's changes
 * (conf's `watch`). Validation is ours, with the shared zod schema, not conf's ajv: one schema for
 * the API, the UI and the file, and messages a person can read.
 *
 * Decisions:
 * - A file we cannot use is moved aside (`settings.invalid-YYYYMMDD_HHMMSS.json`) and never cleared
 *   or overwritten: it may hold a person's hand edit. (conf's `clearInvalidConfig: true` would throw
 *   it away; `false` makes conf's constructor throw, so we check the file before conf opens it.)
 * - Unknown keys stay on disk. Both hosts may run different builds for a while (an update installs
 *   one before the other restarts), and a downgrade must not eat what a newer build saved; memsync
 *   (Python) dropped unknown keys on every save. `get()` returns only the keys this build knows;
 *   `update()` writes only the sections it changes, and keeps unknown keys inside them.
 * - Migrations use our own `schemaVersion` field, not conf's `migrations` option: conf's migrations
 *   are keyed by the app version (meaningless across two hosts of different versions), run inside
 *   conf's constructor after it has already refused a file, and are "known buggy, unsupported" per
 *   conf's readme. A version number in the file also tells us when a *newer* build wrote it, so this
 *   build neither moves it aside nor overwrites it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Conf from 'conf';
import { z } from 'zod/mini';
import { ApiError } from '../../../src-shared/contract/errors';
import {
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../src-shared/contract/settings';
import { systemClock, type Clock, type Logger } from '../services';
import { dropUnusableValues } from './unusable-values';

export interface SettingsStore {
  /** The settings.json path. */
  readonly path: string;
  /** Always a valid, defaults-filled Settings (the last valid ones while the file is unusable). */
  get(): Settings;
  /**
   * Validates the patch (ApiError `invalid_input`), replaces each given top-level section (per id
   * for `targets`), persists, and returns the new settings.
   */
  update(patch: SettingsPatch): Settings;
  /** First-run import (memsync's config.toml): applies `patch` and records `source` in one write. */
  recordImport(source: string, patch: SettingsPatch): Settings;
  /** Fires after a change by this store or by another process (the other host); returns unsubscribe. */
  onChange(listener: (settings: Settings) => void): () => void;
  /** Sentences about what was wrong with the file (moved aside, unreadable, newer), for status/doctor. */
  readonly problems: string[];
  /** Stops watching the file (shutdown, tests). */
  close(): void;
}

export interface OpenSettingsStoreOptions {
  userDataDir: string;
  /** electron-store's class in the tray app (it extends Conf), so both hosts use one file and format. */
  ConfClass?: typeof Conf;
  projectVersion: string;
  logger?: Logger;
  /** Stamps the name of a file moved aside. */
  clock?: Clock;
}

/** The format this build writes. Bump it together with a SETTINGS_MIGRATIONS entry. */
export const SETTINGS_SCHEMA_VERSION = 1;

export type RawSettings = Record<string, unknown>;
export type SettingsMigration = (data: RawSettings) => RawSettings;

/**
 * `SETTINGS_MIGRATIONS[n]` turns a version n-1 object into a version n object. To change the
 * format: bump SETTINGS_SCHEMA_VERSION to n, add entry n (pure; it receives a copy and must keep
 * keys it does not know), update SettingsSchema, and add a test with a version n-1 file. A file
 * without `schemaVersion` is version 1, the first format.
 */
export const SETTINGS_MIGRATIONS: Readonly<Record<number, SettingsMigration>> = {};

export type MigrationResult = { kind: 'current' | 'migrated' | 'newer'; data: RawSettings; from: number };

/** Brings raw file data to `target`; throws on an unusable `schemaVersion` or a failing step. */
export function migrateSettingsData(
  data: RawSettings,
  migrations: Readonly<Record<number, SettingsMigration>> = SETTINGS_MIGRATIONS,
  target: number = SETTINGS_SCHEMA_VERSION,
): MigrationResult {
  const from = data.schemaVersion ?? 1;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1) {
    throw new Error('schemaVersion is not a positive whole number');
  }
  if (from > target) return { kind: 'newer', data, from };
  let migrated = structuredClone(data);
  for (let version = from + 1; version <= target; version++) {
    const step = migrations[version];
    if (!step) throw new Error(`no settings migration to version ${version}`);
    migrated = { ...step(migrated), schemaVersion: version };
  }
  return { kind: from === target ? 'current' : 'migrated', data: migrated, from };
}

const FILE_NAME = 'settings.json';
/** zod/mini ships no messages ("Invalid input"); the English locale, per parse, leaves global config alone. */
const english = z.locales.en();

type FileState =
  | { kind: 'missing' }
  | { kind: 'ok'; settings: Settings; raw: RawSettings; migrated: boolean }
  /** Values that cannot be used were dropped (their defaults apply); everything else is kept. */
  | { kind: 'repaired'; settings: Settings; raw: RawSettings; dropped: string }
  /** Ours to move aside. */
  | { kind: 'invalid'; reason: string }
  /** Written by a newer build and not readable by this one: never moved aside or overwritten. */
  | { kind: 'newer'; reason: string }
  | { kind: 'unreadable'; reason: string };

export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '') + issue.message)
    .join('; ');
}

const isPlainObject = (value: unknown): value is RawSettings =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const defaultSettings = (): Settings => SettingsSchema.parse({});

function readSettingsFile(file: string): FileState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: code ?? String(error) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')); // editors may save a byte order mark
  } catch {
    return { kind: 'invalid', reason: 'it is not valid JSON' };
  }
  if (!isPlainObject(json)) return { kind: 'invalid', reason: 'it does not hold a JSON object' };
  let migration: MigrationResult;
  try {
    migration = migrateSettingsData(json);
  } catch (error) {
    return { kind: 'invalid', reason: (error as Error).message };
  }
  const parsed = SettingsSchema.safeParse(migration.data, { error: english.localeError });
  if (parsed.success) {
    return { kind: 'ok', settings: parsed.data, raw: migration.data, migrated: migration.kind === 'migrated' };
  }
  const reason = describeIssues(parsed.error);
  if (migration.kind === 'newer') return { kind: 'newer', reason };
  const repaired = dropUnusableValues(migration.data);
  return repaired ? { kind: 'repaired', ...repaired } : { kind: 'invalid', reason };
}

const pad = (n: number): string => String(n).padStart(2, '0');
const stamp = (d: Date): string =>
  `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;

/**
 * Moves `file` to `settings.invalid-<local time>[-n].json` beside it, never replacing an earlier
 * one: a hard link fails if the name is taken (rename would silently overwrite on POSIX), with an
 * exclusive copy for file systems without links. Returns null if the file vanished meanwhile (the
 * other host moved it first).
 */
function moveAside(file: string, now: Date, keepFile = false): string | null {
  const base = path.join(path.dirname(file), `settings.invalid-${stamp(now)}`);
  for (let n = 1; n < 1000; n++) {
    const aside = n === 1 ? `${base}.json` : `${base}-${n}.json`;
    try {
      try {
        fs.linkSync(file, aside);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' || code === 'ENOENT') throw error;
        fs.copyFileSync(file, aside, fs.constants.COPYFILE_EXCL);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code === 'ENOENT') return null;
      throw error;
    }
    if (!keepFile) fs.rmSync(file, { force: true });
    return aside;
  }
  throw new Error(`Too many invalid settings files next to ${file}; remove some.`);
}

/** Replaces each given section, keeping keys inside it that a newer build wrote; `targets` per id. */
function mergeSections(base: RawSettings, patch: SettingsPatch): RawSettings {
  const changes: RawSettings = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const old = base[key];
    // Every known field of a section is required in a patch, so spreading only carries unknown
    // keys over; a target entry is replaced whole, because an absent field there means "default".
    changes[key] = isPlainObject(value) && isPlainObject(old) ? { ...old, ...value } : value;
  }
  return changes;
}

export function openSettingsStore(options: OpenSettingsStoreOptions): SettingsStore {
  const { userDataDir, ConfClass = Conf, projectVersion, logger, clock = systemClock } = options;
  const file = path.join(userDataDir, FILE_NAME);
  const loadProblems: string[] = [];
  let currentProblem: string | null = null;
  let lastGood = defaultSettings();

  const moveInvalidAside = (reason: string, inUse = 'default settings are'): void => {
    const aside = moveAside(file, clock.now());
    const sentence = aside
      ? `The settings file ${file} could not be used (${reason}); it was moved to ${aside} and ${inUse} in use.`
      : `The settings file ${file} could not be used (${reason}); another memsync desktop process moved it aside, and ${inUse} in use.`;
    loadProblems.push(sentence);
    logger?.warn(sentence);
  };

  /** Keeps the file as it was beside it, then writes it without the values that cannot be used. */
  const repairFile = (state: Extract<FileState, { kind: 'repaired' }>): void => {
    const aside = moveAside(file, clock.now(), true);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(state.raw, null, '\t')}\n`, { mode: 0o600 });
    fs.renameSync(temp, file);
    const sentence = `In the settings file ${file}, ${state.dropped} could not be used; ${state.dropped.includes('; ') ? 'those values were' : 'that value was'} reset to the default and every other setting is kept.${aside ? ` The file as it was is saved as ${aside}.` : ''}`;
    loadProblems.push(sentence);
    logger?.warn(sentence);
  };

  const problemFor = (state: FileState): string | null => {
    switch (state.kind) {
      case 'repaired':
        return `In the settings file ${file}, ${state.dropped} cannot be used; the default is in use for it until it is fixed or a setting is changed here.`;
      case 'invalid':
        return `The settings file ${file} is not valid (${state.reason}); the last valid settings stay in use until it is fixed or a setting is changed here (which moves it aside).`;
      case 'newer':
        return `The settings file ${file} was written by a newer version of memsync desktop that this one (${projectVersion}) cannot read (${state.reason}); defaults are in use and settings cannot be changed until memsync desktop is updated.`;
      case 'unreadable':
        return `The settings file ${file} cannot be read (${state.reason}).`;
      default:
        return null;
    }
  };

  /** Reads the file and keeps `lastGood` and the current problem in step with what it holds. */
  const observe = (): FileState => {
    const state = readSettingsFile(file);
    if (state.kind === 'ok' || state.kind === 'repaired') lastGood = state.settings;
    if (state.kind === 'missing') lastGood = defaultSettings();
    const problem = problemFor(state);
    if (problem !== null && problem !== currentProblem) logger?.warn(problem);
    currentProblem = problem;
    return state;
  };

  fs.mkdirSync(userDataDir, { recursive: true });
  const initial = readSettingsFile(file);
  if (initial.kind === 'ok') lastGood = initial.settings;
  else if (initial.kind === 'repaired') {
    lastGood = initial.settings;
    repairFile(initial);
  } else if (initial.kind === 'invalid') moveInvalidAside(initial.reason);
  else if (initial.kind === 'unreadable') throw new Error(problemFor(initial) ?? `Cannot read ${file}.`);
  else if (initial.kind === 'newer') currentProblem = problemFor(initial);
  if (currentProblem !== null) logger?.warn(currentProblem);

  const confOptions = {
    cwd: userDataDir,
    configName: 'settings',
    // electron-store overwrites `configName` with its own `name` option (default "config").
    name: 'settings',
    projectName: 'memsync-desktop',
    projectVersion,
    clearInvalidConfig: false,
    configFileMode: 0o600,
    watch: true,
    accessPropertiesByDotNotation: false, // target ids are keys, never paths
  };
  let conf: Conf;
  try {
    conf = new ConfClass(confOptions);
  } catch (error) {
    // The file became unparsable between our check and conf's read (the other host, an editor).
    if (!(error instanceof Error) || error.name !== 'SyntaxError') throw error;
    moveInvalidAside('it is not valid JSON');
    conf = new ConfClass(confOptions);
  }
  if (initial.kind === 'ok' && initial.migrated) conf.store = initial.raw; // whole store: a step may drop keys
  if (process.platform !== 'win32') {
    try {
      fs.chmodSync(file, 0o600); // conf applies the mode on write only; tighten a file an older build left 0644
    } catch (error) {
      logger?.debug('Could not tighten the settings file mode', { error: String(error) });
    }
  }

  const listeners = new Set<(settings: Settings) => void>();
  let lastEmitted = lastGood;
  // Fires for this instance's writes and, through `watch`, for another process's.
  const unsubscribeConf = conf.onDidAnyChange(() => {
    observe();
    if (isDeepStrictEqual(lastGood, lastEmitted)) return; // e.g. only an unknown key changed
    lastEmitted = lastGood;
    for (const listener of [...listeners]) {
      try {
        listener(structuredClone(lastGood));
      } catch (error) {
        logger?.error('A settings listener failed', { error: String(error) });
      }
    }
  });

  const write = (patch: SettingsPatch, extra: RawSettings): Settings => {
    const parsed = SettingsPatchSchema.safeParse(patch, { error: english.localeError });
    if (!parsed.success) throw new ApiError('invalid_input', `Invalid settings: ${describeIssues(parsed.error)}`);
    const state = observe();
    let base: RawSettings;
    if (state.kind === 'ok') base = state.raw;
    else if (state.kind === 'missing') base = {};
    else if (state.kind === 'repaired') {
      repairFile(state);
      currentProblem = null;
      base = state.raw;
    }
    else if (state.kind === 'invalid') {
      // Keep the person's broken edit (moved aside) and build on the settings we last ran with.
      moveInvalidAside(state.reason, 'the last valid settings are');
      currentProblem = null;
      base = { ...lastGood };
    } else {
      throw new ApiError(state.kind === 'newer' ? 'conflict' : 'unavailable', currentProblem ?? `Cannot read ${file}.`);
    }
    let changes = { ...mergeSections(base, parsed.data), ...extra };
    // The broken file is gone, so the settings we built on must be written whole.
    if (state.kind === 'invalid') changes = { ...base, ...changes };
    if (Object.keys(changes).length === 0) return structuredClone(lastGood);
    if (base.schemaVersion === undefined) changes.schemaVersion = SETTINGS_SCHEMA_VERSION;
    const next = SettingsSchema.safeParse({ ...base, ...changes }, { error: english.localeError });
    if (!next.success) throw new ApiError('invalid_input', `Invalid settings: ${describeIssues(next.error)}`);
    // Written key by key: conf re-reads the file first, so the other host's changes to other
    // sections since our read survive.
    conf.set(changes);
    lastGood = next.data;
    return structuredClone(next.data);
  };

  return {
    path: file,
    get() {
      observe();
      return structuredClone(lastGood);
    },
    update: (patch) => write(patch, {}),
    recordImport: (source, patch) => write(patch, { importedFrom: source }),
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get problems() {
      return currentProblem === null ? [...loadProblems] : [...loadProblems, currentProblem];
    },
    close() {
      listeners.clear();
      unsubscribeConf();
      conf._closeWatcher();
    },
  };
}
