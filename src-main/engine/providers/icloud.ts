import { ifDir, windowsProfiles, type Candidate, type DetectContext } from './context';

/**
 * iCloud Drive:
 * - macOS: `~/Library/Mobile Documents/com~apple~CloudDocs`, the one place every macOS version
 *   has kept it (Finder's "iCloud Drive" is a view of this folder).
 * - Windows: `iCloudDrive` in the profile (iCloud for Windows, both the classic and the
 *   Microsoft Store builds), looked for under every profile guess.
 * - Linux: Apple ships no client, so nothing is detected; a person with a mount can still pick
 *   it as a custom folder.
 */
export function findICloud(c: DetectContext): Candidate[] {
  const { p, home } = c;
  if (c.os === 'darwin') return ifDir(c, p.join(home, 'Library', 'Mobile Documents', 'com~apple~CloudDocs'));
  if (c.os === 'win32') return windowsProfiles(c).flatMap((profile) => ifDir(c, p.join(profile, 'iCloudDrive')));
  return [];
}
