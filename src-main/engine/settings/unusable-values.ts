import { z } from 'zod/mini';
import { SettingsSchema, type Settings } from '../../../src-shared/contract/settings';

type RawSettings = Record<string, unknown>;
const english = z.locales.en();
const isPlainObject = (value: unknown): value is RawSettings => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One bad value (a typo in a hand edit, a value an older build allowed) must not cost the person
 * their provider, folder and agents: each value the schema refuses is removed, so it takes its
 * default, and the rest is kept. Undefined when the file cannot be saved that way.
 */
export function dropUnusableValues(data: RawSettings): { settings: Settings; raw: RawSettings; dropped: string } | undefined {
  const raw = structuredClone(data);
  const dropped: string[] = [];
  for (let round = 0; round < 50; round++) {
    const parsed = SettingsSchema.safeParse(raw, { error: english.localeError });
    if (parsed.success) return { settings: parsed.data, raw, dropped: dropped.join('; ') };
    for (const issue of parsed.error.issues) {
      const keys = issue.path.map(String);
      if (keys.length === 0) return undefined;
      let parent: unknown = raw;
      for (const key of keys.slice(0, -1)) parent = isPlainObject(parent) || Array.isArray(parent) ? (parent as RawSettings)[key] : undefined;
      const last = keys.at(-1)!;
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else if (isPlainObject(parent) && last in parent) delete parent[last];
      else return undefined;
      dropped.push(`${keys.join('.')} (${issue.message})`);
    }
  }
  return undefined;
}

