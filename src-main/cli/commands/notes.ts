import type { Note } from '../../../src-shared/contract';
import { readRunningHost } from '../../engine/running-host';
import { captureUrl, DEFAULT_HOST } from '../../server';
import { CliError, EXIT, type CliIo } from '../io';
import { printable } from '../printable';
import { withEngine } from '../session';

/** `memsync note "text"` (or the text on stdin): stores a note for the next merge. */
export async function note(words: string[], io: CliIo): Promise<number> {
  const text = words.length > 0 ? words.join(' ') : await io.readStdin?.();
  if (text === undefined || text.trim() === '') {
    throw new CliError('Give the note as arguments (memsync note "…") or on stdin.', EXIT.error);
  }
  return withEngine(io, async (engine) => {
    const stored = await engine.api.addNote({ text, source: 'cli' });
    io.stdout(`Noted at ${stored.time} (${stored.id}).\n`);
    if (stored.redacted.length) io.stdout(`Secrets were removed before storing it: ${stored.redacted.join(', ')}.\n`);
    return EXIT.ok;
  });
}

const STATE_MARK: Record<Note['state'], string> = { unmerged: '●', merged: '✓', dismissed: '✗' };

/** `memsync notes [--unmerged] [--day D]`: notes by day, oldest first, with their state. */
export async function notes(options: { unmerged?: boolean; day?: string }, io: CliIo): Promise<number> {
  if (options.day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.day)) {
    throw new CliError('--day must look like 2026-11-21.', EXIT.error);
  }
  return withEngine(io, async (engine) => {
    const list = (
      await engine.api.listNotes({
        ...(options.unmerged ? { state: 'unmerged' as const } : {}),
        ...(options.day ? { day: options.day } : {}),
      })
    ).reverse();
    if (list.length === 0) {
      const waiting = options.unmerged ? ' waiting to be merged' : '';
      if (options.day) io.stdout(`No notes${waiting} on ${options.day}.\n`);
      else io.stdout(options.unmerged ? 'No notes are waiting to be merged.\n' : 'No notes yet. Add one with: memsync note "…"\n');
      return EXIT.ok;
    }
    let day = '';
    for (const n of list) {
      if (n.day !== day) {
        day = n.day;
        io.stdout(`\n${day}\n`);
      }
      const [first = '', ...rest] = n.text.split('\n').map(printable);
      io.stdout(`  ${n.time}  ${STATE_MARK[n.state]} ${n.state.padEnd(9)} ${printable(n.source).padEnd(12)} ${first}\n`);
      for (const line of rest) io.stdout(`${' '.repeat(47)}${line}\n`);
    }
    const waiting = list.filter((n) => n.state === 'unmerged').length;
    io.stdout(`\n${list.length} note(s), ${waiting} waiting to be merged.\n`);
    return EXIT.ok;
  });
}

/** `memsync token [--rotate]`: the capture token phones and scripts send. */
export async function token(options: { rotate?: boolean }, io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const info = options.rotate ? await engine.api.rotateCaptureToken(undefined) : await engine.api.captureInfo(undefined);
    const capture = engine.settings.get().capture;
    const running = await readRunningHost(engine.paths.userDataDir);
    io.stdout(`${info.token}\n`);
    if (running) {
      io.stderr(`Send it as the X-Memsync-Token header (or Authorization: Bearer) to ${running.captureUrl} (where memsync is listening now).\n`);
    } else {
      const where = captureUrl(capture.lanHost ?? DEFAULT_HOST, capture.port);
      io.stderr(`Send it as the X-Memsync-Token header (or Authorization: Bearer) to ${where.url} once memsync runs (memsync serve, or the tray app).\n`);
    }
    if (options.rotate) io.stderr('The old token no longer works: give the new one to every phone shortcut and script.\n');
    return EXIT.ok;
  });
}
