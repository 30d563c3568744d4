import { CARRIED, isUntrustedSource, share, words } from '../../../../src-shared/attribution';
import type { Hunk, Note, Proposal, ProposalFlag } from '../../../../src-shared/contract';

/**
 * The changes a person must look at before they are applied: an added line that reads like an
 * instruction to agents, or a change that comes from a session transcript or an agent (untrusted:
 * it may carry a prompt injection). These start unticked and approving them asks first.
 */
export function cautions(proposal: Proposal, notes: readonly Note[] | null): Map<number, string> {
  const out = new Map<number, string>();
  const instruction = new Set(proposal.flags.filter((f) => f.kind === 'instruction' && f.line).map((f) => f.line!.trim()));
  const ours = (notes ?? []).filter((n) => proposal.noteIds.includes(n.id));
  const untrusted = ours.filter((n) => isUntrustedSource(n.source));
  const trusted = ours.filter((n) => !isUntrustedSource(n.source)).map((n) => words(n.text));
  for (const hunk of proposal.hunks) {
    if (hunk.added.some((l) => instruction.has(l.trim()))) {
      out.set(hunk.id, 'It reads like an instruction to your agents.');
    } else if (untrusted.length > 0 && !carriedByTrusted(hunk, trusted)) {
      out.set(hunk.id, 'It may come from a session transcript or an agent, not from you.');
    }
  }
  return out;
}

/** A change clearly carried by one of the person's own notes. */
function carriedByTrusted(hunk: Hunk, trusted: ReadonlyArray<Set<string>>): boolean {
  const text = words(hunk.added.join('\n'));
  return trusted.some((note) => share(note, text) >= CARRIED);
}

/** Hard constraints the model dropped and the checks put back: told once, quietly, not as a warning each. */
export function splitFlags(flags: readonly ProposalFlag[]): { restored: ProposalFlag[]; warnings: ProposalFlag[] } {
  return {
    restored: flags.filter((f) => f.kind === 'constraint-restored'),
    warnings: flags.filter((f) => f.kind !== 'constraint-restored'),
  };
}
