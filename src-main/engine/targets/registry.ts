import type { RenderMode } from '../../../src-shared/contract/settings';

/**
 * Every agent instruction file memsync can keep in step with the canonical memory.
 *
 * THIS IS THE FILE TO UPDATE when a vendor renames or moves things (it happens every few months:
 * Gemini CLI → Antigravity, Windsurf → Devin Desktop). Sources: ../shared/spec/agent-targets.md.
 *
 * Path templates: `~/` is the home folder; `${VAR:-default}` is the environment variable VAR when
 * it holds an absolute path, else `default`; `/` separates segments on every OS. `paths` may name a
 * different template per OS; `default` covers the rest.
 */
export interface TargetDefinition {
  id: string;
  /** The agent, as people call it. */
  name: string;
  paths: { default: string; darwin?: string; win32?: string; linux?: string };
  /** Folders or files whose presence means the agent is installed (suggest enabling; never silently). */
  installedWhen: string[];
  /** Files that silently win over this one when present and non-empty. */
  shadowedBy: string[];
  /** The agent's size limit for this file, or null. */
  budget: number | null;
  budgetUnit: 'chars' | 'bytes';
  enabledByDefault: boolean;
  defaultMode: RenderMode;
  /** One line on what the agent does with this file. */
  note: string;
}

const CODEX_HOME = '${CODEX_HOME:-~/.codex}';
const XDG = '${XDG_CONFIG_HOME:-~/.config}';

export const TARGETS: readonly TargetDefinition[] = [
  {
    id: 'claude-code',
    name: 'Claude Code',
    paths: { default: '~/.claude/CLAUDE.md' },
    installedWhen: ['~/.claude'],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: true,
    defaultMode: 'copy',
    note: 'Loaded at the start of every Claude Code session, in every project.',
  },
  {
    id: 'codex',
    name: 'OpenAI Codex',
    paths: { default: `${CODEX_HOME}/AGENTS.md` },
    installedWhen: [CODEX_HOME],
    // Codex reads AGENTS.override.md instead when it exists and is not empty.
    shadowedBy: [`${CODEX_HOME}/AGENTS.override.md`],
    // project_doc_max_bytes: 32 KiB by default (https://developers.openai.com/codex/guides/agents-md)
    budget: 32 * 1024,
    budgetUnit: 'bytes',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Global AGENTS.md for the Codex CLI and IDE extension.',
  },
  {
    id: 'gemini',
    name: 'Gemini CLI / Antigravity',
    paths: { default: '~/.gemini/GEMINI.md' },
    installedWhen: ['~/.gemini'],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Shared by the Gemini CLI and the Antigravity CLI and IDE.',
  },
  {
    id: 'copilot',
    name: 'GitHub Copilot',
    paths: { default: '~/.copilot/copilot-instructions.md' },
    installedWhen: ['~/.copilot'],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Personal instructions for Copilot CLI and Copilot in the IDE.',
  },
  {
    id: 'opencode',
    name: 'OpenCode',
    paths: { default: `${XDG}/opencode/AGENTS.md` },
    installedWhen: [`${XDG}/opencode`],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Global rules for OpenCode (it also reads ~/.claude/CLAUDE.md when this is absent).',
  },
  {
    id: 'agents',
    name: 'Cross-tool AGENTS.md',
    paths: { default: '~/.agents/AGENTS.md' },
    installedWhen: ['~/.agents'],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'The emerging home-folder AGENTS.md read by Warp and Cline (and requested for Codex).',
  },
  {
    id: 'amp',
    name: 'Amp',
    paths: { default: `${XDG}/amp/AGENTS.md` },
    installedWhen: [`${XDG}/amp`],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Global AGENTS.md for Amp.',
  },
  {
    id: 'windsurf',
    name: 'Windsurf global rules',
    paths: { default: '~/.codeium/windsurf/memories/global_rules.md' },
    installedWhen: ['~/.codeium/windsurf'],
    shadowedBy: [],
    // Windsurf reads only the first 6,000 characters of global_rules.md.
    budget: 6000,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Windsurf (now Devin Desktop) reads the first 6,000 characters only.',
  },
  {
    id: 'devin',
    name: 'Devin Desktop',
    paths: { default: `${XDG}/devin/AGENTS.md` },
    installedWhen: [`${XDG}/devin`, '~/.devin'],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Global AGENTS.md for Devin Desktop (formerly Windsurf).',
  },
  {
    id: 'zed',
    name: 'Zed',
    paths: { default: `${XDG}/zed/AGENTS.md`, win32: '${APPDATA:-~/AppData/Roaming}/Zed/AGENTS.md' },
    installedWhen: [`${XDG}/zed`, '${APPDATA:-~/AppData/Roaming}/Zed'],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Zed loads exactly one rules file.',
  },
  {
    id: 'qwen',
    name: 'Qwen Code',
    paths: { default: '~/.qwen/QWEN.md' },
    installedWhen: ['~/.qwen'],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Global memory file for Qwen Code.',
  },
  {
    id: 'goose',
    name: 'Goose',
    paths: { default: `${XDG}/goose/.goosehints` },
    installedWhen: [`${XDG}/goose`],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Global hints for Goose.',
  },
  {
    id: 'junie',
    name: 'JetBrains Junie',
    paths: { default: '~/.junie/AGENTS.md' },
    installedWhen: ['~/.junie'],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Global guidelines for Junie.',
  },
  {
    id: 'kilo',
    name: 'Kilo Code',
    paths: { default: `${XDG}/kilo/AGENTS.md` },
    installedWhen: [`${XDG}/kilo`, '~/.kilo'],
    shadowedBy: [],
    budget: null,
    budgetUnit: 'chars',
    enabledByDefault: false,
    defaultMode: 'copy',
    note: 'Global AGENTS.md for Kilo Code.',
  },
];

export function findTarget(id: string): TargetDefinition | undefined {
  return TARGETS.find((t) => t.id === id);
}
