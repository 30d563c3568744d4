import type { Os } from '../../../src-shared/contract';
import type { RenderMode, Settings } from '../../../src-shared/contract/settings';
import { pathFor, type Env } from '../platform/paths';
import type { TargetDefinition } from './registry';

export interface PathContext {
  os: Os;
  home: string;
  env: Env;
}

/** Expands a registry path template (see registry.ts) for an OS. */
export function expandTemplate(template: string, ctx: PathContext): string {
  const p = pathFor(ctx.os);
  const expanded = template.replace(/\$\{([A-Z_][A-Z0-9_]*):-([^}]*)\}/g, (_m, name: string, fallback: string) => {
    const value = ctx.env[name];
    return value && p.isAbsolute(value) ? value.replaceAll('\\', '/') : fallback;
  });
  if (expanded.startsWith('~/')) return p.join(ctx.home, ...expanded.slice(2).split('/'));
  // An absolute path from the environment: normalize gives it this OS's separators.
  return p.normalize(expanded);
}

export function targetPath(def: TargetDefinition, ctx: PathContext): string {
  return expandTemplate(def.paths[ctx.os] ?? def.paths.default, ctx);
}

/** A target as configured on this machine: registry defaults overlaid with the person's settings. */
export interface ConfiguredTarget {
  def: TargetDefinition;
  path: string;
  enabled: boolean;
  mode: RenderMode;
  budget: number | null;
  shadowPaths: string[];
  installedPaths: string[];
}

export function configureTarget(def: TargetDefinition, settings: Settings, ctx: PathContext): ConfiguredTarget {
  const overrides = settings.targets[def.id] ?? {};
  return {
    def,
    path: targetPath(def, ctx),
    enabled: overrides.enabled ?? def.enabledByDefault,
    mode: overrides.mode ?? def.defaultMode,
    budget: overrides.budget === undefined ? def.budget : overrides.budget,
    shadowPaths: def.shadowedBy.map((t) => expandTemplate(t, ctx)),
    installedPaths: def.installedWhen.map((t) => expandTemplate(t, ctx)),
  };
}
