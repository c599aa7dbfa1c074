/**
 * SparkContext: the driver. Holds the configuration, starts executors, builds
 * RDDs, and runs jobs through the DAG and task schedulers. Every step is
 * posted as a Spark listener event on `listenerBus`.
 */
import { SparkConf } from './conf';
import { ListenerBus } from './events/bus';
import type { SparkEvent } from './events/types';
import { KINDLING_SPARK_VERSION, startupEvents } from './events/startup-events';
import { encodeValue } from './codec/codec';
import { serializeFunction, type SerializeHooks, type SerializedFunction } from './closure/closure';
import { DEFAULT_TIMEOUT_MS } from './closure/loop-guard';
import { CallSiteResolver, type CallSite } from './rdd/call-site';
import {
  HadoopRDD,
  MapPartitionsRDD,
  ParallelCollectionRDD,
  PartitionerAwareUnionRDD,
  RDD,
  UnionRDD,
  WholeTextFileRDD,
  type ResultFunc,
  type WireSerializer,
} from './rdd/rdd';
import { Partitioner } from './rdd/partitioner';
import { ShuffleDependency } from './rdd/dependency';
import { StorageLevel } from './rdd/storage-level';
import { isBuiltin, type FunctionRef, type MapStatusWire, type TaskPartitionData } from './rdd/wire';
import { LOCAL_FS_BLOCK_SIZE, combineWholeFiles, computeSplits } from './fs/splits';
import { MemoryFileSystem, type FileSystem } from './fs/file-system';
import { listFilesSync, selectFiles } from './fs/sync-listing';
import { DAGScheduler } from './scheduler/dag-scheduler';
import { FaultInjector } from './scheduler/faults';
import { TaskScheduler } from './scheduler/task-scheduler';
import { MapOutputTracker } from './scheduler/map-output-tracker';
import type { MapOutputStatistics } from './scheduler/dag-scheduler';
import type { CacheStatus, Json } from './scheduler/events-json';
import { BlockManagerMaster } from './storage/block-manager-master';
import { MemoryBlockStore, type BlockStore } from './storage/block-store';
import type { DriverEndpoint, ExecutorFactory, ExecutorHandle, ExecutorSpec, PythonWorkers } from './executor/backend';
import { inProcessExecutorFactory } from './executor/in-process-backend';
import { Accumulator, Broadcast, CollectionAccumulator, type AccumulatorKind } from './shared-variables';
import { StatusTracker } from './status-tracker';
import { IllegalArgumentException } from './errors/spark-core-errors';
import { doCheckpoint } from './rdd/checkpoint';

export interface SparkContextOptions {
  conf?: SparkConf | Record<string, string>;
  /** Where `textFile` reads and `saveAsTextFile` writes. */
  fileSystem?: FileSystem;
  /** Executors: Web Workers with IndexedDB (the browser's default), or in-process objects (Node's default). */
  executors?: 'workers' | 'in-process';
  /** URL executors in workers use to reach the file system (an HttpFileSystem base). */
  fsBase?: string | null;
  /** Finds the learner's line for call sites ("map at program.js:4"). */
  callSites?: CallSiteResolver;
  /** Replaces how executors are started (tests). */
  executorFactory?: ExecutorFactory;
  /** Subscribed before the first event is posted, so it sees the whole stream. */
  onEvent?: (event: SparkEvent) => void;
  /** Receives what tasks print (each executor's log). */
  onExecutorLog?: (executorId: string, stream: 'stdout' | 'stderr', args: unknown[]) => void;
  /**
   * Receives the first rows of every partition each task computed, right after its TaskEnd
   * event, when `kindling.partitionData.rows` asks executors to keep some.
   */
  onPartitionData?: (data: TaskPartitionData) => void;
  /** A Python application's: its executors' task threads start Python as they start (see PythonWorkers). */
  python?: PythonWorkers;
}

interface Scope {
  id: number;
  name: string;
  site: CallSite;
}

let nextAppSerial = 0;

/** The local properties Spark's job groups and descriptions are kept in (SparkContext's object). */
const SPARK_JOB_DESCRIPTION = 'spark.job.description';
const SPARK_JOB_GROUP_ID = 'spark.jobGroup.id';
const SPARK_JOB_INTERRUPT_ON_CANCEL = 'spark.job.interruptOnCancel';
/** SparkContext.VALID_LOG_LEVELS. */
const VALID_LOG_LEVELS = ['ALL', 'DEBUG', 'ERROR', 'FATAL', 'INFO', 'OFF', 'TRACE', 'WARN'];

function uuid(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${randomSuffix()}${randomSuffix()}-${randomSuffix()}-${randomSuffix()}`;
}

/**
 * `kindling.task.timeout`'s default: a task holding its thread longer without a free moment loses
 * the thread and fails (a loop's guard stops it at its line a little before); with `spark.task.maxFailures` (4) attempts, a loop
 * that never ends stops the job in about a minute.
 */
export const DEFAULT_TASK_TIMEOUT = `${DEFAULT_TIMEOUT_MS}ms`;

/**
 * The entry point of a Kindling program; in the playground and the runner it
 * is `sc`, already started.
 *
 * @example
 * const sc = new SparkContext({ conf: { 'spark.executor.instances': '2' } });
 * await sc.ready;
 * console.log(await sc.parallelize([1, 2, 3]).count()); // 3
 * await sc.stop();
 */
export class SparkContext {
  readonly conf: SparkConf;
  readonly appId: string;
  readonly appName: string;
  readonly startTime = Date.now();
  readonly listenerBus = new ListenerBus();
  readonly fileSystem: FileSystem;
  /** Resolves once every executor has registered. */
  readonly ready: Promise<void>;
  /** Inject faults on purpose: kill an executor at a chosen point, fail a task attempt, slow a partition. */
  readonly faults: FaultInjector;

  readonly #callSites: CallSiteResolver;
  readonly #tracker = new MapOutputTracker();
  readonly #blocks = new BlockManagerMaster();
  readonly #taskScheduler: TaskScheduler;
  readonly #dag: DAGScheduler;
  /** Set in #start for workers, which need the app lock first. */
  #factory: ExecutorFactory | null = null;
  #store: BlockStore = new MemoryBlockStore();
  readonly #options: SparkContextOptions;
  readonly #broadcasts = new Map<number, Broadcast>();
  readonly #accumulators = new Map<number, Accumulator | CollectionAccumulator>();
  readonly #persisted = new Map<number, RDD>();
  readonly #localProperties: Record<string, string> = {};
  readonly #executors = new Map<string, ExecutorHandle>();
  readonly #builtinCache = new Map<string, SerializedFunction>();
  #nextRddId = 0;
  #nextShuffleId = 0;
  #nextScopeId = 0;
  #nextBroadcastId = 0;
  #nextAccumulatorId = 0;
  #nextExecutorId = 0;
  #scopes: Scope[] = [];
  #stopped = false;
  #releaseLock: () => void = () => {};
  #logLevel = 'WARN';
  #checkpointDir: string | null = null;
  readonly #statusTracker = new StatusTracker();

  constructor(options: SparkContextOptions = {}) {
    this.#options = options;
    this.faults = new FaultInjector((id) => this.killExecutor(id));
    this.listenerBus.subscribe((e) => this.faults.onEvent(e));
    this.listenerBus.subscribe((e) => this.#statusTracker.onEvent(e));
    if (options.onEvent) this.listenerBus.subscribe(options.onEvent);
    this.conf = options.conf instanceof SparkConf ? options.conf : new SparkConf(options.conf ?? {});
    this.appName = this.conf.get('spark.app.name', 'Kindling');
    this.appId =
      this.conf.get('spark.app.id') ??
      `app-${this.startTime}-${String(nextAppSerial++).padStart(4, '0')}${randomSuffix()}`;
    this.conf.set('spark.app.id', this.appId);
    this.fileSystem = options.fileSystem ?? new MemoryFileSystem();
    this.#callSites = options.callSites ?? new CallSiteResolver();
    const useWorkers =
      options.executors === 'workers' ||
      (options.executors === undefined && typeof Worker !== 'undefined' && typeof indexedDB !== 'undefined');
    if (options.executorFactory) this.#factory = options.executorFactory;
    else if (!useWorkers) this.#factory = inProcessExecutorFactory(this.#store, this.fileSystem);
    this.#taskScheduler = new TaskScheduler(this.conf, null as never);
    this.#dag = new DAGScheduler({
      conf: this.conf,
      post: (e) => this.listenerBus.post(e as SparkEvent),
      tracker: this.#tracker,
      cacheLocations: (rdd, p) => (rdd.getStorageLevel().isValid ? this.#blocks.locations(rdd.id(), p) : []),
      cacheStatus: (rdd) => (rdd.getStorageLevel().isValid ? this.#blocks.status(rdd.id()) : null),
      newSerializer: () => this.#newSerializer(),
      applyAccumulatorUpdates: (info, stageInfo, updates) => {
        for (const u of updates) {
          const acc = this.#accumulators.get(u.id);
          if (!acc) continue;
          if (acc instanceof CollectionAccumulator) {
            if (Array.isArray(u.update)) acc.merge(u.update);
            continue;
          }
          if (typeof u.update !== 'number') continue;
          acc.merge(u.update);
          if (acc.name !== null) {
            info.accumulables.push({ id: acc.id, name: acc.name, update: u.update, value: acc.value });
            stageInfo.accumulables.set(acc.id, { name: acc.name, value: acc.value });
          }
        }
      },
      registerBlocks: (executorId, host, updates) => this.#blocks.update(executorId, host, updates),
      isExecutorAlive: (id) => this.#taskScheduler.executor(id) !== undefined,
      partitionDataCaptured: options.onPartitionData,
    });
    (this.#taskScheduler as { listener: unknown }).listener = this.#dag;
    this.#taskScheduler.taskFault = (stageId, partition, attempt) => this.faults.taskFault(stageId, partition, attempt);
    this.#taskScheduler.rackForHost = (host) => this.rackOf(host);
    this.#taskScheduler.fetchIndirectResult = async (key) => {
      const [bytes] = await this.#store.get([key]);
      await this.#store.deletePrefix(key);
      if (!bytes) throw new Error(`task result ${key} is gone`);
      return bytes;
    };
    this.#dag.taskScheduler = this.#taskScheduler;
    this.ready = this.#start(useWorkers && !options.executorFactory);
  }

  async #start(useWorkers: boolean): Promise<void> {
    const post = (e: Json) => this.listenerBus.post(e as SparkEvent);
    // What Spark 4 logs at start-up, in its order: resource profile 0, the driver's block manager, the environment.
    const { memoryBytes } = this.#memoryLayout();
    for (const event of startupEvents({
      appId: this.appId,
      appName: this.appName,
      startTime: this.startTime,
      user: 'kindling',
      conf: Object.fromEntries(this.conf.getAll()),
      executorCores: this.conf.getInt('spark.executor.cores', 2),
      executorMemoryMiB: Math.round(this.conf.getSizeBytes('spark.executor.memory', '16m', 'm') / 2 ** 20),
      executorInstances: this.conf.getInt('spark.executor.instances', 2),
      driverMaxMemory: memoryBytes,
    }))
      post(event as Json);
    if (useWorkers) {
      const [{ holdAppLock, cleanupStaleBlockStores }, { IdbBlockStore }, { workerExecutorFactory }] =
        await Promise.all([
          import('./storage/cleanup'),
          import('./storage/idb-block-store'),
          import('./executor/worker-backend'),
        ]);
      this.#releaseLock = await holdAppLock(this.appId);
      void cleanupStaleBlockStores(this.appId).catch(() => {});
      this.#store = new IdbBlockStore(this.appId);
      this.#factory = workerExecutorFactory({
        fsBase: this.#options.fsBase ?? null,
        sourceURL: this.#callSites.fileName,
      });
    }
    const count = this.conf.getInt('spark.executor.instances', 2);
    await Promise.all(Array.from({ length: count }, () => this.#launchExecutor()));
  }

  /** Hosts of the virtual cluster: `kindling.hosts`, by default one per executor. */
  get hostCount(): number {
    return Math.max(1, this.conf.getInt('kindling.hosts', this.conf.getInt('spark.executor.instances', 2)));
  }

  /**
   * Host i sits on rack i mod `kindling.racks`. Without that key there are no racks, as in
   * Spark without a topology script, so no task is ever RACK_LOCAL.
   */
  rackOf(host: string): string | undefined {
    const m = /^host-(\d+)$/.exec(host);
    if (!m || !this.conf.contains('kindling.racks')) return undefined;
    return `rack-${Number(m[1]) % Math.max(1, this.conf.getInt('kindling.racks', 1))}`;
  }

  /**
   * Where a file block's replicas live in the virtual cluster: `kindling.dfs.replication`
   * hosts, chosen by a hash of the path and block so every run places them alike. The
   * default is HDFS's own (`dfs.replication` = 3), so on three hosts or fewer every block is
   * on every host and tasks over files run at once wherever a core is free, as the Spark
   * tutorials show; lessons about locality set 1 to make hosts differ.
   */
  blockHosts(path: string, blockIndex: number): string[] {
    const hosts = this.hostCount;
    const replication = Math.min(hosts, Math.max(1, this.conf.getInt('kindling.dfs.replication', 3)));
    let h = 0;
    for (const ch of `${path}#${blockIndex}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
    const first = ((h % hosts) + hosts) % hosts;
    return Array.from({ length: replication }, (_, i) => `host-${(first + i) % hosts}`);
  }

  /**
   * Spark's unified memory model, scaled to a browser: `spark.executor.memory` (16 MiB by
   * default — small, so spills and uncached blocks can be seen) × `spark.memory.fraction` (0.6),
   * of which `spark.memory.storageFraction` (0.5) may hold cached blocks.
   */
  #memoryLayout(): { memoryBytes: number; storageMemoryBytes: number } {
    const heap = this.conf.getSizeBytes('spark.executor.memory', '16m', 'm');
    const unified = Math.floor(heap * Number(this.conf.get('spark.memory.fraction', '0.6')));
    return {
      memoryBytes: unified,
      storageMemoryBytes: Math.floor(unified * Number(this.conf.get('spark.memory.storageFraction', '0.5'))),
    };
  }

  /** The executor layout: `spark.executor.instances` × `spark.executor.cores`, spread over `kindling.hosts` hosts. */
  #nextSpec(): ExecutorSpec {
    const index = this.#nextExecutorId++;
    const hostIndex = index % this.hostCount;
    const host = `host-${hostIndex}`;
    return {
      id: String(index),
      host,
      rack: this.rackOf(host) ?? '',
      cores: this.conf.getInt('spark.executor.cores', 2),
      ...this.#memoryLayout(),
      maxDirectResultSize: this.conf.getSizeBytes('spark.task.maxDirectResultSize', '1m', 'b'),
      taskTimeoutMs: this.conf.getTimeMs('kindling.task.timeout', DEFAULT_TASK_TIMEOUT),
      ...this.#partitionDataBounds(),
      ...(this.#options.python ? { python: this.#options.python } : {}),
    };
  }

  /**
   * `kindling.partitionData.rows` (default 0: nothing captured) and `.size` (default 4k
   * characters): how much of each partition executors keep to show (the playground sets 20).
   */
  #partitionDataBounds(): Pick<ExecutorSpec, 'partitionData'> {
    const rows = this.conf.getInt('kindling.partitionData.rows', 0);
    if (rows <= 0) return {};
    return { partitionData: { rows, chars: this.conf.getSizeBytes('kindling.partitionData.size', '4k', 'b') } };
  }

  async #launchExecutor(): Promise<void> {
    const spec = this.#nextSpec();
    const handle = await this.#factory!(spec, this.#driverEndpoint, this.appId, (reason) => {
      void this.#executorFailed(spec.id, reason);
    });
    if (this.#stopped) {
      await handle.stop('application stopped');
      return;
    }
    this.#executors.set(spec.id, handle);
    const now = Date.now();
    this.listenerBus.post({
      Event: 'SparkListenerExecutorAdded',
      Timestamp: now,
      'Executor ID': spec.id,
      'Executor Info': {
        Host: spec.host,
        'Total Cores': spec.cores,
        'Log Urls': {},
        Attributes: {},
        Resources: {},
        'Resource Profile Id': 0,
      },
    } as SparkEvent);
    this.listenerBus.post({
      Event: 'SparkListenerBlockManagerAdded',
      'Block Manager ID': { 'Executor ID': spec.id, Host: spec.host, Port: 7337 },
      'Maximum Memory': spec.memoryBytes,
      Timestamp: now,
      'Maximum Onheap Memory': spec.memoryBytes,
      'Maximum Offheap Memory': 0,
    } as SparkEvent);
    this.#taskScheduler.addExecutor(handle);
  }

  readonly #driverEndpoint: DriverEndpoint = {
    getMapStatuses: async (shuffleId) => this.#tracker.getStatuses(shuffleId) as MapStatusWire[],
    getBroadcast: async (id) => {
      const b = this.#broadcasts.get(id);
      if (!b) throw new Error(`Broadcast ${id} does not exist`);
      return encodeValue(b.value);
    },
    log: (executorId, stream, args) => this.#options.onExecutorLog?.(executorId, stream, args),
  };

  // ------------------------------------------------------------ scopes and call sites

  /** @internal */
  newRddId(): number {
    return this.#nextRddId++;
  }

  /** @internal */
  newShuffleId(): number {
    return this.#nextShuffleId++;
  }

  /**
   * Runs `body` as the public operation `name`: RDDs it creates (even inside
   * other operations) record `name` and the learner's line as their call site.
   * @internal
   */
  withScope<R>(name: string, body: () => R, site?: CallSite): R {
    if (this.#scopes.length > 0) return body();
    const s = site
      ? { ...site, method: name, shortForm: `${name} at ${site.file}:${site.line}` }
      : this.#callSites.resolve(name);
    this.#scopes.push({ id: this.#nextScopeId++, name, site: s });
    try {
      return body();
    } finally {
      this.#scopes.pop();
    }
  }

  /** @internal */
  currentScope(): Scope {
    return (
      this.#scopes[this.#scopes.length - 1] ?? {
        id: this.#nextScopeId++,
        name: 'unknown',
        site: this.#callSites.resolve('unknown'),
      }
    );
  }

  /**
   * @internal Where the program is now, for a plan node it makes: the enclosing operation's line, else the
   * program's frame; undefined when neither is known, and always for a Python driver, whose DataFrame calls
   * leave no frame of the program (a line for some nodes only would be pinned on the wrong ones).
   */
  programPosition(): { line: number; column: number } | undefined {
    if (!this.#callSites.seesProgram) return undefined;
    const outer = this.#scopes[this.#scopes.length - 1];
    if (outer) return outer.site.line > 0 ? { line: outer.site.line, column: outer.site.column } : undefined;
    return this.#callSites.position();
  }

  /** @internal The call site of an action started now. */
  callSiteFor(name: string): CallSite {
    const outer = this.#scopes[this.#scopes.length - 1];
    return outer ? outer.site : this.#callSites.resolve(name);
  }

  /** Runs driver-side user code (reduce's final merge): kept apart so errors point at the program. @internal */
  applyOnDriver<R>(body: () => R): R {
    return body();
  }

  // ------------------------------------------------------------ creating RDDs

  get defaultParallelism(): number {
    if (this.conf.contains('spark.default.parallelism')) return this.conf.getInt('spark.default.parallelism', 2);
    const total = this.conf.getInt('spark.executor.instances', 2) * this.conf.getInt('spark.executor.cores', 2);
    return Math.max(total, 2);
  }

  /**
   * Distributes a local collection, sliced as Spark slices it: slice i holds
   * elements [i·n/numSlices, (i+1)·n/numSlices).
   */
  parallelize<T>(data: Iterable<T>, numSlices?: number): RDD<T> {
    return this.withScope('parallelize', () => {
      const arr = Array.isArray(data) ? (data as T[]) : [...data];
      const n = numSlices ?? this.defaultParallelism;
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`Positive number of partitions required, got ${n}`);
      const slices = Array.from({ length: n }, (_, i) =>
        arr.slice(Math.floor((i * arr.length) / n), Math.floor(((i + 1) * arr.length) / n)),
      );
      return new ParallelCollectionRDD<T>(this, slices);
    });
  }

  /** PySpark's `range(start, end?, step = 1, numSlices?)`; with one argument it is `range(0, start)`. */
  range(start: number, end?: number, step = 1, numSlices?: number): RDD<number> {
    return this.withScope('range', () => {
      if (end === undefined) [start, end] = [0, start];
      if (step === 0) throw new RangeError('range() step must not be zero');
      const size = Math.max(0, Math.ceil((end - start) / step));
      const n = numSlices ?? this.defaultParallelism;
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`Positive number of partitions required, got ${n}`);
      const at = (i: number) => start + Math.floor((i * size) / n) * step;
      const slices = Array.from({ length: n }, (_, i) => ({ range: { start: at(i), end: at(i + 1), step } }));
      return new ParallelCollectionRDD<number>(this, slices);
    });
  }

  /**
   * Lines of text files matching `path` (a file, a folder, or a glob such as
   * `data/*.txt`), split like Hadoop's FileInputFormat into at least
   * `minPartitions` partitions (default `min(defaultParallelism, 2)`).
   */
  textFile(path: string, minPartitions?: number): RDD<string> {
    return this.withScope('textFile', () => {
      const min = minPartitions ?? Math.min(this.defaultParallelism, 2);
      const files = selectFiles(listFilesSync(this.fileSystem), path);
      const splits = computeSplits(files, min).map((s) => ({
        path: s.path,
        start: s.start,
        length: s.length,
        fileSize: files.find((f) => f.path === s.path)!.size,
        hosts: this.blockHosts(s.path, Math.floor(s.start / LOCAL_FS_BLOCK_SIZE)),
      }));
      const hadoop = new HadoopRDD(this, splits).setName(path);
      return new MapPartitionsRDD<string>(hadoop, { op: 'identity' }).setName(path);
    });
  }

  /**
   * Each file matching `path` as one `[path, contents]` pair, files grouped
   * into at least `minPartitions` partitions (default `min(defaultParallelism,
   * 2)`) as Hadoop's CombineFileInputFormat packs them (see combineWholeFiles).
   * The path is the file's name as `textFile` sees it (Spark gives a `file:`
   * URI).
   */
  wholeTextFiles(path: string, minPartitions?: number): RDD<[string, string]> {
    return this.withScope('wholeTextFiles', () => {
      const min = minPartitions ?? Math.min(this.defaultParallelism, 2);
      const files = selectFiles(listFilesSync(this.fileSystem), path);
      const splits = combineWholeFiles(files, min).map((group) => group.map(({ path, size }) => ({ path, size })));
      const whole = new WholeTextFileRDD(this, splits);
      return new MapPartitionsRDD<[string, string]>(whole, { op: 'identity' }).setName(path);
    });
  }

  union<T>(rdds: RDD<T>[]): RDD<T> {
    return this.withScope('union', () => {
      if (rdds.length === 0) throw new Error('union() needs at least one RDD');
      const nonEmpty = rdds.filter((r) => r.getNumPartitions() > 0);
      const parts = nonEmpty.map((r) => r.partitioner);
      const first = parts[0];
      if (nonEmpty.length > 0 && first && parts.every((p) => p !== undefined && p.equals(first)))
        return new PartitionerAwareUnionRDD<T>(this, nonEmpty);
      return new UnionRDD<T>(this, nonEmpty);
    });
  }

  emptyRDD<T>(): RDD<T> {
    return this.withScope('emptyRDD', () => new ParallelCollectionRDD<T>(this, []));
  }

  // ------------------------------------------------------------ shared variables

  broadcast<T>(value: T): Broadcast<T> {
    try {
      encodeValue(value);
    } catch (e) {
      throw new Error(`broadcast(): the value cannot be sent to executors: ${(e as Error).message}`, { cause: e });
    }
    const b = new Broadcast<T>(this.#nextBroadcastId++, value);
    this.#broadcasts.set(b.id, b as Broadcast);
    return b;
  }

  longAccumulator(name?: string): Accumulator {
    return this.#newAccumulator(name ?? null, 'long', 0);
  }

  /** Spark's DoubleAccumulator: like longAccumulator, for fractional numbers. */
  doubleAccumulator(name?: string): Accumulator {
    return this.#newAccumulator(name ?? null, 'double', 0);
  }

  /**
   * PySpark's `sc.accumulator(value)`: an unnamed numeric accumulator starting
   * at `value`. (PySpark's custom AccumulatorParam is not supported: adds are sums.)
   */
  accumulator(value = 0): Accumulator {
    if (typeof value !== 'number')
      throw new TypeError(`accumulator() takes a number to start from, got ${typeof value}`);
    return this.#newAccumulator(null, 'pyspark', value);
  }

  #newAccumulator(name: string | null, kind: AccumulatorKind, initial: number): Accumulator {
    const acc = new Accumulator(this.#nextAccumulatorId++, name, kind, initial);
    this.#accumulators.set(acc.id, acc);
    return acc;
  }

  /** Spark's `collectionAccumulator`: tasks append values; `value` lists what successful tasks appended. */
  collectionAccumulator<T = unknown>(name?: string): CollectionAccumulator<T> {
    const acc = new CollectionAccumulator<T>(this.#nextAccumulatorId++, name ?? null);
    this.#accumulators.set(acc.id, acc as CollectionAccumulator);
    return acc;
  }

  // ------------------------------------------------------------ configuration

  getConf(): SparkConf {
    return new SparkConf(this.conf.toRecord());
  }

  setLocalProperty(key: string, value: string | null): void {
    if (value === null) delete this.#localProperties[key];
    else this.#localProperties[key] = String(value);
  }

  getLocalProperty(key: string): string | null {
    return this.#localProperties[key] ?? null;
  }

  /**
   * Puts the jobs this program starts from now on in a group, with a
   * description: the event log's job properties `spark.jobGroup.id` and
   * `spark.job.description` (the jobs table shows both), and what
   * `cancelJobGroup` and `statusTracker().getJobIdsForGroup` go by.
   */
  setJobGroup(groupId: string, description: string, interruptOnCancel = false): void {
    this.setLocalProperty(SPARK_JOB_DESCRIPTION, description);
    this.setLocalProperty(SPARK_JOB_GROUP_ID, groupId);
    this.setLocalProperty(SPARK_JOB_INTERRUPT_ON_CANCEL, String(interruptOnCancel));
  }

  /** Ends the job group: later jobs belong to none. */
  clearJobGroup(): void {
    this.setLocalProperty(SPARK_JOB_DESCRIPTION, null);
    this.setLocalProperty(SPARK_JOB_GROUP_ID, null);
    this.setLocalProperty(SPARK_JOB_INTERRUPT_ON_CANCEL, null);
  }

  /** The description later jobs show in the jobs table instead of their call site. */
  setJobDescription(value: string | null): void {
    this.setLocalProperty(SPARK_JOB_DESCRIPTION, value);
  }

  /** Cancels the running jobs of a group, as Spark's: each fails with "Job N cancelled part of cancelled job group G". */
  cancelJobGroup(groupId: string): void {
    this.#dag.cancelJobGroup(String(groupId));
  }

  /**
   * Spark's log4j level. Kindling prints no log lines of its own, so this
   * only checks the level, as Spark does, and remembers it.
   */
  setLogLevel(logLevel: string): void {
    const level = String(logLevel).toUpperCase();
    if (!VALID_LOG_LEVELS.includes(level))
      throw new IllegalArgumentException(
        `requirement failed: Supplied level ${logLevel} did not match one of: ${VALID_LOG_LEVELS.join(',')}`,
      );
    this.#logLevel = level;
  }

  /** The level setLogLevel set (Spark's default for a shell is WARN). */
  get logLevel(): string {
    return this.#logLevel;
  }

  /** The application's id, as in the event log (`app-…`). */
  get applicationId(): string {
    return this.appId;
  }

  /** The Spark version Kindling behaves as. */
  get version(): string {
    return KINDLING_SPARK_VERSION;
  }

  /**
   * Where checkpoint() saves RDDs: a directory `<dirName>/<uuid>`, as
   * Spark's, whose data is kept in the application's IndexedDB (see
   * engine/rdd/checkpoint.ts).
   */
  setCheckpointDir(dirName: string): void {
    if (typeof dirName !== 'string' || dirName.length === 0)
      throw new TypeError('setCheckpointDir() takes a directory name');
    this.#checkpointDir = `${dirName.replace(/\/+$/, '')}/${uuid()}`;
  }

  getCheckpointDir(): string | null {
    return this.#checkpointDir;
  }

  /** Jobs and stages as the listener events tell them (Spark's SparkStatusTracker). */
  statusTracker(): StatusTracker {
    return this.#statusTracker;
  }

  // ------------------------------------------------------------ jobs

  /**
   * Runs a job over `partitions` of `rdd` (all of them by default) and
   * resolves with each partition's result.
   *
   * Jobs are submitted in the order their actions were called, and none is
   * submitted while a transformation's own jobs run (sortByKey's sampling,
   * zipWithIndex's counting, see {@link runBlocking}): a JVM driver blocks in
   * such a transformation, so nothing the program does after it can start a
   * job before it ends, and job and stage ids come out as Spark's. Jobs that a
   * transformation runs itself pass `withinTransformation`.
   * @internal
   */
  async runJob(
    rdd: RDD,
    func: ResultFunc,
    partitions: number[] | undefined,
    site: CallSite,
    options: { withinTransformation?: boolean } = {},
  ): Promise<unknown[]> {
    if (this.#stopped) throw new Error('Cannot call methods on a stopped SparkContext.');
    // Local properties (the scheduler pool, …) are those set when the action was called.
    const properties = { ...this.#localProperties };
    const turn = options.withinTransformation ? null : this.#takeTurn();
    let result: Promise<unknown[]>;
    try {
      if (turn) await turn.previous;
      await this.ready;
      await prepareLineage(rdd);
      const parts = partitions ?? Array.from({ length: rdd.getNumPartitions() }, (_, i) => i);
      result = this.#dag.runJob(rdd, func, parts, site, properties);
    } finally {
      turn?.release();
    }
    try {
      const results = await result;
      // SparkContext.runJob: once a job has ended, the RDDs marked for checkpointing along it are saved.
      await doCheckpoint(rdd, site);
      return results;
    } catch (e) {
      // Point the failure at the learner's action, as Spark's "Driver stacktrace" does.
      if (e instanceof Error && !(e as { callSite?: CallSite }).callSite) {
        (e as { callSite?: CallSite }).callSite = site;
        e.stack = `${e.name}: ${e.message}
${site.longForm}`;
      }
      throw e;
    }
  }

  /**
   * Runs a transformation's own jobs (`work`) as a JVM driver would run
   * them inside the transformation's call: after every job and set-up
   * called before it, and holding back every job called after it until
   * `work` ends. Its jobs are run with `withinTransformation`.
   * @internal
   */
  runBlocking<R>(work: () => Promise<R>): Promise<R> {
    const turn = this.#takeTurn();
    const run = turn.previous.then(work);
    void run.then(turn.release, turn.release);
    // The failure belongs to whoever awaits the transformation (or the next action on it), not to this chain.
    run.catch(() => {});
    return run;
  }

  /** The promise that chains job submissions in program order; see runJob. */
  #turn: Promise<void> = Promise.resolve();

  #takeTurn(): { previous: Promise<void>; release: () => void } {
    const previous = this.#turn;
    let release!: () => void;
    this.#turn = new Promise<void>((resolve) => (release = resolve));
    return { previous, release };
  }

  /**
   * Spark's `submitMapStage`, as adaptive query execution uses it: a job that
   * runs only the map stage of `rdd`'s shuffle and reports the bytes written
   * for each reduce partition. Submitted in program order, as runJob's jobs are.
   * @internal
   */
  async submitMapStage(rdd: RDD, site: CallSite): Promise<MapOutputStatistics> {
    if (this.#stopped) throw new Error('Cannot call methods on a stopped SparkContext.');
    const properties = { ...this.#localProperties };
    const turn = this.#takeTurn();
    let result: Promise<MapOutputStatistics>;
    try {
      await turn.previous;
      await this.ready;
      await prepareLineage(rdd);
      const dep = rdd.dependencies[0];
      if (!(dep instanceof ShuffleDependency)) throw new Error('submitMapStage needs an RDD read from a shuffle');
      result = this.#dag.submitMapStage(dep, site, properties);
    } finally {
      turn.release();
    }
    return result;
  }

  /** Cancels every running job, as Spark's `cancelAllJobs`. */
  cancelAllJobs(): void {
    this.#dag.cancelAllJobs();
  }

  // ------------------------------------------------------------ caching

  /** @internal */
  persistRDD(rdd: RDD): void {
    this.#persisted.set(rdd.id(), rdd);
  }

  /** @internal */
  unpersistRDD(rdd: RDD): void {
    this.#persisted.delete(rdd.id());
    this.#blocks.removeRdd(rdd.id());
    for (const e of this.#executors.values()) void e.removeBlocks(`rdd_${rdd.id()}_`);
    this.listenerBus.post({ Event: 'SparkListenerUnpersistRDD', 'RDD ID': rdd.id() } as SparkEvent);
  }

  /** The partitions of `rdd` some executor holds a cached block of. @internal */
  cachedPartitions(rdd: RDD): Set<number> {
    const held = new Set<number>();
    for (let p = 0; p < rdd.getNumPartitions(); p++) if (this.#blocks.locations(rdd.id(), p).length > 0) held.add(p);
    return held;
  }

  /** @internal */
  rddStorageInfo(rdd: RDD): CacheStatus | null {
    const s = this.#blocks.status(rdd.id());
    return s && s.numCachedPartitions > 0 ? s : null;
  }

  // ------------------------------------------------------------ executors

  /** Executor ids currently alive. */
  get executorIds(): string[] {
    return this.#taskScheduler.aliveExecutors.map((e) => e.spec.id);
  }

  /**
   * Kills an executor, as a cluster manager would: its running tasks fail,
   * its cached blocks and shuffle files are lost, and a replacement with a new
   * id is started.
   */
  async killExecutor(executorId: string): Promise<boolean> {
    await this.ready;
    const handle = this.#executors.get(String(executorId));
    if (!handle || !this.#taskScheduler.executor(handle.spec.id)) return false;
    await this.#removeExecutor(handle, 'Executor killed by driver.', false);
    if (this.conf.getBoolean('kindling.executor.replace', true) && !this.#stopped) await this.#launchExecutor();
    return true;
  }

  /** An executor died by itself (a crash, a runaway task): remove it and start a replacement. */
  async #executorFailed(executorId: string, reason: string): Promise<void> {
    const handle = this.#executors.get(executorId);
    if (!handle) return;
    await this.#removeExecutor(handle, reason, true);
    if (this.conf.getBoolean('kindling.executor.replace', true) && !this.#stopped) await this.#launchExecutor();
  }

  async #removeExecutor(handle: ExecutorHandle, reason: string, exitCausedByApp: boolean): Promise<void> {
    const id = handle.spec.id;
    this.#executors.delete(id);
    await handle.stop(reason);
    this.#tracker.removeOutputsOnExecutor(id);
    this.#blocks.removeExecutor(id);
    this.#taskScheduler.executorLost(id, reason, exitCausedByApp);
    const now = Date.now();
    this.listenerBus.post({
      Event: 'SparkListenerBlockManagerRemoved',
      'Block Manager ID': { 'Executor ID': id, Host: handle.spec.host, Port: 7337 },
      Timestamp: now,
    } as SparkEvent);
    this.listenerBus.post({
      Event: 'SparkListenerExecutorRemoved',
      Timestamp: now,
      'Executor ID': id,
      'Removed Reason': reason,
    } as SparkEvent);
    // Its "local disk" goes with it.
    await this.#store.deletePrefix(`${id}/`).catch(() => {});
  }

  /** Stops executors and posts ApplicationEnd; waits for running jobs first. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    await this.ready.catch(() => {});
    const deadline = Date.now() + 30_000;
    // Jobs a transformation still has to run (sortByKey's sampling) are part of the program too.
    await Promise.race([this.#turn, new Promise((r) => setTimeout(r, 30_000))]);
    while (this.#dag.activeJobCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // Attempts still running after their job ended (speculative losers being killed) report their end first.
    const drainUntil = Date.now() + 3000;
    while (this.#taskScheduler.hasRunningWork && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 10));
    this.#stopped = true;
    this.listenerBus.post({ Event: 'SparkListenerApplicationEnd', Timestamp: Date.now(), ExitCode: 0 } as SparkEvent);
    this.#taskScheduler.stop();
    this.#dag.stop();
    await Promise.all([...this.#executors.values()].map((e) => e.stop('application stopped')));
    this.#executors.clear();
    const store = this.#store as BlockStore & { destroy?: () => Promise<void> };
    if (store.destroy) await store.destroy().catch(() => {});
    else store.close();
    this.#releaseLock();
  }

  get isStopped(): boolean {
    return this.#stopped;
  }

  // ------------------------------------------------------------ serialization

  #newSerializer(): { ser: WireSerializer; broadcastIds: Set<number> } {
    const broadcastIds = new Set<number>();
    const hooks: SerializeHooks = {
      special: (v) => {
        if (v instanceof Broadcast) {
          broadcastIds.add(v.id);
          return { tag: 'broadcast', data: { id: v.id } };
        }
        if (v instanceof Accumulator) return { tag: 'accumulator', data: { id: v.id, name: v.name } };
        if (v instanceof Partitioner) return { tag: 'partitioner', data: v.toWire() };
        if (v instanceof StorageLevel) return { tag: 'storageLevel', data: v.toJSON() };
        return undefined;
      },
      driverOnly: (v) => {
        if (v instanceof SparkContext) return 'a SparkContext';
        // RDD operations run only on the driver, never inside another RDD's functions (Spark's SPARK-5063).
        if (v instanceof RDD) return `an RDD (${v})`;
        return undefined;
      },
    };
    const ser: WireSerializer = {
      fn: (f: FunctionRef, description: string) => {
        if (isBuiltin(f)) {
          let cached = this.#builtinCache.get(f.builtin);
          if (!cached) {
            cached = serializeFunction(new Function(`return (${f.builtin});`)() as () => unknown, 'engine code', hooks);
            this.#builtinCache.set(f.builtin, cached);
          }
          return cached;
        }
        if (typeof f !== 'function') throw new TypeError(`${description}: expected a function, got ${typeof f}`);
        return serializeFunction(f, description, hooks);
      },
      value: (v) => v,
      broadcast: (id) => void broadcastIds.add(id),
    };
    return { ser, broadcastIds };
  }
}

/**
 * Waits for set-up jobs anywhere in the lineage (sortByKey's sampling,
 * zipWithIndex's counting); rejects with the first one's failure.
 */
export async function prepareLineage(rdd: RDD): Promise<void> {
  const seen = new Set<number>();
  const pending: Promise<void>[] = [];
  const visit = (r: RDD) => {
    if (seen.has(r.id())) return;
    seen.add(r.id());
    if (r.prepared) pending.push(r.prepared);
    for (const d of r.dependencies) visit(d.rdd);
  };
  visit(rdd);
  if (pending.length > 0) await Promise.all(pending);
}

function randomSuffix(): string {
  return Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
}
