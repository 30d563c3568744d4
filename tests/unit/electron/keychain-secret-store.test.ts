import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileSecretStore } from '../../../src-main/engine';
import { createFakeElectron } from '../../helpers/fake-electron';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

const fake = createFakeElectron();
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));
const { createSecretStore, KeychainSecretStore, keychainDescription } = await import(
  '../../../src-main/electron/keychain-secret-store'
);

let home: TempHome;
beforeEach(async () => {
  home = await makeTempHome();
  fake.state.encryption = true;
  fake.state.linuxBackend = 'gnome_libsecret';
});
afterEach(() => home.cleanup());

const files = () => [path.join(home.home, 'secrets.enc.json'), path.join(home.home, 'secrets.json')] as const;

describe('secrets in the tray app', () => {
  it('stores only ciphertext when the OS keychain is available', async () => {
    const store = createSecretStore(fake.module.safeStorage as never, 'linux', ...files());
    expect(store).toBeInstanceOf(KeychainSecretStore);
    expect(store.description).toBe('Linux keyring (gnome_libsecret)');
    await store.set('api-key', 'sk-ant-secret');
    expect(await store.get('api-key')).toBe('sk-ant-secret');
    const onDisk = await readFile(files()[0], 'utf8');
    expect(onDisk).not.toContain('sk-ant-secret');
  });

  it('falls back to the private file (and says so) when Linux has no keyring', async () => {
    fake.state.linuxBackend = 'basic_text';
    expect(createSecretStore(fake.module.safeStorage as never, 'linux', ...files())).toBeInstanceOf(FileSecretStore);
    fake.state.linuxBackend = 'gnome_libsecret';
    fake.state.encryption = false;
    expect(createSecretStore(fake.module.safeStorage as never, 'darwin', ...files())).toBeInstanceOf(FileSecretStore);
  });

  it('names the keychain per OS', () => {
    expect(keychainDescription('darwin', undefined)).toBe('macOS Keychain');
    expect(keychainDescription('win32', undefined)).toBe('Windows (DPAPI)');
    expect(keychainDescription('linux', 'kwallet5')).toBe('Linux keyring (kwallet5)');
  });
});
