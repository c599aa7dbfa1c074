import { hashCode, nonNegativeMod } from './hash';
import { compareKeys } from './ordering';
import { keyEquals } from './key-map';

/** The wire form of a partitioner: executors rebuild it with {@link partitionerFromWire}. */
export type PartitionerWire =
  | { kind: 'hash'; numPartitions: number }
  | { kind: 'range'; bounds: unknown[]; ascending: boolean }
  | { kind: 'passthrough'; numPartitions: number }
  | { kind: 'python'; numPartitions: number; functionId: number }
  | { kind: 'pairKey'; inner: PartitionerWire };

/** Decides which reduce partition a key goes to. Two partitioners that are `equals` place every key alike. */
export abstract class Partitioner {
  abstract readonly numPartitions: number;
  abstract getPartition(key: unknown): number;
  abstract equals(other: unknown): boolean;
  abstract toWire(): PartitionerWire;
}

/**
 * Spark's HashPartitioner: `nonNegativeMod(key.hashCode, n)`, with JVM hash codes,
 * so `"a"` (hash 97) lands in partition `97 % n`.
 *
 * @example
 * new HashPartitioner(3).getPartition('a'); // 1
 * new HashPartitioner(3).equals(new HashPartitioner(3)); // true
 */
export class HashPartitioner extends Partitioner {
  constructor(override readonly numPartitions: number) {
    super();
    if (!Number.isInteger(numPartitions) || numPartitions < 0)
      throw new RangeError(`Number of partitions (${numPartitions}) cannot be negative or fractional.`);
  }

  getPartition(key: unknown): number {
    return key === null || key === undefined ? 0 : nonNegativeMod(hashCode(key), this.numPartitions);
  }

  equals(other: unknown): boolean {
    return other instanceof HashPartitioner && other.numPartitions === this.numPartitions;
  }

  toWire(): PartitionerWire {
    return { kind: 'hash', numPartitions: this.numPartitions };
  }

  override toString(): string {
    return `HashPartitioner(${this.numPartitions})`;
  }
}

/**
 * Spark's RangePartitioner, given its range bounds: keys up to `bounds[0]` go to
 * partition 0, and so on. `sortByKey` builds one by sampling the RDD (a job of
 * its own); you can also build one from explicit bounds.
 *
 * @example
 * new RangePartitioner([10, 20]).getPartition(15); // 1
 */
export class RangePartitioner extends Partitioner {
  readonly bounds: readonly unknown[];

  constructor(
    bounds: readonly unknown[],
    readonly ascending = true,
  ) {
    super();
    this.bounds = [...bounds];
  }

  override get numPartitions(): number {
    return this.bounds.length + 1;
  }

  getPartition(key: unknown): number {
    const b = this.bounds;
    // First bound that is >= key (binary search; Spark scans linearly below 128 bounds, same result).
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(b[mid], key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return this.ascending ? lo : b.length - lo;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof RangePartitioner &&
      other.ascending === this.ascending &&
      other.bounds.length === this.bounds.length &&
      other.bounds.every((v, i) => keyEquals(v, this.bounds[i]))
    );
  }

  toWire(): PartitionerWire {
    return { kind: 'range', bounds: [...this.bounds], ascending: this.ascending };
  }

  override toString(): string {
    return `RangePartitioner(${this.numPartitions})`;
  }
}

/**
 * Spark SQL's PartitionIdPassthrough: the key is the partition. Spark SQL's
 * exchanges compute each row's partition in the map task (hash, range,
 * round-robin) and shuffle `[partitionId, row]` pairs through this.
 */
export class PartitionIdPassthrough extends Partitioner {
  constructor(override readonly numPartitions: number) {
    super();
  }
  getPartition(key: unknown): number {
    return key as number;
  }
  equals(other: unknown): boolean {
    return other instanceof PartitionIdPassthrough && other.numPartitions === this.numPartitions;
  }
  toWire(): PartitionerWire {
    return { kind: 'passthrough', numPartitions: this.numPartitions };
  }
  override toString(): string {
    return `PartitionIdPassthrough(${this.numPartitions})`;
  }
}

/**
 * Spark's PythonPartitioner: PySpark computes each key's partition in Python
 * (`partitionFunc(key) % n`) and ships it as the record's key, so here the key
 * is that partition number. Two are equal when their counts and Python
 * partition functions (by Python `id()`) are.
 *
 * @example
 * new PythonPartitioner(4, 140).getPartition(6); // 2
 */
export class PythonPartitioner extends Partitioner {
  constructor(
    override readonly numPartitions: number,
    readonly functionId: number,
  ) {
    super();
  }

  getPartition(key: unknown): number {
    if (key === null || key === undefined) return 0;
    // Spark: `case key: Long => nonNegativeMod(key.toInt, numPartitions)`.
    if (typeof key === 'number') return nonNegativeMod(key | 0, this.numPartitions);
    return nonNegativeMod(hashCode(key), this.numPartitions);
  }

  equals(other: unknown): boolean {
    return (
      other instanceof PythonPartitioner &&
      other.numPartitions === this.numPartitions &&
      other.functionId === this.functionId
    );
  }

  toWire(): PartitionerWire {
    return { kind: 'python', numPartitions: this.numPartitions, functionId: this.functionId };
  }

  override toString(): string {
    return `PythonPartitioner(${this.numPartitions})`;
  }
}

/**
 * The partitioner `RDD.subtract` uses when the RDD is already partitioned by
 * `inner`: it places a key `[x, null]` by `x`'s own key (`x[0]`), as Spark's
 * anonymous `p2` does, so each element stays in the partition it is in. Like
 * Spark's, it equals no other partitioner.
 */
export class PairKeyPartitioner extends Partitioner {
  constructor(readonly inner: Partitioner) {
    super();
  }

  override get numPartitions(): number {
    return this.inner.numPartitions;
  }

  getPartition(key: unknown): number {
    return this.inner.getPartition(Array.isArray(key) ? key[0] : key);
  }

  equals(other: unknown): boolean {
    return other === this;
  }

  toWire(): PartitionerWire {
    return { kind: 'pairKey', inner: this.inner.toWire() };
  }
}

export function partitionerFromWire(w: PartitionerWire): Partitioner {
  switch (w.kind) {
    case 'hash':
      return new HashPartitioner(w.numPartitions);
    case 'range':
      return new RangePartitioner(w.bounds, w.ascending);
    case 'passthrough':
      return new PartitionIdPassthrough(w.numPartitions);
    case 'python':
      return new PythonPartitioner(w.numPartitions, w.functionId);
    case 'pairKey':
      return new PairKeyPartitioner(partitionerFromWire(w.inner));
  }
}
