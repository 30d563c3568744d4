import { describe, expect, it } from 'vitest';
import { acceptedEncodings } from '../../../src-main/server/content-encoding';

describe('acceptedEncodings', () => {
  it('prefers brotli, then gzip, among what the browser takes', () => {
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip, deflate')).toEqual(['gzip']);
    expect(acceptedEncodings('x-gzip')).toEqual(['gzip']);
  });

  it('honours q-values: a higher one wins, q=0 refuses', () => {
    expect(acceptedEncodings('br;q=0.5, gzip;q=0.9')).toEqual(['gzip', 'br']);
    expect(acceptedEncodings('br;q=0, gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('*;q=0')).toEqual([]);
    expect(acceptedEncodings('*, gzip;q=0')).toEqual(['br']);
  });

  it('sends the identity without a header, or with nothing it knows', () => {
    expect(acceptedEncodings(undefined)).toEqual([]);
    expect(acceptedEncodings('')).toEqual([]);
    expect(acceptedEncodings('identity, zstd')).toEqual([]);
    expect(acceptedEncodings('br;q=banana')).toEqual([]);
  });
});
