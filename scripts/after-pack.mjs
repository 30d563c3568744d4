// electron-builder's afterPack hook: fails a build whose app lacks the native keychain module
// for the platform and architecture it was packed for. npm installs only the binary of the
// machine it runs on, so an x64 macOS app packed on an arm64 runner needs the x64 one installed
// first (the release workflow does that).
import { existsSync } from 'node:fs';
import path from 'node:path';

/** electron-builder's Arch enum (builder-util). */
const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };

/** The @napi-rs/keyring package holding the binary for a platform and architecture. */
export function keyringPackages(platform, arch) {
  if (arch === 'universal') return [...keyringPackages(platform, 'x64'), ...keyringPackages(platform, 'arm64')];
  const cpu = arch === 'armv7l' ? 'arm' : arch;
  const abi = platform === 'win32' ? '-msvc' : platform === 'linux' ? (arch === 'armv7l' ? '-gnueabihf' : '-gnu') : '';
  return [`@napi-rs/keyring-${platform}-${cpu}${abi}`];
}

function resourcesDir(context) {
  if (context.electronPlatformName !== 'darwin' && context.electronPlatformName !== 'mas') return path.join(context.appOutDir, 'resources');
  const app = `${context.packager.appInfo.productFilename}.app`;
  return path.join(context.appOutDir, app, 'Contents', 'Resources');
}

export async function afterPack(context) {
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  const unpacked = path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules');
  const missing = keyringPackages(context.electronPlatformName, arch).filter((pkg) => !existsSync(path.join(unpacked, pkg)));
  if (missing.length) {
    throw new Error(`The ${context.electronPlatformName}-${arch} app has no keychain binary (${missing.join(', ')} is not in app.asar.unpacked). Install it for that platform first: npm install --no-save --os=${context.electronPlatformName} --cpu=${arch} ${missing.join(' ')}`);
  }
}

export default afterPack;
