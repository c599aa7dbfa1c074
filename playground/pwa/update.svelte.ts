/**
 * The service worker (vite-plugin-pwa, `registerType: 'prompt'`): after one
 * visit the app, the widget, the lessons and the datasets are cached and
 * everything works offline. A new version is only ever *offered*: the new
 * service worker waits until the reader presses Reload, so nothing is swapped
 * in under a running program or a lesson in progress.
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
