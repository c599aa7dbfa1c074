import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, findChromium } from './scripts/chromium';
import { BROWSER_DEPS } from './scripts/browser-deps';
import { pyodideAssets } from './scripts/vite-pyodide';

/** The unit tests that start Pyodide in Node (test/unit/python-harness.ts). */
const PYTHON_IN_NODE = [
  'test/unit/python-package.test.ts',
  'test/unit/python-pickling.test.ts',
  'test/unit/export-pyspark.test.ts',
];

export default defineConfig({
  plugins: [svelte(), pyodideAssets()],
  worker: { format: 'es' },
  // Pre-bundled up front: discovering them mid-run makes Vite reload a running browser test.
  optimizeDeps: { include: BROWSER_DEPS },
  test: {
    // Two Node test files at a time even on 2 cores (Vitest's default there is one): the lesson grading
    // (lessons-grade.test.ts and lessons-grade-python.test.ts, minutes each, the Python one using about one core)
    // then runs beside the other files instead of after them. The browser project keeps one file at a time
    // (browser.fileParallelism below).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        // The files that run Python in Node share their worker's module graph, so Pyodide starts once per worker
        // (a few seconds each time); every other file keeps its own.
        extends: true,
        test: {
          name: 'node-python',
          environment: 'node',
          include: PYTHON_IN_NODE,
          isolate: false,
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          exclude: PYTHON_IN_NODE,
          // The seeded property tests take one to three seconds alone and more on a loaded machine; five
          // seconds (Vitest's default) failed them on a shared 2-core machine though nothing was wrong.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            // One file at a time, as before maxWorkers above rose to 2: the files time real work in workers.
            fileParallelism: false,
            provider: playwright({ launchOptions: { executablePath: findChromium(), args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
