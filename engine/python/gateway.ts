/**
 * The engine as a PySpark driver sees it: where PySpark calls its JVM through
 * py4j (`sc._jsc`, `sc._jvm.PythonRDD…`), Kindling's `pyspark` calls this
 * object, registered in the driver's interpreter as the module
 * `kindling_engine` (see pyspark/java_gateway.py). It runs in the driver
 * worker, beside the schedulers.
 *
 * RDDs cross as ids. Calls that build RDDs are synchronous; calls that run
 * jobs return promises, which Python waits for with `run_sync` while the
 * scheduler in this worker goes on. The RDDs it builds carry the call sites
 * PySpark's JVM would give them: the Python call site PySpark sets around
 * some calls ("reduceByKey at wordcount.py:7"), else the JVM's own
 * ("RDD at PythonRDD.scala:55"), so lineages and stage names read as in
 * PySpark.
 */
import type { SparkContext } from '../context';
import type { CallSite } from '../rdd/call-site';
import { PythonPartitioner } from '../rdd/partitioner';
import { MapPartitionsRDD, ShuffledRDD, type RDD } from '../rdd/rdd';
import { StorageLevel } from '../rdd/storage-level';
import { builtin } from '../rdd/wire';
import type { FaultSpec } from '../scheduler/faults';
import type { Broadcast, CollectionAccumulator } from '../shared-variables';
import { PairwiseRDD, PythonRDD, type PythonFunction } from './python-rdd';
import type { SqlBridge } from './sql-bridge';
import type { DataFrame } from '../sql/DataFrame';

/**
 * Where the JVM's own call sites point, in Spark 4.0's sources (PythonRDD.scala
 * as of the 4.0.0 development line, commit 1904dee475 of 2024-05-03): used when
 * PySpark has not set a call site from Python.
 */
export const JVM_CALL_SITES = {
  /** `class PythonRDD(…) extends RDD[Array[Byte]](parent)` */
  pythonRDD: 'RDD at PythonRDD.scala:55',
  /** `PythonRDD.readRDDFromFile` calling `JavaRDD.readRDDFromFile` (PySpark's parallelize). */
  readRDDFromFile: 'readRDDFromFile at PythonRDD.scala:296',
  /** `PythonRDD.valueOfPair`: `pair.rdd.mapPartitions(it => it.map(_._2), true)` */
  valueOfPair: 'mapPartitions at PythonRDD.scala:167',
  /** `PythonRDD.runJob` calling `sc.runJob` (PySpark's take, first, lookup). */
  runJob: 'runJob at PythonRDD.scala:188',
  /** Java API calls made through py4j's reflection have no user frame of their own. */
  reflection: (method: string) => `${method} at NativeMethodAccessorImpl.java:0`,
} as const;

export interface GatewayOptions {
  /** Starts the engine's SparkContext with these settings (the runner's, with the program's over them). */
  createContext(conf: Record<string, string>): SparkContext;
  /** Settings the program starts from: the playground's or the command line's. */
  baseConf: Record<string, string>;
  /** Where executors fetch their Python from (the folder serving Pyodide's runtime). */
  pythonExec: string;
  /** The program, so task tracebacks can show its lines. */
  fileName: string;
  source: string;
}

/**
 * @example
 * const gateway = new PythonGateway({ createContext: (conf) => new SparkContext({ conf }), baseConf: {}, pythonExec, fileName: 'wc.py', source });
 * interpreter.registerJsModule('kindling_engine', { gateway });
 */
export class PythonGateway {
  #sc: SparkContext | null = null;
  #accumulator: CollectionAccumulator<Uint8Array> | null = null;
  #callSite: string | null = null;
  #sql: Promise<SqlBridge> | null = null;
  readonly #rdds = new Map<number, RDD>();
  readonly #broadcasts = new Map<number, Broadcast>();
  readonly #options: GatewayOptions;

  constructor(options: GatewayOptions) {
    this.#options = options;
  }

  /** The context the program started, if any (the runner stops it when the program ends). */
  get context(): SparkContext | null {
    return this.#sc;
  }

  // ------------------------------------------------------------ the application

  /** Starts the application; returns its settings as [key, value] pairs. */
  startContext(pairs: [string, string][]): [string, string][] {
    if (this.#sc && !this.#sc.isStopped) throw new Error('A SparkContext is already running in this program');
    const conf: Record<string, string> = { ...this.#options.baseConf };
    for (const [key, value] of pairs) conf[key] = String(value);
    const sc = this.#options.createContext(conf);
    this.#sc = sc;
    this.#accumulator = sc.collectionAccumulator<Uint8Array>();
    this.#rdds.clear();
    this.#broadcasts.clear();
    this.#callSite = null;
    this.#sql = null;
    return [...sc.conf.getAll()];
  }

  async stopContext(): Promise<void> {
    await this.#sc?.stop();
  }

  applicationId(): string {
    return this.#context().appId;
  }

  startTime(): number {
    return this.#context().startTime;
  }

  defaultParallelism(): number {
    return this.#context().defaultParallelism;
  }

  setCallSite(site: string | null | undefined): void {
    this.#callSite = site ?? null;
  }

  setLocalProperty(key: string, value: string | null | undefined): void {
    this.#context().setLocalProperty(key, value ?? null);
  }

  getLocalProperty(key: string): string | null {
    return this.#context().getLocalProperty(key);
  }

  setJobGroup(groupId: string, description: string): void {
    this.#context().setLocalProperty('spark.jobGroup.id', groupId);
    this.#context().setLocalProperty('spark.job.description', description);
  }

  setJobDescription(description: string | null | undefined): void {
    this.#context().setLocalProperty('spark.job.description', description ?? null);
  }

  cancelAllJobs(): void {
    this.#context().cancelAllJobs();
  }

  setLogLevel(): void {
    // Kindling's engine writes no log of its own to filter.
  }

  executorIds(): string[] {
    return this.#context().executorIds;
  }

  killExecutor(executorId: string): Promise<boolean> {
    return this.#context().killExecutor(executorId);
  }

  injectFault(spec: FaultSpec): void {
    this.#context().faults.inject(spec);
  }

  // ------------------------------------------------------------ building RDDs

  /** PySpark's parallelize: pickled batches, sliced as Spark slices a collection. */
  readRDDFromBatches(batches: Uint8Array[], numSlices: number): number {
    return this.#build(JVM_CALL_SITES.readRDDFromFile, (sc) => sc.parallelize([...batches], numSlices));
  }

  emptyRDD(): number {
    return this.#build(JVM_CALL_SITES.reflection('emptyRDD'), (sc) => sc.emptyRDD());
  }

  textFile(path: string, minPartitions: number): number {
    return this.#build(JVM_CALL_SITES.reflection('textFile'), (sc) => sc.textFile(path, minPartitions));
  }

  /** Spark's SimplePythonFunction: a pickled command with what an executor's Python needs to run it. */
  pythonFunction(command: Uint8Array, broadcastIds: number[]): PythonFunction {
    this.#context();
    return {
      command,
      pythonExec: this.#options.pythonExec,
      broadcastIds: [...broadcastIds],
      accumulatorId: this.#accumulator!.id,
      fileName: this.#options.fileName,
      source: this.#options.source,
    };
  }

  pythonRDD(parentId: number, command: Uint8Array, preservesPartitioning: boolean, broadcastIds: number[]): number {
    const parent = this.#rdd(parentId);
    const func = this.pythonFunction(command, broadcastIds);
    return this.#build(JVM_CALL_SITES.pythonRDD, () => new PythonRDD(parent, func, preservesPartitioning));
  }

  pairwiseRDD(id: number): number {
    const parent = this.#rdd(id);
    return this.#build(JVM_CALL_SITES.pythonRDD, () => new PairwiseRDD(parent));
  }

  partitionBy(id: number, numPartitions: number, functionId: number): number {
    const parent = this.#rdd(id);
    const partitioner = new PythonPartitioner(numPartitions, functionId);
    return this.#build(JVM_CALL_SITES.reflection('partitionBy'), () =>
      parent.partitioner?.equals(partitioner) ? parent : new ShuffledRDD(parent, partitioner),
    );
  }

  valueOfPair(id: number): number {
    const parent = this.#rdd(id);
    return this.#build(JVM_CALL_SITES.valueOfPair, () => new MapPartitionsRDD(parent, { op: 'values' }, true));
  }

  union(ids: number[]): number {
    const rdds = [...ids].map((id) => this.#rdd(id));
    return this.#build(JVM_CALL_SITES.reflection('union'), (sc) => sc.union(rdds));
  }

  coalesce(id: number, numPartitions: number, shuffle: boolean): number {
    const parent = this.#rdd(id);
    return this.#build(JVM_CALL_SITES.reflection('coalesce'), () => parent.coalesce(numPartitions, shuffle));
  }

  cartesian(left: number, right: number): number {
    const a = this.#rdd(left);
    const b = this.#rdd(right);
    return this.#build(JVM_CALL_SITES.reflection('cartesian'), () => a.cartesian(b));
  }

  // ------------------------------------------------------------ RDD handles

  numPartitions(id: number): number {
    return this.#rdd(id).getNumPartitions();
  }

  rddToString(id: number): string {
    return String(this.#rdd(id));
  }

  toDebugString(id: number): string {
    return this.#rdd(id).toDebugString();
  }

  rddName(id: number): string | null {
    return this.#rdd(id).name();
  }

  setName(id: number, name: string): void {
    this.#rdd(id).setName(name);
  }

  persist(id: number, useDisk: boolean, useMemory: boolean, deserialized: boolean, replication: number): void {
    this.#rdd(id).persist(new StorageLevel(useDisk, useMemory, deserialized, replication));
  }

  unpersist(id: number): void {
    this.#rdd(id).unpersist();
  }

  /** [useDisk, useMemory, useOffHeap, deserialized, replication], as PySpark's StorageLevel takes them. */
  storageLevel(id: number): [boolean, boolean, boolean, boolean, number] {
    const level = this.#rdd(id).getStorageLevel();
    return [level.useDisk, level.useMemory, false, level.deserialized, level.replication];
  }

  // ------------------------------------------------------------ jobs

  /** The records of `partitions` of RDD `id` (all by default), in order: PySpark's collectAndServe and runJob. */
  async runJob(id: number, partitions: number[] | null | undefined): Promise<unknown[]> {
    const rdd = this.#rdd(id);
    const site = this.#site(partitions ? JVM_CALL_SITES.runJob : JVM_CALL_SITES.reflection('collect'));
    const wanted = partitions ? [...partitions] : undefined;
    const parts = await this.#context().runJob(rdd, { kind: 'collect' }, wanted, site);
    return (parts as unknown[][]).flat();
  }

  /**
   * The JVM's `RDD.countApproxDistinct` over the values Python handed over unpickled (PySpark's
   * `_to_java_object_rdd`): stream-lib's HyperLogLog++ of each value's text.
   */
  async countApproxDistinct(id: number, relativeSD: number): Promise<number> {
    const rdd = this.#rdd(id);
    const site = this.#site(JVM_CALL_SITES.reflection('countApproxDistinct'));
    return this.#context().withScope(site.method, () => rdd.countApproxDistinct(relativeSD), site);
  }

  /** PySpark's saveAsTextFile: the Python bytes become lines (`BytesToString`), then Spark's saveAsTextFile. */
  async saveAsTextFile(id: number, path: string): Promise<void> {
    const keyed = this.#rdd(id);
    const site = this.#site(JVM_CALL_SITES.reflection('map'));
    const sc = this.#context();
    const lines = sc.withScope(
      site.method,
      () => keyed.map(builtin('(bytes) => new TextDecoder().decode(bytes)') as never),
      site,
    );
    const saveSite = this.#site(JVM_CALL_SITES.reflection('saveAsTextFile'));
    await sc.withScope(saveSite.method, () => lines.saveAsTextFile(path), saveSite);
  }

  // ------------------------------------------------------------ shared variables

  broadcast(data: Uint8Array): number {
    const b = this.#context().broadcast(data);
    this.#broadcasts.set(b.id, b as Broadcast);
    return b.id;
  }

  unpersistBroadcast(id: number): void {
    this.#broadcasts.get(id)?.unpersist();
  }

  destroyBroadcast(id: number): void {
    this.#broadcasts.get(id)?.destroy();
  }

  /** Accumulator updates successful tasks sent since the last call: pickled (id, value) pairs. */
  accumulatorUpdates(): Uint8Array[] {
    return this.#accumulator?.drain() ?? [];
  }

  // ------------------------------------------------------------ Spark SQL

  /** The application's SQL side (engine/sql, loaded now if this is the first DataFrame): PySpark's `_jsparkSession`. */
  sqlBridge(): Promise<SqlBridge> {
    const sc = this.#context();
    this.#sql ??= import('./sql-bridge').then(({ SqlBridge }) => new SqlBridge(sc));
    return this.#sql;
  }

  /**
   * PySpark's `df.rdd` (`jdf.javaToPython()`, called through py4j's reflection): the DataFrame's rows as an RDD
   * Python reads as `Row`s. A promise, since adaptive execution runs the query's stages while the RDD is made.
   */
  async javaToPython(df: DataFrame): Promise<number> {
    const site = this.#site(JVM_CALL_SITES.reflection('javaToPython'));
    const rdd = await df._javaToPython(site);
    this.#rdds.set(rdd.id(), rdd);
    return rdd.id();
  }

  /** PySpark's `applySchemaToPythonRDD`: RDD `id`'s rows of engine values as a DataFrame of the schema. */
  async applySchemaToPythonRDD(id: number, schemaJson: string): Promise<DataFrame> {
    const rdd = this.#rdd(id);
    const bridge = await this.sqlBridge();
    const site = this.#site(JVM_CALL_SITES.reflection('applySchemaToPythonRDD'));
    return this.#context().withScope(site.method, () => bridge.applySchemaToPythonRDD(rdd, schemaJson), site);
  }

  /**
   * Runs a DataFrame action (`collect`, `count`, `show`…) of the engine's
   * `target` under the call site PySpark gives it: the Python one where PySpark
   * sets it (`collect at prog.py:9`), else the JVM's (`count at
   * NativeMethodAccessorImpl.java:0`).
   */
  async sqlAction(target: object, method: string, args: unknown[], jvmMethod = method): Promise<unknown> {
    const sc = this.#context();
    const site = this.#site(JVM_CALL_SITES.reflection(jvmMethod));
    const action = (target as Record<string, (...a: unknown[]) => Promise<unknown>>)[method];
    if (typeof action !== 'function') throw new TypeError(`${method} is not an action of ${String(target)}`);
    return sc.withScope(site.method, () => action.apply(target, [...args]), site);
  }

  // ------------------------------------------------------------ internals

  #context(): SparkContext {
    if (!this.#sc) throw new Error('No SparkContext is running: create one first');
    return this.#sc;
  }

  #rdd(id: number): RDD {
    const rdd = this.#rdds.get(id);
    if (!rdd) throw new Error(`RDD ${id} does not exist in this application`);
    return rdd;
  }

  /** The call site for what is built now: PySpark's, when it set one, else the JVM's. */
  #site(jvmSite: string): CallSite {
    return parseCallSite(this.#callSite ?? jvmSite);
  }

  /** Builds an RDD under the call site it gets (its method names the RDD's operation scope too). */
  #build(jvmSite: string, make: (sc: SparkContext) => RDD): number {
    const sc = this.#context();
    const site = this.#site(jvmSite);
    const rdd = sc.withScope(site.method, () => make(sc), site);
    this.#rdds.set(rdd.id(), rdd);
    return rdd.id();
  }
}

/**
 * A call site from Spark's short form, "collect at wordcount.py:12".
 *
 * @example
 * parseCallSite('RDD at PythonRDD.scala:55'); // { method: 'RDD', file: 'PythonRDD.scala', line: 55, … }
 */
export function parseCallSite(shortForm: string): CallSite {
  const match = /^(.*?) at (.*):(\d+)$/.exec(shortForm);
  if (!match) return { method: shortForm, file: '', line: 0, column: 0, shortForm, longForm: shortForm };
  return {
    method: match[1],
    file: match[2],
    line: Number(match[3]),
    column: 0,
    shortForm,
    longForm: shortForm,
  };
}
