import {
  cloudStorageDir,
  envPath,
  ifDir,
  subDirs,
  windowsProfiles,
  type Candidate,
  type DetectContext,
} from './context';

/** "My Drive" is the part of a Google account that is the person's own files (not shared drives). */
const MY_DRIVE = 'My Drive';

/**
 * One candidate per Google account under `~/Library/CloudStorage/GoogleDrive-<e-mail>`, sorted by
 * folder name so the same machine always lists them in the same order (the predecessor took
 * whichever the OS listed first). Inside an account, `My Drive` is preferred; the account folder
 * itself is the fallback for layouts where it is missing (older builds, a stream still mounting).
 */
function macAccounts(c: DetectContext): Candidate[] {
  const root = cloudStorageDir(c);
  return subDirs(c, root, (name) => /^googledrive/i.test(name)).map((name) => {
    const account = c.p.join(root, name);
    const myDrive = c.p.join(account, MY_DRIVE);
    const email = /^googledrive-(.+)$/i.exec(name)?.[1] ?? null;
    return { path: c.fs.isDir(myDrive) ? myDrive : account, detail: email };
  });
}

/**
 * Google Drive, in this order:
 * - macOS: every account in `~/Library/CloudStorage` (Google Drive for desktop, File Provider),
 *   then `/Volumes/GoogleDrive/My Drive` (Drive File Stream and Drive for desktop before 2022),
 *   then legacy `~/Google Drive` (Backup and Sync).
 * - Windows: `GDRIVE_ROOT` (a person's explicit choice), `Google Drive` (Backup and Sync) and
 *   `My Drive` (Drive for desktop in mirror mode) in the profile, then `G:\My Drive` (the default
 *   streamed drive). A bare `G:\` is never taken: the predecessor counted any G: drive, which on
 *   many machines is a USB stick or a mapped network share.
 * - Linux: no official client; the usual rclone / google-drive-ocamlfuse mount points.
 */
export function findGoogleDrive(c: DetectContext): Candidate[] {
  const { p, home } = c;
  if (c.os === 'darwin') {
    return [
      ...macAccounts(c),
      ...ifDir(c, p.join('/Volumes', 'GoogleDrive', MY_DRIVE)),
      ...ifDir(c, p.join(home, 'Google Drive')),
    ];
  }
  if (c.os === 'win32') {
    const fromEnv = envPath(c, 'GDRIVE_ROOT');
    return [
      ...(fromEnv ? ifDir(c, fromEnv) : []),
      ...windowsProfiles(c).flatMap((profile) => [
        ...ifDir(c, p.join(profile, 'Google Drive')),
        ...ifDir(c, p.join(profile, MY_DRIVE)),
      ]),
      // Only the streamed drive's own "My Drive" folder proves it is Google Drive. Other drive
      // letters are not probed: touching a disconnected network drive can stall for seconds.
      ...ifDir(c, p.join('G:\\', MY_DRIVE)),
    ];
  }
  return ['GoogleDrive', 'google-drive', 'gdrive', 'Google Drive'].flatMap((name) => ifDir(c, p.join(home, name)));
}
