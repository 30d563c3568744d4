import { randomBytes } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write';
import { describeFsError } from '../fs/fs-errors';
import { parseJsonOrUndefined } from '../fs/read-json';
import type { SecretStore } from '../services';

const SecretsFileSchema = z.record(z.string(), z.string());

/**
 * Secrets in a JSON file readable only by its owner (0600). For headless machines without a
 * keychain (`memsync serve` on a Raspberry Pi); the tray app uses the OS keychain instead.
 * A file that does not parse (a torn copy, a hand edit) is moved aside, never read as empty and
 * never overwritten: what it held stays there for the person, `problem` says so, and the store
 * starts over, so the capture token is made anew (phones need it again) and the rest of the app
 * keeps working instead of answering every note with an error.
 */
export class FileSecretStore implements SecretStore {
  readonly description = 'file readable only by you (0600)';
  readonly warning?: string;
  readonly #file: string;
  #queue: Promise<unknown> = Promise.resolve();
  #problem: string | null = null;

  /** `warning`: why the file is used instead of a keychain, when that was not the person's choice. */
  constructor(file: string, warning?: string) {
    this.#file = file;
    if (warning) this.warning = warning;
  }

  get problem(): string | null {
    return this.#problem;
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.#read())[name];
  }

  set(name: string, value: string): Promise<void> {
    return this.#update((all) => ({ ...all, [name]: value }));
  }

  delete(name: string): Promise<void> {
    return this.#update((all) => Object.fromEntries(Object.entries(all).filter(([key]) => key !== name)));
  }

  async #read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw describeFsError(error, this.#file) ?? error;
    }
    const parsed = SecretsFileSchema.safeParse(parseJsonOrUndefined(text));
    if (parsed.success) return parsed.data;
    await this.#setAside();
    return {};
  }

  async #setAside(): Promise<void> {
    const aside = `${this.#file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(this.#file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it first
      throw error;
    }
    this.#problem = `The secrets file was damaged; it was moved to ${aside} and new secrets are kept in a fresh one. Phones and scripts need the new capture token (memsync token); store the API key again if it was there (memsync config set api_key -).`;
  }

  /** Serializes read-modify-write cycles within this process. */
  #update(change: (all: Record<string, string>) => Record<string, string>): Promise<void> {
    const next = this.#queue.then(async () => {
      const updated = change(await this.#read());
      await writeFileAtomic(this.#file, `${JSON.stringify(updated, null, 2)}\n`, { mode: 0o600 });
    });
    this.#queue = next.catch(() => {});
    return next;
  }
}

/** An unguessable token (192 bits, URL-safe). */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

const ensuring = new WeakMap<SecretStore, Map<string, Promise<string>>>();

/**
 * Returns the named secret, generating and storing it on first use. Calls that overlap share one
 * lookup: two first uses at once (the QR code and a phone's request) must not each generate a
 * token, leaving one of them with a token that was never stored.
 */
export function ensureSecret(store: SecretStore, name: string, generate = generateToken): Promise<string> {
  let inFlight = ensuring.get(store);
  if (!inFlight) ensuring.set(store, (inFlight = new Map()));
  const running = inFlight.get(name);
  if (running) return running;
  const lookup = (async () => {
    const existing = await store.get(name);
    if (existing) return existing;
    const value = generate();
    await store.set(name, value);
    return value;
  })().finally(() => inFlight.delete(name));
  inFlight.set(name, lookup);
  return lookup;
}

/** A store kept in memory (tests, and hosts that must not persist anything). */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory (not persisted)';
  readonly #values = new Map<string, string>();
  async get(name: string) {
    return this.#values.get(name);
  }
  async set(name: string, value: string) {
    this.#values.set(name, value);
  }
  async delete(name: string) {
    this.#values.delete(name);
  }
}
