/**
 * The editor's PySpark completion offers what Kindling's `pyspark` package
 * really has: the lists are held to the package's own source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PY_RDD_NAMES, PY_SPARK_CONTEXT_NAMES, pyMembersBefore } from '../../playground/editor/python-api';

const pyspark = join(import.meta.dirname, '../../engine/python/pyspark');

/** Public names a class defines (methods and properties), read from its source. */
function publicNames(file: string, className: string): Set<string> {
  const source = readFileSync(join(pyspark, file), 'utf8');
  const start = source.indexOf(`\nclass ${className}`);
  const next = source.indexOf('\nclass ', start + 1);
  const body = source.slice(start, next < 0 ? undefined : next);
  return new Set([...body.matchAll(/^ {4}def ([a-zA-Z]\w*)\(/gm)].map((m) => m[1]));
}

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
  'countApproxDistinct',
  // DataFrames from Python are not there yet.
  'toDF',
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
