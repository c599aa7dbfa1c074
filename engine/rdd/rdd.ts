/**
 * RDD lineage on the driver: Spark's `RDD` (RDD.scala) with the RDD kinds
 * the engine builds. The class's pair, ordering and numeric methods delegate
 * to `pair-rdd-functions.ts`, `ordered-rdd-functions.ts` and
 * `double-rdd-functions.ts`, as Spark's live in PairRDDFunctions,
 * OrderedRDDFunctions and DoubleRDDFunctions. Partitions are computed on
 * executors (engine/executor/rdd-compute.ts); here RDDs only know their
 * partitions, dependencies and partitioner, and how to describe themselves
 * to executors.
 */
import type { SparkContext } from '../context';
import type { CallSite } from './call-site';
import { formatDebugString, type DebugStringNode } from './debug-string';
import { StorageLevel } from './storage-level';
import { HashPartitioner, PairKeyPartitioner, Partitioner } from './partitioner';
import {
  Dependency,
  MappedNarrowDependency,
  NarrowDependency,
  OneToOneDependency,
  RangeDependency,
  ShuffleDependency,
  type Aggregator,
} from './dependency';
import { builtin, type AggregatorWire, type FunctionRef, type MapOp, type RDDKindWire } from './wire';
import { compareKeys } from './ordering';
import { fromSource } from '../closure/closure';
import { FileAlreadyExistsException } from '../fs/file-system';
import {
  ZIP_SIZE_MISMATCH,
  cannotChangeStorageLevelError,
  emptyCollectionError,
  requirement,
  zipPartitionCountsDiffer,
} from '../errors/spark-core-errors';
import * as pairs from './pair-rdd-functions';
import * as ordered from './ordered-rdd-functions';
import * as doubles from './double-rdd-functions';
import * as sampling from './random-sampling';
import * as trees from './tree-aggregate';
import { checkpointRDD, localCheckpointRDD, type RDDCheckpointData } from './checkpoint';
import type { StatCounter } from '../util/stat-counter';
import { HyperLogLogPlus, biasDataFor } from '../util/hyper-log-log-plus';

type Fn = (...args: never[]) => unknown;
type Pair = [unknown, unknown];

/** A MapOp as the driver holds it: functions are still live functions. */
export type MapOpSpec =
  | { op: 'map' | 'filter' | 'flatMap' | 'keyBy' | 'mapValues' | 'flatMapValues'; f: FunctionRef }
  | { op: 'mapPartitions' | 'mapPartitionsWithIndex'; f: FunctionRef }
  | Exclude<MapOp, { f: unknown }>;

/** A result function as the driver holds it (functions still live); see ResultFuncWire. */
export type ResultFunc =
  | { kind: 'collect' | 'count' | 'sum' | 'stats' | 'iteratorSize' }
  | { kind: 'foreach' | 'foreachPartition' | 'reduce'; f: FunctionRef }
  | { kind: 'fold'; zero: unknown; f: FunctionRef }
  | { kind: 'aggregate'; zero: unknown; seqOp: FunctionRef; combOp: FunctionRef }
  | { kind: 'take'; n: number }
  | { kind: 'takeOrdered'; n: number; key?: FunctionRef; descending: boolean }
  | { kind: 'lookup'; key: unknown }
  | { kind: 'saveText'; path: string }
  | { kind: 'writeFiles'; write: import('./wire').WriteFilesWire }
  | { kind: 'hyperLogLog'; p: number }
  | { kind: 'writeCheckpoint'; path: string };

/** Serializes functions for the wire; given by the scheduler at job submission. */
export interface WireSerializer {
  fn(f: FunctionRef, description: string): import('../closure/closure').SerializedFunction;
  value(v: unknown, description: string): unknown;
  /** Records that the stage uses broadcast `id` (a Python RDD's functions name theirs explicitly). */
  broadcast(id: number): void;
}

/** Accepted wherever PySpark takes `numPartitions`. */
export type PartitionsArg = number | Partitioner | undefined;

/**
 * A Resilient Distributed Dataset: an immutable, partitioned collection whose
 * partitions are computed on executors from its lineage.
 *
 * @example
 * const counts = sc.parallelize(['a', 'b', 'a'], 2).map((w) => [w, 1]).reduceByKey((a, b) => a + b);
 * await counts.collect(); // [['b', 1], ['a', 2]] (order depends on partitions)
 */
export abstract class RDD<T = unknown> {
  readonly #id: number;
  readonly creationSite: CallSite;
  /** Spark's RDD operation scope: which public API call created this RDD. */
  readonly scope: { id: number; name: string };
  #name: string | null = null;
  #storageLevel: StorageLevel = StorageLevel.NONE;
  #prepared: Promise<void> | null = null;
  #isPrepared = false;
  /** Set by checkpoint() or localCheckpoint(); see checkpoint.ts. @internal */
  checkpointData: RDDCheckpointData | null = null;
  /** Whether a job has already run on this RDD, so a later checkpoint() can no longer be done (RDD.doCheckpointCalled). @internal */
  doCheckpointCalled = false;

  constructor(readonly context: SparkContext) {
    this.#id = context.newRddId();
    const scope = context.currentScope();
    this.creationSite = scope.site;
    this.scope = { id: scope.id, name: scope.name };
  }

  /** Spark's class name for this RDD, shown in toDebugString, the DAG and the event log. */
  abstract get typeName(): string;
  abstract getNumPartitions(): number;
  /** This RDD's own dependencies, before any checkpoint truncates them. */
  protected abstract getDependencies(): Dependency[];
  /** How executors compute this RDD's partitions. */
  protected abstract getKindWire(ser: WireSerializer): RDDKindWire;

  /** The parents this RDD reads: its own, or once it is checkpointed, only the checkpoint's data. */
  get dependencies(): Dependency[] {
    const checkpointed = this.checkpointData?.checkpointRDD;
    return checkpointed ? [new OneToOneDependency(checkpointed)] : this.getDependencies();
  }

  /** @internal What executors need to compute this RDD; a checkpointed RDD reads its checkpoint. */
  kindWire(ser: WireSerializer): RDDKindWire {
    if (this.checkpointData?.checkpointRDD) return { type: 'MapPartitionsRDD', op: { op: 'identity' } };
    return this.getKindWire(ser);
  }

  get partitioner(): Partitioner | undefined {
    return undefined;
  }

  /** Data this RDD needs on the executor for `partition` (a parallelized slice, a file split). @internal */
  partitionPayload(partition: number): unknown {
    return this.checkpointData?.checkpointRDD ? undefined : this.getPartitionPayload(partition);
  }

  /** Hosts that hold this partition's input (Hadoop block locations); none once checkpointed. @internal */
  preferredLocations(partition: number): string[] {
    return this.checkpointData?.checkpointRDD ? [] : this.getPreferredLocations(partition);
  }

  protected getPartitionPayload(_partition: number): unknown {
    return undefined;
  }

  protected getPreferredLocations(_partition: number): string[] {
    return [];
  }

  /**
   * For Spark SQL's ShuffledRowRDD, the shuffle blocks a partition reads: some maps' output
   * (local and skew-split reads: it prefers those maps' hosts, MapOutputTracker.getMapLocation)
   * or whole reduce partitions (coalesced reads: reduce-side locality, as a ShuffledRDD's).
   */
  shuffleBlocksRead(
    _partition: number,
  ): { shuffleId: number; numReducers: number; maps?: [number, number]; reducers?: number[] } | undefined {
    return undefined;
  }

  /**
   * The RDD's id, unique in the application, as the UI shows it (`RDD[3]`).
   *
   * @example
   * sc.parallelize([1, 2]).id(); // 0 in a fresh program
   */
  id(): number {
    return this.#id;
  }

  /** The name given with setName, or null. */
  name(): string | null {
    return this.#name;
  }

  /** Names the RDD in toDebugString, the DAG and the UI's storage tab. */
  setName(name: string): this {
    this.#name = name;
    return this;
  }

  /**
   * The jobs this RDD runs when it is created (sortByKey's sampling,
   * zipWithIndex's counting); actions on it wait for them.
   * @internal
   */
  get prepared(): Promise<void> | null {
    return this.#prepared;
  }

  set prepared(work: Promise<void> | null) {
    this.#prepared = work;
    this.#isPrepared = work === null;
    void work?.then(
      () => (this.#isPrepared = true),
      () => (this.#isPrepared = true),
    );
  }

  /** Whether the jobs of {@link prepared} have ended. @internal */
  get isPrepared(): boolean {
    return this.#isPrepared;
  }

  getStorageLevel(): StorageLevel {
    return this.#storageLevel;
  }

  toString(): string {
    return `${this.#name ? this.#name + ' ' : ''}${this.typeName}[${this.#id}] at ${this.creationSite.shortForm}`;
  }

  [Symbol.for('kindling.inspect')](): string {
    return this.toString();
  }

  // ---------------------------------------------------------------- persistence

  persist(level: StorageLevel = StorageLevel.MEMORY_ONLY): this {
    return this.persistAt(level, false);
  }

  /** RDD.persist(newLevel, allowOverride): localCheckpoint may move an RDD to a level that uses disk. @internal */
  persistAt(level: StorageLevel, allowOverride: boolean): this {
    if (!(level instanceof StorageLevel))
      throw new TypeError('persist() takes a StorageLevel, e.g. StorageLevel.DISK_ONLY');
    if (this.#storageLevel.isValid && !this.#storageLevel.equals(level) && !allowOverride)
      throw cannotChangeStorageLevelError();
    this.#storageLevel = level;
    this.context.persistRDD(this);
    return this;
  }

  cache(): this {
    return this.persist(StorageLevel.MEMORY_ONLY);
  }

  unpersist(_blocking = false): this {
    this.#storageLevel = StorageLevel.NONE;
    this.context.unpersistRDD(this);
    return this;
  }

  get isCached(): boolean {
    return this.#storageLevel.isValid;
  }

  /**
   * Marks the RDD to be saved to the checkpoint directory (`sc.setCheckpointDir`)
   * by a second job right after the first action on it, as Spark does; from then
   * on its lineage stops at the saved data, which survives the loss of any
   * executor. Call it before the first action.
   */
  checkpoint(): void {
    checkpointRDD(this);
  }

  /**
   * Truncates the lineage at the RDD's cached blocks (persisting it at
   * MEMORY_AND_DISK if it is not persisted yet), after the first action on it.
   * Faster than checkpoint(), but the data is lost with its executor.
   */
  localCheckpoint(): this {
    localCheckpointRDD(this);
    return this;
  }

  /** Whether the RDD has been checkpointed (reliably or locally) by an action. */
  isCheckpointed(): boolean {
    return this.checkpointData?.isCheckpointed ?? false;
  }

  /** Where a reliably checkpointed RDD's data is, or null. */
  getCheckpointFile(): string | null {
    return this.checkpointData?.checkpointFile ?? null;
  }

  // ---------------------------------------------------------------- narrow transformations

  map<U>(f: (x: T) => U): RDD<U> {
    return this.#scoped('map', () => new MapPartitionsRDD<U>(this, { op: 'map', f }));
  }

  filter(f: (x: T) => boolean): RDD<T> {
    return this.#scoped('filter', () => new MapPartitionsRDD<T>(this, { op: 'filter', f }, true));
  }

  flatMap<U>(f: (x: T) => Iterable<U>): RDD<U> {
    return this.#scoped('flatMap', () => new MapPartitionsRDD<U>(this, { op: 'flatMap', f }));
  }

  /** `f` receives an iterator over the partition and returns an iterable (an array or a generator). */
  mapPartitions<U>(f: (it: IterableIterator<T>) => Iterable<U>, preservesPartitioning = false): RDD<U> {
    return this.#scoped(
      'mapPartitions',
      () => new MapPartitionsRDD<U>(this, { op: 'mapPartitions', f }, preservesPartitioning),
    );
  }

  /** `f(partitionIndex, iterator)`, PySpark's argument order. */
  mapPartitionsWithIndex<U>(
    f: (index: number, it: IterableIterator<T>) => Iterable<U>,
    preservesPartitioning = false,
  ): RDD<U> {
    return this.#scoped(
      'mapPartitionsWithIndex',
      () => new MapPartitionsRDD<U>(this, { op: 'mapPartitionsWithIndex', f }, preservesPartitioning),
    );
  }

  glom(): RDD<T[]> {
    return this.#scoped('glom', () => new MapPartitionsRDD<T[]>(this, { op: 'glom' }));
  }

  keyBy<K>(f: (x: T) => K): RDD<[K, T]> {
    return this.#scoped('keyBy', () => new MapPartitionsRDD<[K, T]>(this, { op: 'keyBy', f }));
  }

  /**
   * Spark's PartitionwiseSampledRDD: a BernoulliSampler (each element in with
   * probability `fraction`) or, with replacement, a PoissonSampler (each
   * element repeated Poisson(`fraction`) times). Partition i is seeded with
   * the (i+1)-th `nextLong()` of `new java.util.Random(seed)`, so a seeded
   * sample keeps the elements Spark keeps.
   */
  sample(withReplacement: boolean, fraction: number, seed?: number | bigint): RDD<T> {
    return this.#scoped('sample', () => sampling.sample(this, withReplacement, fraction, seed)) as RDD<T>;
  }

  /**
   * Splits the RDD at random by `weights` (normalized): split i keeps the
   * elements whose uniform draw falls in its slice of [0, 1), all splits
   * drawing the same numbers (seed + partition index), so every element is in
   * exactly one split.
   */
  randomSplit(weights: number[], seed?: number | bigint): RDD<T>[] {
    return this.#scoped('randomSplit', () => sampling.randomSplit(this, weights, seed)) as RDD<T>[];
  }

  union(other: RDD<T>): RDD<T> {
    return this.#scoped('union', () => this.context.union([this, other]));
  }

  /** Narrow unless `shuffle` is true; `coalesce(n)` never increases the partition count without a shuffle. */
  coalesce(numPartitions: number, shuffle = false): RDD<T> {
    checkPartitionCount(numPartitions, 'coalesce');
    return this.#scoped('coalesce', () => {
      if (!shuffle) return new CoalescedRDD<T>(this, numPartitions);
      const distributed = new MapPartitionsRDD<Pair>(this, { op: 'distribute', numPartitions });
      const shuffled = new ShuffledRDD<Pair>(distributed, new HashPartitioner(numPartitions));
      return new CoalescedRDD<Pair>(shuffled, numPartitions).values() as RDD<T>;
    });
  }

  repartition(numPartitions: number): RDD<T> {
    return this.#scoped('repartition', () => this.coalesce(numPartitions, true));
  }

  cartesian<U>(other: RDD<U>): RDD<[T, U]> {
    return this.#scoped('cartesian', () => new CartesianRDD<T, U>(this, other));
  }

  /**
   * Pairs the i-th element of each partition with the i-th element of the same
   * partition of `other`. Both need the same number of partitions and of
   * elements in each (a task fails otherwise).
   */
  zip<U>(other: RDD<U>): RDD<[T, U]> {
    return this.#scoped(
      'zip',
      () =>
        new ZippedPartitionsRDD<[T, U]>(
          [this, other],
          builtin(
            `function* (a, b) {
              for (;;) {
                const x = a.next();
                const y = b.next();
                if (x.done !== y.done) throw new Error(${JSON.stringify(ZIP_SIZE_MISMATCH)});
                if (x.done) return;
                yield [x.value, y.value];
              }
            }`,
          ),
          false,
        ),
    );
  }

  /**
   * `f(iterator, otherIterator, …)` once per partition over this RDD's and
   * the others' partitions of the same index (Spark's ZippedPartitionsRDD);
   * they need the same number of partitions. `f` returns an iterable.
   */
  zipPartitions<U>(
    others: RDD | RDD[],
    f: (...iterators: IterableIterator<unknown>[]) => Iterable<U>,
    preservesPartitioning = false,
  ): RDD<U> {
    const rdds = [this as RDD, ...(Array.isArray(others) ? others : [others])];
    return this.#scoped('zipPartitions', () => new ZippedPartitionsRDD<U>(rdds, f, preservesPartitioning));
  }

  /**
   * Pairs each element with its index. Runs a job over the first n−1
   * partitions to count them when called, as Spark's ZippedWithIndexRDD
   * does in its constructor; `await` is not needed (see README, "Blocking
   * transformations").
   */
  zipWithIndex(): RDD<[T, number]> {
    return this.#scoped('zipWithIndex', () => new ZippedWithIndexRDD<T>(this));
  }

  /**
   * Pairs each element with a unique id: the k-th partition's elements get k,
   * n + k, 2n + k, … (n partitions). No job, unlike zipWithIndex.
   */
  zipWithUniqueId(): RDD<[T, number]> {
    return this.#scoped('zipWithUniqueId', () => {
      const n = this.getNumPartitions();
      return this.mapPartitionsWithIndex(
        fromSource('function* (k, it) { let i = 0; for (const item of it) yield [item, i++ * n + k]; }', { n }),
      ) as RDD<[T, number]>;
    });
  }

  // ---------------------------------------------------------------- wide transformations

  distinct(numPartitions?: number): RDD<T> {
    return this.#scoped('distinct', () => {
      const n = numPartitions ?? this.getNumPartitions();
      if (this.partitioner && n === this.getNumPartitions())
        return new MapPartitionsRDD<T>(this, { op: 'dedupe' }, true);
      return this.map(builtin('(x) => [x, null]') as unknown as (x: T) => Pair)
        .reduceByKey(builtin('(x, _) => x') as unknown as (a: unknown, b: unknown) => unknown, n)
        .map(builtin('(p) => p[0]') as unknown as (p: Pair) => T);
    });
  }

  groupBy<K>(f: (x: T) => K, numPartitions?: PartitionsArg): RDD<[K, T[]]> {
    return this.#scoped('groupBy', () => this.keyBy(f).groupByKey(numPartitions) as RDD<[K, T[]]>);
  }

  intersection(other: RDD<T>, numPartitions?: PartitionsArg): RDD<T> {
    return this.#scoped('intersection', () => {
      const tag = builtin('(v) => [v, null]') as unknown as (x: T) => Pair;
      const left = this.map(tag);
      const right = other.map(tag);
      const grouped = left.cogroup(right, numPartitions);
      return new MapPartitionsRDD<T>(grouped, { op: 'intersectFilter' }, true).keys() as RDD<T>;
    });
  }

  /**
   * The elements not in `other`: `map(x => [x, null]).subtractByKey(other…)
   * .keys()`, partitioned like this RDD (by its partitioner, else a
   * HashPartitioner of its partition count) unless told otherwise.
   */
  subtract(other: RDD<T>, numPartitions?: PartitionsArg): RDD<T> {
    return this.#scoped('subtract', () => {
      const part =
        numPartitions === undefined
          ? (this.partitioner ?? new HashPartitioner(this.getNumPartitions()))
          : resolvePartitioner(numPartitions, [this]);
      // Spark's subtract(other, p): when this RDD is partitioned by p, its (x, null) pairs are placed by x's
      // own key (x._1), so each element lands where this RDD already has it.
      const placement = this.partitioner?.equals(part) ? new PairKeyPartitioner(part) : part;
      const tag = builtin('(x) => [x, null]') as unknown as (x: T) => Pair;
      return this.map(tag).subtractByKey(other.map(tag), placement).keys() as RDD<T>;
    });
  }

  sortBy<K>(keyfunc: (x: T) => K, ascending = true, numPartitions?: number): RDD<T> {
    return this.#scoped('sortBy', () => this.keyBy(keyfunc).sortByKey(ascending, numPartitions).values() as RDD<T>);
  }

  // ---------------------------------------------------------------- pair transformations (PairRDDFunctions)

  mapValues<U>(f: (v: PairValue<T>) => U): RDD<[PairKey<T>, U]> {
    return pairs.mapValues(this, f) as RDD<[PairKey<T>, U]>;
  }

  flatMapValues<U>(f: (v: PairValue<T>) => Iterable<U>): RDD<[PairKey<T>, U]> {
    return pairs.flatMapValues(this, f) as RDD<[PairKey<T>, U]>;
  }

  keys(): RDD<PairKey<T>> {
    return pairs.keys(this) as RDD<PairKey<T>>;
  }

  values(): RDD<PairValue<T>> {
    return pairs.values(this) as RDD<PairValue<T>>;
  }

  combineByKey<C>(
    createCombiner: (v: PairValue<T>) => C,
    mergeValue: (c: C, v: PairValue<T>) => C,
    mergeCombiners: (a: C, b: C) => C,
    numPartitions?: PartitionsArg,
  ): RDD<[PairKey<T>, C]> {
    return pairs.combineByKey(this, createCombiner, mergeValue, mergeCombiners, numPartitions) as RDD<[PairKey<T>, C]>;
  }

  reduceByKey(func: (a: PairValue<T>, b: PairValue<T>) => PairValue<T>, numPartitions?: PartitionsArg): RDD<T> {
    return pairs.reduceByKey(this, func, numPartitions) as RDD<T>;
  }

  groupByKey(numPartitions?: PartitionsArg): RDD<[PairKey<T>, PairValue<T>[]]> {
    return pairs.groupByKey(this, numPartitions) as RDD<[PairKey<T>, PairValue<T>[]]>;
  }

  /** PySpark's argument order: `aggregateByKey(zeroValue, seqFunc, combFunc, numPartitions?)`. */
  aggregateByKey<U>(
    zeroValue: U,
    seqFunc: (acc: U, v: PairValue<T>) => U,
    combFunc: (a: U, b: U) => U,
    numPartitions?: PartitionsArg,
  ): RDD<[PairKey<T>, U]> {
    return pairs.aggregateByKey(this, zeroValue, seqFunc, combFunc, numPartitions) as RDD<[PairKey<T>, U]>;
  }

  foldByKey(
    zeroValue: PairValue<T>,
    func: (a: PairValue<T>, b: PairValue<T>) => PairValue<T>,
    numPartitions?: PartitionsArg,
  ): RDD<T> {
    return pairs.foldByKey(this, zeroValue, func, numPartitions) as RDD<T>;
  }

  partitionBy(numPartitions: number | Partitioner): RDD<T> {
    return pairs.partitionBy(this, numPartitions) as RDD<T>;
  }

  join<W>(other: RDD<[PairKey<T>, W]>, numPartitions?: PartitionsArg): RDD<[PairKey<T>, [PairValue<T>, W]]> {
    return pairs.join(this, other, 'inner', numPartitions) as RDD<[PairKey<T>, [PairValue<T>, W]]>;
  }

  leftOuterJoin<W>(
    other: RDD<[PairKey<T>, W]>,
    numPartitions?: PartitionsArg,
  ): RDD<[PairKey<T>, [PairValue<T>, W | null]]> {
    return pairs.join(this, other, 'left', numPartitions) as RDD<[PairKey<T>, [PairValue<T>, W | null]]>;
  }

  rightOuterJoin<W>(
    other: RDD<[PairKey<T>, W]>,
    numPartitions?: PartitionsArg,
  ): RDD<[PairKey<T>, [PairValue<T> | null, W]]> {
    return pairs.join(this, other, 'right', numPartitions) as RDD<[PairKey<T>, [PairValue<T> | null, W]]>;
  }

  fullOuterJoin<W>(
    other: RDD<[PairKey<T>, W]>,
    numPartitions?: PartitionsArg,
  ): RDD<[PairKey<T>, [PairValue<T> | null, W | null]]> {
    return pairs.join(this, other, 'full', numPartitions) as RDD<[PairKey<T>, [PairValue<T> | null, W | null]]>;
  }

  /** `cogroup(other)` or `cogroup([other1, other2])`: for each key, an array of values per RDD. */
  cogroup(others: RDD | RDD[], numPartitions?: PartitionsArg): RDD<[PairKey<T>, unknown[][]]> {
    return pairs.cogroup(this, others, numPartitions) as RDD<[PairKey<T>, unknown[][]]>;
  }

  /** PySpark's `groupWith(other, ...others)`: a cogroup of this RDD and all the others. */
  groupWith(other: RDD, ...others: RDD[]): RDD<[PairKey<T>, unknown[][]]> {
    return pairs.groupWith(this, [other, ...others]) as RDD<[PairKey<T>, unknown[][]]>;
  }

  subtractByKey(other: RDD, numPartitions?: PartitionsArg): RDD<T> {
    return pairs.subtractByKey(this, other, numPartitions) as RDD<T>;
  }

  /**
   * Samples each key at its own rate: `fractions` maps every key of the RDD
   * to its fraction (a Map, or an object for string keys).
   */
  sampleByKey(
    withReplacement: boolean,
    fractions: Map<PairKey<T>, number> | Record<string, number>,
    seed?: number | bigint,
  ): RDD<T> {
    return pairs.sampleByKey(this, withReplacement, fractions as Map<unknown, number>, seed) as RDD<T>;
  }

  // ---------------------------------------------------------------- ordered (OrderedRDDFunctions)

  /**
   * Sorts by key with a RangePartitioner; building it runs a sampling job over
   * this RDD when called, as Spark's does (none when asked for one partition).
   * The result has as many partitions as the partitioner found bounds for, plus
   * one: fewer than asked when there are few distinct keys, 1 for an empty RDD.
   */
  sortByKey(ascending = true, numPartitions?: number, keyfunc?: (k: PairKey<T>) => unknown): RDD<T> {
    return this.#scoped('sortByKey', () => {
      if (keyfunc) {
        // PySpark's keyfunc: order by keyfunc(k), keeping each original pair as the value.
        return this.keyBy(((kv: Pair) => (keyfunc as (k: unknown) => unknown)(kv[0])) as never)
          .sortByKey(ascending, numPartitions)
          .values() as RDD<T>;
      }
      return ordered.sortByKey(this, ascending, numPartitions) as RDD<T>;
    });
  }

  /**
   * One shuffle that places each pair by the partitioner (a HashPartitioner of
   * `numPartitions`, this RDD's count by default) and sorts every partition by
   * key. No sampling job.
   */
  repartitionAndSortWithinPartitions(numPartitions?: number | Partitioner, ascending = true): RDD<T> {
    return ordered.repartitionAndSortWithinPartitions(this, numPartitions, ascending) as RDD<T>;
  }

  // ---------------------------------------------------------------- actions

  async collect(): Promise<T[]> {
    const site = this.#actionSite('collect');
    const parts = await this.context.runJob(this, { kind: 'collect' }, undefined, site);
    return (parts as T[][]).flat();
  }

  async count(): Promise<number> {
    const site = this.#actionSite('count');
    const parts = await this.context.runJob(this, { kind: 'count' }, undefined, site);
    return (parts as number[]).reduce((a, b) => a + b, 0);
  }

  /** Spark's incremental take: one partition first, then more (×4 while nothing found). */
  async take(num: number): Promise<T[]> {
    const site = this.#actionSite('take');
    return this.#take(num, site);
  }

  /** The first element; SparkUnsupportedOperationException "empty collection" when there is none. */
  async first(): Promise<T> {
    const site = this.#actionSite('first');
    const rows = await this.#take(1, site);
    if (rows.length === 0) throw withCallSite(emptyCollectionError(), site);
    return rows[0];
  }

  async isEmpty(): Promise<boolean> {
    const site = this.#actionSite('isEmpty');
    if (this.getNumPartitions() === 0) return true;
    return (await this.#take(1, site)).length === 0;
  }

  async takeOrdered(num: number, key?: (x: T) => unknown): Promise<T[]> {
    const site = this.#actionSite('takeOrdered');
    return this.#ordered(num, key, false, site);
  }

  async top(num: number, key?: (x: T) => unknown): Promise<T[]> {
    const site = this.#actionSite('top');
    return this.#ordered(num, key, true, site);
  }

  /**
   * A sample of exactly `num` elements (or all of them, shuffled, when fewer),
   * as Spark's takeSample: a count job, then sampling jobs at an oversampling
   * fraction until enough come back, shuffled with java.util.Random(seed).
   */
  async takeSample(withReplacement: boolean, num: number, seed?: number | bigint): Promise<T[]> {
    const site = this.#actionSite('takeSample');
    return (await sampling.takeSample(this, withReplacement, num, seed, site)) as T[];
  }

  /** Merges the elements with `f`, within each partition on the executors, then on the driver. */
  async reduce(f: (a: T, b: T) => T): Promise<T> {
    const site = this.#actionSite('reduce');
    const parts = (await this.context.runJob(this, { kind: 'reduce', f }, undefined, site)) as {
      empty: boolean;
      value?: T;
    }[];
    const nonEmpty = parts.filter((p) => !p.empty).map((p) => p.value as T);
    if (nonEmpty.length === 0) throw withCallSite(emptyCollectionError(), site);
    return this.context.applyOnDriver(() => nonEmpty.reduce((a, b) => f(a, b)));
  }

  /**
   * reduce in a multi-level tree: partial results are combined by extra
   * shuffle stages (see treeAggregate) before the driver merges the last few.
   */
  async treeReduce(f: (a: T, b: T) => T, depth = 2): Promise<T> {
    const site = this.#actionSite('treeReduce');
    return (await trees.treeReduce(this, f, depth, site)) as T;
  }

  async fold(zeroValue: T, op: (a: T, b: T) => T): Promise<T> {
    const site = this.#actionSite('fold');
    const parts = (await this.context.runJob(this, { kind: 'fold', zero: zeroValue, f: op }, undefined, site)) as T[];
    return this.context.applyOnDriver(() => parts.reduce((acc, v) => op(acc, v), structuredCloneSafe(zeroValue)));
  }

  async aggregate<U>(zeroValue: U, seqOp: (acc: U, x: T) => U, combOp: (a: U, b: U) => U): Promise<U> {
    const site = this.#actionSite('aggregate');
    const parts = (await this.context.runJob(
      this,
      { kind: 'aggregate', zero: zeroValue, seqOp, combOp },
      undefined,
      site,
    )) as U[];
    return this.context.applyOnDriver(() => parts.reduce((acc, v) => combOp(acc, v), structuredCloneSafe(zeroValue)));
  }

  /**
   * aggregate in a multi-level tree, as Spark's: each partition is folded
   * with `seqOp`; while that leaves many partial results, they are combined
   * by key (partition i mod n) into n = previous / scale partitions through a
   * shuffle (scale = ⌈partitions^(1/depth)⌉, at least 2), until few enough
   * remain for the driver to fold.
   */
  async treeAggregate<U>(zeroValue: U, seqOp: (acc: U, x: T) => U, combOp: (a: U, b: U) => U, depth = 2): Promise<U> {
    const site = this.#actionSite('treeAggregate');
    return (await trees.treeAggregate(this, zeroValue, seqOp, combOp, depth, site)) as U;
  }

  /** Runs `f` on executors: what it prints goes to the executors' logs, not the driver's output. */
  async foreach(f: (x: T) => void): Promise<void> {
    const site = this.#actionSite('foreach');
    await this.context.runJob(this, { kind: 'foreach', f }, undefined, site);
  }

  async foreachPartition(f: (it: IterableIterator<T>) => void): Promise<void> {
    const site = this.#actionSite('foreachPartition');
    await this.context.runJob(this, { kind: 'foreachPartition', f }, undefined, site);
  }

  /**
   * The elements one partition at a time, as an async iterator: each
   * partition is collected by a job of its own when the iteration reaches it.
   *
   * @example
   * for await (const x of rdd.toLocalIterator()) console.log(x);
   */
  toLocalIterator(): AsyncGenerator<T, void, undefined> {
    const site = this.#actionSite('toLocalIterator');
    return localIterator(this, site) as AsyncGenerator<T, void, undefined>;
  }

  /** Like Spark's: `map(x => (x, null)).countByKey()` — a shuffle, two stages. */
  async countByValue(): Promise<Map<T, number>> {
    const site = this.#actionSite('countByValue');
    const counted = this.context.withScope(
      'countByValue',
      () =>
        this.map(builtin('(x) => [x, null]') as never)
          .mapValues(builtin('(_) => 1') as never)
          .reduceByKey(builtin('(a, b) => a + b') as never),
      site,
    );
    const rows = (await this.context.runJob(counted, { kind: 'collect' }, undefined, site)) as Pair[][];
    return pairs.pairsToMap(rows.flat()) as Map<T, number>;
  }

  /**
   * About how many distinct elements there are, by HyperLogLog++ as Spark
   * counts (streamlib's HyperLogLogPlus, precision from `relativeSD`).
   */
  async countApproxDistinct(relativeSD = 0.05): Promise<number> {
    const site = this.#actionSite('countApproxDistinct');
    requirement(relativeSD > 0.000017, `accuracy (${relativeSD}) must be greater than 0.000017`);
    const p = Math.max(4, Math.ceil((2 * Math.log(1.054 / relativeSD)) / Math.log(2)));
    const parts = (await this.context.runJob(this, { kind: 'hyperLogLog', p }, undefined, site)) as Uint8Array[];
    const hll = HyperLogLogPlus.merged(p, parts);
    return hll.cardinality(hll.needsBiasData() ? await biasDataFor(p) : null);
  }

  /** The largest element (by `key(x)` when given); "empty collection" when there is none, as Spark's max. */
  async max(key?: (x: T) => unknown): Promise<T> {
    const site = this.#actionSite('max');
    const rows = await this.#ordered(1, key, true, site);
    if (rows.length === 0) throw withCallSite(emptyCollectionError(), site);
    return rows[0];
  }

  /** The smallest element (by `key(x)` when given); "empty collection" when there is none, as Spark's min. */
  async min(key?: (x: T) => unknown): Promise<T> {
    const site = this.#actionSite('min');
    const rows = await this.#ordered(1, key, false, site);
    if (rows.length === 0) throw withCallSite(emptyCollectionError(), site);
    return rows[0];
  }

  /** Writes one `part-NNNNN` text file per partition under `path`, which must not exist yet. */
  async saveAsTextFile(path: string): Promise<void> {
    const site = this.#actionSite('saveAsTextFile');
    const fs = this.context.fileSystem;
    if (await fs.exists(path))
      throw withCallSite(new FileAlreadyExistsException(`Output directory ${path} already exists`), site);
    await this.context.runJob(this, { kind: 'saveText', path }, undefined, site);
    await fs.write(`${path.replace(/\/$/, '')}/_SUCCESS`, new Uint8Array(0));
  }

  // ---------------------------------------------------------------- pair actions (PairRDDFunctions)

  /** Like Spark's: `mapValues(_ => 1).reduceByKey(_ + _).collect()` — a shuffle, two stages. */
  async countByKey(): Promise<Map<PairKey<T>, number>> {
    return (await pairs.countByKey(this)) as Map<PairKey<T>, number>;
  }

  async collectAsMap(): Promise<Map<PairKey<T>, PairValue<T>>> {
    return (await pairs.collectAsMap(this)) as Map<PairKey<T>, PairValue<T>>;
  }

  /** With a partitioner, only the key's partition is read (one task), as in Spark. */
  async lookup(key: PairKey<T>): Promise<PairValue<T>[]> {
    return (await pairs.lookup(this, key)) as PairValue<T>[];
  }

  /** Each key's values merged with `func`, per partition on the executors, then on the driver: a Map. */
  async reduceByKeyLocally(
    func: (a: PairValue<T>, b: PairValue<T>) => PairValue<T>,
  ): Promise<Map<PairKey<T>, PairValue<T>>> {
    return (await pairs.reduceByKeyLocally(this, func)) as Map<PairKey<T>, PairValue<T>>;
  }

  // ---------------------------------------------------------------- numbers (DoubleRDDFunctions)

  async sum(): Promise<number> {
    return doubles.sum(this as RDD);
  }

  /** Count, mean, variance, max and min in one job (Spark's StatCounter). */
  async stats(): Promise<StatCounter> {
    return doubles.stats(this as RDD, 'stats');
  }

  async mean(): Promise<number> {
    return (await doubles.stats(this as RDD, 'mean')).mean();
  }

  /** The population variance (divides by n). */
  async variance(): Promise<number> {
    return (await doubles.stats(this as RDD, 'variance')).variance();
  }

  /** The population standard deviation (divides by n). */
  async stdev(): Promise<number> {
    return (await doubles.stats(this as RDD, 'stdev')).stdev();
  }

  /** The sample variance (divides by n − 1). */
  async sampleVariance(): Promise<number> {
    return (await doubles.stats(this as RDD, 'sampleVariance')).sampleVariance();
  }

  /** The sample standard deviation (divides by n − 1). */
  async sampleStdev(): Promise<number> {
    return (await doubles.stats(this as RDD, 'sampleStdev')).sampleStdev();
  }

  /**
   * PySpark's histogram: `buckets` is a bucket count (evenly spaced between the
   * minimum and the maximum, found by a first job) or the sorted bucket
   * boundaries; returns `[buckets, counts]`. The last bucket includes its upper
   * boundary.
   */
  async histogram(buckets: number | number[]): Promise<[number[], number[]]> {
    return doubles.histogram(this as RDD, buckets);
  }

  // ---------------------------------------------------------------- introspection

  /** The lineage, indented at shuffle boundaries exactly as Spark's `toDebugString`. */
  toDebugString(): string {
    const node = (rdd: RDD): DebugStringNode => {
      const level = rdd.getStorageLevel();
      const info = level.isValid ? this.context.rddStorageInfo(rdd) : null;
      return {
        numPartitions: rdd.getNumPartitions(),
        description: String(rdd),
        storageLevel: level.isValid ? level.description : '',
        cached: info
          ? {
              numCachedPartitions: info.numCachedPartitions,
              memoryBytes: info.memSize,
              diskBytes: info.diskSize,
            }
          : undefined,
        children: () => rdd.dependencies.map((d) => ({ node: node(d.rdd), isShuffle: d instanceof ShuffleDependency })),
      };
    };
    return formatDebugString(node(this));
  }

  // ---------------------------------------------------------------- internals

  #scoped<R>(name: string, body: () => R): R {
    return this.context.withScope(name, body);
  }

  #actionSite(name: string): CallSite {
    return this.context.callSiteFor(name);
  }

  async #take(num: number, site: CallSite): Promise<T[]> {
    const scaleUp = Math.max(this.context.conf.getInt('spark.rdd.limit.scaleUpFactor', 4), 2);
    const initial = this.context.conf.getInt('spark.rdd.limit.initialNumPartitions', 1);
    const buf: T[] = [];
    const total = this.getNumPartitions();
    let scanned = 0;
    while (buf.length < num && scanned < total) {
      let tryParts = initial;
      const left = num - buf.length;
      if (scanned > 0) {
        if (buf.length === 0) tryParts = scanned * scaleUp;
        else tryParts = Math.min(Math.ceil((1.5 * left * scanned) / buf.length), scanned * scaleUp);
      }
      const parts: number[] = [];
      for (let p = scanned; p < Math.min(scanned + tryParts, total); p++) parts.push(p);
      const res = (await this.context.runJob(this, { kind: 'take', n: left }, parts, site)) as T[][];
      for (const rows of res) buf.push(...rows.slice(0, num - buf.length));
      scanned += parts.length;
    }
    return buf;
  }

  async #ordered(num: number, key: ((x: T) => unknown) | undefined, descending: boolean, site: CallSite): Promise<T[]> {
    if (num === 0) return [];
    const parts = (await this.context.runJob(
      this,
      { kind: 'takeOrdered', n: num, key, descending },
      undefined,
      site,
    )) as T[][];
    const all = parts.flat();
    const keyOf = key ? (x: T) => this.context.applyOnDriver(() => key(x)) : (x: T) => x;
    const keyed = all.map((x) => [keyOf(x), x] as const);
    keyed.sort((a, b) => (descending ? compareKeys(b[0], a[0]) : compareKeys(a[0], b[0])));
    return keyed.slice(0, num).map(([, x]) => x);
  }
}

/** The key type of a pair RDD's records. */
export type PairKey<T> = T extends readonly [infer K, unknown] ? K : unknown;
/** The value type of a pair RDD's records. */
export type PairValue<T> = T extends readonly [unknown, infer V] ? V : unknown;

/** "program.js:4" from a call site. */
export function siteLocation(site: CallSite): string {
  return `${site.file}:${site.line}`;
}

/** An Aggregator's functions, serialized for executors. */
export function aggregatorWire(agg: Aggregator, ser: WireSerializer, where: string): AggregatorWire {
  return {
    createCombiner: ser.fn(agg.createCombiner, where),
    mergeValue: ser.fn(agg.mergeValue, where),
    mergeCombiners: ser.fn(agg.mergeCombiners, where),
    zeroValue: agg.zeroValue && { value: ser.value(agg.zeroValue.value, `the zero value of ${where}`) },
  };
}

/** Points an error at the learner's action line, as the failure of a job's own is (SparkContext.runJob). */
function withCallSite<E extends Error>(error: E, site: CallSite): E {
  return Object.assign(error, { callSite: site });
}

/** RDD.toLocalIterator: one job per partition, run when the iteration reaches it. */
async function* localIterator(rdd: RDD, site: CallSite): AsyncGenerator<unknown, void, undefined> {
  for (let p = 0; p < rdd.getNumPartitions(); p++) {
    const [rows] = (await rdd.context.runJob(rdd, { kind: 'collect' }, [p], site)) as unknown[][];
    yield* rows;
  }
}

function structuredCloneSafe<V>(v: V): V {
  return typeof v === 'object' && v !== null ? structuredClone(v) : v;
}

function checkPartitionCount(n: number, op: string): void {
  if (!Number.isInteger(n) || n <= 0)
    throw new RangeError(`${op}: number of partitions must be a positive integer, got ${n}`);
}

/**
 * Spark's `Partitioner.defaultPartitioner`: reuse the partitioner of the input
 * with the most partitions when it is eligible (within 10× of the largest input)
 * or not smaller than the default count; else `HashPartitioner(n)` with n =
 * spark.default.parallelism when set, else the largest input partition count.
 */
export function defaultPartitioner(rdds: RDD[]): Partitioner {
  const sc = rdds[0].context;
  const withPartitioner = rdds.filter((r) => (r.partitioner?.numPartitions ?? 0) > 0);
  let maxRdd: RDD | undefined;
  for (const r of withPartitioner) if (!maxRdd || r.getNumPartitions() > maxRdd.getNumPartitions()) maxRdd = r;
  const maxPartitions = Math.max(...rdds.map((r) => r.getNumPartitions()));
  const defaultNum = sc.conf.contains('spark.default.parallelism') ? sc.defaultParallelism : maxPartitions;
  if (maxRdd) {
    const eligible = Math.log10(maxPartitions) - Math.log10(maxRdd.getNumPartitions()) < 1;
    if (eligible || defaultNum <= maxRdd.getNumPartitions()) return maxRdd.partitioner!;
  }
  return new HashPartitioner(defaultNum);
}

export function resolvePartitioner(arg: PartitionsArg, rdds: RDD[]): Partitioner {
  if (arg instanceof Partitioner) return arg;
  if (typeof arg === 'number') {
    checkPartitionCount(arg, 'numPartitions');
    return new HashPartitioner(arg);
  }
  if (arg !== undefined && arg !== null)
    throw new TypeError(`numPartitions must be a number or a Partitioner, got ${typeof arg}`);
  return defaultPartitioner(rdds);
}

// ==================================================================== RDD types

export class ParallelCollectionRDD<T> extends RDD<T> {
  readonly #slices: unknown[];

  constructor(sc: SparkContext, slices: unknown[]) {
    super(sc);
    this.#slices = slices;
  }

  get typeName(): string {
    return 'ParallelCollectionRDD';
  }
  getNumPartitions(): number {
    return this.#slices.length;
  }
  protected getDependencies(): Dependency[] {
    return [];
  }
  protected override getPartitionPayload(p: number): unknown {
    return this.#slices[p];
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'ParallelCollectionRDD' };
  }
}

export interface HadoopSplit {
  path: string;
  start: number;
  length: number;
  fileSize: number;
  hosts: string[];
}

export class HadoopRDD extends RDD<string> {
  constructor(
    sc: SparkContext,
    readonly splits: HadoopSplit[],
  ) {
    super(sc);
  }
  get typeName(): string {
    return 'HadoopRDD';
  }
  getNumPartitions(): number {
    return this.splits.length;
  }
  protected getDependencies(): Dependency[] {
    return [];
  }
  protected override getPartitionPayload(p: number): unknown {
    return this.splits[p];
  }
  protected override getPreferredLocations(p: number): string[] {
    return this.splits[p].hosts;
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'HadoopRDD' };
  }
}

/** Spark's WholeTextFileRDD: each partition a group of whole files, read as `[path, contents]`. */
export class WholeTextFileRDD extends RDD<[string, string]> {
  constructor(
    sc: SparkContext,
    readonly splits: { path: string; size: number }[][],
  ) {
    super(sc);
  }
  get typeName(): string {
    return 'WholeTextFileRDD';
  }
  getNumPartitions(): number {
    return this.splits.length;
  }
  protected getDependencies(): Dependency[] {
    return [];
  }
  protected override getPartitionPayload(p: number): unknown {
    return this.splits[p];
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'WholeTextFileRDD' };
  }
}

export class MapPartitionsRDD<T> extends RDD<T> {
  readonly #deps: Dependency[];

  constructor(
    readonly prev: RDD,
    readonly op: MapOpSpec,
    readonly preservesPartitioning = false,
    readonly displayType = 'MapPartitionsRDD',
  ) {
    super(prev.context);
    this.#deps = [new OneToOneDependency(prev)];
  }

  get typeName(): string {
    return this.displayType;
  }
  getNumPartitions(): number {
    return this.prev.getNumPartitions();
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
  override get partitioner(): Partitioner | undefined {
    return this.preservesPartitioning ? this.prev.partitioner : undefined;
  }
  protected getKindWire(ser: WireSerializer): RDDKindWire {
    const op = this.op;
    const where = `the function passed to ${this.scope.name} at ${siteLocation(this.creationSite)}`;
    if ('f' in op) return { type: 'MapPartitionsRDD', op: { op: op.op, f: ser.fn(op.f, where) } as MapOp };
    return { type: 'MapPartitionsRDD', op };
  }
}

/**
 * The reduce side of a shuffle. With `sameKeyPartitioning`, its parent is
 * already partitioned by `partitioner`, so it combines within partitions
 * through a narrow dependency (Spark builds a MapPartitionsRDD there; the
 * layout — no new stage — is the same).
 */
export class ShuffledRDD<T> extends RDD<T> {
  #partitioner: Partitioner | null;
  readonly #dep: Dependency;
  readonly #requestedPartitions: number;

  constructor(
    readonly prev: RDD,
    partitioner: Partitioner | null,
    readonly aggregator?: Aggregator,
    readonly mapSideCombine = false,
    readonly keyOrdering?: { ascending: boolean },
    requestedPartitions?: number,
    readonly sameKeyPartitioning = false,
  ) {
    super(prev.context);
    this.#partitioner = partitioner;
    this.#requestedPartitions = requestedPartitions ?? partitioner?.numPartitions ?? 1;
    if (sameKeyPartitioning) {
      this.#dep = new OneToOneDependency(prev);
    } else {
      // The partitioner may be settled later (sortByKey's sampling), so the dependency reads it lazily.
      this.#dep = new ShuffleDependency(
        prev,
        this.context.newShuffleId(),
        () => this.partitioner ?? new HashPartitioner(this.#requestedPartitions),
        aggregator,
        mapSideCombine,
        keyOrdering,
      );
    }
  }

  get typeName(): string {
    return this.sameKeyPartitioning ? 'MapPartitionsRDD' : 'ShuffledRDD';
  }
  getNumPartitions(): number {
    return this.#partitioner ? this.#partitioner.numPartitions : this.#requestedPartitions;
  }
  protected getDependencies(): Dependency[] {
    return [this.#dep];
  }
  override get partitioner(): Partitioner | undefined {
    return this.#partitioner ?? undefined;
  }
  protected getKindWire(ser: WireSerializer): RDDKindWire {
    const where = `a function passed to ${this.scope.name} at ${siteLocation(this.creationSite)}`;
    return {
      type: 'ShuffledRDD',
      aggregator: this.aggregator && aggregatorWire(this.aggregator, ser, where),
      mapSideCombine: this.mapSideCombine,
      keyOrdering: this.keyOrdering,
    };
  }

  /** Sets the partitioner that was pending (sortByKey's, once its sampling job has ended). @internal */
  settlePartitioner(partitioner: Partitioner): void {
    this.#partitioner = partitioner;
  }
}

/**
 * Reads several parents by key into one partitioner's partitions: each parent
 * is shuffled unless it is already partitioned by that partitioner.
 */
abstract class CoPartitionedRDD<T> extends RDD<T> {
  readonly #deps: Dependency[];

  constructor(
    readonly inputs: RDD[],
    readonly part: Partitioner,
  ) {
    super(inputs[0].context);
    this.#deps = inputs.map((r) =>
      r.partitioner?.equals(part)
        ? new OneToOneDependency(r)
        : new ShuffleDependency(r, this.context.newShuffleId(), part),
    );
  }
  getNumPartitions(): number {
    return this.part.numPartitions;
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
  override get partitioner(): Partitioner {
    return this.part;
  }
}

/** Groups the values of several RDDs by key. */
export class CoGroupedRDD extends CoPartitionedRDD<[unknown, unknown[][]]> {
  get typeName(): string {
    return 'CoGroupedRDD';
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'CoGroupedRDD' };
  }
}

/** The left RDD's pairs whose key the right RDD does not have. */
export class SubtractedRDD<T> extends CoPartitionedRDD<T> {
  constructor(left: RDD, right: RDD, part: Partitioner) {
    super([left, right], part);
  }
  get typeName(): string {
    return 'SubtractedRDD';
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'SubtractedRDD' };
  }
}

export class UnionRDD<T> extends RDD<T> {
  readonly #deps: RangeDependency[];
  readonly #total: number;

  constructor(
    sc: SparkContext,
    readonly rdds: RDD[],
  ) {
    super(sc);
    let pos = 0;
    this.#deps = rdds.map((r) => {
      const d = new RangeDependency(r, 0, pos, r.getNumPartitions());
      pos += r.getNumPartitions();
      return d;
    });
    this.#total = pos;
  }
  get typeName(): string {
    return 'UnionRDD';
  }
  getNumPartitions(): number {
    return this.#total;
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
  protected getKindWire(): RDDKindWire {
    return {
      type: 'UnionRDD',
      ranges: this.#deps.map((d, parent) => ({ parent, inStart: d.inStart, outStart: d.outStart, length: d.length })),
    };
  }
}

/** The union of RDDs that share one partitioner: partition i reads partition i of each. */
export class PartitionerAwareUnionRDD<T> extends RDD<T> {
  readonly #deps: Dependency[];
  constructor(
    sc: SparkContext,
    readonly rdds: RDD[],
  ) {
    super(sc);
    this.#deps = rdds.map((r) => new OneToOneDependency(r));
  }
  get typeName(): string {
    return 'PartitionerAwareUnionRDD';
  }
  getNumPartitions(): number {
    return this.rdds[0].getNumPartitions();
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
  override get partitioner(): Partitioner | undefined {
    return this.rdds[0].partitioner;
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'PartitionerAwareUnionRDD' };
  }
}

/**
 * Spark's CoalescedRDD with the DefaultPartitionCoalescer when no partition has
 * a preferred location: parent partitions split into contiguous groups by position.
 */
export class CoalescedRDD<T> extends RDD<T> {
  readonly groups: number[][];
  readonly #deps: Dependency[];

  constructor(
    readonly prev: RDD,
    maxPartitions: number,
  ) {
    super(prev.context);
    const n = prev.getNumPartitions();
    if (maxPartitions >= n) this.groups = Array.from({ length: n }, (_, i) => [i]);
    else
      this.groups = Array.from({ length: maxPartitions }, (_, i) => {
        const start = Math.floor((i * n) / maxPartitions);
        const end = Math.floor(((i + 1) * n) / maxPartitions);
        return Array.from({ length: end - start }, (_, j) => start + j);
      });
    this.#deps = [new MappedNarrowDependency(prev, (p) => this.groups[p] ?? [])];
  }
  get typeName(): string {
    return 'CoalescedRDD';
  }
  getNumPartitions(): number {
    return this.groups.length;
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'CoalescedRDD', groups: this.groups };
  }
}

/**
 * Spark's PartitionPruningRDD: only some partitions of its parent, renumbered
 * from 0 (RangePartitioner re-samples its imbalanced partitions through one).
 */
export class PartitionPruningRDD<T> extends RDD<T> {
  readonly #deps: Dependency[];

  constructor(
    readonly prev: RDD<T>,
    readonly kept: readonly number[],
  ) {
    super(prev.context);
    this.#deps = [new MappedNarrowDependency(prev, (p) => (p < kept.length ? [kept[p]] : []))];
  }
  get typeName(): string {
    return 'PartitionPruningRDD';
  }
  getNumPartitions(): number {
    return this.kept.length;
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
  protected getKindWire(): RDDKindWire {
    // Each partition reads one parent partition: what a CoalescedRDD of one-partition groups computes.
    return { type: 'CoalescedRDD', groups: this.kept.map((p) => [p]) };
  }
}

export class CartesianRDD<T, U> extends RDD<[T, U]> {
  readonly #deps: Dependency[];
  constructor(
    readonly left: RDD<T>,
    readonly right: RDD<U>,
  ) {
    super(left.context);
    const n2 = right.getNumPartitions();
    this.#deps = [
      new MappedNarrowDependency(left, (p) => [Math.floor(p / n2)]),
      new MappedNarrowDependency(right, (p) => [p % n2]),
    ];
  }
  get typeName(): string {
    return 'CartesianRDD';
  }
  getNumPartitions(): number {
    return this.left.getNumPartitions() * this.right.getNumPartitions();
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'CartesianRDD', rightPartitions: this.right.getNumPartitions() };
  }
}

export class ZippedWithIndexRDD<T> extends RDD<[T, number]> {
  #startIndices: number[] = [];
  readonly #deps: Dependency[];

  constructor(readonly prev: RDD<T>) {
    super(prev.context);
    this.#deps = [new OneToOneDependency(prev)];
    const sc = this.context;
    const site = this.creationSite;
    // Spark counts in the constructor; here the count is a blocking transformation's job, so the partition
    // count it reads is the settled one even after a sortBy whose sampling had not ended when this was called.
    this.prepared = sc.runBlocking(async () => {
      const n = prev.getNumPartitions();
      if (n <= 1) {
        this.#startIndices = n === 1 ? [0] : [];
        return;
      }
      const partitions = Array.from({ length: n - 1 }, (_, i) => i);
      const sizes = (await sc.runJob(prev, { kind: 'iteratorSize' }, partitions, site, {
        withinTransformation: true,
      })) as number[];
      const starts = [0];
      for (const size of sizes) starts.push(starts[starts.length - 1] + size);
      this.#startIndices = starts;
    });
  }
  get typeName(): string {
    return 'ZippedWithIndexRDD';
  }
  getNumPartitions(): number {
    return this.prev.getNumPartitions();
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'ZippedWithIndexRDD', startIndices: this.#startIndices };
  }
}

/**
 * Spark's ZippedPartitionsRDD2/3/4: partition i of each parent, handed to `f`
 * as iterators. The parents must have the same number of partitions.
 */
export class ZippedPartitionsRDD<T> extends RDD<T> {
  readonly #deps: Dependency[];

  constructor(
    readonly rdds: RDD[],
    readonly f: FunctionRef,
    readonly preservesPartitioning: boolean,
  ) {
    super(rdds[0].context);
    const counts = rdds.map((r) => r.getNumPartitions());
    if (counts.some((n) => n !== counts[0])) throw zipPartitionCountsDiffer(counts);
    this.#deps = rdds.map((r) => new OneToOneDependency(r));
  }
  get typeName(): string {
    return `ZippedPartitionsRDD${this.rdds.length}`;
  }
  getNumPartitions(): number {
    return this.rdds[0].getNumPartitions();
  }
  protected getDependencies(): Dependency[] {
    return this.#deps;
  }
  override get partitioner(): Partitioner | undefined {
    return this.preservesPartitioning ? this.rdds[0].partitioner : undefined;
  }
  protected override getPreferredLocations(p: number): string[] {
    // Hosts every parent prefers, else any parent's (ZippedPartitionsBaseRDD.getPartitions).
    const prefs = this.rdds.map((r) => r.preferredLocations(p));
    const common = prefs.reduce((a, b) => a.filter((h) => b.includes(h)));
    return common.length > 0 ? common : [...new Set(prefs.flat())];
  }
  protected getKindWire(ser: WireSerializer): RDDKindWire {
    return {
      type: 'ZippedPartitionsRDD',
      f: ser.fn(this.f, `the function passed to ${this.scope.name} at ${siteLocation(this.creationSite)}`),
    };
  }
}

/**
 * Spark's ReliableCheckpointRDD: an RDD's partitions as a checkpoint job
 * saved them (`part-NNNNN` under `path`, in the application's IndexedDB,
 * outside every executor's own blocks).
 */
export class ReliableCheckpointRDD<T> extends RDD<T> {
  constructor(
    sc: SparkContext,
    readonly path: string,
    readonly numPartitions: number,
    readonly savedPartitioner: Partitioner | undefined,
  ) {
    super(sc);
  }
  get typeName(): string {
    return 'ReliableCheckpointRDD';
  }
  getNumPartitions(): number {
    return this.numPartitions;
  }
  protected getDependencies(): Dependency[] {
    return [];
  }
  override get partitioner(): Partitioner | undefined {
    return this.savedPartitioner;
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'ReliableCheckpointRDD', path: this.path };
  }
}

/**
 * Spark's LocalCheckpointRDD: stands for an RDD's cached blocks once its
 * lineage is truncated by localCheckpoint(). Its partitions are never
 * computed; a block gone with its executor is an error.
 */
export class LocalCheckpointRDD<T> extends RDD<T> {
  constructor(
    sc: SparkContext,
    readonly originalRddId: number,
    readonly numPartitions: number,
  ) {
    super(sc);
  }
  get typeName(): string {
    return 'LocalCheckpointRDD';
  }
  getNumPartitions(): number {
    return this.numPartitions;
  }
  protected getDependencies(): Dependency[] {
    return [];
  }
  protected getKindWire(): RDDKindWire {
    return { type: 'LocalCheckpointRDD', originalRddId: this.originalRddId };
  }
}

export function isNarrow(d: Dependency): d is NarrowDependency {
  return d instanceof NarrowDependency;
}

/** For type-level use only: a function reference that may be a learner's lambda. */
export type { Fn };
