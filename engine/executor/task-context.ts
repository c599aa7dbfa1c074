/**
 * `TaskContext.get()` inside a task: which partition, attempt and stage is
 * running. On the driver it returns null, as Spark's does.
 */
export class TaskContext {
  /** Named accumulator updates made by this attempt: id → sum of its add() calls. */
  readonly accumulatorUpdates = new Map<number, number>();
  /** Values added to collection accumulators by this attempt (Python tasks' accumulator updates). */
  readonly collectionUpdates = new Map<number, unknown[]>();
  killed: string | null = null;

  constructor(
    readonly stageIdValue: number,
    readonly stageAttemptValue: number,
    readonly partitionIdValue: number,
    readonly attemptNumberValue: number,
    readonly taskAttemptIdValue: number,
    readonly properties: Record<string, string>,
  ) {}

  /** The context of the task running now, or null outside a task. */
  static get(): TaskContext | null {
    return current;
  }

  partitionId(): number {
    return this.partitionIdValue;
  }
  attemptNumber(): number {
    return this.attemptNumberValue;
  }
  stageId(): number {
    return this.stageIdValue;
  }
  stageAttemptNumber(): number {
    return this.stageAttemptValue;
  }
  taskAttemptId(): number {
    return this.taskAttemptIdValue;
  }
  getLocalProperty(key: string): string | null {
    return this.properties[key] ?? null;
  }
  isInterrupted(): boolean {
    return this.killed !== null;
  }
  /** Adds to accumulator `id` for this attempt (engine code's adds: SQL metrics, shuffle metrics). */
  addToAccumulator(id: number, value: number): void {
    this.accumulatorUpdates.set(id, (this.accumulatorUpdates.get(id) ?? 0) + value);
  }
}

let current: TaskContext | null = null;

/**
 * Runs user code as part of `ctx`'s task. A task thread runs one task at a time, but
 * in-process threads (Node tests) share one thread and interleave at await points,
 * so each synchronous stretch of user code sets the context.
 */
export function runInTask<T>(ctx: TaskContext, body: () => T): T {
  const previous = current;
  current = ctx;
  try {
    return body();
  } finally {
    current = previous;
  }
}

/** Thrown at the next await point of a task that was asked to stop. */
export class TaskKilledError extends Error {
  override name = 'TaskKilledException';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A reduce task could not read a map output: Spark's FetchFailedException. */
export class FetchFailedError extends Error {
  override name = 'FetchFailedException';
  constructor(
    readonly executorId: string,
    readonly host: string,
    readonly shuffleId: number,
    readonly mapId: number,
    readonly mapIndex: number,
    readonly reduceId: number,
    message: string,
  ) {
    super(message);
  }
}
