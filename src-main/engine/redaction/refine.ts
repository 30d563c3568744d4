// Context checks for the rules a regular expression cannot settle alone: which value an
// assignment holds, where a private key block ends, whether a long token is random.
import { looksRandom } from './entropy';
import { classifyKey, isMarker, isPlaceholder, lineBefore, secretValueAt, type Span } from './values';

export interface MatchContext {
  readonly text: string;
  readonly match: RegExpExecArray;
  /** Span of the secret part of the match (the whole match, or `secretGroup`). */
  readonly start: number;
  readonly end: number;
}

/** Returns the span(s) to redact, or null / [] when the match is not a secret after all. */
export type Refine = (ctx: MatchContext) => Span | readonly Span[] | null;

const keep: Refine = ({ start, end }) => ({ start, end });

/** Placeholders only in the template sense (a URL password `a.b` is not a code reference). */
export const notTemplate: Refine = (ctx) => {
  const v = ctx.text.slice(ctx.start, ctx.end);
  return isMarker(v) || /^(?:\$\{[^}]*\}|\$[A-Za-z_]\w*|<[^<>]*>|\{\{[^}]*\}\}|\*+|x{3,}|%s|%\(\w+\)s)$/i.test(v)
    ? null
    : keep(ctx);
};

/** `KEY = value` in env/ini/YAML/JSON/code: match[2] is the key, the value follows the match. */
export const assignmentValue: Refine = ({ text, match }) => {
  const before = text[match.index - 1];
  return secretValueAt(text, match.index + match[0].length, match[2] ?? '', before === '?' || before === '&');
};

/** `--api-key VALUE` (space-separated form; `--api-key=VALUE` is an assignment). match[1] is the flag. */
export const cliFlagValue: Refine = ({ text, match }) =>
  secretValueAt(text, match.index + match[0].length, match[1] ?? '');

/** `<password>…</password>`: match[1] is the element name, the secret group its text. */
export const xmlElementValue: Refine = (ctx) => {
  const v = ctx.text.slice(ctx.start, ctx.end).trim();
  return classifyKey(ctx.match[1] ?? '') === null || v.length < 3 || isPlaceholder(v) ? null : keep(ctx);
};

const MULTI_PARAM_SCHEMES = new Set(['digest', 'aws4-hmac-sha256', 'hmac', 'negotiate', 'ntlm']);
const CREDENTIAL = /[^\s"'`,;\\]+/y;

/** `Authorization: <scheme> <credentials>`: match[1] is the scheme, the credentials follow. */
export const authorizationValue: Refine = ({ text, match }) => {
  const pos = match.index + match[0].length;
  if (MULTI_PARAM_SCHEMES.has((match[1] ?? '').toLowerCase())) {
    let end = pos;
    while (end < text.length && !'\n\r"\'`'.includes(text[end] ?? '') && !(text[end] === '\\' && 'nr"'.includes(text[end + 1] ?? ''))) end++;
    while (end > pos && /\s/.test(text[end - 1] ?? '')) end--;
    return end - pos >= 6 ? { start: pos, end } : null;
  }
  CREDENTIAL.lastIndex = pos;
  const m = CREDENTIAL.exec(text);
  if (!m) return null;
  const v = m[0];
  if (v.length < 6 || isPlaceholder(v) || (/^[A-Za-z]+$/.test(v) && v.length < 16)) return null;
  return { start: pos, end: pos + v.length };
};

/** `Cookie: a=b; c=d` / `Set-Cookie: …`: the whole header value, if it holds any `name=value`. */
export const cookieValue: Refine = ({ text, match }) => {
  const pos = match.index + match[0].length;
  let end = pos;
  while (end < text.length && !'\n\r"\'`'.includes(text[end] ?? '') && !(text[end] === '\\' && 'nr"'.includes(text[end + 1] ?? ''))) end++;
  while (end > pos && /\s/.test(text[end - 1] ?? '')) end--;
  const v = text.slice(pos, end);
  return /[^\s=;]=[^\s;]/.test(v) && !isMarker(v) ? { start: pos, end } : null;
};

/** Secrets that are opaque tokens: refuse all-letter words (`Bearer tokens`, `Bearer authentication`). */
export const notAWord: Refine = (ctx) => {
  const v = ctx.text.slice(ctx.start, ctx.end);
  return /^[A-Za-z]+$/.test(v) || isPlaceholder(v) ? null : keep(ctx);
};

// ── Private key blocks ──────────────────────────────────────────────────────────────────────

const PEM_END = /-----END[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----/y;
const BODY_LINE = /^(?:[A-Za-z0-9+/]{16,}={0,2}|=[A-Za-z0-9+/]{4})$/;
const ARMOR_HEADER = /^[A-Za-z][A-Za-z-]*: \S/;
const BODY_PREFIX = /^[A-Za-z0-9+/]{16,}/;

/**
 * From `-----BEGIN … PRIVATE KEY-----` through the matching END line. Lines end at real newlines
 * and at `\n` escapes (a key inside JSON); a one-line key with spaces works too. Without an END
 * (a truncated paste) the block runs over the lines that look like key body: fail closed, but
 * not into the prose after it. A new BEGIN stops the scan, so every character is scanned once.
 */
export const privateKeyBlock: Refine = ({ text, start, end }) => {
  let last = end;
  let lineStart = end;
  let sawBody = false;
  for (let i = end; ; i++) {
    const done = i >= text.length;
    if (!done && text.charCodeAt(i) === 45 /* - */) {
      PEM_END.lastIndex = i;
      const m = PEM_END.exec(text);
      if (m) return { start, end: i + m[0].length };
    }
    const next = text.startsWith('-----BEGIN', i);
    const escaped = text[i] === '\\' && (text[i + 1] === 'n' || text[i + 1] === 'r');
    if (!done && !next && !escaped && text[i] !== '\n' && text[i] !== '\r') continue;
    const raw = text.slice(lineStart, i);
    const line = raw.trim();
    const offset = lineStart + raw.indexOf(line);
    if (BODY_LINE.test(line) || (!sawBody && ARMOR_HEADER.test(line))) {
      sawBody ||= BODY_LINE.test(line);
      last = offset + line.length;
    } else if (line.length > 0) {
      const prefix = BODY_PREFIX.exec(line);
      if (prefix) last = offset + prefix[0].length; // a line cut mid-way (`MIIE…`)
      break;
    }
    if (done || next) break;
    if (escaped) i++;
    lineStart = i + 1;
  }
  return { start, end: last };
};

// ── High-entropy catch-all ──────────────────────────────────────────────────────────────────

const GIT_SHA1 = /^[0-9a-f]{40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SRI = /^(?:sha1|sha224|sha256|sha384|sha512|md5)[-_]/i;
/** A digest label just before the token on its line: `sha256:`, `"contentHash": "`, `SHA256 (f) = `. */
const DIGEST_LABEL =
  /(?:(?:hash|digest|checksum|integrity|etag|fingerprint|sha(?:1|224|256|384|512)?|md5|commit|oid|revision)[\w-]*["']?[ \t]*[:=]?[ \t]*["']?|sha\d*[ \t]*\([^)\n]*\)[ \t]*=[ \t]*)$/i;
const SSH_PUBLIC_KEY_TYPE = /(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d{3}|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)[ \t]+$/;
/** A path or URL segment that reads as a word: `com`, `getMe`, `IncomingWebhook`, `webhookb2`, `my-app`, `v2`. */
const WORD_SEGMENT = /^(?:[A-Za-z][a-z]+(?:[A-Z][a-z]+)*[0-9]*|[a-z]+[0-9]*(?:[-_.][a-z0-9]+)+)$/;
const VERSION_SEGMENT = /^v?\d{1,4}$/;

function isWordSegment(text: string, g: Span): boolean {
  const s = text.slice(g.start, g.end);
  return VERSION_SEGMENT.test(s) || (s.length >= 2 && WORD_SEGMENT.test(s) && /[aeiouy]/i.test(s));
}

export const HIGH_ENTROPY_MIN = 32;

/**
 * Long base64/hex-ish runs that look random. Harmless by rule: git SHA-1s (exactly 40 lower-case
 * hex), UUIDs, SRI hashes (`sha512-…`), digests labelled as such (`sha256:<hex>`, a `hash`/
 * `digest`/`checksum` key, `sha256sum` output lines), SSH public keys. A run whose slash-separated
 * segments are mostly words is a path or URL and is judged per segment (`github.com/o/r/commit/
 * <sha>` stays, a random id segment goes); otherwise `/` is a base64 character and the run is
 * judged whole, minus word segments at its edges (`bot<token>/getMe`).
 */
export const highEntropyToken: Refine = ({ text, start, end }) => {
  const segments: Span[] = [];
  let s = start;
  for (let i = start; i <= end; i++) {
    if (i === end || text[i] === '/') {
      if (i > s) segments.push({ start: s, end: i });
      s = i + 1;
    }
  }
  const words = segments.filter((g) => isWordSegment(text, g)).length;
  if (segments.length > 1 && words >= 2 && words * 3 >= segments.length) {
    return segments.filter((g) => isRandomSecret(text, g.start, g.end, HIGH_ENTROPY_MIN));
  }
  let first = 0;
  let last = segments.length - 1;
  while (first < last && isWordSegment(text, segments[first] as Span)) first++;
  while (last > first && isWordSegment(text, segments[last] as Span)) last--;
  const whole = { start: segments[first]?.start ?? start, end: segments[last]?.end ?? end };
  // The run was 32+ characters; allow a few of them to have been separators at its edges.
  return isRandomSecret(text, whole.start, whole.end, HIGH_ENTROPY_MIN - 4) ? whole : null;
};

function isRandomSecret(text: string, start: number, end: number, minLength: number): boolean {
  let e = end;
  while (e > start && text[e - 1] === '=') e--;
  const core = text.slice(start, e);
  if (core.length < minLength) return false;
  if (GIT_SHA1.test(core) || UUID.test(core) || SRI.test(core)) return false;
  const before = lineBefore(text, start, 96);
  if (DIGEST_LABEL.test(before)) return false;
  if (/^[0-9a-fA-F]+$/.test(core) && /^ [ *]\S/.test(text.slice(end, end + 3))) return false; // sha256sum
  if (core.startsWith('AAAA') && SSH_PUBLIC_KEY_TYPE.test(before)) return false;
  return looksRandom(core);
}
