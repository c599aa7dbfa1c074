import type { ResultStage } from './stage';
import type { CallSite } from '../rdd/call-site';

/** A running job: one action's ResultStage and which of its outputs have arrived. */
export class ActiveJob {
  readonly finished: boolean[];
  numFinished = 0;
  readonly results: unknown[];

  constructor(
    readonly jobId: number,
    readonly finalStage: ResultStage,
    readonly callSite: CallSite,
    readonly properties: Record<string, string>,
    readonly resolve: (results: unknown[]) => void,
    readonly reject: (error: Error) => void,
  ) {
    this.finished = new Array(finalStage.partitions.length).fill(false);
    this.results = new Array(finalStage.partitions.length);
  }

  get numPartitions(): number {
    return this.finished.length;
  }
}

/** Spark's SparkException: a job failure as the driver program sees it. */
export class SparkException extends Error {
  override name = 'SparkException';
}
