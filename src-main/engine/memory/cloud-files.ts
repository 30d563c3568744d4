import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConflictCopy, Placeholder } from '../../../src-shared/contract/memory';
import { MEMORY_FILE } from './layout';

/*
 * What cloud clients leave next to the canonical memory file. memsync (Python) ignored both
 * (spec §11 item 1): a conflict copy silently held the other machine's edits, and an online-only
 * placeholder could be read as an empty memory and "refreshed" into a near-empty file.
 */

type ConflictInfo = Omit<ConflictCopy, 'path'>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `GLOBAL_MEMORY.md` → stem `GLOBAL_MEMORY`, extension `.md` (regex-escaped, ready to embed). */
function splitName(canonical: string): { stem: string; ext: string } {
  const ext = path.extname(canonical);
  return { stem: escapeRegExp(canonical.slice(0, canonical.length - ext.length)), ext: escapeRegExp(ext) };
}

interface ConflictPattern {
  kind: ConflictInfo['kind'];
  build(stem: string, ext: string): RegExp;
  /** The machine or person named in the file, or null; `false` rejects a match after all. */
  machine(match: RegExpExecArray): string | null | false;
}

/**
 * The naming schemes, each anchored at both ends and built around the escaped stem and
 * extension, so the canonical file, `.tmp` files, backups (`GLOBAL_MEMORY_20260101_120000.md`,
 * underscore) and other names never match. All are case-insensitive: on the case-insensitive
 * filesystems of macOS and Windows the clients' spelling of the extension and suffix varies.
 */
const CONFLICT_PATTERNS: readonly ConflictPattern[] = [
  {
    // Dropbox: "<stem> (conflicted copy 2026-01-02)<ext>", with the person's or machine's name
    // before it ("Ana's conflicted copy", "MacBook-Pro's conflicted copy") and an optional
    // " (1)" counter inside the parenthesis when the same day produces several copies. The owner
    // may use a typographic apostrophe; anything after the date (newer clients add a time) is
    // allowed as long as it has no parentheses of its own.
    kind: 'dropbox',
    build: (stem, ext) =>
      new RegExp(
        `^${stem} \\((?:([^()]+?)['’]s )?conflicted copy \\d{4}-\\d{2}-\\d{2}(?: [^()]*?)?(?: \\(\\d+\\))?\\)${ext}$`,
        'i',
      ),
    machine: (m) => m[1]?.trim() || null,
  },
  {
    // Google Drive: "<stem> (1)<ext>", "<stem> (2)<ext>": a bare counter in parentheses.
    kind: 'gdrive',
    build: (stem, ext) => new RegExp(`^${stem} \\(\\d+\\)${ext}$`, 'i'),
    machine: () => null,
  },
  {
    // iCloud: "<stem> 2<ext>", "<stem> 3<ext>": a space and a counter, which starts at 2.
    kind: 'icloud',
    build: (stem, ext) => new RegExp(`^${stem} ([2-9]|[1-9]\\d+)${ext}$`, 'i'),
    machine: () => null,
  },
  {
    // OneDrive: "<stem>-<MACHINE><ext>", then "<stem>-<MACHINE>-1<ext>" for further copies.
    // Machine names may contain hyphens (Windows' default "DESKTOP-AB12CD3"), so the name is
    // matched lazily and only a final "-<digits>" is taken as the counter. Names are letters,
    // digits, dots, underscores and hyphens (NetBIOS and host names have no spaces). A suffix of
    // digits only ("<stem>-2.md") is no machine name and is left alone.
    kind: 'onedrive',
    build: (stem, ext) => new RegExp(`^${stem}-([\\p{L}\\p{N}][\\p{L}\\p{N}._-]*?)(?:-\\d+)?${ext}$`, 'iu'),
    machine: (m) => (m[1] && !/^\d+$/.test(m[1]) ? m[1] : false),
  },
];

/** What a file name says about being a cloud client's conflict copy of `canonical`, or null. */
export function classifyConflictCopy(fileName: string, canonical = MEMORY_FILE): ConflictInfo | null {
  const { stem, ext } = splitName(canonical);
  for (const pattern of CONFLICT_PATTERNS) {
    const match = pattern.build(stem, ext).exec(fileName);
    if (!match) continue;
    const machine = pattern.machine(match);
    if (machine === false) continue;
    return { name: fileName, kind: pattern.kind, machine };
  }
  return null;
}

/**
 * The conflict copies of `canonical` directly inside `memoryRoot` (not recursive: clients put them
 * next to the original), sorted by name. A missing or unreadable folder has none: this is advice
 * shown next to the memory, and the memory's own read reports a broken root far more clearly.
 */
export async function findConflictCopies(memoryRoot: string, canonical = MEMORY_FILE): Promise<ConflictCopy[]> {
  const entries = await readdir(memoryRoot, { withFileTypes: true }).catch(() => []);
  const copies: ConflictCopy[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const info = classifyConflictCopy(entry.name, canonical);
    if (info) copies.push({ path: path.join(memoryRoot, entry.name), ...info });
  }
  return copies.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** iCloud replaces an evicted file with a hidden stub: `GLOBAL_MEMORY.md` → `.GLOBAL_MEMORY.md.icloud`. */
function iCloudStubName(canonical: string): string {
  return `.${canonical}.icloud`;
}

/**
 * Why `fileName` is a placeholder rather than the memory's content, or null when it is not one:
 * - the iCloud stub of the canonical file;
 * - the canonical file at 0 bytes: some clients (and interrupted syncs) leave an empty file
 *   before the content arrives, and a real memory always has at least its version line;
 * - size > 0 but no blocks allocated: a "dataless" file whose content lives only in the cloud
 *   (macOS File Provider on APFS, some FUSE mounts). Callers pass `blocks` undefined where it
 *   means nothing (see findPlaceholder).
 */
export function classifyPlaceholder(
  fileName: string,
  stat: { size: number; blocks?: number } | undefined,
  canonical = MEMORY_FILE,
): Placeholder['reason'] | null {
  if (fileName.toLowerCase() === iCloudStubName(canonical).toLowerCase()) return 'icloud-stub';
  if (fileName.toLowerCase() !== canonical.toLowerCase() || !stat) return null;
  if (stat.size === 0) return 'zero-bytes';
  if (stat.size > 0 && stat.blocks === 0) return 'dataless';
  return null;
}

async function statFile(file: string) {
  try {
    const s = await stat(file);
    return s.isFile() ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The canonical file's placeholder state, or null when its content is on this disk (or it is
 * simply absent, which is not a placeholder). Checked in this order:
 * 1. the canonical file holds data → null, even if a stale iCloud stub lies next to it;
 * 2. an iCloud stub exists → `icloud-stub`, with the stub's path (the only file actually there);
 * 3. the canonical file is empty or dataless → that reason, with its path.
 * `platform` is injectable for tests; on Windows `blocks` is ignored because NTFS keeps small
 * files inside the MFT with no clusters allocated, so 0 blocks there is normal for real content.
 */
export async function findPlaceholder(
  memoryRoot: string,
  canonical = MEMORY_FILE,
  platform: NodeJS.Platform = process.platform,
): Promise<Placeholder | null> {
  const file = path.join(memoryRoot, canonical);
  const main = await statFile(file);
  const blocks = platform === 'win32' ? undefined : main?.blocks;
  const reason = main ? classifyPlaceholder(canonical, { size: main.size, blocks }, canonical) : null;
  if (main && reason === null) return null;
  const stub = path.join(memoryRoot, iCloudStubName(canonical));
  if (await statFile(stub)) return { path: stub, reason: 'icloud-stub' };
  return reason ? { path: file, reason } : null;
}
