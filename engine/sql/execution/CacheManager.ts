/**
 * Spark's CacheManager: the queries `cache()`, `persist()` and
 * `spark.catalog.cacheTable` registered, and their substitution into later
 * queries. Caching is lazy, as in Spark: it plans the query (its physical
 * plan is fixed now, an AdaptiveSparkPlan when adaptive execution is on) and
 * records it; no job runs until an action reads it. Every query a session
 * runs afterwards has each fragment that computes the same rows as a cached
 * query replaced by the cached query's InMemoryRelation
 * (CacheManager.useCachedData, run on the analyzed plan before the
 * optimizer), so a query built on a cached DataFrame reads the cache, and
 * so does any DataFrame written the same way.
 */
import type { LogicalPlan } from '../catalyst/plans/logical/LogicalPlan';
import { LocalRelation, LogicalRDD, LogicalRelation } from '../catalyst/plans/logical/relations';
import { SubqueryAlias } from '../catalyst/plans/logical/basicLogicalOperators';
import { classKey } from '../catalyst/trees/TreeNode';
import { StorageLevel } from '../../rdd/storage-level';
import type { QueryExecution } from './QueryExecution';
import { CachedRDDBuilder, InMemoryRelation, type CacheStore } from './columnar/InMemoryRelation';

interface CachedData {
  /** The cached query's analyzed plan, as a canonical key. */
  key: string;
  /** The analyzed plan itself, to find the cached queries built on another and to plan it again. */
  plan: LogicalPlan;
  relation: InMemoryRelation;
}

const objectKeys = new WeakMap<object, number>();
let nextObjectKey = 0;

function objectKey(o: object): number {
  let k = objectKeys.get(o);
  if (k === undefined) objectKeys.set(o, (k = nextObjectKey++));
  return k;
}

/**
 * A string equal for analyzed plans that compute the same rows (Spark's `sameResult` on canonicalized plans):
 * attribute ids renumbered by first appearance, aliases of subqueries dropped, and leaves told apart by the data
 * they read (the same RDD, the same local rows, the same files).
 */
export function canonicalLogicalPlan(plan: LogicalPlan): string {
  const ids = new Map<string, number>();
  const walk = (p: LogicalPlan): string => {
    if (p instanceof SubqueryAlias) return walk(p.child);
    const kids = p.children.map(walk).join(',');
    let line = p.simpleString;
    if (p instanceof LogicalRDD && typeof p.rdd === 'object' && p.rdd !== null) line += ` rdd=${objectKey(p.rdd)}`;
    if (p instanceof LocalRelation) line += ` data=${objectKey(p.data)}`;
    if (p instanceof LogicalRelation)
      line += ` ${JSON.stringify([p.relation.files.map((f) => f.path), p.relation.options])}`;
    line = line.replace(/#(\d+)/g, (_m, id: string) => {
      if (!ids.has(id)) ids.set(id, ids.size);
      return `#${ids.get(id)}`;
    });
    return `${classKey(p)}{${line}}(${kids})`;
  };
  return walk(plan);
}

export class CacheManager {
  readonly #cached: CachedData[] = [];

  constructor(
    readonly store: CacheStore,
    /** A fresh QueryExecution of a plan (the session's executePlan). */
    readonly executePlan: (plan: LogicalPlan) => QueryExecution,
  ) {}

  /**
   * Registers the query (Spark's cacheQuery); nothing runs yet. The query is planned afresh, as Spark plans the
   * query to cache in a QueryExecution of its own, so the DataFrame's own plans (not yet made) can use the cache.
   * A query already cached stays as it is (Spark logs "Asked to cache already cached data.").
   *
   * @example
   * cacheManager.cacheQuery(df.logicalPlan, undefined, StorageLevel.MEMORY_AND_DISK);
   */
  cacheQuery(plan: LogicalPlan, tableName: string | undefined, storageLevel: StorageLevel): void {
    if (!storageLevel.isValid) return;
    const key = canonicalLogicalPlan(plan);
    if (this.#cached.some((c) => c.key === key)) return;
    this.#cached.push({ key, plan, relation: this.#relation(plan, tableName, storageLevel) });
  }

  /** The query planned afresh (using the caches registered now) as an InMemoryRelation not yet loaded. */
  #relation(plan: LogicalPlan, tableName: string | undefined, storageLevel: StorageLevel): InMemoryRelation {
    const query = this.executePlan(plan);
    const builder = new CachedRDDBuilder(storageLevel, query.executedPlan, tableName, this.store, query.ctx.conf);
    return new InMemoryRelation(query.executedPlan.output, builder, [], query.optimizedPlan.stats);
  }

  /**
   * Forgets the query and unpersists its RDD (Spark's uncacheQuery). With `cascade` (Spark's choice when a table
   * or a view defined by SQL text is uncached) every cached query that reads this one goes too. Without it
   * (`df.unpersist()`, a DataFrame's temporary view) those stay cached, but the ones not loaded yet are planned
   * again (recacheByCondition), so that loading them computes the rows afresh instead of filling the cache just
   * dropped; a loaded one keeps its rows and needs nothing.
   */
  uncacheQuery(plan: LogicalPlan, cascade = false, blocking = false): boolean {
    const key = canonicalLogicalPlan(plan);
    const reads = (c: CachedData) => c.plan.exists((fragment) => canonicalLogicalPlan(fragment) === key);
    const gone = this.#cached.filter((c) => (cascade ? reads(c) : c.key === key));
    if (gone.length === 0) return false;
    for (const c of gone) {
      this.#cached.splice(this.#cached.indexOf(c), 1);
      c.relation.cacheBuilder.clearCache(blocking);
    }
    if (cascade) return true;
    const stale = this.#cached.filter((c) => reads(c) && !c.relation.cacheBuilder.isCachedColumnBuffersLoaded);
    // Out of the registry while planned again, so the new plan does not read the old entry itself.
    for (const c of stale) this.#cached.splice(this.#cached.indexOf(c), 1);
    for (const c of stale) {
      const builder = c.relation.cacheBuilder;
      builder.clearCache();
      this.#cached.push({ ...c, relation: this.#relation(c.plan, builder.tableName, builder.storageLevel) });
    }
    return true;
  }

  /** Empties the cache (`spark.catalog.clearCache()`). */
  clearCache(): void {
    for (const c of this.#cached.splice(0)) c.relation.cacheBuilder.clearCache();
  }

  lookupCachedData(plan: LogicalPlan): InMemoryRelation | undefined {
    if (this.#cached.length === 0) return undefined;
    const key = canonicalLogicalPlan(plan);
    return this.#cached.find((c) => c.key === key)?.relation;
  }

  /** The storage level a cached query is kept at, or NONE. */
  storageLevelOf(plan: LogicalPlan): StorageLevel {
    return this.lookupCachedData(plan)?.cacheBuilder.storageLevel ?? StorageLevel.NONE;
  }

  /** Replaces each fragment of `plan` that a cached query computes by its relation, from the top down. */
  useCachedData(plan: LogicalPlan): LogicalPlan {
    if (this.#cached.length === 0) return plan;
    return plan.transformDown((fragment) => this.lookupCachedData(fragment)?.withOutput(fragment.output));
  }
}
