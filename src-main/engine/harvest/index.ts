// Harvest, part 1: finding agents' session transcripts and reading their new turns as a stream,
// in chunks, with the cursor to keep per session. Part 2 (extraction, notes, API, CLI, UI) builds
// on these; nothing here calls a model or writes a note.
export { attribute, noteSource, type Attribution } from './attribution';
export { chunkTurns, DEFAULT_CHUNK_TOKENS, estimateTokens, TURN_SEPARATOR, turnHeader, type Chunk, type ChunkOptions, type ChunkTurn } from './chunking';
export { claudeProjectKey, claudeProjectKeys, findClaudeProjectDirs, legacyClaudeProjectKey } from './claude-project-key';
export { checkCursor, START_CURSOR, type CursorCheck, type SessionCursor } from './cursor';
export { SessionCursorSchema } from './cursor-schema';
export { harvestedEntry, nextEntry, recordHarvested } from './harvest-index';
export type { DropReason, Role } from './records';
export { listSessions, type ListOptions, type SessionFile } from './sessions';
export { findSource, SOURCES, sourceRoot, type SourceDefinition, type SourceId } from './sources';
export { readTurns, type ReadSummary, type ReadTurnsOptions, type Turn, type TurnStream } from './turns';
