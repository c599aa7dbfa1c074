/**
 * One-line summaries of jobs and executors, read by screen readers in both
 * views (and by tests): "Job 0: 2 stages (1 skipped), 6 tasks, 1 failed
 * attempt; succeeded."
 */
import type { AppModel, ExecutorModel, JobModel, JobStatus, StageModel } from '../../engine/events';
import { plural } from './format';

export interface JobCounts {
  jobId: number;
  status: JobStatus;
  /** Every stage the job lists, skipped ones included. */
  stages: number;
  skippedStages: number;
  /**
   * Tasks of the stages that run (or will run): the sum of `numTasks` over the
   * job's stages that are not skipped, as the Spark UI's "Tasks (for all
   * stages)" total. Retried stage attempts do not add to it.
   */
  tasks: number;
  /** Task attempts launched for the job's stages, retries included. */
  attempts: number;
  failedAttempts: number;
  killedAttempts: number;
}

/**
 * Counts a job's stages, tasks and attempts from the model.
 *
 * @example
 * const counts = jobCounts(model, model.jobs.get(0)!);
 * counts.tasks; // 6
 */
export function jobCounts(model: AppModel, job: JobModel): JobCounts {
  const attemptsByStage = stageAttemptsById(model);
  let tasks = 0;
  let skippedStages = 0;
  let attempts = 0;
  let failedAttempts = 0;
  let killedAttempts = 0;
  for (const jobStage of job.stages) {
    const stageAttempts = attemptsByStage.get(jobStage.stageId) ?? [];
    if (jobStage.skipped) {
      skippedStages += 1;
      continue;
    }
    tasks += jobStage.numTasks ?? stageAttempts[0]?.numTasks ?? 0;
    for (const stage of stageAttempts) {
      for (const taskId of stage.taskIds) {
        const task = model.tasks.get(taskId);
        if (!task) continue;
        attempts += 1;
        if (task.status === 'failed') failedAttempts += 1;
        else if (task.status === 'killed') killedAttempts += 1;
      }
    }
  }
  return {
    jobId: job.jobId,
    status: job.status,
    stages: job.stages.length,
    skippedStages,
    tasks,
    attempts,
    failedAttempts,
    killedAttempts,
  };
}

/**
 * The sentence a screen reader hears for a job.
 *
 * @example
 * jobSummaryText(counts); // "Job 0: 2 stages (1 skipped), 6 tasks, 1 failed attempt; succeeded."
 */
export function jobSummaryText(counts: JobCounts): string {
  const stages =
    plural(counts.stages, 'stage') + (counts.skippedStages > 0 ? ` (${counts.skippedStages} skipped)` : '');
  const parts = [stages, plural(counts.tasks, 'task')];
  if (counts.failedAttempts > 0) parts.push(plural(counts.failedAttempts, 'failed attempt'));
  if (counts.killedAttempts > 0) parts.push(plural(counts.killedAttempts, 'killed attempt'));
  return `Job ${counts.jobId}: ${parts.join(', ')}; ${counts.status}.`;
}

/**
 * Describes one executor: "executor 1 on host-1, 2 cores, removed: worker lost".
 *
 * @example
 * executorSummaryText(model.executors.get('0')!); // "executor 0 on host-0, 2 cores"
 */
export function executorSummaryText(executor: ExecutorModel): string {
  const name = executor.isDriver ? `the driver (${executor.executorId})` : `executor ${executor.executorId}`;
  const parts = [executor.host ? `${name} on ${executor.host}` : name];
  if (executor.cores !== undefined) parts.push(plural(executor.cores, 'core'));
  if (executor.removeTime !== undefined)
    parts.push(`removed${executor.removeReason ? `: ${executor.removeReason}` : ''}`);
  return parts.join(', ');
}

/** Stage attempts grouped by stage id, ascending attempt. */
export function stageAttemptsById(model: AppModel): Map<number, StageModel[]> {
  const byId = new Map<number, StageModel[]>();
  for (const stage of model.stages.values()) {
    const list = byId.get(stage.stageId);
    if (list) list.push(stage);
    else byId.set(stage.stageId, [stage]);
  }
  for (const list of byId.values()) list.sort((a, b) => a.attemptId - b.attemptId);
  return byId;
}

/**
 * A cheap fingerprint of what the views draw, for noticing that a model
 * updated in place (see `AppModelBuilder`) has changed. It reads counters,
 * not tasks, so it costs O(jobs + stages + executors).
 */
export function modelSignature(model: AppModel): string {
  let ended = 0;
  let statuses = '';
  for (const stage of model.stages.values()) {
    const c = stage.taskCounts;
    ended += c.complete + c.failed + c.killed;
    statuses += stage.status[0];
  }
  for (const job of model.jobs.values()) statuses += job.status[0];
  let removed = 0;
  for (const executor of model.executors.values()) if (executor.removeTime !== undefined) removed += 1;
  return `${model.tasks.size}:${ended}:${model.executors.size}:${removed}:${statuses}`;
}
