/**
 * The cluster every lesson runs on, in the playground's lesson view and in the
 * headless grader alike, unless the lesson's own `conf` says otherwise.
 */

/** The executors and cores a lesson runs on unless its `conf` says otherwise. */
export const LESSON_CLUSTER = { 'spark.executor.instances': '2', 'spark.executor.cores': '2' } as const;

/**
 * The Spark configuration a lesson's runs get: the default cluster, then the lesson's own settings.
 *
 * @example
 * lessonConf({ 'spark.default.parallelism': '3' });
 * // { 'spark.executor.instances': '2', 'spark.executor.cores': '2', 'spark.default.parallelism': '3' }
 */
export function lessonConf(conf: Readonly<Record<string, string>>): Record<string, string> {
  return { ...LESSON_CLUSTER, ...conf };
}
