import { z } from 'zod/mini';

/**
 * Every failure the API reports has a code a program can branch on and a message a person can
 * read. The transports carry it unchanged (HTTP maps the code to a status, IPC sends it as data).
 */
export const ErrorCodeSchema = z.enum([
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'unavailable',
  'too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.optional(z.unknown()),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into an error body, hiding internals of unexpected errors. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof ApiError) return error.toBody();
  return { code: 'internal', message: 'Something went wrong inside memsync; the log has the details.' };
}

/** One answer shape for every transport: a value, or an error body. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };
