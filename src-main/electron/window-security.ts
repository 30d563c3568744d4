// Pure security policy of the Electron windows, kept apart from the glue so it is unit-tested.
import type { WebPreferences } from 'electron';

/** The UI is served from this privileged custom scheme, never from file:// or http://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'memsync';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function appUrl(page: 'index.html' | 'quick-note.html'): string {
  return `${APP_ORIGIN}/${page}`;
}

/** True for URLs of our own UI: the only place a window may navigate and IPC may come from. */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links the UI may hand to the system browser (docs, the Anthropic console): https only. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Every window: isolated, sandboxed, no Node, no webviews, no insecure content. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

/** Renderer permission requests (camera, geolocation, notifications …): only clipboard writes. */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}
