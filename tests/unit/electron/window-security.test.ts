import { describe, expect, it } from 'vitest';
import {
  appUrl,
  isAppUrl,
  isPermissionAllowed,
  isSafeExternalUrl,
  secureWebPreferences,
} from '../../../src-main/electron/window-security';

describe('window security policy', () => {
  it('turns on isolation and the sandbox and turns off Node and webviews', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toMatchObject({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it.each([
    ['app://memsync/index.html', true],
    ['app://memsync/quick-note.html#x', true],
    ['app://evil/index.html', false],
    ['file:///etc/passwd', false],
    ['https://example.com', false],
    ['http://127.0.0.1:5001/', false],
    ['not a url', false],
    [undefined, false],
  ])('isAppUrl(%s) = %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it('hands only https links to the system browser', () => {
    expect(isSafeExternalUrl('https://docs.anthropic.com')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
  });

  it('grants no permission but clipboard writes from our own UI', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', appUrl('index.html'))).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      expect(isPermissionAllowed(p, appUrl('index.html'))).toBe(false);
    }
  });
});
