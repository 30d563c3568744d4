import { readFile } from 'node:fs/promises';

/**
 * Reads a JSON file that may not exist yet: undefined when it is absent; a clear error naming the
 * file when it is not valid JSON (never a silent "empty", which would lose what the file held).
 */
export async function readJsonIfExists(file: string, whatToDo = 'fix it or move it away'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${file} is not valid JSON; ${whatToDo}.`);
  }
}

/** The value of a JSON text, or undefined when it is not JSON (a half-synced or hand-edited file). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
