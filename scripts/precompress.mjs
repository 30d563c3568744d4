// Brotli and gzip copies of the built UI, written next to each file (`app-1a2b.js.br`,
// `app-1a2b.js.gz`), so `memsync serve` sends it compressed without compressing on every request
// (a Raspberry Pi would spend seconds on brotli's best quality). The tray app loads the UI from
// disk and never needs them (electron-builder.yml leaves them out).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text formats compress well; images and fonts are compressed already. */
export const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.map', '.txt']);
/** Below this, the headers cost more than compression saves. */
const MIN_BYTES = 1024;

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // .vite/manifest.json is never served
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (COMPRESSIBLE.has(path.extname(entry.name))) yield full;
  }
}

/**
 * Writes `.br` and `.gz` beside every compressible file of `dir` that is big enough and gets
 * smaller. Returns the sizes, for the build's report. The zlib calls run on libuv's thread pool,
 * so the files are compressed in parallel.
 */
export async function precompress(dir) {
  const jobs = [];
  for await (const file of files(dir)) {
    jobs.push(
      (async () => {
        const raw = await readFile(file);
        if (raw.length < MIN_BYTES) return { file, raw: raw.length, br: raw.length, gzip: raw.length };
        const [br, gzipped] = await Promise.all([
          brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
          gz(raw, { level: constants.Z_BEST_COMPRESSION }),
        ]);
        if (br.length < raw.length) await writeFile(`${file}.br`, br);
        if (gzipped.length < raw.length) await writeFile(`${file}.gz`, gzipped);
        return { file, raw: raw.length, br: Math.min(br.length, raw.length), gzip: Math.min(gzipped.length, raw.length) };
      })(),
    );
  }
  return Promise.all(jobs);
}

