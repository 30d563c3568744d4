// Harvest's reading speed and memory: Claude Code transcripts of 1, 10 and 100 MiB (bench/_transcripts.ts,
// the record mixture of real sessions) read into turns and packed into chunks (6,000-token budget).
//   npm run bench -- harvest [runs=3]
// Each run is a process of its own, so the peak resident memory it reports (its own maxRSS, and
// VmHWM where /proc has it) is that run's alone, Node's own ~40 MB included. Medians of the runs.
// memsync (Python) reads the same files side by side when its source is here
// (MEMSYNC_PREDECESSOR_SRC, default /work/team/predecessor-src; Debian's /usr/bin/python3).
// Also: a session harvested, then grown by 20 turns — what the second pass reads and would send.
// Goal (issue 15) on 100 MiB: <= 0.5 s and peak RSS <= 64 MB, chunking included.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chunkTurns, DEFAULT_CHUNK_TOKENS } from '../src-main/engine/harvest/chunking';
import { START_CURSOR, type SessionCursor } from '../src-main/engine/harvest/cursor';
import { readTurns, type Turn } from '../src-main/engine/harvest/turns';
import { percentile } from './_stats';
import { appendClaudeTurns, writeClaudeTranscript } from './_transcripts';

const MiB = 1024 * 1024;
const GOAL_MS = 500;
const GOAL_RSS_BYTES = 64e6;

interface Run {
  ms: number;
  rssBytes: number;
  turns: number;
  chunks: number;
}

/** Peak resident memory of this process: VmHWM (Linux) or, elsewhere, maxRSS. */
function peakRss(): number {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  return hwm ? Number(hwm[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

async function child(mode: string, file: string): Promise<void> {
  if (mode === '--idle') {
    console.log(JSON.stringify({ ms: 0, rssBytes: peakRss(), turns: 0, chunks: 0 }));
    return;
  }
  const started = performance.now();
  const stream = readTurns(file, { source: 'claude-code' });
  let chunks = 0;
  for await (const chunk of chunkTurns(stream, { budgetTokens: DEFAULT_CHUNK_TOKENS, start: START_CURSOR })) if (chunk.text.length > 0) chunks++;
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, rssBytes: peakRss(), turns: stream.summary!.turns, chunks }));
}

function runChild(...args: string[]): Run {
  const result = spawnSync(process.execPath, [process.argv[1]!, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bench child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Run;
}

const PREDECESSOR_SRC = process.env.MEMSYNC_PREDECESSOR_SRC ?? '/work/team/predecessor-src';
const PYTHON = '/usr/bin/python3';
const PREDECESSOR_SCRIPT = `
import json, resource, sys, time
from pathlib import Path
from memsync.harvest import chunk_transcript, read_session_transcript
started = time.perf_counter()
transcript, count = read_session_transcript(Path(sys.argv[1]))
chunks = chunk_transcript(transcript, 6000) if sys.argv[2] == 'chunk' else []
ms = (time.perf_counter() - started) * 1000
print(json.dumps({"ms": ms, "rssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "turns": count, "chunks": len(chunks)}))
`;
const havePredecessor = existsSync(PYTHON) && existsSync(path.join(PREDECESSOR_SRC, 'memsync', 'harvest.py'));

function runPredecessor(file: string, mode: 'parse' | 'chunk'): Run {
  const result = spawnSync(PYTHON, ['-c', PREDECESSOR_SCRIPT, file, mode], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', PYTHONPATH: PREDECESSOR_SRC, PYTHONDONTWRITEBYTECODE: '1' } });
  if (result.status !== 0) throw new Error(`memsync (Python) failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Run;
}

function median(runs: Run[]): Run {
  const m = (f: (r: Run) => number) => percentile(runs.map(f), 50);
  return { ms: m((r) => r.ms), rssBytes: m((r) => r.rssBytes), turns: runs[0]!.turns, chunks: runs[0]!.chunks };
}

/** Ours against memsync's, as ratios (the machine is shared: only ratios within one run compare). */
const versus = (ours: Run, theirs: Run) => `ours: ${(ours.ms / theirs.ms).toFixed(2)}x the time, ${(ours.rssBytes / theirs.rssBytes).toFixed(2)}x the memory`;

const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const row = (label: string, bytes: number, r: Run) =>
  `  ${label.padEnd(10)} ${`${r.ms.toFixed(0)} ms`.padStart(8)} ${`${(bytes / 1e6 / (r.ms / 1000)).toFixed(0)} MB/s`.padStart(10)} ${mb(r.rssBytes).padStart(10)} ${String(r.turns).padStart(8)} ${String(r.chunks).padStart(7)}`;

async function secondPass(dir: string): Promise<void> {
  const file = path.join(dir, 'grown.jsonl');
  writeClaudeTranscript(file, 10 * MiB, 7);
  const read = async (cursor?: SessionCursor) => {
    const stream = readTurns(file, { source: 'claude-code', cursor });
    const turns: Turn[] = [];
    const chunkTexts: string[] = [];
    const collected = (async function* () {
      for await (const turn of stream) {
        turns.push(turn);
        yield turn;
      }
    })();
    for await (const chunk of chunkTurns(collected, { budgetTokens: DEFAULT_CHUNK_TOKENS, start: cursor ?? START_CURSOR })) chunkTexts.push(chunk.text);
    return { turns, chunkTexts, summary: stream.summary! };
  };
  const first = await read();
  const said = appendClaudeTurns(file, 20);
  const second = await read(first.summary.cursor);
  const sent = second.chunkTexts.join('').length;
  const newText = said.join('').length;
  const exact = second.turns.length === said.length && second.turns.every((t, i) => t.text === said[i]);
  console.log(`\nsecond pass of a 10 MiB session grown by 20 turns (40 new turns' worth of text: ${newText.toLocaleString('en')} characters):`);
  console.log(`  read ${(second.summary.bytes / 1024).toFixed(0)} KiB of ${(second.summary.cursor.offset / MiB).toFixed(1)} MiB; ${second.turns.length} turns, ${second.chunkTexts.length} chunk(s), ${sent.toLocaleString('en')} characters to send (${(sent - newText).toLocaleString('en')} of them turn headers and separators)`);
  console.log(`  goal: the new turns' text (plus the prompt, part 2) and nothing more: ${exact ? 'met' : 'NOT MET'}`);
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const dir = await mkdtemp(path.join(tmpdir(), 'memsync-bench-harvest-'));
  try {
    const idle = median([runChild('--idle', ''), runChild('--idle', ''), runChild('--idle', '')]);
    console.log(`harvest: read Claude Code transcripts into turns and ${DEFAULT_CHUNK_TOKENS}-token chunks (Node ${process.version}), median of ${runs} runs, each in its own process`);
    console.log(`  ${'size'.padEnd(10)} ${'time'.padStart(8)} ${'speed'.padStart(10)} ${'peak RSS'.padStart(10)} ${'turns'.padStart(8)} ${'chunks'.padStart(7)}`);
    const results: Array<{ mib: number; file: string; bytes: number; ours: Run }> = [];
    for (const mib of [1, 10, 100]) {
      const file = path.join(dir, `session-${mib}.jsonl`);
      const { bytes } = writeClaudeTranscript(file, mib * MiB);
      const ours = median(Array.from({ length: runs }, () => runChild('--child', file)));
      results.push({ mib, file, bytes, ours });
      console.log(row(`${mib} MiB`, bytes, ours));
    }
    const chattyFile = path.join(dir, 'chatty-100.jsonl');
    const chatty = { mib: 100, file: chattyFile, bytes: writeClaudeTranscript(chattyFile, 100 * MiB, 3, 'chatty').bytes, ours: { ms: 0, rssBytes: 0, turns: 0, chunks: 0 } };
    chatty.ours = median(Array.from({ length: runs }, () => runChild('--child', chattyFile)));
    console.log(`${row('100 MiB', chatty.bytes, chatty.ours)}   (a session that is nearly all dialogue)`);
    console.log(`  (an idle process of this bench peaks at ${mb(idle.rssBytes)}: Node itself)`);
    const big = results.at(-1)!.ours;
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
    console.log(
      `  goal on 100 MiB: <= ${GOAL_MS} ms: ${verdict(big.ms <= GOAL_MS)} (${big.ms.toFixed(0)} ms); peak RSS <= 64 MB: ${verdict(big.rssBytes <= GOAL_RSS_BYTES)} (${(big.rssBytes / 1e6).toFixed(1)} MB, of which ${(idle.rssBytes / 1e6).toFixed(1)} MB is an idle process)`,
    );

    if (havePredecessor) {
      console.log(`\nmemsync (Python) on the same files: read_session_transcript + chunk_transcript(6000), median of ${runs} runs`);
      for (const { mib, file, bytes, ours } of results) {
        const theirs = median(Array.from({ length: runs }, () => runPredecessor(file, 'chunk')));
        console.log(`${row(`${mib} MiB`, bytes, theirs)}   ${versus(ours, theirs)}`);
      }
      const parseOnly = median(Array.from({ length: runs }, () => runPredecessor(results.at(-1)!.file, 'parse')));
      console.log(`${row('100 MiB', results.at(-1)!.bytes, parseOnly)}   (parse only, no chunking)`);
      const theirsChatty = median(Array.from({ length: runs }, () => runPredecessor(chatty.file, 'chunk')));
      console.log(`${row('100 MiB', chatty.bytes, theirsChatty)}   ${versus(chatty.ours, theirsChatty)} (nearly all dialogue)`);
      console.log('  (its "turns" are its message count: command wrappers, caveats and summaries included)');
    } else {
      console.log(`\n(memsync (Python) not found at ${PREDECESSOR_SRC}: no side-by-side figures)`);
    }
    await secondPass(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child' || process.argv[2] === '--idle') await child(process.argv[2], process.argv[3]!);
else await main();
