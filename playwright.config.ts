// End-to-end tests (test/e2e) against the built site served by `vite preview`,
// driven by the system Chromium (never `playwright install` on CI machines).
//
//   npx playwright test
import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './scripts/chromium';

// KINDLING_E2E_PORT lets several checkouts on one machine run their e2e tests side by side.
const port = Number(process.env.KINDLING_E2E_PORT ?? 4173);
// KINDLING_E2E_WORKERS: how many spec files run at once (each in a browser of its own), 1 unless set.
const workers = Number(process.env.KINDLING_E2E_WORKERS ?? 1);
if (!Number.isInteger(workers) || workers < 1)
  throw new Error(`KINDLING_E2E_WORKERS must be a whole number of at least 1, got ${process.env.KINDLING_E2E_WORKERS}`);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: executors are Web Workers, so parallel pages would compete with each other. Two workers are not yet
  // measured on a quiet machine (twice, for flakiness); KINDLING_E2E_WORKERS=2 is there to try it.
  workers,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `npm run build && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
