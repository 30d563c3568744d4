export { createEngine, type Engine, type EngineOptions } from './engine';
export { createLogger, inBackground, logUnhandledRejections, parseLogLevel, silentLogger } from './logger';
export { osFromPlatform, resolveAppPaths, type AppPaths } from './platform/paths';
export { FileSecretStore, MemorySecretStore, ensureSecret, generateToken } from './secrets/file-secret-store';
export { openSecretStore } from './secrets/open-secret-store';
export type { Clock, Logger, Notifier, SecretStore } from './services';
export type { Env } from './platform/paths';
export { openSettingsStore, type SettingsStore } from './settings';
export { decodeNoteBytes } from './notes/note-bytes';
