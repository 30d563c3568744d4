import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../src-shared/contract/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import type { SecretStore } from '../services';
import { FileSecretStore } from './file-secret-store';
import { keychainName, KeyringSecretStore, osKeychainEntry, type KeychainEntryFactory } from './keyring-secret-store';

type Backend = 'keychain' | 'file';
const NO_KEYCHAIN = 'no keychain answered';

/** What Settings and doctor say when secrets went to the file because no keychain answered. */
export function fileFallbackWarning(platform: NodeJS.Platform, keychain: string, file: string): string {
  const missing = platform === 'linux' ? 'No Secret Service keyring (GNOME Keyring, KWallet) answered' : `The ${keychain} did not answer`;
  return `${missing} when memsync first started on this machine, so its secrets (the API key, the capture and UI tokens) are in ${file}: readable only by you (0600), but not encrypted.`;
}

export interface OpenSecretStoreOptions {
  userDataDir: string;
  platform: NodeJS.Platform;
  /** MEMSYNC_SECRET_STORE=file forces the private file (headless boxes, CI). */
  env: Readonly<Record<string, string | undefined>>;
  keychain?: KeychainEntryFactory;
  /** How long to wait for a keychain that does not answer (a D-Bus call with no session). */
  probeTimeoutMs?: number;
}

/** A store for a keychain this session cannot reach: every use explains why. */
class UnreachableSecretStore implements SecretStore {
  readonly description: string;
  readonly #error: ApiError;
  constructor(name: string) {
    this.description = `${name} (not reachable from this session)`;
    this.#error = new ApiError(
      'unavailable',
      `Secrets on this machine are kept in the ${name}, which this session cannot reach (over SSH, or without a desktop session?). Run the command in the desktop session.`,
    );
  }
  async get(): Promise<string | undefined> {
    throw this.#error;
  }
  async set(): Promise<void> {
    throw this.#error;
  }
  async delete(): Promise<void> {
    throw this.#error;
  }
}

async function keychainWorks(entry: KeychainEntryFactory, timeoutMs: number): Promise<boolean> {
  // The native module may throw synchronously (no D-Bus session on a headless Linux box), so the
  // call runs inside the promise chain.
  const probe = Promise.resolve()
    .then(() => entry('probe').getPassword())
    .then(() => true, () => false);
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  return Promise.race([probe, timeout]);
}

/**
 * The secret store of this machine, the same for every process (tray app, `memsync serve`, CLI):
 * the OS keychain when it answers, otherwise a file only the owner can read. The choice is
 * recorded in the user-data folder at first use and then kept, so no process ever quietly uses
 * another store (which would give the phone one capture token and the server another).
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const marker = path.join(options.userDataDir, 'secret-store');
  const file = path.join(options.userDataDir, 'secrets.json');
  // Entries are scoped to this user-data folder, so a second profile (or a temporary HOME) never
  // reads or overwrites another's tokens in the one per-user keychain.
  const scope = createHash('sha256').update(options.userDataDir).digest('hex').slice(0, 12);
  const base = options.keychain ?? osKeychainEntry;
  const entry: KeychainEntryFactory = (name) => base(`${name}@${scope}`);
  const name = keychainName(options.platform);
  // The marker's first line is the store; a second one records that no keychain answered.
  const [recorded = '', why = ''] = (await readFile(marker, 'utf8').catch(() => '')).split('\n').map((line) => line.trim());
  let backend = recorded as Backend | '';
  let noKeychain = why === NO_KEYCHAIN;

  if (backend !== 'keychain' && backend !== 'file') {
    // Forced (MEMSYNC_SECRET_STORE=file), or secrets already in the file (an earlier version): they stay there.
    const chosenFile = options.env.MEMSYNC_SECRET_STORE === 'file' || existsSync(file);
    backend = chosenFile ? 'file' : (await keychainWorks(entry, options.probeTimeoutMs ?? 3000)) ? 'keychain' : 'file';
    noKeychain = backend === 'file' && !chosenFile;
    await writeFileAtomic(marker, `${backend}\n${noKeychain ? `${NO_KEYCHAIN}\n` : ''}`, { mode: 0o600 });
  }
  if (backend === 'file') return new FileSecretStore(file, noKeychain ? fileFallbackWarning(options.platform, name, file) : undefined);
  if (!(await keychainWorks(entry, options.probeTimeoutMs ?? 3000))) return new UnreachableSecretStore(name);
  return new KeyringSecretStore(name, entry);
}
