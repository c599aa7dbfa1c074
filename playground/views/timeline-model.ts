/**
 * The timeline as data: one lane per executor core, each task attempt placed
 * in a lane and split into the phases the Spark UI shows, job and stage spans
 * above, executors joining and leaving. Times are milliseconds relative to
 * `origin` (the first job, stage or task) so they stay small.
 *
 * Building it is O(n log n) in task attempts (one sort, then one pass per
 * executor that looks at most at `cores` slots per task).
 */
import type { AppModel, ExecutorModel, JobStatus, StageModel, TaskModel } from '../../engine/events';
import { PHASES, type DagStageStatus, type PhaseName, type TaskOutcome } from './colors';
import { executorSummaryText, jobCounts, jobSummaryText } from './summary';

export type TaskPhases = Record<PhaseName, number>;

export interface TimelineTask {
  task: TaskModel;
  /** Index into {@link TimelineModel.lanes}. */
  lane: number;
  /** Launch, relative to the origin. */
  start: number;
  /** Finish, relative to the origin; `null` while running. */
  end: number | null;
  outcome: TaskOutcome;
  /** Milliseconds per phase, summing to `end - start`; `null` without metrics (running, or a log without them). */
  phases: TaskPhases | null;
}

export interface TimelineLane {
  executorId: string;
  /** 0-based slot within its executor. */
  slot: number;
  /** Indices into {@link TimelineModel.tasks}, by launch time; the attempts in one lane never overlap. */
  tasks: number[];
}

export interface TimelineExecutor {
  executorId: string;
  host?: string;
  cores?: number;
  isDriver: boolean;
  firstLane: number;
  laneCount: number;
  /** Relative times; absent when unknown. */
  added?: number;
  removed?: number;
  removeReason?: string;
  /** "executor 1 on host-1, 2 cores, removed: worker lost" */
  description: string;
}

export interface TimelineSpan {
  kind: 'job' | 'stage';
  /** Job id, or stage id. */
  id: number;
  /** Stage attempt (0 for jobs). */
  attempt: number;
  label: string;
  start: number;
  /** `null` while still running. */
  end: number | null;
  status: DagStageStatus;
  /** Row among spans of its kind, so concurrent spans do not overlap. */
  row: number;
}

export interface TimelineModel {
  /** Epoch milliseconds of time 0. */
  origin: number;
  /** The latest time anything is known to have happened, relative to the origin. */
  end: number;
  executors: TimelineExecutor[];
  lanes: TimelineLane[];
  /** Every task attempt, by launch time (ties by task id). */
  tasks: TimelineTask[];
  /** Task id → index into `tasks`. */
  indexByTaskId: Map<number, number>;
  jobSpans: TimelineSpan[];
  stageSpans: TimelineSpan[];
  jobRows: number;
  stageRows: number;
  /** "Job 0: 2 stages, 6 tasks, 1 failed attempt; succeeded." per job. */
  jobSummaries: string[];
  /** One line per executor. */
  executorSummaries: string[];
}

/**
 * Builds the timeline from the model. `now` (epoch ms) stands in for the end
 * of whatever is still running; without it, running things end at the latest
 * time the model knows.
 *
 * @example
 * const timeline = buildTimelineModel(buildAppModel(events));
 * timeline.lanes.length; // 4 for 2 executors × 2 cores
 * timeline.tasks[0].phases?.compute; // milliseconds computing
 */
export function buildTimelineModel(model: AppModel, now?: number): TimelineModel {
  const origin = originOf(model);
  const tasks: TimelineTask[] = [];
  let latest = 0;
  for (const task of model.tasks.values()) {
    const start = task.launchTime - origin;
    const end =
      task.status === 'running' || task.finishTime === undefined ? null : Math.max(start, task.finishTime - origin);
    latest = Math.max(latest, end ?? start);
    tasks.push({ task, lane: -1, start, end, outcome: task.status, phases: taskPhases(task) });
  }
  tasks.sort((a, b) => a.start - b.start || a.task.taskId - b.task.taskId);

  const { executors, lanes } = assignLanes(model, tasks, origin);
  const indexByTaskId = new Map<number, number>();
  tasks.forEach((t, i) => indexByTaskId.set(t.task.taskId, i));

  const jobSpans: TimelineSpan[] = [];
  for (const job of model.jobs.values()) {
    if (job.submissionTime === undefined) continue;
    const start = job.submissionTime - origin;
    const end = job.completionTime !== undefined ? job.completionTime - origin : null;
    latest = Math.max(latest, end ?? start);
    jobSpans.push({
      kind: 'job',
      id: job.jobId,
      attempt: 0,
      label: `Job ${job.jobId}`,
      start,
      end,
      status: jobSpanStatus(job.status),
      row: 0,
    });
  }
  const stageSpans: TimelineSpan[] = [];
  for (const stage of model.stages.values()) {
    if (stage.submissionTime === undefined) continue;
    const start = stage.submissionTime - origin;
    const end = stage.completionTime !== undefined ? stage.completionTime - origin : null;
    latest = Math.max(latest, end ?? start);
    stageSpans.push({
      kind: 'stage',
      id: stage.stageId,
      attempt: stage.attemptId,
      label: stage.attemptId > 0 ? `Stage ${stage.stageId} (attempt ${stage.attemptId + 1})` : `Stage ${stage.stageId}`,
      start,
      end,
      status: stageSpanStatus(stage),
      row: 0,
    });
  }
  for (const e of executors) {
    if (e.removed !== undefined) latest = Math.max(latest, e.removed);
  }
  const end = now !== undefined ? Math.max(latest, now - origin) : latest;

  const jobSummaries = [...model.jobs.values()]
    .sort((a, b) => a.jobId - b.jobId)
    .map((job) => jobSummaryText(jobCounts(model, job)));
  return {
    origin,
    end,
    executors,
    lanes,
    tasks,
    indexByTaskId,
    jobSpans,
    stageSpans,
    jobRows: assignRows(jobSpans),
    stageRows: assignRows(stageSpans),
    jobSummaries,
    executorSummaries: executors.map((e) => e.description),
  };
}

/**
 * Splits a finished task attempt's wall-clock time into the Spark UI's
 * phases, with the Spark UI's own formulas (`StagePage.makeTimeline` and
 * `AppStatusUtils.schedulerDelay`/`gettingResultTime` in Spark's core):
 *
 * - getting result = finish − the time the driver began fetching the result (0 if it never had to);
 * - scheduler delay = max(0, duration − executor run time − deserialization − result serialization − getting result);
 * - shuffle read = fetch wait time; shuffle write = shuffle write time (ns → ms);
 * - computing = what remains of the duration.
 *
 * When the metrics add up to more than the wall-clock time (they are measured
 * apart, and rounded), every phase is scaled down so the bar is exactly the
 * attempt's duration. `null` for a running attempt or one without metrics.
 *
 * @example
 * taskPhases(task); // { schedulerDelay: 2, deserialization: 1, shuffleRead: 0, compute: 9, … }
 */
export function taskPhases(task: TaskModel): TaskPhases | null {
  const m = task.metrics;
  if (!m || task.finishTime === undefined || task.status === 'running') return null;
  const duration = Math.max(0, task.finishTime - task.launchTime);
  const gettingResult =
    task.gettingResultTime !== undefined ? Math.max(0, task.finishTime - task.gettingResultTime) : 0;
  const deserialization = m.executorDeserializeTime;
  const resultSerialization = m.resultSerializationTime;
  const schedulerDelay = Math.max(
    0,
    duration - m.executorRunTime - deserialization - resultSerialization - gettingResult,
  );
  const shuffleRead = m.shuffleFetchWaitTime;
  const shuffleWrite = m.shuffleWriteTime / 1e6;
  const compute = Math.max(
    0,
    duration - schedulerDelay - deserialization - shuffleRead - shuffleWrite - resultSerialization - gettingResult,
  );
  const phases: TaskPhases = {
    schedulerDelay,
    deserialization,
    shuffleRead,
    compute,
    shuffleWrite,
    resultSerialization,
    gettingResult,
  };
  const sum = PHASES.reduce((s, p) => s + phases[p], 0);
  if (sum > duration && sum > 0) {
    const scale = duration / sum;
    for (const p of PHASES) phases[p] *= scale;
  }
  return phases;
}

// ---------------------------------------------------------------------------

/**
 * Spark does not record which core ran a task, so lanes are reconstructed:
 * going through an executor's attempts in launch order, each takes the lowest
 * slot free at its launch (a slot frees when its attempt finishes). An
 * executor gets at least as many lanes as it has cores; if the log shows more
 * attempts at once than cores (unknown core counts, clock skew), extra lanes
 * are added rather than overlapping bars.
 */
function assignLanes(
  model: AppModel,
  tasks: TimelineTask[],
  origin: number,
): { executors: TimelineExecutor[]; lanes: TimelineLane[] } {
  const byExecutor = new Map<string, number[]>();
  tasks.forEach((t, i) => {
    const list = byExecutor.get(t.task.executorId);
    if (list) list.push(i);
    else byExecutor.set(t.task.executorId, [i]);
  });

  const shown: ExecutorModel[] = [];
  for (const executor of model.executors.values()) {
    // The driver has a lane only where it ran tasks (Spark's local mode).
    if (!executor.isDriver || byExecutor.has(executor.executorId)) shown.push(executor);
  }
  for (const executorId of byExecutor.keys()) {
    if (!model.executors.has(executorId)) {
      shown.push({
        executorId,
        isDriver: false,
        taskCounts: { active: 0, complete: 0, failed: 0, killed: 0 },
      });
    }
  }
  shown.sort(compareExecutors);

  const executors: TimelineExecutor[] = [];
  const lanes: TimelineLane[] = [];
  for (const executor of shown) {
    const indices = byExecutor.get(executor.executorId) ?? [];
    const slotEnds: number[] = [];
    const slotTasks: number[][] = [];
    for (const i of indices) {
      const t = tasks[i];
      let slot = slotEnds.findIndex((end) => end <= t.start);
      if (slot < 0) {
        slot = slotEnds.length;
        slotEnds.push(0);
        slotTasks.push([]);
      }
      slotEnds[slot] = t.end ?? Infinity;
      slotTasks[slot].push(i);
    }
    const laneCount = Math.max(executor.cores ?? 0, slotEnds.length, 1);
    const firstLane = lanes.length;
    for (let slot = 0; slot < laneCount; slot++) {
      const laneTasks = slotTasks[slot] ?? [];
      for (const i of laneTasks) tasks[i].lane = firstLane + slot;
      lanes.push({ executorId: executor.executorId, slot, tasks: laneTasks });
    }
    executors.push({
      executorId: executor.executorId,
      host: executor.host ?? tasks[indices[0]]?.task.host,
      cores: executor.cores,
      isDriver: executor.isDriver,
      firstLane,
      laneCount,
      added: executor.addTime !== undefined ? executor.addTime - origin : undefined,
      removed: executor.removeTime !== undefined ? executor.removeTime - origin : undefined,
      removeReason: executor.removeReason,
      description: executorSummaryText({ ...executor, host: executor.host ?? tasks[indices[0]]?.task.host }),
    });
  }
  return { executors, lanes };
}

/** Numeric executor ids in order; the driver first. */
function compareExecutors(a: ExecutorModel, b: ExecutorModel): number {
  if (a.isDriver !== b.isDriver) return a.isDriver ? -1 : 1;
  const na = Number(a.executorId);
  const nb = Number(b.executorId);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.executorId.localeCompare(b.executorId);
}

/** Gives each span the lowest row free at its start; returns the number of rows. */
function assignRows(spans: TimelineSpan[]): number {
  spans.sort((a, b) => a.start - b.start || a.id - b.id || a.attempt - b.attempt);
  const rowEnds: number[] = [];
  for (const span of spans) {
    let row = rowEnds.findIndex((end) => end <= span.start);
    if (row < 0) {
      row = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[row] = span.end ?? Infinity;
    span.row = row;
  }
  return rowEnds.length;
}

function originOf(model: AppModel): number {
  let origin = Infinity;
  for (const job of model.jobs.values())
    if (job.submissionTime !== undefined) origin = Math.min(origin, job.submissionTime);
  for (const stage of model.stages.values())
    if (stage.submissionTime !== undefined) origin = Math.min(origin, stage.submissionTime);
  for (const task of model.tasks.values()) origin = Math.min(origin, task.launchTime);
  if (Number.isFinite(origin)) return origin;
  return model.application.startTime ?? 0;
}

function jobSpanStatus(status: JobStatus): DagStageStatus {
  return status === 'succeeded' ? 'complete' : status;
}

function stageSpanStatus(stage: StageModel): DagStageStatus {
  return stage.status === 'active' ? 'running' : stage.status;
}
