import { existsSync } from 'node:fs';
import path from 'node:path';
import { damagedFileProblems } from '../../engine/file-problems';
import { recoveryAdvice } from '../../engine/memory/recovery';
import { PROVIDER_DISPLAY_NAMES } from '../../engine/providers/detect';
import { ANTHROPIC_API_KEY_SECRET } from '../../engine/settings';
import { EXIT, type CliIo } from '../io';
import { withEngine } from '../session';

type Level = 'ok' | 'warn' | 'fail';
interface Check {
  label: string;
  level: Level;
  detail: string;
}

const MARK: Record<Level, string> = { ok: '✓', warn: '!', fail: '✗' };

/**
 * `memsync doctor`: checks everything that can be checked on this machine without the network,
 * says what to do about each problem, and exits 1 when any check fails.
 */
export async function doctor(io: CliIo): Promise<number> {
  return withEngine(io, async (engine) => {
    const status = engine.status();
    const m = status.memory;
    const root = engine.memory.root();
    const checks: Check[] = [];
    const add = (label: string, level: Level, detail: string) => checks.push({ label, level, detail });

    add(
      'Settings file',
      engine.settings.problems.length ? 'warn' : 'ok',
      engine.settings.problems.length ? engine.settings.problems.join(' ') : `${engine.settings.path}${existsSync(engine.settings.path) ? '' : ' (defaults; not saved yet)'}`,
    );
    if (!m.provider && !m.syncRoot) add('Provider', 'fail', 'no sync folder chosen — run memsync init');
    else add(`Provider (${m.provider ? PROVIDER_DISPLAY_NAMES[m.provider] : 'custom'})`, root.state === 'unavailable' ? 'fail' : 'ok', root.state === 'unavailable' ? (root.reason ?? 'not found') : (m.syncRoot ?? ''));
    if (m.memoryRoot) add('Memory folder', root.state === 'ok' ? 'ok' : 'fail', root.state === 'ok' ? m.memoryRoot : (root.reason ?? m.memoryRoot));
    if (root.state === 'ok') {
      const unusable = engine.memory.problem();
      if (m.placeholder) add('GLOBAL_MEMORY.md', 'fail', `not downloaded yet (${m.placeholder.reason}); make it available offline in your cloud client`);
      else if (unusable) add('GLOBAL_MEMORY.md', 'fail', unusable);
      else if (m.memory) add('GLOBAL_MEMORY.md', 'ok', `${m.memory.lines} lines`);
      else add('GLOBAL_MEMORY.md', 'fail', m.recovery ? recoveryAdvice(m.recovery) : 'missing — run memsync init');
      add(
        'Conflict copies',
        m.conflictCopies.length ? 'fail' : 'ok',
        m.conflictCopies.length ? `${m.conflictCopies.map((c) => c.name).join(', ')} — merge what you need into GLOBAL_MEMORY.md, then delete them` : 'none',
      );
    }
    if (root.state === 'ok') {
      const { damaged } = await engine.refresh.proposals().scan();
      const proposals = damagedFileProblems(damaged, []);
      add('Proposal files', proposals.length ? 'warn' : 'ok', proposals.length ? proposals.join(' ') : 'all readable');
      const headings = damagedFileProblems([], await engine.notes.damagedHeadings());
      add('Notes logs', headings.length ? 'warn' : 'ok', headings.length ? headings.join(' ') : 'every note heading intact');
    }
    // Before init (or while the memory folder is missing) agents' files wait for the memory: their
    // state says nothing new, and `memsync sync` would not help.
    const memoryThere = root.state === 'ok' && (m.memory !== null || m.placeholder !== null);
    if (!memoryThere) {
      add("Agents' files", 'warn', `written once the memory exists (${m.targets.filter((x) => x.enabled).map((t) => t.name).join(', ') || 'none enabled'})`);
    }
    for (const t of memoryThere ? m.targets.filter((x) => x.enabled) : []) {
      const label = `Target ${t.name}`;
      if (t.shadowedBy) add(label, 'fail', `${path.basename(t.shadowedBy)} wins over ${t.path}; empty or remove it`);
      else if (t.state === 'in-sync') {
        add(label, t.omittedSections.length ? 'warn' : 'ok', t.omittedSections.length ? `in sync; over its ${t.budget} limit, so ${t.omittedSections.join(', ')} left out` : `in sync (${t.effectiveMode ?? t.mode})`);
      } else if (t.state === 'held') add(label, 'warn', 'an outside edit is waiting for you to adopt or discard it (memsync edits)');
      else add(label, 'fail', `${t.state}${t.error ? `: ${t.error}` : ''} — run memsync sync`);
    }
    const suggest = m.targets.filter((t) => !t.enabled && t.installed);
    if (suggest.length) add('Other agents', 'warn', `found but not enabled: ${suggest.map((t) => t.id).join(', ')} (memsync targets enable …)`);
    if (m.foreignEdits > 0) add('Outside edits', 'warn', `${m.foreignEdits} awaiting review — memsync edits`);

    const key = (await engine.secrets.get(ANTHROPIC_API_KEY_SECRET)) ? 'stored' : io.env.ANTHROPIC_API_KEY ? 'env' : undefined;
    add('Anthropic API key', key ? 'ok' : 'fail', key === 'stored' ? `in ${status.secretStore}` : key === 'env' ? 'from ANTHROPIC_API_KEY' : 'not set; merging notes will fail (memsync config set api_key -)');
    // Known once the store was read (just above): a damaged file was moved aside.
    if (engine.secrets.problem) add('Secrets', 'warn', engine.secrets.problem);

    add('Secrets', status.secretStoreWarning ? 'warn' : 'ok', status.secretStoreWarning ?? `in ${status.secretStore}`);

    io.stdout('memsync doctor\n\n');
    // One column for the details, however long an agent's name is.
    const width = Math.max(30, ...checks.map((c) => c.label.length + 1));
    for (const c of checks) io.stdout(`  ${MARK[c.level]}  ${c.label.padEnd(width)} ${c.detail}\n`);
    const failed = checks.filter((c) => c.level === 'fail');
    io.stdout(failed.length === 0 ? '\nAll checks passed.\n' : `\n${failed.length} check(s) failed: ${failed.map((c) => c.label).join(', ')}\n`);
    if (root.state === 'not-configured' || root.state === 'missing') io.stdout('Start with: memsync init\n');
    return failed.length === 0 ? EXIT.ok : EXIT.error;
  });
}
