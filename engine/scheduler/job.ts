import type { ResultStage, ShuffleMapStage } from './stage';
import type { CallSite } from '../rdd/call-site';

/**
 * A running job: one action's ResultStage and which of its outputs have
 * arrived, or (Spark's map-stage job, which adaptive query execution submits
 * for each query stage) a ShuffleMapStage whose outputs are the job's result.
 */
export class ActiveJob {
  readonly finished: boolean[];
  numFinished = 0;
  readonly results: unknown[];

  constructor(
    readonly jobId: number,
    readonly finalStage: ResultStage | ShuffleMapStage,
    readonly callSite: CallSite,
    readonly properties: Record<string, string>,
    readonly resolve: (results: unknown[]) => void,
    readonly reject: (error: Error) => void,
  ) {
    const n = 'partitions' in finalStage ? finalStage.partitions.length : 0;
    this.finished = new Array(n).fill(false);
    this.results = new Array(n);
  }

  get isMapStageJob(): boolean {
    return !('partitions' in this.finalStage);
  }

  get numPartitions(): number {
    return this.finished.length;
  }
}

/** Spark's SparkException: a job failure as the driver program sees it. */
export class SparkException extends Error {
  override name = 'SparkException';
}
