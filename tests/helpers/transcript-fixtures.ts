import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordParser } from '../../src-main/engine/harvest/records';
import type { SourceId } from '../../src-main/engine/harvest/sources';
import { repoRoot } from './repo';

/** tests/fixtures/transcripts/<source>/: one file per record type, one line per variant (see its README). */
export const TRANSCRIPTS = path.join(repoRoot, 'tests', 'fixtures', 'transcripts');

export const fixturePath = (source: string, file: string) => path.join(TRANSCRIPTS, source, file);

export function fixtureFiles(source: string): string[] {
  return readdirSync(path.join(TRANSCRIPTS, source)).filter((f) => f.endsWith('.jsonl')).sort();
}

/** A fixture's lines; a checkout may have turned LF into CRLF, which the records do not care about. */
export function fixtureLines(source: string, file: string): string[] {
  return readFileSync(fixturePath(source, file), 'utf8').replace(/\r\n/g, '\n').trimEnd().split('\n');
}

export interface Expected {
  label: string;
  outcome: { kind: 'turn'; role: 'user' | 'assistant'; text: string } | { kind: 'drop'; reason: string } | { kind: 'rewind'; id: string };
  /** memsync (Python) counts the record as a message (Claude Code only). */
  legacy?: boolean;
}

export const keep = (label: string, role: 'user' | 'assistant', text: string, legacy = false): Expected => ({ label, outcome: { kind: 'turn', role, text }, legacy });
export const dropped = (label: string, reason: string, legacy = false): Expected => ({ label, outcome: { kind: 'drop', reason }, legacy });

/**
 * The tests every source's record fixtures get: each fixture file (but the whole sessions) has its
 * expectations, one per line, and each line's record is kept or dropped as expected.
 */
export function testEveryRecord(source: SourceId, expected: Record<string, Expected[]>, sessions: readonly string[]): void {
  const parser = () => recordParser(source, { includeSidechains: false });

  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(fixtureFiles(source).filter((f) => !sessions.includes(f))).toEqual(Object.keys(expected).sort());
  });

  describe.each(Object.entries(expected))('%s', (file, lines) => {
    const records = fixtureLines(source, file);

    it('has one line per expected variant', () => {
      expect(records).toHaveLength(lines.length);
    });

    it.each(lines.map((e, i) => [e.label, e, i] as const))('%s', (_label, e, i) => {
      const outcome = parser().parse(JSON.parse(records[i]!));
      expect(outcome).toMatchObject(e.outcome);
      expect(outcome.legacy).toBe(e.legacy ?? false);
    });
  });
}
