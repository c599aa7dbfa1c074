import * as Comlink from 'comlink';
import type { TaskDescription, TaskOutcome } from '../rdd/wire';
import { ExecutorLostError, type ExecutorFactory, type ExecutorHandle } from './backend';
import type { ExecutorWorkerApi } from './executor-worker';

/**
 * Executors as Web Workers. Every call to a worker races the worker's loss, so
 * nothing waits forever on an executor that is gone.
 */
export function workerExecutorFactory(options: { fsBase: string | null; sourceURL?: string }): ExecutorFactory {
  return async (spec, driver, appId, onLost) => {
    const worker = new Worker(new URL('./executor-worker.ts', import.meta.url), {
      type: 'module',
      name: `executor-${spec.id}`,
    });
    const remote = Comlink.wrap<ExecutorWorkerApi>(worker);
    let lose!: (e: ExecutorLostError) => void;
    const lost = new Promise<never>((_, reject) => (lose = reject));
    lost.catch(() => {});
    let alive = true;
    const terminate = (reason: string) => {
      if (!alive) return;
      alive = false;
      worker.terminate();
      lose(new ExecutorLostError(spec.id, reason));
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
    worker.addEventListener(
      'message',
      (e: MessageEvent<{ kindlingLog?: { executorId: string; stream: 'stdout' | 'stderr'; args: unknown[] } }>) => {
        const log = e.data?.kindlingLog;
        if (log) driver.log(log.executorId, log.stream, log.args);
      },
    );
    const race = <T>(p: Promise<T>): Promise<T> => Promise.race([p, lost]);
    await race(remote.init(spec, appId, Comlink.proxy(driver), options.fsBase, options.sourceURL ?? 'program.js'));
    const handle: ExecutorHandle = {
      spec,
      runTask(task: TaskDescription): Promise<TaskOutcome> {
        if (!alive) return Promise.reject(new ExecutorLostError(spec.id, 'executor is gone'));
        return race(
          remote.runTask(Comlink.transfer(task, [task.payloads.buffer as ArrayBuffer])) as Promise<TaskOutcome>,
        );
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
