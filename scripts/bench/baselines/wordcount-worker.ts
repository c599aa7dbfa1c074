/// <reference lib="webworker" />
/**
 * The word-count loop inside one Web Worker: the baseline of
 * `engine_overhead_1core`, the engine with one executor of one core.
 * Receives `{ url }`, answers with a {@link LoopResult} or `{ error }`.
 */
import { countWordsAt } from './wordcount-loop';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener('message', (event: MessageEvent<{ url: string }>) => {
  countWordsAt(event.data.url).then(
    (result) => self.postMessage(result),
    (error: unknown) => self.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
