/**
 * Aggregating and sorting past the task's memory limit, as Spark's
 * ExternalAppendOnlyMap and ExternalSorter do: the in-memory structure's size
 * is tracked by sampling (Spark's SizeTracker); when it passes the limit, its
 * contents are sorted and spilled to the executor's block store in batches,
 * and at the end the spilled runs are merged back one batch at a time.
 */
import { decodeRecords, encodeRecords } from '../codec/codec';
import { estimateSize } from '../codec/size';
import { hashCode } from '../rdd/hash';
import { KeyMap } from '../rdd/key-map';
import { compareKeys } from '../rdd/ordering';
import type { TaskMetricsWire } from '../rdd/wire';
import type { BlockStore } from '../storage/block-store';
import type { CombineKernel } from './fused';
import { pump, type PullTaskLike, type RowIterator } from './iterator';
import { checkPair, type LiveAggregator } from './ops';
import { runInTask, type TaskContext } from './task-context';

/** Spark's spark.shuffle.spill.batchSize: records per serialized batch of a spill file. */
const SPILL_BATCH = 10_000;
/** Inserts handled between size checks; each chunk of user calls runs as one synchronous stretch. */
const CHUNK = 1024;

export interface SpillEnv {
  store: BlockStore;
  /** Block-id prefix for this task's spill files, in the executor's namespace. */
  prefix: string;
  /** Execution memory this task may use before spilling, in bytes. */
  limitBytes: number;
  metrics: TaskMetricsWire;
  ctx: TaskContext;
}

/**
 * Spark's SizeTracker: re-estimates the structure's size at exponentially
 * spaced updates and extrapolates in between from bytes per update.
 */
class SizeTracker {
  #updates = 0;
  #nextSample = 1;
  #lastSize = 0;
  #lastUpdates = 0;
  #bytesPerUpdate = 0;

  constructor(readonly measure: () => number) {}

  afterUpdates(n: number): void {
    this.#updates += n;
    if (this.#updates >= this.#nextSample) this.#sample();
  }

  #sample(): void {
    const size = this.measure();
    if (this.#updates > this.#lastUpdates)
      this.#bytesPerUpdate = Math.max(0, (size - this.#lastSize) / (this.#updates - this.#lastUpdates));
    this.#lastSize = size;
    this.#lastUpdates = this.#updates;
    this.#nextSample = Math.ceil(this.#updates * 1.1) + 1;
  }

  get estimate(): number {
    return this.#lastSize + this.#bytesPerUpdate * (this.#updates - this.#lastUpdates);
  }

  reset(): void {
    this.#updates = 0;
    this.#nextSample = 1;
    this.#lastSize = 0;
    this.#lastUpdates = 0;
    this.#bytesPerUpdate = 0;
  }
}

/** A spilled run: sorted records in batches of SPILL_BATCH, read back one batch at a time. */
class SpilledRun {
  #batch: unknown[] = [];
  #pos = 0;
  #next = 0;

  constructor(
    readonly env: SpillEnv,
    readonly keys: string[],
  ) {}

  async peek(): Promise<unknown | undefined> {
    while (this.#pos >= this.#batch.length) {
      if (this.#next >= this.keys.length) return undefined;
      const [bytes] = await this.env.store.get([this.keys[this.#next++]]);
      if (!bytes) throw new Error(`Spill file ${this.keys[this.#next - 1]} is missing`);
      this.#batch = decodeRecords(bytes);
      this.#pos = 0;
    }
    return this.#batch[this.#pos];
  }

  take(): unknown {
    return this.#batch[this.#pos++];
  }
}

/** An in-memory sorted run behaving like a spilled one. */
class MemoryRun {
  #pos = 0;
  constructor(readonly rows: unknown[]) {}
  async peek(): Promise<unknown | undefined> {
    return this.#pos < this.rows.length ? this.rows[this.#pos] : undefined;
  }
  take(): unknown {
    return this.rows[this.#pos++];
  }
}

type Run = SpilledRun | MemoryRun;

abstract class Spillable {
  readonly runs: SpilledRun[] = [];
  #spillCount = 0;
  peakBytes = 0;
  readonly tracker: SizeTracker;

  constructor(readonly env: SpillEnv) {
    this.tracker = new SizeTracker(() => this.measure());
  }

  abstract measure(): number;
  /** Sorted contents, and empties the structure. */
  abstract drainSorted(): unknown[];

  /** Records added since the size was last checked; subclasses count their inserts here. */
  protected unsettled = 0;

  /** Whether enough records went in since the last {@link settle} that the size must be checked. */
  get wantsSettle(): boolean {
    return this.unsettled >= CHUNK;
  }

  /** Updates the size estimate and spills a sorted run if the structure has outgrown the task's memory. */
  async settle(): Promise<void> {
    if (this.unsettled === 0) return;
    this.tracker.afterUpdates(this.unsettled);
    this.unsettled = 0;
    await this.maybeSpill();
  }

  protected async maybeSpill(): Promise<void> {
    const size = this.tracker.estimate;
    this.peakBytes = Math.max(this.peakBytes, size);
    this.env.metrics.peakExecutionMemory = Math.max(this.env.metrics.peakExecutionMemory, Math.round(size));
    if (size <= this.env.limitBytes) return;
    const rows = this.drainSorted();
    if (rows.length === 0) return;
    const keys: string[] = [];
    const entries: [string, Uint8Array][] = [];
    for (let i = 0; i < rows.length; i += SPILL_BATCH) {
      const key = `${this.env.prefix}_${this.#spillCount}_${keys.length}`;
      const bytes = encodeRecords(rows.slice(i, i + SPILL_BATCH));
      keys.push(key);
      entries.push([key, bytes]);
      this.env.metrics.diskBytesSpilled += bytes.byteLength;
    }
    this.#spillCount++;
    await this.env.store.put(entries);
    this.env.metrics.memoryBytesSpilled += Math.round(size);
    this.runs.push(new SpilledRun(this.env, keys));
    this.tracker.reset();
  }

  async cleanup(): Promise<void> {
    if (this.#spillCount > 0) await this.env.store.deletePrefix(`${this.env.prefix}_`);
  }
}

const hashOf = (row: unknown) => hashCode((row as unknown[])[0]);

/** A hash-table slot (key, value and hash pointers) per entry of a native Map, V8-sized. */
const MAP_SLOT_BYTES = 24;

/**
 * Spark's ExternalAppendOnlyMap: combines values by key; past the limit, the
 * map is sorted by key hash and spilled; the result merges all runs by hash.
 */
export class ExternalAppendOnlyMap extends Spillable {
  #map = new KeyMap<unknown, unknown>();

  constructor(
    env: SpillEnv,
    readonly agg: LiveAggregator,
    /** 'values': raw values (createCombiner/mergeValue); 'combiners': map-side combiners (mergeCombiners). */
    readonly input: 'values' | 'combiners',
    readonly op: string,
    readonly partition: number,
  ) {
    super(env);
    const zero = agg.zeroValue;
    const create = zero
      ? (v: unknown) =>
          agg.createCombiner(
            typeof zero.value === 'object' && zero.value !== null ? structuredClone(zero.value) : zero.value,
            v,
          )
      : (v: unknown) => agg.createCombiner(v);
    this.#merge = input === 'values' ? agg.mergeValue : agg.mergeCombiners;
    this.#fresh = input === 'values' ? create : (c: unknown) => c;
  }

  /**
   * KeyMap keeps its entries in private fields a size estimator cannot see, so the map is
   * measured from a sample of its entries plus a hash-table slot per entry.
   */
  measure(): number {
    const count = this.#map.size;
    if (count === 0) return 0;
    let sampled = 0;
    let bytes = 0;
    for (const entry of this.#map.entries()) {
      bytes += estimateSize(entry);
      if (++sampled === 32) break;
    }
    return count * (bytes / sampled + MAP_SLOT_BYTES);
  }

  drainSorted(): unknown[] {
    const rows = [...this.#map.entries()];
    this.#map = new KeyMap();
    return rows.sort((a, b) => hashOf(a) - hashOf(b));
  }

  readonly #merge: (combiner: unknown, value: unknown) => unknown;
  readonly #fresh: (value: unknown) => unknown;
  /** Records inserted so far, so an error names a record by its place in the whole input. */
  #inserted = 0;

  /**
   * Adds one record (a `[key, value]` pair). Runs user functions, so the
   * caller is inside `runInTask`; it calls {@link settle} whenever
   * {@link wantsSettle} says so, which is when a spill may be due.
   */
  insert(record: unknown): void {
    const pair = checkPair(record, this.op, this.partition, this.#inserted);
    this.insertPair(pair[0], pair[1]);
  }

  /** {@link insert} for a record already taken apart into its key and value (a shuffle read's). */
  insertPair(key: unknown, value: unknown): void {
    this.#inserted++;
    this.#map.combine(key, value, this.#fresh, this.#merge);
    this.unsettled++;
  }

  /**
   * Pulls every row of `rows` (`[key, value]` pairs) into the map through the
   * stage's compiled `kernel` (fused.ts): the same combines as {@link insert}
   * row by row, with the size checked (and a spill made) at the same points.
   */
  async insertRows(rows: RowIterator, task: PullTaskLike, kernel: CombineKernel): Promise<void> {
    const done = { n: 0 };
    const notPair = (row: unknown, before: number): never => {
      checkPair(row, this.op, this.partition, this.#inserted + before);
      throw new Error('internal: checkPair accepted a row the combine kernel rejected');
    };
    const stretch = (): number => {
      done.n = 0;
      try {
        return kernel(rows, this.#map, this.#fresh, this.#merge, CHUNK - this.unsettled, done, notPair);
      } finally {
        this.#inserted += done.n;
        this.unsettled += done.n;
      }
    };
    await pump(stretch, task, this);
  }

  async insertAll(records: unknown[]): Promise<void> {
    let i = 0;
    const fill = () => {
      while (i < records.length && !this.wantsSettle) this.insert(records[i++]);
    };
    while (i < records.length) {
      runInTask(this.env.ctx, fill);
      await this.settle();
    }
  }

  /** Every key with its combiner, merged across spilled runs. */
  async result(): Promise<unknown[]> {
    if (this.runs.length === 0) {
      const out = [...this.#map.entries()];
      this.#map = new KeyMap();
      return out;
    }
    const runs: Run[] = [...this.runs, new MemoryRun(this.drainSorted())];
    const out: unknown[] = [];
    for (;;) {
      let minHash: number | undefined;
      for (const r of runs) {
        const head = await r.peek();
        if (head !== undefined && (minHash === undefined || hashOf(head) < minHash)) minHash = hashOf(head);
      }
      if (minHash === undefined) break;
      const group = new KeyMap<unknown, unknown>();
      for (const r of runs)
        for (let head = await r.peek(); head !== undefined && hashOf(head) === minHash; head = await r.peek()) {
          const [k, c] = r.take() as [unknown, unknown];
          runInTask(this.env.ctx, () => group.set(k, group.has(k) ? this.agg.mergeCombiners(group.get(k), c) : c));
        }
      for (const entry of group.entries()) out.push(entry);
    }
    await this.cleanup();
    return out;
  }
}

/** Spark's ExternalSorter for sortByKey's reduce side: sorted runs spilled past the limit, merged in order. */
export class ExternalSorter extends Spillable {
  #rows: unknown[] = [];

  constructor(
    env: SpillEnv,
    readonly ascending: boolean,
  ) {
    super(env);
  }

  #compare = (a: unknown, b: unknown) => {
    const c = compareKeys((a as unknown[])[0], (b as unknown[])[0]);
    return this.ascending ? c : -c;
  };

  measure(): number {
    return estimateSize(this.#rows);
  }

  drainSorted(): unknown[] {
    const rows = this.#rows.sort(this.#compare);
    this.#rows = [];
    return rows;
  }

  /** Adds one record; the caller calls {@link settle} whenever {@link wantsSettle} says so. */
  insert(record: unknown): void {
    this.#rows.push(record);
    this.unsettled++;
  }

  async insertAll(records: unknown[]): Promise<void> {
    for (let i = 0; i < records.length;) {
      while (i < records.length && !this.wantsSettle) this.insert(records[i++]);
      await this.settle();
    }
  }

  async result(): Promise<unknown[]> {
    if (this.runs.length === 0) return this.drainSorted();
    // Earlier runs first on ties, so equal keys keep their arrival order.
    const runs: Run[] = [...this.runs, new MemoryRun(this.drainSorted())];
    const out: unknown[] = [];
    for (;;) {
      let best: Run | undefined;
      let bestHead: unknown;
      for (const r of runs) {
        const head = await r.peek();
        if (head !== undefined && (best === undefined || this.#compare(head, bestHead) < 0)) {
          best = r;
          bestHead = head;
        }
      }
      if (!best) break;
      out.push(best.take());
    }
    await this.cleanup();
    return out;
  }
}
