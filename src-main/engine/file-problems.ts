/**
 * Files in the memory root that memsync reads but cannot use, in words for the status, the
 * window and doctor: before, a damaged proposal was skipped and a damaged note heading joined two
 * notes, both without a word. Only names and line numbers: never what the files hold.
 */
export function damagedFileProblems(proposals: readonly string[], headings: ReadonlyArray<{ file: string; lines: readonly number[] }>): string[] {
  const problems = proposals.map(
    (name) => `proposals/${name} is damaged or still syncing (half-written, or edited by hand), so it cannot be applied; delete it, or run a new refresh.`,
  );
  for (const { file, lines } of headings) {
    problems.push(
      `sessions/${file}, line ${lines.join(', ')}: a note heading is damaged, so the note after it reads as part of the one before; write it as "### HH:MM:SS (captured)" after a line "---".`,
    );
  }
  return problems;
}
