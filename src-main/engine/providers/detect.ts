import type { Os } from '../../../src-shared/contract';
import type { ProviderName } from '../../../src-shared/contract/settings';
import { pathFor } from '../platform/paths';
import { makeContext, type Candidate, type DetectContext, type DetectEnv } from './context';
import { findDropbox } from './dropbox';
import { findGoogleDrive } from './gdrive';
import { findICloud } from './icloud';
import { findOneDrive } from './onedrive';

export type { DetectEnv } from './context';
export { nodeFsProbe, type FsProbe } from './probe';

/** A sync folder found on this machine, with the memory root memsync uses inside it. */
export interface FoundFolder {
  name: ProviderName;
  displayName: string;
  syncRoot: string;
  memoryRoot: string;
  /** e.g. "business: Contoso", "personal", an account e-mail; null when nothing useful is known. */
  detail: string | null;
}

export const PROVIDER_DISPLAY_NAMES: Record<ProviderName, string> = {
  onedrive: 'OneDrive',
  icloud: 'iCloud Drive',
  gdrive: 'Google Drive',
  dropbox: 'Dropbox',
  custom: 'Custom folder',
};

type Finder = (c: DetectContext) => Candidate[];

/**
 * Detection priority. Whenever several folders are found the person chooses (first-run wizard,
 * `memsync init`), so this order only decides the list order and which entry is suggested; it is
 * set on purpose here, unlike the predecessor's accidental alphabetical order (spec §11 item 22):
 *
 * 1. OneDrive: memsync (Python) documented it first and made it the default provider, so a
 *    person moving over is offered the folder their memory most likely already lives in.
 * 2. Dropbox: only ever installed on purpose, has a first-party Linux client (the headless Pi
 *    case), and says exactly where its folders are (info.json) instead of leaving us to guess.
 * 3. Google Drive: also installed on purpose, but no Linux client and its folder has moved at
 *    least four times on macOS, so a found path is a weaker promise.
 * 4. iCloud Drive: present on nearly every Mac whether or not the person keeps files in it, so
 *    finding it says little about intent; it has no Linux client at all, and "Optimize Mac
 *    Storage" evicts files into placeholders more eagerly than the others.
 *
 * `custom` is never detected: it is whatever folder the person names.
 */
const DETECTION_ORDER: ReadonlyArray<readonly [ProviderName, Finder]> = [
  ['onedrive', findOneDrive],
  ['dropbox', findDropbox],
  ['gdrive', findGoogleDrive],
  ['icloud', findICloud],
];

/**
 * The memory folder inside a sync folder, shared with memsync (Python): `.claude-memory`, except
 * on iCloud, which does not sync folders whose names start with a dot, so there it is
 * `claude-memory`. The rule follows the provider, not the path, exactly as memsync does for a
 * person who names an iCloud folder explicitly.
 */
export function memoryRootFor(name: ProviderName, syncRoot: string, os: Os): string {
  return pathFor(os).join(syncRoot, name === 'icloud' ? 'claude-memory' : '.claude-memory');
}

/** `dir` normalized and without trailing separators (except a bare root such as `G:\` or `/`). */
function cleanPath(c: DetectContext, dir: string): string {
  const normalized = c.p.normalize(dir);
  const root = c.p.parse(normalized).root;
  const trimmed = normalized.replace(c.os === 'win32' ? /[\\/]+$/ : /\/+$/, '');
  return trimmed.length >= root.length ? trimmed : root;
}

/**
 * The identity of a folder for de-duplication: symlinks resolved when the probe can (macOS
 * Dropbox leaves `~/Dropbox` pointing at its File Provider folder), and case folded on Windows
 * and macOS, whose default filesystems ignore case (`%OneDrive%` often differs in case from the
 * profile folder's name).
 */
function identity(c: DetectContext, dir: string): string {
  const key = cleanPath(c, c.fs.realPath(dir) ?? dir);
  return c.os === 'linux' ? key : key.toLowerCase();
}

/**
 * Every sync folder found, in priority order (see DETECTION_ORDER) and, within a provider, in
 * the order its finder documents. A folder reached twice appears once, where it was first found;
 * a later sighting can still supply a detail the first one lacked (e.g. `%OneDrive%` first, then
 * `%OneDriveConsumer%` telling us it is the personal account). Never throws: a finder that fails
 * counts as finding nothing, and the others still report.
 */
export function detectProviders(e: DetectEnv): FoundFolder[] {
  const c = makeContext(e);
  const found: FoundFolder[] = [];
  const byIdentity = new Map<string, FoundFolder>();
  for (const [name, find] of DETECTION_ORDER) {
    let candidates: Candidate[];
    try {
      candidates = find(c);
    } catch {
      candidates = [];
    }
    for (const candidate of candidates) {
      const key = identity(c, candidate.path);
      const earlier = byIdentity.get(key);
      if (earlier) {
        if (earlier.detail === null && earlier.name === name) earlier.detail = candidate.detail;
        continue;
      }
      const syncRoot = cleanPath(c, candidate.path);
      const folder: FoundFolder = {
        name,
        displayName: PROVIDER_DISPLAY_NAMES[name],
        syncRoot,
        memoryRoot: memoryRootFor(name, syncRoot, c.os),
        detail: candidate.detail,
      };
      byIdentity.set(key, folder);
      found.push(folder);
    }
  }
  return found;
}
