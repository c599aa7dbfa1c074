/**
 * What a shuffle's map side writes into its blocks, and how many shuffle blocks a reduce task reads at once. Spark's
 * ShuffleBlockFetcherIterator bounds the reads in flight by bytes
 * (spark.reducer.maxSizeInFlight, 48m; isRemoteBlockFetchable lets a request
 * go while bytesInFlight + its size fits, or when nothing is in flight),
 * not by count (spark.reducer.maxReqsInFlight is Int.MaxValue). A coalesced
 * read of 200 small reduce partitions from 2 maps is 400 small blocks: read
 * 8 at a time they cost 50 round trips to IndexedDB.
 */
import { describe, expect, it } from 'vitest';
import { openShuffleBlocks, type ShuffleReadEnv } from '../../engine/executor/shuffle-reader';
import { writeShuffle, type ShuffleWriteTask } from '../../engine/executor/shuffle-writer';
import { ArrayIterator } from '../../engine/executor/iterator';
import { RecordWriter, decodeRecords } from '../../engine/codec/codec';
import type { DependencyWire, MapStatusWire } from '../../engine/rdd/wire';
import type { PartitionerWire } from '../../engine/rdd/partitioner';
import type { TaskContext } from '../../engine/executor/task-context';

const MB = 1024 * 1024;

/** A shuffle of `maps` map outputs with the given block sizes per reducer, and the key batches read. */
function shuffle(maps: number, sizes: number[]) {
  const statuses: MapStatusWire[] = Array.from({ length: maps }, (_, m) => ({
    executorId: 'e1',
    host: 'h',
    mapId: m,
    mapIndex: m,
    sizes,
  }));
  const writer = new RecordWriter();
  writer.write([1, 2]);
  const block = writer.finish();
  const batches: string[][] = [];
  const env = {
    executorId: 'e1',
    metrics: {
      shuffleRead: {
        fetchWaitTime: 0,
        localBlocksFetched: 0,
        localBytesRead: 0,
        remoteBlocksFetched: 0,
        remoteBytesRead: 0,
        recordsRead: 0,
      },
    },
    ctx: {} as TaskContext,
    checkKilled: () => {},
    wait: <T>(p: Promise<T>) => p,
    getMapStatuses: async () => statuses,
    readBlocks: (keys: string[]) => {
      batches.push(keys);
      return keys.map(async () => block);
    },
  } as unknown as ShuffleReadEnv;
  const dep = { kind: 'shuffle', shuffleId: 3 } as unknown as Extract<DependencyWire, { kind: 'shuffle' }>;
  return { env, dep, batches };
}

describe('shuffle blocks in flight', () => {
  it('reads a coalesced partition of many small blocks in one request', async () => {
    const { env, dep, batches } = shuffle(2, Array(200).fill(300));
    const reads = Array.from({ length: 200 }, (_, r) => ({ reduceId: r }));
    const fetch = await openShuffleBlocks(dep, reads, env);
    expect(batches.map((b) => b.length)).toEqual([400]);
    expect(batches[0].slice(0, 3)).toEqual(['e1/shuffle_3_0_0', 'e1/shuffle_3_1_0', 'e1/shuffle_3_0_1']);
    let records = 0;
    for (let b = await fetch.nextBlock(); b !== null; b = await fetch.nextBlock()) records += b.count;
    expect(records).toBe(400);
    expect(batches).toHaveLength(1);
  });

  it('keeps at most 48 MB in flight, and one block however large', async () => {
    const { env, dep, batches } = shuffle(6, [20 * MB, 0, 60 * MB]);
    const fetch = await openShuffleBlocks(dep, [{ reduceId: 0 }, { reduceId: 2 }], env);
    // 20 + 20 fit in 48 MB; a third 20 MB block waits until one is taken.
    expect(batches.map((b) => b.length)).toEqual([2]);
    while ((await fetch.nextBlock()) !== null);
    expect(batches.flat()).toHaveLength(12);
    expect(batches.flat().slice(0, 7)).toEqual(
      [0, 1, 2, 3, 4, 5, 0].map((m, i) => `e1/shuffle_3_${m}_${i < 6 ? 0 : 2}`),
    );
    // Each 60 MB block goes alone: read only when nothing else is in flight.
    for (const b of batches.slice(-6)) expect(b).toHaveLength(1);
  });
});

/** `records` written by one map task through a dependency on `partitioner`: each reduce partition's records. */
async function written(partitioner: PartitionerWire, records: unknown[]): Promise<Map<number, unknown[]>> {
  const blocks = new Map<number, unknown[]>();
  const task = {
    taskId: 7,
    partitionId: 0,
    executorId: 'e1',
    host: 'h',
    ctx: {} as TaskContext,
    metrics: { shuffleWrite: { recordsWritten: 0, bytesWritten: 0, writeTime: 0 } },
    checkKilled: () => {},
    wait: <T>(p: Promise<T>) => p,
    store: {
      put: async (entries: [string, Uint8Array][]) => {
        for (const [key, bytes] of entries) blocks.set(Number(key.split('_').pop()), decodeRecords(bytes));
      },
    },
  } as unknown as ShuffleWriteTask;
  const dep = { kind: 'shuffle', shuffleId: 1, partitioner } as unknown as Extract<DependencyWire, { kind: 'shuffle' }>;
  const status = await writeShuffle(new ArrayIterator(records), dep, undefined, task);
  expect(status.sizes.filter((s) => s > 0)).toHaveLength(blocks.size);
  return blocks;
}

describe('what a shuffle block holds', () => {
  it("holds a Spark SQL exchange's rows without their partition ids, as UnsafeRowSerializer.writeKey writes no key", async () => {
    const rows = [
      [0, ['a', 1]],
      [2, ['b', 2]],
      [0, ['c', null]],
    ];
    const blocks = await written({ kind: 'passthrough', numPartitions: 3 }, rows);
    expect(blocks).toEqual(
      new Map([
        [
          0,
          [
            ['a', 1],
            ['c', null],
          ],
        ],
        [2, [['b', 2]]],
      ]),
    );
  });

  it('refuses a partition id outside the exchange, naming the record', async () => {
    await expect(
      written({ kind: 'passthrough', numPartitions: 2 }, [
        [1, ['a']],
        [2, ['b']],
      ]),
    ).rejects.toThrow('record 1 names partition 2 of a shuffle with 2 partitions');
  });

  it("holds an RDD shuffle's key-value pairs whole", async () => {
    const blocks = await written({ kind: 'hash', numPartitions: 2 }, [
      [1, 'x'],
      [2, 'y'],
      [3, 'z'],
    ]);
    expect(blocks).toEqual(
      new Map([
        [
          1,
          [
            [1, 'x'],
            [3, 'z'],
          ],
        ],
        [0, [[2, 'y']]],
      ]),
    );
  });
});
