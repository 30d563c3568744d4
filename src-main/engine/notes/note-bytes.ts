/**
 * How bytes become a note's text: one rule for the capture endpoint and the inbox folder.
 *
 * - A byte-order mark names the encoding: UTF-8, or UTF-16 (what Windows Notepad saves as
 *   "Unicode"); without one the text is UTF-8.
 * - Bytes that are not UTF-8 become U+FFFD: the note is kept ("café" sent as Latin-1 arrives as
 *   "caf�") rather than lost in a folder nobody looks into.
 * - A NUL character means the bytes are not text at all (a picture saved as .md): refused.
 */
export type DecodedNote = { text: string; replaced: boolean } | { error: string };

export const NOT_TEXT = 'not text (it holds NUL characters: binary data, not a note)';

function encodingOf(bytes: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; skip: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return { encoding: 'utf-8', skip: 0 };
}

export function decodeNoteBytes(bytes: Uint8Array): DecodedNote {
  const { encoding, skip } = encodingOf(bytes);
  const body = bytes.subarray(skip);
  let text: string;
  let replaced = false;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
    replaced = true;
  }
  if (text.includes('\0')) return { error: NOT_TEXT };
  return { text, replaced };
}
