// Context checks for secrets written the way people write them down: in a sentence ("the wifi
// password is …"), as a list of recovery codes, or as a token a line wrap cut in two.
import { looksRandom } from './entropy';
import type { Refine } from './refine';
import { isPlaceholder, isProse, readValue, type Span } from './values';

/** Words that say something about a password rather than being one ("the password is expired"). */
const ABOUT_WORDS = new Set([
  'expired', 'incorrect', 'wrong', 'correct', 'invalid', 'valid', 'required', 'optional', 'missing', 'empty', 'blank',
  'set', 'unset', 'changed', 'reset', 'same', 'different', 'weak', 'strong', 'long', 'short', 'secure', 'insecure',
  'saved', 'stored', 'kept', 'hidden', 'known', 'unknown', 'needed', 'mandatory', 'shared', 'rotated', 'encrypted',
  'hashed', 'ok', 'okay', 'fine', 'good', 'bad', 'simple', 'complex', 'temporary', 'new', 'old', 'default', 'below',
  'above', 'here', 'there', 'attached', 'enabled', 'disabled', 'locked', 'unlocked', 'protected', 'printed', 'written',
]);
/** Words that never appear in a generated passphrase but always in a sentence. */
const SENTENCE_WORDS = new Set([
  'the', 'a', 'an', 'in', 'on', 'at', 'is', 'are', 'was', 'to', 'of', 'for', 'from', 'with', 'by', 'and', 'or', 'not',
  'it', 'this', 'that', 'my', 'your', 'our', 'their', 'his', 'her', 'see', 'ask', 'use', 'via', 'under', 'inside',
]);

/**
 * A passphrase: three or more plain words to the end of the sentence, none of them a sentence
 * word (diceware has none). Three words must not say something about it either ("stored safely
 * offline"); four or more may ("correct horse battery staple").
 */
function passphraseAt(text: string, start: number): Span | null {
  const m = /^[A-Za-z]+(?:[ \t-][A-Za-z]+){2,11}/.exec(text.slice(start, start + 200));
  if (!m) return null;
  const words = m[0].toLowerCase().split(/[ \t-]/);
  if (words.some((w) => SENTENCE_WORDS.has(w) || w.length < 3)) return null;
  if (words.length < 4 && words.some((w) => ABOUT_WORDS.has(w))) return null;
  return { start, end: start + m[0].length };
}

/**
 * The value after "password is", "the password for the NAS is", "passphrase:" in prose: a word
 * that says something about the password (expired, stored, below…) or the start of a sentence
 * ("is kept in 1Password") is not one; a passphrase may be several words.
 */
export const proseSecretValue: Refine = ({ text, match }) => {
  const pos = match.index + match[0].length;
  const key = (match[1] ?? '').toLowerCase();
  const value = readValue(text, pos);
  if (!value) return null;
  const v = text.slice(value.start, value.end);
  if (isPlaceholder(v)) return null;
  if (!value.quoted && /^[A-Za-z]+$/.test(v)) {
    if (/phrase/.test(key)) {
      const phrase = passphraseAt(text, value.start);
      if (phrase) return phrase;
    }
    if (ABOUT_WORDS.has(v.toLowerCase()) || isProse(text, value) || v.length < 6) return null;
  }
  return v.length >= 4 ? value : null;
};

const CODE = /[A-Za-z0-9]{4,12}(?:-[A-Za-z0-9]{4,12}){0,3}(?![A-Za-z0-9-])/y;
const CODE_GAP = /(?:[ \t]*[,;]?[ \t]+|[ \t]*[,;]?[ \t]*\r?\n[ \t]*(?:[-*]|\d{1,2}[.)])?[ \t]*)/y;

/** `Recovery codes: 1a2b3-c4d5e 6f7a8-b9c0d …` (or a list under it): every code, none of the prose after. */
export const recoveryCodeList: Refine = ({ text, match }) => {
  let pos = match.index + match[0].length;
  let first = -1;
  let last = -1;
  for (let n = 0; n < 64; n++) {
    if (n > 0) {
      CODE_GAP.lastIndex = pos;
      const gap = CODE_GAP.exec(text);
      if (!gap) break;
      pos += gap[0].length;
    }
    CODE.lastIndex = pos;
    const code = CODE.exec(text);
    if (!code || !/\d/.test(code[0])) break;
    if (first < 0) first = pos;
    pos += code[0].length;
    last = pos;
  }
  return first < 0 ? null : { start: first, end: last };
};

/**
 * A token a line wrap cut in two (`ghp_…` at the end of one line, the rest starting the next):
 * both parts together, when the whole is long and random and the second part looks like the rest
 * of a token (a digit, or both cases), not like the next line's first word.
 */
export const splitToken: Refine = ({ text, match }) => {
  const head = match.indices?.[1];
  const tail = match.indices?.[2];
  if (!head || !tail) return null;
  const rest = text.slice(tail[0], tail[1]);
  if (!/\d/.test(rest) && !(/[a-z]/.test(rest) && /[A-Z]/.test(rest))) return null;
  const body = `${text.slice(head[0], head[1]).replace(/^(?:sk-ant-[a-z0-9]*-|sk-proj-|sk-|gh[pousr]_|github_pat_|glpat-|xox[a-z]-|hf_|npm_|pypi-)/, '')}${rest}`;
  return body.length >= 28 && looksRandom(body) ? { start: head[0], end: tail[1] } : null;
};
