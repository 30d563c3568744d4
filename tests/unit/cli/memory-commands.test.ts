import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Status } from '../../../src-shared/contract';
import type { CliIo } from '../../../src-main/cli/io';
import { runCli } from '../../../src-main/cli/program';
import { backupStamp } from '../../../src-main/engine/memory/backups';
import { STARTER_TEMPLATE } from '../../../src-main/engine/memory/layout';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/*
 * The memory commands of `memsync`, run in-process against a temporary HOME: the engine derives
 * every path (settings, secrets, agents' files, cloud folders) from io.env.HOME, so nothing here
 * reads or writes outside it. Acceptance cases: ../shared/spec/memsync-predecessor.md §1 and §10.
 */

let home: TempHome;
/** The temp HOME's environment, without anything of the developer's shell that moves a target. */
let env: NodeJS.ProcessEnv;
/** A folder standing for "any folder you sync" (the usual --sync-root). */
let sync: string;

interface RunOptions {
  /** Extra environment for this run. */
  env?: Record<string, string>;
  /** Scripted answers to prompts; when they run out the prompt answers undefined (no TTY). */
  answers?: string[];
  /** What a pipe on stdin holds (undefined: stdin is a terminal). */
  stdin?: string;
}

interface RunResult {
  code: number;
  out: string;
  err: string;
  prompts: string[];
}

async function cli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const answers = [...(options.answers ?? [])];
  const prompts: string[] = [];
  const io: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    env: { ...env, ...options.env },
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    prompt: async (question) => {
      prompts.push(question);
      return answers.shift();
    },
    readStdin: async () => options.stdin,
  };
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err, prompts };
}

const memoryRoot = () => path.join(sync, '.claude-memory');
const memoryFile = () => path.join(memoryRoot(), 'GLOBAL_MEMORY.md');
const backupsDir = () => path.join(memoryRoot(), 'backups');
const claudeMd = () => path.join(home.home, '.claude', 'CLAUDE.md');
const userData = () => path.join(home.home, '.config', 'memsync-desktop');
const settingsFile = () => path.join(userData(), 'settings.json');
const read = (file: string) => readFile(file, 'utf8');
const readSettings = async () => JSON.parse(await read(settingsFile())) as Record<string, unknown> & { backups?: { keepDays: number } };
const backups = async () => (await readdir(backupsDir())).filter((n) => n.startsWith('GLOBAL_MEMORY_')).sort();

async function init(...extra: string[]): Promise<RunResult> {
  const result = await cli(['init', '--sync-root', sync, ...extra]);
  expect(result.code, result.err).toBe(0);
  return result;
}

/** A memory with every usual section; `## Recent completions` is made long on request. */
function memoryText(completions = 1): string {
  const done = Array.from({ length: completions }, (_v, i) => `- Finished task number ${i + 1} of the long migration project`).join('\n');
  return [
    '<!-- memsync v0.2 -->',
    '# Global Memory',
    '',
    '## Identity & context',
    '- Backend engineer on the billing service',
    '',
    '## Current priorities',
    '- Invoice export',
    '',
    '## Recent completions',
    done,
    '',
    '## Hard constraints',
    '- Never run migrations against production without a dry run',
    '',
  ].join('\n');
}

beforeEach(async () => {
  home = await makeTempHome('memsync-cli-');
  env = { ...home.env };
  delete env.CODEX_HOME;
  sync = path.join(home.home, 'Sync');
  await mkdir(sync);
});
afterEach(() => home.cleanup());

describe('memsync init', () => {
  it('--sync-root creates the memory root with the starter template and writes ~/.claude/CLAUDE.md', async () => {
    const r = await init();
    expect(r.out).toContain('memsync initialized.');
    expect(r.out).toContain(`Memory:      ${memoryFile()} (starter template)`);
    const memory = await read(memoryFile());
    expect(memory).toBe(STARTER_TEMPLATE);
    expect(memory.startsWith('<!-- memsync v0.2 -->\n')).toBe(true);
    expect(memory).toContain('## Hard constraints');
    expect((await stat(backupsDir())).isDirectory()).toBe(true);
    expect((await stat(path.join(memoryRoot(), 'sessions'))).isDirectory()).toBe(true);
    expect(await backups()).toEqual([]); // nothing was replaced, so nothing was backed up
    expect(await read(claudeMd())).toBe(memory);
    expect(await readSettings()).toMatchObject({ provider: 'custom', syncRoot: sync });
  });

  it('refuses a --sync-root that does not exist (exit 1) and writes nothing', async () => {
    const missing = path.join(home.home, 'nowhere');
    const r = await cli(['init', '--sync-root', missing]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`path does not exist: ${missing}`);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(claudeMd())).toBe(false);
  });

  it('--provider icloud --sync-root X puts the memory in X/claude-memory (no dot, like memsync)', async () => {
    const r = await cli(['init', '--provider', 'icloud', '--sync-root', sync]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('iCloud Drive');
    expect(await read(path.join(sync, 'claude-memory', 'GLOBAL_MEMORY.md'))).toBe(STARTER_TEMPLATE);
    expect(existsSync(path.join(sync, '.claude-memory'))).toBe(false);
    // Later commands find it again (the folder is saved with the provider, unlike memsync).
    const status = await cli(['status', '--json']);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.out) as Status).memory.memoryRoot).toBe(path.join(sync, 'claude-memory'));
  });

  it('auto-detects a single sync folder, uses it and says so', async () => {
    const dropbox = path.join(home.home, 'Dropbox');
    await mkdir(dropbox);
    const r = await cli(['init']);
    expect(r.code, r.err).toBe(0);
    expect(r.prompts).toEqual([]);
    expect(r.out).toContain(`Found Dropbox at ${dropbox}.`);
    expect(await read(path.join(dropbox, '.claude-memory', 'GLOBAL_MEMORY.md'))).toBe(STARTER_TEMPLATE);
    expect(await readSettings()).toMatchObject({ provider: 'dropbox', syncRoot: dropbox });
  });

  it('lists several sync folders and uses the one the person picks (after a wrong answer)', async () => {
    const dropbox = path.join(home.home, 'Dropbox');
    const onedrive = path.join(home.home, 'OneDrive');
    await mkdir(dropbox);
    await mkdir(onedrive);
    const r = await cli(['init'], { answers: ['3', '2'] });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Several sync folders were found:');
    expect(r.out).toContain(`1. OneDrive (${onedrive})`);
    expect(r.out).toContain(`2. Dropbox (${dropbox})`);
    expect(r.out).toContain('Please type one of the numbers above.');
    expect(r.prompts).toEqual(['Choose [1-2]: ', 'Choose [1-2]: ']);
    expect(existsSync(path.join(dropbox, '.claude-memory', 'GLOBAL_MEMORY.md'))).toBe(true);
    expect(existsSync(path.join(onedrive, '.claude-memory'))).toBe(false);
    expect(await readSettings()).toMatchObject({ provider: 'dropbox', syncRoot: dropbox });
  });

  it('with several folders and nobody to answer (no TTY) exits 1 with a clear message and creates nothing', async () => {
    await mkdir(path.join(home.home, 'Dropbox'));
    await mkdir(path.join(home.home, 'OneDrive'));
    const r = await cli(['init']); // the prompt answers undefined
    expect(r.code).toBe(1);
    expect(r.prompts).toHaveLength(1);
    expect(r.err).toContain('Several sync folders were found and none was chosen');
    expect(r.err).toContain('--provider NAME or --sync-root PATH');
    expect(existsSync(path.join(home.home, 'Dropbox', '.claude-memory'))).toBe(false);
    expect(existsSync(path.join(home.home, 'OneDrive', '.claude-memory'))).toBe(false);
    expect(existsSync(claudeMd())).toBe(false);
  });

  it('exits 4 when no sync folder is detected', async () => {
    const r = await cli(['init']);
    expect(r.code).toBe(4);
    expect(r.err).toContain('no cloud sync folder detected');
    expect(r.err).toContain('memsync init --sync-root');
  });

  it('exits 4 when the named provider has no folder here', async () => {
    const r = await cli(['init', '--provider', 'dropbox']);
    expect(r.code).toBe(4);
    expect(r.err).toContain("provider 'dropbox' could not find its sync folder");
  });

  it('refuses an unknown provider with exit 1, with or without --sync-root', async () => {
    for (const args of [['--provider', 'bogus'], ['--provider', 'bogus', '--sync-root', sync]]) {
      const r = await cli(['init', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toContain("unknown provider 'bogus'");
      expect(r.err).toContain('onedrive, icloud, gdrive, dropbox, custom');
    }
    expect(existsSync(memoryRoot())).toBe(false);
    expect(existsSync(settingsFile()) ? await readSettings() : {}).not.toHaveProperty('provider', 'custom');
  });

  it('says "already initialized" the second time (exit 0) and leaves the memory alone', async () => {
    await init();
    const mine = memoryText();
    await writeFile(memoryFile(), mine);
    const r = await cli(['init']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`memsync already initialized (${memoryRoot()})`);
    expect(await read(memoryFile())).toBe(mine);
    expect(await backups()).toEqual([]);
    // Naming the same folder again keeps the memory too.
    const again = await init();
    expect(again.out).toContain('(kept)');
    expect(await read(memoryFile())).toBe(mine);
  });

  it('--force backs the old memory up first, then writes the starter template', async () => {
    await init();
    const mine = memoryText();
    await writeFile(memoryFile(), mine);
    const r = await init('--force');
    expect(r.out).toContain('(starter template)');
    const names = await backups();
    expect(names).toHaveLength(1);
    expect(r.out).toContain(`Backup:      ${path.join(backupsDir(), names[0]!)}`);
    expect(await read(path.join(backupsDir(), names[0]!))).toBe(mine);
    expect(await read(memoryFile())).toBe(STARTER_TEMPLATE);
    expect(await read(claudeMd())).toBe(STARTER_TEMPLATE);
  });

  // Regression: `init --force` used to ignore the configured folder and auto-detect again (exit 4
  // with a custom folder, or a silent move to another cloud folder).
  it('init --force alone reinitializes the configured folder', async () => {
    await init();
    await writeFile(memoryFile(), memoryText());
    const r = await cli(['init', '--force']);
    expect(r.code, r.err).toBe(0);
    expect(await read(memoryFile())).toBe(STARTER_TEMPLATE);
  });

  // Regression: init used to answer "already initialized" when only the folder existed, so the
  // advice "run memsync init" for a missing GLOBAL_MEMORY.md led nowhere.
  it('init recreates a missing GLOBAL_MEMORY.md, as status tells the person to do', async () => {
    await init();
    await rm(memoryFile());
    expect((await cli(['status'])).out).toContain('GLOBAL_MEMORY.md is missing — run memsync init');
    const r = await cli(['init']);
    expect(r.code).toBe(0);
    expect(await read(memoryFile())).toBe(STARTER_TEMPLATE);
  });

  it('keeps a personal ~/.claude/CLAUDE.md as CLAUDE.pre-memsync.bak and never overwrites that backup', async () => {
    await mkdir(path.dirname(claudeMd()), { recursive: true });
    await writeFile(claudeMd(), '# My own rules\n- be terse\n');
    await init();
    const bak = path.join(home.home, '.claude', 'CLAUDE.pre-memsync.bak');
    expect(await read(bak)).toBe('# My own rules\n- be terse\n');
    expect(await read(claudeMd())).toBe(STARTER_TEMPLATE);

    // A fresh install (no record of what memsync wrote) finds personal text again, and a fresh root.
    await rm(userData(), { recursive: true });
    await writeFile(claudeMd(), '# Second version of my rules\n');
    const other = path.join(home.home, 'Other');
    await mkdir(other);
    expect((await cli(['init', '--sync-root', other])).code).toBe(0);
    expect(await read(bak)).toBe('# My own rules\n- be terse\n');
    expect(await read(path.join(home.home, '.claude', 'CLAUDE.pre-memsync.1.bak'))).toBe('# Second version of my rules\n');
    expect(await read(claudeMd())).toBe(STARTER_TEMPLATE);
  });

  it('keeps settings init was not told about', async () => {
    expect((await cli(['config', 'set', 'keep_days', '12'])).code).toBe(0);
    expect((await cli(['config', 'set', 'model', 'claude-test-model'])).code).toBe(0);
    await init();
    expect((await cli(['config', 'get', 'keep_days'])).out).toBe('12\n');
    expect((await cli(['config', 'get', 'model'])).out).toBe('claude-test-model\n');
    expect(await readSettings()).toMatchObject({ provider: 'custom', syncRoot: sync, backups: { keepDays: 12 } });
  });
});

describe('exit codes like memsync', () => {
  it('no memory root configured: show, status, diff and sync exit 2', async () => {
    for (const args of [['show'], ['status'], ['diff'], ['sync']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect((await cli(['show'])).err).toContain('memsync init');
  });

  it('memory folder removed from an existing sync folder: exit 2', async () => {
    await init();
    await rm(memoryRoot(), { recursive: true });
    const r = await cli(['show']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('There is no memory folder');
  });

  it('GLOBAL_MEMORY.md deleted after init: show and status exit 3', async () => {
    await init();
    await rm(memoryFile());
    const show = await cli(['show']);
    expect(show.code).toBe(3);
    expect(show.err).toContain('GLOBAL_MEMORY.md does not exist');
    const status = await cli(['status']);
    expect(status.code).toBe(3);
    expect(status.out).toContain('GLOBAL_MEMORY.md is missing');
    expect((await cli(['diff'])).code).toBe(3);
  });

  it('the configured sync folder is gone: status exits 4 and says so', async () => {
    await init();
    await rm(sync, { recursive: true });
    const r = await cli(['status']);
    expect(r.code).toBe(4);
    expect(r.out).toContain(`Sync root:     ${sync} ✗ (not there)`);
    expect(r.out).toContain('is not there (drive offline or unmounted?)');
    expect((await cli(['show'])).code).toBe(4);
  });
});

describe('memsync status', () => {
  const templateLines = STARTER_TEMPLATE.split('\n').length - 1;

  it('prints where everything is, human-readable', async () => {
    await init();
    const r = await cli(['status']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Settings:      ${settingsFile()}`);
    expect(r.out).toContain('Provider:      Custom folder');
    expect(r.out).toContain(`Sync root:     ${sync} ✓`);
    expect(r.out).toContain(`Memory root:   ${memoryRoot()} ✓`);
    expect(r.out).toContain(`Memory:        GLOBAL_MEMORY.md — ${templateLines} lines`);
    expect(r.out).toContain('Backups:       0 file(s)');
    expect(r.out).toContain('Session logs:  0 day(s)');
    expect(r.out).toMatch(/✓ {2}Claude Code +~\/\.claude\/CLAUDE\.md {2}\(copy, in-sync\)/);
  });

  it('--json is the engine status', async () => {
    await init();
    const r = await cli(['status', '--json']);
    expect(r.code).toBe(0);
    const status = JSON.parse(r.out) as Status;
    expect(status.memory.rootState).toBe('ok');
    expect(status.memory.provider).toBe('custom');
    expect(status.memory.memory?.lines).toBe(templateLines);
    expect(status.memory.memory?.bytes).toBe(Buffer.byteLength(STARTER_TEMPLATE));
    expect(status.memory.targets[0]).toMatchObject({ id: 'claude-code', state: 'in-sync', path: claudeMd() });
  });

  it('reports a hand-edited target as drifted without rewriting it', async () => {
    await init();
    await writeFile(claudeMd(), 'edited by hand\n');
    const r = await cli(['status']);
    expect(r.out).toMatch(/✗ {2}Claude Code .*\(copy, drifted\)/);
    expect(await read(claudeMd())).toBe('edited by hand\n');
  });
});

describe('memsync doctor', () => {
  it('fails without an API key and names the check', async () => {
    await init();
    const r = await cli(['doctor']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ {2}Anthropic API key +not set/);
    expect(r.out).toContain('1 check(s) failed: Anthropic API key');
  });

  it('passes when everything is fine and ANTHROPIC_API_KEY is set', async () => {
    await init();
    const r = await cli(['doctor'], { env: { ANTHROPIC_API_KEY: 'sk-ant-test' } });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('from ANTHROPIC_API_KEY');
    expect(r.out).toContain('All checks passed.');
    expect(r.out).not.toContain('sk-ant-test');
  });

  it('says where no keychain answered and the secrets went to the file, and what protects it', async () => {
    await init();
    const dataDir = path.join(home.home, '.config', 'memsync-desktop');
    await writeFile(path.join(dataDir, 'secret-store'), 'file\nno keychain answered\n');
    const r = await cli(['doctor'], { env: { ANTHROPIC_API_KEY: 'k' } });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/! {2}Secrets +No Secret Service keyring \(GNOME Keyring, KWallet\) answered .* are in .*secrets\.json: readable only by you \(0600\), but not encrypted\./);
    expect((await cli(['status'])).out).toContain('⚠ No Secret Service keyring');
  });

  it('fails before init', async () => {
    const r = await cli(['doctor'], { env: { ANTHROPIC_API_KEY: 'sk-ant-test' } });
    expect(r.code).toBe(1);
    expect(r.out).toContain('no sync folder chosen — run memsync init');
  });

  it('fails when a non-empty ~/.codex/AGENTS.override.md shadows the Codex target (an empty one does not)', async () => {
    await init();
    expect((await cli(['targets', 'enable', 'codex'])).code).toBe(0);
    const override = path.join(home.home, '.codex', 'AGENTS.override.md');
    await writeFile(override, '  \n');
    expect((await cli(['doctor'], { env: { ANTHROPIC_API_KEY: 'k' } })).code).toBe(0);
    await writeFile(override, 'Use tabs.\n');
    const r = await cli(['doctor'], { env: { ANTHROPIC_API_KEY: 'k' } });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ {2}Target OpenAI Codex +AGENTS\.override\.md wins over/);
  });

  it('fails on a cloud conflict copy next to the memory', async () => {
    await init();
    await writeFile(path.join(memoryRoot(), 'GLOBAL_MEMORY (1).md'), memoryText());
    const r = await cli(['doctor'], { env: { ANTHROPIC_API_KEY: 'k' } });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ {2}Conflict copies +GLOBAL_MEMORY \(1\)\.md/);
    expect((await cli(['status'])).out).toContain('Conflict copy: GLOBAL_MEMORY (1).md (gdrive)');
  });
});

describe('memsync targets', () => {
  it('enable codex gemini writes ~/.codex/AGENTS.md and ~/.gemini/GEMINI.md', async () => {
    await init();
    const r = await cli(['targets', 'enable', 'codex', 'gemini']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('OpenAI Codex');
    expect(r.out).toContain('Gemini CLI / Antigravity');
    expect(await read(path.join(home.home, '.codex', 'AGENTS.md'))).toBe(STARTER_TEMPLATE);
    expect(await read(path.join(home.home, '.gemini', 'GEMINI.md'))).toBe(STARTER_TEMPLATE);
    const list = await cli(['targets']);
    expect(list.out).toMatch(/✓ {2}OpenAI Codex +~\/\.codex\/AGENTS\.md {2}\(copy, in-sync\)/);
    expect(list.out).toMatch(/- {2}GitHub Copilot +off/);
  });

  it('CODEX_HOME moves the Codex file', async () => {
    const codexHome = path.join(home.home, 'codex-elsewhere');
    env.CODEX_HOME = codexHome;
    await init();
    expect((await cli(['targets', 'enable', 'codex'])).code).toBe(0);
    expect(await read(path.join(codexHome, 'AGENTS.md'))).toBe(STARTER_TEMPLATE);
    expect(existsSync(path.join(home.home, '.codex'))).toBe(false);
  });

  it('managed-block keeps the person’s text around the memsync block', async () => {
    await mkdir(path.dirname(claudeMd()), { recursive: true });
    await writeFile(claudeMd(), '# My own rules\n- be terse\n');
    expect((await cli(['targets', 'mode', 'claude-code', 'managed-block'])).code).toBe(0);
    await init();
    const first = await read(claudeMd());
    expect(first).toBe(`# My own rules\n- be terse\n\n<!-- memsync:start -->\n${STARTER_TEMPLATE.trimEnd()}\n<!-- memsync:end -->\n`);

    // The person adds text after the block; a memory change replaces only the block.
    await writeFile(claudeMd(), `${first}\n# Added below\n`);
    await writeFile(memoryFile(), memoryText());
    expect((await cli(['sync'])).code).toBe(0);
    expect(await read(claudeMd())).toBe(
      `# My own rules\n- be terse\n\n<!-- memsync:start -->\n${memoryText().trimEnd()}\n<!-- memsync:end -->\n\n# Added below\n`,
    );
  });

  it('switching an existing copy to managed-block puts the person’s text around the markers and the memory inside', async () => {
    await init();
    await writeFile(claudeMd(), `Mine above\n<!-- memsync:start -->\nstale\n<!-- memsync:end -->\nMine below\n`);
    const r = await cli(['targets', 'mode', 'claude-code', 'managed-block']);
    expect(r.code, r.err).toBe(0);
    expect(await read(claudeMd())).toBe(`Mine above\n<!-- memsync:start -->\n${STARTER_TEMPLATE.trimEnd()}\n<!-- memsync:end -->\nMine below\n`);
  });

  // memsync's own earlier copy is not the person's text: switching modes must not keep it as such
  // (this duplicated the memory until manager.ts #desired learnt to recognise its own copy).
  it('switching an untouched copy to managed-block does not duplicate the memory', async () => {
    await init();
    expect((await cli(['targets', 'mode', 'claude-code', 'managed-block'])).code).toBe(0);
    expect(await read(claudeMd())).toBe(`<!-- memsync:start -->\n${STARTER_TEMPLATE.trimEnd()}\n<!-- memsync:end -->\n`);
  });

  // Regression: switching managed-block back to copy used to overwrite the person's text around
  // the block without saving it anywhere.
  it('switching managed-block back to copy saves the person’s text outside the block first', async () => {
    expect((await cli(['targets', 'mode', 'claude-code', 'managed-block'])).code).toBe(0);
    await init();
    const withBlock = await read(claudeMd());
    expect(withBlock.startsWith('<!-- memsync:start -->\n')).toBe(true);
    await writeFile(claudeMd(), `# Written by me later\n\n${withBlock}`);
    expect((await cli(['targets', 'mode', 'claude-code', 'copy'])).code).toBe(0);
    expect(await read(claudeMd())).toBe(STARTER_TEMPLATE);
    const edits = path.join(userData(), 'foreign-edits');
    const saved = [
      ...(await readdir(path.join(home.home, '.claude'))).filter((n) => n.endsWith('.bak')).map((n) => path.join(home.home, '.claude', n)),
      ...(existsSync(edits) ? (await readdir(edits)).map((n) => path.join(edits, n)) : []),
    ];
    const texts = await Promise.all(saved.map(read));
    expect(texts.some((t) => t.includes('# Written by me later'))).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('symlink makes ~/.claude/CLAUDE.md a link to GLOBAL_MEMORY.md', async () => {
    await init();
    const r = await cli(['targets', 'mode', 'claude-code', 'symlink']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('(symlink, in-sync)');
    expect((await lstat(claudeMd())).isSymbolicLink()).toBe(true);
    expect(path.resolve(path.dirname(claudeMd()), await readlink(claudeMd()))).toBe(memoryFile());
    await writeFile(memoryFile(), memoryText());
    expect(await read(claudeMd())).toBe(memoryText());
    expect((await cli(['status'])).out).toContain('(symlink, in-sync)');
  });

  it('disable leaves the file as it is, and later changes no longer reach it', async () => {
    await init();
    const r = await cli(['targets', 'disable', 'claude-code']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/- {2}Claude Code +off/);
    expect(await read(claudeMd())).toBe(STARTER_TEMPLATE);
    await writeFile(memoryFile(), memoryText());
    expect((await cli(['sync'])).code).toBe(0);
    expect(await read(claudeMd())).toBe(STARTER_TEMPLATE);
  });

  it('an unknown id exits 1 and lists the known ids; a bad mode too', async () => {
    await init();
    const r = await cli(['targets', 'enable', 'cursor']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('There is no target "cursor"');
    expect(r.err).toContain('claude-code, codex, gemini, copilot');
    const mode = await cli(['targets', 'mode', 'claude-code', 'hardlink']);
    expect(mode.code).toBe(1);
    expect(mode.err).toContain('mode must be one of copy, symlink, managed-block');
  });

  it('windsurf gets a shortened memory within 6,000 characters, and status names what was left out', async () => {
    await init();
    const long = memoryText(120);
    expect(long.length).toBeGreaterThan(6000);
    await writeFile(memoryFile(), long);
    const r = await cli(['targets', 'enable', 'windsurf']);
    expect(r.code, r.err).toBe(0);
    const file = await read(path.join(home.home, '.codeium', 'windsurf', 'memories', 'global_rules.md'));
    expect([...file].length).toBeLessThanOrEqual(6000);
    expect(file).toMatch(/<!-- memsync: left out "Recent completions" to fit this agent's limit of 6000 chars\. [^\n]*-->\n$/);
    expect(file).toContain('## Hard constraints\n- Never run migrations against production without a dry run');
    expect(file).not.toContain('Finished task number 1 ');
    const status = await cli(['status']);
    expect(status.out).toContain('over its 6000 limit: left out Recent completions');
    // Claude Code has no limit: the whole memory.
    expect(await read(claudeMd())).toBe(long);
  });
});

describe('memsync sync', () => {
  it('writes a memory edited on disk into every enabled target', async () => {
    await init();
    expect((await cli(['targets', 'enable', 'codex'])).code).toBe(0);
    await writeFile(memoryFile(), memoryText());
    expect((await cli(['status'])).out).toContain('(copy, drifted)');
    const r = await cli(['sync']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/✓ {2}Claude Code .*in-sync/);
    expect(await read(claudeMd())).toBe(memoryText());
    expect(await read(path.join(home.home, '.codex', 'AGENTS.md'))).toBe(memoryText());
    expect(await backups()).toEqual([]); // the memory itself was not written
  });
});

describe('memsync diff / restore / prune', () => {
  const OLD = 'GLOBAL_MEMORY_20200101_000000.md';
  const OLDER = 'GLOBAL_MEMORY_20191231_235959.md';

  async function withBackup(name: string, content: string) {
    await writeFile(path.join(backupsDir(), name), content);
  }

  it('diff says so when there are no backups', async () => {
    await init();
    const r = await cli(['diff']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('No backups found.\n');
  });

  it('diff shows what changed since the newest backup, and "No differences" when equal', async () => {
    await init();
    await withBackup(OLDER, 'very old\n');
    await withBackup(OLD, STARTER_TEMPLATE);
    expect((await cli(['diff'])).out).toBe(`No differences from ${OLD}.\n`);

    await writeFile(memoryFile(), STARTER_TEMPLATE.replace('- (What you\'re working on right now)', '- Invoice export'));
    const r = await cli(['diff']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`--- ${OLD}`);
    expect(r.out).toContain('+++ GLOBAL_MEMORY.md');
    expect(r.out).toContain("\n-- (What you're working on right now)\n");
    expect(r.out).toContain('\n+- Invoice export\n');
    expect(r.out).not.toContain('very old');
  });

  it('diff --backup NAME compares with that backup; a missing or malformed name exits 1', async () => {
    await init();
    await withBackup(OLDER, 'very old\n');
    await withBackup(OLD, STARTER_TEMPLATE);
    const r = await cli(['diff', '--backup', OLDER]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`--- ${OLDER}`);
    expect(r.out).toContain('\n-very old\n');
    expect((await cli(['diff', '--backup', 'GLOBAL_MEMORY_20000101_000000.md'])).code).toBe(1);
    const sneaky = await cli(['diff', '--backup', '../GLOBAL_MEMORY.md']);
    expect(sneaky.code).toBe(1);
    expect(sneaky.err).toContain('is not a backup name');
  });

  it('restore NAME backs up the current memory first, then makes the backup the memory (targets follow)', async () => {
    await init();
    await withBackup(OLD, memoryText());
    const before = Date.now();
    const r = await cli(['restore', OLD]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Restored ${OLD}.`);
    expect(await read(memoryFile())).toBe(memoryText());
    expect(await read(claudeMd())).toBe(memoryText());
    const names = await backups();
    expect(names).toHaveLength(2);
    const saved = names.find((n) => n !== OLD)!;
    expect(r.out).toContain(`Previous memory saved as backups/${saved}`);
    expect(await read(path.join(backupsDir(), saved))).toBe(STARTER_TEMPLATE);
    // Named by the local time it was taken, memsync's format.
    const stamp = /^GLOBAL_MEMORY_(\d{8}_\d{6})(?:_\d+)?\.md$/.exec(saved)?.[1];
    expect([backupStamp(new Date(before)), backupStamp(new Date())]).toContain(stamp);
    // Restoring what is already there changes nothing.
    const same = await cli(['restore', OLD]);
    expect(same.out).toContain('already equals');
    expect(await backups()).toHaveLength(2);
  });

  it('restore of a name that is no backup exits 1', async () => {
    await init();
    const nonsense = await cli(['restore', 'nonsense']);
    expect(nonsense.code).toBe(1);
    expect(nonsense.err).toContain('"nonsense" is not a backup name');
    const missing = await cli(['restore', OLD]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`There is no backup named ${OLD}`);
    expect(await read(memoryFile())).toBe(STARTER_TEMPLATE);
  });

  it('prune --keep-days 0 --dry-run lists the backups and deletes nothing', async () => {
    await init();
    await withBackup(OLD, 'a\n');
    await withBackup(OLDER, 'b\n');
    const r = await cli(['prune', '--keep-days', '0', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`[DRY RUN] Would prune 2 backup(s) older than 0 days:\n  ${OLD}\n  ${OLDER}\n`);
    expect(await backups()).toEqual([OLDER, OLD]);
  });

  it('prune --keep-days 30 removes only backups whose name is older than 30 days, and never sessions/', async () => {
    await init();
    const recent = `GLOBAL_MEMORY_${backupStamp(new Date(Date.now() - 24 * 60 * 60 * 1000))}.md`;
    await withBackup(OLD, 'old\n');
    await withBackup(recent, 'recent\n');
    // File times say the opposite of the names: the name decides, like memsync.
    await utimes(path.join(backupsDir(), OLD), new Date(), new Date());
    await utimes(path.join(backupsDir(), recent), new Date('2019-01-01'), new Date('2019-01-01'));
    const session = path.join(memoryRoot(), 'sessions', '2020-01-01.md');
    await writeFile(session, '\n---\n### 09:00:00\nold notes\n');
    await utimes(session, new Date('2020-01-01'), new Date('2020-01-01'));
    await writeFile(path.join(backupsDir(), 'notes.md'), 'not a backup\n');

    const r = await cli(['prune', '--keep-days', '30']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Pruned 1 backup(s) older than 30 days.\n  removed: ${OLD}\n`);
    expect(await backups()).toEqual([recent]);
    expect(existsSync(path.join(backupsDir(), 'notes.md'))).toBe(true);
    expect(await read(session)).toBe('\n---\n### 09:00:00\nold notes\n');

    expect((await cli(['prune', '--keep-days', '30'])).out).toBe('No backups older than 30 days.\n');
    // keep_days from settings when --keep-days is not given; session logs survive even keep 0.
    expect((await cli(['config', 'set', 'keep_days', '0'])).code).toBe(0);
    expect((await cli(['prune'])).out).toContain(`removed: ${recent}`);
    expect(await backups()).toEqual([]);
    expect(existsSync(session)).toBe(true);
    expect((await cli(['prune', '--keep-days', 'abc'])).code).toBe(1);
  });
});

describe('memsync config', () => {
  it('set keep_days 10, then get', async () => {
    const set = await cli(['config', 'set', 'keep_days', '10']);
    expect(set.code).toBe(0);
    expect(set.out).toBe('Set keep_days = 10\n');
    const get = await cli(['config', 'get', 'keep_days']);
    expect(get.out).toBe('10\n');
    expect((await readSettings()).backups).toEqual({ keepDays: 10 });
  });

  it.each([
    ['keep_days', 'ten', 'keep_days must be a whole number of days'],
    ['keep_days', '-1', 'keep_days must be 0 or more'],
    ['max_tokens', '0', 'max_tokens must be a positive integer'],
    ['provider', 'bogus', "unknown provider 'bogus'"],
    ['foreign_edits', 'ignore', 'foreign_edits must be restore or hold'],
    ['host_names', 'pi.local,http://evil:80', 'host_names: "http://evil:80" is not a host name'],
  ])('set %s %s exits 1', async (key, value, message) => {
    const r = await cli(['config', 'set', key, value]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(message);
    expect(existsSync(settingsFile()) ? await readSettings() : {}).not.toHaveProperty('provider', 'bogus');
    expect((await cli(['config', 'get', 'keep_days'])).out).toBe('30\n');
  });

  it('host_names: a comma-separated list, stored lower-case without duplicates; none clears it', async () => {
    expect((await cli(['config', 'get', 'host_names'])).out).toBe('none\n');
    expect((await cli(['config', 'set', 'host_names', 'Pi.local, box.tail1234.ts.net,pi.local'])).code).toBe(0);
    expect((await readSettings()).capture).toMatchObject({ hostNames: ['pi.local', 'box.tail1234.ts.net'] });
    expect((await cli(['config', 'get', 'host_names'])).out).toBe('pi.local,box.tail1234.ts.net\n');
    expect((await cli(['config', 'set', 'host_names', 'none'])).code).toBe(0);
    expect((await cli(['config', 'get', 'host_names'])).out).toBe('none\n');
  });

  it('an unknown key exits 1 and lists the valid keys', async () => {
    for (const args of [['set', 'colour', 'blue'], ['get', 'colour']]) {
      const r = await cli(['config', ...args]);
      expect(r.code).toBe(1);
      expect(r.err).toContain("unknown config key 'colour'");
      expect(r.err).toContain('Valid keys: api_key, auto_approve, capture_port, foreign_edits, host_names, keep_days, lan_host, max_tokens, model, provider, refresh_mode, refresh_schedule, sync_root');
    }
  });

  it('claude_md_target exits 1 and points at memsync targets', async () => {
    const r = await cli(['config', 'set', 'claude_md_target', '~/x.md']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('`memsync targets`');
  });

  it('set sync_root <dir> makes the provider custom; a missing folder exits 1', async () => {
    const r = await cli(['config', 'set', 'sync_root', sync]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Set sync_root = ${sync}\nThe memory will be looked for in ${path.join(sync, '.claude-memory')} (not there yet: memsync init creates it).\n`);
    expect(await readSettings()).toMatchObject({ provider: 'custom', syncRoot: sync });
    expect((await cli(['config', 'get', 'provider'])).out).toBe('custom\n');
    // The folder has no memory yet: memsync's "run init" (2).
    expect((await cli(['status'])).code).toBe(2);
    const missing = await cli(['config', 'set', 'sync_root', path.join(home.home, 'gone')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('path does not exist');
  });

  it('set api_key - reads stdin, stores the key outside settings.json and never prints it', async () => {
    const key = 'sk-ant-api03-secret-test-value';
    const set = await cli(['config', 'set', 'api_key', '-'], { stdin: `${key}\n` });
    expect(set.code, set.err).toBe(0);
    expect(set.out).toContain('Set api_key');
    const get = await cli(['config', 'get', 'api_key']);
    expect(get.out).toMatch(/^set \(in .+\)\n$/);
    const show = await cli(['config', 'show']);
    for (const r of [set, get, show]) expect(r.out + r.err).not.toContain(key);
    expect(await read(settingsFile())).not.toContain(key);
    if (process.platform !== 'win32') expect((await stat(path.join(userData(), 'secrets.json'))).mode & 0o777).toBe(0o600);
    // The key counts for doctor.
    await init();
    const doctor = await cli(['doctor']);
    expect(doctor.code, doctor.out).toBe(0);
    expect(doctor.out).not.toContain(key);
    // Nothing piped: an empty key is refused.
    expect((await cli(['config', 'set', 'api_key', '-'], { stdin: '  \n' })).code).toBe(1);
    expect((await cli(['config', 'get', 'api_key'])).out).toMatch(/^set /);
  });

  it('config get api_key says "not set" when there is none', async () => {
    expect((await cli(['config', 'get', 'api_key'])).out).toBe('not set\n');
  });

  it('config show prints the settings path and the settings as JSON', async () => {
    await cli(['config', 'set', 'keep_days', '7']);
    const r = await cli(['config', 'show']);
    expect(r.code).toBe(0);
    const [first, ...rest] = r.out.split('\n');
    expect(first).toBe(`# ${settingsFile()}`);
    expect(JSON.parse(rest.join('\n'))).toMatchObject({ provider: null, backups: { keepDays: 7 } });
  });
});

describe('memsync providers', () => {
  it('lists the folders found with ✓ and the active provider', async () => {
    const dropbox = path.join(home.home, 'Dropbox');
    const onedrive = path.join(home.home, 'OneDrive');
    await mkdir(dropbox);
    await mkdir(onedrive);
    const before = await cli(['providers']);
    expect(before.code).toBe(0);
    expect(before.out).toContain('Available providers:');
    expect(before.out).toMatch(new RegExp(`onedrive +OneDrive +✓ ${onedrive}\\n`));
    expect(before.out).toMatch(new RegExp(`dropbox +Dropbox +✓ ${dropbox}\\n`));
    expect(before.out).toMatch(/gdrive +Google Drive +✗ not detected/);
    expect(before.out).toContain('Active provider: (none — run memsync init)');

    expect((await cli(['init'], { answers: ['2'] })).code).toBe(0);
    const after = await cli(['providers']);
    expect(after.out).toMatch(new RegExp(`dropbox +Dropbox +✓ ${dropbox} \\(memory found\\)`));
    expect(after.out).toContain(`Active provider: dropbox (${dropbox})`);
  });
});
