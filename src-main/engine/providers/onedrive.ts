import {
  cloudStorageDir,
  envPath,
  ifDir,
  subDirs,
  windowsProfiles,
  type Candidate,
  type DetectContext,
} from './context';

/**
 * What a folder's name says about the OneDrive account behind it:
 *   "OneDrive"                        → null (the default account; personal or work, unknown)
 *   "OneDrive-Personal"               → "personal" (macOS File Provider)
 *   "OneDrive-Contoso", "OneDrive - Contoso" → "business: Contoso" (File Provider / classic client)
 *   "OneDrive-SharedLibraries-…"      → not an account root (see below): undefined
 * Anything else that merely starts with "OneDrive" is still taken (null detail), as the
 * predecessor did, because Microsoft has renamed these folders before.
 */
export function oneDriveFolderDetail(name: string): string | null | undefined {
  if (!/^onedrive/i.test(name)) return undefined;
  // SharePoint document libraries a person chose to sync land in "OneDrive-SharedLibraries-<Org>".
  // They are shared with colleagues: never suggest putting someone's private memory there.
  if (/^onedrive-sharedlibraries/i.test(name)) return undefined;
  if (/^onedrive$/i.test(name)) return null;
  if (/^onedrive-personal$/i.test(name)) return 'personal';
  const org = /^onedrive(?:\s+-\s+|-)(.+)$/i.exec(name)?.[1]?.trim();
  return org ? `business: ${org}` : null;
}

/** Sorted OneDrive account folders directly inside `dir`, personal first, shared libraries never. */
function accountFolders(c: DetectContext, dir: string): Candidate[] {
  const found = subDirs(c, dir, (name) => oneDriveFolderDetail(name) !== undefined).map((name) => ({
    path: c.p.join(dir, name),
    detail: oneDriveFolderDetail(name) ?? null,
  }));
  // Personal (or the unlabelled default) before business accounts; otherwise keep sorted order.
  const rank = (d: Candidate) => (d.detail === null ? 0 : d.detail === 'personal' ? 1 : 2);
  return found.sort((a, b) => rank(a) - rank(b));
}

/**
 * OneDrive, in this order:
 * - macOS: `~/OneDrive` (classic client), `~/OneDrive - <Org>` (classic client, work accounts),
 *   then every account under `~/Library/CloudStorage` (File Provider client, current since 2022):
 *   `OneDrive-Personal` first, then work accounts sorted by name. The predecessor took only the
 *   first work account; a person with two tenants now sees both.
 * - Windows: the client's own environment variables (`OneDrive`, `ONEDRIVE`, `OneDriveConsumer`,
 *   `OneDriveCommercial`) are the most reliable source because Known Folder Move and custom
 *   locations put the folder anywhere; then `OneDrive` and `OneDrive - <Org>` in the profile.
 *   A variable pointing at a folder that no longer exists (an unlinked account) is ignored.
 * - Linux: no official client; `~/OneDrive` (abraunegg/onedrive's default) and `~/onedrive`
 *   (a common rclone mount point).
 */
export function findOneDrive(c: DetectContext): Candidate[] {
  const { p, home } = c;
  if (c.os === 'darwin') {
    return [
      ...ifDir(c, p.join(home, 'OneDrive')),
      ...accountFolders(c, home).filter((d) => d.detail?.startsWith('business: ')),
      ...accountFolders(c, cloudStorageDir(c)),
    ];
  }
  if (c.os === 'win32') {
    const fromEnv = (name: string, fallbackDetail: string | null): Candidate[] => {
      const dir = envPath(c, name);
      if (!dir) return [];
      // The folder's own name is the best label ("OneDrive - Contoso"); the variable only tells
      // personal from work when the name does not.
      const named = oneDriveFolderDetail(p.basename(dir));
      return ifDir(c, dir, named ?? fallbackDetail);
    };
    return [
      ...fromEnv('OneDrive', null),
      ...fromEnv('ONEDRIVE', null),
      ...fromEnv('OneDriveConsumer', 'personal'),
      ...fromEnv('OneDriveCommercial', 'business'),
      ...windowsProfiles(c).flatMap((profile) => accountFolders(c, profile)),
    ];
  }
  return [...ifDir(c, p.join(home, 'OneDrive')), ...ifDir(c, p.join(home, 'onedrive'))];
}
