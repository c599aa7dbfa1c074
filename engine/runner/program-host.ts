/**
 * Runs a learner's program from a page: starts a driver worker, forwards its
 * messages, and stops it on request. Used by the playground and by the
 * headless runner's page.
 */
import { startWorker } from '../worker/start-worker';
import driverWorkerUrl from './driver-worker.ts?worker&url';
import type { DriverCommand, HostMessage, HostMessageBatch, ProgramOptions, PythonSnapshot } from './protocol';

/**
 * The last Python snapshot a driver of this page made: the next Python
 * program starts from it instead of starting Python from scratch.
 */
let pythonSnapshot: PythonSnapshot | undefined;

export interface ProgramRun {
  /** Resolves after the final `done` message has been delivered. */
  done: Promise<void>;
  /** Cancels running jobs (Spark's cancelAllJobs); ends the driver if the program does not finish soon after. */
  stop(): void;
  /** Sends a command to the running driver (e.g. a fault to inject); ignored once the run is over. */
  send(command: DriverCommand): void;
}

/**
 * @example
 * const run = runProgram({ source, fileName: 'wordcount.js', conf: {}, fsBase: new URL('./', location.href).href },
 *   (m) => { if (m.type === 'event') events.push(m.event); });
 * await run.done;
 */
export function runProgram(
  options: ProgramOptions,
  onMessage: (m: HostMessage) => void,
  stopGraceMs = 1500,
): ProgramRun {
  const worker = startWorker(driverWorkerUrl, { type: 'module', name: 'kindling-driver' });
  const python = options.fileName.endsWith('.py');
  // Revoked on Stop: a Python driver busy in Python asks whether it still resolves (engine/python/interrupt.ts).
  const stopSignal = python ? URL.createObjectURL(new Blob(['running'])) : undefined;
  let finished = false;
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  const end = (final: HostMessage) => {
    if (finished) return;
    finished = true;
    worker.terminate();
    if (stopSignal) URL.revokeObjectURL(stopSignal);
    onMessage(final);
    finish();
  };
  worker.addEventListener('message', (e: MessageEvent<HostMessageBatch>) => {
    for (const message of e.data.messages) {
      if (finished) return;
      if (message.type === 'python-snapshot') {
        const { type: _, ...snapshot } = message;
        pythonSnapshot = snapshot;
      } else if (message.type === 'done') end(message);
      else onMessage(message);
    }
  });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    end({
      type: 'done',
      ok: false,
      error: { name: 'Error', message: `The driver stopped: ${e.message || 'unknown error'}` },
    });
  });
  // The page's snapshot from an earlier Python run, unless this run brings its own or starts from scratch.
  const reuse = python && !options.pythonSnapshot && !options.pythonFromScratch && pythonSnapshot;
  const run = { ...options, ...(reuse ? { pythonSnapshot } : {}), ...(stopSignal ? { stopSignal } : {}) };
  worker.postMessage({ type: 'run', options: run });
  return {
    done,
    send(command) {
      if (!finished) worker.postMessage(command);
    },
    stop() {
      if (finished) return;
      if (stopSignal) URL.revokeObjectURL(stopSignal);
      worker.postMessage({ type: 'cancel' });
      setTimeout(
        () => end({ type: 'done', ok: false, error: { name: 'Stopped', message: 'The program was stopped.' } }),
        stopGraceMs,
      );
    },
  };
}
