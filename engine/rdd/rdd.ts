/**
 * RDD lineage on the driver: what each transformation builds, what each action
 * runs. Partitions are computed on executors (see engine/executor/compute.ts);
 * here RDDs only know their partitions, dependencies and partitioner, and how
 * to describe themselves to executors.
 */
import type { SparkContext } from '../context';
import type { CallSite } from './call-site';
import { formatDebugString, type DebugStringNode } from './debug-string';
import { StorageLevel } from './storage-level';
import { HashPartitioner, Partitioner } from './partitioner';
import {
  Dependency,
  MappedNarrowDependency,
  NarrowDependency,
  OneToOneDependency,
  RangeDependency,
  ShuffleDependency,
  type Aggregator,
} from './dependency';
import { builtin, type AggregatorWire, type FunctionRef, type MapOp, type RDDKindWire, type SamplerWire } from './wire';
import { samplerFromWire } from '../util/random/random-sampler';
import { randomLong, toLong } from '../util/random/java-random';
import { computeRangePartitioner, planRangeSketch } from './range-partitioning';
import { requirement } from '../errors/spark-core-errors';
import { compareKeys } from './ordering';
import { FileAlreadyExistsException } from '../fs/file-system';
import { KeyMap } from './key-map';

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
  | { kind: 'saveText'; path: string };

/** Serializes functions for the wire; given by the scheduler at job submission. */
export interface WireSerializer {
  fn(f: FunctionRef, description: string): import('../closure/closure').SerializedFunction;
  value(v: unknown, description: string): unknown;
  /** Records that the stage uses broadcast `id` (a Python RDD's functions name theirs explicitly). */
  broadcast(id: number): void;
}

/** Accepted wherever PySpark takes `numPartitions`. */
export type PartitionsArg = number | Partitioner | undefined;

const identityCombiner = builtin('(v) => v');

/**
 * A Resilient Distributed Dataset: an immutable, partitioned collection whose
 * partitions are computed on executors from its lineage.
 *
 * @example
 * const counts = sc.parallelize(['a', 'b', 'a'], 2).map((w) => [w, 1]).reduceByKey((a, b) => a + b);
 * await counts.collect(); // [['b', 1], ['a', 2]] (order depends on partitions)
 */
export abstract class RDD<T = unknown> {
  readonly id: number;
  readonly creationSite: CallSite;
  /** Spark's RDD operation scope: which public API call created this RDD. */
  readonly scope: { id: number; name: string };
  #name: string | null = null;
  #storageLevel: StorageLevel = StorageLevel.NONE;
  #prepared: Promise<void> | null = null;
  #isPrepared = false;

  constructor(readonly context: SparkContext) {
    this.id = context.newRddId();
    const scope = context.currentScope();
    this.creationSite = scope.site;
    this.scope = { id: scope.id, name: scope.name };
  }

  /** Spark's class name for this RDD, shown in toDebugString, the DAG and the event log. */
  abstract get typeName(): string;
  abstract getNumPartitions(): number;
  abstract get dependencies(): Dependency[];
  abstract kindWire(ser: WireSerializer): RDDKindWire;

  get partitioner(): Partitioner | undefined {
    return undefined;
  }

  /** Data this RDD needs on the executor for `partition` (a parallelized slice, a file split). */
  partitionPayload(_partition: number): unknown {
    return undefined;
  }

  /** Hosts that hold this partition's input (Hadoop block locations). */
  preferredLocations(_partition: number): string[] {
    return [];
  }

  get name(): string | null {
    return this.#name;
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

  setName(name: string): this {
    this.#name = name;
    return this;
  }

  getStorageLevel(): StorageLevel {
    return this.#storageLevel;
  }

  toString(): string {
    return `${this.#name ? this.#name + ' ' : ''}${this.typeName}[${this.id}] at ${this.creationSite.shortForm}`;
  }

  [Symbol.for('kindling.inspect')](): string {
    return this.toString();
  }

  // ---------------------------------------------------------------- persistence

  persist(level: StorageLevel = StorageLevel.MEMORY_ONLY): this {
    if (!(level instanceof StorageLevel))
      throw new TypeError('persist() takes a StorageLevel, e.g. StorageLevel.DISK_ONLY');
    if (this.#storageLevel.isValid && !this.#storageLevel.equals(level))
      throw new Error(
        `Cannot change storage level of an RDD after it was already assigned a level (it is ${this.#storageLevel}; ` +
          `call unpersist() first)`,
      );
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
    requirement(fraction >= 0, `Fraction must be nonnegative, but got ${fraction}`);
    const sampler: SamplerWire = withReplacement ? { kind: 'poisson', fraction } : { kind: 'bernoulli', fraction };
    // The sampler's own checks (a fraction above 1 without replacement), on the driver as in Spark.
    samplerFromWire(sampler);
    const s = seed === undefined ? randomLong() : toLong(seed);
    return this.#scoped(
      'sample',
      () =>
        new MapPartitionsRDD<T>(
          this,
          { op: 'sample', sampler, seed: s, seeding: 'javaRandom' },
          true,
          'PartitionwiseSampledRDD',
        ),
    );
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
   * Pairs each element with its index. Runs a job over the first n−1
   * partitions to count them when called, as Spark's ZippedWithIndexRDD
   * does in its constructor; `await` is not needed (see README, "Blocking
   * transformations").
   */
  zipWithIndex(): RDD<[T, number]> {
    return this.#scoped('zipWithIndex', () => new ZippedWithIndexRDD<T>(this));
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

  sortBy<K>(keyfunc: (x: T) => K, ascending = true, numPartitions?: number): RDD<T> {
    return this.#scoped('sortBy', () => this.keyBy(keyfunc).sortByKey(ascending, numPartitions).values() as RDD<T>);
  }

  // ---------------------------------------------------------------- pair transformations

  mapValues<U>(f: (v: PairValue<T>) => U): RDD<[PairKey<T>, U]> {
    return this.#scoped('mapValues', () => new MapPartitionsRDD<[PairKey<T>, U]>(this, { op: 'mapValues', f }, true));
  }

  flatMapValues<U>(f: (v: PairValue<T>) => Iterable<U>): RDD<[PairKey<T>, U]> {
    return this.#scoped(
      'flatMapValues',
      () => new MapPartitionsRDD<[PairKey<T>, U]>(this, { op: 'flatMapValues', f }, true),
    );
  }

  keys(): RDD<PairKey<T>> {
    return this.#scoped('keys', () => new MapPartitionsRDD<PairKey<T>>(this, { op: 'keys' }));
  }

  values(): RDD<PairValue<T>> {
    return this.#scoped('values', () => new MapPartitionsRDD<PairValue<T>>(this, { op: 'values' }));
  }

  combineByKey<C>(
    createCombiner: (v: PairValue<T>) => C,
    mergeValue: (c: C, v: PairValue<T>) => C,
    mergeCombiners: (a: C, b: C) => C,
    numPartitions?: PartitionsArg,
  ): RDD<[PairKey<T>, C]> {
    return this.#scoped('combineByKey', () =>
      this.#combineByKey<C>({ createCombiner, mergeValue, mergeCombiners }, numPartitions, true),
    );
  }

  reduceByKey(func: (a: PairValue<T>, b: PairValue<T>) => PairValue<T>, numPartitions?: PartitionsArg): RDD<T> {
    return this.#scoped('reduceByKey', () =>
      this.#combineByKey(
        { createCombiner: identityCombiner, mergeValue: func, mergeCombiners: func },
        numPartitions,
        true,
      ),
    ) as RDD<T>;
  }

  groupByKey(numPartitions?: PartitionsArg): RDD<[PairKey<T>, PairValue<T>[]]> {
    return this.#scoped('groupByKey', () =>
      this.#combineByKey<PairValue<T>[]>(
        {
          createCombiner: builtin('(v) => [v]'),
          mergeValue: builtin('(buf, v) => { buf.push(v); return buf; }'),
          mergeCombiners: builtin('(a, b) => { for (const v of b) a.push(v); return a; }'),
        },
        numPartitions,
        false,
      ),
    );
  }

  /** PySpark's argument order: `aggregateByKey(zeroValue, seqFunc, combFunc, numPartitions?)`. */
  aggregateByKey<U>(
    zeroValue: U,
    seqFunc: (acc: U, v: PairValue<T>) => U,
    combFunc: (a: U, b: U) => U,
    numPartitions?: PartitionsArg,
  ): RDD<[PairKey<T>, U]> {
    return this.#scoped('aggregateByKey', () =>
      this.#combineByKey<U>(
        { createCombiner: seqFunc, mergeValue: seqFunc, mergeCombiners: combFunc, zeroValue: { value: zeroValue } },
        numPartitions,
        true,
      ),
    );
  }

  foldByKey(
    zeroValue: PairValue<T>,
    func: (a: PairValue<T>, b: PairValue<T>) => PairValue<T>,
    numPartitions?: PartitionsArg,
  ): RDD<T> {
    return this.#scoped('foldByKey', () =>
      this.#combineByKey(
        { createCombiner: func, mergeValue: func, mergeCombiners: func, zeroValue: { value: zeroValue } },
        numPartitions,
        true,
      ),
    ) as RDD<T>;
  }

  partitionBy(numPartitions: number | Partitioner): RDD<T> {
    return this.#scoped('partitionBy', () => {
      const p = numPartitions instanceof Partitioner ? numPartitions : new HashPartitioner(numPartitions);
      if (this.partitioner?.equals(p)) return this;
      return new ShuffledRDD<T>(this, p);
    });
  }

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
      return sortedByRange(this, ascending, numPartitions);
    });
  }

  join<W>(other: RDD<[PairKey<T>, W]>, numPartitions?: PartitionsArg): RDD<[PairKey<T>, [PairValue<T>, W]]> {
    return this.#scoped('join', () => this.#joinWith(other, 'inner', numPartitions));
  }

  leftOuterJoin<W>(
    other: RDD<[PairKey<T>, W]>,
    numPartitions?: PartitionsArg,
  ): RDD<[PairKey<T>, [PairValue<T>, W | null]]> {
    return this.#scoped('leftOuterJoin', () => this.#joinWith(other, 'left', numPartitions));
  }

  rightOuterJoin<W>(
    other: RDD<[PairKey<T>, W]>,
    numPartitions?: PartitionsArg,
  ): RDD<[PairKey<T>, [PairValue<T> | null, W]]> {
    return this.#scoped('rightOuterJoin', () => this.#joinWith(other, 'right', numPartitions));
  }

  fullOuterJoin<W>(
    other: RDD<[PairKey<T>, W]>,
    numPartitions?: PartitionsArg,
  ): RDD<[PairKey<T>, [PairValue<T> | null, W | null]]> {
    return this.#scoped('fullOuterJoin', () => this.#joinWith(other, 'full', numPartitions));
  }

  /** `cogroup(other)` or `cogroup([other1, other2])`: for each key, an array of values per RDD. */
  cogroup(others: RDD | RDD[], numPartitions?: PartitionsArg): RDD<[PairKey<T>, unknown[][]]> {
    return this.#scoped('cogroup', () => {
      const rdds = [this as RDD, ...(Array.isArray(others) ? others : [others])];
      const part = resolvePartitioner(numPartitions, rdds);
      return new CoGroupedRDD(rdds, part) as RDD<[PairKey<T>, unknown[][]]>;
    });
  }

  subtractByKey(other: RDD, numPartitions?: PartitionsArg): RDD<T> {
    return this.#scoped('subtractByKey', () => {
      const part =
        numPartitions === undefined
          ? (this.partitioner ?? new HashPartitioner(this.getNumPartitions()))
          : resolvePartitioner(numPartitions, [this]);
      return new SubtractedRDD<T>(this, other, part);
    });
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

  async first(): Promise<T> {
    const site = this.#actionSite('first');
    const rows = await this.#take(1, site);
    if (rows.length === 0) throw new Error('RDD is empty');
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

  async reduce(f: (a: T, b: T) => T): Promise<T> {
    const site = this.#actionSite('reduce');
    const parts = (await this.context.runJob(this, { kind: 'reduce', f }, undefined, site)) as {
      empty: boolean;
      value?: T;
    }[];
    const nonEmpty = parts.filter((p) => !p.empty).map((p) => p.value as T);
    if (nonEmpty.length === 0) throw new Error('Can not reduce() empty RDD');
    return this.context.applyOnDriver(() => nonEmpty.reduce((a, b) => f(a, b)));
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

  /** Runs `f` on executors: what it prints goes to the executors' logs, not the driver's output. */
  async foreach(f: (x: T) => void): Promise<void> {
    const site = this.#actionSite('foreach');
    await this.context.runJob(this, { kind: 'foreach', f }, undefined, site);
  }

  async foreachPartition(f: (it: IterableIterator<T>) => void): Promise<void> {
    const site = this.#actionSite('foreachPartition');
    await this.context.runJob(this, { kind: 'foreachPartition', f }, undefined, site);
  }

  /** Like Spark's: `mapValues(_ => 1).reduceByKey(_ + _).collect()` — a shuffle, two stages. */
  async countByKey(): Promise<Map<PairKey<T>, number>> {
    const site = this.#actionSite('countByKey');
    const counted = this.context.withScope(
      'countByKey',
      () => this.mapValues(builtin('(_) => 1') as never).reduceByKey(builtin('(a, b) => a + b') as never),
      site,
    );
    const rows = (await this.context.runJob(counted, { kind: 'collect' }, undefined, site)) as Pair[][];
    return pairsToMap(rows.flat()) as Map<PairKey<T>, number>;
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
    return pairsToMap(rows.flat()) as Map<T, number>;
  }

  async collectAsMap(): Promise<Map<PairKey<T>, PairValue<T>>> {
    const site = this.#actionSite('collectAsMap');
    const rows = (await this.context.runJob(this, { kind: 'collect' }, undefined, site)) as Pair[][];
    return pairsToMap(rows.flat()) as Map<PairKey<T>, PairValue<T>>;
  }

  /** With a partitioner, only the key's partition is read (one task), as in Spark. */
  async lookup(key: PairKey<T>): Promise<PairValue<T>[]> {
    const site = this.#actionSite('lookup');
    const part = this.partitioner;
    const partitions = part ? [part.getPartition(key)] : undefined;
    const rows = (await this.context.runJob(this, { kind: 'lookup', key }, partitions, site)) as PairValue<T>[][];
    return rows.flat();
  }

  async sum(): Promise<number> {
    const site = this.#actionSite('sum');
    const parts = (await this.context.runJob(this, { kind: 'sum' }, undefined, site)) as number[];
    return parts.reduce((a, b) => a + b, 0);
  }

  async mean(): Promise<number> {
    const site = this.#actionSite('mean');
    const parts = (await this.context.runJob(this, { kind: 'stats' }, undefined, site)) as { n: number; sum: number }[];
    const n = parts.reduce((a, p) => a + p.n, 0);
    return n === 0 ? NaN : parts.reduce((a, p) => a + p.sum, 0) / n;
  }

  async max(key?: (x: T) => unknown): Promise<T> {
    const site = this.#actionSite('max');
    const rows = await this.#ordered(1, key, true, site);
    if (rows.length === 0) throw new Error('max() of an empty RDD');
    return rows[0];
  }

  async min(key?: (x: T) => unknown): Promise<T> {
    const site = this.#actionSite('min');
    const rows = await this.#ordered(1, key, false, site);
    if (rows.length === 0) throw new Error('min() of an empty RDD');
    return rows[0];
  }

  /** Writes one `part-NNNNN` text file per partition under `path`, which must not exist yet. */
  async saveAsTextFile(path: string): Promise<void> {
    const site = this.#actionSite('saveAsTextFile');
    const fs = this.context.fileSystem;
    if (await fs.exists(path))
      throw Object.assign(new FileAlreadyExistsException(`Output directory ${path} already exists`), {
        callSite: site,
      });
    await this.context.runJob(this, { kind: 'saveText', path }, undefined, site);
    await fs.write(`${path.replace(/\/$/, '')}/_SUCCESS`, new Uint8Array(0));
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

  #combineByKey<C>(
    aggregator: Aggregator,
    numPartitions: PartitionsArg,
    mapSideCombine: boolean,
  ): RDD<[PairKey<T>, C]> {
    const part = resolvePartitioner(numPartitions, [this]);
    if (this.partitioner?.equals(part)) {
      // Already partitioned by the same partitioner: combine within each partition, no shuffle.
      return new ShuffledRDD<[PairKey<T>, C]>(this, part, aggregator, mapSideCombine, undefined, undefined, true);
    }
    return new ShuffledRDD<[PairKey<T>, C]>(this, part, aggregator, mapSideCombine);
  }

  #joinWith<W>(other: RDD<[PairKey<T>, W]>, kind: 'inner' | 'left' | 'right' | 'full', numPartitions: PartitionsArg) {
    const grouped = this.cogroup(other as RDD, numPartitions);
    return new MapPartitionsRDD<never>(grouped, { op: 'joinFlatten', kind }, true);
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

function structuredCloneSafe<V>(v: V): V {
  return typeof v === 'object' && v !== null ? structuredClone(v) : v;
}

function pairsToMap(rows: Pair[]): Map<unknown, unknown> {
  // Structural keys ([1, 2]) collapse like tuples do; the Map returned keeps the first key object seen.
  const km = new KeyMap<unknown, Pair>();
  for (const row of rows) {
    const existing = km.get(row[0]);
    km.set(row[0], existing ? [existing[0], row[1]] : row);
  }
  return new Map([...km.values()].map(([k, v]) => [k, v]));
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
  get dependencies(): Dependency[] {
    return [];
  }
  override partitionPayload(p: number): unknown {
    return this.#slices[p];
  }
  kindWire(): RDDKindWire {
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
  get dependencies(): Dependency[] {
    return [];
  }
  override partitionPayload(p: number): unknown {
    return this.splits[p];
  }
  override preferredLocations(p: number): string[] {
    return this.splits[p].hosts;
  }
  kindWire(): RDDKindWire {
    return { type: 'HadoopRDD' };
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
  get dependencies(): Dependency[] {
    return this.#deps;
  }
  override get partitioner(): Partitioner | undefined {
    return this.preservesPartitioning ? this.prev.partitioner : undefined;
  }
  kindWire(ser: WireSerializer): RDDKindWire {
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
  get dependencies(): Dependency[] {
    return [this.#dep];
  }
  override get partitioner(): Partitioner | undefined {
    return this.#partitioner ?? undefined;
  }
  kindWire(ser: WireSerializer): RDDKindWire {
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
 * OrderedRDDFunctions.sortByKey: a ShuffledRDD over a RangePartitioner built
 * from a sketch of `rdd`'s keys, whose job runs as a blocking transformation
 * (SparkContext.runBlocking).
 */
function sortedByRange<T>(rdd: RDD<T>, ascending: boolean, numPartitions: number | undefined): RDD<T> {
  const sc = rdd.context;
  const site = sc.currentScope().site;
  const partitions = numPartitions ?? rdd.getNumPartitions();
  requirement(
    Number.isInteger(partitions) && partitions >= 0,
    `Number of partitions cannot be negative but found ${partitions}.`,
  );
  // Spark builds the partitioner before the ShuffledRDD it is passed to, so the sketch's RDDs take the
  // lower ids. When this RDD's own partition count is still pending (a sort of a sort called where it
  // could not wait), the sketch is planned once that has settled.
  const plan = hasPendingPreparation(rdd) ? undefined : planRangeSketch(rdd, partitions, ascending);
  const shuffled = new ShuffledRDD<T>(rdd, null, undefined, false, { ascending }, partitions);
  shuffled.prepared = sc.runBlocking(async () => {
    const settledPlan =
      plan !== undefined
        ? plan
        : sc.withScope(
            'sortByKey',
            () => planRangeSketch(rdd, numPartitions ?? rdd.getNumPartitions(), ascending),
            site,
          );
    const partitioner = await computeRangePartitioner(
      settledPlan,
      rdd,
      ascending,
      (r) => sc.runJob(r, { kind: 'collect' }, undefined, site, { withinTransformation: true }),
      site,
    );
    shuffled.settlePartitioner(partitioner);
  });
  return shuffled;
}

/** Whether a set-up job anywhere in `rdd`'s lineage has not ended yet. */
function hasPendingPreparation(rdd: RDD): boolean {
  const seen = new Set<number>();
  const visit = (r: RDD): boolean => {
    if (seen.has(r.id)) return false;
    seen.add(r.id);
    if (r.prepared && !r.isPrepared) return true;
    return r.dependencies.some((d) => visit(d.rdd));
  };
  return visit(rdd);
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
  get dependencies(): Dependency[] {
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
  kindWire(): RDDKindWire {
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
  kindWire(): RDDKindWire {
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
  get dependencies(): Dependency[] {
    return this.#deps;
  }
  kindWire(): RDDKindWire {
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
  get dependencies(): Dependency[] {
    return this.#deps;
  }
  override get partitioner(): Partitioner | undefined {
    return this.rdds[0].partitioner;
  }
  kindWire(): RDDKindWire {
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
  get dependencies(): Dependency[] {
    return this.#deps;
  }
  kindWire(): RDDKindWire {
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
  get dependencies(): Dependency[] {
    return this.#deps;
  }
  kindWire(): RDDKindWire {
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
  get dependencies(): Dependency[] {
    return this.#deps;
  }
  kindWire(): RDDKindWire {
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
  get dependencies(): Dependency[] {
    return this.#deps;
  }
  kindWire(): RDDKindWire {
    return { type: 'ZippedWithIndexRDD', startIndices: this.#startIndices };
  }
}

export function isNarrow(d: Dependency): d is NarrowDependency {
  return d instanceof NarrowDependency;
}

/** For type-level use only: a function reference that may be a learner's lambda. */
export type { Fn };
