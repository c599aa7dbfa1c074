/**
 * The page the headless runner drives (runner.html). The command-line runner
 * exposes `window.kindlingEmit`, then calls `window.kindlingRun(options)`;
 * every message of the run reaches `kindlingEmit`, in order, in batches.
 */
import { runProgram } from './program-host';
import type { HostMessage, ProgramOptions } from './protocol';
import { PYODIDE_FOLDER } from '../python/version';

declare global {
  interface Window {
    /** Runs a driver program; resolves once every message, `done` last, was taken by `kindlingEmit`. */
    kindlingRun(options: ProgramOptions): Promise<void>;
    /**
     * Provided by the runner through Playwright's `page.exposeFunction`: takes
     * a batch of messages as JSON text (`HostMessage[]`). Text, because
     * Playwright's own argument serialisation is ten times slower for
     * thousands of small objects; every message is JSON-safe by design.
     */
    kindlingEmit?(batch: string): Promise<void>;
  }
}

window.kindlingRun = async (options) => {
  const emit = window.kindlingEmit;
  if (!emit) throw new Error('window.kindlingEmit is missing: expose it before calling kindlingRun');
  // Each call to an exposed function is a round trip to Node, so messages
  // wait while one is in flight and then go together.
  let queue: HostMessage[] = [];
  let sending: Promise<void> | undefined;
  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      await emit(JSON.stringify(batch, keepBigInts));
    }
    sending = undefined;
  };
  // runner.html sits at the build's root, beside Pyodide's folder.
  const program = { ...options, pythonExec: options.pythonExec ?? new URL(PYODIDE_FOLDER, location.href).href };
  const { done } = runProgram(program, (message: HostMessage) => {
    queue.push(message);
    sending ??= drain();
  });
  await done;
  while (sending) await sending;
};

/** Console arguments arrive encoded; this only keeps a stray BigInt in an event from failing the batch. */
function keepBigInts(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
