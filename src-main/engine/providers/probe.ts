import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';

/**
 * The few questions provider detection asks of a filesystem. Synchronous on purpose: detection
 * runs rarely (first run, `providers`, the Settings page) and touches a handful of paths, so
 * async plumbing would buy nothing. Injected so every OS's layout can be tested on any machine.
 */
export interface FsProbe {
  isDir(path: string): boolean;
  isFile(path: string): boolean;
  /** The file's text, or undefined when it is missing, unreadable or implausibly large. */
  readText(path: string): string | undefined;
  /** Entry names, sorted so results never depend on directory order; [] when unreadable. */
  listDir(path: string): string[];
  /**
   * The canonical path with symlinks resolved, or undefined when unknown. Optional: only used to
   * spot one folder reached by two names (macOS Dropbox leaves `~/Dropbox` as a link to its File
   * Provider folder), so a fake without it simply compares paths as written.
   */
  realPath?(path: string): string | undefined;
}

/** info.json and friends are a few hundred bytes; refuse to slurp anything silly into memory. */
const MAX_TEXT_BYTES = 1024 * 1024;

/**
 * The real probe. Every method swallows errors: to detection, a folder it cannot stat (EACCES, a
 * drive that went away, a FUSE mount that hangs up) is simply not there.
 */
export function nodeFsProbe(): FsProbe {
  const stat = (p: string) => {
    try {
      // statSync follows symlinks, so a linked sync folder counts as the folder it points to.
      return statSync(p, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
  };
  return {
    isDir: (p) => stat(p)?.isDirectory() ?? false,
    isFile: (p) => stat(p)?.isFile() ?? false,
    readText(p) {
      const s = stat(p);
      if (!s?.isFile() || s.size > MAX_TEXT_BYTES) return undefined;
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    listDir(p) {
      try {
        // Plain code-unit order, not locale order: the same on every machine.
        return readdirSync(p).sort();
      } catch {
        return [];
      }
    },
    realPath(p) {
      try {
        return realpathSync.native(p);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Wraps any probe (a test fake, a future remote probe) so a throwing method reads as "not there";
 * detection code can then be written straight, without a try around every question.
 */
export function safeProbe(fs: FsProbe): Required<FsProbe> {
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => R, fallback: R) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } catch {
        return fallback;
      }
    };
  return {
    isDir: guard((p: string) => fs.isDir(p) === true, false),
    isFile: guard((p: string) => fs.isFile(p) === true, false),
    readText: guard((p: string) => fs.readText(p), undefined),
    listDir: guard((p: string) => {
      const names = fs.listDir(p);
      return Array.isArray(names) ? [...names].sort() : [];
    }, []),
    realPath: guard((p: string) => fs.realPath?.(p), undefined),
  };
}
