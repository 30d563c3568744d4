/**
 * Python's formatting rules, reproduced where memsync's files and output depend on them: the
 * usage log is written by both tools and `memsync usage` prints the same text as memsync did.
 * JavaScript differs in small, real ways: `toFixed` rounds exact ties up (Python rounds them to
 * even: `f"{0.03125:.4f}"` is 0.0312), `JSON.stringify` writes `18` for the float 18.0 and leaves
 * non-ASCII unescaped, and `padEnd` counts UTF-16 units where Python counts code points.
 */

/** The exact value of a finite, non-negative double as mantissa × 2^exponent. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/**
 * `format(x, f".{digits}f")`: the exact binary value rounded to `digits` decimals, ties to even
 * (Python's correctly rounded dtoa), the sign of -0.0 kept.
 */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const negative = x < 0 || Object.is(x, -0);
  const { mantissa, exponent } = decompose(Math.abs(x));
  const scale = 10n ** BigInt(digits);
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale;
  } else {
    const numerator = mantissa * scale;
    const denominator = 1n << BigInt(-exponent);
    scaled = numerator / denominator;
    const twice = (numerator % denominator) * 2n;
    if (twice > denominator || (twice === denominator && (scaled & 1n) === 1n)) scaled += 1n;
  }
  const text = scaled.toString().padStart(digits + 1, '0');
  const body = digits > 0 ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return negative ? `-${body}` : body;
}

/** `round(x, digits)` for a float: the nearest double to the correctly rounded decimal. */
export function pyRound(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  return Number(pyFixed(x, digits));
}

/** `repr(x)` of a float, as `json.dumps` writes it: 18.0, 0.0105, 1e-06, 1.5e+16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(x, -0)) return '-0.0';
  const [digits = '0', exp = '0'] = x.toExponential().split('e');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    return `${digits}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  // Within this range JavaScript writes plain decimals too, with the same shortest digits.
  const plain = String(x);
  return Number.isInteger(x) ? `${plain}.0` : plain;
}

/** `f"{n:,}"` for an integer (or the integer part of a number): 1234567 → 1,234,567. */
export function pyThousands(n: number): string {
  const text = String(n);
  const match = /^(-?)(\d+)(.*)$/.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', rest = ''] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${rest}`;
}

/** Length in code points, as Python's `len(str)` and format widths count. */
function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** `f"{text:<width}"`. */
export function pyLeft(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - codePoints(text)));
}

/** `f"{text:>width}"`. */
export function pyRight(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - codePoints(text))) + text;
}

/** Python's string ordering (by code point), which `sorted()` uses; JS compares UTF-16 units. */
export function pyCompare(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** A JSON string as `json.dumps` writes it (ensure_ascii): everything outside ' '..'~' escaped. */
export function pyJsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const ch = text[i] ?? '';
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (unit < 0x20 || unit > 0x7e) out += `\\u${unit.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** One JSON value as `json.dumps` writes it: `", "` and `": "` separators, floats as floats. */
export type PyJsonValue = string | boolean | null | { int: number } | { float: number };

/** `json.dumps(dict)` for a flat object whose keys keep their order. */
export function pyJsonObject(entries: ReadonlyArray<readonly [string, PyJsonValue]>): string {
  const parts = entries.map(([key, value]) => {
    let text: string;
    if (value === null) text = 'null';
    else if (typeof value === 'boolean') text = value ? 'true' : 'false';
    else if (typeof value === 'string') text = pyJsonString(value);
    else if ('int' in value) text = Number.isSafeInteger(value.int) ? String(value.int) : pyFloatRepr(value.int);
    else text = pyFloatRepr(value.float);
    return `${pyJsonString(key)}: ${text}`;
  });
  return `{${parts.join(', ')}}`;
}
