// Lint, including the architecture's import boundaries (ARCHITECTURE.md §4):
//   - only src-main/electron may import `electron`;
//   - src-shared and src-renderer never import Node built-ins;
//   - the engine never reaches into its hosts (electron, server, cli, host), src-shared into
//     src-main or src-renderer, or the renderer into src-main.
// tests/unit/lint/boundaries.test.ts proves each rule fires.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const ELECTRON = {
  name: 'electron',
  message: 'Only src-main/electron may import electron; pass what you need in from the host (ARCHITECTURE.md §4).',
};
// Anchored: `./events` is our module, `events` and `node:events` are Node's.
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NODE_BUILTINS = {
  regex: `^(node:.+|(${builtinModules.map(escape).join('|')})(/.*)?)$`,
  message: 'Browser-only code: no Node built-ins here (ARCHITECTURE.md §4).',
};
const noElectronSyntax = [
  {
    selector: "ImportExpression[source.value='electron']",
    message: ELECTRON.message,
  },
  {
    selector: "CallExpression[callee.name='require'][arguments.0.value='electron']",
    message: ELECTRON.message,
  },
];
const noNodeSyntax = [
  {
    selector: "CallExpression[callee.name='require']",
    message: 'Browser-only code: no require() here.',
  },
];

export default tseslint.config(
  {
    ignores: ['dist/', 'release/', '.tools/', 'node_modules/', 'test-results/', 'playwright-report/', 'tests/.tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
  },
  {
    files: ['src-main/**', 'scripts/**', 'bin/**', 'tests/**', 'bench/**', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Small modules (house rule): past 400 lines a module is split by responsibility.
    files: ['src-main/**', 'src-shared/**', 'src-renderer/**'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src-main/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON],
          patterns: [
            {
              regex: '^(\\.\\./)+(electron|server|cli|host)(/|$)',
              message: 'The engine does not depend on its hosts; they depend on it.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...noElectronSyntax],
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON],
          patterns: [
            NODE_BUILTINS,
            {
              regex: '^(\\.\\./)+(src-main|src-renderer)(/|$)',
              message: 'src-shared is imported by both sides and imports neither.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...noElectronSyntax, ...noNodeSyntax],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON],
          patterns: [
            NODE_BUILTINS,
            {
              regex: '(^|/)src-main(/|$)',
              message: 'The renderer talks to the engine only through the shared contract.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...noElectronSyntax, ...noNodeSyntax],
    },
  },
);
