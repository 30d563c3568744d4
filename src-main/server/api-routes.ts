import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, toErrorBody } from '../../src-shared/contract';
import type { Engine } from '../engine';
import { dispatchApiCall } from '../engine/dispatch';
import { mediaType, readBody, sendError, sendJson } from './http-utils';

/** Bodies of UI API calls are small JSON documents; a memory file is well under this. */
export const API_BODY_LIMIT = 2 * 1024 * 1024;

/** `POST /api/<method>`: the JSON body is the method's input. Answers `{value}` or `{error}`. */
export async function handleApiCall(engine: Engine, method: string, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'POST') {
    sendError(res, { code: 'method_not_allowed', message: 'API methods are called with POST.' }, { allow: 'POST' });
    return;
  }
  let input: unknown = undefined;
  try {
    const raw = await readBody(req, API_BODY_LIMIT);
    if (raw.length > 0) {
      if (mediaType(req) !== 'application/json') {
        throw new ApiError('unsupported_media_type', 'Send the input as application/json.');
      }
      try {
        input = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new ApiError('invalid_input', 'The request body is not valid JSON.');
      }
    }
  } catch (error) {
    sendError(res, toErrorBody(error));
    return;
  }
  const envelope = await dispatchApiCall(engine, method, input);
  if (envelope.ok) sendJson(res, 200, { value: envelope.value });
  else sendError(res, envelope.error);
}
