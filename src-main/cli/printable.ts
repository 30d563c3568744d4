/**
 * Text from notes and proposals as it may reach a terminal: anyone with the capture token can
 * put ESC (colour, cursor moves, a fake prompt, OSC 52 clipboard writes), NUL or bidi overrides
 * (text that reads other than it is) into a note. Those characters are shown escaped (`\x1b`,
 * `\u202e`), visible and harmless; tabs stay. Lines are printed one by one, so `\n` never
 * reaches this.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
