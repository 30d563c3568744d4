import { readFile } from 'node:fs/promises';
import type { Proposal, RefreshResult } from '../../../src-shared/contract';
import { damagedFileProblems } from '../../engine/file-problems';
import { RefreshFailure } from '../../engine/refresh/service';
import { CliError, EXIT, type CliIo } from '../io';
import { printable } from '../printable';
import { withEngine } from '../session';

const paint = (io: CliIo, code: number, text: string) => (io.color ? `\u001b[${code}m${text}\u001b[0m` : text);

/** A proposal as a person reads it: each change with what goes and what comes, then the flags. */
export function describeProposal(p: Proposal, io: CliIo): string {
  const out: string[] = [`Proposal ${p.id} (${p.state}) — ${p.hunks.length} change(s) from ${p.noteIds.length} note(s), ${p.usage.model}, $${p.usage.costUsd.toFixed(4)}`];
  if (p.state === 'applied' && p.appliedHunks && p.appliedHunks.length < p.hunks.length) {
    out.push(`  Applied ${p.appliedHunks.length} of ${p.hunks.length} changes; ${(p.mergedNoteIds ?? []).length} of ${p.noteIds.length} notes merged, the others wait for the next refresh.`);
  }
  if (p.rebasedAt) out.push('  Moved onto the current memory (it changed since the proposal was made); review it again.');
  if (p.conflict) out.push(`  ${p.conflict}`);
  // What the model wrote (from notes anyone with the capture token can send) reaches a terminal.
  for (const h of p.hunks) {
    out.push(paint(io, 36, `@@ change ${h.id} (line ${h.baseStart + 1}) @@`));
    for (const line of h.removed) out.push(paint(io, 31, `-${printable(line)}`));
    for (const line of h.added) out.push(paint(io, 32, `+${printable(line)}`));
  }
  for (const f of p.flags) out.push(paint(io, 33, `! ${printable(f.message)}${f.line ? `\n    ${printable(f.line)}` : ''}`));
  return `${out.join('\n')}\n`;
}

async function notesFrom(options: RefreshOptions, io: CliIo): Promise<string | undefined> {
  if (options.notes !== undefined) return options.notes;
  if (options.file === '-') return io.readStdin?.();
  if (options.file !== undefined) {
    try {
      return await readFile(options.file, 'utf8');
    } catch {
      throw new CliError(`file not found: ${options.file}`, EXIT.error);
    }
  }
  return io.readStdin?.();
}

export interface RefreshOptions {
  notes?: string;
  file?: string;
  dryRun?: boolean;
  yes?: boolean;
}

/**
 * `memsync refresh`: merges the waiting notes (plus any given here) into a proposal. In a terminal
 * it shows the diff and asks; otherwise the proposal waits for `memsync approve` unless --yes.
 */
export async function refresh(options: RefreshOptions, io: CliIo): Promise<number> {
  const extra = await notesFrom(options, io);
  if (extra !== undefined && extra.trim() === '' && (options.notes !== undefined || options.file !== undefined)) {
    throw new CliError('notes are empty.', EXIT.error);
  }
  return withEngine(io, async (engine) => {
    // Nothing waiting and nothing given: said once, with no progress line for work that is not done.
    if (extra === undefined || extra.trim() === '') {
      if ((await engine.api.listNotes({ state: 'unmerged' })).length === 0) {
        io.stdout('No notes are waiting; nothing was sent. Add one with: memsync note "…"\n');
        return EXIT.ok;
      }
    }
    io.stderr('Merging notes into your memory… ');
    let result: RefreshResult;
    try {
      result = await engine.refresh.run({ extraNotes: extra, source: 'cli', dryRun: options.dryRun ?? false });
    } catch (error) {
      io.stderr('\n');
      if (error instanceof RefreshFailure) throw new CliError(error.message, error.exitCode);
      throw error;
    }
    io.stderr('done.\n');
    if (result.outcome === 'no-notes') io.stdout('No notes are waiting; nothing was sent.\n');
    else if (result.outcome === 'unchanged') io.stdout(`No changes: the ${result.noteIds.length} note(s) added nothing new.\n`);
    else if (result.proposal) {
      if (result.outcome === 'dry-run') {
        // The proposal was never stored: no id to approve, so none is shown.
        io.stdout(describeProposal(result.proposal, io).replace(/^Proposal \S+ \(pending\)/, '[DRY RUN] Proposed'));
        io.stdout('[DRY RUN] This proposal was not stored and cannot be approved; the notes stay queued. Run without --dry-run to store it.\n');
      } else if (result.outcome === 'applied') io.stdout(`${describeProposal(result.proposal, io)}Applied automatically (auto-approve is on and no check flagged it).\n`);
      else {
        io.stdout(describeProposal(result.proposal, io));
        const id = result.proposal.id;
        const answer = options.yes ? 'y' : await io.prompt?.('Apply these changes? [y/N] ');
        if (answer?.trim().toLowerCase().startsWith('y')) {
          const decided = await engine.refresh.approve({ id });
          io.stdout(decided.state === 'applied' ? 'Applied. Your agents have it now.\n' : describeProposal(decided, io));
          return decided.state === 'applied' ? EXIT.ok : EXIT.error;
        }
        io.stdout(`Waiting for your approval: memsync approve ${id} (or reject ${id}).\n`);
      }
    }
    return EXIT.ok;
  });
}

/** `memsync proposals [--all]`. */
export function proposals(options: { all?: boolean }, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const list = (await engine.api.listProposals(undefined)).filter((p) => options.all || p.state === 'pending');
    if (list.length === 0) io.stdout(options.all ? 'No proposals yet.\n' : 'No proposal is waiting. (memsync proposals --all lists decided ones.)\n');
    for (const p of list) io.stdout(describeProposal(p, io));
    const { damaged } = await engine.refresh.proposals().scan();
    for (const problem of damagedFileProblems(damaged, [])) io.stderr(`Skipped: ${problem}\n`);
    return EXIT.ok;
  });
}

function parseHunks(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const ids = text.split(',').map((s) => s.trim());
  if (ids.some((s) => !/^\d+$/.test(s))) throw new CliError('--hunks takes change numbers, e.g. --hunks 1,3', EXIT.error);
  return ids.map(Number);
}

/** `memsync approve ID [--hunks 1,3]`. */
export function approve(id: string, options: { hunks?: string }, io: CliIo): Promise<number> {
  const hunks = parseHunks(options.hunks);
  return withEngine(io, async (engine) => {
    const decided = await engine.api.approveProposal({ id, ...(hunks ? { hunks } : {}) });
    if (decided.state === 'applied') {
      io.stdout(`Applied ${hunks ? `change(s) ${hunks.join(', ')} of ` : ''}${id}. Your agents have it now.\n`);
      const waiting = decided.noteIds.length - (decided.mergedNoteIds ?? decided.noteIds).length;
      if (waiting > 0) {
        io.stdout(`${waiting} of its ${decided.noteIds.length} notes stay waiting: no applied change carries them, so the next refresh looks at them again.\n`);
      }
      return EXIT.ok;
    }
    io.stdout(describeProposal(decided, io));
    io.stdout(decided.state === 'conflict' ? 'Not applied: run memsync refresh again.\n' : 'Not applied yet: the memory changed; review the rebased proposal and approve again.\n');
    return EXIT.error;
  });
}

/** `memsync reject ID [--dismiss]`. */
export function reject(id: string, options: { dismiss?: boolean }, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const decided = await engine.api.rejectProposal({ id, dismissNotes: options.dismiss ?? false });
    io.stdout(`Rejected ${decided.id}. ${options.dismiss ? 'Its notes were dismissed.' : 'Its notes stay queued for the next refresh.'}\n`);
    return EXIT.ok;
  });
}
