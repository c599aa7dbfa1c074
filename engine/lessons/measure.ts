/**
 * What a run measured, read from its listener events through the application
 * model (jobs, stages with skipped flags, tasks with locality and metrics):
 * the numbers lesson checks and prediction questions compare with.
 */
import {
  buildAppModel,
  stageKey,
  type AppModel,
  type JobModel,
  type MetricTotals,
  type StageModel,
  type TaskModel,
} from '../events/app-model';
import type { JobRef, LessonRun, StageRef, TaskScope } from './types';

/** A run's application model, with its jobs in id order. */
export interface RunMeasures {
  app: AppModel;
  /** Jobs sorted by id. */
  jobs: JobModel[];
  fileName?: string;
}

/**
 * Builds the model of a run once, for many checks.
 *
 * @example
 * const measures = measureRun({ events, driverOutput: [], executorOutput: [] });
 * measures.jobs.length; // how many jobs ran
 */
export function measureRun(run: LessonRun): RunMeasures {
  const app = buildAppModel(run.events);
  const jobs = [...app.jobs.values()].sort((a, b) => a.jobId - b.jobId);
  return { app, jobs, ...(run.fileName !== undefined ? { fileName: run.fileName } : {}) };
}

/** A lookup that may fail with a sentence saying why. */
export type Found<T> = { ok: true; value: T; label: string } | { ok: false; why: string };

/** The job a reference names. */
export function findJob(measures: RunMeasures, ref: JobRef): Found<JobModel> {
  const { jobs } = measures;
  const job = ref === 'last' ? jobs[jobs.length - 1] : measures.app.jobs.get(ref);
  if (!job) {
    const ran = `the program ran ${plural(jobs.length, 'job')}`;
    return { ok: false, why: ref === 'last' ? `${ran}` : `there is no job ${ref} (${ran})` };
  }
  return { ok: true, value: job, label: `job ${job.jobId}` };
}

/** The stage ids job `job` ran (submitted while it ran), ascending. */
export function stagesRan(job: JobModel): number[] {
  return job.stages.filter((stage) => !stage.skipped).map((stage) => stage.stageId);
}

/** The stage id a reference names, with `"result"` taken from `job`. */
export function findStageId(measures: RunMeasures, ref: StageRef, jobRef?: JobRef): Found<number> {
  if (ref === 'result') {
    if (jobRef === undefined) return { ok: false, why: 'a "result" stage needs a job' };
    const job = findJob(measures, jobRef);
    if (!job.ok) return job;
    const stageId = Math.max(...job.value.stageIds);
    if (!Number.isFinite(stageId)) return { ok: false, why: `${job.label} has no stages` };
    return { ok: true, value: stageId, label: `stage ${stageId} (the result stage of ${job.label})` };
  }
  if (!measures.app.stages.has(stageKey(ref, 0))) {
    const known = [...new Set([...measures.app.stages.values()].map((stage) => stage.stageId))];
    return { ok: false, why: `there is no stage ${ref} (the run has ${plural(known.length, 'stage')})` };
  }
  return { ok: true, value: ref, label: `stage ${ref}` };
}

/** Every attempt of a stage, in attempt order. */
export function stageAttempts(measures: RunMeasures, stageId: number): StageModel[] {
  return [...measures.app.stages.values()]
    .filter((stage) => stage.stageId === stageId)
    .sort((a, b) => a.attemptId - b.attemptId);
}

/** Tasks of a stage as its first attempt ran them (what the Spark UI lists for the stage). */
export function stageTaskCount(measures: RunMeasures, stageId: number): number {
  return measures.app.stages.get(stageKey(stageId, 0))?.numTasks ?? 0;
}

/** The stage ids a task scope covers: one stage, the stages a job ran, or every stage. */
export function scopeStageIds(measures: RunMeasures, scope: TaskScope): Found<number[]> {
  if (scope.stage !== undefined) {
    const stage = findStageId(measures, scope.stage, scope.job);
    return stage.ok ? { ok: true, value: [stage.value], label: stage.label } : stage;
  }
  if (scope.job !== undefined) {
    const job = findJob(measures, scope.job);
    return job.ok ? { ok: true, value: stagesRan(job.value), label: job.label } : job;
  }
  const all = [...new Set([...measures.app.stages.values()].map((stage) => stage.stageId))].sort((a, b) => a - b);
  return { ok: true, value: all, label: 'the run' };
}

/** Every task attempt launched in the scope, in launch order. */
export function scopeTasks(measures: RunMeasures, scope: TaskScope): Found<TaskModel[]> {
  const stages = scopeStageIds(measures, scope);
  if (!stages.ok) return stages;
  const ids = new Set(stages.value);
  const tasks = [...measures.app.tasks.values()].filter((task) => ids.has(task.stageId));
  return { ok: true, value: tasks, label: stages.label };
}

/** A task metric summed over every attempt of a stage (failed attempts included, as Spark sums them). */
export function stageMetric(measures: RunMeasures, stageId: number, metric: keyof MetricTotals): number {
  return stageAttempts(measures, stageId).reduce((sum, stage) => sum + stage.metrics[metric], 0);
}

/** The most task attempts running at one moment: a freed slot and a launch at the same millisecond do not overlap. */
export function maxConcurrent(tasks: readonly TaskModel[]): number {
  const points: [number, number][] = [];
  for (const task of tasks) {
    points.push([task.launchTime, 1]);
    if (task.finishTime !== undefined) points.push([task.finishTime, -1]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let most = 0;
  for (const [, change] of points) {
    running += change;
    most = Math.max(most, running);
  }
  return most;
}

/** Tasks (stage and index) that had a failed attempt and later a successful one. */
export function retriedTasks(tasks: readonly TaskModel[]): number {
  const byTask = new Map<string, TaskModel[]>();
  for (const task of tasks) {
    const key = `${task.stageId}/${task.partitionId ?? task.index}`;
    byTask.set(key, [...(byTask.get(key) ?? []), task]);
  }
  let retried = 0;
  for (const attempts of byTask.values()) {
    const firstFailure = attempts.find((task) => task.status === 'failed');
    if (firstFailure && attempts.some((task) => task.status === 'success' && task.taskId > firstFailure.taskId))
      retried += 1;
  }
  return retried;
}

/**
 * Shuffle map stages that ran again: stage attempts whose last RDD an earlier
 * submitted attempt of a shuffle map stage had already computed. A retried
 * stage (attempt 1 after a fetch failure) and a later job's map stage that
 * was not skipped because its output was lost both count.
 */
export function mapStageReruns(measures: RunMeasures): number {
  const parents = new Set([...measures.app.stages.values()].flatMap((stage) => stage.parentIds));
  const runsByRdd = new Map<number, number>();
  for (const stage of measures.app.stages.values()) {
    const submitted = stage.submissionTime !== undefined || stage.taskIds.length > 0;
    const isMapStage =
      parents.has(stage.stageId) ||
      stage.taskIds.some((id) => measures.app.tasks.get(id)?.taskType === 'ShuffleMapTask');
    if (!submitted || !isMapStage || stage.rdds.length === 0) continue;
    const lastRdd = Math.max(...stage.rdds.map((rdd) => rdd.rddId));
    runsByRdd.set(lastRdd, (runsByRdd.get(lastRdd) ?? 0) + 1);
  }
  let reruns = 0;
  for (const runs of runsByRdd.values()) reruns += runs - 1;
  return reruns;
}

/**
 * The lines of the program (`fileName`) whose operation reads a shuffle: an
 * RDD with a parent outside its own stage sits right after a stage cut.
 * With no file name, lines of any file count. PySpark's shuffle reads carry
 * the JVM's call site (`partitionBy at NativeMethodAccessorImpl.java:0`:
 * rdd.py makes the ShuffledRDD outside its SCCallSiteSync), so there the line
 * is that of the map side's RDD across the cut (`reduceByKey at prog.py:7`),
 * the same operation.
 */
export function shuffleLines(measures: RunMeasures, fileName = measures.fileName): number[] {
  const callsites = new Map<number, string | undefined>();
  for (const stage of measures.app.stages.values())
    for (const rdd of stage.rdds) callsites.set(rdd.rddId, rdd.callsite);
  const lineIn = (callsite: string | undefined): number | undefined => {
    const site = /\sat\s(.+):(\d+)$/.exec(callsite ?? '');
    return site && (fileName === undefined || site[1] === fileName) ? Number(site[2]) : undefined;
  };
  const lines = new Set<number>();
  for (const stage of measures.app.stages.values()) {
    const inStage = new Set(stage.rdds.map((rdd) => rdd.rddId));
    for (const rdd of stage.rdds) {
      const across = rdd.parentIds.filter((parent) => !inStage.has(parent));
      if (across.length === 0) continue;
      const jvm = /\.(java|scala):\d+$/.test(rdd.callsite ?? '');
      const found = jvm ? across.map((parent) => lineIn(callsites.get(parent))) : [lineIn(rdd.callsite)];
      for (const line of found) if (line !== undefined) lines.add(line);
    }
  }
  return [...lines].sort((a, b) => a - b);
}

/** `1 job`, `3 jobs`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
