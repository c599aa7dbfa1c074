/**
 * The errors Spark core raises where a driver program misuses the RDD API,
 * with Spark 4.0's classes and texts (`errors/SparkCoreErrors.scala`, whose
 * messages live in `error-conditions.json`; the `_LEGACY_ERROR_TEMP_*`
 * conditions print their text alone), and Scala's `require`.
 *
 * @module
 */
import { SparkException } from '../scheduler/job';

export { SparkException };

/** `org.apache.spark.SparkUnsupportedOperationException`. */
export class SparkUnsupportedOperationException extends Error {
  override name = 'SparkUnsupportedOperationException';
}

/** `java.lang.IllegalArgumentException`, what Scala's `require` throws. */
export class IllegalArgumentException extends Error {
  override name = 'IllegalArgumentException';
}

/**
 * Scala's `require(condition, message)`.
 *
 * @example
 * requirement(depth >= 1, `Depth must be greater than or equal to 1 but got ${depth}.`);
 * // IllegalArgumentException: requirement failed: Depth must be greater than or equal to 1 but got 0.
 */
export function requirement(condition: boolean, message: string): asserts condition {
  if (!condition) throw new IllegalArgumentException(`requirement failed: ${message}`);
}

/** `first()`, `reduce()`, `max()`, `min()`, `treeReduce()` of an RDD with no element (_LEGACY_ERROR_TEMP_3014). */
export function emptyCollectionError(): Error {
  return new SparkUnsupportedOperationException('empty collection');
}

/** `persist()` at another level than the one already assigned (_LEGACY_ERROR_TEMP_3012). */
export function cannotChangeStorageLevelError(): Error {
  return new SparkUnsupportedOperationException(
    'Cannot change storage level of an RDD after it was already assigned a level',
  );
}

/** `zip()` of partitions with different numbers of elements, raised in the task (_LEGACY_ERROR_TEMP_3013). */
export const ZIP_SIZE_MISMATCH = 'Can only zip RDDs with same number of elements in each partition';

/** `checkpoint()` before `sc.setCheckpointDir()` (_LEGACY_ERROR_TEMP_3016). */
export function checkpointDirectoryHasNotBeenSetError(): Error {
  return new SparkException('Checkpoint directory has not been set in the SparkContext');
}

/** `histogram(n)` of an empty RDD or one holding ±Infinity or NaN (_LEGACY_ERROR_TEMP_3005). */
export function histogramOnEmptyRDDOrContainingInfinityOrNaNError(): Error {
  return new SparkUnsupportedOperationException(
    'Histogram on either an empty RDD or RDD containing +/-infinity or NaN',
  );
}

/** `zip()` of RDDs whose partition counts differ, raised on the driver (ZippedPartitionsBaseRDD.getPartitions). */
export function zipPartitionCountsDiffer(counts: readonly number[]): Error {
  return new IllegalArgumentException(`Can't zip RDDs with unequal numbers of partitions: List(${counts.join(', ')})`);
}
