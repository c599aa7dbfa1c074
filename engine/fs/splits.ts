/**
 * How `sc.textFile` cuts its input files into partitions: Hadoop's
 * `org.apache.hadoop.mapred.FileInputFormat.getSplits`, then Spark's
 * `HadoopRDD.getPartitions`.
 *
 * @module
 */

import type { FileEntry } from './file-system';

/** One partition of a text file RDD: the bytes `[start, start + length)` of one file. */
export interface FileSplit {
  path: string;
  start: number;
  length: number;
  /** The partition index. */
  index: number;
}

/**
 * The block size Hadoop's local file system reports for every file
 * (`fs.local.block.size`, default 32 MiB, from `FileSystem.getDefaultBlockSize`).
 * `spark-shell --master local[*]` reading `file:` paths splits with this; a
 * cluster reading HDFS would use the HDFS block size (128 MiB by default),
 * which is why `computeSplits` takes it as a parameter.
 */
export const LOCAL_FS_BLOCK_SIZE = 32 * 1024 * 1024;

/** Hadoop's `SPLIT_SLOP`: the last split of a file may be up to 10% larger than the others. */
const SPLIT_SLOP = 1.1;

/** Options for {@link computeSplits}. */
export interface SplitOptions {
  /**
   * Drop zero-length splits (`spark.hadoopRDD.ignoreEmptySplits`). Hadoop
   * makes one empty split per empty file; Spark ≥ 3.2 removes them, so an
   * empty file gives no partition. Default: true.
   */
  ignoreEmptySplits?: boolean;
  /** `mapreduce.input.fileinputformat.split.minsize`; default 1 byte. */
  minSize?: number;
}

/**
 * Cuts files into splits exactly as Hadoop's `FileInputFormat.getSplits(job,
 * minPartitions)` does and numbers them as Spark's `HadoopRDD` does:
 *
 * - `goalSize = floor(totalSize / max(minPartitions, 1))`;
 * - `splitSize = max(minSize, min(goalSize, blockSize))`;
 * - each file, in order, gives splits of `splitSize` while the bytes left are
 *   more than 1.1 × `splitSize`, then one split with the rest — so a file is
 *   never merged with another and a small file is one split;
 * - empty files give an empty split, which Spark then drops (see
 *   {@link SplitOptions.ignoreEmptySplits}).
 *
 * `minPartitions` is a lower bound only in spirit: three small files give
 * three splits whatever it is, and the slop can give one fewer than asked.
 *
 * @param files the input files in order (as `resolveGlob` returns them)
 * @param minPartitions `sc.textFile`'s second argument; Spark's default is `min(defaultParallelism, 2)`
 * @param blockSize the file system's block size; defaults to {@link LOCAL_FS_BLOCK_SIZE}
 * @example
 * computeSplits([{ path: 'a.txt', size: 1000 }], 3).map((s) => s.length) // [333, 333, 334]
 */
export function computeSplits(
  files: readonly FileEntry[],
  minPartitions: number,
  blockSize: number = LOCAL_FS_BLOCK_SIZE,
  options: SplitOptions = {},
): FileSplit[] {
  const { ignoreEmptySplits = true, minSize = 1 } = options;
  if (!Number.isInteger(minPartitions) || minPartitions < 0) {
    throw new RangeError(`minPartitions must be a whole number ≥ 0, got ${minPartitions}`);
  }
  if (!Number.isSafeInteger(blockSize) || blockSize < 1) {
    throw new RangeError(`blockSize must be a whole number of bytes ≥ 1, got ${blockSize}`);
  }
  const totalSize = files.reduce((sum, file) => sum + file.size, 0);
  const goalSize = Math.floor(totalSize / (minPartitions === 0 ? 1 : minPartitions));
  const splitSize = Math.max(minSize, Math.min(goalSize, blockSize));

  const splits: Omit<FileSplit, 'index'>[] = [];
  for (const { path, size } of files) {
    if (size === 0) {
      splits.push({ path, start: 0, length: 0 });
      continue;
    }
    let bytesRemaining = size;
    while (bytesRemaining / splitSize > SPLIT_SLOP) {
      splits.push({ path, start: size - bytesRemaining, length: splitSize });
      bytesRemaining -= splitSize;
    }
    if (bytesRemaining !== 0) splits.push({ path, start: size - bytesRemaining, length: bytesRemaining });
  }
  const kept = ignoreEmptySplits ? splits.filter((split) => split.length > 0) : splits;
  return kept.map((split, index) => ({ ...split, index }));
}

/**
 * How `sc.wholeTextFiles` groups whole files into partitions: Spark's
 * `WholeTextFileInputFormat.setMinPartitions` sets the largest split to
 * `ceil(totalSize / minPartitions)` bytes, and Hadoop's
 * `CombineFileInputFormat.getSplits` (files are never cut: `isSplitable` is
 * false) fills a split with files until it reaches that size, then starts the
 * next; what is left over makes the last split. All files of a local file
 * system sit on one node, so there is one such pass. Hadoop walks a node's
 * files in a hash-set order; here they go in path order, so the number of
 * partitions is Hadoop's for files of like sizes, and which files share one
 * may differ from a given Spark run.
 *
 * @example
 * combineWholeFiles([{ path: 'a', size: 10 }, { path: 'b', size: 10 }, { path: 'c', size: 10 }], 2)
 * // [[a, b], [c]]: 15-byte splits
 */
export function combineWholeFiles(files: readonly FileEntry[], minPartitions: number): FileEntry[][] {
  if (!Number.isInteger(minPartitions) || minPartitions < 0) {
    throw new RangeError(`minPartitions must be a whole number ≥ 0, got ${minPartitions}`);
  }
  const totalSize = files.reduce((sum, file) => sum + file.size, 0);
  const maxSplitSize = Math.ceil(totalSize / (minPartitions === 0 ? 1 : minPartitions));
  const splits: FileEntry[][] = [];
  let current: FileEntry[] = [];
  let size = 0;
  for (const file of files) {
    current.push(file);
    size += file.size;
    if (maxSplitSize !== 0 && size >= maxSplitSize) {
      splits.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) splits.push(current);
  return splits;
}
