export {
  openSettingsStore,
  migrateSettingsData,
  SETTINGS_SCHEMA_VERSION,
  type OpenSettingsStoreOptions,
  type SettingsStore,
} from './settings-store';
export {
  ANTHROPIC_API_KEY_SECRET,
  importMemsyncConfigOnce,
  memsyncConfigPath,
  parseMemsyncConfig,
  type MemsyncImport,
  type MemsyncParseOptions,
} from './memsync-config';
