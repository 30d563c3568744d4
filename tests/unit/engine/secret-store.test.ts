import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore, openSecretStore } from '../../../src-main/engine';
import { KeyringSecretStore, type KeychainEntryFactory } from '../../../src-main/engine/secrets/keyring-secret-store';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/** A keychain in memory that records which account names were used. */
function fakeKeychain(works = true) {
  const values = new Map<string, string>();
  const factory: KeychainEntryFactory = (name) => ({
    getPassword: async () => {
      if (!works) throw new Error('no D-Bus session');
      return values.get(name) ?? null;
    },
    setPassword: async (value) => void values.set(name, value),
    deletePassword: async () => values.delete(name),
  });
  return { values, factory };
}

let home: TempHome;
beforeEach(async () => {
  home = await makeTempHome();
});
afterEach(() => home.cleanup());

const open = (keychain: KeychainEntryFactory, env: Record<string, string> = {}, dir = home.home) =>
  openSecretStore({ userDataDir: dir, platform: 'darwin', env, keychain, probeTimeoutMs: 200 });

describe('the machine\'s secret store', () => {
  it('uses the keychain when it answers, records that, and scopes entries to the user-data folder', async () => {
    const keychain = fakeKeychain();
    const store = await open(keychain.factory);
    expect(store).toBeInstanceOf(KeyringSecretStore);
    expect(store.description).toBe('macOS Keychain');
    await store.set('capture-token', 't1');
    expect(await (await open(keychain.factory)).get('capture-token')).toBe('t1');
    expect((await readFile(path.join(home.home, 'secret-store'), 'utf8')).trim()).toBe('keychain');
    // Another profile on the same keychain does not see it.
    const other = path.join(home.home, 'other-profile');
    expect(await (await open(keychain.factory, {}, other)).get('capture-token')).toBeUndefined();
    expect([...keychain.values.keys()].every((k) => /^capture-token@[0-9a-f]{12}$/.test(k))).toBe(true);
  });

  it('falls back to the private file when there is no keychain, and keeps that choice', async () => {
    const store = await open(fakeKeychain(false).factory);
    expect(store).toBeInstanceOf(FileSecretStore);
    await store.set('capture-token', 't2');
    // Even when a keychain appears later, the secrets stay where they are.
    const later = await open(fakeKeychain(true).factory);
    expect(await later.get('capture-token')).toBe('t2');
    // Never silently: status and doctor say why and what protects the file, every time it opens.
    const file = path.join(home.home, 'secrets.json');
    expect(later.warning).toBe(`The macOS Keychain did not answer when memsync first started on this machine, so its secrets (the API key, the capture and UI tokens) are in ${file}: readable only by you (0600), but not encrypted.`);
    const linux = await openSecretStore({ userDataDir: path.join(home.home, 'linux'), platform: 'linux', env: {}, keychain: fakeKeychain(false).factory, probeTimeoutMs: 200 });
    expect(linux.warning).toMatch(/^No Secret Service keyring \(GNOME Keyring, KWallet\) answered when memsync first started/);
  });

  it('falls back to the file when the keychain library throws at once (no D-Bus on a headless box)', async () => {
    const throwing: KeychainEntryFactory = () => {
      throw new Error('Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled');
    };
    expect(await open(throwing)).toBeInstanceOf(FileSecretStore);
  });

  it('never quietly switches: a session that cannot reach the recorded keychain says so', async () => {
    await open(fakeKeychain(true).factory);
    const blind = await open(fakeKeychain(false).factory);
    expect(blind.description).toContain('not reachable');
    await expect(blind.get('capture-token')).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('desktop session') });
  });

  it('keeps using an existing secrets file, and MEMSYNC_SECRET_STORE=file forces the file', async () => {
    await writeFile(path.join(home.home, 'secrets.json'), '{"capture-token":"old"}');
    const existing = await open(fakeKeychain(true).factory);
    expect(await existing.get('capture-token')).toBe('old');
    const fresh = path.join(home.home, 'fresh');
    const forced = await open(fakeKeychain(true).factory, { MEMSYNC_SECRET_STORE: 'file' }, fresh);
    expect(forced).toBeInstanceOf(FileSecretStore);
    // Chosen, not fallen back to: nothing to warn about.
    expect([existing.warning, forced.warning, (await open(fakeKeychain(true).factory, {}, fresh)).warning]).toEqual([undefined, undefined, undefined]);
  });
});
