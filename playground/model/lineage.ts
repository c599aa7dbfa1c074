/**
 * A job's lineage printed as `RDD.toDebugString` prints it, rebuilt from the
 * RDD infos in the job's StageInfos (their Parent IDs, call sites, partition
 * counts and storage levels) — so it works for a finished local run and for a
 * real Spark event log alike. The layout is the engine's own
 * (engine/rdd/debug-string.ts), so the two cannot drift apart.
 */
import type { AppModel, JobModel, RddModel } from '../../engine/events/app-model';
import type { StorageLevel } from '../../engine/events/types';
import { formatDebugString, type DebugStringNode } from '../../engine/rdd/debug-string';

const KNOWN_CLASS = /RDD\d*$/;

/**
 * The lineage of a job's final RDD, or `undefined` when the log holds no RDD
 * information for the job (Spark before 1.2 did not log it).
 *
 * @example
 * lineageOfJob(model, 0)
 * // (4) ShuffledRDD[4] at reduceByKey at playground.js:5 []
 * //  +-(4) MapPartitionsRDD[3] at map at playground.js:4 []
 * //     |  …
 */
export function lineageOfJob(model: AppModel, jobId: number): string | undefined {
  const job = model.jobs.get(jobId);
  if (!job || job.stageIds.length === 0) return undefined;
  const stageRdds = stageRddLists(model, job);
  const rdds = new Map<number, RddModel>();
  for (const list of stageRdds.values()) for (const rdd of list) rdds.set(rdd.rddId, rdd);
  const resultStageId = Math.max(...job.stageIds);
  const root = stageRdds.get(resultStageId)?.[0];
  if (!root) return undefined;
  // Spark 1.x logs list a stage's RDDs without their parents: the shape cannot be rebuilt.
  const withoutParents = [...stageRdds.values()].some(
    (list) => list.length > 1 && list.every((r) => r.parentIds.length === 0),
  );
  if (withoutParents) return undefined;

  // A narrow dependency keeps parent and child in one stage; any other edge crosses a shuffle.
  const sameStage = (child: number, parent: number) =>
    [...stageRdds.values()].some((list) => list.some((r) => r.rddId === child) && list.some((r) => r.rddId === parent));

  const seen = new Set<number>();
  const node = (rdd: RddModel): DebugStringNode => {
    const valid = rdd.storageLevel['Use Disk'] || rdd.storageLevel['Use Memory'] || rdd.storageLevel['Use Off Heap'];
    return {
      numPartitions: rdd.numPartitions,
      description: describeRdd(rdd),
      storageLevel: valid ? storageDescription(rdd.storageLevel) : '',
      cached:
        valid && rdd.numCachedPartitions > 0
          ? {
              numCachedPartitions: rdd.numCachedPartitions,
              memoryBytes: rdd.memorySize,
              diskBytes: rdd.diskSize,
            }
          : undefined,
      children: () => {
        // A lineage is a DAG; Spark prints shared parents again, but a malformed log must not loop forever.
        if (seen.size > 10_000) return [];
        seen.add(rdd.rddId);
        return rdd.parentIds
          .map((id) => rdds.get(id))
          .filter((parent): parent is RddModel => parent !== undefined)
          .map((parent) => ({ node: node(parent), isShuffle: !sameStage(rdd.rddId, parent.rddId) }));
      },
    };
  };
  return formatDebugString(node(root));
}

/** Each of the job's stages with its RDDs (the stage's own RDD first), from its latest attempt. */
function stageRddLists(model: AppModel, job: JobModel): Map<number, RddModel[]> {
  const lists = new Map<number, RddModel[]>();
  for (const stage of model.stages.values()) {
    if (!job.stageIds.includes(stage.stageId) || stage.rdds.length === 0) continue;
    // Attempts come in order, so a later attempt (with fresher cache sizes) replaces an earlier one.
    lists.set(stage.stageId, stage.rdds);
  }
  return lists;
}

/**
 * As Spark's `RDD.toString`: `[name ]Class[id] at callSite`. The log keeps the
 * name *or* the class (`RDDInfo.Name`); a named RDD's class is inferred.
 */
function describeRdd(rdd: RddModel): string {
  const named = !KNOWN_CLASS.test(rdd.name);
  const className = named
    ? rdd.parentIds.length === 0
      ? rdd.scope?.name === 'textFile' || rdd.scope?.name === 'hadoopFile'
        ? 'HadoopRDD'
        : 'ParallelCollectionRDD'
      : 'MapPartitionsRDD'
    : rdd.name;
  return `${named ? `${rdd.name} ` : ''}${className}[${rdd.rddId}] at ${rdd.callsite ?? 'unknown'}`;
}

/** Spark's `StorageLevel.description`, e.g. `Memory Deserialized 1x Replicated`. */
export function storageDescription(level: StorageLevel): string {
  return (
    (level['Use Disk'] ? 'Disk ' : '') +
    (level['Use Memory'] ? (level['Use Off Heap'] ? 'Memory (off heap) ' : 'Memory ') : '') +
    (level.Deserialized ? 'Deserialized ' : 'Serialized ') +
    `${level.Replication}x Replicated`
  );
}
