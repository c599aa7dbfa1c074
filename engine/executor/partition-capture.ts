/**
 * What a task saw inside the partitions it computed: for each RDD of its
 * stage, the first rows of the partition (as text, bounded in rows and
 * characters), how many rows went through, and whether the task read them
 * all. The playground shows them as the data inside partitions — before and
 * after a shuffle, in a cached block — and they are the real rows of the real
 * task, captured as they pass, not computed again.
 *
 * It is off unless the driver asks (`kindling.partitionData.rows` > 0, which
 * the playground sets), and cheap when on: a partition already in memory (a
 * cached block, an aggregation's result, a parallelized slice) is sampled
 * from its array once; a streamed one passes through one small iterator
 * that counts rows and formats only the first few. BENCHMARKS.md gives the
 * cost (`partition_data_overhead`).
 */
import type { PartitionDataWire } from '../rdd/wire';
import type { RowCounter } from './fused';
import { ArrayIterator, DONE, PENDING, type RowIterator } from './iterator';
import { recordText } from './record-text';

/** How much of each partition a task keeps: `kindling.partitionData.rows` and `.size`. */
export interface PartitionDataBounds {
  /** Rows kept per partition (0: nothing is captured). */
  rows: number;
  /** Characters of text kept per partition, over all its rows. */
  chars: number;
}

/** A task keeps text for at most this many partitions' worth of `chars` (coalesce reads many parents). */
const TASK_PARTITIONS_OF_TEXT = 16;

/** One RDD partition as one task saw it; becomes a PartitionDataWire. Fused chains count into it in place. */
class Sample implements RowCounter {
  readonly rows: string[] = [];
  count = 0;
  /** Every row went through. */
  done = false;
  cut: PartitionDataWire['cut'];
  #chars = 0;
  /** Rows still to keep; 0 once the row, character or task bound is reached. */
  keep: number;

  constructor(
    readonly rddId: number,
    readonly partition: number,
    readonly capture: PartitionCapture,
    readonly block: PartitionDataWire['block'],
  ) {
    this.keep = capture.bounds.rows;
    if (capture.charsLeft <= 0) {
      this.keep = 0;
      this.cut = 'task';
    }
  }

  /** Keeps `row` as text, within the bounds; called only while `keep` > 0. */
  take(row: unknown): void {
    const budget = Math.min(this.capture.bounds.chars - this.#chars, this.capture.charsLeft);
    const text = recordText(row, Math.max(1, budget));
    this.rows.push(text);
    this.#chars += text.length;
    this.capture.charsLeft -= text.length;
    if (this.rows.length >= this.capture.bounds.rows) {
      this.keep = 0;
      this.cut = 'rows';
    } else if (this.#chars >= this.capture.bounds.chars || this.capture.charsLeft <= 0) {
      this.keep = 0;
      this.cut = this.#chars >= this.capture.bounds.chars ? 'chars' : 'task';
    } else this.keep--;
  }

  wire(): PartitionDataWire {
    const out: PartitionDataWire = {
      rddId: this.rddId,
      partition: this.partition,
      rows: this.rows,
      count: this.count,
      complete: this.done,
    };
    // A bound matters only when it left rows out.
    if (this.cut && this.count > this.rows.length) out.cut = this.cut;
    if (this.block) out.block = this.block;
    return out;
  }
}

/**
 * A streamed partition's rows, counted as they pass; the first few are kept
 * as text (`sample.take`). Its count lives on the iterator, so the per-row
 * path touches one object.
 */
interface CapturedRows extends RowIterator {
  count: number;
  /** DONE was pulled: every row went through. */
  done: boolean;
  /** Rows still to keep as text (mirrors `sample.keep`). */
  keep: number;
  readonly sample: Sample;
}

type CapturedRowsClass = new (input: RowIterator, sample: Sample) => CapturedRows;

/**
 * The class that wraps rows of one kind of iterator. One class for all kinds
 * would make its `input.next()` call megamorphic (it would see every
 * operation's iterator), which V8 cannot inline: in a word count that doubled
 * the capture's cost. So each kind of input gets a class of its own, compiled
 * from source, because only separately compiled code gets separate type
 * feedback (classes made by one factory share theirs). Kinds are the engine's
 * iterator classes, so there are a few dozen at most.
 */
const CLASS_BY_INPUT_KIND = new Map<unknown, CapturedRowsClass>();

const CAPTURED_ROWS_SOURCE = `(DONE, PENDING) => class CapturedRows {
  constructor(input, sample) {
    this.input = input;
    this.sample = sample;
    this.count = 0;
    this.done = false;
    this.keep = sample.keep;
  }
  next() {
    const row = this.input.next();
    if (row === DONE) this.done = true;
    else if (row !== PENDING) {
      this.count++;
      if (this.keep > 0) {
        this.sample.take(row);
        this.keep = this.sample.keep;
      }
    }
    return row;
  }
}`;

function capturedRowsFor(input: RowIterator): CapturedRowsClass {
  let cls = CLASS_BY_INPUT_KIND.get(input.constructor);
  if (!cls) {
    // Indirect eval, as revive.ts rebuilds the learner's functions: global scope, nothing captured.
    const make = (0, eval)(CAPTURED_ROWS_SOURCE) as (done: symbol, pending: symbol) => CapturedRowsClass;
    CLASS_BY_INPUT_KIND.set(input.constructor, (cls = make(DONE, PENDING)));
  }
  return cls;
}

/**
 * One task's capture. `wrap` each RDD partition's iterator as the task builds
 * it (Spark's `RDD.iterator`); `result` after the task, sent with its outcome.
 *
 * @example
 * const capture = new PartitionCapture({ rows: 20, chars: 4096 });
 * const rows = capture.wrap(3, 0, new ArrayIterator(['a', 'b']));
 * capture.result(); // [{ rddId: 3, partition: 0, rows: ["'a'", "'b'"], count: 2, complete: true }]
 */
export class PartitionCapture {
  readonly #samples = new Map<string, Sample>();
  /** Streamed partitions, whose counts are read from their iterators at the end. */
  readonly #streams: CapturedRows[] = [];
  /** Characters the task may still keep, over all its partitions. */
  charsLeft: number;

  constructor(readonly bounds: PartitionDataBounds) {
    this.charsLeft = bounds.chars * TASK_PARTITIONS_OF_TEXT;
  }

  /**
   * The capture for a task, or null when the executor was not asked for one.
   * `bounds` comes from the executor's spec (the driver's conf).
   */
  static forTask(bounds: PartitionDataBounds | undefined): PartitionCapture | null {
    return bounds && bounds.rows > 0 && bounds.chars > 0 ? new PartitionCapture(bounds) : null;
  }

  /**
   * `rows` of `rddId`'s `partition`, captured. An array already in memory is
   * sampled now and returned as is; a stream is wrapped. A partition the task
   * opens again (CartesianRDD's right side, once per left row) is captured
   * the first time only.
   */
  wrap(rddId: number, partition: number, rows: RowIterator, block?: PartitionDataWire['block']): RowIterator {
    const key = `${rddId}/${partition}`;
    if (this.#samples.has(key)) return rows;
    const sample = new Sample(rddId, partition, this, block);
    this.#samples.set(key, sample);
    if (rows instanceof ArrayIterator) {
      // A fresh ArrayIterator holds the whole partition: its count is known without pulling it.
      const all = rows.rows;
      for (let i = 0; i < all.length && sample.keep > 0; i++) sample.take(all[i]);
      sample.count = all.length;
      sample.done = true;
      return rows;
    }
    const captured = new (capturedRowsFor(rows))(rows, sample);
    this.#streams.push(captured);
    return captured;
  }

  /**
   * The counter of `rddId`'s `partition` for a fused chain (`fused.ts`) that
   * counts its rows in place instead of through {@link wrap}'s iterator. A
   * partition captured already (opened again) gets a counter that keeps
   * nothing and is not reported.
   */
  counter(rddId: number, partition: number): RowCounter {
    const key = `${rddId}/${partition}`;
    const sample = new Sample(rddId, partition, this, undefined);
    if (this.#samples.has(key)) sample.keep = 0;
    else this.#samples.set(key, sample);
    return sample;
  }

  /** What the task captured, in the order it opened the partitions. */
  result(): PartitionDataWire[] {
    for (const stream of this.#streams) {
      stream.sample.count = stream.count;
      stream.sample.done = stream.done;
    }
    return [...this.#samples.values()].map((s) => s.wire());
  }
}
