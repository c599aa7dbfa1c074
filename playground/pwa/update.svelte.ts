/**
 * The service worker (vite-plugin-pwa, `registerType: 'prompt'`): after one
 * visit the app, the widget, the lessons and the datasets are cached and
 * everything works offline. A new version is only ever *offered*: the new
 * service worker waits until the reader presses Reload, so nothing is swapped
 * in under a running program or a lesson in progress.
 *
 * An open page looks for a new deploy (a changed sw.js) every
 * {@link CHECK_INTERVAL_MS} and whenever it comes back into view or gets
 * focus (at most once per {@link FOCUS_CHECK_GAP_MS}), not only at load.
 */
import { registerSW } from 'virtual:pwa-register';

/** Whether a new version is waiting, and how to take it. Reactive (Svelte runes). */
export const pwaUpdate = $state({
  /** A new version is installed and waiting for the reader. */
  available: false,
  /** Everything is cached: the app now works offline. */
  offlineReady: false,
});

let update: ((reload?: boolean) => Promise<void>) | null = null;
let registration: ServiceWorkerRegistration | null = null;
let lastCheck = 0;

/** How often an open page asks the server for a new version. */
export const CHECK_INTERVAL_MS = 30 * 60 * 1000;
/** Coming back to the page checks again, but not more often than this. */
export const FOCUS_CHECK_GAP_MS = 10 * 1000;

/**
 * Asks the server now whether a new version was deployed; if so it installs and
 * is offered (pwaUpdate.available). Quiet offline and where there is no service worker.
 *
 * @example
 * await checkForUpdate(); // e.g. a share link from a newer version was opened
 */
export async function checkForUpdate(): Promise<void> {
  if (!registration || !navigator.onLine) return;
  lastCheck = Date.now();
  try {
    await registration.update();
  } catch {
    // The server is unreachable or sw.js failed to load: try again at the next check.
  }
}

function checkOnReturn(): void {
  if (document.visibilityState === 'visible' && Date.now() - lastCheck >= FOCUS_CHECK_GAP_MS) void checkForUpdate();
}

/**
 * Registers the service worker once; safe to call from every page that wants offline use.
 * Does nothing in development (no service worker is built there) or where service workers are unavailable.
 *
 * @example
 * onMount(() => startServiceWorker());
 */
export function startServiceWorker(): void {
  if (update || !('serviceWorker' in navigator) || import.meta.env.DEV) return;
  update = registerSW({
    onNeedRefresh: () => (pwaUpdate.available = true),
    onOfflineReady: () => (pwaUpdate.offlineReady = true),
    onRegisteredSW: (_url, registered) => {
      if (!registered) return;
      registration = registered;
      setInterval(() => void checkForUpdate(), CHECK_INTERVAL_MS);
      addEventListener('focus', checkOnReturn);
      document.addEventListener('visibilitychange', checkOnReturn);
    },
  });
}

/** Activates the waiting version and reloads the page. Call only when the reader asked for it. */
export async function takeUpdate(): Promise<void> {
  if (!update) return;
  const controlled = navigator.serviceWorker.controller !== null;
  await update(true);
  if (controlled) return; // workbox reloads once the new worker takes control of this page.
  // A page loaded before any worker controlled it never sees a change of control: reload once the new one is active.
  const registration = await navigator.serviceWorker.getRegistration();
  for (let waited = 0; registration?.waiting && waited < 5000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  location.reload();
}
