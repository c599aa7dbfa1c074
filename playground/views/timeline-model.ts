/**
 * The timeline as data: one lane per executor core, each task attempt placed
 * in a lane and split into the phases the Spark UI shows, job and stage spans
 * above, executors joining and leaving. Times are milliseconds relative to
 * `origin` (the first job, stage or task) so they stay small.
 *
 * Building it is O(n log n) in task attempts (one sort, then one pass per
 * executor that looks at most at `cores` slots per task). While a run is
 * live, {@link TimelineBuilder} keeps it up to date in time proportional to
 * what changed.
 */
import type { AppModel, ExecutorModel, JobStatus, StageModel, TaskModel } from '../../engine/events';
import { PHASES, type DagStageStatus, type PhaseName, type TaskOutcome } from './colors';
import { executorSummaryText, jobCounts, jobSummaryText, stageAttemptsById } from './summary';

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
    const t = timelineTask(task, origin);
    latest = Math.max(latest, t.end ?? t.start);
    tasks.push(t);
  }
  tasks.sort((a, b) => a.start - b.start || a.task.taskId - b.task.taskId);

  const { executors, lanes } = assignLanes(model, tasks, origin);
  const indexByTaskId = new Map<number, number>();
  tasks.forEach((t, i) => indexByTaskId.set(t.task.taskId, i));

  const { jobSpans, stageSpans, latest: spansLatest } = spansOf(model, origin);
  latest = Math.max(latest, spansLatest);
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
    executors.push(
      timelineExecutor(executor, executor.host ?? tasks[indices[0]]?.task.host, firstLane, laneCount, origin),
    );
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

/** {@link originOf}, given the earliest task launch (`Infinity` for none) instead of going through the tasks. */
function originFrom(model: AppModel, firstLaunch: number): number {
  let origin = firstLaunch;
  for (const job of model.jobs.values())
    if (job.submissionTime !== undefined) origin = Math.min(origin, job.submissionTime);
  for (const stage of model.stages.values())
    if (stage.submissionTime !== undefined) origin = Math.min(origin, stage.submissionTime);
  if (Number.isFinite(origin)) return origin;
  return model.application.startTime ?? 0;
}

function originOf(model: AppModel): number {
  let firstLaunch = Infinity;
  for (const task of model.tasks.values()) firstLaunch = Math.min(firstLaunch, task.launchTime);
  return originFrom(model, firstLaunch);
}

function jobSpanStatus(status: JobStatus): DagStageStatus {
  return status === 'succeeded' ? 'complete' : status;
}

function stageSpanStatus(stage: StageModel): DagStageStatus {
  return stage.status === 'active' ? 'running' : stage.status;
}

// ---------------------------------------------------------------------------

/** What the builder keeps per executor between updates: its lanes as `assignLanes` would build them. */
interface ExecutorLanes {
  /** The executor's attempts (indices into `tasks`), by launch time. */
  indices: number[];
  /** When each used slot's last attempt ends (`Infinity` while it runs). */
  slotEnds: number[];
  /** Each used slot's attempts, by launch time: the arrays the lanes hold. */
  slotTasks: number[][];
  /** First lane of this executor in the last model built, to notice lanes moving. */
  firstLane: number;
}

/**
 * Builds the timeline of a model that grows while a run is live, in time
 * proportional to what changed since the last update: new attempts are
 * appended to their lanes, attempts that ended are updated in place, and
 * only the jobs, stages and executors (a handful) are gone through again.
 * The result is the same as {@link buildTimelineModel} of the model at that
 * moment; when an update cannot keep it so (an attempt launched before one
 * already placed, the origin moving, a slot found free after another attempt
 * took a later one, a different model), it rebuilds from scratch.
 *
 * Each update returns a new model object, but the `tasks` array, the task
 * objects, `indexByTaskId` and the lanes' `tasks` arrays are shared with the
 * previous one and change in place: indices into `tasks` stay valid from one
 * update to the next.
 *
 * @example
 * const builder = new TimelineBuilder();
 * session.onEvents(() => (timeline = builder.update(session.model)));
 */
export class TimelineBuilder {
  #tasksMap: ReadonlyMap<number, TaskModel> | null = null;
  #timeline: TimelineModel | null = null;
  /** Entries of the model's task map already placed (the map only grows, in insertion order). */
  #seen = 0;
  #latest = 0;
  /** Earliest launch among the placed attempts. */
  #firstLaunch = Infinity;
  /** Indices of attempts placed while running: the only ones that can still change. */
  #running: number[] = [];
  /** Per attempt (by index): its slot within its executor. */
  #slotOf: number[] = [];
  #executors = new Map<string, ExecutorLanes>();
  #summaries = new Map<number, { key: string; text: string }>();
  /** How many updates rebuilt everything, and how many attempts were placed again; for tests. */
  rebuilds = 0;
  replaced = 0;

  /**
   * The timeline of `model` now. `now` (epoch ms) as in {@link buildTimelineModel}.
   */
  update(model: AppModel, now?: number): TimelineModel {
    const previous = this.#timeline;
    if (!previous || model.tasks !== this.#tasksMap || model.tasks.size < this.#seen) return this.#rebuild(model, now);

    // New attempts, in the order the timeline keeps them.
    const fresh: TaskModel[] = [];
    if (model.tasks.size > this.#seen) {
      let k = 0;
      for (const task of model.tasks.values()) if (k++ >= this.#seen) fresh.push(task);
    }
    let firstLaunch = this.#firstLaunch;
    for (const task of fresh) firstLaunch = Math.min(firstLaunch, task.launchTime);
    if (originFrom(model, firstLaunch) !== previous.origin) return this.#rebuild(model, now);
    const origin = previous.origin;
    fresh.sort((a, b) => a.launchTime - b.launchTime || a.taskId - b.taskId);
    const tasks = previous.tasks;
    const last = tasks[tasks.length - 1];
    if (
      fresh.length > 0 &&
      last &&
      (fresh[0].launchTime - origin - last.start || fresh[0].taskId - last.task.taskId) < 0
    )
      return this.#rebuild(model, now);

    // Attempts that ended since the last update. Per executor, the earliest such end: attempts placed in
    // earlier updates that launched at or after it were placed while this slot looked busy.
    const stillRunning: number[] = [];
    const replaceFrom = new Map<ExecutorLanes, number>();
    for (const i of this.#running) {
      const t = tasks[i];
      if (t.task.status === 'running') {
        stillRunning.push(i);
        continue;
      }
      const lane = t.lane;
      Object.assign(t, timelineTask(t.task, origin));
      t.lane = lane;
      this.#latest = Math.max(this.#latest, t.end ?? t.start);
      const lanes = this.#executors.get(t.task.executorId);
      if (!lanes) return this.#rebuild(model, now);
      lanes.slotEnds[this.#slotOf[i]] = t.end ?? Infinity;
      if (t.end !== null) replaceFrom.set(lanes, Math.min(replaceFrom.get(lanes) ?? Infinity, t.end));
    }
    this.#running = stillRunning;
    for (const [lanes, time] of replaceFrom) this.#replace(lanes, tasks, time);

    // Place the new attempts as assignLanes would.
    for (const task of fresh) {
      const t = timelineTask(task, origin);
      const index = tasks.length;
      tasks.push(t);
      previous.indexByTaskId.set(task.taskId, index);
      this.#latest = Math.max(this.#latest, t.end ?? t.start);
      if (task.status === 'running') this.#running.push(index);
      let lanes = this.#executors.get(task.executorId);
      if (!lanes) {
        lanes = { indices: [], slotEnds: [], slotTasks: [], firstLane: -1 };
        this.#executors.set(task.executorId, lanes);
      }
      lanes.indices.push(index);
      this.#place(lanes, t, index);
    }
    this.#seen = model.tasks.size;
    this.#firstLaunch = firstLaunch;

    const { executors, lanes } = this.#layout(model, tasks, origin);
    const { jobSpans, stageSpans, latest } = spansOf(model, origin);
    let end = Math.max(this.#latest, latest);
    for (const e of executors) if (e.removed !== undefined) end = Math.max(end, e.removed);
    this.#timeline = {
      origin,
      end: now !== undefined ? Math.max(end, now - origin) : end,
      executors,
      lanes,
      tasks,
      indexByTaskId: previous.indexByTaskId,
      jobSpans,
      stageSpans,
      jobRows: assignRows(jobSpans),
      stageRows: assignRows(stageSpans),
      jobSummaries: this.#jobSummaries(model),
      executorSummaries: executors.map((e) => e.description),
    };
    return this.#timeline;
  }

  /** Puts attempt `index` in the lowest slot free at its launch (assignLanes' rule). */
  #place(lanes: ExecutorLanes, t: TimelineTask, index: number): void {
    let slot = lanes.slotEnds.findIndex((end) => end <= t.start);
    if (slot < 0) {
      slot = lanes.slotEnds.length;
      lanes.slotEnds.push(0);
      lanes.slotTasks.push([]);
    }
    lanes.slotEnds[slot] = t.end ?? Infinity;
    lanes.slotTasks[slot].push(index);
    this.#slotOf[index] = slot;
    t.lane = -1; // numbered in #layout
  }

  /**
   * Places again the executor's attempts launched at or after `time`, as if
   * every end known now had been known when they were placed. They are the
   * last ones in their slots, so they come off the ends of the slot lists;
   * slots only they used (always the highest) go too.
   */
  #replace(lanes: ExecutorLanes, tasks: TimelineTask[], time: number): void {
    let from = lanes.indices.length;
    while (from > 0 && tasks[lanes.indices[from - 1]].start >= time) from--;
    if (from === lanes.indices.length) return;
    const again = lanes.indices.slice(from);
    for (let k = again.length - 1; k >= 0; k--) lanes.slotTasks[this.#slotOf[again[k]]].pop();
    while (lanes.slotTasks.length > 0 && lanes.slotTasks[lanes.slotTasks.length - 1].length === 0)
      lanes.slotTasks.pop();
    lanes.slotEnds = lanes.slotTasks.map((list) => tasks[list[list.length - 1]].end ?? Infinity);
    // Renumbered from here in #layout: it renumbers from the end back to the first task with a lane.
    for (const i of again) this.#place(lanes, tasks[i], i);
    this.replaced += again.length;
  }

  #rebuild(model: AppModel, now: number | undefined): TimelineModel {
    this.rebuilds += 1;
    const timeline = buildTimelineModel(model, now);
    this.#timeline = timeline;
    this.#tasksMap = model.tasks;
    this.#seen = model.tasks.size;
    this.#running = [];
    this.#slotOf = new Array<number>(timeline.tasks.length);
    this.#executors = new Map();
    this.#latest = 0;
    this.#firstLaunch = Infinity;
    timeline.tasks.forEach((t, i) => {
      this.#latest = Math.max(this.#latest, t.end ?? t.start);
      this.#firstLaunch = Math.min(this.#firstLaunch, t.task.launchTime);
      if (t.task.status === 'running') this.#running.push(i);
    });
    for (const executor of timeline.executors) {
      const lanes: ExecutorLanes = { indices: [], slotEnds: [], slotTasks: [], firstLane: executor.firstLane };
      for (let slot = 0; slot < executor.laneCount; slot++) {
        const laneTasks = timeline.lanes[executor.firstLane + slot].tasks;
        // Only used slots count, as in assignLanes; they come first.
        if (laneTasks.length === 0) break;
        const lastTask = timeline.tasks[laneTasks[laneTasks.length - 1]];
        lanes.slotEnds.push(lastTask.end ?? Infinity);
        lanes.slotTasks.push(laneTasks);
        for (const i of laneTasks) this.#slotOf[i] = slot;
      }
      this.#executors.set(executor.executorId, lanes);
    }
    timeline.tasks.forEach((t, i) => this.#executors.get(t.task.executorId)?.indices.push(i));
    // As in assignLanes, an executor "has tasks" only once one is placed (the driver's lane depends on it).
    for (const [id, lanes] of this.#executors) if (lanes.indices.length === 0) this.#executors.delete(id);
    this.#summaries.clear();
    this.#jobSummaries(model);
    return timeline;
  }

  /** Executors and lanes, as assignLanes lays them out; tasks whose lane moved are renumbered. */
  #layout(model: AppModel, tasks: TimelineTask[], origin: number): Pick<TimelineModel, 'executors' | 'lanes'> {
    const shown: ExecutorModel[] = [];
    for (const executor of model.executors.values()) {
      if (!executor.isDriver || this.#executors.has(executor.executorId)) shown.push(executor);
    }
    for (const executorId of this.#executors.keys()) {
      if (!model.executors.has(executorId)) {
        shown.push({ executorId, isDriver: false, taskCounts: { active: 0, complete: 0, failed: 0, killed: 0 } });
      }
    }
    shown.sort(compareExecutors);
    const executors: TimelineExecutor[] = [];
    const lanes: TimelineLane[] = [];
    for (const executor of shown) {
      const state = this.#executors.get(executor.executorId);
      const slotTasks = state?.slotTasks ?? [];
      const laneCount = Math.max(executor.cores ?? 0, slotTasks.length, 1);
      const firstLane = lanes.length;
      for (let slot = 0; slot < laneCount; slot++) {
        lanes.push({ executorId: executor.executorId, slot, tasks: slotTasks[slot] ?? [] });
      }
      if (state) {
        // New attempts get their lane here; older ones only when lanes above were added.
        for (let k = state.indices.length - 1; k >= 0; k--) {
          const i = state.indices[k];
          if (state.firstLane === firstLane && tasks[i].lane >= 0) break;
          tasks[i].lane = firstLane + this.#slotOf[i];
        }
        state.firstLane = firstLane;
      }
      const firstTask = state && state.indices.length > 0 ? tasks[state.indices[0]] : undefined;
      const host = executor.host ?? firstTask?.task.host;
      executors.push(timelineExecutor(executor, host, firstLane, laneCount, origin));
    }
    return { executors, lanes };
  }

  /** Job summaries, recounted only for jobs whose stages' counters or status moved. */
  #jobSummaries(model: AppModel): string[] {
    const attempts = stageAttemptsById(model);
    const jobs = [...model.jobs.values()].sort((a, b) => a.jobId - b.jobId);
    return jobs.map((job) => {
      let key = `${job.status}:${job.stages.length}`;
      for (const jobStage of job.stages) {
        key += `|${jobStage.skipped ? 's' : ''}${jobStage.numTasks ?? ''}`;
        for (const stage of attempts.get(jobStage.stageId) ?? []) {
          const c = stage.taskCounts;
          key += `,${stage.numTasks}:${stage.taskIds.length}:${c.active}:${c.complete}:${c.failed}:${c.killed}`;
        }
      }
      const cached = this.#summaries.get(job.jobId);
      if (cached && cached.key === key) return cached.text;
      const text = jobSummaryText(jobCounts(model, job));
      this.#summaries.set(job.jobId, { key, text });
      return text;
    });
  }
}

/** An executor's row group: where its lanes start, and its times relative to the timeline's origin. */
function timelineExecutor(
  executor: ExecutorModel,
  host: string | undefined,
  firstLane: number,
  laneCount: number,
  origin: number,
): TimelineExecutor {
  return {
    executorId: executor.executorId,
    host,
    cores: executor.cores,
    isDriver: executor.isDriver,
    firstLane,
    laneCount,
    added: executor.addTime !== undefined ? executor.addTime - origin : undefined,
    removed: executor.removeTime !== undefined ? executor.removeTime - origin : undefined,
    removeReason: executor.removeReason,
    description: executorSummaryText({ ...executor, host }),
  };
}

function timelineTask(task: TaskModel, origin: number): TimelineTask {
  const start = task.launchTime - origin;
  const end =
    task.status === 'running' || task.finishTime === undefined ? null : Math.max(start, task.finishTime - origin);
  return { task, lane: -1, start, end, outcome: task.status, phases: taskPhases(task) };
}

function spansOf(
  model: AppModel,
  origin: number,
): { jobSpans: TimelineSpan[]; stageSpans: TimelineSpan[]; latest: number } {
  let latest = 0;
  const span = (
    kind: TimelineSpan['kind'],
    id: number,
    attempt: number,
    label: string,
    times: { submissionTime?: number; completionTime?: number },
    status: TimelineSpan['status'],
  ): TimelineSpan => {
    const start = (times.submissionTime ?? origin) - origin;
    const end = times.completionTime !== undefined ? times.completionTime - origin : null;
    latest = Math.max(latest, end ?? start);
    return { kind, id, attempt, label, start, end, status, row: 0 };
  };
  const jobSpans = [...model.jobs.values()]
    .filter((job) => job.submissionTime !== undefined)
    .map((job) => span('job', job.jobId, 0, `Job ${job.jobId}`, job, jobSpanStatus(job.status)));
  const stageSpans = [...model.stages.values()]
    .filter((stage) => stage.submissionTime !== undefined)
    .map((stage) =>
      span(
        'stage',
        stage.stageId,
        stage.attemptId,
        stage.attemptId > 0 ? `Stage ${stage.stageId} (attempt ${stage.attemptId + 1})` : `Stage ${stage.stageId}`,
        stage,
        stageSpanStatus(stage),
      ),
    );
  return { jobSpans, stageSpans, latest };
}
