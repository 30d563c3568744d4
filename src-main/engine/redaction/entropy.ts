// Shannon entropy and the "does this token look random?" test behind the `high-entropy` rule.
//
// Why these numbers (measured with 3,000 random tokens per alphabet and length, and with the
// ~6,000 distinct runs of 32+ characters in this repository's node_modules: identifiers, paths,
// URLs, slugs, base64 data):
// - A uniformly random string of length n over k symbols has an expected empirical entropy of
//   about log2(k) - (k-1)/(2·n·ln 2) bits per character (the Miller–Madow bias correction; for
//   n = 32 and k = 64 that is 4.58 bits, measured mean 4.56).
// - A token counts as random when its entropy is at least that expectation minus 0.6 bits, the
//   alphabet being the character classes it actually uses (hex counts as 16 symbols). Fewer than
//   0.3 % of random tokens of 32+ characters fall under that line.
// - Entropy alone does not separate long identifiers from keys: `BetaManagedAgentsThreadLimit…`
//   reaches 4.5–4.7 bits. Words are what differs: they come in long chunks (camelCase or
//   snake_case parts) that carry vowels, with a number or two at most. Such a token is "wordy"
//   and not a secret; random base64 averages 1.5 characters per chunk and never looks wordy.
// - Result through redactSecrets: random base64 / base64url / alphanumeric / lower+digit /
//   upper+digit tokens are missed ≤ 2 % at 32 chars (mostly base64 whose `/` splits it into
//   word-like path segments), < 1 % at 40, < 0.5 % at 64. Of the node_modules runs, 41 were
//   flagged, every one a random id, hash or base64 blob.
/** Shannon entropy of `s` in bits per UTF-16 code unit (0 for the empty string). */
export function shannonEntropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const count of counts.values()) {
    const p = count / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Expected entropy of a uniformly random string of `length` symbols from an alphabet of `k`. */
export function expectedRandomEntropy(length: number, k: number): number {
  if (length <= 1 || k <= 1) return 0;
  return Math.max(0, Math.log2(k) - (k - 1) / (2 * length * Math.LN2));
}

/** How far below the random expectation a token may fall and still count as random (bits). */
export const ENTROPY_MARGIN = 0.6;

const HEX = /^[0-9a-fA-F]+$/;

/**
 * True when `token` (no surrounding punctuation) looks like random key material rather than an
 * identifier, a path segment or a slug. Callers decide length and context (git SHAs, UUIDs, labels).
 */
export function looksRandom(token: string): boolean {
  const n = token.length;
  if (n < 2) return false;
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 48 && c <= 57) digit++;
    else other++;
  }
  const hex = HEX.test(token);
  const k = hex && lower + upper > 0 ? 16 : (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 2 : 0);
  if (shannonEntropy(token) < expectedRandomEntropy(n, k) - ENTROPY_MARGIN) return false;
  if (hex) return true;
  return !isWordy(token, other);
}

const CHUNK = /[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|[0-9]+/g;
const VOWEL = /[aeiouy]/i;
const WORDISH_PART = /^(?:[A-Za-z]{1,15}[0-9]{0,2}|[0-9]{1,4})$/; // words, `v2`, dates

function isWordy(token: string, separators: number): boolean {
  // identifier_like-or-kebab-case: most separated parts are short words.
  const parts = token.split(/[-_/+]+/).filter((p) => p.length > 0);
  if (parts.length >= 3) {
    const wordish = parts.filter((p) => WORDISH_PART.test(p) && (p.length <= 4 || VOWEL.test(p) || /^\d+$/.test(p))).length;
    if (wordish / parts.length >= 0.75) return true;
  }
  const chunks = token.match(CHUNK) ?? [];
  if (chunks.length === 0) return true;
  const avgChunk = (token.length - separators) / chunks.length;
  let letters = 0;
  let vowels = 0;
  for (let i = 0; i < token.length; i++) {
    const ch = token[i] ?? '';
    if (/[A-Za-z]/.test(ch)) {
      letters++;
      if (VOWEL.test(ch)) vowels++;
    }
  }
  // Acronyms (`XDG`, `HTTPS`) are words without vowels; judge the lower-case chunks.
  const letterChunks = chunks.filter((c) => c.length >= 3 && /[a-z]/.test(c));
  const withVowel = letterChunks.filter((c) => VOWEL.test(c)).length / Math.max(1, letterChunks.length);
  // Identifiers carry a number or two (`Tool20250818`, `_js_1`); random alphanumerics scatter digits.
  const digitChunks = chunks.filter((c) => /^[0-9]/.test(c)).length;
  return avgChunk >= 3 && digitChunks <= 2 && vowels / Math.max(1, letters) >= 0.2 && withVowel >= 0.8;
}
