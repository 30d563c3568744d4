import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONSTRAINT_TITLES,
  enforceConstraints,
  extractConstraints,
  findConstraintSections,
  isConstraintsTitle,
  normalizeConstraint,
} from '../../../src-shared/markdown/constraints';
import { isConstraintsTitle as renderIsConstraintsTitle } from '../../../src-main/engine/targets/render';

const FORCE = '- Never force-push to main';
const PII = '- Keep customer PII out of logs and fixtures';
const MIGRATIONS = '- Run migrations against production only after a dry run';

/** enforce twice: the second pass must change nothing and report nothing restored. */
function enforceStable(before: string, after: string, extra?: readonly string[]) {
  const first = enforceConstraints(before, after, extra);
  const second = enforceConstraints(before, first.text, extra);
  expect(second.text).toBe(first.text);
  expect(second.restored).toEqual([]);
  expect(second.reworded).toEqual(first.reworded);
  return first;
}

describe('isConstraintsTitle', () => {
  it.each([
    ['Hard constraints', true],
    ['Constraints', true],
    ['hard constraints', true],
    ['HARD CONSTRAINTS:', true],
    ['Hard Constraints (never remove)', true],
    ['Constraints — do not remove', true],
    ['Constraints - do not soften', true],
    ['**Hard constraints**', true],
    ['🔒 Hard constraints', true],
    ['4. Hard constraints', true],
    ['  Hard   constraints  ', true],
    ['Constraints on caching', false],
    ['Hard constraints and wishes', false],
    ['Constraintsfoo', false],
    ['Soft constraints', false],
    ['Standing preferences', false],
    ['', false],
  ])('%j → %s', (title, expected) => {
    expect(isConstraintsTitle(title)).toBe(expected);
  });

  it('accepts extra names from settings, exact or with a qualifier, case-insensitively', () => {
    expect(DEFAULT_CONSTRAINT_TITLES).toEqual(['hard constraints', 'constraints']);
    expect(isConstraintsTitle('Non-negotiables')).toBe(false);
    expect(isConstraintsTitle('Non-negotiables', ['non-negotiables'])).toBe(true);
    expect(isConstraintsTitle('NON-NEGOTIABLES (keep)', ['Non-negotiables'])).toBe(true);
    expect(isConstraintsTitle('Non-negotiables for work', ['Non-negotiables'])).toBe(false);
    expect(isConstraintsTitle('Anything', ['', '   '])).toBe(false);
  });

  it('is what the target renderer uses, so it still protects memsync’s two headings', () => {
    expect(renderIsConstraintsTitle('Hard constraints')).toBe(true);
    expect(renderIsConstraintsTitle('Constraints')).toBe(true);
    expect(renderIsConstraintsTitle('Projects')).toBe(false);
  });
});

describe('findConstraintSections and extractConstraints', () => {
  it('finds ## and ### headings, CommonMark-parsed (a fenced heading is not one)', () => {
    const text = [
      '# Global Memory',
      '',
      '## Hard Constraints (never remove)',
      '- A rule',
      '',
      '## Projects',
      '```md',
      '## Hard constraints',
      '- Not a rule, an example',
      '```',
      '### Constraints',
      '- Scoped rule',
      '### Tools',
      '- pnpm',
      '#### Constraints',
      '- too deep',
      '',
    ].join('\n');
    const sections = findConstraintSections(text);
    expect(sections.map((s) => [s.title, s.depth])).toEqual([
      ['Hard Constraints (never remove)', 2],
      ['Constraints', 3],
    ]);
    const first = sections[0]!;
    expect(text.slice(first.start, first.headingEnd)).toBe('## Hard Constraints (never remove)\n');
    expect(text.slice(first.headingEnd, first.end)).toBe('- A rule\n\n');
    expect(extractConstraints(text).map((i) => [i.text, i.section])).toEqual([
      ['- A rule', 'Hard Constraints (never remove)'],
      ['- Scoped rule', 'Constraints'],
    ]);
  });

  it('keeps ### subsections inside a ## constraints section, and takes prose and numbered lines', () => {
    const text = '## Constraints\nNever deploy on Fridays.\n### Git\n1. **Never** force-push to `main`.\n\n---\n### Data\n- [x] Keep PII out of logs\n## Next\n- n\n';
    expect(findConstraintSections(text)).toHaveLength(1);
    expect(extractConstraints(text).map((i) => [i.text, i.norm])).toEqual([
      ['Never deploy on Fridays.', 'never deploy on fridays'],
      ['1. **Never** force-push to `main`.', 'never force-push to main'],
      ['- [x] Keep PII out of logs', 'keep pii out of logs'],
    ]);
  });

  it('normalizes for comparison', () => {
    expect(normalizeConstraint('  *  _Never_   use `rm -rf` on  $HOME!! ')).toBe('never use rm -rf on $home');
    expect(normalizeConstraint('> - Don’t touch snake_case_names.')).toBe("don't touch snake_case_names");
  });
});

describe('enforceConstraints: the predecessor’s confirmed edge cases (spec §4.4)', () => {
  it('(a) an empty constraints heading on the last line gets the items under it, not a second heading', () => {
    const before = `# M\n\n## Notes\n- x\n\n## Hard constraints\n${FORCE}\n${PII}\n`;
    const noNewline = enforceStable(before, '# M\n\n## Notes\n- x\n- y\n\n## Hard constraints');
    expect(noNewline.text).toBe(`# M\n\n## Notes\n- x\n- y\n\n## Hard constraints\n${FORCE}\n${PII}`);
    const withNewline = enforceStable(before, '# M\n\n## Notes\n- x\n\n## Hard constraints\n');
    expect(withNewline.text).toBe(before);
    expect(withNewline.restored).toEqual([FORCE, PII]);
    expect(withNewline.text.match(/## Hard constraints/g)).toHaveLength(1);
  });

  it('(a) an empty section followed by a heading gets the items under its heading, with a blank line after', () => {
    const before = `## Hard constraints\n${FORCE}\n\n## Next\n- n\n`;
    expect(enforceStable(before, '## Hard constraints\n\n## Next\n- n\n').text).toBe(before);
    expect(enforceStable(before, '## Hard constraints\n## Next\n- n\n').text).toBe(before);
  });

  it('(b) restored items go after the last item, before the blank line and the next heading', () => {
    const before = `## Hard constraints\n${FORCE}\n${PII}\n\n## Next\n- n\n`;
    const result = enforceStable(before, `## Hard constraints\n${FORCE}\n\n## Next\n- n\n`);
    expect(result.text).toBe(before);
    expect(result.restored).toEqual([PII]);
    expect(result.text).not.toMatch(/\n\n- Keep/);
  });

  it('(c) a lowercase or qualified heading in the new file is the same section', () => {
    const before = `## Hard constraints\n${FORCE}\n${PII}\n`;
    expect(enforceStable(before, `## hard constraints\n${FORCE}\n${PII}\n`)).toEqual({
      text: `## hard constraints\n${FORCE}\n${PII}\n`,
      restored: [],
      reworded: [],
    });
    expect(enforceStable(before, `## HARD CONSTRAINTS:\n${FORCE}\n`).text).toBe(`## HARD CONSTRAINTS:\n${FORCE}\n${PII}\n`);
  });
});

describe('enforceConstraints', () => {
  const memory = [
    '<!-- memsync v0.2 -->',
    '# Global Memory',
    '',
    '## Current priorities',
    '- Ship the billing rewrite',
    '',
    '## Hard constraints',
    FORCE,
    PII,
    MIGRATIONS,
    '',
    '## Standing preferences',
    '- Prefers pnpm',
    '',
  ].join('\n');

  it('puts a dropped item back in place and leaves every other byte as the model wrote it', () => {
    const after = memory
      .replace('- Ship the billing rewrite', '- Ship the billing rewrite (due March 3)\n- Review the on-call runbook')
      .replace(`${PII}\n`, '')
      .replace('- Prefers pnpm', '- Prefers pnpm  \n- Writes tests first');
    const result = enforceStable(memory, after);
    expect(result.restored).toEqual([PII]);
    expect(result.reworded).toEqual([]);
    expect(result.text).toBe(after.replace(`${MIGRATIONS}\n`, `${MIGRATIONS}\n${PII}\n`));
  });

  it('treats a reworded item as the same constraint: not duplicated, reported', () => {
    const before = `## Constraints\n${FORCE}\n${PII}\n`;
    const after = `## Constraints\n- Do not force push to the main branch\n${PII}\n- Never store secrets in the repo\n`;
    const result = enforceStable(before, after);
    expect(result.text).toBe(after);
    expect(result.restored).toEqual([]);
    expect(result.reworded).toEqual([{ before: FORCE, after: '- Do not force push to the main branch' }]);
  });

  it('matches each new item at most once, so two dropped items cannot hide behind one rewording', () => {
    const before = '## Constraints\n- Never force-push to main\n- Never force-push to release branches\n';
    const after = '## Constraints\n- Do not force push to main\n';
    const result = enforceStable(before, after);
    expect(result.reworded).toEqual([{ before: '- Never force-push to main', after: '- Do not force push to main' }]);
    expect(result.restored).toEqual(['- Never force-push to release branches']);
    expect(result.text).toBe(`${after}- Never force-push to release branches\n`);
  });

  it('does not count a different constraint as a rewording', () => {
    const before = `## Constraints\n${FORCE}\n`;
    const after = '## Constraints\n- Always write tests before code\n';
    const result = enforceStable(before, after);
    expect(result.reworded).toEqual([]);
    expect(result.text).toBe(`${after}${FORCE}\n`);
  });

  it('ignores list markers, numbering, emphasis and trailing punctuation when comparing', () => {
    const before = `## Hard constraints\n${FORCE}\n`;
    const after = '## Hard constraints\n1. **Never** force-push to `main`.\n';
    expect(enforceStable(before, after)).toEqual({ text: after, restored: [], reworded: [] });
  });

  it('keeps ### subsections inside the section: their items are protected too', () => {
    const before = `## Hard constraints\n${PII}\n### Git\n${FORCE}\n\n## Next\n- n\n`;
    const after = `## Hard constraints\n${PII}\n### Git\n\n## Next\n- n\n`;
    const result = enforceStable(before, after);
    expect(result.restored).toEqual([FORCE]);
    expect(result.text).toBe(`## Hard constraints\n${PII}\n### Git\n${FORCE}\n\n## Next\n- n\n`);
  });

  it('recognizes ### Hard constraints and qualified ## titles', () => {
    const before = `## Work\n- w\n### Hard constraints\n${FORCE}\n### Tools\n- t\n## Hard Constraints (never remove)\n${PII}\n`;
    const after = `## Work\n- w\n### Hard constraints\n### Tools\n- t\n## Hard Constraints (never remove)\n`;
    const result = enforceStable(before, after);
    expect(result.restored).toEqual([FORCE, PII]);
    expect(result.text).toBe(`## Work\n- w\n### Hard constraints\n${FORCE}\n${PII}\n\n### Tools\n- t\n## Hard Constraints (never remove)\n`);
  });

  it('protects items of every constraints section and restores into the first one', () => {
    const before = `## Hard constraints\n${FORCE}\n\n## Projects\n- p\n### Constraints\n${PII}\n${MIGRATIONS}\n`;
    const after = `## Hard constraints\n${FORCE}\n\n## Projects\n- p\n- q\n### Constraints\n${MIGRATIONS}\n`;
    const result = enforceStable(before, after);
    expect(result.restored).toEqual([PII]);
    expect(result.text).toBe(`## Hard constraints\n${FORCE}\n${PII}\n\n## Projects\n- p\n- q\n### Constraints\n${MIGRATIONS}\n`);
  });

  it('adds a ## Hard constraints section at the end when the new file has none', () => {
    const before = `# M\n\n## Hard constraints\n${FORCE}\n${PII}\n`;
    expect(enforceStable(before, '# M\n\n## Projects\n- p\n').text).toBe(`# M\n\n## Projects\n- p\n\n## Hard constraints\n${FORCE}\n${PII}\n`);
    expect(enforceStable(before, '# M\n\n## Projects\n- p').text).toBe(`# M\n\n## Projects\n- p\n\n## Hard constraints\n${FORCE}\n${PII}`);
    expect(enforceStable(before, '# M\n\n- p\n\n').text).toBe(`# M\n\n- p\n\n## Hard constraints\n${FORCE}\n${PII}\n`);
    expect(enforceStable(before, '').text).toBe(`## Hard constraints\n${FORCE}\n${PII}\n`);
  });

  it('moving a constraint out of the section does not protect it: it is restored', () => {
    const before = `## Hard constraints\n${FORCE}\n${PII}\n\n## Preferences\n- p\n`;
    const after = `## Hard constraints\n${PII}\n\n## Preferences\n- p\n${FORCE}\n`;
    expect(enforceStable(before, after).text).toBe(`## Hard constraints\n${PII}\n${FORCE}\n\n## Preferences\n- p\n${FORCE}\n`);
  });

  it('never restores items of other sections, and allows added constraints', () => {
    const before = `## Preferences\n- Prefers pnpm\n\n## Hard constraints\n${FORCE}\n`;
    const after = `## Preferences\n- Prefers bun\n\n## Hard constraints\n${FORCE}\n${PII}\n`;
    expect(enforceStable(before, after)).toEqual({ text: after, restored: [], reworded: [] });
  });

  it('a fenced "## Hard constraints" is not a section: nothing from it is restored or protected', () => {
    const fenced = '## Examples\n```md\n## Hard constraints\n- Not a rule\n```\n';
    expect(extractConstraints(fenced)).toEqual([]);
    expect(enforceStable(fenced, '## Examples\n').text).toBe('## Examples\n');
    const before = `## Hard constraints\n${FORCE}\n`;
    const after = `## Examples\n\`\`\`md\n## Hard constraints\n- x\n\`\`\`\n`;
    expect(enforceStable(before, after).text).toBe(`${after}\n## Hard constraints\n${FORCE}\n`);
  });

  it('honours extra section names from settings', () => {
    const before = `## Non-negotiables\n${FORCE}\n\n## Other\n- o\n`;
    const after = '## Non-negotiables\n\n## Other\n- o\n';
    expect(enforceStable(before, after).text).toBe(after);
    expect(enforceStable(before, after, ['Non-negotiables']).text).toBe(before);
  });

  it('keeps CRLF line endings when inserting', () => {
    const before = `## Hard constraints\r\n${FORCE}\r\n${PII}\r\n\r\n## Next\r\n`;
    const after = `## Hard constraints\r\n${FORCE}\r\n\r\n## Next\r\n`;
    expect(enforceStable(before, after).text).toBe(before);
  });

  it('does not resurrect the starter template’s placeholder once real constraints replace it', () => {
    const before = '## Hard constraints\n- (Rules that must never be lost or softened through compaction)\n';
    const after = `## Hard constraints\n${FORCE}\n`;
    expect(enforceStable(before, after)).toEqual({ text: after, restored: [], reworded: [] });
  });

  it('returns `after` untouched when the old memory had no constraints', () => {
    const after = '## Projects\n- p';
    expect(enforceConstraints('# M\n', after)).toEqual({ text: after, restored: [], reworded: [] });
  });
});
