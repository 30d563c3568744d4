/** Text helpers the record parsers share. */

/** `"token"` as bytes, for the parsers' cheap raw-line tests. */
export const quoted = (token: string): Buffer => Buffer.from(JSON.stringify(token));

const REMINDER_OPEN = '<system-reminder>';
const REMINDER_CLOSE = '</system-reminder>';

/**
 * Removes every complete `<system-reminder>…</system-reminder>` block (harness text the agent
 * injects into what reaches the model) and keeps the person's text around it. An opening tag
 * without its closing one is left alone: it is more likely the person's own text. Linear in the
 * text's length (no backtracking regular expression on possibly huge input).
 */
export function stripSystemReminders(text: string): string {
  let open = text.indexOf(REMINDER_OPEN);
  if (open === -1) return text;
  let out = '';
  let from = 0;
  while (open !== -1) {
    const close = text.indexOf(REMINDER_CLOSE, open + REMINDER_OPEN.length);
    if (close === -1) break;
    out += text.slice(from, open);
    from = close + REMINDER_CLOSE.length;
    open = text.indexOf(REMINDER_OPEN, from);
  }
  // The blocks sat on lines of their own: do not leave a stack of empty lines where they were.
  return (out + text.slice(from)).replace(/\n{3,}/g, '\n\n');
}

/** The first of `prefixes` that `text` starts with (after leading whitespace), if any. */
export function startsWithOneOf<T extends string>(text: string, prefixes: readonly T[]): T | undefined {
  const start = text.length - text.trimStart().length;
  return prefixes.find((p) => text.startsWith(p, start));
}

// Python's str.isspace() characters: Unicode White_Space plus the separators \x1c-\x1f.
// eslint-disable-next-line no-control-regex -- the control characters are the point
const PYTHON_NOT_SPACE = /[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/**
 * Whether memsync (Python) sees text here: it keeps a turn when Python's `str.strip()` leaves
 * something, and Python's whitespace is not quite JavaScript's (it includes \x1c-\x1f and \x85,
 * not U+FEFF). Its counts decide what harvested.json means, so the difference matters.
 */
export function pythonStripLeavesText(text: string): boolean {
  return PYTHON_NOT_SPACE.test(text);
}
