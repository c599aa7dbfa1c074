/**
 * The reduce side of a shuffle, as Spark's BlockStoreShuffleReader and
 * ShuffleBlockFetcherIterator: the partition's map output locations come from
 * the MapOutputTracker, blocks are read from the block store up to 48 MB at once,
 * and each block is decoded a record at a time, either into an aggregation
 * (which may spill as it goes) or out of a {@link RowIterator}.
 */
import { RecordReader } from '../codec/codec';
import type { DependencyWire, MapStatusWire, TaskMetricsWire } from '../rdd/wire';
import { DONE, type PullIO, type RowIterator } from './iterator';
import { FetchFailedError, runInTask, type TaskContext } from './task-context';

/** Shuffle records decoded per call into a sink that takes pairs; it asks to settle every 1,024. */
const PAIRS_PER_READ = 128;
/**
 * Bytes of blocks being read at once: Spark's ShuffleBlockFetcherIterator lets a read start while the bytes in
 * flight plus its size fit in spark.reducer.maxSizeInFlight (48m), or when nothing is in flight
 * (isRemoteBlockFetchable); the number of reads is not bounded (spark.reducer.maxReqsInFlight is Int.MaxValue).
 * A coalesced read of many small blocks is then one request to the store, not one per few blocks.
 */
const MAX_BYTES_IN_FLIGHT = 48 * 1024 * 1024;

/** Where a task feeds records (an aggregation, a sort, a cogroup's buffers). */
export interface RecordSink {
  /** Takes one record; runs inside runInTask. */
  insert(record: unknown): void;
  /** Takes one `[key, value]` record as its two parts, if the sink can (the same as `insert([key, value])`). */
  insertPair?(key: unknown, value: unknown): void;
  /** True when the sink needs `settle()` (e.g. to spill) before more records. */
  readonly wantsSettle: boolean;
  settle(): Promise<void>;
}

export interface ShuffleReadEnv {
  readonly executorId: string;
  readonly metrics: TaskMetricsWire;
  readonly ctx: TaskContext;
  checkKilled(): void;
  /** Awaits `p`, counting the time as waiting for I/O. */
  wait<T>(p: Promise<T>): Promise<T>;
  getMapStatuses(shuffleId: number): Promise<(MapStatusWire | null)[] | null>;
  /** Starts reading `keys` at once; a promise per block, in order (undefined: missing). */
  readBlocks(keys: string[]): Promise<Uint8Array | undefined>[];
}

type ShuffleDep = Extract<DependencyWire, { kind: 'shuffle' }>;

/** A reduce partition's blocks, read up to MAX_BYTES_IN_FLIGHT at a time and handed out in map order. */
export class ShuffleFetch {
  readonly #wanted: { key: string; status: MapStatusWire; reduceId: number }[];
  readonly #reads: Promise<Uint8Array | undefined>[] = [];
  #started = 0;
  #taken = 0;
  /** The sizes (from the map statuses) of the blocks started and not yet taken. */
  #bytesInFlight = 0;
  /** When the task last stopped waiting for a block (Spark's fetch wait time counts the rest). */
  #waitFrom: number;

  constructor(
    readonly dep: ShuffleDep,
    readonly reduceId: number,
    readonly env: ShuffleReadEnv,
    wanted: { key: string; status: MapStatusWire; reduceId: number }[],
    waitStart: number,
  ) {
    this.#wanted = wanted;
    this.#waitFrom = waitStart;
    this.#startReads();
  }

  #startReads(): void {
    let until = this.#started;
    for (; until < this.#wanted.length; until++) {
      const size = this.#size(until);
      if (until > this.#taken && this.#bytesInFlight + size > MAX_BYTES_IN_FLIGHT) break;
      this.#bytesInFlight += size;
    }
    if (until <= this.#started) return;
    const keys = this.#wanted.slice(this.#started, until).map((w) => w.key);
    this.#reads.push(...this.env.readBlocks(keys));
    this.#started = until;
  }

  #size(i: number): number {
    const w = this.#wanted[i];
    return w.status.sizes[w.reduceId];
  }

  /** The next block's records, or null after the last; FetchFailedError when a block is gone. */
  async nextBlock(): Promise<RecordReader | null> {
    if (this.#taken >= this.#wanted.length) return null;
    const i = this.#taken++;
    const bytes = await this.env.wait(this.#reads[i]);
    delete this.#reads[i];
    this.#bytesInFlight -= this.#size(i);
    const metrics = this.env.metrics.shuffleRead;
    const waited = this.#waitFrom;
    metrics.fetchWaitTime += Math.round(performance.now() - waited);
    this.env.checkKilled();
    this.#startReads();
    const s = this.#wanted[i].status;
    const reduceId = this.#wanted[i].reduceId;
    if (!bytes)
      throw new FetchFailedError(
        s.executorId,
        s.host,
        this.dep.shuffleId,
        s.mapId,
        s.mapIndex,
        reduceId,
        `Failed to fetch shuffle_${this.dep.shuffleId}_${s.mapId}_${reduceId} from executor ${s.executorId} (${s.host}): block not found`,
      );
    const local = s.executorId === this.env.executorId;
    if (local) {
      metrics.localBlocksFetched++;
      metrics.localBytesRead += bytes.byteLength;
    } else {
      metrics.remoteBlocksFetched++;
      metrics.remoteBytesRead += bytes.byteLength;
    }
    const reader = new RecordReader(bytes);
    metrics.recordsRead += reader.count;
    const sql = this.dep.sqlMetrics;
    if (sql) {
      // This exchange's own share of the task's shuffle read (a join's task reads two exchanges).
      const add = (key: string, value: number) => {
        if (sql[key] !== undefined) this.env.ctx.addToAccumulator(sql[key], value);
      };
      add(local ? 'localBlocksFetched' : 'remoteBlocksFetched', 1);
      add(local ? 'localBytesRead' : 'remoteBytesRead', bytes.byteLength);
      add('fetchWaitTime', Math.round(performance.now() - waited));
      add('recordsRead', reader.count);
    }
    return reader;
  }

  /** Call when the records of the block last handed out are consumed: later waits count as fetch wait. */
  consumed(): void {
    this.#waitFrom = performance.now();
  }
}

/** Looks up the partition's map outputs (FetchFailed if any is missing) and starts reading its blocks. */
export function openShuffle(dep: ShuffleDep, reduceId: number, env: ShuffleReadEnv): Promise<ShuffleFetch> {
  return openShuffleBlocks(dep, [{ reduceId }], env);
}

/**
 * Some blocks of a shuffle: for each read, one reduce partition's blocks from
 * the maps in `[startMap, endMap)` (all maps when unsaid), in order. Spark
 * SQL's adaptive reads take a range of maps for one reducer (a skewed
 * partition's split) or a range of reducers from one map (a local read).
 */
export async function openShuffleBlocks(
  dep: ShuffleDep,
  reads: readonly { reduceId: number; startMap?: number; endMap?: number }[],
  env: ShuffleReadEnv,
): Promise<ShuffleFetch> {
  const waitStart = performance.now();
  const first = reads[0]?.reduceId ?? 0;
  const statuses = await env.getMapStatuses(dep.shuffleId);
  env.checkKilled();
  if (!statuses)
    throw new FetchFailedError(
      '',
      '',
      dep.shuffleId,
      -1,
      -1,
      first,
      `Missing all output locations for shuffle ${dep.shuffleId}`,
    );
  const wanted: { key: string; status: MapStatusWire; reduceId: number }[] = [];
  for (const { reduceId, startMap = 0, endMap = statuses.length } of reads) {
    for (let mapIndex = startMap; mapIndex < endMap; mapIndex++) {
      const s = statuses[mapIndex];
      if (!s)
        throw new FetchFailedError(
          '',
          '',
          dep.shuffleId,
          -1,
          mapIndex,
          reduceId,
          `Missing an output location for shuffle ${dep.shuffleId} partition ${reduceId}`,
        );
      if (s.sizes[reduceId] > 0)
        wanted.push({ key: `${s.executorId}/shuffle_${dep.shuffleId}_${s.mapId}_${reduceId}`, status: s, reduceId });
    }
  }
  return new ShuffleFetch(dep, first, env, wanted, waitStart);
}

/**
 * Decodes every block straight into `sink`, a record at a time (so an
 * aggregation can spill as it goes, and a decoded record is garbage once
 * consumed). A sink that takes pairs apart gets each record's key and value
 * without the array around them.
 */
export async function readShuffleInto(
  fetch: ShuffleFetch,
  sink: RecordSink,
  env: { ctx: TaskContext; checkKilled(): void },
): Promise<void> {
  const pairSink = sink.insertPair !== undefined;
  const insertPair = (key: unknown, value: unknown) => sink.insertPair!(key, value);
  const insertOther = (record: unknown) => sink.insert(record);
  for (let reader = await fetch.nextBlock(); reader !== null; reader = await fetch.nextBlock()) {
    const block = reader;
    const fill = pairSink
      ? () => {
          // Records in runs of PAIRS_PER_READ: a sink asking to settle may take a few more first.
          while (block.hasNext() && !sink.wantsSettle) block.readPairs(PAIRS_PER_READ, insertPair, insertOther);
        }
      : () => {
          while (block.hasNext() && !sink.wantsSettle) sink.insert(block.next());
        };
    while (block.hasNext()) {
      runInTask(env.ctx, fill);
      await sink.settle();
      env.checkKilled();
    }
    fetch.consumed();
  }
}

/** A shuffle read's records as rows, block after block (repartition, partitionBy: nothing to combine). */
export class ShuffleRows implements RowIterator {
  #block: RecordReader | null = null;
  #done = false;
  constructor(
    readonly fetch: ShuffleFetch,
    readonly io: PullIO,
  ) {}
  next(): unknown {
    const block = this.#block;
    if (block !== null && block.hasNext()) return block.next();
    if (this.#done) return DONE;
    if (block !== null) this.fetch.consumed();
    return this.io.waitFor(
      this.fetch.nextBlock().then((next) => {
        this.#block = next;
        if (next === null) this.#done = true;
      }),
    );
  }
}
