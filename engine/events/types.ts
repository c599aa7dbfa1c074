/**
 * Spark listener events as data: the JSON objects Spark's `JsonProtocol` writes
 * to an event log, one per line, with Spark's field names exactly ("Stage ID",
 * "Task Info", …). The engine emits these, the views and lesson checks read
 * them, and a real Spark event log parses into the same types.
 *
 * The shapes follow Spark 3.4–4.x (`org.apache.spark.util.JsonProtocol`).
 * A field is optional (`?`) when an older Spark (1.2, 1.4, …) does not write it,
 * or when Spark itself writes it only sometimes, so every reader has to decide
 * what absence means. Fields only Spark 1.x wrote are kept, marked "Spark 1.x".
 */

/** A Spark `java.util.Properties` or string map, e.g. a job's local properties. */
export type StringMap = Record<string, string>;

// ---------------------------------------------------------------------------
// Pieces shared by several events

/** `BlockManagerId`: where an executor's block manager listens. */
export interface BlockManagerId {
  'Executor ID': string;
  Host: string;
  Port: number;
}

/** `StorageLevel` as JSON (see {@link storageLevelJson} to build one). */
export interface StorageLevel {
  'Use Disk': boolean;
  'Use Memory': boolean;
  /** Since Spark 3.4. */
  'Use Off Heap'?: boolean;
  /** Spark 1.x only. */
  'Use Tachyon'?: boolean;
  Deserialized: boolean;
  Replication: number;
}

/** `BlockStatus`: where a block is stored and how big it is. */
export interface BlockStatus {
  'Storage Level': StorageLevel;
  'Memory Size': number;
  'Disk Size': number;
  /** Spark 1.x only. */
  'Tachyon Size'?: number;
}

/** One entry of "Updated Blocks", e.g. `{ "Block ID": "rdd_0_3", "Status": … }`. */
export interface UpdatedBlock {
  'Block ID': string;
  Status: BlockStatus;
}

/**
 * `AccumulableInfo`. Internal task metrics (`internal.metrics.*`) carry numbers
 * (or a list of updated blocks); user accumulators carry their `toString`.
 */
export interface AccumulableInfo {
  ID: number;
  Name?: string;
  Update?: number | string | UpdatedBlock[];
  Value?: number | string | UpdatedBlock[];
  Internal?: boolean;
  /** Absent in older logs. */
  'Count Failed Values'?: boolean;
  Metadata?: string;
}

/** One frame of a JVM stack trace. */
export interface StackTraceElement {
  'Declaring Class': string;
  'Method Name': string;
  /** Absent when the JVM did not know the file. */
  'File Name'?: string;
  'Line Number': number;
}

/** `RDDInfo`: one RDD of a stage's lineage, as listed in a `StageInfo`. */
export interface RDDInfo {
  'RDD ID': number;
  Name: string;
  /** `RDDOperationScope` as a JSON string, e.g. `{"id":"1","name":"map"}`. Absent in older logs. */
  Scope?: string;
  /** Where the RDD was created, e.g. `map at SparkPi.scala:34`. Absent in older logs. */
  Callsite?: string;
  /** Absent in older logs. */
  'Parent IDs'?: number[];
  'Storage Level': StorageLevel;
  /** Since Spark 3.0. */
  Barrier?: boolean;
  /** `DETERMINATE`, `UNORDERED` or `INDETERMINATE`. Absent in older logs. */
  DeterministicLevel?: string;
  'Number of Partitions': number;
  'Number of Cached Partitions': number;
  'Memory Size': number;
  'Disk Size': number;
  /** Spark 1.x only. */
  'Tachyon Size'?: number;
}

/** `StageInfo`: a stage attempt as the DAG scheduler describes it. */
export interface StageInfo {
  'Stage ID': number;
  /** Absent only before Spark 1.2; read as 0. */
  'Stage Attempt ID'?: number;
  'Stage Name': string;
  'Number of Tasks': number;
  'RDD Info': RDDInfo[];
  /** Ids of the stages this one reads shuffle output from. Absent in Spark 1.x logs. */
  'Parent IDs'?: number[];
  /** The call site's stack trace. */
  Details?: string;
  /** Present once the stage has been submitted. */
  'Submission Time'?: number;
  /** Present once the stage has finished. */
  'Completion Time'?: number;
  /** Present only when the stage attempt failed. */
  'Failure Reason'?: string;
  Accumulables?: AccumulableInfo[];
  /** Absent in older logs. */
  'Resource Profile Id'?: number;
  /** Absent in older logs. */
  'Shuffle Push Enabled'?: boolean;
  /** Absent in older logs. */
  'Shuffle Push Mergers Count'?: number;
}

/** Task locality levels, best first (`TaskLocality`). */
export type TaskLocality = 'PROCESS_LOCAL' | 'NODE_LOCAL' | 'NO_PREF' | 'RACK_LOCAL' | 'ANY';

/** `TaskInfo`: one task attempt. Times are epoch milliseconds; 0 means "not yet". */
export interface TaskInfo {
  /** The task attempt id (TID), unique in the application. */
  'Task ID': number;
  /** The task's index in its task set. */
  Index: number;
  /** 0 for the first attempt of this index, then 1, 2, … */
  Attempt: number;
  /** The RDD partition the task computes. Since Spark 3.3. */
  'Partition ID'?: number;
  'Launch Time': number;
  'Executor ID': string;
  Host: string;
  /** A {@link TaskLocality}; typed as string because logs are external input. */
  Locality: TaskLocality | (string & {});
  Speculative?: boolean;
  'Getting Result Time': number;
  'Finish Time': number;
  Failed: boolean;
  /** Absent in Spark 1.x logs. */
  Killed?: boolean;
  Accumulables?: AccumulableInfo[];
}

// ---------------------------------------------------------------------------
// Task metrics

/** Push-based shuffle read metrics (nested in {@link ShuffleReadMetrics}). */
export interface ShufflePushReadMetrics {
  'Corrupt Merged Block Chunks': number;
  'Merged Fetch Fallback Count': number;
  'Merged Remote Blocks Fetched': number;
  'Merged Local Blocks Fetched': number;
  'Merged Remote Chunks Fetched': number;
  'Merged Local Chunks Fetched': number;
  'Merged Remote Bytes Read': number;
  'Merged Local Bytes Read': number;
  'Merged Remote Requests Duration': number;
}

/** What a task read from shuffle files. Spark's total bytes read = remote + local. */
export interface ShuffleReadMetrics {
  'Remote Blocks Fetched': number;
  'Local Blocks Fetched': number;
  /** Milliseconds the task waited for remote blocks. */
  'Fetch Wait Time': number;
  'Remote Bytes Read': number;
  /** Absent in older logs. */
  'Remote Bytes Read To Disk'?: number;
  /** Absent in Spark 1.2 logs. */
  'Local Bytes Read'?: number;
  /** Absent in Spark 1.2 logs. */
  'Total Records Read'?: number;
  /** Absent in older logs. */
  'Remote Requests Duration'?: number;
  /** Absent in older logs. */
  'Push Based Shuffle'?: ShufflePushReadMetrics;
}

/** What a shuffle map task wrote. */
export interface ShuffleWriteMetrics {
  'Shuffle Bytes Written': number;
  /** Nanoseconds, not milliseconds (as in Spark). */
  'Shuffle Write Time': number;
  /** Absent in Spark 1.2 logs. */
  'Shuffle Records Written'?: number;
}

/** What a task read from its input (files, cached blocks). */
export interface InputMetrics {
  /** Spark 1.x only, e.g. `Hadoop` or `Memory`. */
  'Data Read Method'?: string;
  'Bytes Read': number;
  /** Absent in Spark 1.2 logs. */
  'Records Read'?: number;
}

/** What a task wrote to output files. */
export interface OutputMetrics {
  /** Spark 1.x only. */
  'Data Write Method'?: string;
  'Bytes Written': number;
  /** Absent in Spark 1.2 logs. */
  'Records Written'?: number;
}

/**
 * `TaskMetrics` as any Spark version logged them. Spark 2.0+ writes every
 * section; Spark 1.x left out the sections a task did not use.
 * Times are milliseconds unless a field says otherwise.
 */
export interface TaskMetrics {
  /** Spark 1.x only. */
  'Host Name'?: string;
  'Executor Deserialize Time': number;
  /** Nanoseconds. Since Spark 2.1. */
  'Executor Deserialize CPU Time'?: number;
  'Executor Run Time': number;
  /** Nanoseconds. Since Spark 2.1. */
  'Executor CPU Time'?: number;
  /** Since Spark 3.0. */
  'Peak Execution Memory'?: number;
  /** Since Spark 4.0. */
  'Peak On Heap Execution Memory'?: number;
  /** Since Spark 4.0. */
  'Peak Off Heap Execution Memory'?: number;
  'Result Size': number;
  'JVM GC Time': number;
  'Result Serialization Time': number;
  'Memory Bytes Spilled': number;
  'Disk Bytes Spilled': number;
  'Shuffle Read Metrics'?: ShuffleReadMetrics;
  'Shuffle Write Metrics'?: ShuffleWriteMetrics;
  'Input Metrics'?: InputMetrics;
  'Output Metrics'?: OutputMetrics;
  'Updated Blocks'?: UpdatedBlock[];
}

/** Keys only Spark 1.x wrote; a complete (Spark 4) object leaves them out. */
type Spark1OnlyKey = 'Host Name' | 'Data Read Method' | 'Data Write Method';

/** `T` with every field Spark 4 writes present (recursively) and Spark 1.x-only fields gone. */
type Complete<T> = {
  [K in keyof T as K extends Spark1OnlyKey ? never : K]-?: NonNullable<T[K]> extends readonly unknown[]
    ? NonNullable<T[K]>
    : NonNullable<T[K]> extends object
      ? Complete<NonNullable<T[K]>>
      : NonNullable<T[K]>;
};

/** Task metrics exactly as Spark 4 writes them: every metric present. Built by {@link emptyTaskMetrics}. */
export type CompleteTaskMetrics = Complete<TaskMetrics>;

/** Executor memory/GC metrics: names such as `JVMHeapMemory`, values in bytes or counts. Since Spark 3.0. */
export type ExecutorMetrics = Record<string, number>;

// ---------------------------------------------------------------------------
// Why a task ended (`TaskEndReason`), keyed by "Reason"

export interface TaskSucceeded {
  Reason: 'Success';
}

/** A shuffle map task that had succeeded, re-run because its executor (and its output) was lost. */
export interface TaskResubmitted {
  Reason: 'Resubmitted';
}

/** A reduce task could not fetch a map output; the map stage is resubmitted. */
export interface FetchFailed {
  Reason: 'FetchFailed';
  /** Absent (null in Spark) when the map output's location was unknown. */
  'Block Manager Address'?: BlockManagerId | null;
  'Shuffle ID': number;
  /** The map task's id (its TID since Spark 3.0; its partition before). */
  'Map ID': number;
  /** The map partition. Since Spark 3.0. */
  'Map Index'?: number;
  'Reduce ID': number;
  /** Absent in older logs. */
  Message?: string;
}

/** The task threw: the user's code (or Spark's) raised an exception. */
export interface ExceptionFailure {
  Reason: 'ExceptionFailure';
  /** The exception's class, e.g. `java.lang.RuntimeException`. */
  'Class Name': string;
  /** The exception's message. */
  Description: string;
  'Stack Trace': StackTraceElement[];
  /** The printed stack trace including causes. Since Spark 1.2. */
  'Full Stack Trace'?: string;
  /** Since Spark 2.0. */
  'Accumulator Updates'?: AccumulableInfo[];
  /** Spark 1.x only: the failed attempt's metrics. */
  Metrics?: TaskMetrics;
}

/** The task finished but its result was lost before the driver fetched it. */
export interface TaskResultLost {
  Reason: 'TaskResultLost';
}

/** The task was killed on purpose (a speculative copy won, the job was cancelled, …). */
export interface TaskKilled {
  Reason: 'TaskKilled';
  /** Since Spark 2.2. */
  'Kill Reason'?: string;
  /** Since Spark 2.4. */
  'Accumulator Updates'?: AccumulableInfo[];
}

/** The output committer refused this attempt's commit (another attempt committed). */
export interface TaskCommitDenied {
  Reason: 'TaskCommitDenied';
  'Job ID'?: number;
  'Partition ID'?: number;
  'Attempt Number'?: number;
}

/** The executor running the task was lost. */
export interface ExecutorLostFailure {
  Reason: 'ExecutorLostFailure';
  'Executor ID'?: string;
  /** Whether a running task caused the exit (then it counts towards `spark.task.maxFailures`). */
  'Exit Caused By App'?: boolean;
  'Loss Reason'?: string;
}

export interface UnknownReason {
  Reason: 'UnknownReason';
}

/** Every reason a task can end with, discriminated by `Reason`. */
export type TaskEndReason =
  | TaskSucceeded
  | TaskResubmitted
  | FetchFailed
  | ExceptionFailure
  | TaskResultLost
  | TaskKilled
  | TaskCommitDenied
  | ExecutorLostFailure
  | UnknownReason;

/** How a job ended. */
export type JobResult =
  | { Result: 'JobSucceeded' }
  | { Result: 'JobFailed'; Exception: { Message?: string; 'Stack Trace'?: StackTraceElement[] } };

// ---------------------------------------------------------------------------
// The events

export interface SparkListenerLogStart {
  Event: 'SparkListenerLogStart';
  'Spark Version': string;
}

export interface SparkListenerApplicationStart {
  Event: 'SparkListenerApplicationStart';
  'App Name': string;
  /** Absent in some old logs. */
  'App ID'?: string;
  Timestamp: number;
  User: string;
  'App Attempt ID'?: string;
  'Driver Logs'?: StringMap;
  'Driver Attributes'?: StringMap;
}

export interface SparkListenerApplicationEnd {
  Event: 'SparkListenerApplicationEnd';
  Timestamp: number;
  /** Absent in older logs. */
  ExitCode?: number;
}

export interface SparkListenerEnvironmentUpdate {
  Event: 'SparkListenerEnvironmentUpdate';
  'JVM Information': StringMap;
  'Spark Properties': StringMap;
  /** Absent in older logs. */
  'Hadoop Properties'?: StringMap;
  'System Properties': StringMap;
  /** Since Spark 3.4. */
  'Metrics Properties'?: StringMap;
  'Classpath Entries': StringMap;
}

/** `ExecutorInfo`: an executor's host and cores. */
export interface ExecutorInfo {
  Host: string;
  'Total Cores': number;
  'Log Urls': StringMap;
  /** Since Spark 3.0. */
  Attributes?: StringMap;
  /** Custom resources (GPUs, …). Since Spark 3.0. */
  Resources?: Record<string, unknown>;
  /** Since Spark 3.4. */
  'Resource Profile Id'?: number;
  /** Since Spark 3.4. */
  'Registration Time'?: number;
  /** Since Spark 3.4. */
  'Request Time'?: number;
}

/** Old logs (Spark 1.x in local mode) announce executors only through {@link SparkListenerBlockManagerAdded}. */
export interface SparkListenerExecutorAdded {
  Event: 'SparkListenerExecutorAdded';
  Timestamp: number;
  'Executor ID': string;
  'Executor Info': ExecutorInfo;
}

export interface SparkListenerExecutorRemoved {
  Event: 'SparkListenerExecutorRemoved';
  Timestamp: number;
  'Executor ID': string;
  'Removed Reason': string;
}

export interface SparkListenerBlockManagerAdded {
  Event: 'SparkListenerBlockManagerAdded';
  'Block Manager ID': BlockManagerId;
  'Maximum Memory': number;
  /** Absent in older logs. */
  Timestamp?: number;
  /** Absent in older logs. */
  'Maximum Onheap Memory'?: number;
  /** Absent in older logs. */
  'Maximum Offheap Memory'?: number;
}

export interface SparkListenerBlockManagerRemoved {
  Event: 'SparkListenerBlockManagerRemoved';
  'Block Manager ID': BlockManagerId;
  Timestamp?: number;
}

export interface SparkListenerUnpersistRDD {
  Event: 'SparkListenerUnpersistRDD';
  'RDD ID': number;
}

/** A block was stored, replaced or dropped (logged only with `spark.eventLog.logBlockUpdates.enabled`). */
export interface SparkListenerBlockUpdated {
  Event: 'SparkListenerBlockUpdated';
  'Block Updated Info': {
    'Block Manager ID': BlockManagerId;
    'Block ID': string;
    'Storage Level': StorageLevel;
    'Memory Size': number;
    'Disk Size': number;
  };
}

export interface SparkListenerJobStart {
  Event: 'SparkListenerJobStart';
  'Job ID': number;
  /** Absent in Spark 1.2 logs. */
  'Submission Time'?: number;
  /**
   * Every stage the job needs, including ones it will skip because their
   * output already exists. Since Spark 1.2.
   */
  'Stage Infos'?: StageInfo[];
  'Stage IDs': number[];
  /** The job's local properties (`spark.job.description`, `spark.scheduler.pool`, …). */
  Properties?: StringMap;
}

export interface SparkListenerJobEnd {
  Event: 'SparkListenerJobEnd';
  'Job ID': number;
  /** Absent in Spark 1.2 logs. */
  'Completion Time'?: number;
  'Job Result': JobResult;
}

export interface SparkListenerStageSubmitted {
  Event: 'SparkListenerStageSubmitted';
  'Stage Info': StageInfo;
  Properties?: StringMap;
}

export interface SparkListenerStageCompleted {
  Event: 'SparkListenerStageCompleted';
  'Stage Info': StageInfo;
}

export interface SparkListenerTaskStart {
  Event: 'SparkListenerTaskStart';
  'Stage ID': number;
  /** Absent only before Spark 1.2; read as 0. */
  'Stage Attempt ID'?: number;
  'Task Info': TaskInfo;
}

/** The task finished and the driver is fetching its (large) result from the executor's block manager. */
export interface SparkListenerTaskGettingResult {
  Event: 'SparkListenerTaskGettingResult';
  'Task Info': TaskInfo;
}

export interface SparkListenerTaskEnd {
  Event: 'SparkListenerTaskEnd';
  'Stage ID': number;
  /** Absent only before Spark 1.2; read as 0. */
  'Stage Attempt ID'?: number;
  /** `ResultTask` or `ShuffleMapTask`. */
  'Task Type': 'ResultTask' | 'ShuffleMapTask' | (string & {});
  'Task End Reason': TaskEndReason;
  'Task Info': TaskInfo;
  /** Peak executor memory while the task ran. Since Spark 3.0. */
  'Task Executor Metrics'?: ExecutorMetrics;
  /** Absent (or null) when the task ended without metrics, e.g. its executor was lost. */
  'Task Metrics'?: TaskMetrics | null;
}

/** Heartbeat metrics of running tasks. Not written to event logs by default; loosely typed. */
export interface SparkListenerExecutorMetricsUpdate {
  Event: 'SparkListenerExecutorMetricsUpdate';
  'Executor ID': string;
  'Metrics Updated': {
    'Task ID': number;
    'Stage ID': number;
    'Stage Attempt ID': number;
    'Accumulator Updates': AccumulableInfo[];
  }[];
  'Executor Metrics Updated'?: unknown[];
}

/** Per-stage peak executor metrics. Loosely typed. Since Spark 3.0. */
export interface SparkListenerStageExecutorMetrics {
  Event: 'SparkListenerStageExecutorMetrics';
  'Executor ID': string;
  'Stage ID': number;
  'Stage Attempt ID': number;
  'Executor Metrics': ExecutorMetrics;
}

/** A resource profile (cores, memory per executor and task). Loosely typed. */
export interface SparkListenerResourceProfileAdded {
  Event: 'SparkListenerResourceProfileAdded';
  'Resource Profile Id': number;
  'Executor Resource Requests': Record<string, unknown>;
  'Task Resource Requests': Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// Spark SQL's events (`org.apache.spark.sql.execution.ui.SQLListener`). Jackson,
// not JsonProtocol, writes them, so their fields are the case classes' own names.

/** `SQLMetricInfo` / `SQLPlanMetric`: one metric of a physical operator, e.g. `number of output rows`. */
export interface SqlPlanMetricJson {
  name: string;
  accumulatorId: number;
  /** `sum`, `size`, `timing`, `nsTiming`, `average`, or `v2Custom_<class>` for a data source's own metric. */
  metricType: string;
}

/** `SparkPlanInfo`: a physical plan as the SQL tab receives it, one node per operator. */
export interface SparkPlanInfoJson {
  nodeName: string;
  simpleString: string;
  children: SparkPlanInfoJson[];
  /** Absent in Spark 2.0 logs. */
  metadata?: StringMap;
  metrics: SqlPlanMetricJson[];
  /** Kindling's logs only: the program line (1-based) and column the operator comes from. */
  callSite?: { line: number; column: number };
}

export interface SparkListenerSQLExecutionStart {
  Event: 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart';
  executionId: number;
  /** The execution that started this one (a command's inner queries). Since Spark 3.4. */
  rootExecutionId?: number;
  description: string;
  details: string;
  physicalPlanDescription: string;
  sparkPlanInfo: SparkPlanInfoJson;
  time: number;
  /** SQL settings the session changed from their defaults. Since Spark 3.3. */
  modifiedConfigs?: StringMap;
  /** Since Spark 3.5. */
  jobTags?: string[];
  /** Since Spark 4.0. */
  jobGroupId?: string;
}

export interface SparkListenerSQLExecutionEnd {
  Event: 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd';
  executionId: number;
  time: number;
  /** Present when the query failed. Since Spark 3.4. */
  errorMessage?: string;
}

/** Adaptive execution re-planned the query: the plan now shown. */
export interface SparkListenerSQLAdaptiveExecutionUpdate {
  Event: 'org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate';
  executionId: number;
  physicalPlanDescription: string;
  sparkPlanInfo: SparkPlanInfoJson;
}

/** Metrics of operators that adaptive execution added to a plan. */
export interface SparkListenerSQLAdaptiveSQLMetricUpdates {
  Event: 'org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveSQLMetricUpdates';
  executionId: number;
  sqlPlanMetrics: SqlPlanMetricJson[];
}

/** Metric values the driver set itself (e.g. a broadcast's build time), as `[accumulatorId, value]` pairs. */
export interface SparkListenerDriverAccumUpdates {
  Event: 'org.apache.spark.sql.execution.ui.SparkListenerDriverAccumUpdates';
  executionId: number;
  accumUpdates: [number, number][];
}

/**
 * Any event this module does not model (SQL events, streaming events, events
 * from newer Spark versions). Readers skip what they do not understand.
 */
export interface UnknownSparkEvent {
  Event: string;
  [field: string]: unknown;
}

/** Every event with a modelled shape, discriminated by `Event`. */
export type KnownSparkEvent =
  | SparkListenerLogStart
  | SparkListenerApplicationStart
  | SparkListenerApplicationEnd
  | SparkListenerEnvironmentUpdate
  | SparkListenerExecutorAdded
  | SparkListenerExecutorRemoved
  | SparkListenerBlockManagerAdded
  | SparkListenerBlockManagerRemoved
  | SparkListenerUnpersistRDD
  | SparkListenerBlockUpdated
  | SparkListenerJobStart
  | SparkListenerJobEnd
  | SparkListenerStageSubmitted
  | SparkListenerStageCompleted
  | SparkListenerTaskStart
  | SparkListenerTaskGettingResult
  | SparkListenerTaskEnd
  | SparkListenerExecutorMetricsUpdate
  | SparkListenerStageExecutorMetrics
  | SparkListenerResourceProfileAdded
  | SparkListenerSQLExecutionStart
  | SparkListenerSQLExecutionEnd
  | SparkListenerSQLAdaptiveExecutionUpdate
  | SparkListenerSQLAdaptiveSQLMetricUpdates
  | SparkListenerDriverAccumUpdates;

/** The name in a known event's `Event` field, e.g. `'SparkListenerTaskEnd'`. */
export type KnownEventName = KnownSparkEvent['Event'];

/** One Spark listener event, as it appears on one line of an event log. */
export type SparkEvent = KnownSparkEvent | UnknownSparkEvent;

/** The known event whose `Event` field is `N`. */
export type EventOf<N extends KnownEventName> = Extract<KnownSparkEvent, { Event: N }>;

// `satisfies` makes the compiler reject this table when a known event is added without it.
const KNOWN_EVENT_NAMES = new Set<string>(
  Object.keys({
    SparkListenerLogStart: true,
    SparkListenerApplicationStart: true,
    SparkListenerApplicationEnd: true,
    SparkListenerEnvironmentUpdate: true,
    SparkListenerExecutorAdded: true,
    SparkListenerExecutorRemoved: true,
    SparkListenerBlockManagerAdded: true,
    SparkListenerBlockManagerRemoved: true,
    SparkListenerUnpersistRDD: true,
    SparkListenerBlockUpdated: true,
    SparkListenerJobStart: true,
    SparkListenerJobEnd: true,
    SparkListenerStageSubmitted: true,
    SparkListenerStageCompleted: true,
    SparkListenerTaskStart: true,
    SparkListenerTaskGettingResult: true,
    SparkListenerTaskEnd: true,
    SparkListenerExecutorMetricsUpdate: true,
    SparkListenerStageExecutorMetrics: true,
    SparkListenerResourceProfileAdded: true,
    'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart': true,
    'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd': true,
    'org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate': true,
    'org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveSQLMetricUpdates': true,
    'org.apache.spark.sql.execution.ui.SparkListenerDriverAccumUpdates': true,
  } satisfies Record<KnownEventName, true>),
);

/**
 * Narrows an event to one known kind. `SparkEvent` includes events of any
 * name, so comparing `e.Event` alone cannot narrow it; use this instead.
 *
 * @example
 * if (isEvent(e, 'SparkListenerTaskEnd')) console.log(e['Task Info']['Task ID']);
 */
export function isEvent<N extends KnownEventName>(event: SparkEvent, name: N): event is EventOf<N> {
  return event.Event === name;
}

/**
 * The event as a {@link KnownSparkEvent} (so a `switch` on `Event` narrows),
 * or `undefined` for events this module does not model.
 *
 * @example
 * const known = asKnownEvent(e);
 * switch (known?.Event) { case 'SparkListenerJobEnd': … }
 */
export function asKnownEvent(event: SparkEvent): KnownSparkEvent | undefined {
  // The cast is what this function is for: the name check above it is the proof.
  return KNOWN_EVENT_NAMES.has(event.Event) ? (event as KnownSparkEvent) : undefined;
}

// ---------------------------------------------------------------------------
// Builders for the engine

/**
 * Task metrics with every metric Spark 4 writes, all zero, nested and ordered
 * exactly as Spark 4's `JsonProtocol` writes them. The engine fills in what a
 * task measured.
 *
 * @example
 * const m = emptyTaskMetrics();
 * m['Executor Run Time'] = 12;
 * m['Shuffle Write Metrics']['Shuffle Bytes Written'] += block.byteLength;
 */
export function emptyTaskMetrics(): CompleteTaskMetrics {
  return {
    'Executor Deserialize Time': 0,
    'Executor Deserialize CPU Time': 0,
    'Executor Run Time': 0,
    'Executor CPU Time': 0,
    'Peak Execution Memory': 0,
    'Peak On Heap Execution Memory': 0,
    'Peak Off Heap Execution Memory': 0,
    'Result Size': 0,
    'JVM GC Time': 0,
    'Result Serialization Time': 0,
    'Memory Bytes Spilled': 0,
    'Disk Bytes Spilled': 0,
    'Shuffle Read Metrics': {
      'Remote Blocks Fetched': 0,
      'Local Blocks Fetched': 0,
      'Fetch Wait Time': 0,
      'Remote Bytes Read': 0,
      'Remote Bytes Read To Disk': 0,
      'Local Bytes Read': 0,
      'Total Records Read': 0,
      'Remote Requests Duration': 0,
      'Push Based Shuffle': {
        'Corrupt Merged Block Chunks': 0,
        'Merged Fetch Fallback Count': 0,
        'Merged Remote Blocks Fetched': 0,
        'Merged Local Blocks Fetched': 0,
        'Merged Remote Chunks Fetched': 0,
        'Merged Local Chunks Fetched': 0,
        'Merged Remote Bytes Read': 0,
        'Merged Local Bytes Read': 0,
        'Merged Remote Requests Duration': 0,
      },
    },
    'Shuffle Write Metrics': {
      'Shuffle Bytes Written': 0,
      'Shuffle Write Time': 0,
      'Shuffle Records Written': 0,
    },
    'Input Metrics': { 'Bytes Read': 0, 'Records Read': 0 },
    'Output Metrics': { 'Bytes Written': 0, 'Records Written': 0 },
    'Updated Blocks': [],
  };
}

/**
 * The "Task Executor Metrics" object of a Spark 4 `SparkListenerTaskEnd`, all
 * zero: a browser cannot measure JVM memory, but readers expect the field.
 *
 * @example
 * const taskEnd = { …, 'Task Executor Metrics': emptyTaskExecutorMetrics(), 'Task Metrics': metrics };
 */
export function emptyTaskExecutorMetrics(): ExecutorMetrics {
  return {
    JVMHeapMemory: 0,
    JVMOffHeapMemory: 0,
    OnHeapExecutionMemory: 0,
    OffHeapExecutionMemory: 0,
    OnHeapStorageMemory: 0,
    OffHeapStorageMemory: 0,
    OnHeapUnifiedMemory: 0,
    OffHeapUnifiedMemory: 0,
    DirectPoolMemory: 0,
    MappedPoolMemory: 0,
    ProcessTreeJVMVMemory: 0,
    ProcessTreeJVMRSSMemory: 0,
    ProcessTreePythonVMemory: 0,
    ProcessTreePythonRSSMemory: 0,
    ProcessTreeOtherVMemory: 0,
    ProcessTreeOtherRSSMemory: 0,
    MinorGCCount: 0,
    MinorGCTime: 0,
    MajorGCCount: 0,
    MajorGCTime: 0,
    TotalGCTime: 0,
    ConcurrentGCCount: 0,
    ConcurrentGCTime: 0,
  };
}

/**
 * A storage level as Spark 4 writes it (field order included).
 *
 * @example
 * storageLevelJson({ useDisk: false, useMemory: true, deserialized: true, replication: 1 }) // MEMORY_ONLY
 */
export function storageLevelJson(level: {
  useDisk: boolean;
  useMemory: boolean;
  useOffHeap?: boolean;
  deserialized: boolean;
  replication: number;
}): Required<Omit<StorageLevel, 'Use Tachyon'>> {
  return {
    'Use Disk': level.useDisk,
    'Use Memory': level.useMemory,
    'Use Off Heap': level.useOffHeap ?? false,
    Deserialized: level.deserialized,
    Replication: level.replication,
  };
}
