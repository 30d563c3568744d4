import cronParser from 'cron-parser';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { ForeignEditPolicySchema, HOST_NAME, ProviderNameSchema, type SettingsPatch } from '../../../src-shared/contract';
import type { Engine } from '../../engine';
import { ANTHROPIC_API_KEY_SECRET } from '../../engine/settings';
import { CliError, EXIT, type CliIo } from '../io';
import { withEngine } from '../session';

/** Settings reachable from the command line, by memsync's key names where they exist. */
const KEYS: Record<string, { describe: string; get: (e: Engine) => Promise<string> | string; set: (value: string, e: Engine) => SettingsPatch }> = {
  provider: {
    describe: 'onedrive, icloud, gdrive, dropbox or custom',
    get: (e) => e.settings.get().provider ?? '',
    set: (v) => {
      const p = ProviderNameSchema.safeParse(v);
      if (!p.success) throw new CliError(`unknown provider '${v}'.\nAvailable: ${ProviderNameSchema.options.join(', ')}`, EXIT.error);
      return { provider: p.data };
    },
  },
  sync_root: {
    describe: 'the sync folder (sets provider to custom, like memsync)',
    get: (e) => e.settings.get().syncRoot ?? '',
    set: (v, e) => {
      const full = v === '~' || v.startsWith('~/') ? path.join(e.paths.homeDir, v.slice(1)) : path.resolve(v);
      if (!existsSync(full)) throw new CliError(`path does not exist: ${full}`, EXIT.error);
      return { syncRoot: full, provider: 'custom' };
    },
  },
  keep_days: {
    describe: 'days of backups `memsync prune` keeps',
    get: (e) => String(e.settings.get().backups.keepDays),
    set: (v) => {
      if (!/^\d+$/.test(v)) throw new CliError('keep_days must be an integer.', EXIT.error);
      return { backups: { keepDays: Number(v) } };
    },
  },
  model: {
    describe: 'Claude model id for merging notes (empty: the default)',
    get: (e) => e.settings.get().llm.model,
    set: (v, e) => ({ llm: { ...e.settings.get().llm, model: v } }),
  },
  max_tokens: {
    describe: 'answer size limit for merging notes',
    get: (e) => String(e.settings.get().llm.maxTokens),
    set: (v, e) => {
      if (!/^[1-9]\d*$/.test(v)) throw new CliError('max_tokens must be a positive integer.', EXIT.error);
      return { llm: { ...e.settings.get().llm, maxTokens: Number(v) } };
    },
  },
  foreign_edits: {
    describe: 'restore (save outside edits and put memsync\'s version back) or hold (leave them until you decide)',
    get: (e) => e.settings.get().drift.foreignEdits,
    set: (v) => {
      const p = ForeignEditPolicySchema.safeParse(v);
      if (!p.success) throw new CliError('foreign_edits must be restore or hold.', EXIT.error);
      return { drift: { foreignEdits: p.data } };
    },
  },
  capture_port: {
    describe: 'port of the capture endpoint (POST /note), 5001 by default',
    get: (e) => String(e.settings.get().capture.port),
    set: (v, e) => {
      if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new CliError('capture_port must be a port number (0-65535).', EXIT.error);
      return { capture: { ...e.settings.get().capture, port: Number(v) } };
    },
  },
  lan_host: {
    describe: 'LAN mode: the address phones reach (e.g. 192.168.1.20, or 0.0.0.0); "off" for this machine only',
    get: (e) => e.settings.get().capture.lanHost ?? 'off',
    set: (v, e) => {
      if (v !== 'off' && isIP(v) === 0) throw new CliError('lan_host must be an IP address of this machine, 0.0.0.0, or off.', EXIT.error);
      return { capture: { ...e.settings.get().capture, lanHost: v === 'off' ? null : v } };
    },
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
  },
  refresh_mode: {
    describe: 'patch (the model returns only changed sections) or whole-file (memsync\'s way)',
    get: (e) => e.settings.get().refresh.mode,
    set: (v, e) => {
      if (v !== 'patch' && v !== 'whole-file') throw new CliError('refresh_mode must be patch or whole-file.', EXIT.error);
      return { refresh: { ...e.settings.get().refresh, mode: v } };
    },
  },
  auto_approve: {
    describe: 'true: apply proposals no check flagged without asking (unattended machines); false by default',
    get: (e) => String(e.settings.get().refresh.autoApprove),
    set: (v, e) => {
      if (v !== 'true' && v !== 'false') throw new CliError('auto_approve must be true or false.', EXIT.error);
      return { refresh: { ...e.settings.get().refresh, autoApprove: v === 'true' } };
    },
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
    return EXIT.ok;
  });
}

/** `memsync config set KEY VALUE` (`api_key -` reads the key from stdin, keeping it out of shell history). */
export function configSet(key: string, value: string, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    if (key === 'api_key') {
      const secret = (value === '-' ? ((await io.readStdin?.()) ?? '') : value).trim();
      if (!secret) throw new CliError('The API key is empty.', EXIT.error);
      await engine.secrets.set(ANTHROPIC_API_KEY_SECRET, secret);
      io.stdout(`Set api_key (stored in ${engine.secrets.description}; not shown).\n`);
      return EXIT.ok;
    }
    const spec = KEYS[key];
    if (!spec) throw unknownKey(key);
    await engine.api.updateSettings(spec.set(value, engine));
    io.stdout(`Set ${key} = ${await spec.get(engine)}\n`);
    return EXIT.ok;
  });
}
