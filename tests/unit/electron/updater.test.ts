import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { UpdateSettings, UpdateStatus } from '../../../src-shared/contract';
import { silentLogger } from '../../../src-main/engine';
import { CHECK_EVERY_MS, UpdateController, type UpdaterPort } from '../../../src-main/electron/updater';

/** electron-updater's AppUpdater as far as the controller uses it, recording every call. */
class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowPrerelease = false;
  allowDowngrade = true;
  channel: string | null = null;
  checks = 0;
  installs = 0;
  failNext: Error | undefined;
  async checkForUpdates() {
    this.checks++;
    if (this.failNext) throw this.failNext;
    return null;
  }
  quitAndInstall() {
    this.installs++;
  }
}

function setup(options: { packaged?: boolean; settings?: UpdateSettings } = {}) {
  const fake = new FakeUpdater();
  let settings: UpdateSettings = options.settings ?? { enabled: true, channel: 'stable' };
  const statuses: UpdateStatus[] = [];
  const ready: Array<{ version: string; restart: () => void }> = [];
  const timers: Array<{ ms: number; check: () => void; cancelled: boolean }> = [];
  let connected = 0;
  const controller = new UpdateController({
    updater: () => (connected++, fake as unknown as UpdaterPort),
    packaged: options.packaged ?? true,
    version: '1.0.0',
    settings: () => settings,
    onStatus: (s) => statuses.push(s),
    notifyReady: (version, restart) => ready.push({ version, restart }),
    logger: silentLogger,
    now: () => new Date('2026-11-21T10:00:00Z'),
    every: (ms, check) => {
      const timer = { ms, check, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  return { fake, controller, statuses, ready, timers, connected: () => connected, set: (next: UpdateSettings) => (settings = next) };
}

describe('updates', () => {
  it('are off in a development build: electron-updater is never touched', () => {
    const t = setup({ packaged: false });
    t.controller.apply();
    expect(t.connected()).toBe(0);
    expect(t.controller.status()).toEqual({ state: 'off', version: null, message: 'A development build does not update itself.', checkedAt: null });
  });

  it('check at start and every 6 hours, download by themselves and install on quit', async () => {
    const t = setup();
    t.controller.apply();
    expect(t.fake).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, allowPrerelease: false, allowDowngrade: false, channel: 'latest', checks: 1 });
    expect(t.timers.map((x) => x.ms)).toEqual([CHECK_EVERY_MS]);
    t.fake.emit('checking-for-update');
    t.fake.emit('update-not-available');
    expect(t.controller.status()).toEqual({ state: 'idle', version: null, message: 'memsync 1.0.0 is the latest version.', checkedAt: '2026-11-21T10:00:00.000Z' });
    t.timers[0]!.check();
    expect(t.fake.checks).toBe(2);

    t.fake.emit('update-available', { version: '1.1.0' });
    for (const percent of [1.2, 1.7, 50.1]) t.fake.emit('download-progress', { percent });
    expect(t.statuses.filter((s) => s.state === 'downloading').map((s) => s.message)).toEqual([
      'Downloading memsync 1.1.0…',
      'Downloading memsync 1.1.0 (1 %)…',
      'Downloading memsync 1.1.0 (50 %)…',
    ]);
    t.fake.emit('update-downloaded', { version: '1.1.0' });
    expect(t.controller.status()).toMatchObject({ state: 'ready', version: '1.1.0', message: 'memsync 1.1.0 is ready: it installs when you quit memsync.' });
    // The notification's click restarts into it.
    expect(t.ready.map((r) => r.version)).toEqual(['1.1.0']);
    t.ready[0]!.restart();
    expect(t.fake.installs).toBe(1);
  });

  it('follow the channel and the on/off setting as they change', () => {
    const t = setup();
    t.controller.apply();
    t.set({ enabled: true, channel: 'beta' });
    t.controller.apply();
    expect(t.fake).toMatchObject({ allowPrerelease: true, channel: 'beta', checks: 2 });
    t.set({ enabled: false, channel: 'beta' });
    t.controller.apply();
    expect(t.timers[0]!.cancelled).toBe(true);
    expect(t.fake.autoInstallOnAppQuit).toBe(false);
    expect(t.controller.status()).toMatchObject({ state: 'off', message: 'Updates are turned off.' });
    t.controller.installNow();
    expect(t.fake.installs).toBe(0);
  });

  it('report a failed check in a line, never throw, and keep a downloaded update', async () => {
    const t = setup();
    t.fake.failNext = new Error('net::ERR_INTERNET_DISCONNECTED\n<html>…long body…</html>');
    t.controller.apply();
    await t.controller.check();
    expect(t.controller.status()).toMatchObject({ state: 'error', message: 'Could not check for updates: net::ERR_INTERNET_DISCONNECTED. memsync tries again later.' });
    t.fake.emit('update-downloaded', { version: '1.2.0' });
    t.fake.emit('error', new Error('later failure'));
    expect(t.controller.status().state).toBe('ready');
  });
});
