import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/csp';
import { acceptedEncodings, PRECOMPRESSED, type Encoding } from './content-encoding';
import { BASE_HEADERS, sendError } from './http-utils';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
/** What the build writes compressed copies of (scripts/precompress.mjs). */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.map']);

/** The compressed copy to send, if the browser takes one and the build left a current one. */
async function compressedCopy(file: string, modifiedMs: number, acceptEncoding: string | undefined): Promise<{ file: string; size: number; encoding: Encoding } | undefined> {
  for (const encoding of acceptedEncodings(acceptEncoding)) {
    const copy = file + PRECOMPRESSED.find((p) => p.encoding === encoding)!.suffix;
    const info = await stat(copy).catch(() => undefined);
    // An older copy would be the previous build's text under the new file's name.
    if (info?.isFile() && info.mtimeMs >= modifiedMs) return { file: copy, size: info.size, encoding };
  }
  return undefined;
}

/**
 * Maps a URL path to a file inside `root`, or undefined when it would leave `root` (`..`, encoded
 * slashes, NUL) or names a hidden file (such as Vite's `.vite/manifest.json`).
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split('/').some((part) => part.startsWith('.'))) return undefined;
  const full = path.resolve(root, relative);
  return full.startsWith(path.resolve(root) + path.sep) ? full : undefined;
}

/**
 * Serves the built renderer: compressed (brotli or gzip, prepared by the build) when the browser
 * takes it; hashed assets cached for a year, pages revalidated on every load (a 304 when unchanged).
 */
export async function serveStatic(root: string | undefined, req: IncomingMessage, res: ServerResponse, urlPath: string) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, { code: 'method_not_allowed', message: 'Only GET is supported here.' }, { allow: 'GET, HEAD' });
    return;
  }
  if (!root) {
    sendError(res, { code: 'not_found', message: 'Not found.' });
    return;
  }
  const file = resolveStaticPath(root, urlPath);
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info?.isFile()) {
    const missingUi = urlPath === '/' && !(await stat(root).catch(() => undefined));
    sendError(res, {
      code: missingUi ? 'unavailable' : 'not_found',
      message: missingUi ? 'The UI is not built yet. Run `npm run build`, then reload.' : 'Not found.',
    });
    return;
  }
  const ext = path.extname(file);
  const isPage = ext === '.html';
  const compressible = COMPRESSIBLE.has(ext);
  const copy = compressible ? await compressedCopy(file, info.mtimeMs, req.headers['accept-encoding']) : undefined;
  // Names the content as sent: another build (size, time) or another encoding is another tag.
  const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}${copy ? `-${copy.encoding}` : ''}"`;
  const headers = {
    ...BASE_HEADERS,
    'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    // Hashed assets never change under their name; pages (and the favicon) are checked every time.
    'cache-control': isPage || !urlPath.startsWith('/assets/') ? 'no-cache' : 'public, max-age=31536000, immutable',
    etag,
    ...(compressible ? { vary: 'accept-encoding' } : {}),
    ...(copy ? { 'content-encoding': copy.encoding } : {}),
    ...(isPage ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
  };
  const known = req.headers['if-none-match']?.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (known?.includes(etag) || known?.includes('*')) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': copy?.size ?? info.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // pipeline, not pipe: a file that vanishes or cannot be opened after the stat (a rebuild, an
  // update) ends this response instead of raising an unhandled 'error' that stops the server.
  pipeline(createReadStream(copy?.file ?? file), res, () => {});
}
