/**
 * What a sampling task does with its partition's rows, one row at a time:
 * Spark's `PartitionwiseSampledRDD.compute` and `randomSampleWithRange` (a
 * seeded sampler per partition), `sampleByKey`'s per-partition functions
 * (`StratifiedSamplingUtils.getBernoulliSamplingFunction` and
 * `getPoissonSamplingFunction`, without exact sizes), repartition's
 * `distributePartition`, and `RangePartitioner.sketch`.
 *
 * @module
 */
import type { MapOp } from '../rdd/wire';
import { KeyMap } from '../rdd/key-map';
import { JavaRandom } from '../util/random/java-random';
import { XORShiftRandom } from '../util/random/xorshift-random';
import { RandomDataGenerator } from '../util/random/poisson-distribution';
import { samplerFromWire, type RandomSampler } from '../util/random/random-sampler';
import { Reservoir } from '../util/random/sampling-utils';
import { byteswap32 } from '../util/murmur-hash3';
import { DONE, PENDING, type RowIterator } from './iterator';

type SampleOp = Extract<MapOp, { op: 'sample' }>;
type SampleByKeyOp = Extract<MapOp, { op: 'sampleByKey' }>;

/**
 * The seed partition `index` samples with. PartitionwiseSampledRDD draws one
 * `nextLong()` per partition, in order, from `new java.util.Random(seed)`;
 * randomSplit seeds partition i with `seed + i`.
 */
export function partitionSeed(seed: bigint, seeding: SampleOp['seeding'], index: number): bigint {
  if (seeding === 'plusIndex') return BigInt.asIntN(64, seed + BigInt(index));
  const random = new JavaRandom(seed);
  let s = random.nextLong();
  for (let i = 0; i < index; i++) s = random.nextLong();
  return s;
}

/** Each input row as many times as `count(row)` says (0: dropped); never draws for a row not yet read. */
class RepeatedRows implements RowIterator {
  #row: unknown = undefined;
  #left = 0;

  constructor(
    readonly input: RowIterator,
    readonly count: (row: unknown) => number,
  ) {}

  next(): unknown {
    if (this.#left > 0) {
      this.#left--;
      return this.#row;
    }
    for (;;) {
      const row = this.input.next();
      if (row === DONE || row === PENDING) return row;
      const n = this.count(row);
      if (n > 0) {
        this.#row = row;
        this.#left = n - 1;
        return row;
      }
    }
  }
}

/** `sample` and `randomSplit`: the partition's rows through its seeded sampler. */
export function sampledRows(input: RowIterator, op: SampleOp, partition: number): RowIterator {
  const sampler: RandomSampler = samplerFromWire(op.sampler);
  sampler.setSeed(partitionSeed(op.seed, op.seeding, partition));
  return new RepeatedRows(input, () => sampler.sample());
}

/**
 * `sampleByKey(withReplacement, fractions, seed)` over partition `partition`:
 * a `RandomDataGenerator` reseeded `seed + partition`; without replacement a
 * row is kept when a uniform draw is below its key's fraction, with
 * replacement it is repeated a Poisson(fraction) number of times. A key that
 * `fractions` lacks fails the task as Scala's `Map.apply` does.
 *
 * @param pairOf checks that row i is a [key, value] pair and returns it.
 */
export function sampledByKey(
  input: RowIterator,
  op: SampleByKeyOp,
  partition: number,
  pairOf: (row: unknown, i: number) => [unknown, unknown],
): RowIterator {
  const fractions = new KeyMap<unknown, number>();
  for (const [key, fraction] of op.fractions) fractions.set(key, fraction);
  const fractionOf = (key: unknown): number => {
    const f = fractions.get(key);
    if (f === undefined) throw new Error(`key not found: ${String(key)}`);
    return f;
  };
  const rng = new RandomDataGenerator();
  rng.reSeed(BigInt.asIntN(64, op.seed + BigInt(partition)));
  let i = 0;
  return new RepeatedRows(input, (row) => {
    const [key] = pairOf(row, i++);
    // Scala evaluates the draw before the lookup without replacement, the lookup first with.
    if (op.withReplacement) return rng.nextPoisson(fractionOf(key));
    return rng.nextUniform() < fractionOf(key) ? 1 : 0;
  });
}

/** RDD.coalesce's distributePartition: `(position, row)` from `new XORShiftRandom(index).nextInt(n)` + 1 on. */
export function distributedRows(input: RowIterator, numPartitions: number, partition: number): RowIterator {
  let position = new XORShiftRandom(partition).nextInt(numPartitions);
  return {
    next() {
      const row = input.next();
      if (row === DONE || row === PENDING) return row;
      return [++position, row];
    },
  };
}

/**
 * RangePartitioner.sketch: one row, `[partition, count, reservoir]`, once
 * the whole partition has been read; the reservoir seeded
 * `byteswap32(partition ^ (shift << 16))`.
 */
export function sketchRows(input: RowIterator, sampleSize: number, shift: number, partition: number): RowIterator {
  const reservoir = new Reservoir<unknown>(sampleSize, byteswap32(partition ^ (shift << 16)));
  let done = false;
  return {
    next() {
      if (done) return DONE;
      for (;;) {
        const row = input.next();
        if (row === PENDING) return row;
        if (row === DONE) break;
        reservoir.offer(row);
      }
      done = true;
      return [partition, reservoir.count, reservoir.sample];
    },
  };
}
