import { z } from 'zod/mini';
import { DEFAULT_QUICK_NOTE_SHORTCUT, parseAccelerator } from '../accelerator';

/** Cloud folders memsync knows how to find. `custom` is any folder the person names. */
export const ProviderNameSchema = z.enum(['onedrive', 'icloud', 'gdrive', 'dropbox', 'custom']);
export type ProviderName = z.infer<typeof ProviderNameSchema>;

/**
 * How a target file is kept in step with the canonical memory:
 * - copy: the target is a rendered copy, written atomically (works everywhere);
 * - symlink: the target links to GLOBAL_MEMORY.md (memsync's Unix behaviour; falls back to copy
 *   where links are not permitted);
 * - managed-block: only the text between `<!-- memsync:start -->` and `<!-- memsync:end -->` is
 *   ours; the person's own text around it is kept.
 */
export const RenderModeSchema = z.enum(['copy', 'symlink', 'managed-block']);
export type RenderMode = z.infer<typeof RenderModeSchema>;

/** Per-target choices; absent fields take the registry's defaults. */
export const TargetSettingsSchema = z.object({
  enabled: z.optional(z.boolean()),
  mode: z.optional(RenderModeSchema),
  /** Character budget override; null removes the registry's budget. */
  budget: z.optional(z.nullable(z.int().check(z.positive()))),
});
export type TargetSettings = z.infer<typeof TargetSettingsSchema>;

/** What to do with an instruction file that something else edited. */
export const ForeignEditPolicySchema = z.enum(['restore', 'hold']);
export type ForeignEditPolicy = z.infer<typeof ForeignEditPolicySchema>;

/** A DNS name: dot-separated labels of letters, digits and inner hyphens. */
export const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * The capture endpoint (`POST /note`) for phones and scripts. Loopback only unless LAN mode is on;
 * the capture token is always required except, if the person allows it, from this machine.
 */
export const CaptureSettingsSchema = z.object({
  port: z._default(z.int().check(z.minimum(0), z.maximum(65535)), 5001),
  /** LAN mode: listen on this interface address (or 0.0.0.0) so phones can reach it. */
  lanHost: z._default(z.nullable(z.string().check(z.minLength(1))), null),
  /** Allow requests from this machine without the token (never from other machines). */
  tokenOptionalOnLoopback: z._default(z.boolean(), false),
  /**
   * Names this machine is reached by besides its addresses (e.g. `pi.local`, a Tailscale name).
   * Requests must name the machine in their Host header; other names are refused (DNS rebinding).
   */
  hostNames: z._default(z.array(z.string().check(z.regex(HOST_NAME, 'must be a host name like pi.local'))), []),
  /** Browser origins allowed to post notes (e.g. a bookmarklet page); none by default. */
  allowedOrigins: z._default(z.array(z.string()), []),
  /** Largest note body accepted, in bytes. */
  maxBodyBytes: z._default(z.int().check(z.minimum(1024), z.maximum(10 * 1024 * 1024)), 64 * 1024),
  /** Requests per minute per client from other machines (this machine is not limited). */
  ratePerMinute: z._default(z.int().check(z.positive()), 120),
});
export type CaptureSettings = z.infer<typeof CaptureSettingsSchema>;
const _capture = () => z._default(CaptureSettingsSchema, CaptureSettingsSchema.parse({}));

/** How notes are merged into the memory (`memsync refresh`, the nightly job, the window). */
export const RefreshSettingsSchema = z.object({
  /** patch: the model returns only the sections it changes; whole-file: the whole memory (memsync's way). */
  mode: z._default(z.enum(['patch', 'whole-file']), 'patch'),
  /** Apply proposals without asking when no check flags them (for unattended machines). Off by default. */
  autoApprove: z._default(z.boolean(), false),
  /** Headings besides "Hard constraints" / "Constraints" whose items are never dropped. */
  constraintHeadings: z._default(z.array(z.string()), []),
  /** When to merge notes by itself (cron, local time); empty for never. memsync's default: 23:55. */
  schedule: z._default(z.string(), '55 23 * * *'),
  /** Seconds to wait for one answer before giving up on that attempt. */
  timeoutSeconds: z._default(z.int().check(z.minimum(10), z.maximum(900)), 120),
  /** Attempts per request on rate limits, overload, server and network errors. */
  maxAttempts: z._default(z.int().check(z.minimum(1), z.maximum(8)), 4),
});
export type RefreshSettings = z.infer<typeof RefreshSettingsSchema>;

/** A global shortcut (Electron accelerator), or '' for none. */
export const ShortcutSchema = z.string().check(
  z.maxLength(100),
  z.superRefine((value, ctx) => {
    const parsed = value === '' ? undefined : parseAccelerator(value);
    if (parsed && !parsed.ok) ctx.issues.push({ code: 'custom', message: parsed.error, input: value });
  }),
);

/** The tray app's global shortcuts. */
export const ShortcutSettingsSchema = z.object({
  /** Opens the quick-note popup from anywhere; '' turns the shortcut off (the tray menu still has it). */
  quickNote: z._default(ShortcutSchema, DEFAULT_QUICK_NOTE_SHORTCUT),
});

/**
 * The tray app's updates from GitHub Releases (never in development builds). `beta` also takes
 * pre-releases.
 */
export const UpdateSettingsSchema = z.object({
  enabled: z._default(z.boolean(), true),
  channel: z._default(z.enum(['stable', 'beta']), 'stable'),
});
export type UpdateSettings = z.infer<typeof UpdateSettingsSchema>;

/**
 * Per-machine settings (settings.json in the user-data folder; never synced). Every field has a
 * default, so a missing or partial file is valid.
 */
export const SettingsSchema = z.object({
  /** Null until `memsync init` (or the UI's first-run choice) picks one. */
  provider: z._default(z.nullable(ProviderNameSchema), null),
  /** The sync folder itself (the memory root is inside it). Always saved once chosen. */
  syncRoot: z._default(z.nullable(z.string()), null),
  targets: z._default(z.record(z.string(), TargetSettingsSchema), {}),
  drift: z._default(
    z.object({
      /** restore: save the foreign version for review and put ours back at once; hold: leave it until decided. */
      foreignEdits: z._default(ForeignEditPolicySchema, 'restore'),
    }),
    { foreignEdits: 'restore' },
  ),
  backups: z._default(
    z.object({ keepDays: z._default(z.int().check(z.nonnegative()), 30) }),
    { keepDays: 30 },
  ),
  llm: z._default(
    z.object({
      /** Empty: the product's default model (one place: the engine's model table). */
      model: z._default(z.string(), ''),
      maxTokens: z._default(z.int().check(z.positive()), 16384),
    }),
    { model: '', maxTokens: 16384 },
  ),
  capture: _capture(),
  refresh: z._default(RefreshSettingsSchema, RefreshSettingsSchema.parse({})),
  /** Desktop notifications (tray app; logged by memsync serve). */
  notifications: z._default(
    z.object({
      proposals: z._default(z.boolean(), true),
      failures: z._default(z.boolean(), true),
    }),
    { proposals: true, failures: true },
  ),
  shortcuts: z._default(ShortcutSettingsSchema, { quickNote: DEFAULT_QUICK_NOTE_SHORTCUT }),
  updates: z._default(UpdateSettingsSchema, { enabled: true, channel: 'stable' }),
  /** Where settings were imported from on first run (memsync's config.toml), for the record. */
  importedFrom: z._default(z.nullable(z.string()), null),
});
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * A change to settings: any subset of the top-level sections (each replaced as given). Strict, so a
 * misspelt section is an error instead of a change that silently does nothing.
 */
export const SettingsPatchSchema = z.partial(
  z.strictObject({
    provider: z.nullable(ProviderNameSchema),
    syncRoot: z.nullable(z.string()),
    targets: z.record(z.string(), TargetSettingsSchema),
    drift: z.object({ foreignEdits: ForeignEditPolicySchema }),
    backups: z.object({ keepDays: z.int().check(z.nonnegative()) }),
    llm: z.object({ model: z.string(), maxTokens: z.int().check(z.positive()) }),
    capture: CaptureSettingsSchema,
    refresh: RefreshSettingsSchema,
    notifications: z.object({ proposals: z.boolean(), failures: z.boolean() }),
    shortcuts: z.object({ quickNote: ShortcutSchema }),
    updates: z.object({ enabled: z.boolean(), channel: z.enum(['stable', 'beta']) }),
  }),
);
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
