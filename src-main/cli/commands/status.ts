import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Status, TargetStatus } from '../../../src-shared/contract';
import type { Engine } from '../../engine';
import { recoveryAdvice } from '../../engine/memory/recovery';
import { PROVIDER_DISPLAY_NAMES } from '../../engine/providers/detect';
import { EXIT, type CliIo } from '../io';
import { exitCodeForRoot, withEngine } from '../session';

const OS_NAMES = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' } as const;

async function countFiles(dir: string, pattern: RegExp): Promise<number | null> {
  try {
    return (await readdir(dir)).filter((n) => pattern.test(n)).length;
  } catch {
    return null;
  }
}

/** One line per target: a mark, the agent, where, how, and what to do about it. */
export function describeTarget(t: TargetStatus, home: string): string {
  const where = t.path.startsWith(home) ? `~${t.path.slice(home.length)}` : t.path;
  if (!t.enabled) {
    return `  -  ${t.name.padEnd(28)} off${t.installed ? ` (agent found: memsync targets enable ${t.id})` : ''}`;
  }
  const notes: string[] = [];
  if (t.shadowedBy) notes.push(`shadowed by ${path.basename(t.shadowedBy)}: the agent reads that file instead`);
  if (t.omittedSections.length) notes.push(`over its ${t.budget} limit: left out ${t.omittedSections.join(', ')}`);
  if (t.mode === 'symlink' && t.effectiveMode === 'copy') notes.push('symlink not possible here, copied');
  if (t.state === 'held') notes.push('an outside edit is held for your decision');
  if (t.error) notes.push(t.error);
  const ok = t.state === 'in-sync' && !t.shadowedBy;
  return `  ${ok ? '✓' : '✗'}  ${t.name.padEnd(28)} ${where}  (${t.effectiveMode ?? t.mode}, ${t.state})${notes.length ? `\n       ${notes.join('; ')}` : ''}`;
}

async function printStatus(engine: Engine, status: Status, io: CliIo): Promise<void> {
  const m = status.memory;
  const out = (label: string, value: string) => io.stdout(`${label.padEnd(15)}${value}\n`);
  out('Platform:', OS_NAMES[status.os]);
  out('Settings:', engine.settings.path);
  out('Secrets:', status.secretStore);
  if (status.secretStoreWarning) out('', `⚠ ${status.secretStoreWarning}`);
  out('Provider:', m.provider ? PROVIDER_DISPLAY_NAMES[m.provider] : '(none — run memsync init)');
  if (m.syncRoot) out('Sync root:', `${m.syncRoot} ${m.rootState === 'unavailable' ? '✗ (not there)' : '✓'}`);
  if (m.memoryRoot) out('Memory root:', `${m.memoryRoot} ${m.rootState === 'ok' ? '✓' : `✗ (${engine.memory.root().reason ?? m.rootState})`}`);
  if (m.memory) {
    out('Memory:', `GLOBAL_MEMORY.md — ${m.memory.lines} lines, ${(m.memory.bytes / 1024).toFixed(1)} KB${m.memory.modifiedAt ? `, modified ${m.memory.modifiedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`);
  } else if (m.placeholder) {
    out('Memory:', `not downloaded yet (${m.placeholder.reason}) — open the folder in your cloud client`);
  } else if (engine.memory.problem()) {
    out('Memory:', 'GLOBAL_MEMORY.md is there but cannot be used (the problem below says why)');
  } else if (m.recovery) {
    out('Memory:', recoveryAdvice(m.recovery));
  } else if (m.rootState === 'ok') {
    out('Memory:', 'GLOBAL_MEMORY.md is missing — run memsync init');
  }
  if (m.memoryRoot && m.rootState === 'ok') {
    const backups = await countFiles(path.join(m.memoryRoot, 'backups'), /^GLOBAL_MEMORY_.*\.md$/);
    const sessions = await countFiles(path.join(m.memoryRoot, 'sessions'), /^\d{4}-\d{2}-\d{2}\.md$/);
    if (backups !== null) out('Backups:', `${backups} file(s)`);
    if (sessions !== null) out('Session logs:', `${sessions} day(s)`);
  }
  for (const c of m.conflictCopies) out('Conflict copy:', `${c.name} (${c.kind}${c.machine ? `, from ${c.machine}` : ''}) — compare and merge it, then delete it`);
  if (m.foreignEdits > 0) out('Outside edits:', `${m.foreignEdits} awaiting review (memsync edits, or the window)`);
  for (const p of status.problems) out('Problem:', p);
  io.stdout('Targets:\n');
  for (const t of m.targets) io.stdout(`${describeTarget(t, engine.paths.homeDir)}\n`);
}

/** `memsync status [--json]`: where everything is and whether it is in step. */
export async function status(options: { json?: boolean }, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const current = engine.status();
    if (options.json) io.stdout(`${JSON.stringify(current, null, 2)}\n`);
    else await printStatus(engine, current, io);
    const rootCode = exitCodeForRoot(current.memory.rootState);
    if (rootCode !== EXIT.ok) return rootCode;
    if (engine.memory.problem()) return EXIT.error;
    return current.memory.memory || current.memory.placeholder ? EXIT.ok : EXIT.noMemoryFile;
  });
}
