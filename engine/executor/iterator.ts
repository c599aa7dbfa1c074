/**
 * A partition's rows as Spark's `Iterator`: pulled one at a time, so each row
 * goes through every narrow operation (map, then filter, then the action)
 * before the next row is read, and an action that needs only a few rows
 * (`take`, `first`) stops pulling when it has them.
 *
 * The one twist is I/O. Spark's iterators block on a read; JavaScript cannot,
 * so a source whose next rows are not in memory yet (a file's next chunk, the
 * next shuffle block) answers {@link PENDING} after handing the read to
 * {@link PullIO.waitFor}. Every operation passes PENDING up unchanged and
 * keeps its own place, and whoever drives the pipeline ({@link drain}) awaits
 * the read and pulls again. Rows are never buffered between operations, so
 * side effects interleave row by row exactly as in Spark.
 *
 * Writing an operation: implement {@link RowIterator}; on DONE or PENDING from
 * the input, return it as is (after saving any state needed to resume); never
 * return PENDING without having called `waitFor` (or received PENDING from an
 * input, which did). Operations that give user code an iterator of their
 * input (mapPartitions) cannot pass PENDING through that code, so they ask for
 * their input with `sync` (see `PartitionTask.iterator`): sources then read
 * everything up front and never answer PENDING.
 */
import { runInTask, type TaskContext } from './task-context';

/** Pulled after the last row. */
export const DONE: unique symbol = Symbol('DONE');
/** Pulled when a source must read before it has another row; see {@link PullIO}. */
export const PENDING: unique symbol = Symbol('PENDING');

/** A partition's rows, pulled one at a time. */
export interface RowIterator {
  /** The next row, {@link DONE} after the last, or {@link PENDING} while a read is under way. */
  next(): unknown;
}

/** Where a source parks the read it is waiting for, so the pipeline's driver can await it. */
export class PullIO {
  #waiting: Promise<unknown> | null = null;

  /** Records `read` as what the pipeline waits for and returns PENDING, for a source to return. */
  waitFor(read: Promise<unknown>): typeof PENDING {
    // A read nobody awaits (the task failed first) must not be reported as unhandled.
    read.catch(() => {});
    this.#waiting = read;
    return PENDING;
  }

  /** Awaits the read a source asked for (rethrowing its error), so the pipeline can be pulled again. */
  async resume(): Promise<void> {
    const read = this.#waiting;
    this.#waiting = null;
    if (read === null) throw new Error('a row iterator answered PENDING without a read to wait for');
    await read;
  }
}

/** The rows of an array, in order. */
export class ArrayIterator implements RowIterator {
  #i = 0;
  constructor(readonly rows: readonly unknown[]) {}
  next(): unknown {
    return this.#i < this.rows.length ? this.rows[this.#i++] : DONE;
  }
}

export const EMPTY: RowIterator = { next: () => DONE };

/**
 * The rows of several iterators one after another, each opened only when the
 * one before it is used up, as Scala's `iterator.flatMap(p => rdd.iterator(p))`
 * (CoalescedRDD, PartitionerAwareUnionRDD) opens them.
 */
export class ConcatIterator implements RowIterator {
  #current: RowIterator = EMPTY;
  #next = 0;
  #opening: Promise<RowIterator> | null = null;

  constructor(
    readonly count: number,
    readonly open: (i: number) => Promise<RowIterator> | RowIterator,
    readonly io: PullIO,
  ) {}

  next(): unknown {
    for (;;) {
      const row = this.#current.next();
      if (row !== DONE) return row;
      if (this.#next >= this.count) return DONE;
      if (this.#opening === null) {
        const opened = this.open(this.#next);
        if (!(opened instanceof Promise)) {
          this.#current = opened;
          this.#next++;
          continue;
        }
        this.#opening = opened.then((it) => {
          this.#current = it;
          this.#next++;
          this.#opening = null;
          return it;
        });
      }
      return this.io.waitFor(this.#opening);
    }
  }
}

const IteratorPrototype: object =
  (globalThis as { Iterator?: { prototype: object } }).Iterator?.prototype ?? Object.getPrototypeOf([].values());

/**
 * The iterator a user's function receives (mapPartitions, foreachPartition):
 * a real JavaScript iterator, with the iterator helpers (`map`, `filter`,
 * `take`, `toArray`) where the runtime has them. Its input was built `sync`,
 * so it never sees PENDING.
 */
export function userIterator(rows: RowIterator): IterableIterator<unknown> {
  const it = Object.create(IteratorPrototype) as IterableIterator<unknown>;
  it.next = () => {
    const row = rows.next();
    if (row === DONE) return { done: true, value: undefined };
    if (row === PENDING) throw new Error('internal: a synchronous input answered PENDING');
    return { done: false, value: row };
  };
  it[Symbol.iterator] = () => it;
  return it;
}

/** A JavaScript iterable's values as rows, pulled lazily (a generator runs one step per row). */
export class IterableRows implements RowIterator {
  readonly #it: Iterator<unknown>;
  #done = false;
  constructor(iterable: Iterable<unknown>) {
    this.#it = iterable[Symbol.iterator]();
  }
  next(): unknown {
    if (this.#done) return DONE;
    const r = this.#it.next();
    if (r.done) {
      this.#done = true;
      return DONE;
    }
    return r.value;
  }
}

/** What driving a pipeline needs of its task (see PullTask in rdd-compute.ts). */
export interface PullTaskLike {
  readonly ctx: TaskContext;
  readonly io: PullIO;
  checkKilled(): void;
  /** Awaits `p`, counting the time as waiting for I/O. */
  wait<T>(p: Promise<T>): Promise<T>;
}

/** Something that must be given a chance to spill every so often while rows go into it. */
export interface Settleable {
  readonly wantsSettle: boolean;
  settle(): Promise<void>;
}

/** What a synchronous stretch of a pipeline ended at (see {@link pump}). */
export const Stretch = {
  /** The rows are used up, or the consumer wants no more. */
  STOP: 0,
  /** A source is reading ({@link PENDING}): await the read, then pull again. */
  READ: 1,
  /** The sink wants to settle (check its size, maybe spill) before more rows go in. */
  SETTLE: 2,
} as const;

/**
 * Runs `stretch` inside the task's context until it answers STOP: after READ
 * it awaits the read a source asked for, after SETTLE it lets `spill` settle.
 * Checks between stretches whether the task was killed (`checkKilled` throws).
 */
export async function pump(stretch: () => number, task: PullTaskLike, spill?: Settleable): Promise<void> {
  for (;;) {
    const state = runInTask(task.ctx, stretch);
    if (state === Stretch.STOP) return;
    if (state === Stretch.READ) await task.wait(task.io.resume());
    else await spill!.settle();
    task.checkKilled();
  }
}

/**
 * Pulls every row of `rows` (or until `consume` returns false) and hands it
 * to `consume`, inside the task's context. Awaits reads when a source asks
 * (PENDING), and lets `spill` settle whenever it wants to. Checks between
 * synchronous stretches whether the task was killed (`checkKilled` throws).
 */
export async function drain(
  rows: RowIterator,
  task: PullTaskLike,
  consume: (row: unknown) => boolean | void,
  spill?: Settleable,
): Promise<void> {
  const stretch = (): number => {
    for (;;) {
      const row = rows.next();
      if (row === DONE) return Stretch.STOP;
      if (row === PENDING) return Stretch.READ;
      if (consume(row) === false) return Stretch.STOP;
      if (spill !== undefined && spill.wantsSettle) return Stretch.SETTLE;
    }
  };
  await pump(stretch, task, spill);
}

/** Every row of `rows` in an array (a partition materialised: caching, sorting). */
export async function toArray(rows: RowIterator, task: PullTaskLike): Promise<unknown[]> {
  const out: unknown[] = [];
  await drain(rows, task, (row) => void out.push(row));
  return out;
}
