import { describe, expect, it } from 'vitest';
import type { Status, TargetStatus } from '../../../../src-shared/contract';
import { viewBadges } from '../../../../src-renderer/src/lib/badges';

const target = (id: string, state: TargetStatus['state'], enabled = true) => ({ id, state, enabled }) as TargetStatus;

function status(targets: TargetStatus[], extra: { foreignEdits?: number; conflicts?: number; notes?: number; pending?: string | null } = {}): Status {
  return {
    memory: { targets, foreignEdits: extra.foreignEdits ?? 0, conflictCopies: Array.from({ length: extra.conflicts ?? 0 }, (_, i) => ({ name: `c${i}`, path: `/c${i}` })) },
    refresh: { unmergedNotes: extra.notes ?? 0, pendingProposal: extra.pending ?? null },
  } as unknown as Status;
}

describe('viewBadges', () => {
  it('counts an outside edit held in its agent’s file once (as the edit), not twice', () => {
    expect(viewBadges(status([target('claude-code', 'held'), target('codex', 'in-sync')], { foreignEdits: 1 })).home).toBe(1);
  });

  it('adds agents that need a fix, outside edits and conflict copies; agents turned off do not count', () => {
    const targets = [target('claude-code', 'drifted'), target('codex', 'missing'), target('gemini', 'error'), target('amp', 'drifted', false)];
    expect(viewBadges(status(targets, { foreignEdits: 2, conflicts: 1 })).home).toBe(6);
  });

  it('shows the notes waiting and the one proposal waiting', () => {
    expect(viewBadges(status([], { notes: 4, pending: 'p-1-abcdef' }))).toEqual({ home: 0, notes: 4, approvals: 1 });
    expect(viewBadges(null)).toEqual({});
  });
});
