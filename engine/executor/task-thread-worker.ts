/// <reference lib="webworker" />
/**
 * The entry of a task thread's Web Worker: one of an executor's
 * `spark.executor.cores` threads. It runs the tasks its executor gives it, one
 * at a time, with the executor's blocks, broadcasts and map statuses reached
 * over the executor's port (thread-protocol.ts) and the executor's "local
 * disk" (its namespace of the application's IndexedDB database) opened
 * directly. Each task's log lines and outcome go straight to the driver, in
 * order, on this worker's own port.
 */
import { MemoryFileSystem } from '../fs/file-system';
import { openFileSystem } from '../fs/layered';
import { configureLoopGuard } from '../closure/loop-guard';
import { IdbBlockStore } from '../storage/idb-block-store';
import { toLoggable } from '../runner/loggable';
import type { TaskOutcome } from '../rdd/wire';
import type { ExecutorLogMessage, TaskOutcomeMessage } from './backend';
import type { FromThread, ServiceCall, ThreadInitMessage, ToThread } from './thread-protocol';
import { TaskThread, type ExecutorServices } from './task-thread';

declare const self: DedicatedWorkerGlobalScope;

let executor: MessagePort | null = null;
let thread: TaskThread | null = null;
/** Tasks running on this thread (one, unless the executor sent the next before the last ended). */
let running = 0;

function toExecutor(message: FromThread, transfer: Transferable[] = []): void {
  executor?.postMessage(message, transfer);
}

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
      const message: ExecutorLogMessage = { kindlingLog: { executorId, stream, args: encoded } };
      self.postMessage(message);
    };
  console.log = send('stdout');
  console.info = send('stdout');
  console.debug = send('stdout');
  console.warn = send('stderr');
  console.error = send('stderr');
}

const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextRequest = 0;

function call<T>(c: ServiceCall, transfer: Transferable[] = []): Promise<T> {
  const id = nextRequest++;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    toExecutor({ t: 'request', id, call: c }, transfer);
  });
}

function init({ kindlingThreadInit: init }: ThreadInitMessage): void {
  routeConsole(init.spec.id);
  // A task's loops are guarded against the executor's own timeout, so the guard (which names the
  // loop's line and keeps the thread) fires before the executor stops the thread from outside.
  configureLoopGuard(init.spec.taskTimeoutMs ?? 0);
  executor = init.executor;
  executor.addEventListener('message', (event: MessageEvent<ToThread>) => fromExecutor(event.data));
  executor.start();
  const services: ExecutorServices = {
    spec: init.spec,
    store: new IdbBlockStore(init.appId),
    fs: init.fsBase ? openFileSystem(init.fsBase) : new MemoryFileSystem(),
    sourceURL: init.sourceURL,
    getStageBinary: (stageKey) => call({ name: 'getStageBinary', stageKey }),
    getBroadcast: (id) => call({ name: 'getBroadcast', id }),
    getMapStatuses: (shuffleId) => call({ name: 'getMapStatuses', shuffleId }),
    getBlock: (blockId) => call({ name: 'getBlock', blockId }),
    // The bytes move to the executor, which keeps them: no copy.
    putBlock: (blockId, bytes, size, level) =>
      call({ name: 'putBlock', blockId, bytes, size, level }, [bytes.buffer as ArrayBuffer]),
    startingUp: (on) => toExecutor({ t: 'startingUp', on }),
  };
  thread = new TaskThread(services);
  // The timer can only fire while the thread is free, so a beat says the running task yields. A few
  // a second, and several within the shortest timeout, so a task that yields never runs out.
  const timeout = init.spec.taskTimeoutMs ?? 0;
  setInterval(
    () => {
      if (running > 0) toExecutor({ t: 'beat' });
    },
    timeout > 0 ? Math.max(10, Math.min(200, timeout / 4)) : 200,
  );
  // A Python application's thread takes tasks once its Python is up (ExecutorSpec.python). Should that fail, the
  // first Python task starts it again and fails with the reason.
  const python = init.spec.python;
  if (python) void thread.python.prestart(python).finally(() => toExecutor({ t: 'ready' }));
  else toExecutor({ t: 'ready' });
}

async function run(message: Extract<ToThread, { t: 'run' }>): Promise<void> {
  const { taskId } = message.desc;
  let reply: TaskOutcomeMessage;
  let transfer: Transferable[] = [];
  running++;
  try {
    if (!thread) throw new Error('the task thread was given a task before it was initialised');
    const outcome: TaskOutcome = await thread.runTask(message.desc, message.executionMemoryBytes);
    if (outcome.status === 'success' && outcome.result) transfer = [outcome.result.buffer as ArrayBuffer];
    reply = { kindlingTaskOutcome: { taskId, outcome } };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    reply = {
      kindlingTaskOutcome: { taskId, error: { name: error.name, message: error.message, stack: error.stack } },
    };
  }
  running--;
  self.postMessage(reply, transfer);
  toExecutor({ t: 'done', taskId });
}

function fromExecutor(message: ToThread): void {
  switch (message.t) {
    case 'run':
      void run(message);
      break;
    case 'kill':
      thread?.killTask(message.taskId, message.reason);
      break;
    case 'drop':
      thread?.dropBlocks(message.prefix);
      break;
    case 'reply': {
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (!pending) break;
      if (message.error) pending.reject(Object.assign(new Error(message.error.message), message.error));
      else pending.resolve(message.value);
      break;
    }
  }
}

self.addEventListener('message', (event: MessageEvent<Partial<ThreadInitMessage> | null>) => {
  if (event.data?.kindlingThreadInit) init(event.data as ThreadInitMessage);
});
