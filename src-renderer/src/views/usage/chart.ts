/** A round number at or above `max` (1, 2, 2.5 or 5 times a power of ten) for a chart's top line. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

/** "2026-11-20" (a UTC day) → "20 Nov", in the person's locale. */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** "2026-11" → "Nov 2026", in the person's locale. */
export function monthName(month: string, long = false): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString(undefined, { month: long ? 'long' : 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Cost for an axis: "$0", "$0.05", "$1.20". */
export function axisUsd(n: number): string {
  if (n === 0) return '$0';
  return n < 0.1 ? `$${n.toFixed(3).replace(/0$/, '')}` : `$${n.toFixed(2)}`;
}

/** One bar of a column chart. */
export interface Column {
  key: string;
  /** Under the axis (shown for some columns when there are many). */
  tick: string;
  /** The bar's accessible name and tooltip. */
  description: string;
  value: number;
}

/** One row of a horizontal bar list. */
export interface Bar {
  key: string;
  label: string;
  value: number;
  /** The numbers in words, shown beside the bar. */
  detail: string;
}

/** Costs here are often cents: four decimals below a dollar (like `memsync usage`), two above. */
export function cost(n: number): string {
  if (n === 0) return '$0';
  return n < 1 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}
