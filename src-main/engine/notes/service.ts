import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ApiError } from '../../../src-shared/contract/errors';
import type { EngineEvent } from '../../../src-shared/contract/events';
import type { ListNotesInput, Note, NoteState } from '../../../src-shared/contract/notes';
import type { FileLocks } from '../fs/lock';
import { redactSecrets } from '../redaction';
import { ensureSecret, generateToken } from '../secrets/file-secret-store';
import type { Clock, Logger, SecretStore } from '../services';
import { localDayAndTime, newNoteId, normalizeNoteText, type ParsedEntry } from './entry-format';
import { NOT_TEXT } from './note-bytes';
import { NoteStates } from './note-states';
import { NotesLog } from './notes-log';

/** The capture token's name in the secret store (what phones and scripts send). */
export const CAPTURE_TOKEN_SECRET = 'capture-token';
const TOKEN_CACHE_MS = 1000;

export interface NotesServiceOptions {
  /** The memory root, or an error saying why it is not usable now. */
  memoryRoot: () => string | ApiError;
  /** This machine's id (known once the engine has started). */
  machineId: () => string;
  locks: FileLocks;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  emit: (event: EngineEvent) => void;
}

export interface AddNoteInput {
  text: string;
  source?: string | undefined;
  /** A fixed id (inbox files, so a file processed twice is stored once). */
  id?: string;
  /** A refresh run's own notes: logged without "(captured)", like memsync. */
  kind?: 'captured' | 'refresh';
}

/**
 * Notes from every source become entries in the session log, with secrets removed first; which
 * notes were merged or dismissed is recorded next to them in the memory root.
 */
export class NotesService {
  readonly #o: NotesServiceOptions;
  #log: NotesLog | undefined;
  #states: NoteStates | undefined;
  #root: string | undefined;
  #token: { value: string; at: number } | undefined;

  constructor(options: NotesServiceOptions) {
    this.#o = options;
  }

  async add(input: AddNoteInput): Promise<Note> {
    const { log } = this.#parts();
    if (input.id && (await log.has(input.id))) {
      const existing = (await this.list()).find((n) => n.id === input.id);
      if (existing) return existing;
    }
    const note = this.#draft(input, input.id);
    await log.append(note.day, note.time, input.kind !== 'refresh', { id: note.id, source: note.source, redacted: note.redacted }, note.text);
    if (note.redacted.length) this.#o.logger.info('secrets removed from a note before storing it', { id: note.id, kinds: note.redacted });
    this.#o.emit({ type: 'note-added', note });
    return note;
  }

  /** The note `add` would store, without storing it (a dry run's extra notes). */
  preview(input: AddNoteInput): Note {
    return this.#draft(input, 'dry-run');
  }

  /** A note as it will be stored: normalized, secrets removed, stamped with the local time. */
  #draft(input: AddNoteInput, id: string | undefined): Note {
    const text = normalizeNoteText(input.text);
    if (text.trim() === '') throw new ApiError('invalid_input', 'empty note');
    if (text.includes('\0')) throw new ApiError('invalid_input', NOT_TEXT);
    const redaction = redactSecrets(text);
    const now = this.#o.clock.now();
    const { day, time } = localDayAndTime(now);
    return {
      id: id ?? newNoteId(now, () => randomBytes(5).toString('hex')),
      day,
      time,
      source: input.source ?? 'ui',
      text: redaction.text,
      redacted: [...new Set(redaction.findings.map((f) => f.kind))].sort(),
      state: 'unmerged',
    };
  }

  /** Notes, newest first, with their state (merged / unmerged / dismissed). */
  async list(filter: ListNotesInput = {}): Promise<Note[]> {
    const { log, states } = this.#parts();
    const [entries, recorded] = await Promise.all([log.readAll(), states.load()]);
    const today = localDayAndTime(this.#o.clock.now()).day;
    const notes = entries.map((e) => toNote(e, recorded.get(e.id)?.state, today));
    const matching = notes.filter(
      (n) =>
        (!filter.state || n.state === filter.state) &&
        (!filter.day || n.day === filter.day) &&
        (!filter.source || n.source === filter.source || n.source.startsWith(`${filter.source}:`)),
    );
    matching.reverse();
    return filter.limit ? matching.slice(0, filter.limit) : matching;
  }

  /**
   * Session logs whose note headings are damaged (the notes around them read as one), as found by
   * the last read of the log (every listing reads it); read now only if it never was.
   */
  async damagedHeadings(): Promise<Array<{ file: string; lines: number[] }>> {
    const { log } = this.#parts();
    if (!log.wasRead) await log.readAll();
    return log.damagedHeadings();
  }

  /** Notes waiting to be merged, oldest first. */
  async unmerged(): Promise<Note[]> {
    return (await this.list({ state: 'unmerged' })).reverse();
  }

  /**
   * Dismisses notes. Ids a person picked must be known here; a proposal's notes (`byProposal`) are
   * recorded as they are, since another machine's notes may not have synced here yet.
   */
  async dismiss(ids: string[], options: { byProposal?: boolean } = {}): Promise<number> {
    return this.#setState(ids, 'dismissed', undefined, options.byProposal !== true);
  }

  /**
   * Marks notes merged by an applied proposal (`by` is its id). The ids come from the proposal,
   * possibly made on another machine whose notes have not synced here yet: the state file is keyed
   * by id, so the records apply once the notes arrive.
   */
  async markMerged(ids: string[], by: string): Promise<number> {
    return this.#setState(ids, 'merged', by, false);
  }

  /** Puts dismissed notes back in line for the next merge. */
  async restore(ids: string[]): Promise<number> {
    return this.#setState(ids, 'unmerged', undefined);
  }

  /**
   * The token phones and scripts send; generated on first use and kept in the secret store. It is
   * re-read at most once a second, so `memsync token --rotate` in another process takes effect
   * at once without a store lookup per request.
   */
  async captureToken(): Promise<string> {
    const now = Date.now();
    if (!this.#token || now - this.#token.at > TOKEN_CACHE_MS) {
      this.#token = { value: await ensureSecret(this.#o.secrets, CAPTURE_TOKEN_SECRET), at: now };
    }
    return this.#token.value;
  }

  /** A new capture token; every phone shortcut must be given the new one. */
  async rotateCaptureToken(): Promise<string> {
    const token = generateToken();
    await this.#o.secrets.set(CAPTURE_TOKEN_SECRET, token);
    this.#token = { value: token, at: Date.now() };
    return token;
  }

  async #setState(ids: string[], state: NoteState, by: string | undefined, requireKnown = true): Promise<number> {
    const { log, states } = this.#parts();
    if (requireKnown) {
      const known = new Set((await log.readAll()).map((e) => e.id));
      const missing = ids.filter((id) => !known.has(id));
      if (missing.length) throw new ApiError('not_found', `No note with id ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? '…' : ''}.`);
    }
    const at = this.#o.clock.now().toISOString();
    await states.record(ids.map((id) => ({ id, state, at, ...(by ? { by } : {}) })));
    this.#o.emit({ type: 'notes-changed' });
    return ids.length;
  }

  /** The log and state files of the current memory root (recreated when the root changes). */
  #parts(): { log: NotesLog; states: NoteStates } {
    const root = this.#o.memoryRoot();
    if (root instanceof ApiError) throw root;
    if (root !== this.#root || !this.#log || !this.#states) {
      this.#root = root;
      this.#log = new NotesLog(path.join(root, 'sessions'), this.#o.locks, this.#o.logger);
      this.#states = new NoteStates(root, this.#o.machineId(), this.#o.locks);
    }
    return { log: this.#log, states: this.#states };
  }
}

/**
 * An entry's state: recorded state first. memsync's own entries carry no record: its refresh
 * entries were logged after merging, and its captured entries before today were taken by its
 * nightly refresh, so only today's memsync captures count as waiting.
 */
function toNote(e: ParsedEntry, recorded: NoteState | undefined, today: string): Note {
  let state: NoteState = recorded ?? 'unmerged';
  if (!recorded && !e.meta && (!e.captured || e.day < today)) state = 'merged';
  return {
    id: e.id,
    day: e.day,
    time: e.time,
    source: e.meta?.source ?? (e.captured ? 'memsync' : 'refresh'),
    text: e.text,
    redacted: e.meta?.redacted ?? [],
    state,
  };
}
