import { open, type FileHandle } from 'node:fs/promises';

/**
 * Reads a JSONL file line by line in bounded memory, from a byte offset.
 *
 * Agents append to their transcripts while we read them, and the files are large (a Claude Code
 * session writes ~40 KB of request shape per API call; 100 MB sessions exist). So the file is
 * read in blocks into one reused buffer; a line that spans blocks is carried over, and a line
 * longer than `maxLineBytes` is skipped and counted without ever being held whole (a pasted log,
 * a base64 screenshot in a tool result). Bytes after the last newline are a line still being
 * written: they are reported as pending and never handed out, so the next pass reads them once
 * they are complete. The file's size is taken when it is opened: what is appended meanwhile is
 * for the next pass, which keeps each pass finite on a busy session.
 */

export interface LineReaderOptions {
  /** Where to start: a line start (a cursor's offset). Default 0. */
  start?: number;
  /** Longer lines are skipped and counted. Default 4 MiB: far above any typed turn. */
  maxLineBytes?: number;
  /** Bytes read per block. Default 1 MiB. */
  blockBytes?: number;
}

export interface LineCounts {
  /** Complete lines read (blank and oversize ones included). */
  lines: number;
  blankLines: number;
  oversizeLines: number;
  oversizeBytes: number;
  /** Bytes after the last newline: a line still being written, left for the next pass. */
  pendingBytes: number;
}

/**
 * A complete line (every one is handed out, blank and oversize ones too, so a consumer's offset
 * always sits after a line it saw). The object and `bytes` are only valid during the call: both
 * are reused, so that reading costs no allocation per line. `bytes` excludes the newline; it is
 * null for an oversize line, which is never held whole, and then `tail` holds its last bytes.
 * `end` is the offset just after the newline: where reading resumes. `length` counts the line's
 * bytes before the newline.
 */
export interface Line {
  kind: 'text' | 'blank' | 'oversize';
  bytes: Buffer | null;
  start: number;
  end: number;
  length: number;
  tail: Buffer | null;
}

/** Copies the last bytes of a line (at most TAIL_BYTES) into `target`; returns how many. */
export function copyTail(line: Line, target: Buffer): number {
  if (line.bytes) return line.bytes.copy(target, 0, Math.max(0, line.bytes.length - TAIL_BYTES));
  return line.tail ? line.tail.copy(target) : 0;
}

export type LineHandler = (line: Line) => void;

export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
const DEFAULT_BLOCK_BYTES = 1024 * 1024;
/** How much of a line's end identifies it in a cursor. */
export const TAIL_BYTES = 64;
const NEWLINE = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class LineReader {
  readonly size: number;
  readonly #handle: FileHandle;
  readonly #block: Buffer;
  readonly #maxLine: number;
  /** Next byte to read from the file. */
  #position: number;
  /** Start of the line being assembled (carried or skipped). */
  #lineStart: number;
  /** Bytes of a line that spans blocks. */
  #carry: Buffer[] = [];
  #carryLength = 0;
  /** Set while skipping an oversize line: its length so far, and its last bytes. */
  #skipping: { length: number; tail: Buffer } | null = null;
  #counts: LineCounts = { lines: 0, blankLines: 0, oversizeLines: 0, oversizeBytes: 0, pendingBytes: 0 };
  readonly #line: Line = { kind: 'text', bytes: null, start: 0, end: 0, length: 0, tail: null };

  private constructor(handle: FileHandle, size: number, start: number, options: LineReaderOptions) {
    this.#handle = handle;
    this.size = size;
    this.#position = start;
    this.#lineStart = start;
    this.#maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.#block = Buffer.allocUnsafe(Math.max(1024, options.blockBytes ?? DEFAULT_BLOCK_BYTES));
  }

  static async open(file: string, options: LineReaderOptions = {}): Promise<LineReader> {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const start = options.start ?? 0;
      if (!Number.isSafeInteger(start) || start < 0 || start > size) throw new RangeError(`start ${start} is outside ${file} (${size} bytes)`);
      return new LineReader(handle, size, start, options);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get counts(): Readonly<LineCounts> {
    return this.#counts;
  }

  /** The offset after the last complete line handed out or skipped: always a line start. */
  get offset(): number {
    return this.#lineStart;
  }

  /**
   * Reads the next block and calls `onLine` for each line it completes. Resolves false once the
   * file (as it was when opened) is read; a torn last line is then counted as pending.
   */
  async next(onLine: LineHandler): Promise<boolean> {
    const want = Math.min(this.#block.length, this.size - this.#position);
    const { bytesRead } = want > 0 ? await this.#handle.read(this.#block, 0, want, this.#position) : { bytesRead: 0 };
    if (bytesRead === 0) {
      // The end, or the file shrank under us: what is left unterminated is not ours yet.
      this.#counts.pendingBytes = this.#skipping ? this.#skipping.length : this.#carryLength;
      return false;
    }
    const blockStart = this.#position;
    this.#position += bytesRead;
    let from = 0;
    if (blockStart === 0 && this.#block.subarray(0, 3).equals(BOM)) from = 3; // never written by agents, but harmless
    const block = this.#block.subarray(0, bytesRead);
    for (;;) {
      const newline = block.indexOf(NEWLINE, from);
      if (newline === -1) break;
      this.#complete(block, from, newline, blockStart, onLine);
      from = newline + 1;
    }
    if (from < bytesRead) this.#hold(block, from, bytesRead);
    return true;
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }

  /** The line ending at `newline` in `block` is complete. */
  #complete(block: Buffer, from: number, newline: number, blockStart: number, onLine: LineHandler): void {
    const end = blockStart + newline + 1;
    const start = this.#lineStart;
    this.#lineStart = end;
    this.#counts.lines++;
    if (this.#skipping) {
      const tail = lastBytes(this.#skipping.tail, block.subarray(from, newline));
      this.#skipping = null;
      this.#skipOversize(start, end, tail, onLine);
      return;
    }
    let bytes: Buffer;
    if (this.#carryLength > 0) {
      const length = this.#carryLength + (newline - from);
      if (length > this.#maxLine) {
        const tail = lastBytes(Buffer.concat(this.#carry), block.subarray(from, newline));
        this.#dropCarry();
        this.#skipOversize(start, end, tail, onLine);
        return;
      }
      this.#carry.push(block.subarray(from, newline));
      bytes = Buffer.concat(this.#carry, length);
      this.#dropCarry();
    } else {
      if (newline - from > this.#maxLine) {
        this.#skipOversize(start, end, Buffer.from(block.subarray(Math.max(from, newline - TAIL_BYTES), newline)), onLine);
        return;
      }
      bytes = block.subarray(from, newline);
    }
    const blank = isBlank(bytes);
    if (blank) this.#counts.blankLines++;
    onLine(this.#fill(blank ? 'blank' : 'text', bytes, start, end, null));
  }

  /** Bytes at the block's end belong to a line that continues in the next block. */
  #hold(block: Buffer, from: number, to: number): void {
    if (this.#skipping) {
      this.#skipping.length += to - from;
      this.#skipping.tail = lastBytes(this.#skipping.tail, block.subarray(from, to));
      return;
    }
    if (this.#carryLength + (to - from) > this.#maxLine) {
      // Too long to keep: from here on only its length and its last bytes are remembered.
      const tail = lastBytes(Buffer.concat(this.#carry), block.subarray(from, to));
      this.#skipping = { length: this.#carryLength + (to - from), tail };
      this.#dropCarry();
      return;
    }
    // A copy: the block buffer is overwritten by the next read.
    this.#carry.push(Buffer.from(block.subarray(from, to)));
    this.#carryLength += to - from;
  }

  #skipOversize(start: number, end: number, tail: Buffer, onLine: LineHandler): void {
    const length = end - 1 - start;
    this.#counts.oversizeLines++;
    this.#counts.oversizeBytes += length;
    onLine(this.#fill('oversize', null, start, end, tail));
  }

  #fill(kind: Line['kind'], bytes: Buffer | null, start: number, end: number, tail: Buffer | null): Line {
    const line = this.#line;
    line.kind = kind;
    line.bytes = bytes;
    line.start = start;
    line.end = end;
    line.length = end - 1 - start;
    line.tail = tail;
    return line;
  }

  #dropCarry(): void {
    this.#carry = [];
    this.#carryLength = 0;
  }
}

/** The last TAIL_BYTES of `a` followed by `b`, as a new buffer. */
function lastBytes(a: Buffer, b: Buffer): Buffer {
  if (b.length >= TAIL_BYTES) return Buffer.from(b.subarray(b.length - TAIL_BYTES));
  const need = TAIL_BYTES - b.length;
  return Buffer.concat([a.subarray(Math.max(0, a.length - need)), b]);
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}
