import type { FileSystem } from '../fs/file-system';
import type { BlockStore } from '../storage/block-store';
import type { TaskDescription, TaskOutcome } from '../rdd/wire';
import { ExecutorLostError, type ExecutorFactory, type ExecutorHandle } from './backend';
import { Executor } from './executor';
import { inProcessThreads } from './in-process-threads';

/**
 * Executors as plain objects on the driver's thread, sharing one block store:
 * the scheduler's behaviour without workers, for fast Node tests. Task
 * descriptions are cloned so nothing is shared by reference, as with workers.
 */
export function inProcessExecutorFactory(store: BlockStore, fs: FileSystem): ExecutorFactory {
  // In-process executors share the driver's thread, so they cannot crash apart from it: onLost is never called.
  return async (spec, driver, appId) => {
    const executor = new Executor({ spec, appId, driver, store, fs }, inProcessThreads);
    const pending = new Set<(e: Error) => void>();
    let stopped = false;
    const handle: ExecutorHandle = {
      spec,
      runTask(task: TaskDescription): Promise<TaskOutcome> {
        if (stopped) return Promise.reject(new ExecutorLostError(spec.id, 'stopped'));
        return new Promise((resolve, reject) => {
          pending.add(reject);
          executor.runTask(structuredClone(task)).then(
            (o) => {
              pending.delete(reject);
              // In-process threads always hand their outcome back.
              if (!stopped && o) resolve(structuredClone(o));
            },
            (e) => {
              pending.delete(reject);
              reject(e);
            },
          );
        });
      },
      killTask: (taskId, reason) => executor.killTask(taskId, reason),
      removeBlocks: (prefix) => executor.removeBlocks(prefix),
      async stop(reason) {
        stopped = true;
        executor.stop();
        for (const reject of pending) reject(new ExecutorLostError(spec.id, reason));
        pending.clear();
      },
    };
    return handle;
  };
}
