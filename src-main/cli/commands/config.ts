import cronParser from 'cron-parser';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { ForeignEditPolicySchema, HOST_NAME, ProviderNameSchema, SettingsSchema, type SettingsPatch } from '../../../src-shared/contract';
import type { Engine } from '../../engine';
import { chosenModel, DEFAULT_MODEL, outputLimit } from '../../engine/llm/models';
import { PRICED_PREFIXES } from '../../engine/usage/prices';
import { ANTHROPIC_API_KEY_SECRET } from '../../engine/settings';
import { CliError, EXIT, type CliIo } from '../io';
import { withEngine } from '../session';

interface KeySpec {
  describe: string;
  get: (e: Engine) => Promise<string> | string;
  /** The change; `warn` prints a note on stderr (the value is kept). */
  set: (value: string, e: Engine, warn: (text: string) => void) => SettingsPatch;
  /** The change that puts the default back. */
  unset: (e: Engine) => SettingsPatch;
}

const defaults = SettingsSchema.parse({});

/** Settings reachable from the command line, by memsync's key names where they exist. */
const KEYS: Record<string, KeySpec> = {
  provider: {
    describe: 'onedrive, icloud, gdrive, dropbox or custom',
    get: (e) => e.settings.get().provider ?? '',
    set: (v, e) => {
      const p = ProviderNameSchema.safeParse(v);
      if (!p.success) throw new CliError(`unknown provider '${v}'.\nAvailable: ${ProviderNameSchema.options.join(', ')}`, EXIT.error);
      // Another provider has its own folder, found on this machine (like memsync); `custom` keeps
      // the folder named with sync_root.
      return p.data === 'custom' ? { provider: p.data } : { provider: p.data, syncRoot: p.data === e.settings.get().provider ? e.settings.get().syncRoot : null };
    },
    unset: () => ({ provider: null, syncRoot: null }),
  },
  sync_root: {
    describe: 'the sync folder (sets provider to custom, like memsync)',
    get: (e) => e.settings.get().syncRoot ?? '',
    set: (v, e) => {
      const full = v === '~' || v.startsWith('~/') ? path.join(e.paths.homeDir, v.slice(1)) : path.resolve(v);
      if (!existsSync(full)) throw new CliError(`path does not exist: ${full}`, EXIT.error);
      return { syncRoot: full, provider: 'custom' };
    },
    unset: (e) => ({ syncRoot: null, ...(e.settings.get().provider === 'custom' ? { provider: null } : {}) }),
  },
  keep_days: {
    describe: 'days of backups `memsync prune` keeps',
    get: (e) => String(e.settings.get().backups.keepDays),
    set: (v) => {
      if (/^-\d+$/.test(v)) throw new CliError('keep_days must be 0 or more.', EXIT.error);
      if (!/^\d+$/.test(v)) throw new CliError('keep_days must be a whole number of days (0 or more).', EXIT.error);
      return { backups: { keepDays: Number(v) } };
    },
    unset: () => ({ backups: defaults.backups }),
  },
  model: {
    describe: `Claude model id for merging notes (default: ${DEFAULT_MODEL})`,
    // The model a merge will use: the chosen one, or the default.
    get: (e) => chosenModel(e.settings.get().llm.model),
    set: (v, e, warn) => {
      const model = v.trim();
      if (!/^[a-z0-9][a-z0-9.\-_@:]*$/i.test(model)) throw new CliError(`"${v}" is not a model id (like ${DEFAULT_MODEL}).`, EXIT.error);
      if (!PRICED_PREFIXES.some((prefix) => model.startsWith(prefix))) {
        warn(`unknown model '${model}', kept anyway (a merge will fail if the API does not know it either). Known: ${PRICED_PREFIXES.join(', ')}.`);
      }
      const llm = e.settings.get().llm;
      if (llm.maxTokens > outputLimit(model)) {
        warn(`max_tokens is ${llm.maxTokens}, beyond ${model}'s limit of ${outputLimit(model)}; it is lowered to ${outputLimit(model)}.`);
        return { llm: { model, maxTokens: outputLimit(model) } };
      }
      return { llm: { ...llm, model } };
    },
    unset: (e) => ({ llm: { ...e.settings.get().llm, model: '' } }),
  },
  max_tokens: {
    describe: 'answer size limit for merging notes (up to the model\'s limit)',
    get: (e) => String(e.settings.get().llm.maxTokens),
    set: (v, e) => {
      if (!/^[1-9]\d*$/.test(v)) throw new CliError('max_tokens must be a positive integer.', EXIT.error);
      const model = chosenModel(e.settings.get().llm.model);
      if (Number(v) > outputLimit(model)) throw new CliError(`max_tokens ${v} is beyond ${model}'s limit of ${outputLimit(model)}.`, EXIT.error);
      return { llm: { ...e.settings.get().llm, maxTokens: Number(v) } };
    },
    unset: (e) => ({ llm: { ...e.settings.get().llm, maxTokens: defaults.llm.maxTokens } }),
  },
  foreign_edits: {
    describe: 'restore (save outside edits and put memsync\'s version back) or hold (leave them until you decide)',
    get: (e) => e.settings.get().drift.foreignEdits,
    set: (v) => {
      const p = ForeignEditPolicySchema.safeParse(v);
      if (!p.success) throw new CliError('foreign_edits must be restore or hold.', EXIT.error);
      return { drift: { foreignEdits: p.data } };
    },
    unset: () => ({ drift: defaults.drift }),
  },
  capture_port: {
    describe: 'port of the capture endpoint (POST /note), 5001 by default',
    get: (e) => String(e.settings.get().capture.port),
    set: (v, e) => {
      if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new CliError('capture_port must be a port number (0-65535).', EXIT.error);
      return { capture: { ...e.settings.get().capture, port: Number(v) } };
    },
    unset: (e) => ({ capture: { ...e.settings.get().capture, port: defaults.capture.port } }),
  },
  lan_host: {
    describe: 'LAN mode: the address phones reach (e.g. 192.168.1.20, or 0.0.0.0); "off" for this machine only',
    get: (e) => e.settings.get().capture.lanHost ?? 'off',
    set: (v, e) => {
      if (v !== 'off' && isIP(v) === 0) throw new CliError('lan_host must be an IP address of this machine, 0.0.0.0, or off.', EXIT.error);
      return { capture: { ...e.settings.get().capture, lanHost: v === 'off' ? null : v } };
    },
    unset: (e) => ({ capture: { ...e.settings.get().capture, lanHost: null } }),
  },
  host_names: {
    describe: 'names phones may use for this machine besides its address (e.g. "pi.local,box.tail1234.ts.net"), or none',
    get: (e) => e.settings.get().capture.hostNames.join(',') || 'none',
    set: (v, e) => {
      const names = v === 'none' ? [] : [...new Set(v.split(',').map((n) => n.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean))];
      const bad = names.filter((n) => !HOST_NAME.test(n));
      if (bad.length) throw new CliError(`host_names: "${bad[0]}" is not a host name (like pi.local; no http://, no port).`, EXIT.error);
      return { capture: { ...e.settings.get().capture, hostNames: names } };
    },
    unset: (e) => ({ capture: { ...e.settings.get().capture, hostNames: [] } }),
  },
  refresh_mode: {
    describe: 'patch (the model returns only changed sections) or whole-file (memsync\'s way)',
    get: (e) => e.settings.get().refresh.mode,
    set: (v, e) => {
      if (v !== 'patch' && v !== 'whole-file') throw new CliError('refresh_mode must be patch or whole-file.', EXIT.error);
      return { refresh: { ...e.settings.get().refresh, mode: v } };
    },
    unset: (e) => ({ refresh: { ...e.settings.get().refresh, mode: defaults.refresh.mode } }),
  },
  auto_approve: {
    describe: 'true: apply proposals no check flagged without asking (unattended machines); false by default',
    get: (e) => String(e.settings.get().refresh.autoApprove),
    set: (v, e) => {
      if (v !== 'true' && v !== 'false') throw new CliError('auto_approve must be true or false.', EXIT.error);
      return { refresh: { ...e.settings.get().refresh, autoApprove: v === 'true' } };
    },
    unset: (e) => ({ refresh: { ...e.settings.get().refresh, autoApprove: defaults.refresh.autoApprove } }),
  },
  refresh_schedule: {
    describe: 'when notes are merged by themselves (cron, local time, e.g. "55 23 * * *"), or off',
    get: (e) => e.settings.get().refresh.schedule || 'off',
    set: (v, e) => {
      const cron = v === 'off' ? '' : v;
      if (cron) {
        try {
          cronParser.parseExpression(cron);
        } catch (error) {
          throw new CliError(`"${v}" is not a cron expression (${(error as Error).message}).`, EXIT.error);
        }
      }
      return { refresh: { ...e.settings.get().refresh, schedule: cron } };
    },
    unset: (e) => ({ refresh: { ...e.settings.get().refresh, schedule: defaults.refresh.schedule } }),
  },
};

function unknownKey(key: string): CliError {
  if (key === 'claude_md_target') {
    return new CliError('claude_md_target is gone: every agent file is a target now. See `memsync targets`.', EXIT.error);
  }
  return new CliError(`unknown config key '${key}'.\nValid keys: ${[...Object.keys(KEYS), 'api_key'].sort().join(', ')}`, EXIT.error);
}

export function configShow(io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    io.stdout(`# ${engine.settings.path}\n${JSON.stringify(engine.settings.get(), null, 2)}\n`);
    return EXIT.ok;
  });
}

export function configGet(key: string, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    if (key === 'api_key') {
      // Never printed: only whether it is there.
      io.stdout((await engine.secrets.get(ANTHROPIC_API_KEY_SECRET)) ? `set (in ${engine.secrets.description})\n` : 'not set\n');
      return EXIT.ok;
    }
    const spec = KEYS[key];
    if (!spec) throw unknownKey(key);
    io.stdout(`${await spec.get(engine)}\n`);
    if (key === 'model' && engine.settings.get().llm.model.trim() === '') io.stderr('(the default; memsync config set model ID chooses another)\n');
    return EXIT.ok;
  });
}

/** After a change of provider or folder: where the memory will be looked for now. */
async function sayWhereMemoryIs(engine: Engine, io: CliIo): Promise<void> {
  await engine.memory.reload();
  const root = engine.memory.root();
  if (root.memoryRoot && root.state !== 'unavailable') {
    io.stdout(`The memory will be looked for in ${root.memoryRoot}${root.state === 'missing' ? ' (not there yet: memsync init creates it)' : ''}.\n`);
  } else {
    io.stdout(`${root.reason ?? 'The memory folder cannot be found.'}\n`);
  }
}

/** `memsync config set KEY VALUE` (`api_key -` reads the key from stdin, keeping it out of shell history). */
export function configSet(key: string, value: string, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    if (key === 'api_key') {
      // `-`: piped in, or typed at a prompt that does not show it (never in shell history).
      const typed = value === '-' ? ((await io.readStdin?.()) ?? (await io.promptSecret?.('Anthropic API key (not shown): ')) ?? '') : value;
      const secret = typed.trim();
      if (!secret) throw new CliError('The API key is empty.', EXIT.error);
      await engine.secrets.set(ANTHROPIC_API_KEY_SECRET, secret);
      io.stdout(`Set api_key (stored in ${engine.secrets.description}; not shown).\n`);
      return EXIT.ok;
    }
    const spec = KEYS[key];
    if (!spec) throw unknownKey(key);
    await engine.api.updateSettings(spec.set(value, engine, (text) => io.stderr(`Warning: ${text}\n`)));
    io.stdout(`Set ${key} = ${await spec.get(engine)}\n`);
    if (key === 'provider' || key === 'sync_root') await sayWhereMemoryIs(engine, io);
    return EXIT.ok;
  });
}

/** `memsync config unset KEY`: the default again (`api_key`: the stored key is deleted). */
export function configUnset(key: string, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    if (key === 'api_key') {
      const had = await engine.secrets.get(ANTHROPIC_API_KEY_SECRET);
      await engine.secrets.delete(ANTHROPIC_API_KEY_SECRET);
      io.stdout(had ? `Removed api_key from ${engine.secrets.description}.\n` : 'api_key was not stored.\n');
      if (io.env.ANTHROPIC_API_KEY) io.stdout('ANTHROPIC_API_KEY is still set in the environment, and is used.\n');
      return EXIT.ok;
    }
    const spec = KEYS[key];
    if (!spec) throw unknownKey(key);
    await engine.api.updateSettings(spec.unset(engine));
    const now = await spec.get(engine);
    io.stdout(`Unset ${key}${now ? ` (now ${now})` : ''}\n`);
    if (key === 'provider' || key === 'sync_root') await sayWhereMemoryIs(engine, io);
    return EXIT.ok;
  });
}
