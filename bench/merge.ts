// How long merging a person's text takes, and how long it keeps the event loop (capture, sync,
// every other request) waiting.
//   npm run bench -- merge [lines=20000] [runs=5]
// A real engine on a temporary HOME; the memory on disk changed one line since the base the
// caller edited (so the merge really runs); `mine` changes every line. Each call goes through the
// API's validating edge. The longest stretch without an event-loop turn is measured by a 1 ms timer.
// Goal (issue #10): no call blocks the loop for long; before, 20,000 changed lines took 159 s.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dispatchApiCall } from '../src-main/engine/dispatch';
import { startBenchEngine } from './_engine';
import { percentile } from './_stats';

const lines = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 5);
const bench = await startBenchEngine('merge');
const { engine } = bench;

const text = (tag: string) => Array.from({ length: lines }, (_, i) => `- line ${i}, ${tag}`).join('\n');
const base = text('as opened');
const mine = text('as changed');
await writeFile(path.join(bench.root, 'GLOBAL_MEMORY.md'), base.replace('- line 7,', '- line 7 (changed elsewhere),'));

const durations: number[] = [];
const blocked: number[] = [];
for (let run = 0; run < runs; run++) {
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const result = await dispatchApiCall(engine, 'mergeMemory', { base, mine });
  const ended = performance.now();
  await new Promise((r) => setTimeout(r, 5)); // let the timer see the end of the last stretch
  clearInterval(tick);
  if (!result.ok) throw new Error(result.error.message);
  durations.push(ended - started);
  blocked.push(Math.max(longest, performance.now() - last));
}
await bench.close();

console.log(`mergeMemory, ${lines.toLocaleString('en')} changed lines, memory changed meanwhile, ${runs} run(s) (Node ${process.version})`);
console.log(`  call:              p50 ${percentile(durations, 50).toFixed(1)} ms   max ${Math.max(...durations).toFixed(1)} ms`);
console.log(`  event loop waited: p50 ${percentile(blocked, 50).toFixed(1)} ms   max ${Math.max(...blocked).toFixed(1)} ms (longest stretch without a turn)`);
