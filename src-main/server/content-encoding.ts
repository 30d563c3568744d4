/** The encodings the build writes beside each file (scripts/precompress.mjs), best first. */
export const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
export type Encoding = (typeof PRECOMPRESSED)[number]['encoding'];

/**
 * The encodings an `Accept-Encoding` header allows, from those we have, in our order of preference
 * (brotli is smaller, so it wins a tie; RFC 9110 lets the server choose among equal q-values).
 * `q=0` refuses one; `*` stands for any not named; no header means only the identity.
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(value) ? value : 0);
  }
  const weight = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  return PRECOMPRESSED.map((p) => p.encoding)
    .filter((e) => weight(e) > 0)
    .sort((a, b) => weight(b) - weight(a));
}
