// ESLint flat config: JavaScript + typescript-eslint + eslint-plugin-svelte.
// Lint rules only; formatting is Prettier's job (see .prettierrc.json).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/** Names a learner's driver program can use without importing them (see DESIGN.md). */
const driverProgramGlobals = {
  sc: 'readonly',
  HashPartitioner: 'readonly',
  RangePartitioner: 'readonly',
  StorageLevel: 'readonly',
  TaskContext: 'readonly',
};

export default defineConfig(
  globalIgnores([
    'dist/',
    'dist-runner/',
    'node_modules/',
    'test-results/',
    'playwright-report/',
    '.vitest-attachments/',
  ]),
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    // The engine runs on the page and inside Web Workers; the playground on the page.
    languageOptions: {
      globals: { ...globals.browser, ...globals.worker },
      // Kept identical for .ts and .svelte files so the TS parser is set up once.
      parserOptions: { extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    // Run by Node: tooling, configs, Node unit tests, the Playwright suite, the command-line runner.
    files: [
      '*.config.{js,ts}',
      'scripts/**',
      'test/unit/**',
      'test/e2e/**',
      'engine/runner/cli.ts',
      '.ci/**/*.{js,mjs}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Driver programs (lessons, conformance cases): module bodies with top-level await and `sc` in scope.
    files: ['lessons/**/*.js', 'test/conformance/**/*.js', 'public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser, ...driverProgramGlobals } },
  },
  {
    rules: {
      // `_`-prefixed names mark parameters kept for their position (e.g. `(_, i) => i`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
);
