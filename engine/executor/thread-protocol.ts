/**
 * The messages of a task thread's Web Worker (types only; every side imports
 * this module). A task thread is started by the driver, beside its executor's
 * worker, so both load at once; it then talks to three parties:
 *
 * - the driver, its parent: it gets {@link ThreadInitMessage} once, and posts
 *   each task's log lines and outcome (`ExecutorLogMessage`,
 *   `TaskOutcomeMessage` of backend.ts) in order on its own port;
 * - its executor, over the MessagePort the init brought: tasks, kills and
 *   block drops come in ({@link ToThread}); readiness, requests for the
 *   executor's state, start-up phases and "task done" go out ({@link FromThread}).
 */
import type { StorageLevelWire } from '../rdd/storage-level';
import type { TaskDescription } from '../rdd/wire';
import type { ExecutorSpec } from './backend';

/** An error as data, rebuilt on the other side. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
}

/** From the driver, once, on the thread worker's own port. */
export interface ThreadInitMessage {
  kindlingThreadInit: {
    spec: ExecutorSpec;
    appId: string;
    fsBase: string | null;
    sourceURL: string;
    /** The thread's slot in its executor. */
    index: number;
    /** Where its executor listens. */
    executor: MessagePort;
  };
}

/** What a task thread asks of its executor (ExecutorServices, one message each). */
export type ServiceCall =
  | { name: 'getStageBinary'; stageKey: string }
  | { name: 'getBroadcast'; id: number }
  | { name: 'getMapStatuses'; shuffleId: number }
  | { name: 'getBlock'; blockId: string }
  | { name: 'putBlock'; blockId: string; bytes: Uint8Array; size: number; level: StorageLevelWire };

/** From the executor to a task thread. */
export type ToThread =
  | { t: 'run'; desc: TaskDescription; executionMemoryBytes: number }
  | { t: 'kill'; taskId: number; reason: string }
  | { t: 'drop'; prefix: string }
  | { t: 'reply'; id: number; value?: unknown; error?: WireError };

/** From a task thread to its executor. */
export type FromThread =
  /** Initialised: the thread takes tasks from now on. */
  | { t: 'ready' }
  | { t: 'request'; id: number; call: ServiceCall }
  /**
   * The thread had a free moment while running a task (its event loop ran a timer): a task that
   * yields is never taken for a runaway, however long it runs.
   */
  | { t: 'beat' }
  /** Start-up work (an interpreter loading) begins or ends: it does not count against the task's timeout. */
  | { t: 'startingUp'; on: boolean }
  /** The task's outcome went to the driver; the thread is free. */
  | { t: 'done'; taskId: number };
