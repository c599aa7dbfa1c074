/**
 * Spark's scheduling modes. FIFO (the default — not FAIR, whatever blog posts
 * say): task sets by job id, then stage id. FAIR: task sets grouped into pools
 * (local property `spark.scheduler.pool`), pools ordered by Spark's
 * FairSchedulingAlgorithm; within a pool, FIFO unless the pool says FAIR.
 *
 * Pools are configured with conf keys (Spark reads an allocation XML file;
 * Kindling has no files on the driver): `kindling.scheduler.pool.<name>.weight`,
 * `.minShare`, `.schedulingMode`. An unknown pool gets Spark's defaults:
 * weight 1, minShare 0, FIFO.
 */
import type { SparkConf } from '../conf';

export interface Schedulable {
  name: string;
  runningTasks: number;
  weight: number;
  minShare: number;
  /** FIFO keys: job id, then stage id. */
  priority: number;
  stageId: number;
}

/** Spark's FIFOSchedulingAlgorithm as a sort comparator. */
export function fifoCompare(a: Schedulable, b: Schedulable): number {
  return a.priority - b.priority || a.stageId - b.stageId;
}

/** Spark's FairSchedulingAlgorithm as a sort comparator. */
export function fairCompare(a: Schedulable, b: Schedulable): number {
  const aNeedy = a.runningTasks < a.minShare;
  const bNeedy = b.runningTasks < b.minShare;
  if (aNeedy && !bNeedy) return -1;
  if (!aNeedy && bNeedy) return 1;
  const compare =
    aNeedy && bNeedy
      ? a.runningTasks / Math.max(a.minShare, 1) - b.runningTasks / Math.max(b.minShare, 1)
      : a.runningTasks / a.weight - b.runningTasks / b.weight;
  if (compare !== 0) return compare;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export interface PoolConfig {
  weight: number;
  minShare: number;
  mode: 'FIFO' | 'FAIR';
}

export function poolConfig(conf: SparkConf, name: string): PoolConfig {
  const mode = conf.get(`kindling.scheduler.pool.${name}.schedulingMode`, 'FIFO').toUpperCase();
  return {
    weight: Number(conf.get(`kindling.scheduler.pool.${name}.weight`, '1')),
    minShare: Number(conf.get(`kindling.scheduler.pool.${name}.minShare`, '0')),
    mode: mode === 'FAIR' ? 'FAIR' : 'FIFO',
  };
}

export function schedulingMode(conf: SparkConf): 'FIFO' | 'FAIR' {
  const mode = conf.get('spark.scheduler.mode', 'FIFO').toUpperCase();
  if (mode !== 'FIFO' && mode !== 'FAIR') throw new Error(`spark.scheduler.mode must be FIFO or FAIR, got ${mode}`);
  return mode;
}

/**
 * Orders task sets for resource offers, as Spark's rootPool.getSortedTaskSetQueue.
 * `runningTasks` is read per task set; pools sum their task sets'.
 */
export function sortTaskSets<
  T extends { name: string; runningTasks: number; priority: number; stageId: number; pool: string },
>(conf: SparkConf, taskSets: T[]): T[] {
  const asSchedulable = (t: T): Schedulable => ({ ...t, weight: 1, minShare: 0 });
  if (schedulingMode(conf) === 'FIFO')
    return [...taskSets].sort((a, b) => fifoCompare(asSchedulable(a), asSchedulable(b)));
  const pools = new Map<string, T[]>();
  for (const t of taskSets) {
    const list = pools.get(t.pool);
    if (list) list.push(t);
    else pools.set(t.pool, [t]);
  }
  const ordered = [...pools.entries()]
    .map(([name, sets]) => {
      const cfg = poolConfig(conf, name);
      const pool: Schedulable = {
        name,
        runningTasks: sets.reduce((a, t) => a + t.runningTasks, 0),
        weight: cfg.weight,
        minShare: cfg.minShare,
        priority: 0,
        stageId: 0,
      };
      const inner = [...sets].sort((a, b) =>
        cfg.mode === 'FAIR'
          ? fairCompare(asSchedulable(a), asSchedulable(b))
          : fifoCompare(asSchedulable(a), asSchedulable(b)),
      );
      return { pool, inner };
    })
    .sort((a, b) => fairCompare(a.pool, b.pool));
  return ordered.flatMap((p) => p.inner);
}
