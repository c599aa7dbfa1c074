/**
 * The application as views and lesson checks want to read it — jobs, stages,
 * tasks and executors with their status — derived from the listener event
 * stream alone, the way Spark's `AppStatusListener` derives what the Spark UI
 * shows. It works on Kindling's own events and on real Spark logs of any
 * version, including logs of applications still running (no
 * `SparkListenerApplicationEnd`, jobs without a `SparkListenerJobEnd`).
 */
import { StorageModelBuilder, type RddStorageModel } from './storage-model';
import { SqlModelBuilder, type SqlExecutionModel } from './sql-model';
import {
  asKnownEvent,
  type EventOf,
  type KnownSparkEvent,
  type RDDInfo,
  type SparkEvent,
  type StackTraceElement,
  type StageInfo,
  type StorageLevel,
  type StringMap,
  type TaskEndReason,
  type TaskInfo,
  type TaskMetrics,
} from './types';

export type JobStatus = 'running' | 'succeeded' | 'failed';

/**
 * `pending`: listed by a job, not yet submitted. `skipped`: its job ended
 * without submitting it (its shuffle output already existed, or the job failed
 * first) — what the Spark UI shows as a skipped stage.
 */
export type StageStatus = 'pending' | 'active' | 'complete' | 'failed' | 'skipped';

/** `killed` also covers `TaskCommitDenied`, as Spark's UI counts it. */
export type TaskStatus = 'running' | 'success' | 'failed' | 'killed';

/** The key of a stage attempt in {@link AppModel.stages}: `"3.0"` is stage 3, attempt 0. */
export function stageKey(stageId: number, attemptId: number): string {
  return `${stageId}.${attemptId}`;
}

export interface ApplicationModel {
  id?: string;
  name?: string;
  user?: string;
  attemptId?: string;
  /** Epoch milliseconds. */
  startTime?: number;
  /** Absent while the application runs (or when its log was cut short). */
  endTime?: number;
  exitCode?: number;
  /** From `SparkListenerLogStart`; absent in Spark 1.2 logs. */
  sparkVersion?: string;
  /** The application's Spark configuration, from `SparkListenerEnvironmentUpdate`. */
  sparkProperties: StringMap;
}

/** How many of a stage's (or an executor's) task attempts are in each state. */
export interface TaskCounts {
  active: number;
  complete: number;
  failed: number;
  killed: number;
}

export interface ExecutorModel {
  /** `"0"`, `"1"`, …; the driver is `"driver"` (`"<driver>"` in Spark 1.x logs). */
  executorId: string;
  isDriver: boolean;
  host?: string;
  cores?: number;
  /** Bytes of storage memory of its block manager. */
  maxMemory?: number;
  addTime?: number;
  removeTime?: number;
  removeReason?: string;
  taskCounts: TaskCounts;
}

/** A stage as one job lists it in its `SparkListenerJobStart`. */
export interface JobStageModel {
  stageId: number;
  name?: string;
  /** From the job's `Stage Infos`; absent in logs older than Spark 1.2. */
  numTasks?: number;
  /** Listed by the job but never submitted while the job ran. */
  skipped: boolean;
}

export interface JobModel {
  jobId: number;
  submissionTime?: number;
  completionTime?: number;
  status: JobStatus;
  /** For a failed job, Spark's message, e.g. `Job aborted due to stage failure: …`. */
  failureMessage?: string;
  /** Every stage the job needs, ascending, including skipped ones. */
  stageIds: number[];
  /** One entry per id of `stageIds`, in the same order. */
  stages: JobStageModel[];
  /** Sum of `numTasks` over `stages`, skipped ones included (Spark UI's total). */
  numTasks: number;
  numSkippedStages: number;
  numSkippedTasks: number;
  /** The job's local properties, e.g. `spark.job.description`. */
  properties: StringMap;
}

/** `RDDOperationScope`: the operation that created an RDD, e.g. `{ id: '1', name: 'map' }`. */
export interface RddScope {
  id: string;
  name: string;
  parent?: RddScope;
}

export interface RddModel {
  rddId: number;
  name: string;
  scope?: RddScope;
  callsite?: string;
  parentIds: number[];
  storageLevel: StorageLevel;
  numPartitions: number;
  numCachedPartitions: number;
  memorySize: number;
  diskSize: number;
}

/**
 * Task metrics as plain numbers, summed over tasks for a stage. Missing
 * metrics (older Spark) count as 0. Times in milliseconds except
 * `shuffleWriteTime`, which is in nanoseconds as in Spark.
 */
export interface MetricTotals {
  executorDeserializeTime: number;
  executorRunTime: number;
  resultSize: number;
  jvmGcTime: number;
  resultSerializationTime: number;
  peakExecutionMemory: number;
  memoryBytesSpilled: number;
  diskBytesSpilled: number;
  inputBytes: number;
  inputRecords: number;
  outputBytes: number;
  outputRecords: number;
  /** Remote + local, as Spark's `ShuffleReadMetrics.totalBytesRead`. */
  shuffleReadBytes: number;
  shuffleReadRecords: number;
  shuffleRemoteBytesRead: number;
  shuffleLocalBytesRead: number;
  shuffleRemoteBlocksFetched: number;
  shuffleLocalBlocksFetched: number;
  shuffleFetchWaitTime: number;
  shuffleWriteBytes: number;
  shuffleWriteRecords: number;
  shuffleWriteTime: number;
}

export interface StageModel {
  /** {@link stageKey}`(stageId, attemptId)`. */
  key: string;
  stageId: number;
  attemptId: number;
  /** Spark's call-site name, e.g. `reduceByKey at wordcount.js:3`. */
  name: string;
  numTasks: number;
  details?: string;
  /** The stage's RDDs, as of the latest `StageInfo` seen (cached partitions update on completion). */
  rdds: RddModel[];
  /** Stages whose shuffle output this one reads. */
  parentIds: number[];
  submissionTime?: number;
  completionTime?: number;
  status: StageStatus;
  failureReason?: string;
  /** Jobs that list this stage. */
  jobIds: number[];
  /** Task attempt ids (TIDs) of this stage attempt, in launch order. */
  taskIds: number[];
  taskCounts: TaskCounts;
  /** Summed over every ended task attempt that reported metrics, failed ones included (as Spark does). */
  metrics: MetricTotals;
  properties: StringMap;
}

export interface TaskModel {
  /** The task attempt id (TID). */
  taskId: number;
  stageId: number;
  stageAttemptId: number;
  /** Index in its task set. */
  index: number;
  /** 0 for the first attempt of this index. */
  attempt: number;
  /** The partition computed; absent in logs older than Spark 3.3. */
  partitionId?: number;
  executorId: string;
  host: string;
  locality: string;
  speculative: boolean;
  /** `ResultTask` or `ShuffleMapTask`; known once the task ended. */
  taskType?: string;
  launchTime: number;
  /** When the driver began fetching a large result, if it had to. */
  gettingResultTime?: number;
  finishTime?: number;
  status: TaskStatus;
  /** Why the attempt ended; absent while running. */
  reason?: TaskEndReason;
  /** Spark's one-line-or-stack-trace description of a failure (`TaskFailedReason.toErrorString`). */
  errorMessage?: string;
  /**
   * Set when a later `Resubmitted` end says this successful shuffle map task's
   * output was lost with its executor, so it will run again as a new attempt.
   */
  outputLost?: boolean;
  metrics?: MetricTotals;
  /** The metrics exactly as logged, e.g. for "Updated Blocks". */
  rawMetrics?: TaskMetrics;
}

/** What {@link buildAppModel} derives. Maps iterate in the order entries were first seen. */
export interface AppModel {
  application: ApplicationModel;
  executors: ReadonlyMap<string, ExecutorModel>;
  jobs: ReadonlyMap<number, JobModel>;
  /** Keyed by {@link stageKey}: every attempt of every stage. */
  stages: ReadonlyMap<string, StageModel>;
  /** Keyed by task attempt id (TID). */
  tasks: ReadonlyMap<number, TaskModel>;
  /** SQL executions (queries), keyed by execution id; see sql-model.ts. */
  sqlExecutions: ReadonlyMap<number, SqlExecutionModel>;
  /** Persisted RDDs and their cached blocks, keyed by RDD id (the Storage tab); see storage-model.ts. */
  storage: ReadonlyMap<number, RddStorageModel>;
}

/**
 * Derives the application model from a whole event stream.
 *
 * @example
 * const app = buildAppModel(parseEventLog(text));
 * const failed = [...app.jobs.values()].filter((job) => job.status === 'failed');
 * const stage = app.stages.get(stageKey(1, 0));
 */
export function buildAppModel(events: readonly SparkEvent[]): AppModel {
  const builder = new AppModelBuilder();
  for (const event of events) builder.add(event);
  builder.refreshSqlMetrics();
  return builder.model;
}

/**
 * Builds the model one event at a time, for views that follow a running
 * application: `add` each event as it is posted and read `model`. The model
 * is updated in place (the same objects change), so a view that needs a new
 * reference to re-render must count updates itself.
 *
 * @example
 * const builder = new AppModelBuilder();
 * bus.subscribe((e) => { builder.add(e); redraw(builder.model); });
 */
export class AppModelBuilder {
  readonly model: AppModel;
  readonly #executors = new Map<string, ExecutorModel>();
  readonly #jobs = new Map<number, JobModel>();
  readonly #stages = new Map<string, StageModel>();
  readonly #tasks = new Map<number, TaskModel>();
  /** For each job still running: the stage ids submitted (or already active) since it started. */
  readonly #stagesRunForJob = new Map<number, Set<number>>();
  /** Stage id → jobs listing it, one array shared by all attempts of the stage. */
  readonly #jobIdsByStageId = new Map<number, number[]>();
  readonly #attemptsByStageId = new Map<number, StageModel[]>();
  readonly #sql = new SqlModelBuilder();
  readonly #storage = new StorageModelBuilder();

  constructor() {
    this.model = {
      application: { sparkProperties: {} },
      executors: this.#executors,
      jobs: this.#jobs,
      stages: this.#stages,
      tasks: this.#tasks,
      sqlExecutions: this.#sql.executions,
      storage: this.#storage.rdds,
    };
  }

  /**
   * Brings the SQL executions' metric values up to date. Aggregating them costs
   * in proportion to the tasks, so a live view calls this when it redraws, not per event.
   */
  refreshSqlMetrics(): void {
    this.#sql.refresh();
  }

  /** Applies one event; events this model does not use are ignored. */
  add(event: SparkEvent): void {
    const known = asKnownEvent(event);
    if (known) this.#apply(known);
  }

  #apply(event: KnownSparkEvent): void {
    const app = this.model.application;
    switch (event.Event) {
      case 'SparkListenerLogStart':
        app.sparkVersion = event['Spark Version'];
        break;
      case 'SparkListenerApplicationStart':
        app.id = event['App ID'];
        app.name = event['App Name'];
        app.user = event.User;
        app.attemptId = event['App Attempt ID'];
        app.startTime = event.Timestamp;
        break;
      case 'SparkListenerApplicationEnd':
        app.endTime = event.Timestamp;
        app.exitCode = event.ExitCode;
        break;
      case 'SparkListenerEnvironmentUpdate':
        app.sparkProperties = { ...event['Spark Properties'] };
        break;
      case 'SparkListenerExecutorAdded': {
        const executor = this.#executor(event['Executor ID']);
        executor.host = event['Executor Info'].Host;
        executor.cores = event['Executor Info']['Total Cores'];
        executor.addTime = event.Timestamp;
        break;
      }
      case 'SparkListenerBlockManagerAdded': {
        // Spark 1.x in local mode announces its only executor, the driver, this way alone.
        const executor = this.#executor(event['Block Manager ID']['Executor ID']);
        executor.host ??= event['Block Manager ID'].Host;
        executor.maxMemory = event['Maximum Memory'];
        executor.addTime ??= event.Timestamp;
        break;
      }
      case 'SparkListenerExecutorRemoved': {
        this.#storage.executorRemoved(event['Executor ID']);
        const executor = this.#executor(event['Executor ID']);
        executor.removeTime = event.Timestamp;
        executor.removeReason = event['Removed Reason'];
        break;
      }
      case 'SparkListenerJobStart':
        this.#jobStarted(event);
        this.#sql.jobStarted(event);
        break;
      case 'SparkListenerJobEnd':
        this.#jobEnded(event);
        this.#sql.jobEnded(event);
        break;
      case 'SparkListenerStageSubmitted':
        this.#storage.rddsListed(event['Stage Info']['RDD Info']);
        this.#stageSubmitted(event['Stage Info'], event.Properties);
        this.#sql.stageSubmitted(event['Stage Info']['Stage ID'], event['Stage Info']['Stage Attempt ID'] ?? 0);
        break;
      case 'SparkListenerStageCompleted':
        this.#storage.rddsListed(event['Stage Info']['RDD Info']);
        this.#stageCompleted(event['Stage Info']);
        break;
      case 'SparkListenerUnpersistRDD':
        this.#storage.unpersisted(event['RDD ID']);
        break;
      case 'SparkListenerBlockUpdated': {
        const info = event['Block Updated Info'];
        this.#storage.blocksUpdated(info['Block Manager ID']['Executor ID'], [
          {
            'Block ID': info['Block ID'],
            Status: {
              'Storage Level': info['Storage Level'],
              'Memory Size': info['Memory Size'],
              'Disk Size': info['Disk Size'],
            },
          },
        ]);
        break;
      }
      case 'SparkListenerTaskStart':
        this.#taskStarted(event['Stage ID'], event['Stage Attempt ID'] ?? 0, event['Task Info']);
        break;
      case 'SparkListenerTaskGettingResult': {
        const task = this.#tasks.get(event['Task Info']['Task ID']);
        if (task) task.gettingResultTime = positiveOrUndefined(event['Task Info']['Getting Result Time']);
        break;
      }
      case 'SparkListenerTaskEnd': {
        this.#taskEnded(event);
        const updated = event['Task Metrics']?.['Updated Blocks'];
        if (updated?.length) this.#storage.blocksUpdated(event['Task Info']['Executor ID'], updated);
        const info = event['Task Info'];
        // TaskInfo.successful: finished, neither failed nor killed.
        const succeeded = info['Finish Time'] > 0 && !info.Failed && !info.Killed;
        this.#sql.taskEnded(event['Stage ID'], event['Stage Attempt ID'] ?? 0, info, succeeded);
        break;
      }
      case 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart':
        this.#sql.executionStarted(event);
        break;
      case 'org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd':
        this.#sql.executionEnded(event);
        break;
      case 'org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate':
        this.#sql.adaptiveExecutionUpdated(event);
        break;
      case 'org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveSQLMetricUpdates':
        this.#sql.adaptiveMetricsUpdated(event);
        break;
      case 'org.apache.spark.sql.execution.ui.SparkListenerDriverAccumUpdates':
        this.#sql.driverAccumsUpdated(event);
        break;
      default:
        break;
    }
  }

  #jobStarted(event: EventOf<'SparkListenerJobStart'>): void {
    const jobId = event['Job ID'];
    const infoById = new Map((event['Stage Infos'] ?? []).map((info) => [info['Stage ID'], info]));
    const stageIds = [...new Set(event['Stage IDs'])].sort((a, b) => a - b);
    const job: JobModel = {
      jobId,
      submissionTime: event['Submission Time'],
      status: 'running',
      stageIds,
      stages: stageIds.map((stageId) => ({
        stageId,
        name: infoById.get(stageId)?.['Stage Name'],
        numTasks: infoById.get(stageId)?.['Number of Tasks'],
        skipped: false,
      })),
      numTasks: 0,
      numSkippedStages: 0,
      numSkippedTasks: 0,
      properties: { ...event.Properties },
    };
    job.numTasks = job.stages.reduce((sum, stage) => sum + (stage.numTasks ?? 0), 0);
    this.#jobs.set(jobId, job);

    const alreadyRunning = new Set<number>();
    for (const stageId of stageIds) {
      const jobIds = this.#jobIdsByStageId.get(stageId) ?? [];
      if (!jobIds.includes(jobId)) jobIds.push(jobId);
      this.#jobIdsByStageId.set(stageId, jobIds);

      const info = infoById.get(stageId);
      if (info) this.#stage(info);
      // A stage another job is running still runs for this one: it is not skipped.
      if (this.#attemptsOf(stageId).some((stage) => stage.status === 'active')) alreadyRunning.add(stageId);
    }
    this.#stagesRunForJob.set(jobId, alreadyRunning);
  }

  #jobEnded(event: EventOf<'SparkListenerJobEnd'>): void {
    const jobId = event['Job ID'];
    let job = this.#jobs.get(jobId);
    if (!job) {
      // The log began after this job started.
      job = {
        jobId,
        status: 'running',
        stageIds: [],
        stages: [],
        numTasks: 0,
        numSkippedStages: 0,
        numSkippedTasks: 0,
        properties: {},
      };
      this.#jobs.set(jobId, job);
    }
    job.completionTime = event['Completion Time'];
    const result = event['Job Result'];
    if (result.Result === 'JobSucceeded') {
      job.status = 'succeeded';
    } else {
      job.status = 'failed';
      job.failureMessage = result.Exception?.Message;
    }

    // As Spark's AppStatusListener.onJobEnd: stages still pending when the job ends were skipped.
    const ran = this.#stagesRunForJob.get(jobId) ?? new Set<number>();
    this.#stagesRunForJob.delete(jobId);
    for (const jobStage of job.stages) {
      if (ran.has(jobStage.stageId)) continue;
      jobStage.skipped = true;
      job.numSkippedStages += 1;
      job.numSkippedTasks += jobStage.numTasks ?? 0;
      for (const stage of this.#attemptsOf(jobStage.stageId)) {
        if (stage.status === 'pending') stage.status = 'skipped';
      }
    }
  }

  #stageSubmitted(info: StageInfo, properties: StringMap | undefined): void {
    const stage = this.#stage(info);
    stage.status = 'active';
    if (properties) stage.properties = { ...properties };
    for (const ran of this.#stagesRunForJob.values()) ran.add(stage.stageId);
  }

  #stageCompleted(info: StageInfo): void {
    const stage = this.#stage(info);
    // As Spark's AppStatusListener.onStageCompleted.
    if (info['Failure Reason'] !== undefined) stage.status = 'failed';
    else if (stage.submissionTime !== undefined || stage.status === 'active') stage.status = 'complete';
    else stage.status = 'skipped';
  }

  #taskStarted(stageId: number, stageAttemptId: number, info: TaskInfo): void {
    const stage = this.#stageById(stageId, stageAttemptId);
    if (stage.status === 'pending' || stage.status === 'skipped') stage.status = 'active';
    const task = this.#newTask(stageId, stageAttemptId, info);
    this.#tasks.set(task.taskId, task);
    stage.taskIds.push(task.taskId);
    stage.taskCounts.active += 1;
    this.#executor(task.executorId, task.host).taskCounts.active += 1;
  }

  #taskEnded(event: EventOf<'SparkListenerTaskEnd'>): void {
    const info = event['Task Info'];
    const stageAttemptId = event['Stage Attempt ID'] ?? 0;
    const stage = this.#stageById(event['Stage ID'], stageAttemptId);
    const reason = event['Task End Reason'];
    let task = this.#tasks.get(info['Task ID']);

    if (task && task.status !== 'running') {
      // A second end for a finished task: Spark's Resubmitted, for map output lost with its executor.
      // Spark's UI counts it as a failed task of the stage and leaves the task's own row as it was.
      if (reason?.Reason === 'Resubmitted') {
        task.outputLost = true;
        stage.taskCounts.failed += 1;
      }
      return;
    }

    const wasRunning = task !== undefined;
    if (!task) {
      // The log began after this task started.
      task = this.#newTask(event['Stage ID'], stageAttemptId, info);
      this.#tasks.set(task.taskId, task);
      stage.taskIds.push(task.taskId);
    }
    task.taskType = event['Task Type'];
    task.finishTime = positiveOrUndefined(info['Finish Time']);
    task.gettingResultTime = positiveOrUndefined(info['Getting Result Time']);
    task.reason = reason;
    task.status = taskStatus(reason, info);
    task.errorMessage = reason && reason.Reason !== 'Success' ? taskEndReasonMessage(reason) : undefined;

    const rawMetrics = event['Task Metrics'] ?? undefined;
    if (rawMetrics) {
      task.rawMetrics = rawMetrics;
      task.metrics = metricTotals(rawMetrics);
      addMetrics(stage.metrics, task.metrics);
    }

    const executor = this.#executor(task.executorId, task.host);
    for (const counts of [stage.taskCounts, executor.taskCounts]) {
      if (wasRunning) counts.active = Math.max(0, counts.active - 1);
      if (task.status === 'success') counts.complete += 1;
      else if (task.status === 'killed') counts.killed += 1;
      else counts.failed += 1;
    }
  }

  #newTask(stageId: number, stageAttemptId: number, info: TaskInfo): TaskModel {
    return {
      taskId: info['Task ID'],
      stageId,
      stageAttemptId,
      index: info.Index,
      attempt: info.Attempt ?? 0,
      partitionId: info['Partition ID'] !== undefined && info['Partition ID'] >= 0 ? info['Partition ID'] : undefined,
      executorId: info['Executor ID'],
      host: info.Host,
      locality: info.Locality,
      speculative: info.Speculative ?? false,
      launchTime: info['Launch Time'],
      gettingResultTime: positiveOrUndefined(info['Getting Result Time']),
      status: 'running',
    };
  }

  /** The stage attempt a `StageInfo` describes, created or refreshed from it. */
  #stage(info: StageInfo): StageModel {
    const stage = this.#stageById(info['Stage ID'], info['Stage Attempt ID'] ?? 0);
    stage.name = info['Stage Name'];
    stage.numTasks = info['Number of Tasks'];
    stage.details = info.Details ?? stage.details;
    stage.rdds = (info['RDD Info'] ?? []).map(rddModel);
    stage.parentIds = [...(info['Parent IDs'] ?? stage.parentIds)];
    stage.submissionTime = info['Submission Time'] ?? stage.submissionTime;
    stage.completionTime = info['Completion Time'] ?? stage.completionTime;
    stage.failureReason = info['Failure Reason'] ?? stage.failureReason;
    return stage;
  }

  #stageById(stageId: number, attemptId: number): StageModel {
    const key = stageKey(stageId, attemptId);
    let stage = this.#stages.get(key);
    if (!stage) {
      stage = {
        key,
        stageId,
        attemptId,
        name: '',
        numTasks: 0,
        rdds: [],
        parentIds: [],
        status: 'pending',
        jobIds: this.#jobIdsByStageId.get(stageId) ?? [],
        taskIds: [],
        taskCounts: emptyTaskCounts(),
        metrics: emptyMetricTotals(),
        properties: {},
      };
      this.#jobIdsByStageId.set(stageId, stage.jobIds);
      this.#stages.set(key, stage);
      const attempts = this.#attemptsByStageId.get(stageId) ?? [];
      attempts.push(stage);
      this.#attemptsByStageId.set(stageId, attempts);
    }
    return stage;
  }

  #attemptsOf(stageId: number): readonly StageModel[] {
    return this.#attemptsByStageId.get(stageId) ?? [];
  }

  #executor(executorId: string, host?: string): ExecutorModel {
    let executor = this.#executors.get(executorId);
    if (!executor) {
      executor = {
        executorId,
        isDriver: executorId === 'driver' || executorId === '<driver>',
        host,
        taskCounts: emptyTaskCounts(),
      };
      this.#executors.set(executorId, executor);
    }
    return executor;
  }
}

/**
 * Spark's description of why a task attempt did not succeed
 * (`TaskFailedReason.toErrorString`), e.g.
 * `ExecutorLostFailure (executor 1 exited caused by one of the running tasks) Reason: killed`.
 * For an `ExceptionFailure` it is the full stack trace when the log has one.
 */
export function taskEndReasonMessage(reason: TaskEndReason): string {
  switch (reason.Reason) {
    case 'Success':
      return 'Success';
    case 'Resubmitted':
      return 'Resubmitted (resubmitted due to lost executor)';
    case 'FetchFailed': {
      const address = reason['Block Manager Address'];
      const where = address
        ? `BlockManagerId(${address['Executor ID']}, ${address.Host}, ${address.Port}, None)`
        : 'null';
      const mapIndex = reason['Map Index'] ?? 'Unknown';
      return (
        `FetchFailed(${where}, shuffleId=${reason['Shuffle ID']}, mapIndex=${mapIndex}, ` +
        `mapId=${reason['Map ID']}, reduceId=${reason['Reduce ID']}, message=\n${reason.Message ?? 'Unknown reason'}\n)`
      );
    }
    case 'ExceptionFailure': {
      if (reason['Full Stack Trace']) return reason['Full Stack Trace'];
      const frames = (reason['Stack Trace'] ?? []).map((frame) => `        ${stackFrameString(frame)}`);
      return `${reason['Class Name']}: ${reason.Description ?? ''}\n${frames.join('\n')}`;
    }
    case 'TaskResultLost':
      return 'TaskResultLost (result lost from block manager)';
    case 'TaskKilled':
      return `TaskKilled (${reason['Kill Reason'] ?? 'unknown reason'})`;
    case 'TaskCommitDenied':
      return (
        'TaskCommitDenied (Driver denied task commit) for job: ' +
        `${reason['Job ID'] ?? -1}, partition: ${reason['Partition ID'] ?? -1}, attemptNumber: ${reason['Attempt Number'] ?? -1}`
      );
    case 'ExecutorLostFailure': {
      const exitBehavior =
        (reason['Exit Caused By App'] ?? true)
          ? 'caused by one of the running tasks'
          : 'unrelated to the running tasks';
      const lossReason = reason['Loss Reason'] !== undefined ? ` Reason: ${reason['Loss Reason']}` : '';
      return `ExecutorLostFailure (executor ${reason['Executor ID'] ?? 'Unknown'} exited ${exitBehavior})${lossReason}`;
    }
    case 'UnknownReason':
      return 'UnknownReason';
    default: {
      // A reason from a newer Spark: its name is the best description there is.
      const unknown: { Reason?: unknown } = reason;
      return String(unknown.Reason);
    }
  }
}

// ---------------------------------------------------------------------------

function taskStatus(reason: TaskEndReason | undefined, info: TaskInfo): TaskStatus {
  switch (reason?.Reason) {
    case 'Success':
      return 'success';
    case 'TaskKilled':
    case 'TaskCommitDenied':
      return 'killed';
    case undefined:
      // No reason at all (a malformed line): trust the attempt's own flags.
      return info.Killed ? 'killed' : info.Failed ? 'failed' : 'success';
    default:
      return 'failed';
  }
}

/** As Java's `StackTraceElement.toString`. */
function stackFrameString(frame: StackTraceElement): string {
  const file = frame['File Name'];
  const line = frame['Line Number'];
  const where = line === -2 ? 'Native Method' : file == null ? 'Unknown Source' : line >= 0 ? `${file}:${line}` : file;
  return `${frame['Declaring Class']}.${frame['Method Name']}(${where})`;
}

function positiveOrUndefined(time: number | undefined): number | undefined {
  // Spark writes 0 for "not happened yet".
  return time !== undefined && time > 0 ? time : undefined;
}

function emptyTaskCounts(): TaskCounts {
  return { active: 0, complete: 0, failed: 0, killed: 0 };
}

function emptyMetricTotals(): MetricTotals {
  return {
    executorDeserializeTime: 0,
    executorRunTime: 0,
    resultSize: 0,
    jvmGcTime: 0,
    resultSerializationTime: 0,
    peakExecutionMemory: 0,
    memoryBytesSpilled: 0,
    diskBytesSpilled: 0,
    inputBytes: 0,
    inputRecords: 0,
    outputBytes: 0,
    outputRecords: 0,
    shuffleReadBytes: 0,
    shuffleReadRecords: 0,
    shuffleRemoteBytesRead: 0,
    shuffleLocalBytesRead: 0,
    shuffleRemoteBlocksFetched: 0,
    shuffleLocalBlocksFetched: 0,
    shuffleFetchWaitTime: 0,
    shuffleWriteBytes: 0,
    shuffleWriteRecords: 0,
    shuffleWriteTime: 0,
  };
}

function metricTotals(metrics: TaskMetrics): MetricTotals {
  const read = metrics['Shuffle Read Metrics'];
  const write = metrics['Shuffle Write Metrics'];
  const input = metrics['Input Metrics'];
  const output = metrics['Output Metrics'];
  const remoteBytes = read?.['Remote Bytes Read'] ?? 0;
  const localBytes = read?.['Local Bytes Read'] ?? 0;
  return {
    executorDeserializeTime: metrics['Executor Deserialize Time'] ?? 0,
    executorRunTime: metrics['Executor Run Time'] ?? 0,
    resultSize: metrics['Result Size'] ?? 0,
    jvmGcTime: metrics['JVM GC Time'] ?? 0,
    resultSerializationTime: metrics['Result Serialization Time'] ?? 0,
    peakExecutionMemory: metrics['Peak Execution Memory'] ?? 0,
    memoryBytesSpilled: metrics['Memory Bytes Spilled'] ?? 0,
    diskBytesSpilled: metrics['Disk Bytes Spilled'] ?? 0,
    inputBytes: input?.['Bytes Read'] ?? 0,
    inputRecords: input?.['Records Read'] ?? 0,
    outputBytes: output?.['Bytes Written'] ?? 0,
    outputRecords: output?.['Records Written'] ?? 0,
    shuffleReadBytes: remoteBytes + localBytes,
    shuffleReadRecords: read?.['Total Records Read'] ?? 0,
    shuffleRemoteBytesRead: remoteBytes,
    shuffleLocalBytesRead: localBytes,
    shuffleRemoteBlocksFetched: read?.['Remote Blocks Fetched'] ?? 0,
    shuffleLocalBlocksFetched: read?.['Local Blocks Fetched'] ?? 0,
    shuffleFetchWaitTime: read?.['Fetch Wait Time'] ?? 0,
    shuffleWriteBytes: write?.['Shuffle Bytes Written'] ?? 0,
    shuffleWriteRecords: write?.['Shuffle Records Written'] ?? 0,
    shuffleWriteTime: write?.['Shuffle Write Time'] ?? 0,
  };
}

function addMetrics(total: MetricTotals, add: MetricTotals): void {
  for (const name of Object.keys(total) as (keyof MetricTotals)[]) total[name] += add[name];
}

function rddModel(info: RDDInfo): RddModel {
  return {
    rddId: info['RDD ID'],
    name: info.Name,
    scope: parseScope(info.Scope),
    callsite: info.Callsite,
    parentIds: [...(info['Parent IDs'] ?? [])],
    storageLevel: info['Storage Level'],
    numPartitions: info['Number of Partitions'],
    numCachedPartitions: info['Number of Cached Partitions'],
    memorySize: info['Memory Size'],
    diskSize: info['Disk Size'],
  };
}

function parseScope(json: string | undefined): RddScope | undefined {
  if (json === undefined) return undefined;
  try {
    return toScope(JSON.parse(json));
  } catch {
    return undefined; // A malformed scope only costs the DAG view its grouping.
  }
}

function toScope(value: unknown): RddScope | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, name, parent } = value as { id?: unknown; name?: unknown; parent?: unknown };
  if (typeof id !== 'string' || typeof name !== 'string') return undefined;
  const parentScope = toScope(parent);
  return parentScope ? { id, name, parent: parentScope } : { id, name };
}
