import type { Note, NoteState } from '../../../../src-shared/contract';

/** Where a note came from, as a person would say it; the raw source is kept for the tooltip. */
const SOURCES: Record<string, string> = {
  tray: 'quick note',
  ui: 'window',
  cli: 'command line',
  http: 'phone / HTTP',
  inbox: 'inbox folder',
  refresh: 'refresh',
  memsync: 'memsync',
  harvest: 'session harvest',
};

export function sourceLabel(source: string): string {
  const [kind = source, ...rest] = source.split(':');
  const name = SOURCES[kind] ?? kind;
  const detail = rest.join(':');
  if (!detail) return name;
  return kind === 'http' ? `phone: ${detail}` : `${name}: ${detail}`;
}

export const STATE_LABELS: Record<NoteState, string> = { unmerged: 'waiting', merged: 'merged', dismissed: 'dismissed' };
export const STATE_TONES: Record<NoteState, string> = { unmerged: 'warn', merged: 'ok', dismissed: '' };

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "Today", "Yesterday", or "Monday 17 November 2025" (the person's locale) for a YYYY-MM-DD day. */
export function dayLabel(day: string, now: Date = new Date()): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  if (day === localDay(now)) return 'Today';
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (day === localDay(yesterday)) return 'Yesterday';
  return date.toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}

/** HH:MM of a note's HH:MM:SS capture time. */
export const shortTime = (time: string) => time.slice(0, 5);

export interface NoteDay {
  day: string;
  label: string;
  notes: Note[];
}

/** Notes grouped by day, newest day first (notes arrive newest first and keep that order). */
export function byDay(notes: readonly Note[]): NoteDay[] {
  const days = new Map<string, Note[]>();
  for (const n of notes) {
    const list = days.get(n.day);
    if (list) list.push(n);
    else days.set(n.day, [n]);
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([day, list]) => ({ day, label: dayLabel(day), notes: list.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)) }));
}
