import { describe, expect, it } from 'vitest';
import { recordParser } from '../../../../../src-main/engine/harvest/records';
import type { SourceId } from '../../../../../src-main/engine/harvest/sources';
import { fixtureFiles, fixtureLines } from '../../../../helpers/transcript-fixtures';

/*
 * Each parser's cheap raw-line test lets most lines (request shapes, usage, snapshots) go
 * undecoded. It may let through lines that turn out to be nothing; it must never hold back a line
 * that would be kept, counted by memsync (Python), or that changes a session's state.
 */
const SOURCES: SourceId[] = ['claude-code', 'codex', 'gemini'];

describe.each(SOURCES)('%s raw-line test', (source) => {
  const lines = fixtureFiles(source).flatMap((file) => fixtureLines(source, file).map((line, i) => ({ where: `${file}:${i + 1}`, line })));

  it.each([false, true])('never holds back a line that matters (sub-agents included: %s)', (includeSidechains) => {
    const parser = recordParser(source, { includeSidechains });
    const heldBack = lines.filter(({ line }) => !parser.mayMatter(Buffer.from(line)));
    for (const { where, line } of heldBack) {
      const outcome = recordParser(source, { includeSidechains }).parse(JSON.parse(line));
      expect({ where, kind: outcome.kind, legacy: outcome.legacy }).toEqual({ where, kind: 'drop', legacy: false });
      if (outcome.kind === 'drop') expect({ where, reason: outcome.reason }).not.toEqual({ where, reason: 'sidechain' });
    }
  });

  it('lets most non-dialogue lines go undecoded', () => {
    const parser = recordParser(source, { includeSidechains: false });
    expect(lines.filter(({ line }) => !parser.mayMatter(Buffer.from(line))).length).toBeGreaterThan(lines.length / 4);
  });
});
