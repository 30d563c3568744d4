import path from 'node:path';
import { localDayAndTime } from '../notes/entry-format';
import type { Chunk } from './chunking';
import type { SessionFile } from './sessions';
import type { SourceId } from './sources';

/**
 * What a note harvested from a chunk says about where it came from: the agent and session, the
 * project (the working directory the records name, not the transcript's folder name, which is
 * lossy), and the local day the chunk's turns happened on.
 */
export interface Attribution {
  /** `harvest:<agent>:<session>`. */
  source: string;
  agent: SourceId;
  session: string;
  /** The working directory, as the agent recorded it. */
  project: string | null;
  /** Its last folder name, for lists. */
  projectName: string | null;
  /** YYYY-MM-DD, local time, of the chunk's last turn with a time. */
  day: string | null;
}

export function noteSource(agent: SourceId, session: string): string {
  return `harvest:${agent}:${session}`;
}

export function attribute(session: SessionFile, chunk: Pick<Chunk, 'turns'>): Attribution {
  const project = chunk.turns.find((t) => t.cwd)?.cwd ?? session.project;
  const stamp = chunk.turns.findLast((t) => t.timestamp && !Number.isNaN(Date.parse(t.timestamp)))?.timestamp;
  return {
    source: noteSource(session.source, session.session),
    agent: session.source,
    session: session.session,
    project,
    projectName: project ? projectName(project) : null,
    day: stamp ? localDayAndTime(new Date(stamp)).day : null,
  };
}

/** The last folder name of a path recorded on any OS (a Windows path read on Linux too). */
function projectName(dir: string): string {
  const trimmed = dir.replace(/[\\/]+$/, '');
  return (/[\\]/.test(trimmed) ? path.win32.basename(trimmed) : path.posix.basename(trimmed)) || trimmed;
}
