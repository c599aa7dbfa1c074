/**
 * The editor's PySpark completion offers what Kindling's `pyspark` package
 * really has: the lists are held to the package's own source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  PY_GLOBALS,
  PY_RDD_NAMES,
  PY_SPARK_CONTEXT_NAMES,
  PY_SQL_NAMES,
  PY_TYPE_NAMES,
  pyMembersBefore,
} from '../../playground/editor/python-api';

const pyspark = join(import.meta.dirname, '../../engine/python/pyspark');

/** Public names a class defines (methods and properties), read from its source. */
function publicNames(file: string, className: string): Set<string> {
  const source = readFileSync(join(pyspark, file), 'utf8');
  const start = source.indexOf(`\nclass ${className}`);
  const next = source.indexOf('\nclass ', start + 1);
  const body = source.slice(start, next < 0 ? undefined : next);
  return new Set([...body.matchAll(/^ {4}def ([a-zA-Z]\w*)\(/gm)].map((m) => m[1]));
}

/**
 * Public names of a class at any depth (`SparkSession.Builder` too): its
 * `def`s and its class attributes (`where = filter`, `isNull = _unary_op(…)`,
 * `unboundedPreceding = …`), up to the first line indented no deeper than
 * the class itself.
 */
function classNames(file: string, className: string): Set<string> {
  const lines = readFileSync(join(pyspark, file), 'utf8').split('\n');
  const at = lines.findIndex((line) => new RegExp(`^ *class ${className}\\b`).test(line));
  expect(at, `class ${className} in ${file}`).toBeGreaterThanOrEqual(0);
  const indent = lines[at].search(/\S/);
  const member = new RegExp(`^ {${indent + 4}}(?:def )?([a-zA-Z]\\w*)\\s*[(=]`);
  const names = new Set<string>();
  for (const line of lines.slice(at + 1)) {
    if (line.trim() && line.search(/\S/) <= indent) break;
    const name = member.exec(line)?.[1];
    if (name) names.add(name);
  }
  return names;
}

/** A module's `__all__`, read from its source. */
function moduleAll(file: string): string[] {
  const source = readFileSync(join(pyspark, file), 'utf8');
  const list = /^__all__ = \[([^\]]*)\]/m.exec(source);
  expect(list, `__all__ in ${file}`).not.toBeNull();
  return [...list![1].matchAll(/"(\w+)"/g)].map((m) => m[1]);
}

/** pyspark.sql's receivers, the class that has each one's names, and the names deliberately not offered there. */
const SQL_CLASSES: Record<string, { file: string; className: string; notOffered?: Record<string, string> }> = {
  spark: {
    file: 'sql/session.py',
    className: 'SparkSession',
    notOffered: {
      catalog: 'raises NOT_IMPLEMENTED in Kindling',
      builder: 'class-level: offered after `SparkSession.`',
      getActiveSession: 'class-level: offered after `SparkSession.`',
      active: 'class-level: offered after `SparkSession.`',
    },
  },
  builder: {
    file: 'sql/session.py',
    className: 'Builder',
    notOffered: { remote: 'Spark Connect: raises in Kindling' },
  },
  runtimeConfig: { file: 'sql/session.py', className: 'RuntimeConfig' },
  reader: { file: 'sql/readwriter.py', className: 'DataFrameReader' },
  udfRegistration: { file: 'sql/udf.py', className: 'UDFRegistration' },
  writer: {
    file: 'sql/readwriter.py',
    className: 'DataFrameWriter',
    notOffered: { partitionBy: 'raises NOT_IMPLEMENTED in Kindling' },
  },
  dataframe: { file: 'sql/dataframe.py', className: 'DataFrame' },
  groupedData: { file: 'sql/group.py', className: 'GroupedData' },
  column: { file: 'sql/column.py', className: 'Column' },
  windowStatic: { file: 'sql/window.py', className: 'Window' },
  windowSpec: { file: 'sql/window.py', className: 'WindowSpec' },
};

/** Names the package has that the editor does not offer, and why. */
const NOT_OFFERED = new Set([
  // Deprecated in PySpark, or not available in a browser (they raise, saying so).
  'mapPartitionsWithSplit',
  'pipe',
  'barrier',
  'saveAsPickleFile',
  'collectWithJobGroup',
  // Approximations that are exact here; offered under their exact names.
  'countApprox',
  'sumApprox',
  'meanApprox',
  // SparkContext internals and Kindling's own.
  'getOrCreate',
  'setSystemProperty',
  'uiWebUrl',
  'addFile',
  'addPyFile',
  'getCheckpointDir',
  'sparkUser',
  'runJob',
  'resources',
  'killExecutor',
  'executorIds',
  'faults',
]);

describe('PySpark completion', () => {
  test("offers exactly RDD's public methods, apart from the few it names as left out", () => {
    const defined = publicNames('core/rdd.py', 'RDD');
    for (const name of PY_RDD_NAMES) expect(defined, name).toContain(name);
    expect([...defined].filter((n) => !NOT_OFFERED.has(n) && !(PY_RDD_NAMES as readonly string[]).includes(n))).toEqual(
      [],
    );
  });

  test("offers exactly SparkContext's public names, apart from the few it names as left out", () => {
    const defined = publicNames('core/context.py', 'SparkContext');
    for (const name of PY_SPARK_CONTEXT_NAMES) expect(defined, name).toContain(name);
    const offered = PY_SPARK_CONTEXT_NAMES as readonly string[];
    expect([...defined].filter((n) => !NOT_OFFERED.has(n) && !offered.includes(n))).toEqual([]);
  });

  test.each(Object.entries(SQL_CLASSES))(
    "%s: offers exactly the class's public names, apart from those it names as left out",
    (receiver, { file, className, notOffered = {} }) => {
      const defined = classNames(file, className);
      const offered = PY_SQL_NAMES[receiver];
      for (const name of offered) expect(defined, `${className}.${name}`).toContain(name);
      for (const name of Object.keys(notOffered)) expect(defined, `${className}.${name}`).toContain(name);
      expect([...defined].filter((n) => !offered.includes(n) && !(n in notOffered))).toEqual([]);
    },
  );

  test("SparkSession's class-level names are offered after `SparkSession.`", () => {
    const defined = classNames('sql/session.py', 'SparkSession');
    expect(PY_SQL_NAMES.sessionStatic.length).toBeGreaterThan(0);
    for (const name of PY_SQL_NAMES.sessionStatic) expect(defined, name).toContain(name);
    expect(pyMembersBefore('SparkSession').map((e) => e.label)).toEqual([...PY_SQL_NAMES.sessionStatic]);
  });

  test('F. offers exactly pyspark.sql.functions (its __all__), each defined or imported in builtin.py', () => {
    const all = moduleAll('sql/functions/builtin.py');
    expect([...PY_SQL_NAMES.functions].sort()).toEqual([...all].sort());
    const source = readFileSync(join(pyspark, 'sql/functions/builtin.py'), 'utf8');
    for (const name of all)
      expect(source, name).toMatch(new RegExp(`^(def ${name}\\(|${name} = |from \\S+ import ${name}\\b)`, 'm'));
    // The package re-exports builtin's names, as PySpark 4.0's functions/__init__.py does.
    expect(readFileSync(join(pyspark, 'sql/functions/__init__.py'), 'utf8')).toContain(
      'from pyspark.sql.functions.builtin import *',
    );
  });

  test('the types offered are exactly pyspark.sql.types.__all__, each a class there', () => {
    const all = moduleAll('sql/types.py');
    expect([...PY_TYPE_NAMES].sort()).toEqual([...all].sort());
    const source = readFileSync(join(pyspark, 'sql/types.py'), 'utf8');
    for (const name of all) expect(source, name).toMatch(new RegExp(`^class ${name}\\b`, 'm'));
    const globals = PY_GLOBALS.map((e) => e.label);
    for (const name of all.filter((n) => n !== 'DataType')) expect(globals, name).toContain(name);
  });

  test('knows what a dot follows in pyspark.sql: spark, read, a DataFrame, GroupedData, a Column, F, Window', () => {
    const labels = (before: string) => pyMembersBefore(before).map((e) => e.label);
    const session = 'spark = SparkSession.builder.appName("a").getOrCreate()\n';
    expect(labels(`${session}spark`)).toEqual(
      expect.arrayContaining(['sql', 'range', 'createDataFrame', 'read', 'conf']),
    );
    expect(labels('spark.read')).toEqual(expect.arrayContaining(['csv', 'json', 'parquet', 'option', 'format']));
    expect(labels('spark.read.option("header", True)')).toContain('csv');
    expect(labels('spark.conf')).toEqual(expect.arrayContaining(['get', 'set']));
    const df = `${session}orders = spark.read.csv("data/orders.csv", header=True, inferSchema=True)\n`;
    expect(labels(`${df}orders`)).toEqual(expect.arrayContaining(['groupBy', 'withColumn', 'join', 'show', 'collect']));
    expect(labels(`${df}orders.groupBy("customer")`)).toEqual(['agg', 'count', 'sum', 'avg', 'mean', 'min', 'max']);
    expect(labels(`${df}totals = (orders.groupBy("c")\n  .agg(F.sum("amount").alias("total"))`)).toContain('orderBy');
    expect(labels(`${df}orders.amount`)).toEqual(expect.arrayContaining(['alias', 'cast', 'isin', 'over']));
    expect(labels('spark.sql("SELECT 1").rdd')).toContain('reduceByKey');
    expect(labels('sc.parallelize([(1, 2)]).toDF(["a", "b"])')).toContain('select');
    // F only once imported; under its own name or as `functions`.
    expect(labels('F')).toEqual([]);
    expect(labels('from pyspark.sql import SparkSession, functions as F\nF')).toEqual(
      expect.arrayContaining(['col', 'sum', 'when', 'row_number', 'udf', 'broadcast']),
    );
    expect(labels('from pyspark.sql import functions\nfunctions')).toContain('col');
    expect(labels('import pyspark.sql.functions as F\nF.col("x")')).toContain('desc');
    expect(labels('from pyspark.sql import functions as F\nF.col("x") > 3')).toEqual([]);
    expect(labels('from pyspark.sql import types as T\nT')).toContain('StructType');
    expect(labels('Window')).toEqual(expect.arrayContaining(['partitionBy', 'orderBy', 'unboundedPreceding']));
    expect(labels('w = Window.partitionBy("c")\nw.orderBy("d")')).toEqual([
      'partitionBy',
      'orderBy',
      'rowsBetween',
      'rangeBetween',
    ]);
    // An action's value is no DataFrame.
    expect(labels(`${df}orders.count()`)).toEqual([]);
    // A property is not called, a method is.
    expect(labels('spark.read()')).toEqual([]);
  });

  test('a DataFrame completion says what it costs and returns a value, not a promise', () => {
    const members = pyMembersBefore('df = spark.range(10)\ndf');
    const info = (label: string) => members.find((e) => e.label === label);
    expect(info('orderBy')?.shuffle).toBe('always');
    expect(info('collect')?.action).toBe(true);
    for (const e of members) expect(`${e.label}${e.detail} ${e.doc}`, e.label).not.toMatch(/Promise|await/);
  });

  test('knows what a dot follows: sc, an RDD (bound or chained over lines), the session builder', () => {
    const labels = (before: string) => pyMembersBefore(before).map((e) => e.label);
    expect(labels('sc')).toContain('parallelize');
    expect(labels('sc = SparkContext.getOrCreate()\nlines = sc.textFile("a")\nlines')).toContain('reduceByKey');
    expect(labels('counts = (sc.parallelize([1])\n    .map(lambda x: (x, 1))\n    )\ncounts')).toContain('reduceByKey');
    expect(labels('x = (sc.parallelize([(1, 2)])\n     .map(lambda p: p)')).toContain('groupByKey');
    expect(labels('SparkSession.builder')).toContain('appName');
    expect(labels('SparkSession.builder.appName("a")')).toContain('getOrCreate');
    expect(labels('spark.sparkContext')).toContain('textFile');
    // An action's value is not an RDD: nothing to offer.
    expect(labels('sc.parallelize([1]).count()')).toEqual([]);
    // Rebinding a name to something else forgets it was an RDD.
    expect(labels('r = sc.parallelize([1])\nr = 3\nr')).toEqual([]);
  });
});
