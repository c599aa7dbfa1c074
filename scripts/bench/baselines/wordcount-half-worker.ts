/// <reference lib="webworker" />
/**
 * Half of a hand-parallel word count: counts the words of the bytes it is
 * given (whole lines) with the same loop, and sends back its counts. Two of
 * these show how much faster this machine runs the loop on two threads, the
 * ceiling for any engine's speedup on it.
 */
import { countWords } from './wordcount-loop';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener('message', (event: MessageEvent<{ bytes: ArrayBuffer }>) => {
  const counts = countWords(new TextDecoder().decode(event.data.bytes));
  self.postMessage({ counts: [...counts] });
});
