import { expandTemplate, type PathContext } from '../targets/resolve';

/**
 * Every agent whose session transcripts harvest can read, as data.
 *
 * THIS IS THE FILE TO UPDATE when an agent moves its transcripts; the record formats live in
 * records/<id>.ts. What is known of each: docs/harvest.md.
 *
 * `root` is a path template in the syntax of targets/registry.ts: `~/` is the home folder and
 * `${VAR:-default}` the variable VAR when it holds an absolute path, else `default`.
 */
export type SourceId = 'claude-code' | 'codex' | 'gemini';

export interface SourceDefinition {
  id: SourceId;
  /** The agent, as people call it. */
  name: string;
  /** The folder that holds the session files. */
  root: string;
  /** Where sessions sit below `root`, for people (sessions.ts lists them). */
  layout: string;
  /** Where sub-agent transcripts sit, when the agent writes them apart (read only when asked for). */
  subAgents: string | null;
  enabledByDefault: boolean;
  /**
   * harvested.json in the memory root tracks this source's sessions: memsync (Python) harvested
   * Claude Code sessions only, so only those need its index to stay exact.
   */
  sharedIndex: boolean;
  /** The same agent's instruction file in targets/registry.ts. */
  targetId: string;
  /** Which versions the format was established for, and how. */
  basis: string;
}

export const SOURCES: readonly SourceDefinition[] = [
  {
    id: 'claude-code',
    name: 'Claude Code',
    root: '${CLAUDE_CONFIG_DIR:-~/.claude}/projects',
    layout: '<project key>/<session id>.jsonl (the key: the working directory with every character but A-Z, a-z, 0-9 made "-")',
    subAgents: '<project key>/<session id>/subagents/agent-<id>.jsonl',
    enabledByDefault: true,
    sharedIndex: true,
    targetId: 'claude-code',
    basis: 'Claude Code 2.1.332: records from real runs and the record types its bundle knows.',
  },
  {
    id: 'codex',
    name: 'OpenAI Codex',
    root: '${CODEX_HOME:-~/.codex}/sessions',
    layout: 'YYYY/MM/DD/rollout-<start time>-<thread id>.jsonl (the working directory is inside the file)',
    subAgents: null, // a sub-agent's rollout says so in its session_meta
    enabledByDefault: true,
    sharedIndex: false,
    targetId: 'codex',
    basis: 'Codex CLI 0.171.0 (a real run) and its rollout types in openai/codex; 2025 rollouts share the dialogue records.',
  },
  {
    id: 'gemini',
    name: 'Gemini CLI',
    root: '${GEMINI_CLI_HOME:-~}/.gemini/tmp',
    layout: '<project id>/chats/session-<start>-<id>.jsonl, with the project folder in <project id>/.project_root',
    subAgents: '<project id>/chats/<parent session id>/<session id>.jsonl',
    // Newer than the others and less tried: legacy single-object .json sessions are not read, and
    // a rewind cannot withdraw turns read before it. Offered, not on by default.
    enabledByDefault: false,
    sharedIndex: false,
    targetId: 'gemini',
    basis: 'Gemini CLI 0.61.0: its public source (chatRecordingService.ts @ 5411f11) and a real run agree.',
  },
];

export function findSource(id: string): SourceDefinition | undefined {
  return SOURCES.find((s) => s.id === id);
}

/** The folder holding `source`'s sessions on this machine. */
export function sourceRoot(source: SourceDefinition, ctx: PathContext): string {
  return expandTemplate(source.root, ctx);
}
