/**
 * PySpark's names as the editor offers them in a Python program: what the
 * `pyspark` package Kindling runs really has (a unit test holds these lists to
 * engine/python/pyspark/), with the JavaScript API's docs where the method is
 * the same, and a reader that tells what a `.` follows.
 */
import { GLOBALS as JS_GLOBALS, membersOf, RDD_METHODS, type ApiEntry } from './api';

// The JavaScript API's entries, for their docs where PySpark's method is the same one.
const SPARK_CONTEXT = membersOf('sc');
const STORAGE_LEVELS = membersOf('storageLevelStatic');
const TASK_CONTEXT = membersOf('taskContext');

type PyReceiver =
  | 'sc'
  | 'rdd'
  | 'spark'
  | 'sessionStatic'
  | 'builder'
  | 'runtimeConfig'
  | 'reader'
  | 'writer'
  | 'udfRegistration'
  | 'dataframe'
  | 'groupedData'
  | 'column'
  | 'functions'
  | 'types'
  | 'windowStatic'
  | 'windowSpec'
  | 'storageLevel'
  | 'taskContextStatic'
  | 'taskContext'
  | 'shared';

/** Public methods of pyspark's `RDD` (engine/python/pyspark/core/rdd.py). */
export const PY_RDD_NAMES = [
  'aggregate',
  'aggregateByKey',
  'cache',
  'cartesian',
  'checkpoint',
  'coalesce',
  'cogroup',
  'collect',
  'collectAsMap',
  'combineByKey',
  'context',
  'count',
  'countApproxDistinct',
  'countByKey',
  'countByValue',
  'distinct',
  'filter',
  'first',
  'flatMap',
  'flatMapValues',
  'fold',
  'foldByKey',
  'foreach',
  'foreachPartition',
  'fullOuterJoin',
  'getNumPartitions',
  'getStorageLevel',
  'glom',
  'groupBy',
  'groupByKey',
  'groupWith',
  'histogram',
  'id',
  'intersection',
  'isCheckpointed',
  'isEmpty',
  'join',
  'keyBy',
  'keys',
  'leftOuterJoin',
  'lookup',
  'map',
  'mapPartitions',
  'mapPartitionsWithIndex',
  'mapValues',
  'max',
  'mean',
  'min',
  'name',
  'partitionBy',
  'persist',
  'randomSplit',
  'reduce',
  'reduceByKey',
  'reduceByKeyLocally',
  'repartition',
  'repartitionAndSortWithinPartitions',
  'rightOuterJoin',
  'sample',
  'sampleByKey',
  'sampleStdev',
  'sampleVariance',
  'saveAsTextFile',
  'setName',
  'sortBy',
  'sortByKey',
  'stats',
  'stdev',
  'subtract',
  'subtractByKey',
  'sum',
  'take',
  'takeOrdered',
  'takeSample',
  'toDebugString',
  'toDF',
  'toLocalIterator',
  'top',
  'treeAggregate',
  'treeReduce',
  'union',
  'unpersist',
  'values',
  'variance',
  'zip',
  'zipWithIndex',
  'zipWithUniqueId',
] as const;

/** Public methods and properties of pyspark's `SparkContext` (engine/python/pyspark/core/context.py). */
export const PY_SPARK_CONTEXT_NAMES = [
  'accumulator',
  'applicationId',
  'broadcast',
  'cancelAllJobs',
  'defaultMinPartitions',
  'defaultParallelism',
  'emptyRDD',
  'getConf',
  'getLocalProperty',
  'parallelize',
  'range',
  'setCheckpointDir',
  'setJobDescription',
  'setJobGroup',
  'setLocalProperty',
  'setLogLevel',
  'startTime',
  'stop',
  'textFile',
  'union',
  'version',
  'wholeTextFiles',
] as const;

/**
 * pyspark.sql's receivers (engine/python/pyspark/sql/): each one's public
 * names, and what a member gives when it is read or called, so a chain like
 * `spark.read.csv(…).groupBy(…).agg(…).` completes a DataFrame's methods.
 * A name mapped to null gives nothing the editor completes after (an action's
 * value, a schema).
 */
const PY_SQL_RETURNS = {
  /** SparkSession's instance names (session.py). */
  spark: {
    createDataFrame: 'dataframe',
    range: 'dataframe',
    sql: 'dataframe',
    table: 'dataframe',
    read: 'reader',
    udf: 'udfRegistration',
    conf: 'runtimeConfig',
    sparkContext: 'sc',
    newSession: 'spark',
    stop: null,
    version: null,
  },
  /** SparkSession's class-level names. */
  sessionStatic: { builder: 'builder', getActiveSession: 'spark', active: 'spark' },
  /** SparkSession.Builder. */
  builder: {
    appName: 'builder',
    master: 'builder',
    config: 'builder',
    enableHiveSupport: 'builder',
    getOrCreate: 'spark',
    create: 'spark',
  },
  /** RuntimeConfig: `spark.conf`. */
  runtimeConfig: { get: null, set: null, getAll: null, unset: null, isModifiable: null },
  /** DataFrameReader (readwriter.py): `spark.read`. */
  reader: {
    format: 'reader',
    option: 'reader',
    options: 'reader',
    schema: 'reader',
    load: 'dataframe',
    csv: 'dataframe',
    json: 'dataframe',
    text: 'dataframe',
    parquet: 'dataframe',
    table: 'dataframe',
  },
  /** UDFRegistration (udf.py): `spark.udf`. */
  udfRegistration: { register: null },
  /** DataFrameWriter (readwriter.py): `df.write`. */
  writer: {
    mode: 'writer',
    format: 'writer',
    option: 'writer',
    options: 'writer',
    save: null,
    csv: null,
    json: null,
    text: null,
    parquet: null,
  },
  /** DataFrame (dataframe.py). */
  dataframe: {
    sparkSession: 'spark',
    schema: null,
    columns: null,
    dtypes: null,
    printSchema: null,
    explain: null,
    select: 'dataframe',
    selectExpr: 'dataframe',
    filter: 'dataframe',
    where: 'dataframe',
    withColumn: 'dataframe',
    withColumns: 'dataframe',
    withColumnRenamed: 'dataframe',
    withColumnsRenamed: 'dataframe',
    drop: 'dataframe',
    toDF: 'dataframe',
    distinct: 'dataframe',
    dropDuplicates: 'dataframe',
    drop_duplicates: 'dataframe',
    groupBy: 'groupedData',
    groupby: 'groupedData',
    agg: 'dataframe',
    orderBy: 'dataframe',
    sort: 'dataframe',
    sortWithinPartitions: 'dataframe',
    limit: 'dataframe',
    join: 'dataframe',
    crossJoin: 'dataframe',
    union: 'dataframe',
    unionAll: 'dataframe',
    unionByName: 'dataframe',
    repartition: 'dataframe',
    repartitionByRange: 'dataframe',
    coalesce: 'dataframe',
    hint: 'dataframe',
    alias: 'dataframe',
    cache: 'dataframe',
    unpersist: 'dataframe',
    createOrReplaceTempView: null,
    createTempView: null,
    write: 'writer',
    rdd: 'rdd',
    collect: null,
    toLocalIterator: null,
    count: null,
    take: null,
    head: null,
    first: null,
    isEmpty: null,
    show: null,
  },
  /** GroupedData (group.py): what groupBy gives. */
  groupedData: {
    agg: 'dataframe',
    count: 'dataframe',
    sum: 'dataframe',
    avg: 'dataframe',
    mean: 'dataframe',
    min: 'dataframe',
    max: 'dataframe',
  },
  /** Column (column.py). */
  column: Object.fromEntries(
    [
      'alias',
      'asc',
      'asc_nulls_first',
      'asc_nulls_last',
      'astype',
      'between',
      'cast',
      'contains',
      'desc',
      'desc_nulls_first',
      'desc_nulls_last',
      'endswith',
      'eqNullSafe',
      'isNotNull',
      'isNull',
      'isin',
      'like',
      'name',
      'otherwise',
      'over',
      'rlike',
      'startswith',
      'substr',
      'when',
    ].map((name) => [name, 'column']),
  ),
  /** pyspark.sql.functions (functions/builtin.py's __all__): each builds a Column, but for these two. */
  functions: {
    ...Object.fromEntries(
      [
        'abs',
        'any_value',
        'asc',
        'avg',
        'call_function',
        'ceil',
        'coalesce',
        'col',
        'collect_list',
        'collect_set',
        'column',
        'concat',
        'concat_ws',
        'count',
        'countDistinct',
        'count_distinct',
        'dayofmonth',
        'dayofweek',
        'dense_rank',
        'desc',
        'exp',
        'expr',
        'first',
        'floor',
        'hour',
        'initcap',
        'isnotnull',
        'isnull',
        'lag',
        'last',
        'lead',
        'length',
        'lit',
        'log',
        'log10',
        'lower',
        'ltrim',
        'max',
        'mean',
        'min',
        'month',
        'pmod',
        'rank',
        'reverse',
        'round',
        'row_number',
        'rtrim',
        'split',
        'sqrt',
        'substring',
        'sum',
        'sum_distinct',
        'to_date',
        'trim',
        'upper',
        'when',
        'year',
      ].map((name) => [name, 'column']),
    ),
    broadcast: 'dataframe',
    udf: null,
  },
  /** Window (window.py): its static builders and frame bounds. */
  windowStatic: {
    partitionBy: 'windowSpec',
    orderBy: 'windowSpec',
    rowsBetween: 'windowSpec',
    rangeBetween: 'windowSpec',
    unboundedPreceding: null,
    unboundedFollowing: null,
    currentRow: null,
  },
  /** WindowSpec (window.py). */
  windowSpec: {
    partitionBy: 'windowSpec',
    orderBy: 'windowSpec',
    rowsBetween: 'windowSpec',
    rangeBetween: 'windowSpec',
  },
} satisfies Record<string, Record<string, PyReceiver | null>>;

/** pyspark.sql.types' __all__: offered as names, and after `T.` (`from pyspark.sql import types as T`). */
export const PY_TYPE_NAMES = [
  'DataType',
  'NullType',
  'StringType',
  'BinaryType',
  'BooleanType',
  'DateType',
  'TimestampType',
  'DecimalType',
  'DoubleType',
  'FloatType',
  'ByteType',
  'IntegerType',
  'LongType',
  'ShortType',
  'ArrayType',
  'MapType',
  'StructField',
  'StructType',
  'Row',
] as const;

type PySqlReceiver = keyof typeof PY_SQL_RETURNS;

/** The public names the editor offers on each pyspark.sql receiver (a unit test holds them to the .py files). */
export const PY_SQL_NAMES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(PY_SQL_RETURNS).map(([receiver, members]) => [receiver, Object.keys(members)]),
);

/** The JavaScript catalog's receiver with the same object, for its docs. */
const JS_TWIN: Record<PySqlReceiver, string> = {
  spark: 'sparkSession',
  sessionStatic: 'sparkSession',
  builder: 'builder',
  runtimeConfig: 'runtimeConfig',
  reader: 'dataFrameReader',
  writer: 'dataFrameWriter',
  udfRegistration: 'sparkSession',
  dataframe: 'dataframe',
  groupedData: 'groupedData',
  column: 'column',
  functions: 'functions',
  windowStatic: 'windowStatic',
  windowSpec: 'windowSpec',
};

/** Python's own docs, where the JavaScript API has no such name or says it differently. */
const PY_DOCS: Readonly<Record<string, string>> = {
  read: 'Reads files as DataFrames: spark.read.csv(path, header=True, inferSchema=True).',
  builder: 'SparkSession.builder.appName(…).config(k, v).getOrCreate().',
  getActiveSession: 'The running session, or None.',
  active: 'The running session; an error when there is none.',
  newSession: 'Another session on the same SparkContext.',
  enableHiveSupport: 'Sets spark.sql.catalogImplementation=hive (Kindling keeps temporary views only).',
  create: 'Same as getOrCreate here.',
  getAll: 'Every setting, as a dict.',
  rdd: "The DataFrame's rows as an RDD of Rows.",
  toLocalIterator: 'The rows, one partition at a time, to the driver.',
  withColumnsRenamed: 'Renames several columns: {existing: new, …}.',
  startswith: 'Starts with.',
  endswith: 'Ends with.',
  call_function: 'A SQL function by name, with columns as arguments.',
  udf: 'A Python UDF: @udf(returnType) or F.udf(f, returnType). It runs in the executors’ Python (BatchEvalPython).',
  log10: 'Logarithm in base 10.',
  DataType: 'The base class of the types.',
  appName: 'The application’s name (spark.app.name).',
  master: 'Kept and reported; Kindling runs its own cluster.',
  config: 'A Spark setting, applied as in Spark: config(key, value), config(conf=…) or config(map={…}).',
  getOrCreate: 'The running session (given these settings), or a new one with its SparkContext.',
  csv: 'CSV files: csv(path, header=True, inferSchema=True, sep=","). Runs a first-line job, and an inference job with inferSchema.',
  option: 'One option, e.g. option("header", True).',
  options: 'Several options as keywords: options(header=True, inferSchema=True).',
};

/** Python signatures, where PySpark's differ from the JavaScript API's or it has none. */
const PY_DETAILS: Readonly<Record<string, string>> = {
  appName: '(name) → Builder',
  master: '(master) → Builder',
  config: '(key=None, value=None, conf=None) → Builder',
  enableHiveSupport: '() → Builder',
  getOrCreate: '() → SparkSession',
  create: '() → SparkSession',
  getActiveSession: '() → SparkSession | None',
  active: '() → SparkSession',
  newSession: '() → SparkSession',
  csv: '(path, schema=None, sep=None, header=None, inferSchema=None, **options) → DataFrame',
  json: '(path, schema=None, multiLine=None, **options) → DataFrame',
  text: '(paths, wholetext=False, lineSep=None, **options) → DataFrame',
  load: '(path=None, format=None, schema=None, **options) → DataFrame',
  options: '(**options) → DataFrameReader',
  getAll: '() → dict',
  withColumnsRenamed: '(colsMap) → DataFrame',
  toLocalIterator: '(prefetchPartitions=False) → Iterator[Row]',
  call_function: '(funcName, *cols) → Column',
  udf: '(f=None, returnType=StringType()) → UserDefinedFunction',
};

/**
 * Signatures and docs of one receiver's names, where the same name means something else elsewhere: the
 * writer's csv, json, text and options are not the reader's, `spark.udf` is not `F.udf`.
 */
const PY_OWN: Partial<Record<PySqlReceiver, Readonly<Record<string, { detail: string; doc: string }>>>> = {
  spark: {
    udf: {
      detail: 'UDFRegistration',
      doc: 'Registers Python functions for SQL text: spark.udf.register(name, f, returnType).',
    },
  },
  udfRegistration: {
    register: {
      detail: '(name, f, returnType=None) → UserDefinedFunction',
      doc: 'A Python function (or a udf) as a temporary function SQL text calls by name; returns the UDF. It runs in the executors’ Python (BatchEvalPython).',
    },
  },
  writer: {
    save: {
      detail: '(path, format=None, mode=None, **options)',
      doc: 'Writes the rows as part files under path, in the format set (parquet by default).',
    },
    csv: {
      detail: '(path, mode=None, compression=None, sep=None, header=None, **options)',
      doc: 'Writes CSV part files: csv(path, mode="overwrite", header=True).',
    },
    json: { detail: '(path, mode=None, compression=None, **options)', doc: 'Writes JSON lines part files.' },
    text: {
      detail: '(path, compression=None, lineSep=None, **options)',
      doc: 'Writes one string column, a line per row.',
    },
    parquet: {
      detail: '(path, mode=None, partitionBy=None, compression=None, **options)',
      doc: 'Writes Parquet part files.',
    },
    option: { detail: '(key, value) → DataFrameWriter', doc: 'One option, e.g. option("header", True).' },
    options: { detail: '(**options) → DataFrameWriter', doc: 'Several options as keywords: options(header=True).' },
  },
};

/** Properties the JavaScript API has no twin for (`@property` in the .py files), with their type. */
const PY_PROPERTIES: Readonly<Record<string, string>> = { rdd: 'RDD', builder: 'Builder', write: 'DataFrameWriter' };

/** A Python signature from the JavaScript one: no promises (PySpark's actions return values), `*cols`. */
function pythonDetail(detail: string): string {
  return detail
    .replace(/ → Promise<(.+)>$/, ' → $1')
    .replace(/ → Promise$/, '')
    .replace(/\.\.\./g, '*')
    .replace(', { ascending }?', ', ascending=True')
    .replace(/\bstring\b/g, 'str')
    .replace(/\bboolean\b/g, 'bool')
    .replace(/\bnumber\b/g, 'int');
}

function sqlEntry(receiver: PySqlReceiver, label: string): ApiEntry {
  const twin = membersOf(JS_TWIN[receiver]).find((e) => e.label === label);
  const own = PY_OWN[receiver]?.[label];
  const doc = own?.doc ?? PY_DOCS[label] ?? (twin && !/await/.test(twin.doc) ? twin.doc : `${label}, as in PySpark.`);
  const property = PY_PROPERTIES[label];
  const kind = twin?.kind ?? (property ? 'property' : 'method');
  return {
    label,
    kind: receiver === 'functions' ? 'function' : kind,
    detail: own?.detail ?? PY_DETAILS[label] ?? (twin ? pythonDetail(twin.detail) : (property ?? '(…)')),
    doc,
    shuffle: twin?.shuffle,
    // Reading runs jobs only to learn a schema; in Python it returns a DataFrame, not a value.
    action: receiver === 'reader' ? undefined : twin?.action || label === 'toLocalIterator' || undefined,
  };
}

const PY_SQL: ReadonlyMap<string, readonly ApiEntry[]> = new Map(
  Object.entries(PY_SQL_NAMES).map(([receiver, names]) => [
    receiver,
    names.map((name) => sqlEntry(receiver as PySqlReceiver, name)),
  ]),
);

const PY_TYPES: readonly ApiEntry[] = PY_TYPE_NAMES.map((label) => {
  const twin = JS_GLOBALS.find((e) => e.label === label);
  return {
    label,
    kind: 'class',
    detail: label === 'Row' ? 'Row(**fields)' : label,
    doc: PY_DOCS[label] ?? twin?.doc ?? `pyspark.sql.types.${label}.`,
  };
});

/** Transformations: a `.` after one of these is on an RDD again. */
const PY_TRANSFORMATIONS = new Set<string>([
  ...RDD_METHODS.filter((m) => m.returns === 'rdd').map((m) => m.label),
  'keyBy',
  'sampleByKey',
  'subtract',
  'subtractByKey',
  'zip',
  'zipWithUniqueId',
  'repartitionAndSortWithinPartitions',
  'groupWith',
]);
const RDD_FROM_SC = new Set(['parallelize', 'textFile', 'range', 'union', 'emptyRDD', 'wholeTextFiles']);

const ACTIONS = new Set([
  'aggregate',
  'collect',
  'collectAsMap',
  'count',
  'countApproxDistinct',
  'countByKey',
  'countByValue',
  'first',
  'fold',
  'foreach',
  'foreachPartition',
  'histogram',
  'isEmpty',
  'lookup',
  'max',
  'mean',
  'min',
  'reduce',
  'reduceByKeyLocally',
  'sampleStdev',
  'sampleVariance',
  'saveAsTextFile',
  'stats',
  'stdev',
  'sum',
  'take',
  'takeOrdered',
  'takeSample',
  'toLocalIterator',
  'top',
  'treeAggregate',
  'treeReduce',
  'variance',
]);

function entry(label: string, known: readonly ApiEntry[], fallback: string): ApiEntry {
  const same = known.find((e) => e.label === label);
  if (same) return { ...same, action: ACTIONS.has(label) || undefined };
  if (label === 'context') return { label, kind: 'property', detail: 'SparkContext', doc: "The RDD's SparkContext." };
  return { label, kind: 'method', detail: '(…)', doc: fallback, action: ACTIONS.has(label) || undefined };
}

const PY_RDD: readonly ApiEntry[] = PY_RDD_NAMES.map((name) => entry(name, RDD_METHODS, `RDD.${name}, as in PySpark.`));
const PY_SC: readonly ApiEntry[] = PY_SPARK_CONTEXT_NAMES.map((name) =>
  entry(name, SPARK_CONTEXT, `SparkContext.${name}, as in PySpark.`),
);
const PY_SHARED: readonly ApiEntry[] = [
  {
    label: 'value',
    kind: 'property',
    detail: 'value',
    doc: "A broadcast's value (in tasks), or an accumulator's (on the driver).",
  },
  { label: 'add', kind: 'method', detail: '(term)', doc: 'Adds to an accumulator (in tasks).' },
];
const PY_TASK_CONTEXT_STATIC: readonly ApiEntry[] = [
  { label: 'get', kind: 'method', detail: '() → TaskContext', doc: 'Inside a task: the running task’s context.' },
];

/** Names a Python program usually imports or is given, as the pyspark shell gives `sc` and `spark`. */
export const PY_GLOBALS: readonly ApiEntry[] = [
  { label: 'sc', kind: 'variable', detail: 'SparkContext', doc: 'The SparkContext (created when first used).' },
  { label: 'spark', kind: 'variable', detail: 'SparkSession', doc: 'The SparkSession (created when first used).' },
  ...['SparkContext', 'SparkConf', 'StorageLevel', 'TaskContext', 'SparkSession', 'AccumulatorParam'].map(
    (label): ApiEntry => ({ label, kind: 'class', detail: 'class', doc: `pyspark's ${label}.` }),
  ),
  ...['Window', 'Column', 'DataFrame', 'GroupedData'].map((label): ApiEntry => ({
    label,
    kind: 'class',
    detail: 'class',
    doc: `pyspark.sql's ${label}.`,
  })),
  ...PY_TYPES.filter((e) => e.label !== 'DataType'),
  ...['print', 'range', 'len', 'sorted', 'lambda'].map((label): ApiEntry => ({
    label,
    kind: 'function',
    detail: 'Python',
    doc: `Python's ${label}.`,
  })),
];

/** The members to offer after a `.` on `receiver`. */
function pyMembersOf(receiver: PyReceiver | null): readonly ApiEntry[] {
  switch (receiver) {
    case 'sc':
      return PY_SC;
    case 'rdd':
      return PY_RDD;
    case 'types':
      return PY_TYPES;
    case 'storageLevel':
      return STORAGE_LEVELS;
    case 'taskContextStatic':
      return PY_TASK_CONTEXT_STATIC;
    case 'taskContext':
      return TASK_CONTEXT;
    case 'shared':
      return PY_SHARED;
    case null:
      return [];
    default:
      return PY_SQL.get(receiver) ?? [];
  }
}

/** The doc a Python completion shows: signature, what it does, and what it costs. */
export function pyCompletionInfo(e: ApiEntry): string {
  const notes: string[] = [];
  if (e.action) notes.push('Action: runs a job and returns its value.');
  if (e.shuffle === 'always') notes.push('Wide: always shuffles (a new stage).');
  if (e.shuffle === 'unless-partitioned')
    notes.push('Wide: shuffles (a new stage) unless its input is already partitioned by the same partitioner.');
  return [`${e.label}${e.detail.startsWith('(') ? e.detail : `: ${e.detail}`}`, e.doc, ...notes].join('\n');
}

/**
 * The members to complete after the `.` that ends `before`, knowing the names
 * the program bound above (`counts = lines.map(…)`).
 *
 * @example
 * pyMembersBefore('lines = sc.textFile("a")\nlines.map(lambda l: l)').some((e) => e.label === 'reduceByKey'); // true
 */
export function pyMembersBefore(before: string): readonly ApiEntry[] {
  const bindings = new Map<string, PyReceiver>();
  const statements = /^[ \t]*(?:([A-Za-z_]\w*)\s*=(?!=)\s*(.+)|(?:from\s+pyspark\.sql\s+)?import\s+(.+))$/gm;
  for (const match of before.matchAll(statements)) {
    if (match[3] !== undefined) {
      // `from pyspark.sql import functions as F, types`, `import pyspark.sql.functions as F`.
      for (const item of match[3].replace(/[()]/g, '').split(',')) {
        const imported = /^\s*(?:pyspark\.sql\.)?(functions|types)(?:\s+as\s+(\w+))?\s*$/.exec(item);
        if (imported) bindings.set(imported[2] ?? imported[1], imported[1] as 'functions' | 'types');
      }
      continue;
    }
    const kind = chainReceiver(match[2].trim(), bindings);
    if (kind) bindings.set(match[1], kind);
    else bindings.delete(match[1]);
  }
  // A chain can go on over lines inside brackets: read it from its statement's start.
  return pyMembersOf(chainReceiver(before.slice(statementStart(before)), bindings));
}

/** Where the statement holding the end of `text` starts: after the last line break outside brackets. */
function statementStart(text: string): number {
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) break;
      i = end;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) start = i + 1;
  }
  return start;
}

/** What `a.b(…).c(…)` at the end of `text` is; null when the API does not know. */
function chainReceiver(text: string, bindings: ReadonlyMap<string, PyReceiver>): PyReceiver | null {
  const steps: { name: string; called: boolean }[] = [];
  let i = text.length;
  for (;;) {
    while (i > 0 && /\s/.test(text[i - 1])) i--;
    let called = false;
    if (text[i - 1] === ')') {
      const open = openingBracket(text, i - 1);
      if (open < 0) return null;
      i = open;
      while (i > 0 && /\s/.test(text[i - 1])) i--;
      called = true;
    }
    const end = i;
    while (i > 0 && /\w/.test(text[i - 1])) i--;
    const name = text.slice(i, end);
    if (!name || /^\d/.test(name)) return null;
    let j = i;
    while (j > 0 && /\s/.test(text[j - 1])) j--;
    if (text[j - 1] === '.') {
      steps.unshift({ name, called });
      i = j - 1;
      continue;
    }
    if (called && name !== 'SparkContext' && name !== 'getOrCreate') return null;
    let kind: PyReceiver | null =
      name === 'sc'
        ? 'sc'
        : name === 'spark'
          ? 'spark'
          : name === 'StorageLevel'
            ? 'storageLevel'
            : name === 'TaskContext'
              ? 'taskContextStatic'
              : name === 'SparkSession'
                ? 'sessionStatic'
                : name === 'Window'
                  ? 'windowStatic'
                  : (bindings.get(name) ?? null);
    if (name === 'SparkContext' && called) kind = 'sc';
    if (name === 'SparkContext' && steps[0]?.name === 'getOrCreate' && steps[0].called) {
      kind = 'sc';
      steps.shift();
    }
    for (const step of steps) kind = stepFrom(kind, step);
    return kind;
  }
}

function stepFrom(kind: PyReceiver | null, step: { name: string; called: boolean }): PyReceiver | null {
  if (kind === 'sc') {
    if (RDD_FROM_SC.has(step.name) && step.called) return 'rdd';
    if ((step.name === 'broadcast' || step.name === 'accumulator') && step.called) return 'shared';
    return null;
  }
  if (kind === 'rdd') {
    if (step.name === 'context' && !step.called) return 'sc';
    if (step.name === 'toDF' && step.called) return 'dataframe';
    return PY_TRANSFORMATIONS.has(step.name) && step.called ? 'rdd' : null;
  }
  const members = kind === null ? undefined : PY_SQL.get(kind);
  if (members) {
    const member = members.find((e) => e.label === step.name);
    // A DataFrame's column by attribute, as PySpark's __getattr__ gives it: `df.amount`.
    if (!member) return kind === 'dataframe' && !step.called ? 'column' : null;
    const isMethod = member.kind === 'method' || member.kind === 'function';
    if (isMethod !== step.called) return null;
    return (PY_SQL_RETURNS[kind as PySqlReceiver] as Record<string, PyReceiver | null>)[step.name] ?? null;
  }
  if (kind === 'taskContextStatic') return step.name === 'get' && step.called ? 'taskContext' : null;
  return null;
}

/** Index of the bracket that opens the one closing at `close`; -1 when unbalanced. Strings are skipped. */
function openingBracket(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const start = text.lastIndexOf(c, i - 1);
      if (start < 0) return -1;
      i = start;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
