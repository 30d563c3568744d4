import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ForeignEdit } from '../../../src-shared/contract';
import { runMemsync } from '../../helpers/cli';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/* `memsync edits`: outside edits handled without the window. */

let home: TempHome;
let sync: string;
const cli = (args: string[], options?: { answers?: string[] }) => runMemsync(args, home.env, options);
const memoryFile = () => path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md');
const claude = () => path.join(home.home, '.claude', 'CLAUDE.md');

beforeEach(async () => {
  home = await makeTempHome();
  sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  expect((await cli(['init', '--sync-root', sync])).code).toBe(0);
});
afterEach(() => home.cleanup());

async function agentEdit(): Promise<ForeignEdit> {
  const memory = await readFile(memoryFile(), 'utf8');
  await writeFile(claude(), memory.replace('## Current priorities\n', '## Current priorities\n- ship the agent change\n'));
  expect((await cli(['sync'])).code).toBe(0); // finds the edit, saves it, puts the memory back
  await writeFile(memoryFile(), `${memory}- added to the memory afterwards\n`);
  const listed = await cli(['edits', '--json']);
  const edits = JSON.parse(listed.out) as ForeignEdit[];
  expect(edits).toHaveLength(1);
  return edits[0]!;
}

describe('memsync edits', () => {
  it('lists outside edits, and says so when there are none', async () => {
    expect((await cli(['edits'])).out).toBe('No outside edits are waiting.\n');
    const edit = await agentEdit();
    const listed = await cli(['edits']);
    expect(listed.out).toContain(edit.id);
    expect(listed.out).toContain(claude());
  });

  it('adopt shows the merge first, asks, and keeps what the memory gained since', async () => {
    const edit = await agentEdit();
    const noTerminal = await cli(['edits', 'adopt', edit.id]);
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.out).toContain('+- ship the agent change');
    expect(noTerminal.out).toContain('Nothing was written');
    expect(await readFile(memoryFile(), 'utf8')).not.toContain('ship the agent change');

    const asked = await cli(['edits', 'adopt', edit.id], { answers: ['y'] });
    expect(asked.prompts).toEqual(['Adopt this into your memory? [y/N] ']);
    expect(asked.code).toBe(0);
    const memory = await readFile(memoryFile(), 'utf8');
    expect(memory).toContain('- ship the agent change');
    expect(memory).toContain('- added to the memory afterwards');
    expect(await readFile(claude(), 'utf8')).toBe(memory);
    expect(JSON.parse((await cli(['edits', '--json'])).out)).toEqual([]);
  });

  it('adopt with conflicts shows both sides and writes nothing without --take', async () => {
    const memory = await readFile(memoryFile(), 'utf8');
    await writeFile(claude(), memory.replace('## Current priorities\n', '## Current priorities\n- the agent\'s line\n'));
    await cli(['sync']);
    await writeFile(memoryFile(), memory.replace('## Current priorities\n', '## Current priorities\n- my line\n'));
    const [edit] = JSON.parse((await cli(['edits', '--json'])).out) as ForeignEdit[];

    const refused = await cli(['edits', 'adopt', edit!.id, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/your memory\s+│ the agent's file/);
    expect(refused.out).toMatch(/- my line\s+│ - the agent's line/);
    expect(refused.out).toContain('--take both');
    expect(await readFile(memoryFile(), 'utf8')).not.toContain('the agent\'s line');

    expect((await cli(['edits', 'adopt', edit!.id, '--take', 'both', '--yes'])).code).toBe(0);
    expect(await readFile(memoryFile(), 'utf8')).toContain('- my line\n- the agent\'s line\n');
    expect((await cli(['edits', 'adopt', 'nope', '--take', 'sideways'])).err).toContain('--take must be one of memory, agent, both');
  });

  it('discard drops the edit and the file keeps the memory', async () => {
    const edit = await agentEdit();
    const result = await cli(['edits', 'discard', edit.id]);
    expect(result.out).toBe(`Discarded ${edit.id}; the file gets your memory again.\n`);
    expect(await readFile(claude(), 'utf8')).toBe(await readFile(memoryFile(), 'utf8'));
    expect((await cli(['edits', 'discard', edit.id])).err).toContain('already adopted or discarded');
  });
});
