// What the layout and accessibility specs share: the views, how to open one and know it has
// drawn its data, and axe's findings in words.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { ServeProcess } from '../../helpers/serve-process';
import { expect } from './fixtures';

export const VIEWS = ['home', 'memory', 'notes', 'approvals', 'history', 'usage', 'settings'] as const;
export type View = (typeof VIEWS)[number];

/** Opens a view by its address (no reload) and waits until nothing on it is still loading. */
export async function openView(page: Page, host: ServeProcess, view: View): Promise<void> {
  await page.goto(`${host.url}/#/${view}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(new RegExp(`^${view}$`, 'i'));
  // Every view says "Loading…" (the editor and comparisons too) until its data is drawn.
  await expect(page.getByText(/^\s*Loading\b/)).toHaveCount(0);
  if (view === 'history') await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/** How far the page is wider than the window (0: nothing scrolls sideways). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
}

export interface AxeSummary {
  /** Serious and critical findings, each in words with where it is. */
  serious: string[];
  /** Findings of every impact, counted (for the report). */
  counts: Record<'critical' | 'serious' | 'moderate' | 'minor', number>;
}

/**
 * Runs axe on the page as it is now: every rule (WCAG 2.2 A/AA and axe's best practices), or only
 * text contrast (`colours`: what changes with the theme).
 */
export async function axe(page: Page, only: 'all' | 'colours' = 'all'): Promise<AxeSummary> {
  // Only violations are reported in full (passes are not serialised back): a third faster.
  const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  if (only === 'colours') builder.withRules(['color-contrast']);
  const results = await builder.analyze();
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  const serious: string[] = [];
  for (const v of results.violations) {
    if (v.impact) counts[v.impact] += v.nodes.length;
    if (v.impact === 'serious' || v.impact === 'critical') {
      serious.push(`${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}]` : ''}`).join('; ')}`);
    }
  }
  return { serious, counts };
}
