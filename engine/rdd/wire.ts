/**
 * What crosses from the driver to executors to describe work: RDD lineage
 * within one stage, shuffle dependencies, result functions. Types only; both
 * sides import this module.
 */
import type { SerializedFunction } from '../closure/closure';
import type { PartitionerWire } from './partitioner';
import type { StorageLevelWire } from './storage-level';

/** A function executors rebuild: a learner's lambda, or engine code shipped as source. */
export type FunctionRef = ((...args: never[]) => unknown) | BuiltinFunction;

/** Engine-internal function shipped as JavaScript source with no free variables (see also `fromSource`). */
export interface BuiltinFunction {
  builtin: string;
}

export const builtin = (source: string): BuiltinFunction => ({ builtin: source });

export function isBuiltin(f: unknown): f is BuiltinFunction {
  return typeof f === 'object' && f !== null && typeof (f as BuiltinFunction).builtin === 'string';
}

/** Operations a MapPartitionsRDD applies to its parent's partition. */
export type MapOp =
  | { op: 'map' | 'filter' | 'flatMap' | 'keyBy' | 'mapValues' | 'flatMapValues'; f: SerializedFunction }
  | { op: 'mapPartitions'; f: SerializedFunction }
  | { op: 'mapPartitionsWithIndex'; f: SerializedFunction }
  | { op: 'identity' | 'glom' | 'keys' | 'values' | 'dedupe' | 'swapToValueKey' }
  | {
      op: 'sample';
      sampler: SamplerWire;
      seed: bigint;
      /**
       * How partition i's seed derives from `seed`: PartitionwiseSampledRDD's i-th `nextLong()` of
       * `new java.util.Random(seed)` (`sample`), or `seed + i` (`randomSplit`'s randomSampleWithRange).
       */
      seeding: 'javaRandom' | 'plusIndex';
    }
  | { op: 'sampleByKey'; withReplacement: boolean; fractions: [unknown, number][]; seed: bigint }
  | { op: 'distribute'; numPartitions: number }
  | { op: 'sketch'; sampleSize: number; shift: number }
  | { op: 'joinFlatten'; kind: 'inner' | 'left' | 'right' | 'full' }
  | { op: 'intersectFilter' }
  /** Spark SQL operators fused into one step of a stage (engine/sql/execution/runtime/operators.ts). */
  | { op: 'sql'; steps: readonly unknown[]; codegen?: boolean };

/** One of Spark's samplers (util/random/RandomSampler.scala), rebuilt per task. */
export type SamplerWire =
  | { kind: 'bernoulli'; fraction: number }
  | { kind: 'poisson'; fraction: number }
  | { kind: 'bernoulliCell'; lb: number; ub: number; complement: boolean };

export interface AggregatorWire {
  createCombiner: SerializedFunction;
  mergeValue: SerializedFunction;
  mergeCombiners: SerializedFunction;
  zeroValue?: { value: unknown };
}

export type DependencyWire =
  | { kind: 'narrow'; rdd: number }
  | {
      kind: 'shuffle';
      rdd: number;
      shuffleId: number;
      numMaps: number;
      partitioner: PartitionerWire;
      aggregator?: AggregatorWire;
      mapSideCombine: boolean;
      keyOrdering?: { ascending: boolean };
      /** Accumulator ids of a Spark SQL Exchange's shuffle metrics (SQLShuffleWrite/ReadMetricsReporter). */
      sqlMetrics?: Readonly<Record<string, number>>;
    };

/**
 * Which shuffle blocks one task of Spark SQL's ShuffledRowRDD reads (Spark's
 * ShufflePartitionSpec): a range of reduce partitions from every map
 * (coalesced), one reduce partition from a range of maps (a skewed
 * partition's split), or a range of reduce partitions from some maps (a
 * local read: the reducers of the maps one executor wrote).
 */
export type ShufflePartitionSpecWire =
  | { kind: 'coalesced'; startReducer: number; endReducer: number }
  | { kind: 'partialReducer'; reducer: number; startMap: number; endMap: number }
  | { kind: 'partialMapper'; map: number; startReducer: number; endReducer: number }
  | { kind: 'coalescedMapper'; startMap: number; endMap: number; numReducers: number };

export type RDDKindWire =
  | { type: 'ParallelCollectionRDD' }
  | { type: 'HadoopRDD' }
  | { type: 'WholeTextFileRDD' }
  /** Spark SQL's FileScanRDD: rows of file pieces read by a file format (engine/sql/execution/datasources/). */
  | { type: 'FileScanRDD'; scan: FileScanWire }
  | { type: 'MapPartitionsRDD'; op: MapOp }
  | { type: 'ShuffledRDD'; aggregator?: AggregatorWire; mapSideCombine: boolean; keyOrdering?: { ascending: boolean } }
  | { type: 'ShuffledRowRDD'; specs: ShufflePartitionSpecWire[] }
  | { type: 'CoGroupedRDD' }
  | { type: 'SubtractedRDD' }
  | { type: 'UnionRDD'; ranges: { parent: number; inStart: number; outStart: number; length: number }[] }
  | { type: 'PartitionerAwareUnionRDD' }
  | { type: 'CoalescedRDD'; groups: number[][] }
  | { type: 'CartesianRDD'; rightPartitions: number }
  | { type: 'ZippedWithIndexRDD'; startIndices: number[] }
  /** A Python function over the parent's partition (PySpark's PythonRDD); see engine/python/. */
  | { type: 'PythonRDD'; func: PythonFunctionWire }
  /** Flat [key bytes, value bytes, ...] records from Python as (Long, bytes) pairs (PySpark's PairwiseRDD). */
  | { type: 'PairwiseRDD' }
  /** Python UDFs over SQL rows (Spark's BatchEvalPythonExec); see engine/python/python-rdd.ts. */
  | { type: 'BatchEvalPython'; udfs: PythonUDFWire[]; childWidth: number }
  | { type: 'ZippedPartitionsRDD'; f: SerializedFunction }
  | { type: 'ReliableCheckpointRDD'; path: string }
  | { type: 'LocalCheckpointRDD'; originalRddId: number };

/**
 * What a FileScanRDD's tasks do with their file pieces: read rows of `fields`
 * in a format (`rows`), or one of the jobs that infer a schema: CSV's
 * `CSVInferSchema` aggregate over tokenized lines, JSON's `JsonInferSchema`
 * fold, Parquet's footer read (`SchemaMergeUtils`).
 */
export interface FileScanWire {
  mode: 'rows' | 'inferCsv' | 'inferJson' | 'parquetSchema';
  format: 'csv' | 'json' | 'text' | 'parquet';
  /** The reader's options, keys lower-cased (Spark's CaseInsensitiveMap). */
  options: Record<string, string>;
  /** The columns read, by name and DDL type (`bigint`, `decimal(10,2)`, `array<string>`). */
  fields: { name: string; type: string }[];
  /** For `inferCsv` with a header: the first line, which every partition drops (CSVUtils.filterHeaderLine). */
  headerLine?: string;
}

/** What a FileFormatWriter task writes: `<path>/part-<partition>-<jobId>-c000<extension>` in a format. */
export interface WriteFilesWire {
  path: string;
  format: 'csv' | 'json' | 'text' | 'parquet';
  options: Record<string, string>;
  fields: { name: string; type: string }[];
  /** The write job's UUID, in every part file's name. */
  jobId: string;
  extension: string;
}

/** Spark's PythonFunction: the pickled command and what a Python worker needs to run it. */
export interface PythonFunctionWire {
  /** The pickled (function, profiler, deserializer, serializer) of a PipelinedRDD. */
  command: Uint8Array;
  /** Where the executor's interpreter comes from: the URL of the folder serving Pyodide's runtime. */
  pythonExec: string;
  /** Broadcast variables the command's functions use. */
  broadcastIds: number[];
  /** The collection accumulator that carries the task's Python accumulator updates back. */
  accumulatorId: number;
  /** The driver program's file name and source, so task tracebacks can show the program's lines. */
  fileName: string;
  source: string;
}

/** One Python UDF of a BatchEvalPython: its function, and where and of which types its arguments are in a row. */
export interface PythonUDFWire {
  /** The functions of a chain of UDFs (`f(g(x))`), innermost first; the last one's return type reads the result. */
  funcs: PythonFunctionWire[];
  argOffset: number;
  argCount: number;
  /** The arguments' types, as Spark's DataType JSON array, for Python to read the values as PySpark gives them. */
  argTypes: string;
}

export type RDDWire = RDDKindWire & {
  id: number;
  name: string;
  numPartitions: number;
  storageLevel: StorageLevelWire | null;
  deps: DependencyWire[];
};

/** What the result task of a job does with its partition's records. */
export type ResultFuncWire =
  | { kind: 'collect' | 'count' | 'sum' | 'stats' | 'iteratorSize' }
  | { kind: 'foreach' | 'foreachPartition' | 'reduce'; f: SerializedFunction }
  | { kind: 'fold'; zero: unknown; f: SerializedFunction }
  | { kind: 'aggregate'; zero: unknown; seqOp: SerializedFunction; combOp: SerializedFunction }
  | { kind: 'take'; n: number }
  | { kind: 'takeOrdered'; n: number; key?: SerializedFunction; descending: boolean }
  | { kind: 'lookup'; key: unknown }
  | { kind: 'saveText'; path: string }
  /** Spark SQL's FileFormatWriter task: the partition's rows as one part file (engine/sql/execution/datasources/). */
  | { kind: 'writeFiles'; write: WriteFilesWire }
  | { kind: 'hyperLogLog'; p: number }
  | { kind: 'writeCheckpoint'; path: string };

/** Everything an executor needs to run any task of one stage attempt. */
export interface TaskBinary {
  stageKey: string;
  rootRdd: number;
  /** The stage's RDDs (within the stage: narrow ancestors of the root, up to shuffle reads). */
  rdds: RDDWire[];
  /** For a shuffle map stage: the dependency whose map side this stage writes. */
  shuffleDep?: Extract<DependencyWire, { kind: 'shuffle' }>;
  resultFunc?: ResultFuncWire;
  /** Broadcast variables the closures reference; executors fetch them before running. */
  broadcastIds: number[];
}

/** Per-task data: what each RDD of the stage needs for the partitions this task reads. */
export type PartitionPayloads = Record<number, Record<number, unknown>>;

export interface TaskDescription {
  taskId: number;
  attemptNumber: number;
  stageId: number;
  stageAttemptId: number;
  jobId: number;
  /** Partition of the stage's root RDD this task computes. */
  partitionId: number;
  /** The task's index within its task set. */
  index: number;
  kind: 'ShuffleMapTask' | 'ResultTask';
  stageKey: string;
  /** Sent only the first time an executor sees the stage attempt. */
  binary?: TaskBinary;
  /** `PartitionPayloads` encoded with the record codec (transferred, not cloned). */
  payloads: Uint8Array;
  properties: Record<string, string>;
  /** An injected fault for this attempt (lessons, the playground's fault controls). */
  fault?: TaskFault;
}

export interface TaskFault {
  /** Throw an Error with this message before computing. */
  fail?: string;
  /** Wait this long before computing, as a straggler would. */
  delayMs?: number;
}

export interface MapStatusWire {
  executorId: string;
  host: string;
  mapId: number;
  mapIndex: number;
  /** Bytes written for each reduce partition (0 = no block). */
  sizes: number[];
}

export interface AccumulatorUpdate {
  id: number;
  /** A long accumulator's sum of adds, or the values a collection accumulator received. */
  update: number | unknown[];
}

export interface BlockUpdate {
  blockId: string;
  storageLevel: StorageLevelWire;
  memSize: number;
  diskSize: number;
}

export interface TaskMetricsWire {
  executorDeserializeTime: number;
  executorRunTime: number;
  executorCpuTime: number;
  resultSize: number;
  resultSerializationTime: number;
  peakExecutionMemory: number;
  memoryBytesSpilled: number;
  diskBytesSpilled: number;
  inputBytes: number;
  inputRecords: number;
  outputBytes: number;
  outputRecords: number;
  shuffleRead: {
    remoteBlocksFetched: number;
    localBlocksFetched: number;
    fetchWaitTime: number;
    remoteBytesRead: number;
    localBytesRead: number;
    recordsRead: number;
  };
  shuffleWrite: { bytesWritten: number; writeTime: number; recordsWritten: number };
}

export type TaskFailureWire =
  | { reason: 'ExceptionFailure'; className: string; description: string; stack: string }
  | {
      reason: 'FetchFailed';
      executorId: string;
      host: string;
      shuffleId: number;
      mapId: number;
      mapIndex: number;
      reduceId: number;
      message: string;
    }
  | { reason: 'TaskKilled'; killReason: string };

/**
 * One RDD partition as a task saw it (engine/executor/partition-capture.ts):
 * its first rows as text, how many rows went through, whether the task read
 * them all. Sent only when the driver asked (`kindling.partitionData.rows`).
 */
export interface PartitionDataWire {
  rddId: number;
  partition: number;
  /** The first rows, each as `util.inspect` would print it, within the bounds. */
  rows: string[];
  /** Rows that went through: the partition's size when `complete`. */
  count: number;
  /** False when the task stopped reading early: `take`/`first` had enough, or the task failed. */
  complete: boolean;
  /** Which bound left rows out of `rows`: rows, characters per partition, or the task's whole budget. */
  cut?: 'rows' | 'chars' | 'task';
  /** The partition is a persisted RDD's block: read from the cache, or computed and stored (or not). */
  block?: { blockId: string; status: 'read' | 'stored' | 'not-stored'; memory: boolean };
}

/** What one task attempt captured, as the driver hands it to whoever asked (the playground). */
export interface TaskPartitionData {
  taskId: number;
  stageId: number;
  stageAttemptId: number;
  /** The partition of the stage's final RDD the task computed. */
  partitionId: number;
  attemptNumber: number;
  executorId: string;
  /** False for an attempt that failed: its rows are those it saw before failing. */
  successful: boolean;
  partitions: PartitionDataWire[];
}

export type TaskOutcome =
  | {
      status: 'success';
      /** The encoded result value; for ShuffleMapTasks, absent (see mapStatus). */
      result?: Uint8Array;
      /** A result over spark.task.maxDirectResultSize, left in the executor's block store for the driver to fetch. */
      indirectResult?: { blockKey: string; size: number };
      mapStatus?: MapStatusWire;
      accumUpdates: AccumulatorUpdate[];
      blockUpdates: BlockUpdate[];
      metrics: TaskMetricsWire;
      partitionData?: PartitionDataWire[];
    }
  | {
      status: 'failed';
      failure: TaskFailureWire;
      metrics: TaskMetricsWire;
      accumUpdates: AccumulatorUpdate[];
      /** What the attempt had seen before it failed. */
      partitionData?: PartitionDataWire[];
    };

export function emptyMetrics(): TaskMetricsWire {
  return {
    executorDeserializeTime: 0,
    executorRunTime: 0,
    executorCpuTime: 0,
    resultSize: 0,
    resultSerializationTime: 0,
    peakExecutionMemory: 0,
    memoryBytesSpilled: 0,
    diskBytesSpilled: 0,
    inputBytes: 0,
    inputRecords: 0,
    outputBytes: 0,
    outputRecords: 0,
    shuffleRead: {
      remoteBlocksFetched: 0,
      localBlocksFetched: 0,
      fetchWaitTime: 0,
      remoteBytesRead: 0,
      localBytesRead: 0,
      recordsRead: 0,
    },
    shuffleWrite: { bytesWritten: 0, writeTime: 0, recordsWritten: 0 },
  };
}
