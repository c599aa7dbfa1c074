import * as Comlink from 'comlink';
import type { TaskDescription, TaskOutcome } from '../rdd/wire';
import {
  ExecutorLostError,
  type ExecutorFactory,
  type ExecutorHandle,
  type TaskOutcomeMessage,
  type TaskRequestMessage,
} from './backend';
import type { ExecutorWorkerApi } from './executor-worker';
import executorWorkerUrl from './executor-worker.ts?worker&url';
import { startWorker } from '../worker/start-worker';

/**
 * Executors as Web Workers. Every call to a worker races the worker's loss, so
 * nothing waits forever on an executor that is gone; tasks go as plain
 * messages (see TaskRequestMessage), everything else through comlink.
 */
export function workerExecutorFactory(options: { fsBase: string | null; sourceURL?: string }): ExecutorFactory {
  return async (spec, driver, appId, onLost) => {
    const worker = startWorker(executorWorkerUrl, { type: 'module', name: `executor-${spec.id}` });
    const remote = Comlink.wrap<ExecutorWorkerApi>(worker);
    let lose!: (e: ExecutorLostError) => void;
    const lost = new Promise<never>((_, reject) => (lose = reject));
    lost.catch(() => {});
    let alive = true;
    const terminate = (reason: string) => {
      if (!alive) return;
      alive = false;
      worker.terminate();
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
    // An error escaping the worker's top level means the executor process is broken, like a JVM crash.
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      crash(`Executor process crashed: ${e.message || 'unknown error'}`);
    });
    worker.addEventListener('messageerror', () => crash('Executor process crashed: a message could not be read'));
    /** Tasks sent and not answered yet: each settles on its outcome, or rejects when the executor is lost. */
    const pending = new Map<number, { resolve: (o: TaskOutcome) => void; reject: (e: Error) => void }>();
    worker.addEventListener(
      'message',
      (
        e: MessageEvent<
          | ({
              kindlingLog?: { executorId: string; stream: 'stdout' | 'stderr'; args: unknown[] };
            } & Partial<TaskOutcomeMessage>)
          | null
        >,
      ) => {
        const log = e.data?.kindlingLog;
        if (log) driver.log(log.executorId, log.stream, log.args);
        const answer = e.data?.kindlingTaskOutcome;
        if (!answer) return;
        const waiting = pending.get(answer.taskId);
        pending.delete(answer.taskId);
        if (!waiting) return;
        if ('outcome' in answer) waiting.resolve(answer.outcome);
        else waiting.reject(Object.assign(new Error(answer.error.message), answer.error));
      },
    );
    const race = <T>(p: Promise<T>): Promise<T> => Promise.race([p, lost]);
    await race(remote.init(spec, appId, Comlink.proxy(driver), options.fsBase, options.sourceURL ?? 'program.js'));
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
