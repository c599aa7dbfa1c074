/**
 * Spark's `PairRDDFunctions`: what an RDD of `[key, value]` pairs can do —
 * aggregate by key, join, cogroup, look up, sample by key. Each is a free
 * function over the RDD; the `RDD` class's methods of the same names only
 * delegate here, as Scala's implicit conversion adds these to an
 * `RDD[(K, V)]`.
 *
 * @module
 */
import type { Aggregator } from './dependency';
import { HashPartitioner, Partitioner } from './partitioner';
import {
  CoGroupedRDD,
  MapPartitionsRDD,
  ShuffledRDD,
  SubtractedRDD,
  resolvePartitioner,
  type PartitionsArg,
  type RDD,
} from './rdd';
import { builtin, type FunctionRef } from './wire';
import { KeyMap } from './key-map';
import { requirement } from '../errors/spark-core-errors';
import { randomLong, toLong } from '../util/random/java-random';

type Pair = [unknown, unknown];
type Fn = (...args: never[]) => unknown;

const identityCombiner = builtin('(v) => v');

/**
 * `combineByKeyWithClassTag`: a ShuffledRDD with the aggregator, or, when the
 * RDD is already partitioned by the same partitioner, a combine within each
 * partition through a narrow dependency (no shuffle).
 */
export function combineByKeyWith(
  self: RDD,
  aggregator: Aggregator,
  numPartitions: PartitionsArg,
  mapSideCombine: boolean,
): RDD {
  const part = resolvePartitioner(numPartitions, [self]);
  if (self.partitioner?.equals(part))
    return new ShuffledRDD(self, part, aggregator, mapSideCombine, undefined, undefined, true);
  return new ShuffledRDD(self, part, aggregator, mapSideCombine);
}

export function combineByKey(
  self: RDD,
  createCombiner: FunctionRef,
  mergeValue: FunctionRef,
  mergeCombiners: FunctionRef,
  numPartitions?: PartitionsArg,
): RDD {
  return self.context.withScope('combineByKey', () =>
    combineByKeyWith(self, { createCombiner, mergeValue, mergeCombiners }, numPartitions, true),
  );
}

export function reduceByKey(self: RDD, func: FunctionRef, numPartitions?: PartitionsArg): RDD {
  return self.context.withScope('reduceByKey', () =>
    combineByKeyWith(
      self,
      { createCombiner: identityCombiner, mergeValue: func, mergeCombiners: func },
      numPartitions,
      true,
    ),
  );
}

export function groupByKey(self: RDD, numPartitions?: PartitionsArg): RDD {
  return self.context.withScope('groupByKey', () =>
    combineByKeyWith(
      self,
      {
        createCombiner: builtin('(v) => [v]'),
        mergeValue: builtin('(buf, v) => { buf.push(v); return buf; }'),
        mergeCombiners: builtin('(a, b) => { for (const v of b) a.push(v); return a; }'),
      },
      numPartitions,
      false,
    ),
  );
}

export function aggregateByKey(
  self: RDD,
  zeroValue: unknown,
  seqFunc: FunctionRef,
  combFunc: FunctionRef,
  numPartitions?: PartitionsArg,
): RDD {
  return self.context.withScope('aggregateByKey', () =>
    combineByKeyWith(
      self,
      { createCombiner: seqFunc, mergeValue: seqFunc, mergeCombiners: combFunc, zeroValue: { value: zeroValue } },
      numPartitions,
      true,
    ),
  );
}

export function foldByKey(self: RDD, zeroValue: unknown, func: FunctionRef, numPartitions?: PartitionsArg): RDD {
  return self.context.withScope('foldByKey', () =>
    combineByKeyWith(
      self,
      { createCombiner: func, mergeValue: func, mergeCombiners: func, zeroValue: { value: zeroValue } },
      numPartitions,
      true,
    ),
  );
}

/**
 * `reduceByKeyLocally(func)`: each partition reduced by key on its executor
 * (Spark's `mapPartitions` of a hash map: one stage, no shuffle), the
 * partitions' maps merged with `func` on the driver. Returns a Map.
 */
export async function reduceByKeyLocally(self: RDD, func: Fn): Promise<Map<unknown, unknown>> {
  const site = self.context.callSiteFor('reduceByKeyLocally');
  const perPartition = self.context.withScope(
    'reduceByKeyLocally',
    () =>
      new ShuffledRDD(
        self,
        new HashPartitioner(self.getNumPartitions()),
        { createCombiner: identityCombiner, mergeValue: func, mergeCombiners: func },
        false,
        undefined,
        undefined,
        true,
      ),
    site,
  );
  const parts = (await self.context.runJob(perPartition, { kind: 'collect' }, undefined, site)) as Pair[][];
  const merged = new KeyMap<unknown, Pair>();
  for (const rows of parts)
    for (const [k, v] of rows) {
      const old = merged.get(k);
      merged.set(
        k,
        old
          ? [old[0], self.context.applyOnDriver(() => (func as (a: unknown, b: unknown) => unknown)(old[1], v))]
          : [k, v],
      );
    }
  return new Map([...merged.values()]);
}

export function partitionBy(self: RDD, numPartitions: number | Partitioner): RDD {
  return self.context.withScope('partitionBy', () => {
    const p = numPartitions instanceof Partitioner ? numPartitions : new HashPartitioner(numPartitions);
    if (self.partitioner?.equals(p)) return self;
    return new ShuffledRDD(self, p);
  });
}

export function mapValues(self: RDD, f: FunctionRef): RDD {
  return self.context.withScope('mapValues', () => new MapPartitionsRDD(self, { op: 'mapValues', f }, true));
}

export function flatMapValues(self: RDD, f: FunctionRef): RDD {
  return self.context.withScope('flatMapValues', () => new MapPartitionsRDD(self, { op: 'flatMapValues', f }, true));
}

export function keys(self: RDD): RDD {
  return self.context.withScope('keys', () => new MapPartitionsRDD(self, { op: 'keys' }));
}

export function values(self: RDD): RDD {
  return self.context.withScope('values', () => new MapPartitionsRDD(self, { op: 'values' }));
}

/** `cogroup(other)` or `cogroup([other1, other2])`: for each key, an array of values per RDD. */
export function cogroup(self: RDD, others: RDD | RDD[], numPartitions?: PartitionsArg, name = 'cogroup'): RDD {
  return self.context.withScope(name, () => {
    const rdds = [self, ...(Array.isArray(others) ? others : [others])];
    return new CoGroupedRDD(rdds, resolvePartitioner(numPartitions, rdds));
  });
}

/** PySpark's `groupWith(other, *others)`: `cogroup` of all of them, with the default partitioner. */
export function groupWith(self: RDD, others: RDD[]): RDD {
  return cogroup(self, others, undefined, 'groupWith');
}

export type JoinKind = 'inner' | 'left' | 'right' | 'full';

const JOIN_NAMES: Record<JoinKind, string> = {
  inner: 'join',
  left: 'leftOuterJoin',
  right: 'rightOuterJoin',
  full: 'fullOuterJoin',
};

/** The joins: a cogroup, then each key's groups flattened into pairs (Spark's flatMapValues over the cogroup). */
export function join(self: RDD, other: RDD, kind: JoinKind, numPartitions?: PartitionsArg): RDD {
  return self.context.withScope(JOIN_NAMES[kind], () => {
    const grouped = cogroup(self, other, numPartitions);
    return new MapPartitionsRDD(grouped, { op: 'joinFlatten', kind }, true);
  });
}

export function subtractByKey(self: RDD, other: RDD, numPartitions?: PartitionsArg): RDD {
  return self.context.withScope('subtractByKey', () => {
    const part =
      numPartitions === undefined
        ? (self.partitioner ?? new HashPartitioner(self.getNumPartitions()))
        : resolvePartitioner(numPartitions, [self]);
    return new SubtractedRDD(self, other, part);
  });
}

/**
 * `sampleByKey(withReplacement, fractions, seed?)`: each pair kept (or
 * repeated, with replacement) at its key's rate, drawn as Spark's
 * StratifiedSamplingUtils draws (a Commons Math `RandomDataGenerator`
 * reseeded `seed + partition`). Every key of the RDD needs a fraction.
 */
export function sampleByKey(
  self: RDD,
  withReplacement: boolean,
  fractions: Map<unknown, number> | Record<string, number>,
  seed?: number | bigint,
): RDD {
  const entries: [unknown, number][] = fractions instanceof Map ? [...fractions.entries()] : Object.entries(fractions);
  requirement(
    entries.every(([, f]) => typeof f === 'number' && f >= 0),
    'Negative sampling rates.',
  );
  const s = seed === undefined ? randomLong() : toLong(seed);
  return self.context.withScope(
    'sampleByKey',
    () => new MapPartitionsRDD(self, { op: 'sampleByKey', withReplacement, fractions: entries, seed: s }, true),
  );
}

/** Like Spark's: `mapValues(_ => 1).reduceByKey(_ + _).collect()` — a shuffle, two stages. */
export async function countByKey(self: RDD): Promise<Map<unknown, number>> {
  const site = self.context.callSiteFor('countByKey');
  const counted = self.context.withScope(
    'countByKey',
    () => reduceByKey(mapValues(self, builtin('(_) => 1')), builtin('(a, b) => a + b')),
    site,
  );
  const rows = (await self.context.runJob(counted, { kind: 'collect' }, undefined, site)) as Pair[][];
  return pairsToMap(rows.flat()) as Map<unknown, number>;
}

export async function collectAsMap(self: RDD): Promise<Map<unknown, unknown>> {
  const site = self.context.callSiteFor('collectAsMap');
  const rows = (await self.context.runJob(self, { kind: 'collect' }, undefined, site)) as Pair[][];
  return pairsToMap(rows.flat());
}

/** With a partitioner, only the key's partition is read (one task), as in Spark. */
export async function lookup(self: RDD, key: unknown): Promise<unknown[]> {
  const site = self.context.callSiteFor('lookup');
  const part = self.partitioner;
  const partitions = part ? [part.getPartition(key)] : undefined;
  const rows = (await self.context.runJob(self, { kind: 'lookup', key }, partitions, site)) as unknown[][];
  return rows.flat();
}

/** Pairs into a Map whose keys compare as tuples do ([1, 2] twice is one key); the last value wins. */
export function pairsToMap(rows: Pair[]): Map<unknown, unknown> {
  // The Map returned keeps the first key object seen for a key.
  const km = new KeyMap<unknown, Pair>();
  for (const row of rows) {
    const existing = km.get(row[0]);
    km.set(row[0], existing ? [existing[0], row[1]] : row);
  }
  return new Map([...km.values()].map(([k, v]) => [k, v]));
}
