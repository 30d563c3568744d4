import { z } from 'zod/mini';
import { ApiError, apiContract, isMethodName, toErrorBody, type Envelope } from '../../src-shared/contract';
import type { Engine } from './engine';
import { describeFsError } from './fs/fs-errors';

// zod/mini carries no messages of its own ("Invalid input" for everything); people get English.
const english = z.locales.en();

/**
 * The transport edge, shared by the HTTP server and the Electron IPC handler: checks the method
 * name, validates the input against the shared contract, calls the engine, and turns any failure
 * into an error body (unexpected errors are logged and reported without internals).
 */
export async function dispatchApiCall(engine: Engine, method: unknown, input: unknown): Promise<Envelope<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'not_found', message: `There is no API method "${String(method)}".` } };
  }
  const parsed = apiContract[method].input.safeParse(input, { error: english.localeError });
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid_input', message: `Invalid input for ${method}: ${z.prettifyError(parsed.error)}` },
    };
  }
  try {
    const handler = engine.api[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (caught) {
    // A file where a folder should be (and such): said with its path, not as an internal error.
    const error = describeFsError(caught) ?? caught;
    if (!(error instanceof ApiError)) engine.logger.error('API method failed', { method, error });
    return { ok: false, error: toErrorBody(error) };
  }
}
