/**
 * pyspark.sql.SparkSession, in scope as `spark`: the entry point for
 * DataFrames and SQL. `spark.sparkContext` is the program's `sc`;
 * `spark.conf` holds SQL settings that may change while the program runs.
 */
import type { SparkContext } from '../context';
import { RDD } from '../rdd/rdd';
import { builtin } from '../rdd/wire';
import type { CallSite } from '../rdd/call-site';
import { DataFrame } from './DataFrame';
import { QueryExecution, type QueryContext } from './execution/QueryExecution';
import type { LogicalPlan } from './catalyst/plans/logical/LogicalPlan';
import { Range, UnresolvedRelation } from './catalyst/plans/logical/basicLogicalOperators';
import { LogicalRDD } from './catalyst/plans/logical/relations';
import { AttributeReference } from './catalyst/expressions/namedExpressions';
import { Analyzer } from './catalyst/analysis/Analyzer';
import { SessionCatalog } from './catalyst/catalog/SessionCatalog';
import { SQLConf, SQL_DEFAULTS } from './internal/SQLConf';
import { parsePlan } from './catalyst/parser/ParseDriver';
import { UnresolvedAttribute } from './catalyst/analysis/unresolved';
import { Row } from './Row';
import { parseDDL } from './ddl';
import { DataFrameReader } from './DataFrameReader';
import { CacheManager } from './execution/CacheManager';
import { StorageLevel } from '../rdd/storage-level';

export { parseDDL };
import {
  BooleanType,
  DoubleType,
  LongType,
  NullType,
  StringType,
  StructField,
  StructType,
  TimestampType,
  ArrayType,
  type DataType,
} from './types';

/** `spark.conf`: SQL settings for this session, starting from the SparkContext's. */
export class RuntimeConfig {
  readonly #values = new Map<string, string>();
  constructor(private readonly initial: (key: string) => string | undefined) {}
  get(key: string, defaultValue?: string): string | undefined {
    return this.#values.get(key) ?? this.initial(key) ?? SQL_DEFAULTS[key] ?? defaultValue;
  }
  set(key: string, value: string | number | boolean): void {
    this.#values.set(key, String(value));
  }
  unset(key: string): void {
    this.#values.delete(key);
  }
  isModifiable(key: string): boolean {
    return key.startsWith('spark.sql.');
  }
}

/** `spark.catalog`: temporary views, and caching them by name. */
export class Catalog extends SessionCatalog {
  constructor(readonly sparkSession: SparkSession) {
    super();
  }

  /**
   * Caches a temporary view, lazily (Spark's Catalog.cacheTable): the Storage tab names it `In-memory table
   * <name>`. The level defaults to spark.sql.defaultCacheStorageLevel (MEMORY_AND_DISK).
   *
   * @example
   * spark.catalog.cacheTable('orders'); // the next query reading orders fills the cache
   */
  cacheTable(tableName: string, storageLevel?: StorageLevel): void {
    const df = this.sparkSession.table(tableName);
    this.sparkSession.cacheManager.cacheQuery(
      df.logicalPlan,
      tableName,
      storageLevel ?? this.sparkSession.defaultCacheStorageLevel,
    );
  }

  /** Drops a view's cached data (its RDD is unpersisted). */
  uncacheTable(tableName: string): void {
    this.sparkSession.cacheManager.uncacheQuery(this.sparkSession.table(tableName).logicalPlan);
  }

  /** Whether the view's query is cached (even before an action has filled the cache). */
  isCached(tableName: string): boolean {
    return (
      this.sparkSession.cacheManager.lookupCachedData(this.sparkSession.table(tableName).logicalPlan) !== undefined
    );
  }

  /** Drops every cached query's data. */
  clearCache(): void {
    this.sparkSession.cacheManager.clearCache();
  }
}

export interface SparkSessionOptions {
  /** Where `show()`, `explain()` and `printSchema()` print: the driver's output. */
  print?: (text: string) => void;
}

export class SparkSession {
  readonly conf: RuntimeConfig;
  readonly sqlConf: SQLConf;
  readonly catalog: Catalog;
  readonly analyzer: Analyzer;
  /** @internal The queries `cache()`, `persist()` and `catalog.cacheTable` registered. */
  readonly cacheManager: CacheManager;
  readonly version = '4.0.0';
  readonly #print: (text: string) => void;

  constructor(
    readonly sparkContext: SparkContext,
    options: SparkSessionOptions = {},
  ) {
    this.conf = new RuntimeConfig((k) => sparkContext.conf.get(k));
    this.sqlConf = new SQLConf((k) => this.conf.get(k));
    this.catalog = new Catalog(this);
    this.analyzer = new Analyzer(this.catalog, this.sqlConf);
    this.cacheManager = new CacheManager(
      {
        cachedPartitions: (rdd) => sparkContext.cachedPartitions(rdd as RDD),
        cachedBytes: (rdd) => {
          const info = sparkContext.rddStorageInfo(rdd as RDD);
          return info ? info.memSize + info.diskSize : null;
        },
      },
      (plan) => this.executePlan(plan),
    );
    this.#print = options.print ?? ((t) => console.log(t));
    installToDF(this);
  }

  /** @internal Prints to the driver's output as PySpark's `print` would (the text's trailing newline kept). */
  print(text: string): void {
    this.#print(text.endsWith('\n') ? text.slice(0, -1) + '\n' : text);
  }

  /** @internal */
  executePlan(plan: LogicalPlan): QueryExecution {
    const sc = this.sparkContext;
    const ctx: QueryContext = {
      analyzer: this.analyzer,
      conf: this.sqlConf,
      defaultParallelism: sc.defaultParallelism,
      numPartitionsOf: (rdd) => (rdd as RDD).getNumPartitions(),
      cacheManager: this.cacheManager,
    };
    return new QueryExecution(ctx, plan);
  }

  /** @internal `spark.sql.defaultCacheStorageLevel` (Spark 4.0; MEMORY_AND_DISK): what `cache()` keeps at. */
  get defaultCacheStorageLevel(): StorageLevel {
    const name = (this.conf.get('spark.sql.defaultCacheStorageLevel') ?? 'MEMORY_AND_DISK').toUpperCase();
    const level = (StorageLevel as unknown as Record<string, StorageLevel | undefined>)[name];
    if (!(level instanceof StorageLevel))
      throw new Error(
        `[INVALID_CONF_VALUE] The value '${name}' in the config "spark.sql.defaultCacheStorageLevel" is invalid.`,
      );
    return level;
  }

  /**
   * One bigint column `id`: `range(end)`, `range(start, end, step = 1, numPartitions?)`.
   *
   * @example
   * spark.range(0, 100, 1, 4).count(); // 100, in 4 tasks
   */
  range(start: number, end?: number, step = 1, numPartitions?: number): DataFrame {
    if (end === undefined) [start, end] = [0, start];
    if (step === 0) throw new Error('[FAILED_FUNCTION_CALL] step must not be 0');
    // PySpark passes sc.defaultParallelism when no partition count is given.
    return new DataFrame(this, new Range(start, end, step, numPartitions ?? this.sparkContext.defaultParallelism));
  }

  /**
   * Reading files: `await spark.read.csv(path, { header: true, inferSchema: true })`,
   * `json`, `text`, `parquet`, or `format(…).option(…).load(path)`. A new reader each time, as PySpark's.
   */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /** A DataFrame over SQL text (SELECT queries; temporary views by name). */
  sql(sqlText: string): DataFrame {
    return new DataFrame(this, parsePlan(sqlText));
  }

  /** A temporary view as a DataFrame. */
  table(name: string): DataFrame {
    return new DataFrame(this, new UnresolvedRelation(UnresolvedAttribute.quoted(name).nameParts));
  }

  /**
   * Rows (arrays, objects or Rows) as a DataFrame, as PySpark's createDataFrame
   * does it: the rows are parallelized (`sc.defaultParallelism` partitions)
   * and scanned as an existing RDD. `schema` is a StructType, a list of names,
   * or a DDL string (`"id bigint, name string"`); without one, types are inferred.
   *
   * From an RDD without a StructType or DDL schema, the types are inferred as
   * PySpark's `_inferSchema` does, by jobs: `rdd.first()` (then `take(100)`
   * while a column is only null), or with `samplingRatio` a job over every
   * partition; so it returns a Promise.
   *
   * @example
   * const df = await spark.createDataFrame(sc.parallelize([[1, 'a'], [2, 'b']]), ['id', 'name']);
   */
  createDataFrame(data: RDD, schema: StructType | string): DataFrame;
  createDataFrame(data: RDD, schema?: string[] | null, samplingRatio?: number): Promise<DataFrame>;
  createDataFrame(data: Iterable<unknown>, schema?: StructType | string[] | string): DataFrame;
  createDataFrame(
    data: Iterable<unknown> | RDD,
    schema?: StructType | string[] | string | null,
    samplingRatio?: number,
  ): DataFrame | Promise<DataFrame> {
    if (isRDD(data)) {
      if (schema instanceof StructType || typeof schema === 'string') {
        const struct = typeof schema === 'string' ? parseDDL(schema) : schema;
        return this.#logicalRDD(toRowArrays(data, struct), struct);
      }
      const site = this.sparkContext.callSiteFor('createDataFrame');
      return this.#inferFromRDD(data, schema ?? undefined, samplingRatio, site);
    }
    const rows = [...data];
    const struct = inferSchema(rows, schema ?? undefined);
    const values = rows.map((r) => rowValues(r, struct));
    const rdd = this.sparkContext.parallelize(values);
    return this.#logicalRDD(rdd, struct);
  }

  /** PySpark's SparkSession._inferSchema over an RDD: the first row (a job), more rows only while a type is unknown. */
  async #inferFromRDD(rdd: RDD, names: string[] | undefined, samplingRatio: number | undefined, site: CallSite) {
    const sc = this.sparkContext;
    let sample: unknown[];
    if (samplingRatio === undefined) {
      const first = await sc.withScope('toDF', () => rdd.take(1), site);
      if (first.length === 0)
        throw new Error('[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset.');
      sample = first;
      if (hasNullType(sample, names)) sample = await sc.withScope('toDF', () => rdd.take(100), site);
    } else {
      const sampled = samplingRatio < 0.99 ? rdd.sample(false, samplingRatio) : rdd;
      sample = await sc.withScope('toDF', () => sampled.collect(), site);
    }
    const struct = inferSchema(sample, names);
    return this.#logicalRDD(toRowArrays(rdd, struct), struct);
  }

  #logicalRDD(rdd: RDD, struct: StructType): DataFrame {
    const output = struct.fields.map((f) => new AttributeReference(f.name, f.dataType, f.nullable));
    return new DataFrame(this, new LogicalRDD(output, rdd));
  }

  stop(): Promise<void> {
    return this.sparkContext.stop();
  }
}

declare module '../rdd/rdd' {
  // The type parameter must be the class's own for the declarations to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface RDD<T> {
    /**
     * The RDD as a DataFrame (PySpark's `rdd.toDF(schema?, sampleRatio?)`): names or a StructType; types
     * are inferred by a job (`first()`) unless a StructType or DDL schema is given.
     */
    toDF(schema?: StructType | string | string[], sampleRatio?: number): Promise<DataFrame>;
  }
}

/** PySpark's `_monkey_patch_RDD`: a session gives RDDs `toDF`, as creating a SparkSession does in PySpark. */
function installToDF(session: SparkSession): void {
  Object.defineProperty(RDD.prototype, 'toDF', {
    configurable: true,
    writable: true,
    value: function toDF(this: RDD, schema?: StructType | string | string[], sampleRatio?: number): Promise<DataFrame> {
      if (schema instanceof StructType || typeof schema === 'string')
        return Promise.resolve(session.createDataFrame(this, schema));
      return session.createDataFrame(this, schema, sampleRatio);
    },
  });
}

/** Whether some column of the rows has no value to type it by (PySpark's `_has_nulltype`). */
function hasNullType(rows: unknown[], names?: string[]): boolean {
  try {
    inferSchema(rows, names);
    return false;
  } catch {
    return true;
  }
}

/**
 * The RDD's records as rows of the schema's values (PySpark's `rdd.map(struct.toInternal)`): arrays
 * by position, objects and Rows by name, anything else as a one-column row.
 */
function toRowArrays(rdd: RDD, struct: StructType): RDD {
  const names = JSON.stringify(struct.fields.map((f) => f.name));
  return rdd.map(
    builtin(`(r) => {
      const names = ${names};
      const v = Array.isArray(r) ? r : r !== null && typeof r === 'object' && !(r instanceof Date) ? names.map((n) => r[n]) : [r];
      return names.map((_, i) => (typeof v[i] === 'bigint' ? Number(v[i]) : v[i] ?? null));
    }`) as never,
  );
}

function isRDD(v: unknown): v is RDD {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as RDD).getNumPartitions === 'function' &&
    typeof (v as RDD).collect === 'function'
  );
}

/** A JavaScript value's Spark type, as PySpark's `_infer_type` types Python values (ints are bigint). */
function inferType(v: unknown): DataType {
  if (v === null || v === undefined) return NullType;
  if (typeof v === 'number') return Number.isInteger(v) ? LongType : DoubleType;
  if (typeof v === 'bigint') return LongType;
  if (typeof v === 'string') return StringType;
  if (typeof v === 'boolean') return BooleanType;
  if (v instanceof Date) return TimestampType;
  if (Array.isArray(v)) return new ArrayType(v.length ? inferType(v.find((x) => x !== null) ?? null) : NullType);
  throw new TypeError(`[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of a value of type ${typeof v}.`);
}

function fieldNamesOf(row: unknown): string[] | undefined {
  if (row instanceof Row) return [...row.__fields__];
  if (row && typeof row === 'object' && !Array.isArray(row)) return Object.keys(row);
  return undefined;
}

/** A schema for local rows: the one given (names or DDL), or one inferred from the values. */
function inferSchema(rows: unknown[], schema?: StructType | string[] | string): StructType {
  if (schema instanceof StructType) return schema;
  if (typeof schema === 'string') return parseDDL(schema);
  const first = rows[0];
  const names = schema ?? fieldNamesOf(first) ?? (Array.isArray(first) ? first.map((_, i) => `_${i + 1}`) : ['value']);
  const types = names.map((name, i) => {
    let t: DataType = NullType;
    for (const r of rows) {
      const v = valueAt(r, name, i);
      const vt = inferType(v);
      if (vt !== NullType) {
        t = t === NullType ? vt : t === LongType && vt === DoubleType ? DoubleType : t;
      }
    }
    if (t === NullType) throw new Error('[CANNOT_DETERMINE_TYPE] Some of types cannot be determined after inferring.');
    return t;
  });
  return new StructType(names.map((n, i) => new StructField(n, types[i], true)));
}

function valueAt(row: unknown, name: string, i: number): unknown {
  if (row instanceof Row) return row[name];
  if (Array.isArray(row)) return row[i] ?? null;
  if (row && typeof row === 'object') return (row as Record<string, unknown>)[name] ?? null;
  return i === 0 ? row : null;
}

function rowValues(row: unknown, schema: StructType): unknown[] {
  return schema.fields.map((f, i) => {
    const v = valueAt(row, f.name, i);
    return typeof v === 'bigint' ? Number(v) : (v ?? null);
  });
}
