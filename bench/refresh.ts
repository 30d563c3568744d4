// What a refresh sends and receives: a 400-line memory plus one note, in patch mode and in
// whole-file mode, and how many API calls a day without notes costs (goal: 0).
//   npm run bench -- refresh
// The real engine and the real @anthropic-ai/sdk talk to a fake Messages API on loopback that
// answers as a model would in each mode (one changed section, or the whole file).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startBenchEngine } from './_engine';
import { reply, startFakeAnthropic } from '../tests/helpers/fake-anthropic';

const SECTIONS = ['Identity & context', 'Current priorities', 'Projects', 'Standing preferences', 'Tools and environment', 'People', 'Recent completions', 'Hard constraints'];
/** A memory of exactly `lines` lines (counting the last line's newline as the end, not a line). */
function memoryOf(lines: number): string {
  const header = 3;
  const bullets = lines - header - SECTIONS.length * 2 + 1; // a heading and a blank line per section, none after the last
  const counts = SECTIONS.map((_, s) => Math.floor(bullets / SECTIONS.length) + (s < bullets % SECTIONS.length ? 1 : 0));
  const body = SECTIONS.map((title, s) =>
    `## ${title}\n${Array.from({ length: counts[s]! }, (_, i) => `- ${title.toLowerCase()} fact ${s}.${i}: prefers small focused modules and clear names`).join('\n')}\n`,
  ).join('\n');
  return `<!-- memsync v0.2 -->\n# Global Memory\n\n${body}`;
}

const memory = memoryOf(400);
const changedPriorities = memory
  .split(/(?=^## )/m)
  .find((s) => s.startsWith('## Current priorities'))!
  .replace(/\n+$/, '')
  .concat('\n- current priorities: ship the approvals UI this week');

const fake = await startFakeAnthropic();
const results: string[] = [];
for (const mode of ['patch', 'whole-file'] as const) {
  const bench = await startBenchEngine('refresh', { ANTHROPIC_API_KEY: 'sk-ant-bench', ANTHROPIC_BASE_URL: fake.url });
  const { engine } = bench;
  await writeFile(path.join(bench.root, 'GLOBAL_MEMORY.md'), memory);
  await engine.api.updateSettings({ refresh: { ...engine.settings.get().refresh, mode, schedule: '' } });

  // A day without notes: the cheap gate.
  const before = fake.requests.length;
  await engine.api.runRefresh(undefined);
  const callsWithoutNotes = fake.requests.length - before;

  await engine.api.addNote({ text: 'Next up: ship the approvals UI this week.' });
  const answer =
    mode === 'patch'
      ? `<section action="replace" title="Current priorities">\n${changedPriorities}\n</section>`
      : memory.replace(/## Current priorities\n[\s\S]*?\n\n(?=## )/, `${changedPriorities}\n\n`);
  // Output tokens roughly follow the answer's length (4 characters per token for English text).
  fake.enqueue(reply.text(answer, { inputTokens: Math.round((memory.length + 2000) / 4), outputTokens: Math.round(answer.length / 4) }));
  const result = await engine.api.runRefresh(undefined);
  const usage = result.usage!;
  results.push(
    `  ${mode.padEnd(10)}  ${String(usage.requestBytes).padStart(9)}  ${String(usage.answerBytes).padStart(9)}  ${String(usage.outputTokens).padStart(12)}  ${('$' + usage.costUsd.toFixed(4)).padStart(8)}  ${String(callsWithoutNotes).padStart(14)}  ${result.proposal!.hunks.length}`,
  );
  await bench.close();
}
await fake.close();

console.log(`refresh of a ${memory.split('\n').length - 1}-line memory (${(memory.length / 1024).toFixed(1)} KB) with one note, default model pricing`);
console.log('  mode        request B   answer B  output tokens*     cost  calls, no notes  hunks');
for (const row of results) console.log(row);
console.log('  * estimated at 4 characters per token; patch mode answers grow with the change, not the file');
