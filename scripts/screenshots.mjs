#!/usr/bin/env node
// Takes the README's screenshots from the real app: `memsync serve` on a temporary HOME, driven
// by Chromium. Run after UI changes, then look at the PNGs before committing them.
//   node scripts/screenshots.mjs
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './build-state.mjs';

const executablePath = process.env.MEMSYNC_CHROMIUM ?? '/usr/bin/chromium';
const outDir = path.join(root, 'docs', 'screenshots');
const home = mkdtempSync(path.join(tmpdir(), 'memsync-shots-'));
const env = { ...process.env, HOME: home, USERPROFILE: home, MEMSYNC_LOG_LEVEL: 'warn' };
delete env.XDG_CONFIG_HOME;
delete env.APPDATA;

const serve = spawn(process.execPath, [path.join(root, 'bin', 'memsync.js'), 'serve', '--port', '0'], { env });
const uiUrl = await new Promise((resolve, reject) => {
  let out = '';
  serve.stdout.on('data', (c) => {
    out += c;
    const m = /Open:\s+(\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  serve.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
});

/** Each view: a name, how to reach it from a loaded page, and what to wait for. */
const views = [{ name: 'home', open: async () => {}, ready: '[data-testid="engine-state"]' }];

const browser = await chromium.launch({ executablePath });
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1040, height: 600 }, colorScheme: scheme });
    await page.goto(uiUrl);
    for (const view of views) {
      await view.open(page);
      await page.waitForSelector(view.ready);
      const file = path.join(outDir, `${view.name}-${scheme}.png`);
      await page.screenshot({ path: file });
      console.log(path.relative(root, file));
    }
    await page.close();
  }
} finally {
  await browser.close();
  serve.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
}
