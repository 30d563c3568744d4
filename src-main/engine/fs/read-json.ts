import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeFsError } from './fs-errors';

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
    throw describeFsError(error, file) ?? error;
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

/**
 * Every `*.json` file in `dir` that `parse` accepts, in name order; a missing folder is empty. A
 * file that cannot be read or parsed (half-synced, hand-edited) is skipped: `parse` returns
 * undefined for it, and its name goes into `rejected` when given (so it can be reported).
 */
export async function readJsonFiles<T>(
  dir: string,
  parse: (json: unknown) => T | undefined,
  accepts: (name: string) => boolean = () => true,
  rejected?: string[],
): Promise<T[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const found: T[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && accepts(n)).sort()) {
    const value = parse(parseJsonOrUndefined(await readFile(path.join(dir, name), 'utf8').catch(() => '')));
    if (value !== undefined) found.push(value);
    else rejected?.push(name);
  }
  return found;
}
