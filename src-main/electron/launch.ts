// What a launch of the app, or a second launch while it runs, should show. Pure.
import { startedAtLogin } from './autostart';

/** A desktop entry action, a system shortcut (Wayland, where apps get no global shortcuts) or a script can ask for the quick note. */
export const QUICK_NOTE_ARG = '--quick-note';

export type LaunchAction = 'tray' | 'window' | 'setup' | 'quick-note';

export interface LaunchFacts {
  argv: readonly string[];
  /** macOS's own "opened as a login item" flag. */
  wasOpenedAtLogin: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** No sync folder chosen yet: the set-up card is the only useful thing to show. */
  firstRun: boolean;
}

/**
 * At login the app waits in the tray. Opened by the person (the Applications folder, the Start
 * menu, `npm start`) it shows its window, on the set-up card when nothing is set up yet, even when
 * started at login: the tray can do nothing before that.
 */
export function launchAction(facts: LaunchFacts): LaunchAction {
  if (facts.firstRun) return 'setup';
  if (facts.argv.includes(QUICK_NOTE_ARG)) return 'quick-note';
  if (facts.argv.includes('--open') || facts.env.MEMSYNC_OPEN_WINDOW === '1') return 'window';
  return startedAtLogin(facts.argv, facts.wasOpenedAtLogin) ? 'tray' : 'window';
}

/** A second launch hands its arguments to the running app, which shows the quick note or its window. */
export function secondInstanceAction(argv: readonly string[]): 'quick-note' | 'window' {
  return argv.includes(QUICK_NOTE_ARG) ? 'quick-note' : 'window';
}

/** The view a notification's click opens, when it names one. */
export function viewRoute(view: 'home' | 'approvals' | undefined): string {
  return view ? `#/${view}` : '';
}
