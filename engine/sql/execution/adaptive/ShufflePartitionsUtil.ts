/**
 * Spark's ShufflePartitionsUtil (Spark 4.0, sql/core …/adaptive/
 * ShufflePartitionsUtil.scala): how adaptive execution coalesces the
 * partitions of shuffles read together (packing consecutive reduce
 * partitions up to a target size, skipping empty groups, keeping a skewed
 * partition's splits as they are) and how it splits a skewed reduce
 * partition by its maps' sizes.
 */
import type { ShufflePartitionSpec } from '../ShuffledRowRDD';

/** Spark's MapOutputStatistics, with each map's block sizes (what getMapSizesForReduceId reads). */
export interface MapStats {
  bytesByPartitionId: readonly number[];
  sizesByMap: readonly (readonly number[])[];
}

export const SMALL_PARTITION_FACTOR = 0.2;
export const MERGED_PARTITION_FACTOR = 1.2;

type Coalesced = Extract<ShufflePartitionSpec, { kind: 'coalesced' }>;

/** A spec with the bytes it reads from one shuffle. */
export interface SizedSpec {
  spec: ShufflePartitionSpec;
  dataSize: number;
}

/**
 * Coalesces the partitions of shuffles read side by side. `inputSpecs` are
 * the skew join's specs of each shuffle (or undefined when it split none).
 * Returns the new specs of each shuffle, or undefined when nothing coalesced.
 *
 * @example
 * coalescePartitions([{ bytesByPartitionId: [10, 10, 0], sizesByMap: [] }], [undefined], 64 << 20, 1, 0);
 * // [[{ spec: { kind: 'coalesced', startReducer: 0, endReducer: 3 }, dataSize: 20 }]]
 */
export function coalescePartitions(
  stats: readonly MapStats[],
  inputSpecs: readonly (readonly SizedSpec[] | undefined)[],
  advisoryTargetSize: number,
  minNumPartitions: number,
  minPartitionSize: number,
): SizedSpec[][] | undefined {
  if (stats.length === 0) return undefined;
  const total = stats.reduce((a, s) => a + s.bytesByPartitionId.reduce((x, y) => x + y, 0), 0);
  const maxTargetSize = Math.ceil(total / minNumPartitions);
  // A target under the minimum partition size would make tasks too small to be worth it.
  const targetSize = Math.max(Math.min(maxTargetSize, advisoryTargetSize), minPartitionSize);
  if (inputSpecs.every((s) => s === undefined)) return coalesceWithoutSkew(stats, targetSize, minPartitionSize);
  return coalesceWithSkew(stats, inputSpecs as readonly (readonly SizedSpec[])[], targetSize, minPartitionSize);
}

function coalesceWithoutSkew(
  stats: readonly MapStats[],
  targetSize: number,
  minPartitionSize: number,
): SizedSpec[][] | undefined {
  const lengths = new Set(stats.map((s) => s.bytesByPartitionId.length));
  // Shuffles of different partition counts (a union of unlike inputs) are left as they are.
  if (lengths.size > 1) return undefined;
  const n = stats[0].bytesByPartitionId.length;
  const specs = coalesceRange(0, n, stats, targetSize, minPartitionSize, false);
  return specs.length < n ? attachDataSize(stats, specs) : undefined;
}

function coalesceWithSkew(
  stats: readonly MapStats[],
  inputSpecs: readonly (readonly SizedSpec[])[],
  targetSize: number,
  minPartitionSize: number,
): SizedSpec[][] | undefined {
  // The reducer each spec reads: repeated indices mark a skewed partition's splits. Every shuffle
  // must read the same reducers one by one, or nothing is coalesced.
  const indicesOf = (specs: readonly SizedSpec[]) =>
    specs.map(({ spec }) =>
      spec.kind === 'partialReducer'
        ? spec.reducer
        : spec.kind === 'coalesced' && spec.startReducer + 1 === spec.endReducer
          ? spec.startReducer
          : -1,
    );
  const indices = indicesOf(inputSpecs[0]);
  if (indices.some((i) => i < 0) || inputSpecs.some((s) => indicesOf(s).join() !== indices.join())) return undefined;
  const out: SizedSpec[][] = stats.map(() => []);
  const n = indices.length;
  const coalesceBetween = (from: number, to: number) =>
    attachDataSize(stats, coalesceRange(from, to, stats, targetSize, minPartitionSize, true)).forEach((specs, i) =>
      out[i].push(...specs),
    );
  let start = 0;
  let i = 1;
  while (i < n) {
    if (indices[i - 1] === indices[i]) {
      const repeated = indices[i];
      if (i - 1 > start) coalesceBetween(indices[start], repeated);
      let end = i + 1;
      while (end < n && indices[end] === repeated) end++;
      inputSpecs.forEach((specs, s) => out[s].push(...specs.slice(i - 1, end)));
      start = end;
      i = end;
    } else i++;
  }
  if (n > start) coalesceBetween(indices[start], indices[n - 1] + 1);
  return out[0].length < n ? out : undefined;
}

/**
 * Packs reduce partitions [start, end) into groups of at most `targetSize`
 * bytes over all shuffles. A group that would stay under `minPartitionSize`
 * is merged into the group before it when that one is smaller than the next
 * partition, or grows on; a last group under it joins the one before.
 */
function coalesceRange(
  start: number,
  end: number,
  stats: readonly MapStats[],
  targetSize: number,
  minPartitionSize: number,
  allowReturnEmpty: boolean,
): Coalesced[] {
  const specs: Coalesced[] = [];
  let coalescedSize = 0;
  let latestSplitPoint = start;
  let latestPartitionSize = 0;
  let i = start;
  const create = (force: boolean) => {
    // An empty group would be a task with nothing to read.
    if (coalescedSize > 0 || force) specs.push({ kind: 'coalesced', startReducer: latestSplitPoint, endReducer: i });
  };
  const extendLast = (to: number) => {
    specs[specs.length - 1] = { kind: 'coalesced', startReducer: specs[specs.length - 1].startReducer, endReducer: to };
  };
  for (; i < end; i++) {
    const size = stats.reduce((a, s) => a + s.bytesByPartitionId[i], 0);
    if (i > latestSplitPoint && coalescedSize + size > targetSize) {
      if (coalescedSize < minPartitionSize) {
        if (latestPartitionSize > 0 && latestPartitionSize < size) {
          extendLast(i);
          latestSplitPoint = i;
          latestPartitionSize += coalescedSize;
          coalescedSize = size;
        } else coalescedSize += size;
      } else {
        create(false);
        latestSplitPoint = i;
        latestPartitionSize = coalescedSize;
        coalescedSize = size;
      }
    } else coalescedSize += size;
  }
  if (coalescedSize < minPartitionSize && latestPartitionSize > 0) extendLast(end);
  else create(!allowReturnEmpty && specs.length === 0);
  return specs;
}

function attachDataSize(stats: readonly MapStats[], specs: readonly Coalesced[]): SizedSpec[][] {
  return stats.map((s) =>
    specs.map((spec) => {
      let dataSize = 0;
      for (let r = spec.startReducer; r < spec.endReducer; r++) dataSize += s.bytesByPartitionId[r];
      return { spec, dataSize };
    }),
  );
}

/** Start indices that cut `sizes` into runs near `targetSize`, merging a run too small to stand alone. */
export function splitSizeListByTargetSize(sizes: readonly number[], targetSize: number): number[] {
  const starts = [0];
  let current = 0;
  let last = -1;
  const tryMerge = () => {
    const merge =
      last > -1 &&
      (current + last < targetSize * MERGED_PARTITION_FACTOR ||
        current < targetSize * SMALL_PARTITION_FACTOR ||
        last < targetSize * SMALL_PARTITION_FACTOR);
    if (merge) {
      starts.pop();
      last += current;
    } else last = current;
  };
  for (let i = 0; i < sizes.length; i++) {
    if (i > 0 && current + sizes[i] > targetSize) {
      tryMerge();
      starts.push(i);
      current = sizes[i];
    } else current += sizes[i];
  }
  tryMerge();
  return starts;
}

/** A skewed reduce partition's splits by ranges of maps, or undefined when it cannot be split. */
export function createSkewPartitionSpecs(
  stats: MapStats,
  reducer: number,
  targetSize: number,
): SizedSpec[] | undefined {
  const mapSizes = stats.sizesByMap.map((sizes) => sizes[reducer] ?? 0);
  const starts = splitSizeListByTargetSize(mapSizes, targetSize);
  if (starts.length <= 1) return undefined;
  return starts.map((startMap, i) => {
    const endMap = i + 1 < starts.length ? starts[i + 1] : mapSizes.length;
    const dataSize = mapSizes.slice(startMap, endMap).reduce((a, b) => a + b, 0);
    return { spec: { kind: 'partialReducer', reducer, startMap, endMap }, dataSize };
  });
}
