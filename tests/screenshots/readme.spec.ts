// The README's screenshots, from the real app in a realistic state:
//   npm run screenshots      (writes docs/screenshots/<view>-<light|dark>.png)
// Not part of `npm test`. Look at every PNG before committing it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { reply } from '../helpers/fake-anthropic';
import { repoRoot } from '../helpers/repo';
import { expect, memsync, test } from '../e2e/web/fixtures';

const MEMORY = `<!-- memsync v0.2 -->
# Global Memory

> Loaded by every coding agent at session start, on every machine.

## Identity & context
- Ana Ruiz, staff engineer at Contoso (payments platform); TypeScript, Go, some Rust.
- Works on two laptops (macOS, Windows) and a Raspberry Pi that runs memsync serve.

## Current priorities
- Ship the new capture endpoint for the phone shortcut
- Approvals UI: per-change accept and reject

## Standing preferences
- pnpm over npm; small, focused commits with imperative subjects.
- Tests first for bug fixes; explain trade-offs briefly, no long preambles.
- British spelling in prose; code comments say why, not what.

## Hard constraints
- Never force-push to main
- Never commit secrets or .env files
- Ask before running database migrations
`;

const PROPOSAL = [
  '<section action="replace" title="Current priorities">\n## Current priorities\n- Approvals UI: per-change accept and reject\n- Phone inbox folder for notes without an open port\n</section>',
  '<section action="add" after="Current priorities">\n## Recent completions\n- Shipped the capture endpoint (fsync\'d, 11k notes/s)\n</section>',
].join('\n\n');

function usageLines(): string {
  const lines: string[] = [];
  const now = Date.now();
  for (let d = 29; d >= 0; d--) {
    const calls = (d * 7) % 4;
    for (let c = 0; c < calls; c++) {
      const ts = new Date(now - d * 86_400_000 - c * 3_600_000).toISOString().replace('Z', '+00:00');
      const machine = c % 2 ? 'raspberrypi' : 'ana-macbook';
      const input = 3500 + ((d * 131 + c * 17) % 2000);
      const output = 300 + ((d * 37) % 400);
      lines.push(JSON.stringify({ ts, machine, command: 'refresh', model: 'claude-sonnet-5-5', session: '', input_tokens: input, output_tokens: output, cost_usd: Number(((input * 2 + output * 10) / 1e6).toFixed(6)), changed: c % 3 !== 0 }));
    }
  }
  // A real log is in the order the calls happened.
  lines.sort((a, b) => (JSON.parse(a) as { ts: string }).ts.localeCompare((JSON.parse(b) as { ts: string }).ts));
  return `${lines.join('\n')}\n`;
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every view, ${scheme}`, async ({ browser, home, fake, memoryRoot }) => {
    test.setTimeout(120_000);
    // Realistic state before the host starts.
    await writeFile(path.join(memoryRoot, 'GLOBAL_MEMORY.md'), MEMORY);
    await writeFile(path.join(memoryRoot, 'usage.jsonl'), usageLines());
    await memsync(home, fake, 'targets', 'enable', 'codex', 'gemini', 'windsurf');
    for (const n of ['Finished the capture endpoint today; 11k notes/s with fsync.', 'Next: a phone inbox folder so notes work without an open port.'])
      await memsync(home, fake, 'note', n);
    // Three earlier versions, as memsync names its backups.
    const older = [MEMORY.replace('- Approvals UI: per-change accept and reject\n', ''), MEMORY.replace(', some Rust', ''), MEMORY.replace('British spelling', 'US spelling')];
    for (const [i, text] of older.entries()) {
      const when = new Date(Date.now() - (i + 1) * 2.5 * 86_400_000);
      const stamp = `${when.getFullYear()}${String(when.getMonth() + 1).padStart(2, '0')}${String(when.getDate()).padStart(2, '0')}_${String(9 + i).padStart(2, '0')}1500`;
      await writeFile(path.join(memoryRoot, 'backups', `GLOBAL_MEMORY_${stamp}.md`), text);
    }

    const { startServe } = await import('../helpers/serve-process');
    const host = await startServe({ ...home.env, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-ant-e2e' });
    try {
      fake.enqueue(reply.text(PROPOSAL, { inputTokens: 4200, outputTokens: 120 }));
      const call = (method: string, body?: unknown) =>
        fetch(`${host.url}/api/${method}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      expect((await call('runRefresh', {})).status).toBe(200);
      await call('addNote', { text: 'Prefers bun for one-off scripts', source: 'http:iphone' });
      // An agent edits its own file: kept for adoption.
      await writeFile(path.join(home.home, '.claude', 'CLAUDE.md'), `${MEMORY}\n- (learned by Claude Code) prefers uv for Python\n`);

      const page = await browser.newPage({ viewport: { width: 1180, height: 860 }, colorScheme: scheme });
      await page.goto(host.uiUrl);
      const out = path.join(repoRoot, 'docs', 'screenshots');
      await mkdir(out, { recursive: true });
      for (const view of ['home', 'memory', 'notes', 'approvals', 'history', 'usage', 'settings']) {
        await page.goto(`${host.url}/#/${view}`);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        // CodeMirror measures lines as they scroll into view; a full-page shot never scrolls, so do.
        await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
        await page.waitForTimeout(400);
        await page.evaluate('window.scrollTo(0, 0)');
        await page.waitForTimeout(600); // editors and charts finish drawing (the event stream keeps the network busy)
        await page.screenshot({ path: path.join(out, `${view}-${scheme}.png`), fullPage: view !== 'memory' });
      }
      await page.goto(`${host.url}/quick-note.html`);
      await page.setViewportSize({ width: 420, height: 250 });
      await page.getByRole('textbox').fill('Prefers small, focused pull requests');
      await page.screenshot({ path: path.join(out, `quick-note-${scheme}.png`) });
      await page.close();
    } finally {
      await host.stop('SIGTERM');
    }
  });
}
