/**
 * How a target's budget is counted. Codex limits AGENTS.md in bytes (project_doc_max_bytes); every
 * other budget is in characters (Unicode code points, as the engine counts them).
 */
export type BudgetUnit = 'characters' | 'bytes';

const encoder = new TextEncoder();

export function budgetUnit(targetId: string): BudgetUnit {
  return targetId === 'codex' ? 'bytes' : 'characters';
}

export function measure(text: string, unit: BudgetUnit): number {
  return unit === 'bytes' ? encoder.encode(text).length : [...text].length;
}

/** 6000 → "6,000" in the person's locale. */
export function number(n: number): string {
  return n.toLocaleString();
}
