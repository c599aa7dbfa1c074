/**
 * What happened in a run, as facts read from the Spark listener event stream
 * alone: which jobs ran and why, how each job was cut into stages, why each
 * stage has its number of tasks, why a stage was skipped, and which operators
 * of the program read a shuffle. The prediction comparison (compare.ts)
 * explains a learner's misses with these facts, so every sentence it says is
 * backed by the events the engine (or a real Spark) posted.
 *
 * Text uses backticks around code (`reduceByKey`); views render them as code.
 */
import { SQL_EXECUTION_ID_KEY, buildSparkPlanGraph } from '../../engine/events/sql-model';
import { planExchanges, type ExchangeFact } from '../../engine/events/sql-exchanges';
import {
  asKnownEvent,
  type RDDInfo,
  type SparkEvent,
  type SparkPlanInfoJson,
  type StageInfo,
  type StorageLevel,
  type StringMap,
  type TaskEndReason,
} from '../../engine/events/types';

/** A file the program's `sc.textFile` could see (public/index.json's entries). */
export interface DataFile {
  path: string;
  size: number;
}

export interface FactOptions {
  /**
   * The program's file name in call sites (`reduceByKey at playground.js:5`).
   * Lines are only reported for call sites in this file; without it, any file's line counts.
   */
  fileName?: string;
  /** The files `textFile` read from, to say how many a glob matched. */
  files?: readonly DataFile[];
  /** The program, to tell an argument given (`parallelize(data, 4)`) from a default taken. */
  source?: string;
}

/** One RDD as the StageInfos describe it, with its operator and line. */
export interface RddFact {
  rddId: number;
  /** `RDDInfo.Name`: the class name, or the name given with `setName` (textFile names RDDs by path). */
  name: string;
  /** The RDD's class, e.g. `ShuffledRDD`; guessed when a custom name hid it. */
  className: string;
  /** The public operation that created it (its RDDOperationScope), e.g. `reduceByKey`. */
  operator: string;
  scopeId?: string;
  /** Spark's short call site, e.g. `reduceByKey at playground.js:5`. */
  callSite?: string;
  /** 1-based line in the program, when the call site is in it. */
  line?: number;
  parentIds: number[];
  numPartitions: number;
  numCachedPartitions: number;
  memorySize: number;
  diskSize: number;
  storageLevel: StorageLevel;
}

export interface StageFact {
  stageId: number;
  name: string;
  /** Tasks of the stage's first attempt (a retried attempt runs only the missing partitions). */
  numTasks: number;
  kind: 'result' | 'shuffle-map';
  /** The stage's RDD (its last), then its narrow ancestors, as Spark lists them. */
  rddIds: number[];
  parentStageIds: number[];
  /** Jobs listing the stage. */
  jobIds: number[];
  /** Listed by its job but never submitted. */
  skipped: boolean;
  /** Stage attempts submitted (more than 1 after a fetch failure or a lost executor). */
  attempts: number;
  /** RDDs of this stage that read shuffle output, with the parent RDDs they read it from. */
  shuffleReads: { rddId: number; fromRddIds: number[] }[];
  /** Why it has `numTasks` tasks, in a sentence. */
  whyTasks: string;
  /** Where the stage begins when it reads a shuffle, e.g. "Stage 1 starts at `reduceByKey` (line 5), …". */
  whyBoundary?: string;
  /** Why it was skipped, when it was. */
  whySkipped?: string;
  /** Ended task attempts per locality level (`PROCESS_LOCAL`, …), as their TaskInfos give it. */
  locality: Record<string, number>;
  /** Where its tasks ran, and why there, in a sentence; absent when no attempt ended. */
  whyLocality?: string;
  /** Its failed, retried, speculative and killed attempts, and its re-run attempts, in sentences. */
  whyRetries: string[];
}

/**
 * Why a job exists: an action; a transformation that runs a job of its own
 * (`sortByKey` samples keys, `zipWithIndex` counts partitions); or one of the
 * incremental jobs of `take`/`first`/`isEmpty`. A SQL query's jobs: a
 * broadcast's collect, adaptive execution's map-stage job per exchange (a
 * query stage), a global sort's sampling job, then the action's own.
 */
export type JobOrigin = 'action' | 'sampling' | 'index-counting' | 'incremental' | 'broadcast' | 'query-stage';

export interface JobFact {
  jobId: number;
  /** The operation that submitted it, e.g. `collect`, `sortByKey`. */
  operator: string;
  callSite?: string;
  line?: number;
  origin: JobOrigin;
  status: 'running' | 'succeeded' | 'failed';
  failureMessage?: string;
  /** Every stage the job lists, ascending, skipped ones included. */
  stages: StageFact[];
  /** The stages it ran (submitted), ascending. */
  ranStages: StageFact[];
  /** Why the job ran, in a sentence. */
  why: string;
  /** The SQL execution (query) it ran for, from its `spark.sql.execution.id` property. */
  sqlExecutionId?: number;
  /** That query's description, e.g. `showString at playground.js:11`. */
  sqlDescription?: string;
  /** Its last stage ran shuffle map tasks: a map-stage job (adaptive execution's query stage). */
  mapStageJob?: boolean;
}

/** One public operation of the program (an RDDOperationScope) and whether it shuffled. */
export interface OperatorFact {
  scopeId: string;
  operator: string;
  callSite?: string;
  line?: number;
  rddIds: number[];
  /** One of its RDDs read shuffle output: it cut a stage. */
  shuffled: boolean;
  /** For a wide-capable operation that did not shuffle: the operations whose partitioning it reused. */
  reusedPartitionerOf?: { operator: string; line?: number; callSite?: string }[];
}

/** One DataFrame/SQL query the program ran: its shuffle exchanges as its final plan has them. */
export interface QueryFact {
  executionId: number;
  description: string;
  /** Adaptive execution re-planned it while it ran. */
  replanned: boolean;
  exchanges: ExchangeFact[];
}

export interface RunFacts {
  jobs: JobFact[];
  /** Every operation seen in a stage, in order of first RDD id. */
  operators: OperatorFact[];
  /**
   * Lines whose operations read a shuffle, ascending. For a DataFrame query, the lines whose operators needed an
   * Exchange of its final plan (when the log says which lines, as Kindling's do), not the action's line.
   */
  shuffleLines: number[];
  /** Each SQL execution's shuffle Exchanges in its final plan (adaptive execution's last update), by execution id. */
  queries: QueryFact[];
  rdds: ReadonlyMap<number, RddFact>;
  stages: ReadonlyMap<number, StageFact>;
  /** `sc.defaultParallelism` as the run's configuration gives it, when it can be told. */
  defaultParallelism?: number;
  /** How `defaultParallelism` came about, e.g. `2 executors × 2 cores`. */
  defaultParallelismSource?: string;
  failedTaskAttempts: number;
  sparkProperties: StringMap;
}

/** Operations that shuffle unless their input is already partitioned the way they need. */
export const WIDE_UNLESS_PARTITIONED = new Set([
  'reduceByKey',
  'groupByKey',
  'aggregateByKey',
  'foldByKey',
  'combineByKey',
  'join',
  'leftOuterJoin',
  'rightOuterJoin',
  'fullOuterJoin',
  'cogroup',
  'groupWith',
  'distinct',
  'partitionBy',
  'groupBy',
  'subtractByKey',
  'subtract',
]);

/** Operations that always shuffle. */
export const ALWAYS_WIDE = new Set(['repartition', 'sortByKey', 'sortBy', 'intersection']);

/** The 0-based position of the partition count (or partitioner) among each wide operation's arguments. */
const PARTITION_ARGUMENT: Record<string, number> = {
  reduceByKey: 1,
  groupByKey: 0,
  aggregateByKey: 3,
  foldByKey: 2,
  combineByKey: 3,
  join: 1,
  leftOuterJoin: 1,
  rightOuterJoin: 1,
  fullOuterJoin: 1,
  cogroup: 1,
  distinct: 0,
  groupBy: 1,
  subtractByKey: 1,
  subtract: 1,
  intersection: 1,
};

/** Actions that run more than one job by design. */
const INCREMENTAL_ACTIONS = new Set(['take', 'first', 'isEmpty', 'takeSample', 'takeAsync']);

const KNOWN_CLASSES = new Set([
  'ParallelCollectionRDD',
  'HadoopRDD',
  'NewHadoopRDD',
  'MapPartitionsRDD',
  'ShuffledRDD',
  'CoGroupedRDD',
  'SubtractedRDD',
  'UnionRDD',
  'PartitionerAwareUnionRDD',
  'CoalescedRDD',
  'CartesianRDD',
  'ZippedWithIndexRDD',
  'ZippedPartitionsRDD2',
  'PartitionPruningRDD',
  'PartitionwiseSampledRDD',
]);

/**
 * Reads `op at file:line` call sites (Spark's short form).
 *
 * @example
 * parseCallSite('reduceByKey at playground.js:5') // { operator: 'reduceByKey', file: 'playground.js', line: 5 }
 */
export function parseCallSite(callSite: string | undefined): { operator: string; file?: string; line?: number } {
  if (!callSite) return { operator: 'unknown' };
  const match = /^(\S+) at (.+?):(\d+)$/.exec(callSite.trim());
  if (!match) return { operator: callSite.split(' ')[0] || 'unknown' };
  return { operator: match[1], file: match[2], line: Number(match[3]) };
}

/**
 * Derives the facts of a run from its event stream.
 *
 * @example
 * const facts = deriveFacts(events, { fileName: 'playground.js' });
 * facts.jobs[0].ranStages.length // 2 for a word count
 * facts.shuffleLines // [5]
 */
export function deriveFacts(events: readonly SparkEvent[], options: FactOptions = {}): RunFacts {
  const reader = new FactReader(options);
  for (const event of events) reader.add(event);
  return reader.finish();
}

// ---------------------------------------------------------------------------

interface JobRecord {
  jobId: number;
  stageIds: number[];
  infos: Map<number, StageInfo>;
  properties: StringMap;
  status: JobFact['status'];
  failureMessage?: string;
  /** Stage ids submitted while the job ran. */
  submitted: Set<number>;
}

/**
 * Reads a run's facts one event at a time, so a live run can be read as it
 * goes and its facts are ready the moment it ends; {@link deriveFacts} is the
 * same over a finished event list.
 *
 * @example
 * const reader = new FactReader({ fileName: 'playground.js', source });
 * for (const event of events) reader.add(event);
 * const facts = reader.finish();
 */
export class FactReader {
  readonly #options: FactOptions;
  readonly #jobs: JobRecord[] = [];
  readonly #running = new Set<JobRecord>();
  /** Latest StageInfo per stage id. */
  readonly #stageInfos = new Map<number, StageInfo>();
  readonly #stageAttempts = new Map<number, Set<number>>();
  readonly #rdds = new Map<number, RddFact>();
  readonly #taskPartitions = new Map<number, Set<number>>();
  /** Stages that held cached partitions when they were submitted: their tasks could read a cached block. */
  readonly #readsCache = new Set<number>();
  /** Every ended task attempt, per stage id, in the order they ended. */
  readonly #taskEnds = new Map<number, TaskEndRecord[]>();
  #properties: StringMap = {};
  #executorCores = new Map<string, number>();
  #coresAtFirstJob: number | undefined;
  #failedTaskAttempts = 0;
  /** SQL execution id → its description. */
  readonly #sqlDescriptions = new Map<number, string>();
  /** SQL execution id → its latest plan (the start's, then each adaptive update's), in start order. */
  readonly #sqlPlans = new Map<number, { plan: SparkPlanInfoJson; updates: number }>();
  /** Stages that ran shuffle map tasks. */
  readonly #mapTaskStages = new Set<number>();
  readonly #executorsLost: { executorId: string; time: number }[] = [];

  constructor(options: FactOptions) {
    this.#options = options;
  }

  add(event: SparkEvent): void {
    const known = asKnownEvent(event);
    switch (known?.Event) {
      case 'SparkListenerEnvironmentUpdate':
        this.#properties = { ...known['Spark Properties'] };
        break;
      case 'SparkListenerExecutorAdded':
        if (known['Executor ID'] !== 'driver')
          this.#executorCores.set(known['Executor ID'], known['Executor Info']['Total Cores']);
        break;
      case 'SparkListenerExecutorRemoved':
        this.#executorsLost.push({ executorId: known['Executor ID'], time: known.Timestamp });
        break;
      case 'SparkListenerJobStart': {
        if (this.#coresAtFirstJob === undefined)
          this.#coresAtFirstJob = [...this.#executorCores.values()].reduce((a, b) => a + b, 0);
        const infos = new Map<number, StageInfo>();
        for (const info of known['Stage Infos'] ?? []) {
          infos.set(info['Stage ID'], info);
          this.#noteStage(info);
        }
        const job: JobRecord = {
          jobId: known['Job ID'],
          stageIds: [...new Set(known['Stage IDs'])].sort((a, b) => a - b),
          infos,
          properties: { ...known.Properties },
          status: 'running',
          submitted: new Set(),
        };
        // A stage another running job already runs is not skipped for this one either.
        for (const other of this.#running)
          for (const id of other.submitted) if (job.stageIds.includes(id)) job.submitted.add(id);
        this.#jobs.push(job);
        this.#running.add(job);
        break;
      }
      case 'SparkListenerJobEnd': {
        const job = this.#jobs.find((j) => j.jobId === known['Job ID']);
        if (!job) break;
        const result = known['Job Result'];
        job.status = result.Result === 'JobSucceeded' ? 'succeeded' : 'failed';
        if (result.Result !== 'JobSucceeded') job.failureMessage = result.Exception?.Message;
        this.#running.delete(job);
        break;
      }
      case 'SparkListenerStageSubmitted': {
        const info = known['Stage Info'];
        this.#noteStage(info);
        if ((info['RDD Info'] ?? []).some((rdd) => rdd['Number of Cached Partitions'] > 0))
          this.#readsCache.add(info['Stage ID']);
        const attempts = this.#stageAttempts.get(info['Stage ID']) ?? new Set<number>();
        attempts.add(info['Stage Attempt ID'] ?? 0);
        this.#stageAttempts.set(info['Stage ID'], attempts);
        for (const job of this.#running)
          if (job.stageIds.includes(info['Stage ID'])) job.submitted.add(info['Stage ID']);
        break;
      }
      case 'SparkListenerStageCompleted':
        this.#noteStage(known['Stage Info']);
        break;
      case 'SparkListenerTaskStart': {
        const partition = known['Task Info']['Partition ID'];
        if (partition !== undefined && partition >= 0) {
          const seen = this.#taskPartitions.get(known['Stage ID']) ?? new Set<number>();
          seen.add(partition);
          this.#taskPartitions.set(known['Stage ID'], seen);
        }
        break;
      }
      case 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart':
        this.#sqlDescriptions.set(known.executionId, known.description ?? '');
        if (known.sparkPlanInfo) this.#sqlPlans.set(known.executionId, { plan: known.sparkPlanInfo, updates: 0 });
        break;
      case 'org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate': {
        const before = this.#sqlPlans.get(known.executionId);
        if (known.sparkPlanInfo)
          this.#sqlPlans.set(known.executionId, { plan: known.sparkPlanInfo, updates: (before?.updates ?? 0) + 1 });
        break;
      }
      case 'SparkListenerTaskEnd': {
        if (known['Task Type'] === 'ShuffleMapTask') this.#mapTaskStages.add(known['Stage ID']);
        const reason = known['Task End Reason'];
        if (reason && !['Success', 'Resubmitted'].includes(reason.Reason)) this.#failedTaskAttempts += 1;
        const info = known['Task Info'];
        const ends = this.#taskEnds.get(known['Stage ID']) ?? [];
        ends.push({
          partition: info['Partition ID'] ?? info.Index,
          attempt: info.Attempt,
          stageAttempt: known['Stage Attempt ID'] ?? 0,
          executorId: info['Executor ID'],
          locality: info.Locality,
          speculative: info.Speculative === true,
          reason: reason ?? { Reason: 'UnknownReason' },
        });
        this.#taskEnds.set(known['Stage ID'], ends);
        break;
      }
      default:
        break;
    }
  }

  #noteStage(info: StageInfo): void {
    const previous = this.#stageInfos.get(info['Stage ID']);
    // Keep the first attempt's task count: a retry lists only the partitions it re-runs.
    if (!previous || (info['Stage Attempt ID'] ?? 0) === 0) this.#stageInfos.set(info['Stage ID'], info);
    else this.#stageInfos.set(info['Stage ID'], { ...info, 'Number of Tasks': previous['Number of Tasks'] });
    for (const rdd of info['RDD Info'] ?? []) this.#rdds.set(rdd['RDD ID'], this.#rddFact(rdd));
  }

  #rddFact(info: RDDInfo): RddFact {
    const scope = parseScope(info.Scope);
    const site = parseCallSite(info.Callsite);
    const inProgram =
      site.line !== undefined && (this.#options.fileName === undefined || site.file === this.#options.fileName);
    return {
      rddId: info['RDD ID'],
      name: info.Name,
      className: guessClassName(info, scope?.name),
      // Spark 1.x logs carry neither scope nor call site: name the RDD by its class, or its id.
      operator:
        scope?.name ??
        (info.Callsite ? site.operator : KNOWN_CLASSES.has(info.Name) ? info.Name : `RDD ${info['RDD ID']}`),
      scopeId: scope?.id,
      callSite: info.Callsite,
      line: inProgram ? site.line : undefined,
      parentIds: [...(info['Parent IDs'] ?? [])],
      numPartitions: info['Number of Partitions'],
      numCachedPartitions: info['Number of Cached Partitions'],
      memorySize: info['Memory Size'],
      diskSize: info['Disk Size'],
      storageLevel: info['Storage Level'],
    };
  }

  finish(): RunFacts {
    const { value: defaultParallelism, source: defaultParallelismSource } = this.#defaultParallelism();
    const context: FactContext = {
      rdds: this.#rdds,
      stageInfos: this.#stageInfos,
      defaultParallelism,
      defaultParallelismSource,
      properties: this.#properties,
      files: this.#options.files,
      taskPartitions: this.#taskPartitions,
      source: this.#options.source,
      executorsLost: this.#executorsLost,
    };

    // Stages, once each, with the jobs that list them.
    const stages = new Map<number, StageFact>();
    const stageJobs = new Map<number, number[]>();
    for (const job of this.#jobs)
      for (const id of job.stageIds) stageJobs.set(id, [...(stageJobs.get(id) ?? []), job.jobId]);
    const childStages = new Map<number, number[]>();
    for (const info of this.#stageInfos.values())
      for (const parent of info['Parent IDs'] ?? [])
        childStages.set(parent, [...(childStages.get(parent) ?? []), info['Stage ID']]);

    for (const [stageId, info] of [...this.#stageInfos].sort((a, b) => a[0] - b[0])) {
      const rddIds = (info['RDD Info'] ?? []).map((rdd) => rdd['RDD ID']);
      const inStage = new Set(rddIds);
      const shuffleReads = rddIds
        .map((rddId) => ({
          rddId,
          fromRddIds: (this.#rdds.get(rddId)?.parentIds ?? []).filter((p) => !inStage.has(p)),
        }))
        .filter((read) => read.fromRddIds.length > 0);
      const fact: StageFact = {
        stageId,
        name: info['Stage Name'],
        numTasks: info['Number of Tasks'],
        kind: (childStages.get(stageId) ?? []).length > 0 ? 'shuffle-map' : 'result',
        rddIds,
        parentStageIds: [...(info['Parent IDs'] ?? [])],
        jobIds: stageJobs.get(stageId) ?? [],
        skipped: !this.#stageAttempts.has(stageId),
        attempts: this.#stageAttempts.get(stageId)?.size ?? 0,
        shuffleReads,
        whyTasks: '',
        locality: {},
        whyRetries: [],
      };
      stages.set(stageId, fact);
    }
    for (const stage of stages.values()) {
      const ends = this.#taskEnds.get(stage.stageId) ?? [];
      for (const end of ends) stage.locality[end.locality] = (stage.locality[end.locality] ?? 0) + 1;
      stage.whyTasks = explainTaskCount(stage, context);
      stage.whyBoundary = explainBoundary(stage, this.#rdds);
      stage.whyLocality = explainLocality(stage, this.#properties, this.#readsCache.has(stage.stageId));
      stage.whyRetries = explainRetries(stage, ends, this.#properties);
    }

    const jobs: JobFact[] = this.#jobs.map((job) => {
      const listed = job.stageIds.map((id) => stages.get(id)).filter((s): s is StageFact => s !== undefined);
      const executionText = job.properties[SQL_EXECUTION_ID_KEY];
      const executionId = executionText === undefined || executionText === null ? NaN : Number(executionText);
      const sql = Number.isInteger(executionId)
        ? {
            sqlExecutionId: executionId,
            sqlDescription: this.#sqlDescriptions.get(executionId) ?? '',
            mapStageJob: this.#mapTaskStages.has(Math.max(...job.stageIds)),
          }
        : {};
      return {
        ...sql,
        jobId: job.jobId,
        origin: 'action',
        status: job.status,
        failureMessage: job.failureMessage,
        stages: listed,
        ranStages: listed.filter((s) => job.submitted.has(s.stageId)),
        why: '',
        ...this.#jobSite(job),
      };
    });
    // Per job, not per stage: a stage listed by two jobs can run in one and be skipped in the other.
    for (const job of jobs) {
      const record = this.#jobs.find((j) => j.jobId === job.jobId)!;
      for (const stage of job.stages) {
        if (record.submitted.has(stage.stageId)) continue;
        stage.whySkipped ??= explainSkip(stage, job, record, jobs, stages, this.#rdds);
      }
    }
    describeJobs(jobs);

    const operators = collectOperators(stages, this.#rdds);
    const queries: QueryFact[] = [...this.#sqlPlans].map(([executionId, { plan, updates }]) => ({
      executionId,
      description: this.#sqlDescriptions.get(executionId) ?? '',
      replanned: updates > 0,
      exchanges: planExchanges(buildSparkPlanGraph(plan)),
    }));
    // A query's RDDs carry its action's line; where the plans say which lines needed each Exchange, those count.
    const planLines = queries.flatMap((q) => q.exchanges.flatMap((e) => e.lines));
    const planSaysLines = queries.some((q) => q.exchanges.some((e) => e.lines.length > 0));
    const shuffleLines = [
      ...new Set([
        ...operators
          .filter((op) => op.shuffled && op.line !== undefined && !(planSaysLines && isPlanOperator(op.operator)))
          .map((op) => op.line!),
        ...planLines,
      ]),
    ].sort((a, b) => a - b);

    return {
      jobs,
      operators,
      shuffleLines,
      queries,
      rdds: this.#rdds,
      stages,
      defaultParallelism,
      defaultParallelismSource,
      failedTaskAttempts: this.#failedTaskAttempts,
      sparkProperties: this.#properties,
    };
  }

  #jobSite(job: JobRecord): Pick<JobFact, 'operator' | 'callSite' | 'line'> {
    const scope = parseScope(job.properties['spark.rdd.scope']);
    // The result stage is created last, so it has the job's highest stage id; it is named by the job's call site.
    const resultStage = job.infos.get(Math.max(...job.stageIds)) ?? this.#stageInfos.get(Math.max(...job.stageIds));
    const site = parseCallSite(resultStage?.['Stage Name']);
    const inProgram =
      site.line !== undefined && (this.#options.fileName === undefined || site.file === this.#options.fileName);
    return {
      operator: scope?.name ?? site.operator,
      callSite: resultStage?.['Stage Name'],
      line: inProgram ? site.line : undefined,
    };
  }

  #defaultParallelism(): { value?: number; source?: string } {
    const props = this.#properties;
    const explicit = props['spark.default.parallelism'];
    if (explicit !== undefined && Number.isFinite(Number(explicit)))
      return { value: Number(explicit), source: `spark.default.parallelism = ${explicit}` };
    const instances = Number(props['spark.executor.instances']);
    const cores = Number(props['spark.executor.cores']);
    if (Number.isFinite(instances) && Number.isFinite(cores) && instances > 0 && cores > 0) {
      const total = instances * cores;
      return {
        value: Math.max(total, 2),
        source: `${plural(instances, 'executor')} × ${plural(cores, 'core')}${total < 2 ? ', at least 2' : ''}`,
      };
    }
    if (this.#coresAtFirstJob)
      return { value: Math.max(this.#coresAtFirstJob, 2), source: 'the executors’ total cores' };
    return {};
  }
}

/** One ended task attempt, as its TaskEnd event tells it. */
interface TaskEndRecord {
  partition: number;
  attempt: number;
  stageAttempt: number;
  executorId: string;
  locality: string;
  speculative: boolean;
  reason: TaskEndReason;
}

interface FactContext {
  rdds: ReadonlyMap<number, RddFact>;
  stageInfos: ReadonlyMap<number, StageInfo>;
  defaultParallelism?: number;
  defaultParallelismSource?: string;
  properties: StringMap;
  files?: readonly DataFile[];
  taskPartitions: ReadonlyMap<number, ReadonlySet<number>>;
  source?: string;
  /** Executors removed, with when. */
  executorsLost: readonly { executorId: string; time: number }[];
}

// ---------------------------------------------------------------------------
// Task counts

function explainTaskCount(stage: StageFact, context: FactContext): string {
  const root = context.rdds.get(stage.rddIds[0]);
  const tasks = plural(stage.numTasks, 'task');
  if (!root) return `Stage ${stage.stageId} has ${tasks}.`;
  if (stage.kind === 'result' && stage.numTasks < root.numPartitions) {
    const site = parseCallSite(stage.name);
    const partitions = [...(context.taskPartitions.get(stage.stageId) ?? [])].sort((a, b) => a - b);
    const which =
      partitions.length > 0
        ? ` (${partitions.length === 1 ? 'partition' : 'partitions'} ${list(partitions.map(String))})`
        : '';
    return (
      `Stage ${stage.stageId} has ${tasks}: \`${site.operator}\` asked for only ${stage.numTasks} of the ` +
      `${root.numPartitions} partitions${which}` +
      (INCREMENTAL_ACTIONS.has(site.operator)
        ? ', because it scans partitions a few at a time and stops once it has enough rows.'
        : '.')
    );
  }
  if (stage.kind === 'shuffle-map' && stage.numTasks < root.numPartitions) {
    const info = context.stageInfos.get(stage.stageId);
    const submitted = info?.['Submission Time'];
    const lost = context.executorsLost.filter((e) => submitted === undefined || e.time <= submitted);
    return (
      `Stage ${stage.stageId} has ${tasks}, not one for each of the ${root.numPartitions} partitions of ${label(root)}: ` +
      `the map output of the other ${root.numPartitions - stage.numTasks} still existed, so only the missing ` +
      `${stage.numTasks === 1 ? 'one was' : 'ones were'} computed again` +
      (lost.length > 0
        ? ` (map output is lost with the executor that wrote it: executor ${list(lost.map((e) => e.executorId))} was lost).`
        : '.')
    );
  }
  const reason = partitionReason(root, new Set(stage.rddIds), context);
  return `Stage ${stage.stageId} has ${tasks}, one per partition of ${label(root)}.${reason ? ` ${reason}` : ''}`;
}

/**
 * Why an RDD has its number of partitions: walks back through narrow steps that
 * keep the count (`map`, `filter`, a reused partitioner, …) to where it was decided.
 */
function partitionReason(root: RddFact, inStage: ReadonlySet<number>, context: FactContext): string {
  let origin = root;
  for (let guard = 0; guard < 1000; guard++) {
    if (origin.parentIds.length !== 1 || !inStage.has(origin.parentIds[0])) break;
    const parent = context.rdds.get(origin.parentIds[0]);
    if (!parent || parent.numPartitions !== origin.numPartitions) break;
    origin = parent;
  }
  const reason = originReason(origin, inStage, context);
  const sameOperation = origin.scopeId !== undefined && origin.scopeId === root.scopeId;
  if (origin === root || sameOperation) return reason;
  return `${label(root)} keeps the partitions of ${label(origin)}.${reason ? ` ${reason}` : ''}`;
}

/** Why the RDD where a partition count was decided has that count. */
function originReason(rdd: RddFact, inStage: ReadonlySet<number>, context: FactContext): string {
  const n = rdd.numPartitions;
  const parents = rdd.parentIds.map((id) => context.rdds.get(id)).filter((p): p is RddFact => p !== undefined);
  if (rdd.parentIds.some((id) => !inStage.has(id))) return shufflePartitionReason(rdd, parents, context);
  if (parents.length === 0) return sourcePartitionReason(rdd, context);
  const counts = parents.map((p) => p.numPartitions);
  if (parents.length === 1)
    return rdd.className === 'CoalescedRDD' || rdd.operator === 'coalesce'
      ? `\`coalesce(${n})\`${at(rdd)} merged the ${counts[0]} partitions of ${label(parents[0])} into ${n} without a shuffle.`
      : `${label(rdd)} turned the ${counts[0]} partitions of ${label(parents[0])} into ${n}.`;
  if (rdd.className === 'UnionRDD' || rdd.operator === 'union')
    return `\`union\`${at(rdd)} keeps every partition of its inputs: ${counts.join(' + ')} = ${n}.`;
  if (rdd.className === 'CartesianRDD' || rdd.operator === 'cartesian')
    return `\`cartesian\`${at(rdd)} pairs every partition of one input with every partition of the other: ${counts.join(' × ')} = ${n}.`;
  if (counts.every((c) => c === n))
    return `${label(rdd)} combines inputs that were already partitioned alike (${n} partitions each), partition by partition.`;
  // Nothing in the log says why (e.g. Spark 1.x logs without parents): say nothing rather than repeat the count.
  return '';
}

function shufflePartitionReason(rdd: RddFact, parents: RddFact[], context: FactContext): string {
  const n = rdd.numPartitions;
  const op = label(rdd);
  const inputCounts = parents.map((p) => p.numPartitions);
  const largest = Math.max(0, ...inputCounts);
  if (rdd.operator === 'repartition' || rdd.operator === 'coalesce')
    return `${op} shuffled the data into the ${plural(n, 'partition')} it was asked for.`;
  if (rdd.operator === 'sortByKey' || rdd.operator === 'sortBy')
    return `${op} range-partitioned the keys into ${plural(n, 'partition')} (its RangePartitioner's bounds come from the sampled keys).`;
  const explicitDefault = context.properties['spark.default.parallelism'];
  // The partition count is the last argument of every wide operation (reduceByKey(f, n), groupByKey(n), join(other, n), …).
  const countIndex = PARTITION_ARGUMENT[rdd.operator];
  const given = argumentCount(context.source, rdd.line, rdd.operator);
  if (countIndex !== undefined && given !== undefined && given > countIndex)
    return `${op} was asked for ${plural(n, 'partition')} (its partition count or partitioner argument).`;
  if (explicitDefault !== undefined && Number(explicitDefault) === n)
    return `${op} was given no partition count, so its default partitioner used spark.default.parallelism = ${n}.`;
  if (explicitDefault === undefined && n === largest && largest > 0) {
    const inputs =
      parents.length > 1
        ? `its inputs had ${list(inputCounts.map(String))} partitions`
        : `its input ${label(parents[0])} had ${largest}`;
    return `${op} was given no partition count, so its default partitioner took the largest input's count: ${inputs}.`;
  }
  return `${op} was asked for ${plural(n, 'partition')} (a partition count or a partitioner argument).`;
}

function sourcePartitionReason(rdd: RddFact, context: FactContext): string {
  const n = rdd.numPartitions;
  if (rdd.className === 'HadoopRDD' || rdd.operator === 'textFile') {
    const defaultMin = Math.min(context.defaultParallelism ?? 2, 2);
    const path = rdd.name && !KNOWN_CLASSES.has(rdd.name) ? rdd.name : undefined;
    const matched = path && context.files ? matchFiles(context.files, path) : [];
    const read = `\`textFile\`${at(rdd)}${path ? ` read \`${path}\`` : ''}`;
    if (matched.length === 0)
      return (
        `${read} as ${plural(n, 'partition')}: Hadoop's FileInputFormat gives every file at least one split and cuts ` +
        `larger files into splits of total size ÷ minPartitions (minPartitions defaults to min(defaultParallelism, 2) = ${defaultMin}).`
      );
    const total = matched.reduce((sum, file) => sum + file.size, 0);
    let min = defaultMin;
    if (hadoopSplitCount(matched, defaultMin) !== n)
      for (let m = 1; m <= 4096; m++)
        if (hadoopSplitCount(matched, m) === n) {
          min = m;
          break;
        }
    const goal = Math.floor(total / Math.max(min, 1));
    const sizes = `${plural(matched.length, 'file')}, ${total} bytes`;
    const givenMin = (argumentCount(context.source, rdd.line, 'textFile') ?? 0) > 1;
    const minText =
      min === defaultMin && !givenMin
        ? `minPartitions defaults to min(defaultParallelism, 2) = ${defaultMin}`
        : `textFile was given minPartitions${min === defaultMin ? '' : ` = ${min}`}`;
    return matched.length === n
      ? `${read} (${sizes}) as ${plural(n, 'partition')}: every file is at least one split, and none was larger than ` +
          `the goal size, total ÷ minPartitions = ${total} ÷ ${min} = ${goal} bytes (${minText}).`
      : `${read} (${sizes}) as ${plural(n, 'partition')}: Hadoop's FileInputFormat cuts each file into splits of ` +
          `total ÷ minPartitions = ${total} ÷ ${min} = ${goal} bytes (the last split of a file may be 10% larger) and ` +
          `never merges two files (${minText}).`;
  }
  if (rdd.className === 'ParallelCollectionRDD' || rdd.operator === 'parallelize' || rdd.operator === 'range') {
    const call = label(rdd);
    const slicesArgument = rdd.operator === 'range' ? 3 : 1;
    const given = argumentCount(context.source, rdd.line, rdd.operator);
    if (context.defaultParallelism === n && (given === undefined || given <= slicesArgument))
      return `${call} was given no slice count, so it used sc.defaultParallelism = ${n}${context.defaultParallelismSource ? ` (${context.defaultParallelismSource})` : ''}.`;
    return `${call} was asked for ${plural(n, 'slice')}.`;
  }
  // Nothing in the log says why (e.g. Spark 1.x logs without parents): say nothing rather than repeat the count.
  return '';
}

function explainBoundary(stage: StageFact, rdds: ReadonlyMap<number, RddFact>): string | undefined {
  if (stage.shuffleReads.length === 0) return undefined;
  const readers = new Map<string, string>();
  for (const read of stage.shuffleReads) {
    const rdd = rdds.get(read.rddId);
    if (rdd) readers.set(`${rdd.scopeId ?? rdd.rddId}`, label(rdd));
  }
  const parents = stage.parentStageIds.map((id) => `stage ${id}`);
  return (
    `Stage ${stage.stageId} starts at ${list([...readers.values()])}, which ${readers.size === 1 ? 'reads' : 'read'} ` +
    `the shuffle output of ${parents.length > 0 ? list(parents) : 'an earlier stage'}.`
  );
}

// ---------------------------------------------------------------------------
// Locality and retries

/**
 * Spark's TaskLocality, better first, with what each level means for where a task ran. A task with no
 * preferred place is launched as PROCESS_LOCAL (TaskSetManager.dequeueTaskHelper returns PROCESS_LOCAL for
 * its `noPrefs`), so PROCESS_LOCAL means a cached block only in a stage that had cached partitions to read.
 */
const LOCALITY_MEANING: [level: string, meaning: (wait: string, readsCache: boolean) => string][] = [
  [
    'PROCESS_LOCAL',
    (_wait, readsCache) =>
      readsCache
        ? 'its partition was cached in that executor’s memory'
        : 'its data had no preferred place, so it took the first free core: Spark reports that as PROCESS_LOCAL',
  ],
  ['NODE_LOCAL', () => 'its data was on that executor’s host: a file block, or a block another executor there cached'],
  ['NO_PREF', () => 'it had no preferred place, so it took the first free core'],
  ['RACK_LOCAL', () => 'its data was on another host of the same rack'],
  [
    'ANY',
    (wait) =>
      `the places holding its data stayed busy past the locality wait (${wait}) or were gone, so it ran on any free core`,
  ],
];

function explainLocality(stage: StageFact, properties: StringMap, readsCache: boolean): string | undefined {
  const levels = Object.entries(stage.locality);
  if (levels.length === 0) return undefined;
  const wait = `\`spark.locality.wait\` = ${properties['spark.locality.wait'] ?? '3s'}`;
  const known = new Map(LOCALITY_MEANING);
  const order = (level: string) => {
    const index = LOCALITY_MEANING.findIndex(([l]) => l === level);
    return index < 0 ? LOCALITY_MEANING.length : index;
  };
  const parts = levels
    .sort((a, b) => order(a[0]) - order(b[0]))
    .map(([level, count]) => {
      const meaning = known.get(level);
      return `${count} ${level}${meaning ? ` (${meaning(wait, readsCache)})` : ''}`;
    });
  const attempts = levels.reduce((sum, [, count]) => sum + count, 0);
  return `Where stage ${stage.stageId}'s ${plural(attempts, 'task attempt')} ran: ${list(parts)}.`;
}

/** A task end reason in a few words, e.g. "`Error: boom`", "executor 1 was lost". */
function reasonText(reason: TaskEndReason): string {
  switch (reason.Reason) {
    case 'ExceptionFailure': {
      const first = reason.Description.split('\n')[0];
      const name = reason['Class Name'];
      return `\`${first.startsWith(name) ? first : `${name}: ${first}`}\``;
    }
    case 'ExecutorLostFailure':
      return `executor ${reason['Executor ID'] ?? '?'} was lost`;
    case 'FetchFailed':
      return `it could not fetch the output of map ${reason['Map Index'] ?? reason['Map ID']} of shuffle ${reason['Shuffle ID']} (FetchFailed)`;
    case 'TaskKilled':
      return `killed: ${reason['Kill Reason'] ?? 'no reason given'}`;
    case 'TaskResultLost':
      return 'its result was lost';
    case 'TaskCommitDenied':
      return 'its output commit was denied';
    default:
      return reason.Reason === 'UnknownReason' ? 'an unknown reason' : reason.Reason;
  }
}

function explainRetries(stage: StageFact, ends: readonly TaskEndRecord[], properties: StringMap): string[] {
  const sentences: string[] = [];
  const maxFailures = Number(properties['spark.task.maxFailures'] ?? 4);
  const byPartition = new Map<number, TaskEndRecord[]>();
  for (const end of ends) byPartition.set(end.partition, [...(byPartition.get(end.partition) ?? []), end]);
  for (const [partition, attempts] of [...byPartition].sort((a, b) => a[0] - b[0])) {
    const speculative = attempts.filter((a) => a.speculative);
    const failed = attempts.filter((a) => !['Success', 'Resubmitted', 'TaskKilled'].includes(a.reason.Reason));
    if (failed.length > 0) {
      const reasons = [...new Set(failed.map((a) => reasonText(a.reason)))];
      // Ends are in the order they happened: the first success after the first failure is the retry that won.
      const won = attempts.slice(attempts.indexOf(failed[0]) + 1).find((a) => a.reason.Reason === 'Success');
      const countsToLimit = failed.filter(
        (a) => !(a.reason.Reason === 'ExecutorLostFailure' && a.reason['Exit Caused By App'] === false),
      ).length;
      sentences.push(
        `Partition ${partition}: ${failed.length === 1 ? 'attempt ' : 'attempts '}${list(failed.map((a) => String(a.attempt)))} ` +
          `failed (${list(reasons)}). ` +
          (won
            ? `Spark retried it, and attempt ${won.attempt} succeeded (a task may fail up to \`spark.task.maxFailures\` = ${maxFailures} times).`
            : failed.some((a) => a.reason.Reason === 'FetchFailed')
              ? 'A FetchFailed is not retried as a task: the stage that wrote the missing output runs again, then this stage.'
              : countsToLimit >= maxFailures
                ? `That is \`spark.task.maxFailures\` = ${maxFailures} failures, so Spark aborted the job.`
                : 'It did not succeed in this stage attempt.'),
      );
    }
    for (const copy of speculative) {
      const original = attempts.find((a) => !a.speculative && a.attempt < copy.attempt);
      const copyWon = copy.reason.Reason === 'Success';
      const outcome = copyWon
        ? `the copy finished first${original?.reason.Reason === 'TaskKilled' ? `, and attempt ${original.attempt} was killed (${original.reason['Kill Reason'] ?? 'another attempt succeeded'})` : ''}`
        : copy.reason.Reason === 'TaskKilled'
          ? `attempt ${original?.attempt ?? 0} finished first, and the copy was killed (${copy.reason['Kill Reason'] ?? 'another attempt succeeded'})`
          : `the copy ended: ${reasonText(copy.reason)}`;
      sentences.push(
        `Partition ${partition} ran much longer than the stage's other tasks, so speculation launched a copy ` +
          `(attempt ${copy.attempt}, on executor ${copy.executorId}): ${outcome}.`,
      );
    }
  }
  if (stage.attempts > 1)
    sentences.push(
      `Stage ${stage.stageId} was submitted ${stage.attempts} times: after its first attempt, output it had written ` +
        'was lost (an executor went, or a later stage could not fetch it), so it ran again for the missing partitions.',
    );
  return sentences;
}

// ---------------------------------------------------------------------------
// Skipped stages

function explainSkip(
  stage: StageFact,
  job: JobFact,
  record: JobRecord,
  jobs: readonly JobFact[],
  stages: ReadonlyMap<number, StageFact>,
  rdds: ReadonlyMap<number, RddFact>,
): string {
  const children = job.stages.filter((s) => s.parentStageIds.includes(stage.stageId));
  const skippedChildren = children.filter((c) => !record.submitted.has(c.stageId));
  if (children.length > 0 && skippedChildren.length === children.length)
    return `Stage ${stage.stageId} was skipped: stage ${skippedChildren[0].stageId}, which reads its output, was skipped too, so nothing needed it.`;

  // As DAGScheduler.getMissingParentStages: a fully cached RDD stops the walk before the shuffle.
  for (const child of children) {
    const infos = record.infos.get(child.stageId)?.['RDD Info'] ?? [];
    const cached = infos.find(
      (info) => info['Number of Partitions'] > 0 && info['Number of Cached Partitions'] >= info['Number of Partitions'],
    );
    if (cached) {
      const rdd = rdds.get(cached['RDD ID']);
      return (
        `Stage ${stage.stageId} was skipped: ${rdd ? label(rdd) : `RDD ${cached['RDD ID']}`} was already cached in all ` +
        `${cached['Number of Partitions']} partitions, so stage ${child.stageId} read the cache instead of this stage's output.`
      );
    }
  }

  const root = stage.rddIds[0];
  const earlier = [...stages.values()].find(
    (s) => s.stageId < stage.stageId && !s.skipped && s.rddIds[0] === root && s.kind === 'shuffle-map',
  );
  const earlierJob = earlier ? jobs.find((j) => j.ranStages.some((s) => s.stageId === earlier.stageId)) : undefined;
  if (earlier)
    return (
      `Stage ${stage.stageId} was skipped: its shuffle output from stage ${earlier.stageId}` +
      `${earlierJob ? ` (job ${earlierJob.jobId})` : ''} still existed, so the map side did not run again.`
    );
  if (job.status === 'failed') return `Stage ${stage.stageId} never ran: the job failed first.`;
  return `Stage ${stage.stageId} was skipped: the shuffle output it would write already existed from an earlier job.`;
}

// ---------------------------------------------------------------------------
// Jobs

function describeJobs(jobs: JobFact[]): void {
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i];
    const at = job.line !== undefined ? ` at line ${job.line}` : job.callSite ? ` (${job.callSite})` : '';
    const op = `\`${job.operator}\``;
    if (job.sqlExecutionId !== undefined) {
      describeSqlJob(job, at);
      continue;
    }
    if (job.operator === 'sortByKey' || job.operator === 'sortBy') {
      job.origin = 'sampling';
      job.why = `${op}${at} ran job ${job.jobId} itself: building its RangePartitioner samples the keys with a job, before any action.`;
    } else if (job.operator === 'zipWithIndex') {
      job.origin = 'index-counting';
      job.why = `${op}${at} ran job ${job.jobId} to count the elements of every partition but the last, so each partition knows its first index.`;
    } else {
      const previous = jobs[i - 1];
      const sameCall = previous && previous.operator === job.operator && previous.callSite === job.callSite;
      if (INCREMENTAL_ACTIONS.has(job.operator) && sameCall) {
        job.origin = 'incremental';
        job.why = `${op}${at} ran job ${job.jobId} as a further scan: it reads 1 partition first, then up to 4× as many while it still lacks rows.`;
      } else {
        job.why = `${op}${at} is an action: it ran job ${job.jobId}.`;
      }
    }
  }
}

/**
 * A job a SQL query ran. Its stages are named after the plan's operator
 * (`Exchange at playground.js:11`) and its lines are the action's, as in Spark,
 * where every RDD of a query is created while the action runs.
 */
function describeSqlJob(job: JobFact, at: string): void {
  const site = parseCallSite(job.sqlDescription);
  const action = site.line !== undefined ? `\`${site.operator}\` at line ${site.line}` : `\`${site.operator}\``;
  const query = `query ${job.sqlExecutionId} (${action})`;
  // The job's scope is the action's; its last stage is named after the operator that submitted it.
  const stageOperator = parseCallSite(job.callSite).operator;
  if (stageOperator === 'BroadcastExchange') {
    job.origin = 'broadcast';
    job.why =
      `Job ${job.jobId} collected the small side of a broadcast join for ${query}: \`BroadcastExchange\` runs a job of its ` +
      `own to bring those rows to the driver, which then sends them to every executor.`;
  } else if (stageOperator === 'Exchange' && job.mapStageJob) {
    job.origin = 'query-stage';
    job.why =
      `Job ${job.jobId} ran the map side of an \`Exchange\` of ${query} as a query stage: adaptive execution runs each ` +
      `exchange's map stage as a job of its own, then plans the rest with the sizes it wrote.`;
  } else if (stageOperator === 'Exchange') {
    job.origin = 'sampling';
    job.why =
      `Job ${job.jobId} sampled the sort keys for ${query}: an \`Exchange rangepartitioning\` builds its ` +
      `RangePartitioner from a sample, with a job, before the sort's shuffle.`;
  } else {
    job.why = `\`${job.operator}\`${at} is the action of query ${job.sqlExecutionId}: it ran job ${job.jobId}.`;
  }
}

// ---------------------------------------------------------------------------
// Operators

function collectOperators(stages: ReadonlyMap<number, StageFact>, rdds: ReadonlyMap<number, RddFact>): OperatorFact[] {
  const byScope = new Map<string, OperatorFact>();
  const shuffleReaders = new Set<number>();
  for (const stage of stages.values()) for (const read of stage.shuffleReads) shuffleReaders.add(read.rddId);

  for (const rdd of [...rdds.values()].sort((a, b) => a.rddId - b.rddId)) {
    const key = rdd.scopeId ?? `rdd-${rdd.rddId}`;
    let op = byScope.get(key);
    if (!op) {
      op = {
        scopeId: key,
        operator: rdd.operator,
        callSite: rdd.callSite,
        line: rdd.line,
        rddIds: [],
        shuffled: false,
      };
      byScope.set(key, op);
    }
    op.rddIds.push(rdd.rddId);
    if (shuffleReaders.has(rdd.rddId)) op.shuffled = true;
  }

  for (const op of byScope.values()) {
    if (op.shuffled || !WIDE_UNLESS_PARTITIONED.has(op.operator)) continue;
    // Walk down from the operation's RDDs, within its stage, to the nearest RDDs that read a shuffle:
    // their partitioning is what this operation found already in place.
    const sources = new Map<number, RddFact>();
    const seen = new Set<number>();
    const visit = (id: number) => {
      if (seen.has(id)) return;
      seen.add(id);
      const rdd = rdds.get(id);
      if (!rdd) return;
      if (shuffleReaders.has(id) && !op.rddIds.includes(id)) {
        sources.set(id, rdd);
        return;
      }
      for (const parent of rdd.parentIds) visit(parent);
    };
    for (const id of op.rddIds) for (const parent of rdds.get(id)?.parentIds ?? []) visit(parent);
    if (sources.size === 0) continue;
    const unique = new Map<string, { operator: string; line?: number; callSite?: string }>();
    for (const source of sources.values())
      unique.set(`${source.operator}@${source.callSite}`, {
        operator: source.operator,
        line: source.line,
        callSite: source.callSite,
      });
    op.reusedPartitionerOf = [...unique.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }
  return [...byScope.values()];
}

// ---------------------------------------------------------------------------
// Small helpers

/** How an RDD is named in explanations: "`reduceByKey` (line 5)". */
export function label(rdd: Pick<RddFact, 'operator' | 'line'>): string {
  return `\`${rdd.operator}\`${rdd.line !== undefined ? ` (line ${rdd.line})` : ''}`;
}

function at(rdd: Pick<RddFact, 'line'>): string {
  return rdd.line !== undefined ? ` (line ${rdd.line})` : '';
}

/** "1 task", "3 tasks". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "a", "a and b", "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function parseScope(json: string | undefined): { id: string; name: string } | undefined {
  if (!json) return undefined;
  try {
    const value = JSON.parse(json) as { id?: unknown; name?: unknown };
    return typeof value.id === 'string' && typeof value.name === 'string'
      ? { id: value.id, name: value.name }
      : undefined;
  } catch {
    return undefined;
  }
}

/** `RDDInfo.Name` is the class name unless the RDD was named; then guess the class from its shape. */
function guessClassName(info: RDDInfo, scopeName: string | undefined): string {
  if (KNOWN_CLASSES.has(info.Name) || /RDD\d*$/.test(info.Name)) return info.Name;
  // Without a scope (Spark 1.x) there is nothing to guess from.
  if (scopeName === undefined) return 'unknown';
  const parents = info['Parent IDs'] ?? [];
  if (parents.length === 0)
    return scopeName === 'textFile' || scopeName === 'hadoopFile' ? 'HadoopRDD' : 'ParallelCollectionRDD';
  return 'MapPartitionsRDD';
}

/**
 * How many arguments the call of `method` at `line` has, read from the
 * program text (balanced brackets, strings skipped; it may span lines), or
 * `undefined` when the program or the call cannot be found.
 */
export function argumentCount(
  source: string | undefined,
  line: number | undefined,
  method: string,
): number | undefined {
  if (source === undefined || line === undefined) return undefined;
  const lines = source.split('\n');
  if (line < 1 || line > lines.length) return undefined;
  const column = lines[line - 1].search(new RegExp(`\\b${method.replace(/\$/g, '\\$')}\\s*\\(`));
  if (column < 0) return undefined;
  const text = lines.slice(line - 1).join('\n');
  let i = text.indexOf('(', column) + 1;
  let depth = 0;
  let commas = 0;
  // Whether anything but blanks came since the last top-level comma: a trailing comma adds no argument.
  let content = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return undefined;
      i = end;
      content = true;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
      content = true;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return commas + (content ? 1 : 0);
      depth--;
    } else if (c === ',' && depth === 0) {
      commas++;
      content = false;
    } else if (!/\s/.test(c)) content = true;
  }
  return undefined;
}

/** How many splits Hadoop's FileInputFormat makes of `files` for `minPartitions` (empty splits dropped, as Spark 3.2+). */
function hadoopSplitCount(files: readonly DataFile[], minPartitions: number): number {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const splitSize = Math.max(1, Math.floor(total / Math.max(minPartitions, 1)));
  let count = 0;
  for (const { size } of files) {
    let remaining = size;
    while (remaining / splitSize > 1.1) {
      count += 1;
      remaining -= splitSize;
    }
    if (remaining > 0) count += 1;
  }
  return count;
}

/** Files a textFile path names: one file, a folder's files, or a glob with `*`, `?` and `{a,b}`. */
function matchFiles(files: readonly DataFile[], path: string): DataFile[] {
  const clean = path.replace(/^\.?\//, '').replace(/\/$/, '');
  if (!/[*?{[]/.test(clean)) return files.filter((f) => f.path === clean || f.path.startsWith(`${clean}/`));
  let pattern = '';
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === '*') pattern += '[^/]*';
    else if (c === '?') pattern += '[^/]';
    else if (c === '{') {
      const end = clean.indexOf('}', i);
      if (end < 0) pattern += '\\{';
      else {
        pattern += `(?:${clean
          .slice(i + 1, end)
          .split(',')
          .map((alt) => alt.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
          .join('|')})`;
        i = end;
      }
    } else pattern += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${pattern}$`);
  return files.filter((f) => regex.test(f.path));
}

/** A query's RDDs are named after its plan's operators (`Exchange`, `AQEShuffleRead`); RDD operations start lower-case. */
export function isPlanOperator(operator: string): boolean {
  return /^[A-Z]/.test(operator);
}
