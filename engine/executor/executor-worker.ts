/// <reference lib="webworker" />
/**
 * The entry of an executor's Web Worker: the Executor (its BlockManager,
 * broadcasts and task binaries) behind comlink for set-up and rare calls, and
 * plain task messages (see TaskRequestMessage). Tasks run on the executor's
 * task threads, Web Workers the driver starts beside this one and connects to
 * it by MessagePorts (worker-threads.ts), so no user code ever runs on this
 * thread: it always answers, even while every core is busy, and can have a
 * runaway task's thread stopped.
 */
import * as Comlink from 'comlink';
import { MemoryFileSystem } from '../fs/file-system';
import { IdbBlockStore } from '../storage/idb-block-store';
import type { TaskDescription } from '../rdd/wire';
import type { DriverEndpoint, ExecutorSpec, TaskOutcomeMessage, TaskRequestMessage } from './backend';
import { Executor } from './executor';
import { portThreads } from './worker-threads';

declare const self: DedicatedWorkerGlobalScope;

/** Asks the driver to stop a task thread's worker and start a fresh one (only its starter can stop it). */
export interface RestartThreadMessage {
  kindlingRestartThread: number;
}

let executor: Executor | null = null;
/** Slots waiting for the port of their thread (see adoptThread). */
const restarting = new Map<number, (port: MessagePort) => void>();

const api = {
  /**
   * `threads`: a port to each task thread the driver started with the executor; the other slots'
   * threads come later, each through adoptThread.
   */
  async init(spec: ExecutorSpec, appId: string, driver: DriverEndpoint, threads: MessagePort[]): Promise<void> {
    const ports = Array.from(
      { length: spec.cores },
      (_, i) => threads[i] ?? new Promise<MessagePort>((resolve) => restarting.set(i, resolve)),
    );
    const factory = portThreads({
      ports,
      restart: (index) =>
        new Promise<MessagePort>((resolve) => {
          restarting.set(index, resolve);
          const message: RestartThreadMessage = { kindlingRestartThread: index };
          self.postMessage(message);
        }),
    });
    // Task threads read files themselves; the executor's own thread never does.
    executor = new Executor(
      { spec, appId, driver, store: new IdbBlockStore(appId), fs: new MemoryFileSystem() },
      factory,
    );
  },
  /** Resolves once task thread `index` is up (with its Python, for a Python application). */
  async threadReady(index: number): Promise<void> {
    await executor?.threadReady(index);
  },
  /** The port of slot `index`'s thread: one started after the executor, or after a restart it asked for. */
  adoptThread(index: number, port: MessagePort) {
    const waiting = restarting.get(index);
    restarting.delete(index);
    waiting?.(port);
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

/** Runs a task sent as a TaskRequestMessage; answers with a TaskOutcomeMessage unless its thread did. */
async function runTask(desc: TaskDescription): Promise<void> {
  let reply: TaskOutcomeMessage;
  let transfer: Transferable[] = [];
  try {
    if (!executor) throw new Error('the executor was asked to run a task before it was initialised');
    const outcome = await executor.runTask(desc);
    if (outcome === null) return;
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
