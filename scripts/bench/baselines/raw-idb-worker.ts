/// <reference lib="webworker" />
/**
 * Runs the raw IndexedDB baseline inside a Web Worker, where executors do
 * their IndexedDB work. Receives `{ input, name }`, builds the blocks (not
 * timed), answers with a RawIdbResult or `{ error }`.
 */
import { shuffleBlocks, writeAndReadBlocks, type ShuffleInput } from './raw-idb';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener('message', (event: MessageEvent<{ input: ShuffleInput; name: string }>) => {
  const blocks = shuffleBlocks(event.data.input);
  writeAndReadBlocks(blocks, event.data.name).then(
    (result) => self.postMessage(result),
    (error: unknown) => self.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
