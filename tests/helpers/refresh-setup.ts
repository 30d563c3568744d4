import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Engine } from '../../src-main/engine';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic';
import { makeTempHome, type TempHome } from './temp-home';
import { createTestEngine } from './test-engine';

export const MEMORY = `<!-- memsync v0.2 -->
# Global Memory

## Identity & context
- Ana, backend developer at Contoso; TypeScript and Go.

## Current priorities
- Ship the capture endpoint
- Write the approvals UI

## Standing preferences
- Prefers pnpm; small, focused commits.

## Hard constraints
- Never force-push to main
- Never commit secrets
`;

export interface RefreshRig {
  home: TempHome;
  engine: Engine;
  fake: FakeAnthropic;
  sync: string;
  root: string;
  close(): Promise<void>;
}

/**
 * A real engine (one-shot: no watchers) on a temporary HOME with an initialized memory, talking
 * through the real @anthropic-ai/sdk to a fake Messages API on loopback. Back-off is shortened.
 */
export async function startRefreshRig(options: { memory?: string; settings?: object; apiKey?: string | null } = {}): Promise<RefreshRig> {
  const home = await makeTempHome();
  const fake = await startFakeAnthropic();
  const sync = path.join(home.home, 'Sync');
  await mkdir(sync);
  const env: Record<string, string> = { HOME: home.home, ANTHROPIC_BASE_URL: fake.url };
  if (options.apiKey !== null) env.ANTHROPIC_API_KEY = options.apiKey ?? 'sk-ant-test-key';
  const engine = createTestEngine(home.home, {
    env,
    watch: false,
    llmOverrides: { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 1500 },
  });
  await engine.start();
  await engine.api.initMemoryRoot({ provider: 'custom', syncRoot: sync });
  const root = path.join(sync, '.claude-memory');
  await writeFile(path.join(root, 'GLOBAL_MEMORY.md'), options.memory ?? MEMORY);
  if (options.settings) await engine.api.updateSettings(options.settings);
  return {
    home,
    engine,
    fake,
    sync,
    root,
    async close() {
      await engine.stop();
      await fake.close();
      await home.cleanup();
    },
  };
}

export const patchAnswer = (...sections: Array<{ action: 'replace' | 'add'; title?: string; after?: string; body: string }>) =>
  sections
    .map((s) => `<section action="${s.action}"${s.title ? ` title="${s.title}"` : ''}${s.after ? ` after="${s.after}"` : ''}>\n${s.body}\n</section>`)
    .join('\n\n');
