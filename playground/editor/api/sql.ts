/**
 * The completion catalog of Spark SQL as a driver program has it: `spark`
 * (a SparkSession), its `conf` and `catalog`, DataFrames, `groupBy`'s
 * GroupedData, Columns (with the Scala/Java operator names, since JavaScript
 * has no operator overloading), `F` (pyspark.sql.functions), `Window` and its
 * specs, `Row` and the types. Signatures use PySpark's argument order.
 *
 * As for core.ts, `test/unit/playground-api.test.ts` checks every receiver
 * against the real objects in both directions.
 */
import type { ApiCatalog, ApiEntry } from '../api';
import { method, property } from './entries';

const action = { action: true } as const;
const df = { returns: 'dataframe' } as const;
const column = { returns: 'column' } as const;
const exchange = { shuffle: 'always' } as const;
/** A DataFrame transformation: lazy, returns a DataFrame. */
const transformation = (label: string, detail: string, doc: string, extra: Partial<ApiEntry> = {}): ApiEntry =>
  method(label, `${detail} → DataFrame`, doc, { ...df, ...extra });
/** A function of F that builds a Column. */
const fn = (label: string, detail: string, doc: string): ApiEntry =>
  ({ label, kind: 'function', detail: `${detail} → Column`, doc, ...column }) satisfies ApiEntry;
const type = (label: string, doc: string): ApiEntry => ({
  label,
  kind: 'class',
  detail:
    label.endsWith('Type') && !['StructType', 'ArrayType', 'MapType', 'DecimalType'].includes(label)
      ? `new ${label}()`
      : `new ${label}(…)`,
  doc,
});

const GLOBALS: ApiEntry[] = [
  {
    label: 'spark',
    kind: 'variable',
    detail: 'SparkSession',
    doc: 'The SparkSession: DataFrames from rows (createDataFrame), ranges and SQL; spark.conf for SQL settings.',
    returns: 'sparkSession',
  },
  {
    label: 'F',
    kind: 'variable',
    detail: 'pyspark.sql.functions',
    doc: 'Column functions: F.col, F.lit, F.sum, F.count, F.broadcast, window functions…',
    returns: 'functions',
  },
  {
    label: 'Row',
    kind: 'class',
    detail: 'new Row(names, values)',
    doc: 'A row of a DataFrame: r.name, r["name"], r.asDict().',
  },
  {
    label: 'Window',
    kind: 'class',
    detail: 'Window.partitionBy(…).orderBy(…)',
    doc: 'Window specifications for window functions (F.row_number().over(w)).',
    returns: 'windowStatic',
  },
  type('StructType', 'A schema: new StructType([new StructField(name, type, nullable?), …]).'),
  type('StructField', 'One field of a StructType: name, type, nullable.'),
  type('StringType', 'Text.'),
  type('LongType', 'A 64-bit integer (a JavaScript number here, exact up to 2^53).'),
  type('IntegerType', 'A 32-bit integer.'),
  type('ShortType', 'A 16-bit integer.'),
  type('ByteType', 'An 8-bit integer.'),
  type('DoubleType', 'A 64-bit float.'),
  type('FloatType', 'A 32-bit float.'),
  type('DecimalType', 'new DecimalType(precision, scale): an exact decimal.'),
  type('BooleanType', 'true or false.'),
  type('DateType', 'A date.'),
  type('TimestampType', 'A date and time.'),
  type('BinaryType', 'Bytes.'),
  type('NullType', 'The type of a null literal.'),
  type('ArrayType', 'new ArrayType(elementType, containsNull?).'),
  type('MapType', 'new MapType(keyType, valueType, valueContainsNull?).'),
];

const SPARK_SESSION: ApiEntry[] = [
  property('sparkContext', 'SparkContext', 'The SparkContext underneath: sc.', { returns: 'sc' }),
  property('conf', 'RuntimeConfig', 'SQL settings at run time: spark.conf.set("spark.sql.shuffle.partitions", 8).', {
    returns: 'runtimeConfig',
  }),
  property('catalog', 'Catalog', 'Temporary views of this session.', { returns: 'catalog' }),
  property('version', 'string', 'The Spark version Kindling follows.'),
  method(
    'createDataFrame',
    '(data, schema?) → DataFrame',
    'A DataFrame of local rows (arrays or objects) or an RDD; schema: column names, a DDL string or a StructType. Scans an existing RDD, one partition per default-parallelism slot.',
    df,
  ),
  method(
    'range',
    '(start, end?, step?, numPartitions?) → DataFrame',
    'One column `id` from start (inclusive) to end.',
    df,
  ),
  method('sql', '(sqlText) → DataFrame', "A query in Spark's SQL dialect, over temporary views.", df),
  method('table', '(name) → DataFrame', 'A temporary view as a DataFrame.', df),
  property('read', 'DataFrameReader', 'Reads files: await spark.read.csv(path, { header: true, inferSchema: true }).', {
    returns: 'dataFrameReader',
  }),
  method('stop', '() → Promise', 'Stops the session and its SparkContext.'),
];

const writer = { returns: 'dataFrameWriter' } as const;
const DATAFRAME_WRITER: ApiEntry[] = [
  method(
    'csv',
    '(path, options?) → Promise',
    'CSV part files and _SUCCESS: one SQL execution, a write task per partition.',
    action,
  ),
  method('json', '(path, options?) → Promise', 'JSON Lines part files (null fields left out).', action),
  method('text', '(path, options?) → Promise', 'One string column, a line per row.', action),
  method('parquet', '(path, options?) → Promise', 'Parquet part files (snappy).', action),
  method(
    'save',
    '(path, format?, mode?, options?) → Promise',
    'Files in the format set with format() (parquet by default).',
    action,
  ),
  method('mode', '(saveMode) → DataFrameWriter', 'errorifexists (the default), overwrite, append or ignore.', writer),
  method('format', '(source) → DataFrameWriter', 'csv, json, text or parquet.', writer),
  method('option', '(key, value) → DataFrameWriter', 'One option, e.g. option("header", true).', writer),
  method('options', '(options) → DataFrameWriter', 'Several options as one object.', writer),
];

/** Reading is awaited: Spark runs jobs to learn a CSV, JSON or Parquet schema. */
const read = { ...action, ...df } as const;
const DATAFRAME_READER: ApiEntry[] = [
  method(
    'csv',
    '(path, options?) → Promise<DataFrame>',
    'CSV files; options as PySpark’s keywords: { header: true, inferSchema: true, sep }. Runs a first-line job, and an inference job with inferSchema.',
    read,
  ),
  method('json', '(path, options?) → Promise<DataFrame>', 'JSON Lines files; one job infers the schema.', read),
  method('text', '(path, options?) → Promise<DataFrame>', 'Lines of text as one column `value`; no job.', read),
  method('parquet', '(...paths) → Promise<DataFrame>', 'Parquet files; one job reads the first file’s footer.', read),
  method(
    'load',
    '(path, format?, schema?, options?) → Promise<DataFrame>',
    'Files in the format set with format().',
    read,
  ),
  method('table', '(name) → Promise<DataFrame>', 'A temporary view as a DataFrame.', read),
  method('format', '(source) → DataFrameReader', 'csv, json, text or parquet (the default).', {
    returns: 'dataFrameReader',
  }),
  method('option', '(key, value) → DataFrameReader', 'One option, e.g. option("header", true).', {
    returns: 'dataFrameReader',
  }),
  method('options', '(options) → DataFrameReader', 'Several options as one object.', { returns: 'dataFrameReader' }),
  method(
    'schema',
    '(schema) → DataFrameReader',
    'A StructType or DDL ("id INT, name STRING"): no inference job runs.',
    { returns: 'dataFrameReader' },
  ),
];

const RUNTIME_CONFIG: ApiEntry[] = [
  method('get', '(key, defaultValue?) → string', 'A SQL setting, e.g. spark.sql.shuffle.partitions.'),
  method(
    'set',
    '(key, value)',
    'Changes a SQL setting for the queries planned after it (spark.sql.adaptive.enabled, spark.sql.autoBroadcastJoinThreshold…).',
  ),
  method('unset', '(key)', 'Back to the default.'),
  method('isModifiable', '(key) → boolean', 'Whether the setting can be changed at run time.'),
];

const CATALOG: ApiEntry[] = [
  method('listTables', '() → string[]', 'The names of the temporary views.'),
  method('dropTempView', '(name) → boolean', 'Drops a temporary view.'),
  method(
    'cacheTable',
    '(name, storageLevel?)',
    'Caches a view, lazily: the next query reading it fills the cache ("In-memory table name" in Storage).',
  ),
  method('uncacheTable', '(name)', "Drops a view's cached rows."),
  method('isCached', '(name) → boolean', "Whether the view's query is cached."),
  method('clearCache', '()', 'Drops every cached query.'),
];

const DATAFRAME: ApiEntry[] = [
  property('schema', 'StructType', 'The columns, their types and nullability.'),
  property('columns', 'string[]', 'The column names.'),
  property('dtypes', '[name, type][]', 'Each column with its type, e.g. ["id", "bigint"].'),
  property('sparkSession', 'SparkSession', 'The session this DataFrame belongs to.', { returns: 'sparkSession' }),
  property('write', 'DataFrameWriter', "Writes the rows as part files: await df.write.mode('overwrite').csv(path).", {
    returns: 'dataFrameWriter',
  }),
  method('printSchema', '()', 'Prints the schema as a tree, to the driver output.'),
  method(
    'explain',
    '(mode?: "simple" | "extended" | "formatted" | "cost" | boolean)',
    'Prints the physical plan as Spark prints it (count the Exchanges: each is a shuffle). Before an action an adaptive plan shows isFinalPlan=false.',
  ),
  method('col', '(name) → Column', 'A column of this DataFrame (df.col("id")).', column),
  transformation('select', '(...cols)', 'Columns or expressions to keep. Narrow.'),
  transformation('selectExpr', '(...sqlExprs)', 'select with SQL expressions ("amount * 2 AS double").'),
  transformation(
    'filter',
    '(condition: Column | sqlString)',
    'Rows where the condition holds. Narrow; pushed down towards the source.',
  ),
  transformation('where', '(condition: Column | sqlString)', 'Same as filter.'),
  transformation('withColumn', '(name, col)', 'Adds or replaces one column.'),
  transformation('withColumns', '({ name: col, … })', 'Adds or replaces several columns.'),
  transformation('withColumnRenamed', '(existing, newName)', 'Renames a column.'),
  transformation('drop', '(...cols)', 'Drops columns.'),
  transformation('toDF', '(...names)', 'The same rows with new column names.'),
  transformation('distinct', '()', 'Distinct rows: an aggregate over every column (an Exchange).', exchange),
  transformation('dropDuplicates', '(subset?)', 'One row per distinct subset of columns (an Exchange).', exchange),
  transformation('drop_duplicates', '(subset?)', 'Same as dropDuplicates.', exchange),
  method(
    'groupBy',
    '(...cols) → GroupedData',
    'Groups rows for agg/count/sum…; the aggregate needs rows of a key together: an Exchange hashpartitioning unless already so partitioned.',
    { returns: 'groupedData' },
  ),
  method('groupby', '(...cols) → GroupedData', 'Same as groupBy.', { returns: 'groupedData' }),
  transformation(
    'agg',
    '(...exprs)',
    'Aggregates the whole DataFrame (groupBy() with no keys): one Exchange to a single partition.',
    exchange,
  ),
  transformation(
    'orderBy',
    '(...cols, { ascending }?)',
    'A global sort: an Exchange rangepartitioning, whose RangePartitioner samples the keys with a job first.',
    exchange,
  ),
  transformation('sort', '(...cols, { ascending }?)', 'Same as orderBy.', exchange),
  transformation('sortWithinPartitions', '(...cols)', 'Sorts each partition alone: no Exchange.'),
  transformation('limit', '(n)', 'The first n rows.'),
  transformation(
    'join',
    '(other, on?, how?)',
    'on: column names or a Column condition; how: inner, left, right, full, semi, anti, cross. A sort-merge join shuffles both sides; a broadcast hash join (F.broadcast, or a side under spark.sql.autoBroadcastJoinThreshold) shuffles neither.',
  ),
  transformation('crossJoin', '(other)', 'Every pair of rows.'),
  transformation('union', '(other)', 'Rows of both, by position. Narrow.'),
  transformation('unionAll', '(other)', 'Same as union.'),
  transformation('unionByName', '(other, allowMissingColumns?)', 'Rows of both, matching columns by name.'),
  transformation(
    'repartition',
    '(numPartitions?, ...cols)',
    'Always an Exchange: round-robin, or hash partitioning by cols. A later groupBy on the same cols needs no second one.',
    exchange,
  ),
  transformation(
    'repartitionByRange',
    '(numPartitions?, ...cols)',
    'An Exchange rangepartitioning by cols (ascending unless given a sort order), after a sampling job that finds the ranges, as a global sort does.',
    exchange,
  ),
  transformation('coalesce', '(numPartitions)', 'Fewer partitions without a shuffle.'),
  transformation('hint', '(name, ...params)', 'A planner hint: "broadcast", "merge", "shuffle_hash".'),
  transformation('alias', '(name)', 'A name to qualify columns with (df.alias("o"), then "o.id").'),
  method(
    'cache',
    '() → DataFrame',
    'Keeps the rows once an action computes them (MEMORY_AND_DISK). Lazy; every action still plans anew, and a count still has its own exchange.',
  ),
  method('persist', '(storageLevel?) → DataFrame', 'cache() at a chosen StorageLevel.'),
  method('unpersist', '(blocking?) → DataFrame', 'Drops the cached rows.'),
  property('storageLevel', 'StorageLevel', 'The level this DataFrame is cached at, or NONE.'),
  property('is_cached', 'boolean', 'Whether cache() or persist() registered this DataFrame.'),
  method('createOrReplaceTempView', '(name)', 'Names this DataFrame for spark.sql and spark.table.'),
  method('createTempView', '(name)', 'As createOrReplaceTempView, failing if the name is taken.'),
  method('collect', '() → Promise<Row[]>', 'Every row, to the driver: one SQL execution.', action),
  method('count', '() → Promise<number>', 'The number of rows: a query of its own (a global aggregate).', action),
  method('take', '(n) → Promise<Row[]>', 'The first n rows (a limit, collected).', action),
  method('head', '(n?) → Promise<Row | Row[]>', 'The first row, or the first n.', action),
  method('first', '() → Promise<Row>', 'The first row.', action),
  method('isEmpty', '() → Promise<boolean>', 'Whether there is no row.', action),
  method(
    'show',
    '(n?, truncate?) → Promise',
    "Prints the first n rows (20) as Spark's ASCII table, to the driver output.",
    action,
  ),
];

const GROUPED_DATA: ApiEntry[] = [
  transformation(
    'agg',
    '(...exprs)',
    'Aggregates per group: F.sum("x").alias("total"), F.count("*")…; partial and final HashAggregate around an Exchange.',
  ),
  transformation('count', '()', 'Rows per group, as a column `count`.'),
  transformation('sum', '(...cols)', 'Sum per group.'),
  transformation('avg', '(...cols)', 'Mean per group.'),
  transformation('mean', '(...cols)', 'Same as avg.'),
  transformation('min', '(...cols)', 'Smallest per group.'),
  transformation('max', '(...cols)', 'Largest per group.'),
];

const op = (label: string, detail: string, doc: string): ApiEntry => method(label, `${detail} → Column`, doc, column);
const COLUMN: ApiEntry[] = [
  op('equalTo', '(other)', '== (Scala’s ===).'),
  op('notEqual', '(other)', '!='),
  op('eqNullSafe', '(other)', '<=>: null-safe equality.'),
  op('gt', '(other)', '>'),
  op('geq', '(other)', '>='),
  op('lt', '(other)', '<'),
  op('leq', '(other)', '<='),
  op('plus', '(other)', '+'),
  op('minus', '(other)', '-'),
  op('multiply', '(other)', '*'),
  op('divide', '(other)', '/'),
  op('mod', '(other)', '%'),
  op('negate', '()', 'Unary minus.'),
  op('and', '(other)', 'AND'),
  op('or', '(other)', 'OR'),
  op('not', '()', 'NOT'),
  op('isNull', '()', 'IS NULL'),
  op('isNotNull', '()', 'IS NOT NULL'),
  op('isin', '(...values)', 'IN (…)'),
  op('between', '(lower, upper)', 'BETWEEN lower AND upper'),
  op('like', '(pattern)', 'SQL LIKE, with % and _.'),
  op('rlike', '(regex)', 'A regular-expression match.'),
  op('startsWith', '(prefix)', 'Starts with.'),
  op('endsWith', '(suffix)', 'Ends with.'),
  op('contains', '(text)', 'Contains.'),
  op('substr', '(start, length)', 'A substring, from 1.'),
  op('alias', '(name)', 'Names the column (AS).'),
  op('name', '(name)', 'Same as alias.'),
  op('as', '(name)', 'Same as alias.'),
  op('cast', '(type)', 'Converts: a type name ("int") or a DataType.'),
  op('astype', '(type)', 'Same as cast.'),
  op('asc', '()', 'Ascending, nulls first (for orderBy).'),
  op('desc', '()', 'Descending, nulls last.'),
  op('asc_nulls_first', '()', 'Ascending, nulls first.'),
  op('asc_nulls_last', '()', 'Ascending, nulls last.'),
  op('desc_nulls_first', '()', 'Descending, nulls first.'),
  op('desc_nulls_last', '()', 'Descending, nulls last.'),
  op('when', '(condition, value)', 'Another branch of F.when(…).'),
  op('otherwise', '(value)', 'The value when no branch of F.when matched.'),
  op('over', '(windowSpec)', 'Evaluates a window function over a Window: partitioned by its keys (an Exchange).'),
];

const FUNCTIONS: ApiEntry[] = [
  fn('col', '(name)', 'A column by name.'),
  fn('column', '(name)', 'Same as col.'),
  fn('lit', '(value)', 'A literal value.'),
  fn('expr', '(sqlExpr)', 'A SQL expression as a Column.'),
  fn('when', '(condition, value)', 'CASE WHEN; chain .when(…).otherwise(…).'),
  fn('asc', '(col)', 'Ascending sort order.'),
  fn('desc', '(col)', 'Descending sort order.'),
  {
    label: 'broadcast',
    kind: 'function',
    detail: '(df) → DataFrame',
    doc: 'Marks a DataFrame to be broadcast in a join: a BroadcastHashJoin, with no shuffle of either side (the broadcast runs a collect job first).',
    ...df,
  },
  fn('count', '(col)', 'Non-null values (count("*"): rows).'),
  fn('countDistinct', '(col, ...cols)', 'Distinct values.'),
  fn('count_distinct', '(col, ...cols)', 'Same as countDistinct.'),
  fn('sum', '(col)', 'Sum.'),
  fn('sum_distinct', '(col)', 'Sum of distinct values.'),
  fn('avg', '(col)', 'Mean.'),
  fn('mean', '(col)', 'Same as avg.'),
  fn('min', '(col)', 'Smallest.'),
  fn('max', '(col)', 'Largest.'),
  fn('first', '(col, ignoreNulls?)', 'A first value of the group.'),
  fn('last', '(col, ignoreNulls?)', 'A last value of the group.'),
  fn('any_value', '(col)', 'Any value of the group.'),
  fn('collect_list', '(col)', 'The values as an array.'),
  fn('collect_set', '(col)', 'The distinct values as an array.'),
  fn('upper', '(col)', 'Upper case.'),
  fn('lower', '(col)', 'Lower case.'),
  fn('trim', '(col)', 'Without spaces at both ends.'),
  fn('ltrim', '(col)', 'Without leading spaces.'),
  fn('rtrim', '(col)', 'Without trailing spaces.'),
  fn('initcap', '(col)', 'Each word capitalised.'),
  fn('reverse', '(col)', 'Reversed.'),
  fn('length', '(col)', 'Characters.'),
  fn('concat', '(...cols)', 'Joined.'),
  fn('concat_ws', '(sep, ...cols)', 'Joined with a separator.'),
  fn('substring', '(col, pos, len)', 'A substring, from 1.'),
  fn('split', '(col, pattern)', 'An array of the parts.'),
  fn('coalesce', '(...cols)', 'The first non-null.'),
  fn('isnull', '(col)', 'IS NULL'),
  fn('isnotnull', '(col)', 'IS NOT NULL'),
  fn('abs', '(col)', 'Absolute value.'),
  fn('sqrt', '(col)', 'Square root.'),
  fn('exp', '(col)', 'e to the power.'),
  fn('log', '(col)', 'Natural logarithm.'),
  fn('log10', '(col)', 'Base-10 logarithm.'),
  fn('ceil', '(col)', 'Rounded up.'),
  fn('floor', '(col)', 'Rounded down.'),
  fn('round', '(col, scale?)', 'Rounded half up.'),
  fn('pmod', '(a, b)', 'Positive remainder.'),
  fn('year', '(col)', 'The year of a date.'),
  fn('month', '(col)', 'The month of a date.'),
  fn('dayofmonth', '(col)', 'The day of the month.'),
  fn('dayofweek', '(col)', 'The day of the week (1 = Sunday).'),
  fn('hour', '(col)', 'The hour of a timestamp.'),
  fn('to_date', '(col, format?)', 'A date from text.'),
  fn('row_number', '()', 'Window: 1, 2, 3… within the partition, by its order.'),
  fn('rank', '()', 'Window: rank with gaps.'),
  fn('dense_rank', '()', 'Window: rank without gaps.'),
  fn('lag', '(col, offset?, default?)', 'Window: the value offset rows before.'),
  fn('lead', '(col, offset?, default?)', 'Window: the value offset rows after.'),
];

const spec = { returns: 'windowSpec' } as const;
const WINDOW_STATIC: ApiEntry[] = [
  method(
    'partitionBy',
    '(...cols) → WindowSpec',
    'The window’s partition keys (rows of a key are brought together: an Exchange).',
    spec,
  ),
  method('orderBy', '(...cols) → WindowSpec', 'The order within each partition.', spec),
  method('rowsBetween', '(start, end) → WindowSpec', 'A frame of rows relative to the current one.', spec),
  method('rangeBetween', '(start, end) → WindowSpec', 'A frame of values relative to the current one.', spec),
  property('unboundedPreceding', 'number', 'The frame starts at the partition’s first row.'),
  property('unboundedFollowing', 'number', 'The frame ends at the partition’s last row.'),
  property('currentRow', 'number', 'The current row, as a frame bound.'),
];
const WINDOW_SPEC = WINDOW_STATIC.filter((entry) => entry.kind === 'method');

/** The engine's own hooks: public in JavaScript, but not for programs. */
const ENGINE_HOOK = 'engine internals (the planner, the runner and the Python bridge use it)';
const hooks = (...names: string[]) => Object.fromEntries(names.map((name) => [name, ENGINE_HOOK]));

export const SQL_CATALOG: ApiCatalog = {
  globals: GLOBALS,
  receivers: {
    sparkSession: {
      members: SPARK_SESSION,
      notOffered: hooks('sqlConf', 'analyzer', 'print', 'executePlan', 'cacheManager', 'defaultCacheStorageLevel'),
    },
    dataFrameReader: { members: DATAFRAME_READER, notOffered: hooks('sparkSession') },
    dataFrameWriter: { members: DATAFRAME_WRITER, notOffered: hooks('df') },
    runtimeConfig: { members: RUNTIME_CONFIG, notOffered: hooks('initial') },
    catalog: {
      members: CATALOG,
      notOffered: hooks('createTempView', 'lookupRelation', 'sparkSession', 'registerFunction', 'lookupTempFunction'),
    },
    dataframe: {
      members: DATAFRAME,
      notOffered: {
        ...hooks('queryExecution', 'logicalPlan', '_collectRows', '_writeFiles', '_javaToPython'),
        toString: 'what printing a DataFrame shows: DataFrame[id: bigint, …]',
      },
    },
    groupedData: { members: GROUPED_DATA, notOffered: hooks('df', 'groupingExprs') },
    column: {
      members: COLUMN,
      notOffered: { ...hooks('expr'), toString: 'what printing a Column shows: Column<…>' },
    },
    functions: { members: FUNCTIONS },
    windowStatic: { members: WINDOW_STATIC },
    windowSpec: { members: WINDOW_SPEC, notOffered: hooks('partitionCols', 'orderCols', 'frame', 'toDefinition') },
  },
};
