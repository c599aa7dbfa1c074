/**
 * The npm packages that code running in the browser imports, for Vite to pre-bundle before a test starts.
 *
 * Vite finds a browser test's dependencies by scanning from the test files, but not through the Web Workers a
 * test starts (the driver, the executors): a package only a worker imports is found when the worker first loads
 * it, Vite then re-optimizes and reloads the page, and the test running there fails (CI on a clean machine saw
 * "The driver stopped: unknown error" in views.test.ts when `magic-string` was found that way). Listing them all
 * here makes a clean machine behave like a warm one; test/unit/browser-deps.test.ts fails when an import is
 * added to browser code without its package here.
 */
export const BROWSER_DEPS = [
  '@codemirror/autocomplete',
  '@codemirror/commands',
  '@codemirror/lang-javascript',
  '@codemirror/lang-python',
  '@codemirror/language',
  '@codemirror/lint',
  '@codemirror/state',
  '@codemirror/view',
  '@lezer/highlight',
  'acorn',
  'antlr4ng',
  'comlink',
  'dompurify',
  'fflate',
  'fzstd',
  'hyparquet',
  'hyparquet-compressors',
  'hyparquet-writer',
  'idb',
  'lz4js',
  'lz4js/xxh32.js',
  'magic-string',
  'papaparse',
  'pyodide',
  'snappyjs',
];
