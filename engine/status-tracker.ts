/**
 * Spark's `SparkStatusTracker` (what PySpark's `sc.statusTracker()` gives):
 * jobs and stages as the listener events report them, read by the program
 * while it runs. Kept from the same event stream every view reads, as
 * Spark's reads its AppStatusStore.
 *
 * @module
 */
import type { SparkEvent } from './events/types';

/** PySpark's SparkJobInfo. */
export interface SparkJobInfo {
  jobId: number;
  stageIds: number[];
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';
}

/** PySpark's SparkStageInfo. */
export interface SparkStageInfo {
  stageId: number;
  currentAttemptId: number;
  /** Epoch milliseconds, or null before the stage is submitted. */
  submissionTime: number | null;
  name: string;
  numTasks: number;
  numActiveTasks: number;
  numCompletedTasks: number;
  numFailedTasks: number;
}

interface JobEntry extends SparkJobInfo {
  group: string | null;
}

type Json = Record<string, unknown>;

/**
 * @example
 * sc.setJobGroup('etl', 'nightly load');
 * await rdd.count();
 * sc.statusTracker().getJobIdsForGroup('etl'); // [0]
 */
export class StatusTracker {
  readonly #jobs = new Map<number, JobEntry>();
  readonly #stages = new Map<number, SparkStageInfo & { active: boolean }>();

  /** @internal Fed every listener event. */
  onEvent(event: SparkEvent): void {
    const e = event as unknown as Json;
    switch (e.Event) {
      case 'SparkListenerJobStart': {
        const properties = (e.Properties ?? {}) as Record<string, string>;
        const jobId = e['Job ID'] as number;
        this.#jobs.set(jobId, {
          jobId,
          stageIds: [...((e['Stage IDs'] as number[]) ?? [])],
          status: 'RUNNING',
          group: properties['spark.jobGroup.id'] ?? null,
        });
        for (const info of (e['Stage Infos'] as Json[]) ?? []) this.#stage(info);
        return;
      }
      case 'SparkListenerJobEnd': {
        const job = this.#jobs.get(e['Job ID'] as number);
        if (job) job.status = (e['Job Result'] as Json)?.Result === 'JobSucceeded' ? 'SUCCEEDED' : 'FAILED';
        return;
      }
      case 'SparkListenerStageSubmitted': {
        const stage = this.#stage(e['Stage Info'] as Json);
        stage.active = true;
        stage.numActiveTasks = 0;
        stage.numCompletedTasks = 0;
        stage.numFailedTasks = 0;
        return;
      }
      case 'SparkListenerStageCompleted': {
        this.#stage(e['Stage Info'] as Json).active = false;
        return;
      }
      case 'SparkListenerTaskStart': {
        const stage = this.#stages.get(e['Stage ID'] as number);
        if (stage) stage.numActiveTasks++;
        return;
      }
      case 'SparkListenerTaskEnd': {
        const stage = this.#stages.get(e['Stage ID'] as number);
        if (!stage) return;
        stage.numActiveTasks = Math.max(0, stage.numActiveTasks - 1);
        if ((e['Task End Reason'] as Json)?.Reason === 'Success') stage.numCompletedTasks++;
        else stage.numFailedTasks++;
        return;
      }
    }
  }

  #stage(info: Json): SparkStageInfo & { active: boolean } {
    const id = info['Stage ID'] as number;
    let stage = this.#stages.get(id);
    if (!stage) {
      stage = {
        stageId: id,
        currentAttemptId: 0,
        submissionTime: null,
        name: '',
        numTasks: 0,
        numActiveTasks: 0,
        numCompletedTasks: 0,
        numFailedTasks: 0,
        active: false,
      };
      this.#stages.set(id, stage);
    }
    stage.currentAttemptId = (info['Stage Attempt ID'] as number) ?? stage.currentAttemptId;
    stage.submissionTime = (info['Submission Time'] as number | undefined) ?? stage.submissionTime;
    stage.name = (info['Stage Name'] as string) ?? stage.name;
    stage.numTasks = (info['Number of Tasks'] as number) ?? stage.numTasks;
    return stage;
  }

  /** The ids of the jobs of a group (of the jobs in no group, for null), ascending. */
  getJobIdsForGroup(jobGroup: string | null = null): number[] {
    return [...this.#jobs.values()].filter((j) => j.group === jobGroup).map((j) => j.jobId);
  }

  /** The ids of the jobs running now. */
  getActiveJobsIds(): number[] {
    return [...this.#jobs.values()].filter((j) => j.status === 'RUNNING').map((j) => j.jobId);
  }

  /** The ids of the stages running now. */
  getActiveStageIds(): number[] {
    return [...this.#stages.values()].filter((s) => s.active).map((s) => s.stageId);
  }

  getJobInfo(jobId: number): SparkJobInfo | null {
    const job = this.#jobs.get(jobId);
    return job ? { jobId: job.jobId, stageIds: [...job.stageIds], status: job.status } : null;
  }

  getStageInfo(stageId: number): SparkStageInfo | null {
    const stage = this.#stages.get(stageId);
    if (!stage) return null;
    const { active: _active, ...info } = stage;
    return info;
  }
}
