import type { Status } from '../../../src-shared/contract';
import type { Route } from './routes';

/**
 * The small numbers beside a view's name: what waits there. Home counts what needs a decision
 * or a fix: agents' files that are off (an outside edit held counts once, as its edit), outside
 * edits, and conflict copies the cloud client left.
 */
export function viewBadges(status: Status | null): Partial<Record<Route, number>> {
  if (!status) return {};
  const { memory, refresh } = status;
  const unwell = memory.targets.filter((t) => t.enabled && t.state !== 'in-sync' && t.state !== 'held').length;
  return {
    home: unwell + memory.foreignEdits + memory.conflictCopies.length,
    notes: refresh.unmergedNotes,
    approvals: refresh.pendingProposal ? 1 : 0,
  };
}
