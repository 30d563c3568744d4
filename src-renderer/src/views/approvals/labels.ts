import type { FlagKind, ProposalState } from '../../../../src-shared/contract';

export const FLAG_TITLES: Record<FlagKind, string> = {
  'constraint-restored': 'A hard constraint was dropped and put back',
  'constraint-reworded': 'A hard constraint was reworded',
  shrinkage: 'Much of the memory would go',
  'section-removed': 'Whole sections would go',
  instruction: 'Reads like an instruction to your agents',
  'memory-secret': 'Your memory holds something like a secret',
};

export const STATE_WORDS: Record<ProposalState, { label: string; tone: string }> = {
  pending: { label: 'waiting', tone: 'accent' },
  applied: { label: 'applied', tone: 'ok' },
  rejected: { label: 'rejected', tone: '' },
  superseded: { label: 'replaced by a newer one', tone: '' },
  conflict: { label: 'conflict', tone: 'bad' },
};
