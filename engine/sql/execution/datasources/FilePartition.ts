/**
 * Spark's FilePartition.getFilePartitions and maxSplitBytes: how files are
 * cut into a scan's partitions. Each file counts `openCostInBytes` extra
 * (opening a file costs as much as reading that many bytes), splittable files
 * are cut at `maxSplitBytes`, and the pieces, largest first, are packed into
 * partitions of at most `maxSplitBytes`.
 */

export interface PartitionedFile {
  path: string;
  start: number;
  length: number;
  fileSize: number;
}

/** `min(maxPartitionBytes, max(openCostInBytes, totalBytes / minPartitionNum))`. */
export function maxSplitBytes(
  files: readonly { size: number }[],
  maxPartitionBytes: number,
  openCostInBytes: number,
  minPartitionNum: number,
): number {
  const totalBytes = files.reduce((a, f) => a + f.size + openCostInBytes, 0);
  // Scala's Long division.
  const bytesPerCore = Math.floor(totalBytes / minPartitionNum);
  return Math.min(maxPartitionBytes, Math.max(openCostInBytes, bytesPerCore));
}

/**
 * The scan's partitions, each a list of file pieces.
 *
 * @example
 * getFilePartitions([{ path: 'a.csv', size: 100 }], true, 128 << 20, 4 << 20, 4).length; // 1
 */
export function getFilePartitions(
  files: readonly { path: string; size: number }[],
  splittable: boolean,
  maxPartitionBytes: number,
  openCostInBytes: number,
  minPartitionNum: number,
): PartitionedFile[][] {
  const maxSplit = maxSplitBytes(files, maxPartitionBytes, openCostInBytes, minPartitionNum);
  const pieces: PartitionedFile[] = [];
  for (const f of files) {
    if (f.size === 0) continue;
    if (!splittable) {
      pieces.push({ path: f.path, start: 0, length: f.size, fileSize: f.size });
      continue;
    }
    for (let offset = 0; offset < f.size; offset += maxSplit)
      pieces.push({ path: f.path, start: offset, length: Math.min(maxSplit, f.size - offset), fileSize: f.size });
  }
  pieces.sort((a, b) => b.length - a.length);
  const partitions: PartitionedFile[][] = [];
  let current: PartitionedFile[] = [];
  let currentSize = 0;
  const close = () => {
    if (current.length > 0) partitions.push(current);
    current = [];
    currentSize = 0;
  };
  for (const p of pieces) {
    if (currentSize + p.length > maxSplit) close();
    currentSize += p.length + openCostInBytes;
    current.push(p);
  }
  close();
  return partitions;
}
