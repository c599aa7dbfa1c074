/**
 * The layout of Spark's `RDD.toDebugString`, over a small node interface so
 * that one formatter serves both places that print a lineage: the engine, for
 * a live RDD (`RDD.toDebugString`), and the playground, for the RDD infos a
 * job's StageInfos carry in an event log (its Lineage panel). Both must print
 * exactly what Spark prints, so the rules live here once:
 *
 * - the first line starts with the RDD's partition count, `(n)`;
 * - a narrow parent continues the current level under a `|`;
 * - a shuffle parent opens a new level, `+-(n)`, indented one step further;
 *   the `|` of an enclosing level runs on only while it has parents to come;
 * - every line's brackets hold the storage level of the RDD the lineage is
 *   printed for, not the line's own RDD: Spark's `debugSelf` reads the outer
 *   RDD's `storageLevel` (so `cached.map(f).toDebugString` shows `[]` on the
 *   cached line, and `counts.cache().toDebugString` shows the level on all);
 * - a cached RDD gets a `CachedPartitions` line below its own.
 *
 * This module imports only the size formatter, so the playground can use it
 * without pulling in the engine.
 */
import { bytesToString } from './bytes-to-string';

/** One RDD as `toDebugString` needs to see it. */
export interface DebugStringNode {
  /** Printed as `(n)` on the first line and on each line that opens a shuffle level. */
  readonly numPartitions: number;
  /** Spark's `RDD.toString`: `[name ]Class[id] at callSite`. */
  readonly description: string;
  /**
   * Spark's `StorageLevel.description` when the RDD is persisted, else `''` (printed as `[]`).
   * Only the root's is printed, on every line, as Spark does.
   */
  readonly storageLevel: string;
  /** The RDD's cached blocks, when it has any. */
  readonly cached?: CachedPartitions;
  /**
   * The RDD's parents in dependency order. Asked for while printing rather
   * than held as a tree: a lineage is a DAG, and Spark prints a shared parent
   * again under each child.
   */
  children(): readonly DebugStringChild[];
}

/** A parent of a {@link DebugStringNode} and the kind of dependency on it. */
export interface DebugStringChild {
  readonly node: DebugStringNode;
  /** A shuffle dependency (a stage boundary), as opposed to a narrow one. */
  readonly isShuffle: boolean;
}

/** What Spark's `CachedPartitions` line says about a cached RDD. */
export interface CachedPartitions {
  readonly numCachedPartitions: number;
  readonly memoryBytes: number;
  readonly diskBytes: number;
}

/**
 * The lineage under `root`, laid out line for line as Spark's `RDD.toDebugString`.
 *
 * @example
 * formatDebugString(counts)
 * // (4) ShuffledRDD[2] at reduceByKey at playground.js:3 []
 * //  +-(2) MapPartitionsRDD[1] at map at playground.js:2 []
 * //     |  ParallelCollectionRDD[0] at parallelize at playground.js:1 []
 */
export function formatDebugString(root: DebugStringNode): string {
  const partitionStr = `(${root.numPartitions})`;
  const nextPrefix = barUnder(partitionStr);
  const level = root.storageLevel;
  const [first, ...more] = selfLines(root, level);
  return [
    `${partitionStr} ${first}`,
    ...more.map((line) => `${nextPrefix} ${line}`),
    ...childLines(root, nextPrefix, level),
  ].join('\n');
}

/** Spark's `debugSelf`: the RDD itself with the root's storage level, then its cached blocks if any. */
function selfLines(node: DebugStringNode, level: string): string[] {
  const lines = [`${node.description} [${level}]`];
  const cached = node.cached;
  if (cached)
    lines.push(
      `    CachedPartitions: ${cached.numCachedPartitions}; MemorySize: ${bytesToString(cached.memoryBytes)}; ` +
        `DiskSize: ${bytesToString(cached.diskBytes)}`,
    );
  return lines;
}

/** Spark's `debugChildren`: each parent at `prefix`, a shuffle parent one level in. */
function childLines(node: DebugStringNode, prefix: string, level: string): string[] {
  const children = node.children();
  return children.flatMap((child, i) =>
    child.isShuffle
      ? shuffleLines(child.node, prefix, i === children.length - 1, level)
      : narrowLines(child.node, prefix, level),
  );
}

/** A narrow parent: printed at the current prefix, its own parents after it. */
function narrowLines(node: DebugStringNode, prefix: string, level: string): string[] {
  return [...selfLines(node, level).map((line) => prefix + line), ...childLines(node, prefix, level)];
}

/**
 * Spark's `shuffleDebugString`: a shuffle parent opens a level with `+-(n)`.
 * The enclosing level's trailing `|` gives way to the `+-`, and runs on below
 * (`| `) only when more parents of the enclosing RDD are still to come.
 */
function shuffleLines(node: DebugStringNode, prefix: string, isLastChild: boolean, level: string): string[] {
  const partitionStr = `(${node.numPartitions})`;
  const thisPrefix = prefix.replace(/\|\s+$/, '');
  const nextPrefix = thisPrefix + (isLastChild ? '  ' : '| ') + barUnder(partitionStr);
  const [first, ...more] = selfLines(node, level);
  return [
    `${thisPrefix}+-${partitionStr} ${first}`,
    // No space here, unlike the first level: Spark writes `$nextPrefix$desc` in shuffleDebugString.
    ...more.map((line) => `${nextPrefix}${line}`),
    ...childLines(node, nextPrefix, level),
  ];
}

/** The prefix for the lines under a `(n)` marker: a `|` below its middle, padded to its width plus one. */
function barUnder(partitionStr: string): string {
  const leftOffset = Math.floor((partitionStr.length - 1) / 2);
  return ' '.repeat(leftOffset) + '|' + ' '.repeat(partitionStr.length - leftOffset);
}
