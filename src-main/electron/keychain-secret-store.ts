import type { SafeStorage } from 'electron';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { FileSecretStore, type SecretStore } from '../engine';
import { writeFileAtomic } from '../engine/fs/atomic-write';

const EncryptedFileSchema = z.record(z.string(), z.string());

/**
 * Secrets encrypted with Electron's safeStorage, whose key lives in the OS keychain (macOS
 * Keychain, Windows DPAPI, Secret Service or KWallet on Linux). The ciphertext sits in a 0600 file
 * in the user-data folder; without the keychain it cannot be read.
 */
export class KeychainSecretStore implements SecretStore {
  readonly description: string;
  readonly #file: string;
  readonly #safeStorage: SafeStorage;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string, safeStorage: SafeStorage, description: string) {
    this.#file = file;
    this.#safeStorage = safeStorage;
    this.description = description;
  }

  async get(name: string): Promise<string | undefined> {
    const encrypted = (await this.#read())[name];
    return encrypted === undefined ? undefined : this.#safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
  }

  set(name: string, value: string): Promise<void> {
    const encrypted = this.#safeStorage.encryptString(value).toString('base64');
    return this.#update((all) => ({ ...all, [name]: encrypted }));
  }

  delete(name: string): Promise<void> {
    return this.#update((all) => Object.fromEntries(Object.entries(all).filter(([key]) => key !== name)));
  }

  async #read(): Promise<Record<string, string>> {
    try {
      const parsed = EncryptedFileSchema.safeParse(JSON.parse(await readFile(this.#file, 'utf8')));
      if (!parsed.success) throw new Error(`The secrets file ${this.#file} has an unexpected shape; fix or delete it.`);
      return parsed.data;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  #update(change: (all: Record<string, string>) => Record<string, string>): Promise<void> {
    const next = this.#queue.then(async () => {
      await writeFileAtomic(this.#file, `${JSON.stringify(change(await this.#read()), null, 2)}\n`, { mode: 0o600 });
    });
    this.#queue = next.catch(() => {});
    return next;
  }
}

/** Names the keychain behind safeStorage, for status and doctor. */
export function keychainDescription(platform: NodeJS.Platform, linuxBackend: string | undefined): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows (DPAPI)';
  return linuxBackend ? `Linux keyring (${linuxBackend})` : 'Linux keyring';
}

/**
 * The keychain store when the OS offers one. Linux without a keyring daemon reports the
 * `basic_text` backend (a hard-coded key): that is no better than a private file, so the plain 0600
 * file store is used and says so, instead of pretending to encrypt.
 */
export function createSecretStore(
  safeStorage: SafeStorage,
  platform: NodeJS.Platform,
  encryptedFile: string,
  plainFile: string,
): SecretStore {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined;
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown') {
    return new FileSecretStore(plainFile);
  }
  return new KeychainSecretStore(encryptedFile, safeStorage, keychainDescription(platform, backend));
}
