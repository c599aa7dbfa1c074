/**
 * Spark's InMemoryRelation and CachedRDDBuilder (execution/columnar): a
 * cached query in logical plans. The relation is a leaf that stands where
 * the cached query's plan stood (CacheManager.useCachedData puts it there);
 * its builder holds the cached query's physical plan, made when `cache()` was
 * called, and, once an action needed it, the persisted RDD of its rows,
 * named as Spark names it in the Storage tab. Before the RDD is fully cached
 * the relation's size is the cached plan's estimate; after, the bytes the
 * executors hold (InMemoryRelation.computeStats), so a cached side can
 * become small enough to broadcast.
 */
import { LeafNode, attrList, type Statistics } from '../../catalyst/plans/logical/LogicalPlan';
import type { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import type { SortOrder } from '../../catalyst/expressions/ordering';
import type { SparkPlan } from '../SparkPlan';
import type { StorageLevel } from '../../../rdd/storage-level';
import { physicalTreeString } from '../explain';
import type { SQLConf } from '../../internal/SQLConf';

/** What the builder needs of the engine, kept apart so planning code needs no SparkContext. */
export interface CacheStore {
  /** Partitions of the RDD some executor holds a block of. */
  cachedPartitions(rdd: CachedRDD): Set<number>;
  /** Bytes the executors hold of the RDD (memory and disk), or null when none. */
  cachedBytes(rdd: CachedRDD): number | null;
}

/** The persisted RDD, as the builder sees it. */
export interface CachedRDD {
  id(): number;
  getNumPartitions(): number;
  unpersist(blocking?: boolean): unknown;
}

/** Commons Lang's StringUtils.abbreviate(text, 1024), as Spark shortens a cached plan's name. */
function abbreviate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 3) + '...';
}

export class CachedRDDBuilder {
  #rdd: CachedRDD | undefined;
  #loaded = false;
  /** @internal The cached plan as adaptive execution left it, once the cache was built (isFinalPlan=true). */
  cachedPlanAsRun: SparkPlan | undefined;

  constructor(
    readonly storageLevel: StorageLevel,
    /** The cached query's executed plan (an AdaptiveSparkPlan when adaptive execution planned it). */
    readonly cachedPlan: SparkPlan,
    readonly tableName: string | undefined,
    readonly store: CacheStore,
    /** The session's SQL settings, which adaptive execution of the cached plan reads. */
    readonly conf: SQLConf,
  ) {}

  /**
   * The RDD's name in the Storage tab, fixed when the cache is made (CachedRDDBuilder.cachedName):
   * `In-memory table t` for `cacheTable('t')`, else the cached plan as `explain()` prints it before it runs.
   */
  get cachedName(): string {
    return this.tableName ? `In-memory table ${this.tableName}` : abbreviate(physicalTreeString(this.cachedPlan), 1024);
  }

  get cachedRDD(): CachedRDD | undefined {
    return this.#rdd;
  }

  /** @internal Set once, by the first action that builds the RDD (CachedRDDBuilder.buildBuffers). */
  set cachedRDD(rdd: CachedRDD | undefined) {
    this.#rdd = rdd;
    this.#loaded = false;
  }

  /** Every partition of the RDD is held by some executor (CachedRDDBuilder.isCachedColumnBuffersLoaded). */
  get isCachedColumnBuffersLoaded(): boolean {
    const rdd = this.#rdd;
    if (!rdd) return false;
    if (!this.#loaded) this.#loaded = this.store.cachedPartitions(rdd).size === rdd.getNumPartitions();
    return this.#loaded;
  }

  /** The bytes cached, once loaded (Spark sums each cached batch's size in an accumulator). */
  get sizeInBytes(): number | undefined {
    if (!this.#rdd || !this.isCachedColumnBuffersLoaded) return undefined;
    return this.store.cachedBytes(this.#rdd) ?? 0;
  }

  /** Unpersists the RDD; the next action builds it again (CachedRDDBuilder.clearCache). */
  clearCache(blocking = false): void {
    this.#rdd?.unpersist(blocking);
    this.#rdd = undefined;
    this.cachedPlanAsRun = undefined;
    this.#loaded = false;
  }
}

export class InMemoryRelation extends LeafNode {
  constructor(
    readonly relationOutput: readonly AttributeReference[],
    readonly cacheBuilder: CachedRDDBuilder,
    readonly cachedOrdering: readonly SortOrder[],
    /** The cached query's optimized plan's estimate, used until the cache is loaded. */
    readonly statsOfPlanToCache: Statistics,
  ) {
    super();
  }

  get output(): readonly AttributeReference[] {
    return this.relationOutput;
  }

  /** The cached plan, as plans print it under the relation: final once adaptive execution has run it. */
  get cachedPlan(): SparkPlan {
    return this.cacheBuilder.cachedPlanAsRun ?? this.cacheBuilder.cachedPlan;
  }

  override get stats(): Statistics {
    const size = this.cacheBuilder.sizeInBytes;
    return size === undefined ? this.statsOfPlanToCache : { ...this.statsOfPlanToCache, sizeInBytes: size };
  }

  /** The relation under the attribute ids of the plan fragment it replaces (InMemoryRelation.withOutput). */
  withOutput(output: readonly AttributeReference[]): InMemoryRelation {
    return new InMemoryRelation(output, this.cacheBuilder, this.cachedOrdering, this.statsOfPlanToCache);
  }

  newInstance(): InMemoryRelation {
    return this.withOutput(this.relationOutput.map((a) => a.newInstance()));
  }

  get simpleString(): string {
    return `InMemoryRelation ${attrList(this.relationOutput)}, ${this.cacheBuilder.storageLevel}`;
  }

  /**
   * InMemoryRelation.innerChildren is the cached physical plan, which `explain(true)`'s optimized logical plan prints
   * under the relation as TreeNode.generateTreeString prints inner children (depth + 2, the relation being a leaf),
   * verbose as that mode prints every plan (QueryExecution.writePlans).
   */
  override innerPhysicalLines(indent: string): readonly string[] {
    const [first, ...rest] = physicalTreeString(this.cachedPlan, true).trimEnd().split('\n');
    return [`${indent}   +- ${first}`, ...rest.map((l) => `${indent}      ${l}`)];
  }
}
