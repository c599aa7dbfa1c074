/**
 * Task threads on the executor's own thread, for Node tests: the same
 * TaskThread code as a task thread's worker runs, without parallelism (tasks
 * interleave at their awaits) and without a way to stop a task that never
 * yields.
 */
import type { TaskOutcome } from '../rdd/wire';
import type { TaskThreadFactory } from './executor';
import { TaskThread } from './task-thread';

export const inProcessThreads: TaskThreadFactory = (_executor, _index, services) => {
  const thread = new TaskThread(services);
  let alive = true;
  return {
    ready: Promise.resolve(),
    run: (desc, memory, events) => {
      // As a worker thread's: a timer that fires says the task yields (see TaskThreadEvents.beat).
      const beat = setInterval(() => events.beat(), 200);
      (beat as { unref?: () => void }).unref?.();
      // A stopped in-process thread cannot be interrupted: its task's outcome is simply never reported.
      return thread.runTask(desc, memory).then(
        (o) => {
          clearInterval(beat);
          return alive ? o : new Promise<TaskOutcome>(() => {});
        },
        (e: unknown) => {
          clearInterval(beat);
          throw e;
        },
      );
    },
    kill: (taskId, reason) => thread.killTask(taskId, reason),
    terminate: () => {
      alive = false;
    },
    dropBlocks: (prefix) => thread.dropBlocks(prefix),
  };
};
