/**
 * The one place the default model is named. Merging notes into a memory file is a careful editing
 * task, not a reasoning marathon: a current Sonnet does it well at a fraction of Opus's price.
 * People choose another with `memsync config set model <id>` or in Settings.
 */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

/** The model to use: the person's choice, or the default. */
export function chosenModel(setting: string): string {
  return setting.trim() === '' ? DEFAULT_MODEL : setting.trim();
}

/**
 * The most output tokens each model family accepts (`max_tokens`), by model-id prefix, most
 * specific first, from Anthropic's models overview. A family this table does not know gets the
 * generous bound: the API's own error then says what is wrong, rather than this table refusing a
 * value a newer model accepts.
 */
const OUTPUT_LIMITS: ReadonlyArray<readonly [prefix: string, limit: number]> = [
  ['claude-3-haiku', 4096],
  ['claude-3-opus', 4096],
  ['claude-3-5-', 8192],
  ['claude-3-7-sonnet', 64_000],
  ['claude-opus-4-1', 32_000],
  ['claude-opus-4-0', 32_000],
  ['claude-opus-4-2', 32_000],
  ['claude-opus-4', 64_000],
  ['claude-sonnet-4', 64_000],
  ['claude-haiku-4', 64_000],
];
const UNKNOWN_OUTPUT_LIMIT = 128_000;

/** The largest `max_tokens` the model takes. */
export function outputLimit(model: string): number {
  const id = chosenModel(model);
  return OUTPUT_LIMITS.find(([prefix]) => id.startsWith(prefix))?.[1] ?? UNKNOWN_OUTPUT_LIMIT;
}
