/**
 * Stopping a runaway loop in Python at its line, without stopping the
 * thread. CPython in Pyodide reads its "interrupt buffer" between bytecodes
 * (every 50 checks of its eval loop) and raises KeyboardInterrupt where the
 * program is when it finds 2 (SIGINT) at index 0. Pyodide's documentation
 * has another thread write that value into a SharedArrayBuffer, which needs a
 * cross-origin isolated page; but the interpreter only reads `buffer[0]`, so
 * a getter there that asks this thread's loop guard (engine/closure/loop-guard.ts:
 * has the thread had no free moment for longer than `kindling.task.timeout`
 * less a tenth?) stops the loop from inside, on any page, as the guards in
 * JavaScript programs do. The task (or the driver program) then fails with a
 * Python traceback ending at the loop's line, and the interpreter, with what
 * it imported and cached, stays.
 *
 * The same getter stops the driver's Python when the learner presses Stop.
 * The page's `cancel` message cannot reach a driver worker busy in Python (its
 * event loop waits for the Python to end), and a SharedArrayBuffer the page
 * writes needs a cross-origin isolated page, which an embed never is; so the
 * page revokes a blob URL instead ({@link stopSignal}), and the getter asks, at
 * most every {@link STOP_POLL_MS}, whether that URL still resolves: a
 * synchronous request, which a busy worker can make on any page.
 */
import { loopGuardFreeMoment, loopGuardOverrunMs, loopGuardTimeoutMs } from '../closure/loop-guard';
import type { Interpreter } from './python-interpreter';

/** SIGINT, the signal number Pyodide's interrupt buffer takes for KeyboardInterrupt. */
const SIGINT = 2;

/** Reads of the buffer between two clock readings: the interpreter reads it often in a hot loop. */
const READS_PER_CHECK = 16;

/** How often a busy driver asks whether Stop was pressed: well within the page's grace before it ends the worker. */
export const STOP_POLL_MS = 100;

export interface InterruptOptions {
  /** Whether the learner pressed Stop (see {@link stopSignal}); asked at most every {@link STOP_POLL_MS}. */
  stopRequested?: () => boolean;
}

export interface RunawayInterrupt {
  /** How long the thread had been busy when the interrupt fired during the current call, else 0. */
  readonly firedAfterMs: number;
  /** Whether the interrupt fired during the current call because the learner pressed Stop. */
  readonly stopped: boolean;
  /** Call before running Python: forgets an earlier firing. */
  reset(): void;
  /** Why the code was stopped: Stop, or the JavaScript guard's message for a runaway loop. */
  explain(): string;
}

/**
 * Installs the loop guard as `py`'s interrupt buffer (right after `py` started: its start-up does not count).
 *
 * @example
 * const interrupt = guardAgainstRunawayLoops(py);
 * interrupt.reset();
 * py.runPython('while True: pass'); // KeyboardInterrupt after kindling.task.timeout less a tenth
 */
export function guardAgainstRunawayLoops(py: Interpreter, options: InterruptOptions = {}): RunawayInterrupt {
  let reads = 0;
  let firedAfterMs = 0;
  let stopped = false;
  let polledAt = -Infinity;
  const { stopRequested } = options;
  const buffer = {
    get 0(): number {
      // Once per run: the code that handles the KeyboardInterrupt (the task's traceback) must not get another.
      if (firedAfterMs > 0 || stopped || ++reads < READS_PER_CHECK) return 0;
      reads = 0;
      if (stopRequested) {
        const now = performance.now();
        if (now - polledAt >= STOP_POLL_MS) {
          polledAt = now;
          if (stopRequested()) {
            stopped = true;
            return SIGINT;
          }
        }
      }
      const overrun = loopGuardOverrunMs();
      if (overrun === 0) return 0;
      firedAfterMs = overrun;
      return SIGINT;
    },
    set 0(_value: number) {
      // Pyodide clears the buffer after reading it; the guard's state is the clock, not the buffer.
    },
  };
  py.setInterruptBuffer(buffer as unknown as Int32Array);
  // The interpreter has just started, without a free moment: that work is not the program's loop.
  loopGuardFreeMoment();
  return {
    get firedAfterMs() {
      return firedAfterMs;
    },
    get stopped() {
      return stopped;
    },
    reset() {
      firedAfterMs = 0;
      stopped = false;
      reads = 0;
    },
    explain() {
      if (stopped) return 'Stopped with the Stop button: KeyboardInterrupt marks where the program was.';
      return (
        `Kindling stopped this Python code after ${seconds(firedAfterMs)} without a break ` +
        `(a runaway loop? kindling.task.timeout is ${seconds(loopGuardTimeoutMs())}): ` +
        `KeyboardInterrupt marks where it was.`
      );
    },
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * Whether the page has revoked `url`, the blob URL it made for this run and revokes when Stop is pressed
 * (engine/runner/program-host.ts). Once revoked, always true.
 *
 * @example
 * const stopRequested = stopSignal(options.stopSignal);
 * stopRequested(); // false until the page calls URL.revokeObjectURL(url)
 */
export function stopSignal(url: string): () => boolean {
  let revoked = false;
  return () => {
    if (revoked) return true;
    const request = new XMLHttpRequest();
    try {
      request.open('GET', url, false);
      request.send();
      revoked = request.status !== 200;
    } catch {
      // A revoked blob URL is a network error.
      revoked = true;
    }
    return revoked;
  };
}
