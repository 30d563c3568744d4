import type { Backup } from '../../../../src-shared/contract';

/** One backup on the timeline, with the words the view shows for it. */
export interface Entry {
  backup: Backup;
  /** "10:15" (or "10:15:42" when another backup that day was taken in the same minute). */
  time: string;
  /** "21 Nov, 10:15" (same rule for seconds): how dialogs and headings name it. */
  when: string;
  /** Size change against the backup before it, in bytes (null for the oldest). */
  delta: number | null;
}

export interface Day {
  key: string;
  /** "Today", "Yesterday", "Thursday 21 November" (with the year when it is not this one). */
  label: string;
  entries: Entry[];
}

const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
const minuteKey = (d: Date) => `${dayKey(d)} ${d.getHours()}:${d.getMinutes()}`;

export function dayLabel(date: Date, now: Date = new Date()): string {
  const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((midnight(now) - midnight(date)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return date.toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}

/** Backups (newest first, as the engine lists them) grouped by local day, newest day first. */
export function groupByDay(backups: readonly Backup[], now: Date = new Date()): Day[] {
  const perMinute = new Map<string, number>();
  for (const b of backups) {
    const key = minuteKey(new Date(b.createdAt));
    perMinute.set(key, (perMinute.get(key) ?? 0) + 1);
  }
  const days: Day[] = [];
  backups.forEach((backup, index) => {
    const date = new Date(backup.createdAt);
    const seconds = (perMinute.get(minuteKey(date)) ?? 0) > 1 ? ({ second: '2-digit' } as const) : {};
    const older = backups[index + 1];
    const entry: Entry = {
      backup,
      time: date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit', ...seconds }),
      when: date.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', ...seconds }),
      delta: older ? backup.bytes - older.bytes : null,
    };
    const key = dayKey(date);
    const last = days.at(-1);
    if (last?.key === key) last.entries.push(entry);
    else days.push({ key, label: dayLabel(date, now), entries: [entry] });
  });
  return days;
}

/** "+84 B", "−1.2 KB", "" for no change. */
export function deltaLabel(delta: number | null): string {
  if (delta === null || delta === 0) return '';
  const size = Math.abs(delta);
  const text = size < 1024 ? `${size} B` : `${(size / 1024).toFixed(1)} KB`;
  return `${delta > 0 ? '+' : '−'}${text}`;
}
