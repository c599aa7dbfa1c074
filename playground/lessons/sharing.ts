/**
 * Sharing a lesson's program: the cluster a link carries is the one the lesson
 * runs on, so a reader who opens the link outside the lesson (the playground,
 * for a lesson their Kindling does not have) still runs it the same way.
 */
import { readSettings, type Settings } from '../settings';

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

/**
 * A lesson's program and cluster as playground settings, for a share link:
 * executors, cores, hosts and racks from their Spark keys, every other key as a
 * conf entry, so `sparkConf` of the result is the lesson's configuration again.
 *
 * @example
 * const settings = lessonShareSettings(source, lessonConf(lesson.conf));
 * const hash = await encodeShare(toShared(settings, lesson.id));
 */
export function lessonShareSettings(source: string, conf: Readonly<Record<string, string>>): Settings {
  const cluster = ['spark.executor.instances', 'spark.executor.cores', 'kindling.hosts', 'kindling.racks'];
  return readSettings(
    JSON.stringify({
      source,
      executors: conf['spark.executor.instances'],
      coresPerExecutor: conf['spark.executor.cores'],
      hosts: conf['kindling.hosts'] ?? null,
      racks: conf['kindling.racks'] ?? null,
      conf: Object.entries(conf)
        .filter(([key]) => !cluster.includes(key))
        .map(([key, value]) => ({ key, value })),
    }),
    source,
  );
}
