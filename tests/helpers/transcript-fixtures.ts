import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
