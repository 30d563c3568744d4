// Capture endpoint throughput and latency with fsync'd acknowledgements, and an integrity check.
//   npm run bench -- capture [seconds=10] [concurrencies=1,8,64]
// The real host (`memsync serve`) runs in its own process on a temporary HOME; this process posts
// notes over keep-alive connections. Afterwards every acknowledged id must be in the session log
// exactly once with its text intact. Goal (issue #4) at concurrency 64: >= 2,400 req/s,
// p99 <= 30 ms, 0 lost.
import { spawn, spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSessionFile } from '../src-main/engine/notes/entry-format';
import { percentile } from './_stats';

const seconds = Number(process.argv[2] ?? 10);
const levels = (process.argv[3] ?? '1,8,64').split(',').map(Number);
const cli = path.join(import.meta.dirname, '..', 'dist', 'main', 'cli.js');
const home = await mkdtemp(path.join(tmpdir(), 'memsync-bench-capture-'));
const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, MEMSYNC_LOG_LEVEL: 'warn' };
delete env.XDG_CONFIG_HOME;
const node = (args: string[]) => ['--input-type=module', '-e', `import(${JSON.stringify(cli)}).then(m => m.main(${JSON.stringify(args)}))`];

const sync = path.join(home, 'Sync');
await mkdir(sync);
const init = spawnSync(process.execPath, node(['init', '--sync-root', sync]), { env, encoding: 'utf8' });
if (init.status !== 0) throw new Error(init.stderr);
const token = spawnSync(process.execPath, node(['token']), { env, encoding: 'utf8' }).stdout.trim();

const host = spawn(process.execPath, node(['serve', '--port', '0']), { env, stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise<number>((resolve) => {
  let out = '';
  host.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    const m = /Notes:\s+http:\/\/127\.0\.0\.1:(\d+)\/note/.exec(out);
    if (m) resolve(Number(m[1]));
  });
});

interface Sent {
  id: string;
  text: string;
}

function post(agent: Agent, text: string): Promise<{ status: number; id?: string }> {
  const body = JSON.stringify({ text, source: 'bench' });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/note',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-memsync-token': token },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => {
          const parsed = res.statusCode === 200 ? (JSON.parse(data) as { id: string }) : undefined;
          resolve({ status: res.statusCode ?? 0, ...(parsed ? { id: parsed.id } : {}) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const acknowledged: Sent[] = [];
const rows: string[] = [];
for (const concurrency of levels) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async (w: number) => {
    while (performance.now() < deadline) {
      const text = `bench c${concurrency} w${w} #${n++}: prefers small, focused commits;\n${'lorem ipsum '.repeat(4).trim()}`;
      const started = performance.now();
      try {
        const result = await post(agent, text);
        latencies.push(performance.now() - started);
        if (result.status === 200 && result.id) acknowledged.push({ id: result.id, text });
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - began) / 1000;
  agent.destroy();
  rows.push(
    `  ${String(concurrency).padStart(11)}  ${String(latencies.length).padStart(8)}  ${(latencies.length / elapsed).toFixed(0).padStart(7)}  ` +
      `${percentile(latencies, 50).toFixed(1).padStart(8)}  ${percentile(latencies, 99).toFixed(1).padStart(8)}  ${String(errors).padStart(6)}`,
  );
}

host.kill('SIGTERM');
await new Promise((r) => host.on('exit', r));

// Integrity: every acknowledged note exactly once, intact.
const sessions = path.join(sync, '.claude-memory', 'sessions');
const stored = new Map<string, { text: string; count: number }>();
for (const name of await readdir(sessions)) {
  for (const entry of parseSessionFile(name.slice(0, 10), await readFile(path.join(sessions, name), 'utf8'))) {
    const previous = stored.get(entry.id);
    stored.set(entry.id, { text: entry.text, count: (previous?.count ?? 0) + 1 });
  }
}
let missing = 0;
let duplicated = 0;
let corrupted = 0;
for (const sent of acknowledged) {
  const found = stored.get(sent.id);
  if (!found) missing++;
  else {
    if (found.count !== 1) duplicated++;
    if (found.text !== sent.text) corrupted++;
  }
}
await rm(home, { recursive: true, force: true });

console.log(`capture endpoint, ${seconds} s per level, fsync before every acknowledgement (Node ${process.version})`);
console.log('  concurrency  requests    req/s  p50 (ms)  p99 (ms)  errors');
for (const row of rows) console.log(row);
console.log(`  integrity: ${acknowledged.length} acknowledged, ${acknowledged.length - missing} found, ${missing} missing, ${duplicated} duplicated, ${corrupted} corrupted`);
