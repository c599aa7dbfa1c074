/**
 * Sharing a lesson's program: the cluster a link carries is the one the lesson
 * runs on, so a reader who opens the link outside the lesson (the playground,
 * for a lesson their Kindling does not have) still runs it the same way.
 */
import type { ProgramLanguage } from '../program-language';
import { readSettings, type Settings } from '../settings';

export { lessonConf } from '../../engine/lessons/conf';

/**
 * A lesson's program and cluster as playground settings, for a share link:
 * executors, cores, hosts and racks from their Spark keys, every other key as a
 * conf entry, so `sparkConf` of the result is the lesson's configuration again.
 *
 * @example
 * const settings = lessonShareSettings(source, lessonConf(lesson.conf));
 * const hash = await encodeShare(toShared(settings, lesson.id));
 */
export function lessonShareSettings(
  source: string,
  conf: Readonly<Record<string, string>>,
  language: ProgramLanguage = 'javascript',
): Settings {
  const cluster = ['spark.executor.instances', 'spark.executor.cores', 'kindling.hosts', 'kindling.racks'];
  return readSettings(
    JSON.stringify({
      source,
      language,
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
