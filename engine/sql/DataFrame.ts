/**
 * pyspark.sql.DataFrame: an immutable query. Each transformation builds a
 * new logical plan on the analyzed plan of this one, analyzed at once (as
 * Spark's Dataset is), so a misspelt column fails at the line that names
 * it. Actions plan the query anew each time they run.
 */
import { Column, toColumn, toExpr, type ColumnOrName } from './Column';
import type { LogicalPlan } from './catalyst/plans/logical/LogicalPlan';
import {
  Deduplicate,
  Distinct,
  Filter,
  GlobalLimit,
  Join,
  LocalLimit,
  Project,
  Repartition,
  RepartitionByExpression,
  ResolvedHint,
  Sort,
  SubqueryAlias,
  Union,
  UnresolvedHint,
  type JoinType,
} from './catalyst/plans/logical/basicLogicalOperators';
import { UsingJoin } from './catalyst/analysis/Analyzer';
import { QueryExecution, type ExplainMode } from './execution/QueryExecution';
import type { Expression } from './catalyst/expressions/Expression';
import { Alias, AttributeReference } from './catalyst/expressions/namedExpressions';
import { SortOrder } from './catalyst/expressions/ordering';
import { UnresolvedAlias, UnresolvedAttribute, UnresolvedStar } from './catalyst/analysis/unresolved';
import { resolveName, unresolvedColumn } from './catalyst/analysis/resolution';
import { parseExpression } from './catalyst/parser/ParseDriver';
import { StructField, StructType } from './types';
import { AnalysisException } from './errors';
import { GroupedData } from './GroupedData';
import { externalValue, holdsStructs, Row } from './Row';
import type { InternalRow } from './catalyst/expressions/Expression';
import { collectRows, executeRDD, type ExecutionState } from './execution/collect';
import { DataFrameWriter } from './DataFrameWriter';
import { builtin, type WriteFilesWire } from '../rdd/wire';
import type { RDD } from '../rdd/rdd';
import { resetMetrics } from './execution/metric/SQLMetrics';
import { postAdaptiveUpdate, withNewExecutionId } from './execution/SQLExecution';
import { showString } from './execution/showString';
import type { SparkSession } from './SparkSession';
import type { CallSite } from '../rdd/call-site';
import { StorageLevel } from '../rdd/storage-level';
import { stampCallSite } from './catalyst/trees/CurrentOrigin';
import { requirement } from '../errors/spark-core-errors';

/** PySpark's `how=` values for joins, to Spark's join types. */
const JOIN_TYPES: Record<string, JoinType> = {
  inner: 'Inner',
  cross: 'Cross',
  outer: 'FullOuter',
  full: 'FullOuter',
  fullouter: 'FullOuter',
  full_outer: 'FullOuter',
  left: 'LeftOuter',
  leftouter: 'LeftOuter',
  left_outer: 'LeftOuter',
  right: 'RightOuter',
  rightouter: 'RightOuter',
  right_outer: 'RightOuter',
  semi: 'LeftSemi',
  leftsemi: 'LeftSemi',
  left_semi: 'LeftSemi',
  anti: 'LeftAnti',
  leftanti: 'LeftAnti',
  left_anti: 'LeftAnti',
};

function flat<T>(args: (T | T[])[]): T[] {
  return args.flatMap((a) => (Array.isArray(a) ? a : [a]));
}

/** A named expression for a select list: names stay names, other expressions get Spark's generated name. */
function named(c: Column): Expression {
  const e = c.expr;
  if (
    e instanceof Alias ||
    e instanceof AttributeReference ||
    e instanceof UnresolvedAttribute ||
    e instanceof UnresolvedStar
  )
    return e;
  return new UnresolvedAlias(e);
}

export class DataFrame {
  readonly queryExecution: QueryExecution;
  /** Shuffles this DataFrame's actions have run, read again by its later actions (Spark caches them on the plan). */
  readonly #state: ExecutionState = { exchanges: new Map() };

  constructor(
    readonly sparkSession: SparkSession,
    plan: LogicalPlan,
  ) {
    // The nodes this DataFrame adds get the program's line that made it (see CurrentOrigin).
    stampCallSite(plan, sparkSession.sparkContext.programPosition());
    this.queryExecution = sparkSession.executePlan(plan);
    // Eager analysis, as Spark's Dataset.ofRows: errors surface where the DataFrame is made.
    void this.queryExecution.analyzed;
  }

  /** The analyzed plan new DataFrames are built on. */
  get logicalPlan(): LogicalPlan {
    return this.queryExecution.analyzed;
  }

  #with(plan: LogicalPlan): DataFrame {
    return new DataFrame(this.sparkSession, plan);
  }

  // ---------------------------------------------------------------- schema

  get schema(): StructType {
    return new StructType(this.logicalPlan.output.map((a) => new StructField(a.name, a.dataType, a.nullable)));
  }

  get columns(): string[] {
    return this.logicalPlan.output.map((a) => a.name);
  }

  /** `[['id', 'bigint'], ['name', 'string']]`, as PySpark's list of tuples. */
  get dtypes(): [string, string][] {
    return this.logicalPlan.output.map((a) => [a.name, a.dataType.simpleString]);
  }

  /** Prints the schema as a tree, to the driver's output. */
  printSchema(): void {
    this.sparkSession.print(this.schema.treeString());
  }

  /** Prints the plan: `explain()`, `explain(true)`, `explain('formatted')`. */
  explain(mode: boolean | ExplainMode = false): void {
    const m: ExplainMode = mode === true ? 'extended' : mode === false ? 'simple' : mode;
    this.sparkSession.print(this.queryExecution.explainString(m));
  }

  /** A column of this DataFrame, resolved now (`df.col('id')`, PySpark's `df['id']` and `df.id`). */
  col(name: string): Column {
    if (name === '*') return new Column(new UnresolvedStar());
    const parts = UnresolvedAttribute.quoted(name).nameParts;
    const a = resolveName(parts, this.logicalPlan.output, this.sparkSession.sqlConf);
    if (!a) throw unresolvedColumn(parts, this.logicalPlan.output);
    return new Column(a);
  }

  // ---------------------------------------------------------------- transformations

  select(...cols: (ColumnOrName | ColumnOrName[])[]): DataFrame {
    return this.#with(
      new Project(
        flat(cols).map((c) => named(toColumn(c))),
        this.logicalPlan,
      ),
    );
  }

  /** `selectExpr('id * 2 AS double', 'name')`: SQL expressions. */
  selectExpr(...exprs: (string | string[])[]): DataFrame {
    return this.select(...flat(exprs).map((e) => new Column(parseExpression(e))));
  }

  filter(condition: Column | string): DataFrame {
    const c = typeof condition === 'string' ? parseExpression(condition) : condition.expr;
    return this.#with(new Filter(c, this.logicalPlan));
  }

  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }

  withColumn(name: string, col: Column): DataFrame {
    return this.withColumns({ [name]: col });
  }

  withColumns(cols: Record<string, Column>): DataFrame {
    const eq = (a: string, b: string) => this.sparkSession.sqlConf.resolver(a, b);
    const names = Object.keys(cols);
    const output = this.logicalPlan.output;
    const list: Expression[] = output.map((a) => {
      const replacing = names.find((n) => eq(n, a.name));
      return replacing ? new Alias(cols[replacing].expr, replacing) : a;
    });
    for (const n of names) if (!output.some((a) => eq(a.name, n))) list.push(new Alias(cols[n].expr, n));
    return this.#with(new Project(list, this.logicalPlan));
  }

  withColumnRenamed(existing: string, newName: string): DataFrame {
    const eq = (a: string, b: string) => this.sparkSession.sqlConf.resolver(a, b);
    const output = this.logicalPlan.output;
    if (!output.some((a) => eq(a.name, existing))) return this;
    return this.#with(
      new Project(
        output.map((a) => (eq(a.name, existing) ? new Alias(a, newName) : a)),
        this.logicalPlan,
      ),
    );
  }

  /** Drops columns by name (names that do not exist are ignored, as in Spark) or by Column. */
  drop(...cols: ColumnOrName[]): DataFrame {
    const eq = (a: string, b: string) => this.sparkSession.sqlConf.resolver(a, b);
    const output = this.logicalPlan.output;
    const dropIds = new Set<number>();
    for (const c of cols) {
      if (typeof c === 'string') output.filter((a) => eq(a.name, c)).forEach((a) => dropIds.add(a.exprId));
      else if (c.expr instanceof AttributeReference) dropIds.add(c.expr.exprId);
      else if (c.expr instanceof UnresolvedAttribute) {
        const a = resolveName(c.expr.nameParts, output, this.sparkSession.sqlConf);
        if (a) dropIds.add(a.exprId);
      }
    }
    if (dropIds.size === 0) return this;
    return this.#with(
      new Project(
        output.filter((a) => !dropIds.has(a.exprId)),
        this.logicalPlan,
      ),
    );
  }

  toDF(...names: string[]): DataFrame {
    const output = this.logicalPlan.output;
    if (names.length !== output.length)
      throw new AnalysisException('INTERNAL_ERROR', {
        message: `The number of columns doesn't match.\nOld column names (${output.length}): ${output.map((a) => a.name).join(', ')}\nNew column names (${names.length}): ${names.join(', ')}`,
      });
    return this.#with(
      new Project(
        output.map((a, i) => new Alias(a, names[i])),
        this.logicalPlan,
      ),
    );
  }

  distinct(): DataFrame {
    return this.#with(new Distinct(this.logicalPlan));
  }

  /** `dropDuplicates()` is `distinct()`; with columns, the first row of each combination. */
  dropDuplicates(subset?: string[]): DataFrame {
    if (!subset) return this.#with(new Deduplicate(this.logicalPlan.output, this.logicalPlan));
    const keys = subset.map((n) => {
      const a = resolveName([n], this.logicalPlan.output, this.sparkSession.sqlConf);
      if (!a) throw unresolvedColumn([n], this.logicalPlan.output);
      return a;
    });
    return this.#with(new Deduplicate(keys, this.logicalPlan));
  }

  drop_duplicates(subset?: string[]): DataFrame {
    return this.dropDuplicates(subset);
  }

  groupBy(...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    return new GroupedData(
      this,
      flat(cols).map((c) => toColumn(c).expr),
    );
  }

  groupby(...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    return this.groupBy(...cols);
  }

  /** `df.agg(...)` is `df.groupBy().agg(...)`. */
  agg(...exprs: (Column | Record<string, string>)[]): DataFrame {
    return this.groupBy().agg(...exprs);
  }

  /** `orderBy('a', F.desc('b'))`; `{ ascending: false }` as PySpark's keyword. */
  orderBy(...cols: (ColumnOrName | ColumnOrName[] | { ascending: boolean | boolean[] })[]): DataFrame {
    return this.#with(new Sort(this.#sortOrders(cols), true, this.logicalPlan));
  }

  sort(...cols: (ColumnOrName | ColumnOrName[] | { ascending: boolean | boolean[] })[]): DataFrame {
    return this.orderBy(...cols);
  }

  sortWithinPartitions(...cols: (ColumnOrName | ColumnOrName[] | { ascending: boolean | boolean[] })[]): DataFrame {
    return this.#with(new Sort(this.#sortOrders(cols), false, this.logicalPlan));
  }

  #sortOrders(args: (ColumnOrName | ColumnOrName[] | { ascending: boolean | boolean[] })[]): SortOrder[] {
    let ascending: boolean | boolean[] = true;
    const cols: ColumnOrName[] = [];
    for (const a of args) {
      if (a && typeof a === 'object' && !(a instanceof Column) && !Array.isArray(a)) ascending = a.ascending;
      else cols.push(...flat([a as ColumnOrName | ColumnOrName[]]));
    }
    return cols.map((c, i) => {
      const e = toColumn(c).expr;
      if (e instanceof SortOrder) return e;
      const asc = Array.isArray(ascending) ? (ascending[i] ?? true) : ascending;
      return new SortOrder(e, asc ? 'ASC' : 'DESC');
    });
  }

  limit(n: number): DataFrame {
    return this.#with(new GlobalLimit(n, new LocalLimit(n, this.logicalPlan)));
  }

  /**
   * `join(other, on?, how = 'inner')`: `on` is a column name, a list of names
   * (a using-join: the key appears once) or a Column condition.
   */
  join(other: DataFrame, on?: string | string[] | Column, how = 'inner'): DataFrame {
    const type = JOIN_TYPES[how.toLowerCase().replace(/\s/g, '')];
    if (!type)
      throw new Error(
        `[UNSUPPORTED_JOIN_TYPE] Unsupported join type '${how}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'. SQLSTATE: 0A000`,
      );
    if (on === undefined)
      return this.#with(new Join(this.logicalPlan, other.logicalPlan, type === 'Inner' ? 'Inner' : type, undefined));
    if (typeof on === 'string' || Array.isArray(on))
      return this.#with(
        new UsingJoin(
          this.logicalPlan,
          other.logicalPlan,
          type === 'Cross' ? 'Inner' : type,
          typeof on === 'string' ? [on] : on,
        ),
      );
    return this.#with(new Join(this.logicalPlan, other.logicalPlan, type, on.expr));
  }

  crossJoin(other: DataFrame): DataFrame {
    return this.#with(new Join(this.logicalPlan, other.logicalPlan, 'Cross', undefined));
  }

  /** By position, as SQL's UNION ALL (no de-duplication: add `distinct()` for that). */
  union(other: DataFrame): DataFrame {
    const n = this.logicalPlan.output.length;
    const m = other.logicalPlan.output.length;
    if (n !== m)
      throw new AnalysisException('NUM_COLUMNS_MISMATCH', {
        operator: 'UNION',
        firstNumColumns: String(n),
        invalidOrdinalNum: 'second',
        invalidNumColumns: String(m),
      });
    return this.#with(new Union([this.logicalPlan, other.logicalPlan]));
  }

  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }

  /** By column name: the other DataFrame's columns reordered to this one's. */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    const conf = this.sparkSession.sqlConf;
    const right = this.logicalPlan.output.map((a) => {
      const b = resolveName([a.name], other.logicalPlan.output, conf);
      if (b) return b;
      if (allowMissingColumns) return new Alias(toExpr(null), a.name);
      throw unresolvedColumn([a.name], other.logicalPlan.output);
    });
    return this.#with(new Union([this.logicalPlan, new Project(right, other.logicalPlan)], true, allowMissingColumns));
  }

  /** `repartition(n)`, `repartition(n, 'col', …)` or `repartition('col', …)` (spark.sql.shuffle.partitions partitions). */
  repartition(numPartitions?: number | ColumnOrName, ...cols: ColumnOrName[]): DataFrame {
    if (typeof numPartitions === 'number') {
      if (cols.length === 0) return this.#with(new Repartition(numPartitions, true, this.logicalPlan));
      return this.#with(
        new RepartitionByExpression(
          cols.map((c) => toColumn(c).expr),
          this.logicalPlan,
          numPartitions,
        ),
      );
    }
    const all = numPartitions === undefined ? cols : [numPartitions, ...cols];
    return this.#with(
      new RepartitionByExpression(
        all.map((c) => toColumn(c).expr),
        this.logicalPlan,
        undefined,
      ),
    );
  }

  /**
   * `repartitionByRange(n, 'col', …)` or `repartitionByRange('col', …)`: an Exchange rangepartitioning, its bounds
   * found by a sampling job as a global sort's are (Dataset.repartitionByRange: a column that is not already a sort
   * order is sorted ascending).
   */
  repartitionByRange(numPartitions: number | ColumnOrName, ...cols: ColumnOrName[]): DataFrame {
    const n = typeof numPartitions === 'number' ? numPartitions : undefined;
    const all = typeof numPartitions === 'number' ? cols : [numPartitions, ...cols];
    requirement(all.length > 0, 'At least one partition-by expression must be specified.');
    const orders = all.map((c) => {
      const e = toColumn(c).expr;
      return e instanceof SortOrder ? e : new SortOrder(e);
    });
    return this.#with(new RepartitionByExpression(orders, this.logicalPlan, n));
  }

  coalesce(numPartitions: number): DataFrame {
    return this.#with(new Repartition(numPartitions, false, this.logicalPlan));
  }

  /** A hint: `hint('broadcast')`, `hint('shuffle_hash')`, `hint('merge')`. */
  hint(name: string, ...parameters: string[]): DataFrame {
    const n = name.toLowerCase();
    if (['broadcast', 'broadcastjoin', 'mapjoin'].includes(n) && parameters.length === 0)
      return this.#with(new ResolvedHint('broadcast', this.logicalPlan));
    return this.#with(new UnresolvedHint(name, parameters, this.logicalPlan));
  }

  /** A name for this DataFrame's columns to be qualified with (`df.alias('o')`, then `o.id`). */
  alias(name: string): DataFrame {
    return this.#with(new SubqueryAlias(name, this.logicalPlan, [name]));
  }

  createOrReplaceTempView(name: string): void {
    this.sparkSession.catalog.createTempView(name, this.logicalPlan, true);
  }

  createTempView(name: string): void {
    if (!this.sparkSession.catalog.createTempView(name, this.logicalPlan, false))
      throw new AnalysisException('TEMP_TABLE_OR_VIEW_ALREADY_EXISTS', { relationName: '`' + name + '`' });
  }

  // ---------------------------------------------------------------- caching

  /**
   * Keeps this query's rows once an action has computed them, at spark.sql.defaultCacheStorageLevel
   * (MEMORY_AND_DISK): lazy, as in Spark, so the next action fills the cache and later queries built on this
   * DataFrame (or written the same way) read it. Each action still plans anew: a count after cache() still
   * has its own exchange, its stage reading the cached partitions.
   *
   * @example
   * const cached = df.groupBy('k').count().cache();
   * await cached.count(); // computes and caches
   * await cached.count(); // reads the cache
   */
  cache(): this {
    return this.persist();
  }

  /** `cache()` at a chosen level: `persist(StorageLevel.DISK_ONLY)`. */
  persist(storageLevel?: StorageLevel): this {
    if (storageLevel !== undefined && !(storageLevel instanceof StorageLevel))
      throw new TypeError('persist() takes a StorageLevel, e.g. StorageLevel.MEMORY_ONLY');
    this.sparkSession.cacheManager.cacheQuery(
      this.logicalPlan,
      undefined,
      storageLevel ?? this.sparkSession.defaultCacheStorageLevel,
    );
    return this;
  }

  /** Drops the cached rows (Spark's unpersist: the query is forgotten, its RDD unpersisted). */
  unpersist(blocking = false): this {
    this.sparkSession.cacheManager.uncacheQuery(this.logicalPlan, false, blocking);
    return this;
  }

  /** The level this DataFrame is cached at, or StorageLevel.NONE (PySpark's `df.storageLevel`). */
  get storageLevel(): StorageLevel {
    return this.sparkSession.cacheManager.storageLevelOf(this.logicalPlan);
  }

  /** Whether `cache()` or `persist()` registered this DataFrame (PySpark's `df.is_cached`). */
  get is_cached(): boolean {
    return this.storageLevel.isValid;
  }

  // ---------------------------------------------------------------- actions

  /** Runs the query as one SQL execution and returns its rows as arrays of column values. */
  async #rows(action: string, at?: CallSite): Promise<InternalRow[]> {
    const sc = this.sparkSession.sparkContext;
    const site = at ?? sc.callSiteFor(action);
    const qe = this.queryExecution;
    return withNewExecutionId(sc, qe, `${action} at ${site.file}:${site.line}`, site.longForm, (executionId) => {
      // Each action counts its own metrics, as Spark's withAction resets the executed plan's.
      resetMetrics(qe.executedPlan, sc);
      return collectRows(qe.executedPlan, sc, this.sparkSession.sqlConf, site, this.#state, (plan) => {
        qe.setFinalPlan(plan);
        postAdaptiveUpdate(sc, executionId, qe, qe.executedPlan);
      });
    });
  }

  /**
   * @internal This query written as part files, one SQL execution named `action` at `site`:
   * FileFormatWriter's job (one task per partition of the query's final RDD) after any query stages.
   */
  async _writeFiles(action: string, site: CallSite, write: WriteFilesWire): Promise<void> {
    const sc = this.sparkSession.sparkContext;
    const qe = this.queryExecution;
    await withNewExecutionId(sc, qe, `${action} at ${site.file}:${site.line}`, site.longForm, async (executionId) => {
      resetMetrics(qe.executedPlan, sc);
      const rdd = await executeRDD(qe.executedPlan, sc, this.sparkSession.sqlConf, site, this.#state, (plan) => {
        qe.setFinalPlan(plan);
        postAdaptiveUpdate(sc, executionId, qe, qe.executedPlan);
      });
      await sc.withScope(action, () => sc.runJob(rdd, { kind: 'writeFiles', write }, undefined, site), site);
    });
  }

  /**
   * @internal PySpark's `df.rdd` (Dataset's `javaToPython`): the query's RDD (`queryExecution.toRdd`, which runs
   * adaptive execution's query stages now, outside any SQL execution, as Spark's does) with each row's values
   * handed on as an array, which Python reads as a `Row` of the schema. No job of its own: the RDD's actions run
   * the query's stages.
   */
  async _javaToPython(site: CallSite): Promise<RDD> {
    const sc = this.sparkSession.sparkContext;
    const qe = this.queryExecution;
    const rdd = await executeRDD(qe.executedPlan, sc, this.sparkSession.sqlConf, site, this.#state, (plan) =>
      qe.setFinalPlan(plan),
    );
    return sc.withScope('javaToPython', () => rdd.map(builtin('(row) => row') as never), site);
  }

  /** Writing this DataFrame's rows to files: `await df.write.mode('overwrite').csv(path)`. */
  get write(): DataFrameWriter {
    return new DataFrameWriter(this);
  }

  /** @internal This query's rows as one SQL execution named `action` at `site` (the jobs `spark.read` runs). */
  _collectRows(action: string, site: CallSite): Promise<InternalRow[]> {
    return this.#rows(action, site);
  }

  #toRows(rows: InternalRow[]): Row[] {
    const fields = this.schema.fields;
    const types = fields.map((f) => f.dataType);
    const make = Row.maker(
      fields.map((f) => f.name),
      types,
    );
    // A struct's values become a nested Row (as PySpark's), the only values that change on the way out.
    if (!types.some(holdsStructs)) return rows.map(make);
    return rows.map((r) => make(r.map((v, i) => externalValue(v, types[i]))));
  }

  /** All rows, as Rows (`r.name`, `r['name']`, `r.asDict()`). */
  async collect(): Promise<Row[]> {
    return this.#toRows(await this.#rows('collect'));
  }

  /** The number of rows (a query of its own: `groupBy().count()`). */
  async count(): Promise<number> {
    const counted = this.groupBy().count();
    const rows = await counted.#rows('count');
    return Number(rows[0][0]);
  }

  /** The first `n` rows (`limit(n)`, collected). */
  async take(n: number): Promise<Row[]> {
    return this.limit(n).#toRows(await this.limit(n).#rows('take'));
  }

  async head(n?: number): Promise<Row | Row[] | null> {
    if (n === undefined) {
      const rows = await this.limit(1).#rows('head');
      return rows.length ? this.#toRows(rows)[0] : null;
    }
    return this.#toRows(await this.limit(n).#rows('head'));
  }

  async first(): Promise<Row | null> {
    const rows = await this.limit(1).#rows('first');
    return rows.length ? this.#toRows(rows)[0] : null;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.limit(1).#rows('isEmpty')).length === 0;
  }

  /**
   * Prints the first `n` rows as Spark's ASCII table, to the driver's output.
   * `truncate` is true (cut cells to 20 characters), false, or a width.
   */
  async show(n = 20, truncate: boolean | number = true): Promise<void> {
    const limited = this.limit(n + 1);
    const rows = await limited.#rows('showString');
    const width = truncate === true ? 20 : truncate === false ? 0 : truncate;
    const types = this.logicalPlan.output.map((a) => a.dataType);
    this.sparkSession.print(showString(rows.slice(0, n), this.columns, types, n, width, rows.length > n));
  }

  toString(): string {
    return `DataFrame[${this.dtypes.map(([n, t]) => `${n}: ${t}`).join(', ')}]`;
  }

  [Symbol.for('kindling.inspect')](): string {
    return this.toString();
  }
}
