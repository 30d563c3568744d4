import { open } from 'node:fs/promises';

/**
 * Appends `text` and fsyncs before returning; the caller holds the file's lock. One O_APPEND write
 * when the disk takes it all (so an unlocked appender elsewhere — memsync, a sync client — cannot
 * interleave inside it); a short write (disk nearly full) is continued, never acknowledged as done.
 *
 * `freshLine`: when the file does not end with a newline (a writer died mid-line), the text starts
 * on a new line, so the torn fragment stays one malformed line that readers skip and cannot
 * swallow this record.
 */
export async function appendDurably(file: string, text: string, options: { mode?: number; freshLine?: boolean } = {}): Promise<void> {
  const handle = await open(file, 'a+', options.mode ?? 0o644);
  try {
    let bytes = Buffer.from(text, 'utf8');
    if (options.freshLine) {
      const { size } = await handle.stat();
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) bytes = Buffer.concat([Buffer.from('\n'), bytes]);
      }
    }
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
      written += bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}
