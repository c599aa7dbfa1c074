import { existsSync } from 'node:fs';

/** Flags that let headless Chromium run as root on a closed network without noise. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Finds a Chromium to drive: $KINDLING_CHROMIUM or $CHROMIUM_PATH first, then
 * Playwright's own download, then Debian's /usr/bin/chromium.
 */
export function findChromium(): string {
  const fromEnv = process.env.KINDLING_CHROMIUM || process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`KINDLING_CHROMIUM points at ${fromEnv}, which does not exist`);
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    'No Chromium found. Install one (Debian: apt-get install chromium; elsewhere: npx playwright install chromium) ' +
      'or set KINDLING_CHROMIUM to its executable.',
  );
}
