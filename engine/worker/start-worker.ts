/**
 * The one way Kindling starts a Web Worker. Every worker kind goes through it
 * (the driver worker, executor workers, task threads, the DAG's layout worker),
 * so an embed whose script comes from another origin works for all of them.
 *
 * Browsers start a worker only from the page's own origin: `new Worker(url)`
 * with a script on a CDN or a docs site's asset host throws a SecurityError.
 * When the script is elsewhere, this starts the worker from a same-origin blob
 * URL whose only line imports the real script, which works wherever that
 * script is served with CORS (`Access-Control-Allow-Origin`). Inside such a
 * worker `import.meta.url` is still the real script's URL, so the worker's own
 * workers resolve to the other origin and come back here too.
 *
 * New worker kinds: import the script as `./x-worker.ts?worker&url` (Vite
 * bundles it as a worker and gives its URL) and call `startWorker(url, …)`;
 * never `new Worker(new URL(…))` directly.
 *
 * @example
 * import driverWorkerUrl from './driver-worker.ts?worker&url';
 * const worker = startWorker(driverWorkerUrl, { type: 'module', name: 'kindling-driver' });
 */

/** Blob URLs already made, per script URL and worker type: one each, kept for the page's life. */
const trampolines = new Map<string, string>();

export function startWorker(url: string | URL, options: WorkerOptions = {}): Worker {
  const here = globalThis.location;
  const script = new URL(url, here.href);
  if (script.origin === here.origin || script.protocol === 'blob:' || script.protocol === 'data:')
    return new Worker(script, options);
  return new Worker(trampoline(script.href, options.type ?? 'classic'), options);
}

/** Whether a worker script at `url` would be started through a blob URL (it is on another origin). */
export function isCrossOrigin(url: string | URL): boolean {
  const script = new URL(url, globalThis.location.href);
  return script.origin !== globalThis.location.origin && script.protocol !== 'blob:' && script.protocol !== 'data:';
}

function trampoline(href: string, type: WorkerType): string {
  const key = `${type} ${href}`;
  let blobUrl = trampolines.get(key);
  if (!blobUrl) {
    // A module worker imports the script (a CORS fetch); a classic one loads it with importScripts.
    const body = type === 'module' ? `import ${JSON.stringify(href)};\n` : `importScripts(${JSON.stringify(href)});\n`;
    blobUrl = URL.createObjectURL(new Blob([body], { type: 'text/javascript' }));
    trampolines.set(key, blobUrl);
  }
  return blobUrl;
}
