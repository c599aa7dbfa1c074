import type { TaskBinary } from '../rdd/wire';

export type TaskLocality = 'PROCESS_LOCAL' | 'NODE_LOCAL' | 'NO_PREF' | 'RACK_LOCAL' | 'ANY';

/** Spark's TaskLocality order: a level allows every level before it. */
export const LOCALITY_ORDER: readonly TaskLocality[] = ['PROCESS_LOCAL', 'NODE_LOCAL', 'NO_PREF', 'RACK_LOCAL', 'ANY'];

export const localityRank = (l: TaskLocality): number => LOCALITY_ORDER.indexOf(l);

/** `condition` may be used when the constraint is `constraint`. */
export const isLocalityAllowed = (constraint: TaskLocality, condition: TaskLocality): boolean =>
  localityRank(condition) <= localityRank(constraint);

/** A preferred place for a task: a host, or a host and the executor holding a cached block. */
export interface TaskLocation {
  host: string;
  executorId?: string;
}

export interface TaskSpec {
  index: number;
  partitionId: number;
  kind: 'ShuffleMapTask' | 'ResultTask';
  /** For result tasks: which of the job's outputs this task produces. */
  outputId: number;
  preferredLocations: TaskLocation[];
  payloads: Uint8Array;
}

/** The tasks of one stage attempt, submitted together to the task scheduler. */
export class TaskSet {
  constructor(
    readonly tasks: TaskSpec[],
    readonly stageId: number,
    readonly stageAttemptId: number,
    readonly priority: number,
    readonly properties: Record<string, string>,
    readonly binary: TaskBinary,
  ) {}

  get id(): string {
    return `${this.stageId}.${this.stageAttemptId}`;
  }
}

/** Spark's TaskInfo: one attempt of one task. */
export class TaskInfo {
  gettingResultTime = 0;
  finishTime = 0;
  failed = false;
  killed = false;
  readonly accumulables: { id: number; name: string; update: number; value: number }[] = [];

  constructor(
    readonly taskId: number,
    readonly index: number,
    readonly attemptNumber: number,
    readonly partitionId: number,
    readonly launchTime: number,
    readonly executorId: string,
    readonly host: string,
    readonly taskLocality: TaskLocality,
    readonly speculative: boolean,
  ) {}

  /** "1.3": index.attempt, as Spark's messages print a task. */
  get id(): string {
    return `${this.index}.${this.attemptNumber}`;
  }

  get finished(): boolean {
    return this.finishTime !== 0;
  }
}
