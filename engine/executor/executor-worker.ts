/// <reference lib="webworker" />
/**
 * The entry of an executor's Web Worker: an Executor behind comlink (set-up and
 * rare calls) and plain task messages (see TaskRequestMessage), with the
 * worker's console routed to the executor's log on the driver.
 */
import * as Comlink from 'comlink';
import { MemoryFileSystem } from '../fs/file-system';
import { openFileSystem } from '../fs/layered';
import { IdbBlockStore } from '../storage/idb-block-store';
import { toLoggable } from '../runner/loggable';
import type { TaskDescription } from '../rdd/wire';
import type { DriverEndpoint, ExecutorSpec, TaskOutcomeMessage, TaskRequestMessage } from './backend';
import { Executor } from './executor';

let executor: Executor | null = null;

/**
 * Console output goes to the driver on the worker's own port, the one comlink answers on, so a
 * task's last line always arrives before its result (comlink's proxy channels have no such order).
 */
function routeConsole(executorId: string): void {
  const send =
    (stream: 'stdout' | 'stderr') =>
    (...args: unknown[]) => {
      let encoded: unknown[];
      try {
        encoded = toLoggable(args);
      } catch {
        // A value the log cannot carry: print what we can rather than fail the task.
        encoded = toLoggable(args.map((a) => String(a)));
      }
      self.postMessage({ kindlingLog: { executorId, stream, args: encoded } });
    };
  console.log = send('stdout');
  console.info = send('stdout');
  console.debug = send('stdout');
  console.warn = send('stderr');
  console.error = send('stderr');
}

const api = {
  async init(spec: ExecutorSpec, appId: string, driver: DriverEndpoint, fsBase: string | null, sourceURL: string) {
    routeConsole(spec.id);
    const fs = fsBase ? openFileSystem(fsBase) : new MemoryFileSystem();
    executor = new Executor({ spec, appId, driver, store: new IdbBlockStore(appId), fs, sourceURL });
  },
  killTask(taskId: number, reason: string) {
    executor?.killTask(taskId, reason);
  },
  async removeBlocks(prefix: string) {
    await executor?.removeBlocks(prefix);
  },
};

export type ExecutorWorkerApi = typeof api;

Comlink.expose(api);

/** Runs a task sent as a TaskRequestMessage and answers with a TaskOutcomeMessage. */
async function runTask(desc: TaskDescription): Promise<void> {
  let reply: TaskOutcomeMessage;
  let transfer: Transferable[] = [];
  try {
    if (!executor) throw new Error('the executor was asked to run a task before it was initialised');
    const outcome = await executor.runTask(desc);
    if (outcome.status === 'success' && outcome.result) transfer = [outcome.result.buffer as ArrayBuffer];
    reply = { kindlingTaskOutcome: { taskId: desc.taskId, outcome } };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    reply = {
      kindlingTaskOutcome: {
        taskId: desc.taskId,
        error: { name: error.name, message: error.message, stack: error.stack },
      },
    };
  }
  self.postMessage(reply, transfer);
}

self.addEventListener('message', (event: MessageEvent<Partial<TaskRequestMessage> | null>) => {
  const desc = event.data?.kindlingTask;
  if (desc) void runTask(desc);
});
