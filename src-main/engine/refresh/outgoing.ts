import { findSecrets } from '../redaction';

/*
 * What a refresh sends: the memory with its own secrets replaced by numbered placeholders (put
 * back in the answer), the notes redacted. Before anything leaves, the whole request is checked
 * once more; what still reads as a secret is named by its place, never quoted.
 */

const placeholder = (n: number) => `⟦kept-secret-${n}⟧`;

/**
 * The memory with every value that looks like a secret replaced by `⟦kept-secret-N⟧`. Replacing
 * changes what the neighbours look like, so it repeats until nothing is found (the placeholders
 * themselves are never flagged: redaction knows them as its own markers).
 */
export function maskSecrets(memory: string): { masked: string; values: string[] } {
  const values: string[] = [];
  let masked = memory;
  for (let pass = 0; pass < 4; pass++) {
    const findings = findSecrets(masked);
    if (findings.length === 0) break;
    const first = values.length + 1;
    values.push(...findings.map((f) => masked.slice(f.start, f.end)));
    for (let i = findings.length - 1; i >= 0; i--) {
      const f = findings[i]!;
      masked = `${masked.slice(0, f.start)}${placeholder(first + i)}${masked.slice(f.end)}`;
    }
  }
  return { masked, values };
}

export function unmask(text: string, values: readonly string[]): string {
  return text.replace(/⟦kept-secret-(\d+)⟧/g, (m, n: string) => values[Number(n) - 1] ?? m);
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/**
 * Where in what would be sent something still reads as a secret ("line 12 of the memory", "line 2
 * of note n-…"), or null when it may leave. Each part is checked alone, then the whole request
 * (text can read differently where the parts meet).
 */
export function leakPlace(system: string, user: string, memory: string, notes: ReadonlyArray<{ id: string; text: string }>): string | null {
  const inMemory = findSecrets(memory)[0];
  if (inMemory) return `line ${lineOf(memory, inMemory.start)} of the memory`;
  for (const note of notes) {
    const found = findSecrets(note.text)[0];
    if (found) return `line ${lineOf(note.text, found.start)} of note ${note.id}`;
  }
  if (findSecrets(system).length > 0) return 'the instructions';
  const whole = findSecrets(user)[0];
  return whole ? `line ${lineOf(user, whole.start)} of the request, where the memory and the notes meet` : null;
}
