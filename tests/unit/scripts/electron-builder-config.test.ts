import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script (scripts/ has no type declarations)
import { builderConfig, configuredFuses, fuseWireBytes, readFuses } from '../../../scripts/fuses.mjs';
import { repoRoot } from '../../helpers/repo';

// @ts-expect-error: a plain JavaScript build script
import { afterPack, keyringPackages } from '../../../scripts/after-pack.mjs';

const config = builderConfig(repoRoot);

describe('the packaged app’s fuses', () => {
  it('turn off running as Node, NODE_OPTIONS and --inspect, and turn on cookie encryption and asar integrity', () => {
    expect(configuredFuses(repoRoot)).toEqual({
      runAsNode: 'off',
      enableCookieEncryption: 'on',
      enableNodeOptionsEnvironmentVariable: 'off',
      enableNodeCliInspectArguments: 'off',
      enableEmbeddedAsarIntegrityValidation: 'on',
      onlyLoadAppFromAsar: 'on',
      loadBrowserProcessSpecificV8Snapshot: 'off',
      grantFileProtocolExtraPrivileges: 'off',
    });
    expect(config.asar).toBe(true);
  });

  it('are read back from a binary the way pack:check reads the packed one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'memsync-fuses-'));
    try {
      const { writeFile } = await import('node:fs/promises');
      const binary = path.join(dir, 'electron');
      await writeFile(binary, Buffer.concat([Buffer.from('#!/bin/sh\n'), fuseWireBytes('01001100')]));
      expect(await readFuses(binary)).toMatchObject({ runAsNode: 'off', enableCookieEncryption: 'on', enableEmbeddedAsarIntegrityValidation: 'on', onlyLoadAppFromAsar: 'on', grantFileProtocolExtraPrivileges: 'off' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the installers', () => {
  it('macOS: dmg and zip for both architectures, hardened runtime with its entitlements, notarized when the environment says how', () => {
    expect(config.mac.target).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, icon: 'dist/icons/app/icon.icns', extendInfo: { LSUIElement: true } });
    expect(config.mac.notarize).toBeUndefined(); // not false: electron-builder notarizes when APPLE_* are set
    expect(readFileSync(path.join(repoRoot, config.mac.entitlements), 'utf8')).toContain('com.apple.security.cs.allow-jit');
  });

  it('Windows: a per-user NSIS installer; Linux: AppImage and deb; updates from GitHub Releases', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false });
    expect(config.linux.target.map((t: { target: string }) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux.desktop.desktopActions.QuickNote.Exec).toBe('memsync-desktop --quick-note');
    expect(config.publish).toMatchObject({ provider: 'github', releaseType: 'draft' });
    // The icons are the build's (scripts/icons.mjs writes exactly these).
    for (const icon of [config.mac.icon, config.win.icon, `${config.linux.icon}/512x512.png`]) expect(existsSync(path.join(repoRoot, icon)), icon).toBe(true);
  });
});

describe('the native keychain module in each package', () => {
  it('names the binary package of each platform and architecture', () => {
    expect(keyringPackages('darwin', 'arm64')).toEqual(['@napi-rs/keyring-darwin-arm64']);
    expect(keyringPackages('darwin', 'universal')).toEqual(['@napi-rs/keyring-darwin-x64', '@napi-rs/keyring-darwin-arm64']);
    expect(keyringPackages('win32', 'x64')).toEqual(['@napi-rs/keyring-win32-x64-msvc']);
    expect(keyringPackages('linux', 'x64')).toEqual(['@napi-rs/keyring-linux-x64-gnu']);
    expect(keyringPackages('linux', 'armv7l')).toEqual(['@napi-rs/keyring-linux-arm-gnueabihf']);
    const optional = Object.keys(JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/@napi-rs/keyring/package.json'), 'utf8')).optionalDependencies);
    for (const [platform, arch] of [['darwin', 'arm64'], ['darwin', 'x64'], ['win32', 'x64'], ['linux', 'x64']]) {
      expect(optional).toContain(keyringPackages(platform!, arch!)[0]);
    }
  });

  it('fails a pack that lacks it, saying what to install', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'memsync-pack-'));
    try {
      const context = { appOutDir: out, electronPlatformName: 'darwin', arch: 1, packager: { appInfo: { productFilename: 'memsync' } } };
      await expect(afterPack(context)).rejects.toThrow(/darwin-x64 app has no keychain binary .*npm install --no-save --os=darwin --cpu=x64 @napi-rs\/keyring-darwin-x64/);
      await mkdir(path.join(out, 'memsync.app', 'Contents', 'Resources', 'app.asar.unpacked', 'node_modules', '@napi-rs', 'keyring-darwin-x64'), { recursive: true });
      await expect(afterPack(context)).resolves.toBeUndefined();
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
