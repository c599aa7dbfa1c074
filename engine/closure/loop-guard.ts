/**
 * Loop guards: the program rewriter puts a call to {@link __kindlingLoopGuard}
 * at the top of every loop body of a learner's program (`while`, `do`, `for`,
 * `for…of`; `for…in` always ends), in the driver program and in the lambdas
 * shipped to tasks. A loop that keeps its thread busy past the limit throws
 * at its own line, so the run ends with that line and the thread (the
 * driver's, or an executor's task thread with its cache) carries on.
 *
 * "Busy" is measured the cheap way: a heartbeat timer ticks on the thread's
 * event loop, and it cannot tick while a synchronous loop holds the thread.
 * A loop that `await`s (a driver program polling a job) lets it tick, so it
 * is never taken for a runaway. The guard counts its calls and reads the
 * clock once every {@link CHECK_EVERY} of them, so a hot loop pays an
 * increment and a comparison per iteration.
 *
 * Why guards and not only a timeout: a timeout can only stop a thread from
 * outside, by ending it, which loses what it holds and says nothing of where
 * it was stuck; a guard throws inside the loop, with the loop's line, as an
 * ordinary error. The per-thread timeout stays as the backstop for what a
 * guard cannot see (one enormous regular expression, a loop in code that did
 * not come through the rewriter). The guard fires a little before that
 * timeout (see {@link guardLimitMs}) so that, for a loop, the guard wins.
 *
 * @module
 */

/** The name rewritten programs call the guard by; every rebuilt task function has it in scope. */
export const LOOP_GUARD_NAME = '__kindlingLoopGuard';

/** Calls between two clock readings. */
const CHECK_EVERY = 4096;
/** How often the heartbeat ticks while the thread is free. */
const HEARTBEAT_MS = 200;
/**
 * `kindling.task.timeout`'s default, 15 s: a loop that never ends is stopped at its line after
 * 13.5 s, and with `spark.task.maxFailures` (4) attempts its job fails within about a minute.
 */
export const DEFAULT_TIMEOUT_MS = 15_000;

/** The error a runaway loop ends with. `line` is the loop's line in the learner's program. */
export class RunawayLoopError extends Error {
  override name = 'RunawayLoopError';

  constructor(
    readonly line: number,
    readonly busyMs: number,
    readonly timeoutMs: number,
  ) {
    super(
      `The loop at line ${line} kept running for ${seconds(busyMs)} without a break, so it was stopped ` +
        `(a runaway loop? kindling.task.timeout is ${seconds(timeoutMs)})`,
    );
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * How long a loop may hold its thread: `kindling.task.timeout` less a margin
 * (a tenth, at most 2 s), so the guard fires before the timeout backstop.
 *
 * @example
 * guardLimitMs(30_000); // 28_000
 * guardLimitMs(15_000); // 13_500
 */
export function guardLimitMs(timeoutMs: number): number {
  return timeoutMs - Math.min(2000, timeoutMs / 10);
}

let calls = 0;
let timeoutMs = DEFAULT_TIMEOUT_MS;
let limitMs = guardLimitMs(DEFAULT_TIMEOUT_MS);
let lastBeat = 0;
let heartbeat: ReturnType<typeof setInterval> | null = null;

function startHeartbeat(): void {
  lastBeat = performance.now();
  heartbeat = setInterval(() => (lastBeat = performance.now()), HEARTBEAT_MS);
  // In Node (in-process executors) the heartbeat must not keep the process alive.
  (heartbeat as { unref?: () => void }).unref?.();
}

/**
 * Sets the timeout the guards of this thread work to (a thread's
 * `kindling.task.timeout`); 0 or less turns them off.
 */
export function configureLoopGuard(taskTimeoutMs: number): void {
  timeoutMs = taskTimeoutMs;
  limitMs = taskTimeoutMs > 0 ? guardLimitMs(taskTimeoutMs) : Infinity;
}

/** Stops the heartbeat (a driver program ended); the next guard call starts it again. */
export function stopLoopGuard(): void {
  if (heartbeat !== null) clearInterval(heartbeat);
  heartbeat = null;
  calls = 0;
}

/**
 * Called by rewritten programs once per loop iteration.
 *
 * @throws RunawayLoopError when the thread has had no free moment for longer than the limit.
 */
export function __kindlingLoopGuard(line: number): void {
  if (++calls < CHECK_EVERY) return;
  calls = 0;
  if (heartbeat === null) {
    startHeartbeat();
    return;
  }
  const busy = performance.now() - lastBeat;
  if (busy > limitMs) {
    // The next loop starts counting afresh: this one is about to end.
    lastBeat = performance.now();
    throw new RunawayLoopError(line, busy, timeoutMs);
  }
}

/**
 * How long this thread has gone without a free moment once that is past the guard's limit, else 0:
 * the guard's test for code the rewriter cannot put guards in (a Python task's, which the
 * interpreter checks between bytecodes: engine/python/interrupt.ts).
 */
export function loopGuardOverrunMs(): number {
  if (heartbeat === null) {
    startHeartbeat();
    return 0;
  }
  const busy = performance.now() - lastBeat;
  return busy > limitMs ? busy : 0;
}

/** The `kindling.task.timeout` this thread's guards work to (0 when they are off). */
export function loopGuardTimeoutMs(): number {
  return limitMs === Infinity ? 0 : timeoutMs;
}

/** Counts a free moment now, as the heartbeat would: guarded code that starts now gets the whole limit. */
export function loopGuardFreeMoment(): void {
  if (heartbeat === null) startHeartbeat();
  else lastBeat = performance.now();
}
