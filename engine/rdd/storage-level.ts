/**
 * How an RDD's partitions are kept once computed, with Spark's flags and names.
 *
 * @example
 * rdd.persist(StorageLevel.MEMORY_AND_DISK);
 */
export class StorageLevel {
  constructor(
    readonly useDisk: boolean,
    readonly useMemory: boolean,
    readonly deserialized: boolean,
    readonly replication = 1,
  ) {}

  static readonly NONE = new StorageLevel(false, false, false);
  static readonly DISK_ONLY = new StorageLevel(true, false, false);
  static readonly MEMORY_ONLY = new StorageLevel(false, true, true);
  static readonly MEMORY_ONLY_SER = new StorageLevel(false, true, false);
  static readonly MEMORY_AND_DISK = new StorageLevel(true, true, true);
  static readonly MEMORY_AND_DISK_SER = new StorageLevel(true, true, false);

  get isValid(): boolean {
    return this.useDisk || this.useMemory;
  }

  equals(other: StorageLevel): boolean {
    return (
      this.useDisk === other.useDisk &&
      this.useMemory === other.useMemory &&
      this.deserialized === other.deserialized &&
      this.replication === other.replication
    );
  }

  /** Spark's `StorageLevel.description`, e.g. "Memory Deserialized 1x Replicated". */
  get description(): string {
    return (
      (this.useDisk ? 'Disk ' : '') +
      (this.useMemory ? 'Memory ' : '') +
      (this.deserialized ? 'Deserialized ' : 'Serialized ') +
      `${this.replication}x Replicated`
    );
  }

  toJSON(): StorageLevelWire {
    return {
      useDisk: this.useDisk,
      useMemory: this.useMemory,
      deserialized: this.deserialized,
      replication: this.replication,
    };
  }

  static fromJSON(w: StorageLevelWire): StorageLevel {
    return new StorageLevel(w.useDisk, w.useMemory, w.deserialized, w.replication);
  }

  /**
   * Scala's `StorageLevel.toString`: the flags that are set, then the replication.
   *
   * @example
   * String(StorageLevel.DISK_ONLY); // "StorageLevel(disk, 1 replicas)"
   * String(StorageLevel.MEMORY_AND_DISK); // "StorageLevel(disk, memory, deserialized, 1 replicas)"
   */
  toString(): string {
    const flags = [this.useDisk && 'disk', this.useMemory && 'memory', this.deserialized && 'deserialized'].filter(
      (flag): flag is string => flag !== false,
    );
    return `StorageLevel(${[...flags, `${this.replication} replicas`].join(', ')})`;
  }

  [Symbol.for('kindling.inspect')](): string {
    return this.toString();
  }
}

export interface StorageLevelWire {
  useDisk: boolean;
  useMemory: boolean;
  deserialized: boolean;
  replication: number;
}
