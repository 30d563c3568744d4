import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src-shared/contract';
import type { Engine } from '../../../src-main/engine';
import { createTestEngine } from '../../helpers/test-engine';
import { createFakeElectron, FakeWebContents } from '../../helpers/fake-electron';
import { makeTempHome, type TempHome } from '../../helpers/temp-home';

const fake = createFakeElectron();
vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

const { registerApiIpc, isTrustedSender } = await import('../../../src-main/electron/ipc');

let home: TempHome;
let engine: Engine;
beforeEach(async () => {
  home = await makeTempHome();
  engine = createTestEngine(home.home, { host: 'electron' });
  await engine.start();
});
afterEach(async () => {
  fake.state.ipcHandlers.clear();
  await engine.stop();
  await home.cleanup();
});

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

describe('IPC handler wrapper', () => {
  it('trusts only the top frame of app://memsync', () => {
    expect(isTrustedSender(frame('app://memsync/index.html') as never)).toBe(true);
    expect(isTrustedSender(frame('app://memsync/index.html', {}) as never)).toBe(false);
    expect(isTrustedSender(frame('https://evil.example/') as never)).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never)).toBe(false);
  });

  it('answers the contract for our UI and refuses other senders and bad input', async () => {
    const contents = new FakeWebContents();
    const off = registerApiIpc(fake.module.ipcMain as never, engine, () => [contents as never]);
    const invoke = fake.state.ipcHandlers.get(IPC_INVOKE_CHANNEL)!;

    const ok = (await invoke(frame('app://memsync/index.html'), 'status', undefined)) as { ok: boolean; value: { host: string } };
    expect(ok.ok).toBe(true);
    expect(ok.value.host).toBe('electron');

    expect(await invoke(frame('https://evil.example/'), 'status', undefined)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await invoke(frame('app://memsync/index.html'), 'status', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await invoke(frame('app://memsync/index.html'), 'rm -rf', undefined)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    // Engine events reach every live window.
    await engine.stop();
    expect(contents.sent.map(([channel]) => channel)).toEqual([IPC_EVENT_CHANNEL, IPC_EVENT_CHANNEL]);
    off();
    expect(fake.state.ipcHandlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
  });
});
