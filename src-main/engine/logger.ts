import type { LogLevel, Logger } from './services';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  return value !== undefined && value in ORDER ? (value as LogLevel) : fallback;
}

/**
 * A plain line logger: `time LEVEL [scope] message {fields}`. Lines go to `write` (stderr for the
 * CLI, a file in the tray app, an array in tests).
 */
export function createLogger(options: { level?: LogLevel; write: (line: string) => void; scope?: string }): Logger {
  const min = ORDER[options.level ?? 'info'];
  const make = (scope: string | undefined): Logger => {
    const log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
      if (ORDER[level] < min) return;
      const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : '';
      const tag = scope ? ` [${scope}]` : '';
      options.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)}${tag} ${message}${extra}`);
    };
    return {
      debug: (m, f) => log('debug', m, f),
      info: (m, f) => log('info', m, f),
      warn: (m, f) => log('warn', m, f),
      error: (m, f) => log('error', m, f),
      child: (child) => make(scope ? `${scope}.${child}` : child),
    };
  };
  return make(options.scope);
}

/**
 * Work nobody awaits (watcher and timer callbacks): a failure is logged, never left as an
 * unhandled rejection, which would end `memsync serve`.
 */
export function inBackground(logger: Logger, what: string, work: Promise<unknown>): void {
  // At debug level each background job says what it did and how long it took.
  const started = performance.now();
  logger.debug(`${what}…`);
  work.then(
    () => logger.debug(`${what}: done`, { ms: Math.round(performance.now() - started) }),
    (error: unknown) => logger.warn(`${what} failed`, { error }),
  );
}

/**
 * The hosts' last safety net: a promise rejection nobody handled is logged as a bug instead of
 * ending the process (Node's default), so an always-on `memsync serve` keeps serving. Returns the
 * function that removes it.
 */
export function logUnhandledRejections(logger: Logger): () => void {
  const onRejection = (reason: unknown) => logger.error('unhandled rejection (a bug; please report it)', { error: reason });
  process.on('unhandledRejection', onRejection);
  return () => process.off('unhandledRejection', onRejection);
}

function safeJson(fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(fields, (_key, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message } : value,
    );
  } catch {
    return '{"unserializable":true}';
  }
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ write: () => {}, level: 'error' });
