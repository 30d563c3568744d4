import { cloudStorageDir, envPath, ifDir, subDirs, type Candidate, type DetectContext } from './context';

/** The two account kinds Dropbox's info.json can describe, in the order we list them. */
const ACCOUNT_KINDS = ['personal', 'business'] as const;

/**
 * Where the Dropbox client writes `info.json`, which names its folders wherever the person moved
 * them (Dropbox's help centre documents the file for exactly this use). On Windows it may be
 * under Roaming or Local AppData depending on the install; both are read, duplicates are merged
 * later. Without APPDATA/LOCALAPPDATA the profile's default AppData folders are used.
 */
function infoJsonPaths(c: DetectContext): string[] {
  const { p, home } = c;
  if (c.os !== 'win32') return [p.join(home, '.dropbox', 'info.json')];
  const roaming = envPath(c, 'APPDATA') ?? p.join(home, 'AppData', 'Roaming');
  const local = envPath(c, 'LOCALAPPDATA') ?? p.join(home, 'AppData', 'Local');
  return [p.join(roaming, 'Dropbox', 'info.json'), p.join(local, 'Dropbox', 'info.json')];
}

/**
 * The account folders an info.json names, e.g.
 *   {"personal": {"path": "/Users/a/Dropbox", ...}, "business": {"path": "/Users/a/Dropbox (Contoso)", ...}}
 * Anything unexpected (not JSON, not an object, a path that is not an absolute string, a folder
 * that is gone) is skipped rather than trusted: the file is the client's, not ours.
 */
export function parseDropboxInfo(c: DetectContext, text: string): Candidate[] {
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(info)) return [];
  return ACCOUNT_KINDS.flatMap((kind) => {
    const account = info[kind];
    const dir = isRecord(account) ? account.path : undefined;
    if (typeof dir !== 'string' || !c.p.isAbsolute(dir)) return [];
    return ifDir(c, dir, kind);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "Dropbox" → null, "Dropbox-Personal" → personal, "Dropbox-Contoso" / "Dropbox (Contoso)" → business. */
function fileProviderDetail(name: string): string | null {
  const suffix = /^dropbox(?:\s*-\s*|\s*\()(.+?)\)?$/i.exec(name)?.[1]?.trim();
  if (!suffix) return null;
  return /^personal$/i.test(suffix) ? 'personal' : `business: ${suffix}`;
}

/**
 * Dropbox, in this order:
 * - the folders `info.json` names (personal, then business), the client's own record;
 * - macOS: every `~/Library/CloudStorage/Dropbox*` folder (the File Provider build), in case
 *   info.json is missing or stale;
 * - `~/Dropbox`, the default location, only when info.json gave nothing, because otherwise it
 *   is at best the same folder and at worst a stale leftover of a moved Dropbox.
 */
export function findDropbox(c: DetectContext): Candidate[] {
  const fromInfo = infoJsonPaths(c).flatMap((file) => {
    const text = c.fs.readText(file);
    return text === undefined ? [] : parseDropboxInfo(c, text);
  });
  const fileProvider =
    c.os === 'darwin'
      ? subDirs(c, cloudStorageDir(c), (name) => /^dropbox/i.test(name)).map((name) => ({
          path: c.p.join(cloudStorageDir(c), name),
          detail: fileProviderDetail(name),
        }))
      : [];
  const fallback = fromInfo.length === 0 ? ifDir(c, c.p.join(c.home, 'Dropbox')) : [];
  return [...fromInfo, ...fileProvider, ...fallback];
}
