/**
 * An application as the History Server lists it (id, name, attempt, times,
 * user, completed or not), with the counts a reader must find in it — the
 * definitions of `shared/spark-events/corpus/INDEX.tsv`: jobs are distinct job
 * ids, stages distinct stage attempts named anywhere (skipped ones included),
 * tasks distinct task attempts, SQL executions their start events.
 */
import { AppModelBuilder, type AppModel } from '../events/app-model';
import type { LogLayout, LogSource } from './layout';
import { replayLog, type ReplayOptions, type ReplayOutcome, type ReplayProblem } from './replay';

export interface ApplicationSummary {
  /** The log's file or folder, as given. */
  path: string;
  layout: LogLayout;
  id: string | null;
  name: string | null;
  sparkVersion: string | null;
  /** The attempt (`App Attempt ID`), on YARN and Kubernetes; null in local and standalone mode. */
  attemptId: string | null;
  user: string | null;
  /** Epoch milliseconds. */
  startTime: number | null;
  endTime: number | null;
  /** `endTime - startTime`; null while the application has not ended (as the History Server, which shows none). */
  durationMs: number | null;
  /** An `ApplicationEnd` was logged: the History Server's "completed" (`AppListingListener`). */
  completed: boolean;
  jobs: number;
  stages: number;
  tasks: number;
  /** Executors other than the driver that the log names. */
  executors: number;
  sqlExecutions: number;
  failedJobs: number;
  failedStages: number;
  failedTasks: number;
  /** Where the replay stopped early or what it skipped, if anywhere. */
  problem: ReplayProblem | null;
}

/**
 * Replays a log into a fresh model.
 *
 * @example
 * const { model, outcome } = await readLog(source);
 */
export async function readLog(
  source: LogSource,
  options: ReplayOptions = {},
): Promise<{ model: AppModel; builder: AppModelBuilder; outcome: ReplayOutcome }> {
  const builder = new AppModelBuilder();
  const outcome = await replayLog(source, (event) => builder.add(event), options);
  builder.refreshSqlMetrics();
  return { model: builder.model, builder, outcome };
}

/**
 * The summary of a log read into `model`.
 *
 * @example
 * const { model, outcome } = await readLog(source);
 * summarizeApplication(source, model, outcome).jobs // 3
 */
export function summarizeApplication(source: LogSource, model: AppModel, outcome: ReplayOutcome): ApplicationSummary {
  const app = model.application;
  const count = <T>(values: Iterable<T>, test: (value: T) => boolean) => {
    let n = 0;
    for (const value of values) if (test(value)) n += 1;
    return n;
  };
  return {
    path: source.path,
    layout: source.layout,
    id: app.id ?? null,
    name: app.name ?? null,
    sparkVersion: app.sparkVersion ?? null,
    attemptId: app.attemptId ?? null,
    user: app.user ?? null,
    startTime: app.startTime ?? null,
    endTime: app.endTime ?? null,
    durationMs: app.startTime !== undefined && app.endTime !== undefined ? app.endTime - app.startTime : null,
    completed: app.endTime !== undefined,
    jobs: model.jobs.size,
    stages: model.stages.size,
    tasks: model.tasks.size,
    executors: count(model.executors.values(), (executor) => !executor.isDriver),
    sqlExecutions: count(model.sqlExecutions.values(), (execution) => execution.submissionTime !== undefined),
    failedJobs: count(model.jobs.values(), (job) => job.status === 'failed'),
    failedStages: count(model.stages.values(), (stage) => stage.status === 'failed'),
    failedTasks: count(model.tasks.values(), (task) => task.status === 'failed'),
    problem: outcome.problem ?? null,
  };
}
