import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

const MAX_LOG_BYTES = 5 * 1024 * 1024;

/**
 * A log-line writer for the tray app (which has no terminal): appends to `file`, rotating it to
 * `file.1` past 5 MB so the log never fills a disk. Logging must never crash the app.
 */
export function createFileLogWriter(file: string): (line: string) => void {
  let size: number | undefined;
  return (line) => {
    try {
      if (size === undefined) {
        mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      }
      if (size > MAX_LOG_BYTES) {
        renameSync(file, `${file}.1`);
        size = 0;
      }
      const text = `${line}\n`;
      appendFileSync(file, text, { mode: 0o600 });
      size += Buffer.byteLength(text);
    } catch {
      // nowhere left to report it
    }
  };
}
