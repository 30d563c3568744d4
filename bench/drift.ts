// Live fan-out latency: how long after GLOBAL_MEMORY.md changes every enabled target holds the change.
//   npm run bench -- drift [changes=200]
// The real host (`memsync serve`) runs in its own process on a temporary HOME with 8 targets
// enabled; this process writes the canonical file the way editors and cloud clients do (a temp
// file renamed over it) and watches the 8 target files until each contains the new line.
// Goal (issue #3): p99 <= 300 ms.
import { spawn, spawnSync } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { summary } from './_stats';

const changes = Number(process.argv[2] ?? 200);
const cli = path.join(import.meta.dirname, '..', 'dist', 'main', 'cli.js');
const TARGETS = ['claude-code', 'codex', 'gemini', 'copilot', 'opencode', 'agents', 'amp', 'windsurf'];

const home = await mkdtemp(path.join(tmpdir(), 'memsync-bench-drift-'));
const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, MEMSYNC_LOG_LEVEL: 'warn' };
delete env.XDG_CONFIG_HOME;
const runCli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import(${JSON.stringify(cli)}).then(m => m.main(${JSON.stringify(args)}))`], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memsync ${args.join(' ')} failed: ${r.stderr}`);
};

const sync = path.join(home, 'Sync');
await mkdir(sync);
runCli('init', '--sync-root', sync);
runCli('targets', 'enable', ...TARGETS);
const memoryFile = path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md');
const targetFiles = [
  '.claude/CLAUDE.md',
  '.codex/AGENTS.md',
  '.gemini/GEMINI.md',
  '.copilot/copilot-instructions.md',
  '.config/opencode/AGENTS.md',
  '.agents/AGENTS.md',
  '.config/amp/AGENTS.md',
  '.codeium/windsurf/memories/global_rules.md',
].map((p) => path.join(home, p));

// A realistic memory: ~100 lines, under Windsurf's 6,000-character budget.
const body = Array.from({ length: 90 }, (_, i) => `- fact ${i}: prefers small focused modules`).join('\n');
const memoryFor = (i: number) => `<!-- memsync v0.2 -->\n# Global Memory\n\n## Identity & context\n${body.slice(0, 3000)}\n\n## Current priorities\n- change ${i}\n`;

const host = spawn(process.execPath, ['--input-type=module', '-e', `import(${JSON.stringify(cli)}).then(m => m.main(['serve','--port','0']))`], { env, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((resolve) => {
  let out = '';
  host.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.includes('Press Ctrl+C')) resolve();
  });
});

/** Resolves when every target contains `marker`, using fs.watch on each target's folder. */
function allTargetsContain(marker: string): Promise<void> {
  return new Promise((resolve) => {
    const pending = new Set(targetFiles);
    const watchers: FSWatcher[] = [];
    const check = async (file: string) => {
      if (!pending.has(file)) return;
      const text = await readFile(file, 'utf8').catch(() => '');
      if (text.includes(marker) && pending.delete(file) && pending.size === 0) {
        for (const w of watchers) w.close();
        resolve();
      }
    };
    for (const file of targetFiles) {
      watchers.push(watch(path.dirname(file), () => void check(file)));
      void check(file);
    }
  });
}

const latencies: number[] = [];
for (let i = 1; i <= changes; i++) {
  const marker = `- change ${i}\n`;
  const done = allTargetsContain(marker);
  const temp = `${memoryFile}.bench.tmp`;
  await writeFile(temp, memoryFor(i));
  const started = performance.now();
  await rename(temp, memoryFile);
  await done;
  latencies.push(performance.now() - started);
  await new Promise((r) => setTimeout(r, 10));
}

host.kill('SIGTERM');
await new Promise((r) => host.on('exit', r));
await rm(home, { recursive: true, force: true });

const p99 = [...latencies].sort((a, b) => a - b)[Math.ceil(0.99 * latencies.length) - 1]!;
console.log(`live fan-out: ${changes} canonical changes, ${targetFiles.length} targets enabled (Node ${process.version})`);
console.log(`  change → all targets updated   ${summary(latencies)}`);
console.log(`  goal p99 <= 300 ms: ${p99 <= 300 ? 'met' : 'NOT MET'} (${p99.toFixed(1)} ms)`);
