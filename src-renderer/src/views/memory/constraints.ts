import { extractConstraints, findConstraintSections, type ConstraintItem } from '../../../../src-shared/markdown/constraints';

/**
 * A starter-template line such as "- (Rules that must never be lost or softened through
 * compaction)": wholly in parentheses, it is an invitation, not a rule, so replacing it asks nothing.
 */
const PLACEHOLDER = /^\(.*\)$/;

/**
 * Hard constraints of `before` that `after` no longer has (compared normalized, so rewording the
 * markup — a bullet for a number, bold, a trailing full stop — is not a removal). Each once.
 */
export function removedConstraints(before: string, after: string, names: readonly string[]): ConstraintItem[] {
  const kept = new Set(extractConstraints(after, names).map((item) => item.norm));
  const seen = new Set<string>();
  return extractConstraints(before, names).filter((item) => {
    if (kept.has(item.norm) || seen.has(item.norm) || PLACEHOLDER.test(item.norm)) return false;
    seen.add(item.norm);
    return true;
  });
}

/** The text has a hard-constraints section (its lines are tinted in the editor). */
export function hasConstraintSection(text: string, names: readonly string[]): boolean {
  return findConstraintSections(text, names).length > 0;
}
