import { AsyncEntry } from '@napi-rs/keyring';
import type { SecretStore } from '../services';

/** The service name every secret of this app is filed under in the OS keychain. */
export const KEYCHAIN_SERVICE = 'memsync-desktop';

/** What the keychain needs from a credential entry (an interface, so tests can stand in for it). */
export interface KeychainEntry {
  getPassword(): Promise<string | null | undefined>;
  setPassword(value: string): Promise<void>;
  deletePassword(): Promise<boolean>;
}
export type KeychainEntryFactory = (name: string) => KeychainEntry;

/**
 * The OS keychain through @napi-rs/keyring (N-API: the same binary works in plain Node and in
 * Electron, so the tray app, `memsync serve` and the CLI share one store). On Linux only the
 * Secret Service (GNOME Keyring, KWallet) is used: the kernel keyring it would otherwise fall
 * back to forgets everything at reboot.
 */
export const osKeychainEntry: KeychainEntryFactory = (name) =>
  new AsyncEntry(KEYCHAIN_SERVICE, name, { linux: { store: 'secret-service' } }) as unknown as KeychainEntry;

export function keychainName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service keyring (GNOME Keyring / KWallet)';
}

export class KeyringSecretStore implements SecretStore {
  readonly description: string;
  readonly #entry: KeychainEntryFactory;

  constructor(description: string, entry: KeychainEntryFactory = osKeychainEntry) {
    this.description = description;
    this.#entry = entry;
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.#entry(name).getPassword()) ?? undefined;
  }

  async set(name: string, value: string): Promise<void> {
    await this.#entry(name).setPassword(value);
  }

  async delete(name: string): Promise<void> {
    await this.#entry(name).deletePassword().catch(() => false);
  }
}
