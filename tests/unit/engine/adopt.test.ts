import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine';
import { eventually } from '../../helpers/eventually';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';
import { createTestEngine } from '../../helpers/test-engine';

/*
 * Adopting an outside edit takes the agent's change into the memory, not the agent's whole file:
 * a line added to the memory after memsync wrote that file must survive (a three-way merge, base =
 * what memsync had written there), and where both changed the same lines the person chooses.
 */

let home: TempHome;
let engine: Engine;
let claude: string;
let memoryFile: string;

const read = (file: string) => readFile(file, 'utf8');
const MEMORY = '# Global Memory\n\n## Preferences\n- tabs, width 2\n- short answers\n\n## Hard constraints\n- never force-push\n';

async function agentEdits(text: string) {
  await writeFile(claude, text);
  await eventually(engine, async () => expect(await (await engine.api.listForeignEdits(undefined)).length).toBe(1));
  await eventually(engine, async () => expect(await read(claude)).not.toBe(text)); // restored at once (default policy)
  return (await engine.api.listForeignEdits(undefined))[0]!;
}

async function memoryBecomes(text: string) {
  const doc = await engine.api.readMemory(undefined);
  await engine.api.writeMemory({ content: text, expectedHash: doc.hash });
}

beforeEach(async () => {
  home = await makeTempHome();
  const sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  claude = path.join(home.home, '.claude', 'CLAUDE.md');
  memoryFile = path.join(sync, '.claude-memory', 'GLOBAL_MEMORY.md');
  engine = createTestEngine(home.home);
  await engine.start();
  await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
  await memoryBecomes(MEMORY);
  await eventually(engine, async () => expect(await read(claude)).toBe(MEMORY));
});
afterEach(async () => {
  await engine.stop();
  await home.cleanup();
});

describe('adopting an outside edit', () => {
  it('merges the agent\'s change into the memory and keeps what the memory gained since', async () => {
    const edit = await agentEdits(MEMORY.replace('- short answers\n', '- short answers\n- prefers pnpm\n'));
    expect(edit.base).toBe(MEMORY);
    await memoryBecomes(`${MEMORY}- added later, on another machine\n`);

    const preview = await engine.api.previewAdoptForeignEdit({ id: edit.id });
    expect(preview.conflicts).toBe(0);
    expect(preview.merged).toContain('- prefers pnpm');
    expect(preview.merged).toContain('- added later, on another machine');
    // Previewing writes nothing.
    expect(await read(memoryFile)).not.toContain('prefers pnpm');

    await engine.api.adoptForeignEdit({ id: edit.id, expectedHash: preview.memory.hash });
    const after = await read(memoryFile);
    expect(after).toBe(preview.merged);
    expect(after).toContain('- prefers pnpm');
    expect(after).toContain('- added later, on another machine');
    await eventually(engine, async () => expect(await read(claude)).toBe(after));
  });

  it('shows both sides where both changed the same lines, and writes nothing until the person chooses', async () => {
    const edit = await agentEdits(MEMORY.replace('- tabs, width 2', '- tabs, width 4'));
    await memoryBecomes(MEMORY.replace('- tabs, width 2', '- spaces, width 2'));

    const preview = await engine.api.previewAdoptForeignEdit({ id: edit.id });
    expect(preview.conflicts).toBe(1);
    expect(preview.merged).toBeNull();
    const conflict = preview.parts.find((p) => p.conflict)!.conflict!;
    expect(conflict).toMatchObject({ memory: ['- spaces, width 2'], agent: ['- tabs, width 4'], base: ['- tabs, width 2'] });

    const before = await read(memoryFile);
    await expect(engine.api.adoptForeignEdit({ id: edit.id, expectedHash: preview.memory.hash })).rejects.toMatchObject({ code: 'conflict' });
    expect(await read(memoryFile)).toBe(before);
    expect(await engine.api.listForeignEdits(undefined)).toHaveLength(1);

    await engine.api.adoptForeignEdit({ id: edit.id, expectedHash: preview.memory.hash, resolutions: [{ id: conflict.id, take: 'both' }] });
    expect(await read(memoryFile)).toBe(MEMORY.replace('- tabs, width 2', '- spaces, width 2\n- tabs, width 4'));
  });

  it('refuses a memory newer than the one compared', async () => {
    const edit = await agentEdits(`${MEMORY}- from the agent\n`);
    const preview = await engine.api.previewAdoptForeignEdit({ id: edit.id });
    await memoryBecomes(`${MEMORY}- newer\n`);
    await expect(engine.api.adoptForeignEdit({ id: edit.id, expectedHash: preview.memory.hash })).rejects.toMatchObject({ code: 'conflict' });
    expect(await read(memoryFile)).toBe(`${MEMORY}- newer\n`);
  });

  it('a file memsync never wrote (the person\'s own, found at first enable) is one conflict, not a replacement', async () => {
    const gemini = path.join(home.home, '.gemini', 'GEMINI.md');
    await mkdir(path.dirname(gemini), { recursive: true });
    await writeFile(gemini, '# my gemini rules\n');
    await engine.api.updateTarget({ id: 'gemini', enabled: true });
    const edit = (await engine.api.listForeignEdits(undefined)).find((e) => e.targetId === 'gemini')!;
    const preview = await engine.api.previewAdoptForeignEdit({ id: edit.id });
    expect(preview).toMatchObject({ hasBase: false, conflicts: 1, merged: null });
    await engine.api.adoptForeignEdit({ id: edit.id, expectedHash: preview.memory.hash, resolutions: [{ id: 1, take: 'both' }] });
    const after = await read(memoryFile);
    expect(after.startsWith(MEMORY.trimEnd())).toBe(true);
    expect(after).toContain('# my gemini rules');
  });
});
