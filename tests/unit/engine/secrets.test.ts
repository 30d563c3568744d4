import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureSecret, FileSecretStore } from '../../../src-main/engine';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

let home: TempHome;
beforeEach(async () => {
  home = await makeTempHome();
});
afterEach(() => home.cleanup());

describe('FileSecretStore', () => {
  it('keeps secrets across instances in a file only its owner can read', async () => {
    const file = path.join(home.home, 'data', 'secrets.json');
    await new FileSecretStore(file).set('capture-token', 'abc');
    const again = new FileSecretStore(file);
    expect(await again.get('capture-token')).toBe('abc');
    expect(await again.get('missing')).toBeUndefined();
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    await again.delete('capture-token');
    expect(await again.get('capture-token')).toBeUndefined();
  });

  it('serializes concurrent updates so no write loses another', async () => {
    const store = new FileSecretStore(path.join(home.home, 'secrets.json'));
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    const all = JSON.parse(await readFile(path.join(home.home, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(all)).toHaveLength(20);
  });

  it('moves a damaged file aside (never read as empty, never overwritten) and says so', async () => {
    for (const damaged of ['{ not json', '{"x": 1}']) {
      const dir = path.join(home.home, damaged.length > 9 ? 'torn' : 'shape');
      await mkdir(dir);
      const file = path.join(dir, 'secrets.json');
      await writeFile(file, damaged);
      const store = new FileSecretStore(file);
      expect(store.problem).toBeNull();
      expect(await store.get('x')).toBeUndefined();
      const aside = (await readdir(dir)).filter((n) => n.startsWith('secrets.json.damaged-'));
      expect(aside).toHaveLength(1);
      expect(await readFile(path.join(dir, aside[0]!), 'utf8')).toBe(damaged);
      expect(store.problem).toMatch(/damaged; it was moved to .*secrets\.json\.damaged-.* new capture token/);
      // It keeps working: a new token is made and kept.
      const token = await ensureSecret(store, 'capture-token');
      expect(await new FileSecretStore(file).get('capture-token')).toBe(token);
    }
  });
});

describe('ensureSecret', () => {
  it('generates a token once and returns the same one afterwards', async () => {
    const store = new FileSecretStore(path.join(home.home, 'secrets.json'));
    const first = await ensureSecret(store, 'ui-token');
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await ensureSecret(store, 'ui-token')).toBe(first);
    expect(await ensureSecret(new FileSecretStore(path.join(home.home, 'secrets.json')), 'ui-token')).toBe(first);
  });

  it('first uses at the same moment all get the token that is stored', async () => {
    const store = new FileSecretStore(path.join(home.home, 'secrets.json'));
    const tokens = await Promise.all(Array.from({ length: 5 }, () => ensureSecret(store, 'capture-token')));
    expect(new Set(tokens).size).toBe(1);
    expect(await store.get('capture-token')).toBe(tokens[0]);
  });
});
