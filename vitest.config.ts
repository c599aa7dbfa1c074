import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, findChromium } from './scripts/chromium';
import { pyodideAssets } from './scripts/vite-pyodide';

export default defineConfig({
  plugins: [svelte(), pyodideAssets()],
  worker: { format: 'es' },
  // Pre-bundled up front: discovering them mid-run makes Vite reload a running browser test.
  optimizeDeps: { include: ['comlink', 'idb', 'acorn', 'dompurify'] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
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
            provider: playwright({ launchOptions: { executablePath: findChromium(), args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
