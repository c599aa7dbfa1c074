import type { RDD, ResultFunc } from '../rdd/rdd';
import type { ShuffleDependency } from '../rdd/dependency';
import type { CallSite } from '../rdd/call-site';
import type { MapOutputTracker } from './map-output-tracker';
import type { ActiveJob } from './job';

/** What Spark's StageInfo carries; turned into JSON when events are posted. */
export class StageInfo {
  submissionTime?: number;
  completionTime?: number;
  failureReason?: string;
  /** Named accumulators updated by this stage attempt: id → [name, value]. */
  readonly accumulables = new Map<number, { name: string; value: number }>();

  constructor(
    readonly stage: Stage,
    readonly attemptNumber: number,
    readonly numTasks: number,
  ) {}
}

/**
 * A set of tasks computing the same function over partitions of one RDD; cut
 * at shuffle boundaries. ShuffleMapStages write shuffle output; a ResultStage
 * runs the action's function.
 */
export abstract class Stage {
  readonly jobIds = new Set<number>();
  nextAttemptId = 0;
  latestInfo: StageInfo;
  /** Attempts that ended in a fetch failure, for spark.stage.maxConsecutiveAttempts. */
  readonly failedAttemptIds = new Set<number>();

  constructor(
    readonly id: number,
    readonly rdd: RDD,
    readonly numTasks: number,
    readonly parents: Stage[],
    readonly firstJobId: number,
    readonly callSite: CallSite,
  ) {
    this.latestInfo = new StageInfo(this, 0, numTasks);
  }

  get name(): string {
    return this.callSite.shortForm;
  }

  /** Spark's `toString` of a stage: "ShuffleMapStage 0", "ResultStage 1". */
  abstract get description(): string;

  makeNewStageAttempt(numPartitionsToCompute: number): void {
    this.latestInfo = new StageInfo(this, this.nextAttemptId, numPartitionsToCompute);
    this.nextAttemptId++;
  }

  abstract findMissingPartitions(): number[];
}

export class ShuffleMapStage extends Stage {
  /** Partitions whose map output is still to be registered in this attempt. */
  readonly pendingPartitions = new Set<number>();

  constructor(
    id: number,
    rdd: RDD,
    numTasks: number,
    parents: Stage[],
    firstJobId: number,
    callSite: CallSite,
    readonly shuffleDep: ShuffleDependency,
    readonly tracker: MapOutputTracker,
  ) {
    super(id, rdd, numTasks, parents, firstJobId, callSite);
  }

  get description(): string {
    return `ShuffleMapStage ${this.id}`;
  }

  get isAvailable(): boolean {
    return this.tracker.numAvailableOutputs(this.shuffleDep.shuffleId) === this.numTasks;
  }

  findMissingPartitions(): number[] {
    return this.tracker.findMissingPartitions(this.shuffleDep.shuffleId);
  }
}

export class ResultStage extends Stage {
  activeJob: ActiveJob | null = null;

  constructor(
    id: number,
    rdd: RDD,
    readonly func: ResultFunc,
    readonly partitions: number[],
    parents: Stage[],
    firstJobId: number,
    callSite: CallSite,
  ) {
    super(id, rdd, partitions.length, parents, firstJobId, callSite);
  }

  get description(): string {
    return `ResultStage ${this.id}`;
  }

  findMissingPartitions(): number[] {
    const job = this.activeJob;
    if (!job) return [];
    return this.partitions.map((_, i) => i).filter((i) => !job.finished[i]);
  }
}
