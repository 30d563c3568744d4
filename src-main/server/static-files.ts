import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/csp';
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

/** Serves the built renderer. Hashed assets are cached for a year; pages are never cached. */
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
  res.writeHead(200, {
    ...BASE_HEADERS,
    'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': isPage || !urlPath.startsWith('/assets/') ? 'no-cache' : 'public, max-age=31536000, immutable',
    ...(isPage ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // pipeline, not pipe: a file that vanishes or cannot be opened after the stat (a rebuild, an
  // update) ends this response instead of raising an unhandled 'error' that stops the server.
  pipeline(createReadStream(file), res, () => {});
}
