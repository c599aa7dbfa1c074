/**
 * The names a driver program finds in scope, in one place for every host
 * that runs one (the driver worker, Node test harnesses): what the learner
 * uses (`sc`, the partitioners, `StorageLevel`, `TaskContext`, `console`,
 * `withEnv`) and the runtime functions the program rewriter's edits call.
 */
import type { SparkContext } from '../context';
import { prepareLineage } from '../context';
import { RDD } from '../rdd/rdd';
import { HashPartitioner, RangePartitioner } from '../rdd/partitioner';
import { StorageLevel } from '../rdd/storage-level';
import { TaskContext } from '../executor/task-context';
import { __kindlingClosure, withEnv } from '../closure/closure';
import { CLOSURE_FUNCTION_NAME, LOOP_GUARD_NAME, SETTLE_FUNCTION_NAME } from '../closure/rewrite';
import { __kindlingLoopGuard } from '../closure/loop-guard';

/** Every name in a program's scope, in the order hosts bind them. */
export const PROGRAM_NAMES = [
  'sc',
  'HashPartitioner',
  'RangePartitioner',
  'StorageLevel',
  'TaskContext',
  'console',
  'withEnv',
  CLOSURE_FUNCTION_NAME,
  SETTLE_FUNCTION_NAME,
  LOOP_GUARD_NAME,
] as const;

/**
 * What the rewriter's `(await __kindlingSettle(call)).value` awaits: the jobs
 * a blocking transformation started (sortByKey's sampling). Resolves with the
 * call's value in a box, so a value that happens to be a thenable is handed
 * back untouched; rejects, at the call's line, when those jobs failed.
 */
export async function __kindlingSettle<T>(value: T): Promise<{ value: T }> {
  if (value instanceof RDD) await prepareLineage(value);
  return { value };
}

/** The values of {@link PROGRAM_NAMES} for a program run with `sc`, printing through `console`. */
export function programScope(sc: SparkContext, console: unknown): Record<(typeof PROGRAM_NAMES)[number], unknown> {
  return {
    sc,
    HashPartitioner,
    RangePartitioner,
    StorageLevel,
    TaskContext,
    console,
    withEnv,
    [CLOSURE_FUNCTION_NAME]: __kindlingClosure,
    [SETTLE_FUNCTION_NAME]: __kindlingSettle,
    [LOOP_GUARD_NAME]: __kindlingLoopGuard,
  } as Record<(typeof PROGRAM_NAMES)[number], unknown>;
}
