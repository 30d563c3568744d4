import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../../src-main/engine/llm/models';
import { runMemsync } from '../../helpers/cli';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

/* `memsync config` refuses what cannot work, says what it changed, and can put a default back. */

let home: TempHome;
const cli = (args: string[], stdin?: string) => runMemsync(args, home.env, stdin === undefined ? {} : { stdin });
const settings = async () => JSON.parse(await readFile(path.join(home.home, '.config', 'memsync-desktop', 'settings.json'), 'utf8')) as Record<string, Record<string, unknown>>;

beforeEach(async () => {
  home = await makeTempHome();
});
afterEach(() => home.cleanup());

describe('memsync config: the model', () => {
  it('get model prints the model a merge uses, the default included', async () => {
    const get = await cli(['config', 'get', 'model']);
    expect(get.out).toBe(`${DEFAULT_MODEL}\n`);
    expect(get.err).toContain('the default');
  });

  it('an unknown model is kept with a warning that lists the known ones', async () => {
    const set = await cli(['config', 'set', 'model', 'gpt-9']);
    expect(set.code).toBe(0);
    expect(set.err).toContain("unknown model 'gpt-9', kept anyway");
    expect(set.err).toContain('claude-sonnet-4');
    expect((await cli(['config', 'get', 'model'])).out).toBe('gpt-9\n');
    expect((await cli(['config', 'set', 'model', 'claude-sonnet-4-5'])).err).toBe('');
  });

  it('max_tokens beyond the model\'s limit is refused', async () => {
    expect((await cli(['config', 'set', 'model', 'claude-3-5-haiku-latest'])).code).toBe(0);
    const refused = await cli(['config', 'set', 'max_tokens', '20000']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("max_tokens 20000 is beyond claude-3-5-haiku-latest's limit of 8192");
    expect((await cli(['config', 'set', 'max_tokens', '8000'])).code).toBe(0);
  });

  it('a model whose limit is below max_tokens lowers max_tokens and says so', async () => {
    const set = await cli(['config', 'set', 'model', 'claude-3-haiku-20240307']);
    expect(set.err).toContain('it is lowered to 4096');
    expect((await cli(['config', 'get', 'max_tokens'])).out).toBe('4096\n');
  });
});

describe('memsync config unset', () => {
  it('puts a setting back to its default', async () => {
    await cli(['config', 'set', 'keep_days', '7']);
    const unset = await cli(['config', 'unset', 'keep_days']);
    expect(unset.out).toBe('Unset keep_days (now 30)\n');
    expect((await settings()).backups).toEqual({ keepDays: 30 });
    await cli(['config', 'set', 'model', 'claude-sonnet-4-5']);
    await cli(['config', 'unset', 'model']);
    expect((await cli(['config', 'get', 'model'])).out).toBe(`${DEFAULT_MODEL}\n`);
  });

  it('api_key: the stored key is deleted', async () => {
    await cli(['config', 'set', 'api_key', '-'], 'sk-ant-api03-0123456789abcdefghij');
    expect((await cli(['config', 'get', 'api_key'])).out).toMatch(/^set/);
    expect((await cli(['config', 'unset', 'api_key'])).out).toMatch(/^Removed api_key from /);
    expect((await cli(['config', 'get', 'api_key'])).out).toBe('not set\n');
    expect((await cli(['config', 'unset', 'api_key'])).out).toBe('api_key was not stored.\n');
  });

  it('api_key - in a terminal asks for the key without showing it', async () => {
    const set = await runMemsync(['config', 'set', 'api_key', '-'], home.env, { secret: 'sk-ant-api03-typed-at-the-prompt-0123' });
    expect(set.prompts).toEqual(['Anthropic API key (not shown): ']);
    expect(set.code).toBe(0);
    expect(set.out).not.toContain('sk-ant');
    expect((await cli(['config', 'get', 'api_key'])).out).toMatch(/^set/);
  });

  it('an unknown key exits 1', async () => {
    const r = await cli(['config', 'unset', 'colour']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown config key 'colour'");
  });
});

describe('changing where the memory lives', () => {
  it('says where the memory will now be looked for', async () => {
    const sync = path.join(home.home, 'Sync');
    await mkdir(sync);
    const folder = await cli(['config', 'set', 'sync_root', sync]);
    expect(folder.out).toContain(`The memory will be looked for in ${path.join(sync, '.claude-memory')} (not there yet: memsync init creates it).`);
    const dropbox = await cli(['config', 'set', 'provider', 'dropbox']);
    expect(dropbox.out).toContain('Set provider = dropbox');
    expect(dropbox.out).toContain('The dropbox folder could not be found on this machine');
    await mkdir(path.join(home.home, 'Dropbox'));
    expect((await cli(['config', 'set', 'provider', 'dropbox'])).out).toContain(`looked for in ${path.join(home.home, 'Dropbox', '.claude-memory')}`);
  });
});
