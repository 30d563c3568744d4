// The Electron fuses electron-builder flips at package time (electron-builder.yml's electronFuses),
// as the fuse wire @electron/fuses reads from a binary. Shared by pack:check (which reads them
// back from the packed stub) and the fuse configuration's unit test.
import fusesPackage from '@electron/fuses';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const { FuseV1Options, getCurrentFuseWire } = fusesPackage;
/** A fuse's byte in the wire (@electron/fuses' FuseState, which its index does not export). */
const ENABLE = 0x31;
const DISABLE = 0x30;
const REMOVED = 0x72;

/** electron-builder's option name for each fuse, in wire order. */
export const FUSE_OPTIONS = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};

/** The sentinel @electron/fuses looks for in a binary, and Electron 45's wire as it ships. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const ELECTRON_DEFAULT_WIRE = '10110001';

export function builderConfig(root) {
  return parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
}

/** What each fuse must read in the packaged binary: "on" or "off", by electron-builder's names. */
export function configuredFuses(root) {
  const fuses = builderConfig(root).electronFuses ?? {};
  return Object.fromEntries(Object.keys(FUSE_OPTIONS).map((name) => [name, fuses[name] === undefined ? 'unset' : fuses[name] ? 'on' : 'off']));
}

/** The fuses of a binary, by electron-builder's names. */
export async function readFuses(binary) {
  const wire = await getCurrentFuseWire(binary);
  const state = (value) => (value === ENABLE ? 'on' : value === DISABLE ? 'off' : value === REMOVED ? 'removed' : 'unset');
  return Object.fromEntries(Object.entries(FUSE_OPTIONS).map(([name, index]) => [name, state(wire[index])]));
}

/** A fuse wire as it sits in an Electron binary (sentinel, version 1, length, one byte per fuse). */
export function fuseWireBytes(states = ELECTRON_DEFAULT_WIRE) {
  return Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, states.length]), Buffer.from(states, 'latin1')]);
}
