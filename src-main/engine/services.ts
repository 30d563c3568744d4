/**
 * What the engine receives from its host instead of reaching for it: time, logging, secrets and
 * notifications differ between the tray app, `memsync serve` and the tests.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines carry a scope, e.g. `engine` or `server`. */
  child(scope: string): Logger;
}

/** Where secrets live: the OS keychain in the tray app, a private file on headless machines. */
export interface SecretStore {
  /** A short description for status and doctor, e.g. "macOS Keychain" or "file (0600)". */
  readonly description: string;
  /** Something the person should know about the store (a damaged file moved aside), or null. */
  readonly problem?: string | null;
  /** Why secrets are not in a keychain here, and what protects them instead (Settings, doctor). */
  readonly warning?: string;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export interface Notifier {
  /** `view`: where a click on the notification should take the person (the tray app opens it). */
  notify(title: string, body: string, view?: 'home' | 'approvals'): void;
}
