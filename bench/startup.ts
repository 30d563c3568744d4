// How fast `memsync serve` comes up and how much memory it holds when idle.
//   npm run bench -- startup [runs=10]
// Figures: time from spawn to the printed address, to the first 200 from /health, and the
// resident memory of the serving process (Linux /proc).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { summary } from './_stats';

const runs = Number(process.argv[2] ?? 10);
const cli = path.join(import.meta.dirname, '..', 'dist', 'main', 'cli.js');
const toAddress: number[] = [];
const toHealth: number[] = [];
const rssMb: number[] = [];

function rss(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

for (let i = 0; i < runs; i++) {
  const home = await mkdtemp(path.join(tmpdir(), 'memsync-bench-home-'));
  const started = performance.now();
  // The bundled CLI directly (not bin/memsync.js), so Node's own start-up is measured, not npm's.
  const child = spawn(process.execPath, ['--input-type=module', '-e', `import(${JSON.stringify(cli)}).then(m => m.main(['serve','--port','0']))`], {
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: '', MEMSYNC_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Health:\s+(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  toAddress.push(performance.now() - started);
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`health answered ${res.status}`);
  toHealth.push(performance.now() - started);
  await new Promise((r) => setTimeout(r, 300));
  const mem = rss(child.pid!);
  if (mem !== undefined) rssMb.push(mem);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  await rm(home, { recursive: true, force: true });
}

console.log(`memsync serve start-up, ${runs} runs (Node ${process.version}, ${process.platform})`);
console.log(`  spawn → address printed   ${summary(toAddress)}`);
console.log(`  spawn → /health 200       ${summary(toHealth)}`);
if (rssMb.length) console.log(`  idle resident memory      ${summary(rssMb, 'MB')}`);
