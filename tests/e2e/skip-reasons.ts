import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Prints, after the run, every skipped test with the reason it gave (the list and line reporters
 * show only that it was skipped): e.g. the Electron spec where no Electron binary can be had.
 */
export default class SkipReasons implements Reporter {
  readonly #skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given';
    this.#skipped.push(`  - ${test.titlePath().filter(Boolean).join(' › ')}: ${reason}`);
  }

  onEnd(): void {
    if (this.#skipped.length) process.stdout.write(`\nSkipped, and why:\n${this.#skipped.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
