// Reading values next to a key (`password=…`, `"token": "…"`, `--api-key …`) and telling
// references, placeholders, types and prose apart from literal secrets. Pure string functions.

export interface Span {
  readonly start: number;
  readonly end: number;
}

// ── Keys ────────────────────────────────────────────────────────────────────────────────────

/** Words that end a key holding a secret: `DB_PASSWORD`, `clientSecret`, `x-api-key`. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'passphrase', 'pwd', 'pw', 'psk', 'secret', 'token', 'apikey', 'secretkey', 'privatekey',
  'accesskey', 'authkey', 'clientsecret', 'credential', 'credentials', 'creds',
]);
/** Compounds written as one lower-case word (`dbpassword`, `accesstoken`). */
const SECRET_SUFFIXES = ['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'secretkey', 'privatekey', 'accesskey'];
/** `<word>_key` is a secret for these words (`api_key`, `AWS_SECRET_ACCESS_KEY`, `signing-key`). */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'sign', 'encryption', 'master', 'account', 'client',
  'auth', 'app', 'license', 'service', 'shared', 'subscription', 'webhook', 'hmac', 'session',
  'storage', 'admin', 'root', 'consumer', 'deploy', 'crypto', 'cipher', 'aes', 'jwt', 'ssh', 'gpg',
]);
/** Trailing words that keep a secret key secret (`password_hash`, `client-key-data`, `SecretString`). */
const SECRET_MODIFIERS = new Set([
  'hash', 'salt', 'digest', 'value', 'hex', 'b64', 'base64', 'raw', 'plain', 'plaintext', 'enc',
  'encrypted', 'bytes', 'data', 'string', 'str',
]);
/** Keys that only count with a long, non-word value (`auth: true` and `signature: Jane` are not secrets). */
const WEAK_WORDS = new Set(['auth', 'sig', 'signature', 'pass', 'pat']);

export type KeyStrength = 'strong' | 'weak';

export function splitKeyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

export function classifyKey(key: string): KeyStrength | null {
  return classifyWords(splitKeyWords(key));
}

function classifyWords(words: readonly string[]): KeyStrength | null {
  const last = words[words.length - 1];
  if (last === undefined) return null;
  const prev = words[words.length - 2];
  if (last === 'pass' && prev !== undefined) return 'strong';
  if (WEAK_WORDS.has(last)) return 'weak';
  if (SECRET_WORDS.has(last)) return 'strong';
  if (last === 'key' && prev !== undefined && KEY_QUALIFIERS.has(prev)) return 'strong';
  if (last === 'id' && prev === 'secret') return 'strong';
  if (SECRET_MODIFIERS.has(last) && words.length > 1) return classifyWords(words.slice(0, -1)) ?? null;
  const joined = words.join('');
  if (SECRET_SUFFIXES.some((s) => joined.endsWith(s))) return 'strong';
  return null;
}

// ── Values ──────────────────────────────────────────────────────────────────────────────────

export interface ValueSpan extends Span {
  readonly quoted: boolean;
}

const QUOTES = new Set(['"', "'", '`']);
const STOP = new Set([' ', '\t', '\n', '\r', '\f', '\v', '"', "'", '`', ',', ';']);
const ESCAPES = new Set(['n', 'r', 't', '"', "'"]);
const OPENER: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{', '>': '<' };

/**
 * Reads the value that starts at `pos` (after the separator and any blanks): a quoted string on
 * one line (a missing closing quote takes the rest of the line: fail closed), or an unquoted run
 * up to a blank, a quote, `,` or `;` (`&` and `#` too inside a query string).
 */
export function readValue(text: string, pos: number, inQuery = false): ValueSpan | null {
  const c = text[pos];
  if (c === undefined) return null;
  const escaped = c === '\\' && QUOTES.has(text[pos + 1] ?? '');
  if (escaped || QUOTES.has(c)) {
    // To the closing quote, or to the end of the line when there is none (fail closed).
    const quote = escaped ? (text[pos + 1] ?? '') : c;
    const start = pos + (escaped ? 2 : 1);
    let i = start;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\n' || ch === '\r') break;
      if (escaped ? ch === '\\' && text[i + 1] === quote : ch === quote) break;
      i += !escaped && ch === '\\' ? 2 : 1;
    }
    return { start, end: Math.min(i, text.length), quoted: true };
  }
  let i = pos;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (STOP.has(ch)) break;
    if (inQuery && (ch === '&' || ch === '#')) break;
    if (ch === '\\' && ESCAPES.has(text[i + 1] ?? '')) break; // JSON-escaped text: `…=abc\n…`
    i++;
  }
  let end = i;
  // A closing bracket the value never opened belongs to the code around it: `f(password=abc)`.
  const value = text.slice(pos, end);
  const opened = new Set(Object.values(OPENER).filter((o) => value.includes(o)));
  for (let o = OPENER[text[end - 1] ?? '']; end > pos && o !== undefined && !opened.has(o); o = OPENER[text[end - 1] ?? '']) end--;
  if (end > pos && text[end - 1] === '.' && isBlankOrEnd(text, end)) end--; // end of a sentence
  return end > pos ? { start: pos, end, quoted: false } : null;
}

function isBlankOrEnd(text: string, i: number): boolean {
  return i >= text.length || /\s/.test(text[i] ?? '');
}

/** The start of the line containing `pos`, looking at most `limit` characters back. */
export function lineBefore(text: string, pos: number, limit: number): string {
  const chunk = text.slice(Math.max(0, pos - limit), pos);
  const nl = Math.max(chunk.lastIndexOf('\n'), chunk.lastIndexOf('\r'));
  return chunk.slice(nl + 1);
}

// ── Not-a-secret values ─────────────────────────────────────────────────────────────────────

/**
 * Our own markers, never flagged again (idempotency): redaction's `[REDACTED:<kind>]`, and the
 * numbered `⟦kept-secret-N⟧` a refresh puts where the memory's own secrets were (they stay here).
 */
export const MARKER = /\[REDACTED:[a-z0-9-]{1,64}\]|⟦kept-secret-\d{1,6}⟧/g;
const MARKER_STARTS = ['[REDACTED:', '⟦kept-secret-'];

const KEYWORDS = new Set([
  'null', 'none', 'nil', 'undefined', 'true', 'false', 'yes', 'no', 'on', 'off', 'empty', 'required',
  'optional', 'string', 'number', 'boolean', 'bool', 'str', 'int', 'integer', 'float', 'bytes',
  'any', 'unknown', 'object', 'dict', 'list', 'void', 'never', 'redacted', 'hidden', 'masked',
  'omitted', 'todo', 'tbd', 'placeholder', 'secretstr', 'sensitive', 'await', 'new', 'function',
  'lambda', 'async', 'typeof', 'return', 'this', 'self', 'env', 'os',
]);
const PLACEHOLDER = new RegExp(
  [
    String.raw`^\$\{\{[^}]*\}\}$`, // GitHub Actions ${{ secrets.X }}
    String.raw`^\$\{[A-Za-z_][\w.]*\}$`, // ${VAR}
    String.raw`^\$[A-Za-z_]\w*$`, // $VAR
    String.raw`^\$\([^)]*\)$`, // $(command)
    String.raw`^\{\{[^}]*\}\}$`, // {{ template }}
    String.raw`^\{[A-Za-z_]\w*\}$`, // {name}
    String.raw`^%[A-Za-z_]\w*%$`, // %VAR%
    String.raw`^%\(\w+\)s$|^%s$`, // printf
    String.raw`^<[^<>]*>$`, // <your-token>
    String.raw`^<%.*%>$`, // ERB
    String.raw`^(?:x{3,}|X{3,}|\*+|•+|\.{3,}|…|-+|_+|\?+)$`, // masked / elided
    String.raw`^(?:your|my|the)[_-][A-Za-z_-]*$`, // your_api_key_here
    String.raw`^(?:process\.env|os\.environ|os\.getenv|ENV|import\.meta\.env)\b`, // env lookups
  ].join('|'),
  'i',
);
const TYPE_LIKE = /^(?:[A-Z]\w*(?:\[[\w ,.|[\]]*\]|<[\w ,.|<>[\]]*>)|(?:string|number|boolean|str|int|bytes|undefined|null)(?:\s*\|\s*\w+)+)\??[;,]?$/;
/** `config.token`, `self.secret`, `getToken(`, `os.environ[`: references, not literals. */
const CODE_REF = /^[A-Za-z_$][A-Za-z_$]*(?:\??\.[A-Za-z_$][A-Za-z0-9_$]*)+[([]?$|^[A-Za-z_$][\w$.]*[([]/;

export function isMarker(value: string): boolean {
  return MARKER_STARTS.some((start) => value.startsWith(start));
}

/** True when `text` may hold a marker (a cheap check before scanning for them). */
export function mayHoldMarker(text: string): boolean {
  return MARKER_STARTS.some((start) => text.includes(start));
}

/** True for values that cannot be a literal secret whatever the key says. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0 || isMarker(v)) return true;
  if (KEYWORDS.has(v.toLowerCase().replace(/[;,]$/, ''))) return true;
  return v.length <= 200 && (PLACEHOLDER.test(v) || CODE_REF.test(v));
}

export function isTypeAnnotation(value: string): boolean {
  const v = value.replace(/[;,):\]}>]{1,4}$/, ''); // `token?: string): void`
  return KEYWORDS.has(v.toLowerCase()) || (v.length <= 120 && TYPE_LIKE.test(v));
}

/** `password: see the wiki` — a plain word followed by more words on the line is prose. */
export function isProse(text: string, value: ValueSpan): boolean {
  if (value.quoted) return false;
  const v = text.slice(value.start, value.end);
  if (!/^[A-Za-z][A-Za-z'-]*$/.test(v)) return false;
  const rest = text.slice(value.end, value.end + 3);
  if (/^[ \t]+[A-Za-z(]/.test(rest)) return true;
  // `## Token: Overview`: a heading names a topic.
  return /^[ \t]*#{1,6}[ \t]/.test(lineBefore(text, value.start, 200)) && /^[A-Z][a-z]+$/.test(v);
}

const PATH_LIKE = /^(?:~|\.{1,2})?[/\\]|^[A-Za-z]:[\\/]|^[\w.-]+\/[\w./-]+\.\w{1,5}$/;
/** Keys whose value is often a file rather than the secret itself (`ssh_key: ~/.ssh/id_ed25519`). */
const PATH_KEYS = new Set(['pwd', 'key', 'privatekey', 'secretkey']);
/** A placeholder at the value's start that the unquoted reader would cut at its first blank. */
const PLACEHOLDER_AT = /^(?:\$\{\{[^}\n]*\}\}|\{\{[^}\n]*\}\}|\$\{[A-Za-z_][\w.]*\}|\$\([^)\n]*\)|<%[^\n]*?%>)(?=$|[\s"'`,;)\]}])/;

/**
 * Decides whether the value at `pos` (just after `key` and its separator) is a literal secret and
 * returns its span. `name` is the key as written; `inQuery` when the key sits in a query string.
 */
export function secretValueAt(text: string, pos: number, name: string, inQuery = false, depth = 0): Span | null {
  const strength = classifyKey(name);
  if (strength === null) return null;
  if (PLACEHOLDER_AT.test(text.slice(pos, pos + 256))) return null;
  const value = readValue(text, pos, inQuery);
  if (value === null) return null;
  const v = text.slice(value.start, value.end);
  if (!value.quoted && isTypeAnnotation(v) && depth === 0) {
    // `password: str = "hunter2"` / `token?: string = 'abc'`: the literal follows the type.
    const after = /^[ \t]*=(?![=>])[ \t]*/.exec(text.slice(value.end, value.end + 64));
    return after ? secretValueAt(text, value.end + after[0].length, name, inQuery, 1) : null;
  }
  if (isPlaceholder(v) || isProse(text, value)) return null;
  if (v.length < 3 || /^[^A-Za-z0-9]{1,3}$/.test(v)) return null; // `<<<`, `|`, `&&`: shell, not a value
  if (PATH_LIKE.test(v) && PATH_KEYS.has(splitKeyWords(name).at(-1) ?? '')) return null;
  if (strength === 'weak' && (v.length < 12 || /^[A-Za-z]+$/.test(v))) return null;
  return value;
}
