/**
 * The rows of the jobs, stages and tasks tables and the per-stage summary
 * quantiles, computed from the application model the way Spark's UI computes
 * them (`AppStatusStore`, `AppStatusUtils`), so the numbers read the same.
 */
import { stageKey, type AppModel, type JobModel, type StageModel, type TaskModel } from '../../engine/events/app-model';
import { bytesToString, formatDuration } from './format';

export interface JobRow {
  jobId: number;
  /** `spark.jobGroup.id`, shown after the id as the Spark UI does: `3 (reports)`. */
  group: string | null;
  /** The job's call site, e.g. `count at playground.js:7`, or its description. */
  description: string;
  status: JobModel['status'];
  submissionTime?: number;
  /** Milliseconds; up to `now` while the job runs. */
  duration?: number;
  stagesSucceeded: number;
  stagesTotal: number;
  stagesSkipped: number;
  stagesFailed: number;
  tasksSucceeded: number;
  tasksTotal: number;
  tasksFailed: number;
  tasksKilled: number;
  tasksSkipped: number;
  tasksRunning: number;
  failureMessage?: string;
}

export interface StageRow {
  key: string;
  stageId: number;
  attemptId: number;
  name: string;
  status: StageModel['status'];
  submissionTime?: number;
  duration?: number;
  tasksSucceeded: number;
  tasksTotal: number;
  tasksFailed: number;
  tasksKilled: number;
  tasksRunning: number;
  inputBytes: number;
  inputRecords: number;
  outputBytes: number;
  shuffleReadBytes: number;
  shuffleReadRecords: number;
  shuffleWriteBytes: number;
  shuffleWriteRecords: number;
  spillBytes: number;
  failureReason?: string;
  jobIds: number[];
}

export interface TaskRow {
  taskId: number;
  index: number;
  attempt: number;
  stageId: number;
  stageAttemptId: number;
  partition?: number;
  status: TaskModel['status'];
  speculative: boolean;
  locality: string;
  executorId: string;
  host: string;
  launchTime: number;
  /** Executor run time (what Spark's tasks table calls Duration); absent while running. */
  duration?: number;
  /** Launch to finish, including scheduler delay and result fetching. */
  wallTime?: number;
  schedulerDelay?: number;
  deserializeTime: number;
  gcTime: number;
  resultSerializationTime: number;
  gettingResultTime: number;
  inputBytes: number;
  inputRecords: number;
  shuffleReadBytes: number;
  shuffleReadRecords: number;
  shuffleWriteBytes: number;
  shuffleWriteRecords: number;
  memorySpill: number;
  diskSpill: number;
  /** The first line of the failure, e.g. `ExecutorLostFailure (executor 1 exited …)`. */
  error?: string;
  /** The whole failure text (a stack trace for an exception). */
  errorDetail?: string;
}

/**
 * The jobs table, newest first as in the Spark UI.
 *
 * @example
 * jobRows(model, Date.now())[0] // { jobId: 2, description: 'count at playground.js:11', … }
 */
export function jobRows(model: AppModel, now: number): JobRow[] {
  const rows: JobRow[] = [];
  for (const job of model.jobs.values()) {
    const attempts = [...model.stages.values()].filter((stage) => job.stageIds.includes(stage.stageId));
    const latestByStage = new Map<number, StageModel>();
    for (const stage of attempts) latestByStage.set(stage.stageId, stage);
    const counts = { failed: 0, killed: 0, active: 0 };
    // As Spark's completed indices: a partition re-run after its output was lost still counts once.
    const succeeded = new Set<string>();
    for (const stage of attempts) {
      for (const id of stage.taskIds) {
        const task = model.tasks.get(id);
        if (task?.status === 'success') succeeded.add(`${task.stageId}:${task.partitionId ?? task.index}`);
      }
      counts.failed += stage.taskCounts.failed;
      counts.killed += stage.taskCounts.killed;
      counts.active += stage.taskCounts.active;
    }
    const latest = [...latestByStage.values()];
    const resultStage = latestByStage.get(Math.max(...job.stageIds));
    rows.push({
      jobId: job.jobId,
      group: job.properties['spark.jobGroup.id'] ?? null,
      description: job.properties['spark.job.description'] ?? resultStage?.name ?? job.stages.at(-1)?.name ?? '',
      status: job.status,
      submissionTime: job.submissionTime,
      duration: spanOf(job.submissionTime, job.completionTime, job.status === 'running' ? now : undefined),
      stagesSucceeded: latest.filter((s) => s.status === 'complete').length,
      stagesTotal: job.stageIds.length,
      stagesSkipped: job.numSkippedStages,
      stagesFailed: latest.filter((s) => s.status === 'failed').length,
      tasksSucceeded: succeeded.size,
      tasksTotal: job.numTasks,
      tasksFailed: counts.failed,
      tasksKilled: counts.killed,
      tasksSkipped: job.numSkippedTasks,
      tasksRunning: counts.active,
      failureMessage: job.failureMessage,
    });
  }
  return rows.sort((a, b) => b.jobId - a.jobId);
}

/**
 * The stages table, every attempt, newest first; skipped stages included.
 *
 * @example
 * stageRows(model, Date.now()).filter((s) => s.status === 'skipped')
 */
export function stageRows(model: AppModel, now: number): StageRow[] {
  const rows: StageRow[] = [];
  for (const stage of model.stages.values()) {
    const m = stage.metrics;
    rows.push({
      key: stage.key,
      stageId: stage.stageId,
      attemptId: stage.attemptId,
      name: stage.name,
      status: stage.status,
      submissionTime: stage.submissionTime,
      duration: spanOf(stage.submissionTime, stage.completionTime, stage.status === 'active' ? now : undefined),
      tasksSucceeded: stage.taskCounts.complete,
      tasksTotal: stage.numTasks,
      tasksFailed: stage.taskCounts.failed,
      tasksKilled: stage.taskCounts.killed,
      tasksRunning: stage.taskCounts.active,
      inputBytes: m.inputBytes,
      inputRecords: m.inputRecords,
      outputBytes: m.outputBytes,
      shuffleReadBytes: m.shuffleReadBytes,
      shuffleReadRecords: m.shuffleReadRecords,
      shuffleWriteBytes: m.shuffleWriteBytes,
      shuffleWriteRecords: m.shuffleWriteRecords,
      spillBytes: m.memoryBytesSpilled + m.diskBytesSpilled,
      failureReason: stage.failureReason,
      jobIds: [...stage.jobIds],
    });
  }
  return rows.sort((a, b) => b.stageId - a.stageId || b.attemptId - a.attemptId);
}

/**
 * One row per task attempt, in launch order (TID), optionally of one stage attempt only.
 *
 * @example
 * taskRows(model, '1.0').filter((t) => t.attempt > 0) // the retried tasks of stage 1
 */
export function taskRows(model: AppModel, onlyStageKey?: string): TaskRow[] {
  const stage = onlyStageKey !== undefined ? model.stages.get(onlyStageKey) : undefined;
  const tasks =
    onlyStageKey === undefined
      ? [...model.tasks.values()]
      : (stage?.taskIds ?? []).map((id) => model.tasks.get(id)).filter((t): t is TaskModel => t !== undefined);
  return tasks.map(taskRow);
}

// Rows are rebuilt many times while a job runs; a task's row only changes when the task ends.
const rowCache = new WeakMap<TaskModel, { status: TaskModel['status']; outputLost?: boolean; row: TaskRow }>();

/** One task attempt as a table row. */
export function taskRow(task: TaskModel): TaskRow {
  const cached = rowCache.get(task);
  if (cached && cached.status === task.status && cached.outputLost === task.outputLost) return cached.row;
  const row = buildTaskRow(task);
  rowCache.set(task, { status: task.status, outputLost: task.outputLost, row });
  return row;
}

function buildTaskRow(task: TaskModel): TaskRow {
  const m = task.metrics;
  const wallTime = task.finishTime !== undefined ? Math.max(0, task.finishTime - task.launchTime) : undefined;
  const gettingResultTime =
    task.gettingResultTime !== undefined && task.finishTime !== undefined
      ? Math.max(0, task.finishTime - task.gettingResultTime)
      : 0;
  const error = task.errorMessage;
  return {
    taskId: task.taskId,
    index: task.index,
    attempt: task.attempt,
    stageId: task.stageId,
    stageAttemptId: task.stageAttemptId,
    partition: task.partitionId,
    status: task.status,
    speculative: task.speculative,
    locality: task.locality,
    executorId: task.executorId,
    host: task.host,
    launchTime: task.launchTime,
    duration: m ? m.executorRunTime : undefined,
    wallTime,
    // As AppStatusUtils.schedulerDelay: what the wall time leaves after the executor's own phases.
    schedulerDelay:
      m && wallTime !== undefined
        ? Math.max(
            0,
            wallTime - m.executorRunTime - m.executorDeserializeTime - m.resultSerializationTime - gettingResultTime,
          )
        : undefined,
    deserializeTime: m?.executorDeserializeTime ?? 0,
    gcTime: m?.jvmGcTime ?? 0,
    resultSerializationTime: m?.resultSerializationTime ?? 0,
    gettingResultTime,
    inputBytes: m?.inputBytes ?? 0,
    inputRecords: m?.inputRecords ?? 0,
    shuffleReadBytes: m?.shuffleReadBytes ?? 0,
    shuffleReadRecords: m?.shuffleReadRecords ?? 0,
    shuffleWriteBytes: m?.shuffleWriteBytes ?? 0,
    shuffleWriteRecords: m?.shuffleWriteRecords ?? 0,
    memorySpill: m?.memoryBytesSpilled ?? 0,
    diskSpill: m?.diskBytesSpilled ?? 0,
    error: error?.split('\n')[0],
    errorDetail: error,
  };
}

/** The quantiles of Spark UI's "Summary Metrics": min, 25th percentile, median, 75th percentile, max. */
export const SUMMARY_QUANTILES = [0, 0.25, 0.5, 0.75, 1] as const;

/**
 * Quantiles picked as Spark's `AppStatusStore.taskSummary` picks them: the
 * value at index `min(floor(q·n), n − 1)` of the sorted values (no interpolation).
 *
 * @example
 * quantiles([5, 1, 3, 2, 4], [0, 0.5, 1]) // [1, 3, 5]
 */
export function quantiles(values: readonly number[], qs: readonly number[] = SUMMARY_QUANTILES): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  return qs.map((q) => sorted[Math.min(Math.floor(q * sorted.length), sorted.length - 1)]);
}

export interface SummaryRow {
  metric: string;
  /** Formatted values at {@link SUMMARY_QUANTILES}. */
  values: string[];
}

/**
 * Spark UI's "Summary Metrics for N Completed Tasks" of one stage attempt:
 * quantiles over its successful tasks. Rows whose values are all zero (no
 * input, no spill, …) are left out, as the Spark UI hides unused metrics.
 *
 * @example
 * stageSummary(model, stageKey(1, 0)).rows.find((r) => r.metric === 'Duration')?.values
 * // ['3 ms', '4 ms', '5 ms', '5 ms', '9 ms']
 */
export function stageSummary(model: AppModel, key: string): { completed: number; rows: SummaryRow[] } {
  const done = taskRows(model, key).filter((t) => t.status === 'success');
  if (done.length === 0) return { completed: 0, rows: [] };
  const time = (pick: (t: TaskRow) => number) => quantiles(done.map(pick)).map((v) => formatDuration(v));
  const sized = (bytes: (t: TaskRow) => number, records?: (t: TaskRow) => number) => {
    const b = quantiles(done.map(bytes));
    const r = records ? quantiles(done.map(records)) : undefined;
    return b.map((v, i) => (r ? `${bytesToString(v)} / ${r[i]}` : bytesToString(v)));
  };
  const any = (pick: (t: TaskRow) => number) => done.some((t) => pick(t) > 0);
  const rows: SummaryRow[] = [
    { metric: 'Duration', values: time((t) => t.duration ?? 0) },
    { metric: 'Run time without GC', values: time((t) => (t.duration ?? 0) - t.gcTime) },
    { metric: 'GC Time', values: time((t) => t.gcTime) },
    { metric: 'Scheduler Delay', values: time((t) => t.schedulerDelay ?? 0) },
    { metric: 'Task Deserialization Time', values: time((t) => t.deserializeTime) },
    { metric: 'Result Serialization Time', values: time((t) => t.resultSerializationTime) },
  ];
  if (any((t) => t.gettingResultTime))
    rows.push({ metric: 'Getting Result Time', values: time((t) => t.gettingResultTime) });
  if (any((t) => t.inputBytes || t.inputRecords))
    rows.push({
      metric: 'Input Size / Records',
      values: sized(
        (t) => t.inputBytes,
        (t) => t.inputRecords,
      ),
    });
  if (any((t) => t.shuffleReadBytes || t.shuffleReadRecords))
    rows.push({
      metric: 'Shuffle Read Size / Records',
      values: sized(
        (t) => t.shuffleReadBytes,
        (t) => t.shuffleReadRecords,
      ),
    });
  if (any((t) => t.shuffleWriteBytes || t.shuffleWriteRecords))
    rows.push({
      metric: 'Shuffle Write Size / Records',
      values: sized(
        (t) => t.shuffleWriteBytes,
        (t) => t.shuffleWriteRecords,
      ),
    });
  if (any((t) => t.memorySpill)) rows.push({ metric: 'Spill (memory)', values: sized((t) => t.memorySpill) });
  if (any((t) => t.diskSpill)) rows.push({ metric: 'Spill (disk)', values: sized((t) => t.diskSpill) });
  return { completed: done.length, rows };
}

/**
 * A sentence for screen readers and the page: "Job 0: 2 stages, 8 tasks, 1 failed attempt."
 *
 * @example
 * jobSummary(model, model.jobs.get(0)!)
 */
export function jobSummary(model: AppModel, job: JobModel): string {
  const attempts = [...model.stages.values()].filter((s) => job.stageIds.includes(s.stageId));
  const tasks = attempts.reduce((n, s) => n + s.taskIds.length, 0);
  const failed = attempts.reduce((n, s) => n + s.taskCounts.failed, 0);
  const skipped = job.numSkippedStages;
  const parts = [
    `${job.stageIds.length} stage${job.stageIds.length === 1 ? '' : 's'}${skipped > 0 ? ` (${skipped} skipped)` : ''}`,
    `${tasks} task${tasks === 1 ? '' : 's'}`,
  ];
  if (failed > 0) parts.push(`${failed} failed attempt${failed === 1 ? '' : 's'}`);
  return `Job ${job.jobId} (${job.status}): ${parts.join(', ')}.`;
}

function spanOf(start: number | undefined, end: number | undefined, now: number | undefined): number | undefined {
  if (start === undefined) return undefined;
  const stop = end ?? now;
  return stop === undefined ? undefined : Math.max(0, stop - start);
}

export { stageKey };
