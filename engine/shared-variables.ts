/**
 * Broadcast variables and accumulators on the driver. Tasks receive handles:
 * a broadcast's value is fetched once per executor; an accumulator's adds are
 * sent back with each successful task and merged here.
 */

/**
 * A read-only value shipped once to each executor.
 *
 * @example
 * const prices = sc.broadcast({ apple: 3 });
 * rdd.map((item) => prices.value[item]);
 */
export class Broadcast<T = unknown> {
  #destroyed = false;
  readonly #v: T;

  constructor(
    readonly id: number,
    value: T,
  ) {
    this.#v = value;
  }

  get value(): T {
    if (this.#destroyed) throw new Error(`Attempted to use Broadcast(${this.id}) after it was destroyed`);
    return this.#v;
  }

  unpersist(): void {}

  destroy(): void {
    this.#destroyed = true;
  }

  toString(): string {
    return `Broadcast(${this.id})`;
  }
}

/** Which of Spark's accumulators an Accumulator stands for (it changes how it prints). */
export type AccumulatorKind = 'long' | 'double' | 'pyspark';

/**
 * A number that tasks can only add to; the driver reads the total. Updates
 * from failed task attempts are discarded, as Spark does.
 *
 * @example
 * const seen = sc.longAccumulator('items seen');
 * await rdd.foreach(() => seen.add(1));
 * seen.value; // the count
 */
export class Accumulator {
  #value: number;

  constructor(
    readonly id: number,
    readonly name: string | null,
    readonly kind: AccumulatorKind = 'long',
    initialValue = 0,
  ) {
    this.#value = initialValue;
  }

  get value(): number {
    return this.#value;
  }

  /** On the driver, adds directly; inside a task, the executor's copy records the add. */
  add(v: number): void {
    this.#value += Number(v);
  }

  /** Merges a successful task's update. */
  merge(update: number): void {
    this.#value += update;
  }

  reset(): void {
    this.#value = 0;
  }

  /** Spark's AccumulatorV2.toString (`LongAccumulator(id: 0, name: Some(n), value: 3)`), or PySpark's repr. */
  toString(): string {
    if (this.kind === 'pyspark') return `Accumulator<id=${this.id}, value=${this.#value}>`;
    const cls = this.kind === 'long' ? 'LongAccumulator' : 'DoubleAccumulator';
    const value = this.kind === 'double' ? scalaDouble(this.#value) : String(this.#value);
    return `${cls}(id: ${this.id}, name: ${this.name === null ? 'None' : `Some(${this.name})`}, value: ${value})`;
  }
}

/**
 * Spark's CollectionAccumulator: tasks append values; successful tasks' values
 * are appended on the driver, in the order their tasks ended. PySpark's Python
 * accumulators travel in one of these (its PythonAccumulatorV2), as pickled
 * (id, value) pairs the driver's Python adds up.
 *
 * @example
 * const acc = sc.collectionAccumulator('seen');
 * acc.value; // values appended by finished tasks
 */
export class CollectionAccumulator<T = unknown> {
  #values: T[] = [];

  constructor(
    readonly id: number,
    readonly name: string | null,
  ) {}

  get value(): T[] {
    return [...this.#values];
  }

  add(v: T): void {
    this.#values.push(v);
  }

  /** Merges a successful task's values. */
  merge(update: T[]): void {
    for (const v of update) this.#values.push(v);
  }

  /** Takes the values received so far, leaving none. */
  drain(): T[] {
    const taken = this.#values;
    this.#values = [];
    return taken;
  }

  reset(): void {
    this.#values = [];
  }

  toString(): string {
    return `CollectionAccumulator(id: ${this.id}, name: ${this.name === null ? 'None' : `Some(${this.name})`}, value: [${this.#values.length} values])`;
  }
}

/** A double as Scala prints it: whole numbers keep a `.0`. */
function scalaDouble(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e7 ? x.toFixed(1) : String(x);
}
