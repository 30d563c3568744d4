import type { AdoptPart, AdoptResolution } from './contract/memory';

/**
 * Shared by the engine (adopting writes it) and the window (the preview of the choices), so what
 * the window shows is exactly what adopting writes.
 *
 * The merged text of an outside edit: the parts both sides agree on, and for each conflict the
 * side the person chose (both: the memory's lines, then the agent's). Undefined while a conflict
 * has no choice, so nothing is ever dropped by default.
 */
export function composeAdopt(parts: readonly AdoptPart[], resolutions: readonly AdoptResolution[] = []): string | undefined {
  const chosen = new Map(resolutions.map((r) => [r.id, r.take]));
  const out: string[] = [];
  for (const part of parts) {
    if (part.conflict === undefined) {
      out.push(...part.lines);
      continue;
    }
    const take = chosen.get(part.conflict.id);
    if (take === undefined) return undefined;
    if (take !== 'agent') out.push(...part.conflict.memory);
    if (take !== 'memory') out.push(...part.conflict.agent);
  }
  return out.join('\n');
}

/** The ids of the conflicts in `parts`. */
export function conflictIds(parts: readonly AdoptPart[]): number[] {
  return parts.flatMap((p) => (p.conflict ? [p.conflict.id] : []));
}
