import { createTwoFilesPatch } from 'diff';
import { composeAdopt } from '../../../src-shared/adopt';
import type { AdoptPreview, AdoptResolution, ForeignEdit } from '../../../src-shared/contract';
import { CliError, EXIT, type CliIo } from '../io';
import { withEngine } from '../session';

const paint = (io: CliIo, code: number, text: string) => (io.color ? `\u001b[${code}m${text}\u001b[0m` : text);
const TAKES = ['memory', 'agent', 'both'] as const;

function firstLine(edit: ForeignEdit): string {
  const changed = edit.content.split('\n').find((l) => l.trim() !== '') ?? '';
  return changed.length > 60 ? `${changed.slice(0, 59)}…` : changed;
}

/** `memsync edits [--json]`: outside edits of agents' files waiting for a decision. */
export function listEdits(options: { json?: boolean }, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const edits = await engine.api.listForeignEdits(undefined);
    if (options.json) {
      io.stdout(`${JSON.stringify(edits, null, 2)}\n`);
      return EXIT.ok;
    }
    if (edits.length === 0) {
      io.stdout('No outside edits are waiting.\n');
      return EXIT.ok;
    }
    for (const e of edits) {
      io.stdout(`${e.id}\n  ${e.targetPath}, found ${e.detectedAt.slice(0, 16).replace('T', ' ')} UTC${e.base ? '' : ' (a file memsync had not written)'}\n  ${firstLine(e)}\n`);
    }
    io.stdout('\nmemsync edits adopt ID   merges the agent\'s change into your memory (shown first)\nmemsync edits discard ID drops it; the file gets your memory again\n');
    return EXIT.ok;
  });
}

/** Two columns, so a conflict reads side by side in a terminal. */
function sideBySide(left: string[], right: string[], width: number): string[] {
  const cut = (s: string) => (s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width));
  const rows = Math.max(left.length, right.length, 1);
  return Array.from({ length: rows }, (_, i) => `  ${cut(left[i] ?? '')} │ ${right[i] ?? ''}`);
}

function describePreview(preview: AdoptPreview, io: CliIo): string {
  const out: string[] = [];
  const width = 38;
  if (!preview.hasBase) out.push('memsync had not written this file, so there is nothing to merge from: your memory and the file are one conflict.');
  for (const part of preview.parts) {
    if (!part.conflict) continue;
    out.push(paint(io, 33, `── conflict ${part.conflict.id}: both changed the same lines ──`));
    out.push(`  ${'your memory'.padEnd(width)} │ the agent's file`);
    out.push(...sideBySide(part.conflict.memory, part.conflict.agent, width));
  }
  if (preview.merged !== null) {
    const patch = createTwoFilesPatch('GLOBAL_MEMORY.md', 'GLOBAL_MEMORY.md (adopted)', preview.memory.content, preview.merged, '', '', { context: 2 });
    const body = patch.split('\n').slice(2).filter((l) => !l.startsWith('\\'));
    out.push(...body.map((l) => (l.startsWith('+') ? paint(io, 32, l) : l.startsWith('-') ? paint(io, 31, l) : l)));
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/**
 * `memsync edits adopt ID [--take memory|agent|both] [--yes]`: the agent's change merged into the
 * memory (three ways), shown, then written after a yes. Conflicts are shown side by side and need
 * --take; nothing is chosen for the person.
 */
export function adoptEdit(id: string, options: { take?: string; yes?: boolean }, io: CliIo): Promise<number> {
  const take = options.take;
  if (take !== undefined && !(TAKES as readonly string[]).includes(take)) {
    throw new CliError(`--take must be one of ${TAKES.join(', ')}.`, EXIT.error);
  }
  return withEngine(io, async (engine) => {
    const preview = await engine.api.previewAdoptForeignEdit({ id });
    const resolutions: AdoptResolution[] = take === undefined ? [] : preview.parts.flatMap((p) => (p.conflict ? [{ id: p.conflict.id, take: take as AdoptResolution['take'] }] : []));
    // With --take, what is shown is what the choice writes.
    const merged = preview.merged ?? composeAdopt(preview.parts, resolutions) ?? null;
    io.stdout(describePreview({ ...preview, merged }, io));
    if (preview.conflicts > 0 && take === undefined) {
      io.stdout(`\nNothing was written. Choose for the ${preview.conflicts} conflict(s): memsync edits adopt ${id} --take both (or memory, or agent).\n`);
      return EXIT.error;
    }
    if (merged === preview.memory.content) {
      io.stdout('The agent\'s change is in your memory already.\n');
    }
    const answer = options.yes ? 'y' : await io.prompt?.('Adopt this into your memory? [y/N] ');
    if (answer === undefined) {
      io.stdout(`\nNothing was written (no terminal to ask). Run again with --yes to adopt.\n`);
      return EXIT.error;
    }
    if (!answer.trim().toLowerCase().startsWith('y')) {
      io.stdout('Nothing was written.\n');
      return EXIT.ok;
    }
    const result = await engine.api.adoptForeignEdit({ id, expectedHash: preview.memory.hash, ...(resolutions.length ? { resolutions } : {}) });
    io.stdout(result.changed ? `Adopted. Previous memory saved as backups/${result.backup}\n` : 'Adopted; your memory already held it.\n');
    return EXIT.ok;
  });
}

/** `memsync edits discard ID`. */
export function discardEdit(id: string, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    await engine.api.discardForeignEdit({ id });
    io.stdout(`Discarded ${id}; the file gets your memory again.\n`);
    return EXIT.ok;
  });
}
