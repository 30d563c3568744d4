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
  let backend = (await readFile(marker, 'utf8').catch(() => '')).trim() as Backend | '';

  if (backend !== 'keychain' && backend !== 'file') {
    const forced = options.env.MEMSYNC_SECRET_STORE === 'file';
    // Secrets already in the file (an earlier version) stay there.
    backend = forced || existsSync(file) ? 'file' : (await keychainWorks(entry, options.probeTimeoutMs ?? 3000)) ? 'keychain' : 'file';
    await writeFileAtomic(marker, `${backend}\n`, { mode: 0o600 });
  }
  if (backend === 'file') return new FileSecretStore(file);
  if (!(await keychainWorks(entry, options.probeTimeoutMs ?? 3000))) return new UnreachableSecretStore(name);
  return new KeyringSecretStore(name, entry);
}
