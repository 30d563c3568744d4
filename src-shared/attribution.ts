/**
 * Which note a change of a proposal most likely came from. The model's answer does not say, so
 * both the engine (which notes a partial approval merged) and the window (which changes start
 * unticked) estimate it by shared words. Shared, so both sides reach the same answer.
 */

const STOP = new Set(['the', 'and', 'for', 'with', 'that', 'this', 'from', 'are', 'was', 'were', 'has', 'have', 'not', 'but', 'all', 'our', 'its', 'into', 'also', 'now', 'today']);

export function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((w) => !STOP.has(w)));
}

/** The share of the note's words that appear in `text` (0 … 1). */
export function share(note: ReadonlySet<string>, text: ReadonlySet<string>): number {
  if (note.size === 0) return 0;
  let hits = 0;
  for (const w of note) if (text.has(w)) hits += 1;
  return hits / note.size;
}

/** A note "clearly carried" by a change: at least this share of its words are in the change. */
export const CARRIED = 0.5;

/**
 * Notes from session transcripts or from an agent are untrusted: what they say may have been put
 * there by a web page or a file the agent read (prompt injection). Their changes are never
 * applied without the person looking.
 */
export function isUntrustedSource(source: string): boolean {
  return /^harvest\b/.test(source) || /:(agent|mcp|claude|codex|gemini|copilot|opencode|cursor|windsurf)\b/i.test(source);
}
