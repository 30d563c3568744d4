import { describe, expect, it } from 'vitest';
import { launchAction, secondInstanceAction } from '../../../src-main/electron/launch';

const facts = (argv: string[], more: Partial<Parameters<typeof launchAction>[0]> = {}) => ({ argv, wasOpenedAtLogin: false, env: {}, firstRun: false, ...more });

describe('what a launch shows', () => {
  it('the window when the person opens the app, only the tray when the OS starts it at login', () => {
    expect(launchAction(facts(['/opt/memsync']))).toBe('window');
    expect(launchAction(facts(['/opt/memsync', '--hidden']))).toBe('tray');
    expect(launchAction(facts(['/Applications/memsync.app/Contents/MacOS/memsync'], { wasOpenedAtLogin: true }))).toBe('tray');
    expect(launchAction(facts(['/opt/memsync', '--hidden'], { env: { MEMSYNC_OPEN_WINDOW: '1' } }))).toBe('window');
  });

  it('the set-up card on a first run, even when started at login', () => {
    expect(launchAction(facts(['/opt/memsync', '--hidden'], { firstRun: true }))).toBe('setup');
  });

  it('the quick note when asked for it (a desktop shortcut on Wayland), at launch or from a second launch', () => {
    expect(launchAction(facts(['/opt/memsync', '--quick-note']))).toBe('quick-note');
    expect(secondInstanceAction(['/opt/memsync', '--quick-note'])).toBe('quick-note');
    expect(secondInstanceAction(['/opt/memsync'])).toBe('window');
  });
});
