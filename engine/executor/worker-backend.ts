import * as Comlink from 'comlink';
import type { TaskDescription, TaskOutcome } from '../rdd/wire';
import {
  ExecutorLostError,
  type ExecutorFactory,
  type ExecutorHandle,
  type ExecutorLogMessage,
  type TaskOutcomeMessage,
  type TaskRequestMessage,
} from './backend';
import type { ExecutorWorkerApi, RestartThreadMessage } from './executor-worker';
import type { ThreadInitMessage } from './thread-protocol';
import executorWorkerUrl from './executor-worker.ts?worker&url';
import taskThreadWorkerUrl from './task-thread-worker.ts?worker&url';
import { startWorker } from '../worker/start-worker';

/**
 * Executors as Web Workers: for each executor, its own worker and one worker
 * per core for its task threads (the first started beside the executor's, so
 * a fresh page loads them side by side), the threads connected to their
 * executor by MessagePorts.
 * Every call to a worker races the executor's loss, so nothing waits forever
 * on an executor that is gone; tasks go as plain messages (see
 * TaskRequestMessage), everything else through comlink. Outcomes and log
 * lines come from the task threads themselves, or from the executor for a
 * task it stopped.
 */
export function workerExecutorFactory(options: { fsBase: string | null; sourceURL?: string }): ExecutorFactory {
  return async (spec, driver, appId, onLost) => {
    const worker = startWorker(executorWorkerUrl, { type: 'module', name: `executor-${spec.id}` });
    const remote = Comlink.wrap<ExecutorWorkerApi>(worker);
    let lose!: (e: ExecutorLostError) => void;
    const lost = new Promise<never>((_, reject) => (lose = reject));
    lost.catch(() => {});
    let alive = true;
    /** The executor's task threads, by slot. */
    const threads: Worker[] = [];
    const terminate = (reason: string) => {
      if (!alive) return;
      alive = false;
      worker.terminate();
      for (const thread of threads) thread.terminate();
      const error = new ExecutorLostError(spec.id, reason);
      lose(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    };
    const crash = (reason: string) => {
      if (!alive) return;
      terminate(reason);
      onLost(reason);
    };
    /** Tasks sent and not answered yet: each settles on its first outcome, or rejects when the executor is lost. */
    const pending = new Map<number, { resolve: (o: TaskOutcome) => void; reject: (e: Error) => void }>();
    const onMessage = (
      e: MessageEvent<
        (Partial<ExecutorLogMessage> & Partial<TaskOutcomeMessage> & Partial<RestartThreadMessage>) | null
      >,
    ) => {
      const log = e.data?.kindlingLog;
      if (log) driver.log(log.executorId, log.stream, log.args);
      const restart = e.data?.kindlingRestartThread;
      if (restart !== undefined && alive) {
        const port = startThread(restart);
        void remote.adoptThread(restart, Comlink.transfer(port, [port])).catch(() => {});
      }
      const answer = e.data?.kindlingTaskOutcome;
      if (!answer) return;
      const waiting = pending.get(answer.taskId);
      pending.delete(answer.taskId);
      if (!waiting) return;
      if ('outcome' in answer) waiting.resolve(answer.outcome);
      else waiting.reject(Object.assign(new Error(answer.error.message), answer.error));
    };
    /** Watches a worker of the executor: an error escaping its top level breaks the executor, like a JVM crash. */
    const watch = (w: Worker) => {
      w.addEventListener('error', (e) => {
        e.preventDefault();
        crash(`Executor process crashed: ${e.message || 'unknown error'}`);
      });
      w.addEventListener('messageerror', () => crash('Executor process crashed: a message could not be read'));
      w.addEventListener('message', onMessage);
    };
    /** Starts slot `index`'s task thread (stopping the one there, if any); returns the executor's end of its port. */
    const startThread = (index: number): MessagePort => {
      threads[index]?.terminate();
      const thread = startWorker(taskThreadWorkerUrl, {
        type: 'module',
        name: `executor-${spec.id}-task-thread-${index}`,
      });
      threads[index] = thread;
      watch(thread);
      const channel = new MessageChannel();
      const init: ThreadInitMessage = {
        kindlingThreadInit: {
          spec,
          appId,
          fsBase: options.fsBase,
          sourceURL: options.sourceURL ?? 'program.js',
          index,
          executor: channel.port1,
        },
      };
      thread.postMessage(init, [channel.port1]);
      return channel.port2;
    };
    watch(worker);
    // The first thread loads beside the executor, so a task can run as soon as the executor is
    // up; the others start once it is up, rather than competing for the cores while a fresh page
    // starts (the other executors' workers, the first task). A task given one of their slots
    // meanwhile waits for its thread, and its clock starts when the thread is up.
    const first = [startThread(0)];
    const race = <T>(p: Promise<T>): Promise<T> => Promise.race([p, lost]);
    await race(remote.init(spec, appId, Comlink.proxy(driver), Comlink.transfer(first, first)));
    const startOthers = () => {
      for (let i = 1; i < spec.cores && alive; i++) {
        const port = startThread(i);
        void remote.adoptThread(i, Comlink.transfer(port, [port])).catch(() => {});
      }
    };
    // A Python application's threads each restore an interpreter, which the first thread's would hold up.
    if (spec.python || spec.cores === 1) startOthers();
    else void race(remote.threadReady(0)).then(startOthers, () => {});
    // A Python application's executor offers its cores once every thread has its Python (ExecutorSpec.python), as
    // Spark's executor registers with all its cores: offered one by one as each thread came up, the first job's tasks
    // ran a core or two at a time where Spark runs one on every core (lesson 04's "all 4 cores at once" failed
    // whenever the machine was busy enough to slow the later threads' restores).
    if (spec.python)
      await race(Promise.all(Array.from({ length: spec.cores }, (_, i) => remote.threadReady(i))).then(() => {}));
    const handle: ExecutorHandle = {
      spec,
      runTask(task: TaskDescription): Promise<TaskOutcome> {
        if (!alive) return Promise.reject(new ExecutorLostError(spec.id, 'executor is gone'));
        return new Promise<TaskOutcome>((resolve, reject) => {
          pending.set(task.taskId, { resolve, reject });
          const request: TaskRequestMessage = { kindlingTask: task };
          worker.postMessage(request, [task.payloads.buffer as ArrayBuffer]);
        });
      },
      killTask(taskId, reason) {
        if (alive) void remote.killTask(taskId, reason).catch(() => {});
      },
      async removeBlocks(prefix) {
        if (alive) await race(remote.removeBlocks(prefix)).catch(() => {});
      },
      async stop(reason) {
        terminate(reason);
      },
    };
    return handle;
  };
}
