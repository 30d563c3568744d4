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
