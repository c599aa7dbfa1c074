/** What the editor completes after a `.`: only names that exist on what the dot follows. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  GLOBALS,
  RDD_METHODS,
  RECEIVERS,
  completionInfo,
  knownBindings,
  membersOf,
  receiverBefore,
} from '../../playground/editor/api';
import { SparkContext } from '../../engine/context';
import { StorageLevel } from '../../engine/rdd/storage-level';
import { TaskContext } from '../../engine/executor/task-context';
import { StatCounter } from '../../engine/util/stat-counter';
import { F, SparkSession, Window } from '../../engine/sql';

const none = new Map();

describe('what a dot follows', () => {
  test('sc, sc-made RDDs and chains of transformations', () => {
    expect(receiverBefore('const x = sc', none)).toBe('sc');
    expect(receiverBefore('sc.parallelize([1, 2, 3], 2)', none)).toBe('rdd');
    expect(receiverBefore('sc.textFile("data/*.txt").map((l) => l.split(" ")).filter((w) => w)', none)).toBe('rdd');
    expect(receiverBefore('sc.textFile("a")\n  .flatMap((l) => l.split(" "))\n  ', none)).toBe('rdd');
  });

  test('an action ends the chain: a promise has no RDD methods', () => {
    expect(receiverBefore('sc.parallelize([1]).count()', none)).toBeNull();
    expect(receiverBefore('(await rdd.collect())', new Map([['rdd', 'rdd' as const]]))).toBeNull();
  });

  test('plain JavaScript values get nothing from the API', () => {
    expect(receiverBefore('line', none)).toBeNull();
    expect(receiverBefore('line.toLowerCase()', none)).toBeNull();
    expect(receiverBefore('"a).b"', none)).toBeNull();
    expect(receiverBefore('new HashPartitioner(3)', none)).toBeNull();
  });

  test('StorageLevel constants and TaskContext', () => {
    expect(receiverBefore('rdd.persist(StorageLevel', none)).toBe('storageLevelStatic');
    expect(receiverBefore('TaskContext', none)).toBe('taskContextStatic');
    expect(receiverBefore('const id = TaskContext.get()', none)).toBe('taskContext');
    expect(membersOf('taskContext').map((m) => m.label)).toContain('attemptNumber');
    expect(membersOf('storageLevelStatic').map((m) => m.label)).toContain('MEMORY_AND_DISK');
  });

  test('names bound to RDDs, broadcasts and accumulators are followed through the program', () => {
    const source = [
      'const lines = sc.textFile("data/books/*.txt");',
      'const counts = lines',
      '  .map((w) => [w, 1])',
      '  .reduceByKey((a, b) => a + b);',
      'const total = await counts.count();',
      'const stop = sc.broadcast(["the"]);',
      'const n = 3;',
    ].join('\n');
    const bindings = knownBindings(source);
    expect(Object.fromEntries(bindings)).toEqual({ lines: 'rdd', counts: 'rdd', stop: 'shared' });
    // An action's value is known once awaited: a StatCounter from stats(), nothing from count().
    expect(
      Object.fromEntries(knownBindings('const s = await sc.range(5).stats();\nconst t = sc.range(5).stats();')),
    ).toEqual({ s: 'statCounter' });
    expect(receiverBefore('sc.range(4).context.parallelize([1])', none)).toBe('rdd');
    expect(receiverBefore('sc.statusTracker()', none)).toBe('statusTracker');
    expect(receiverBefore('counts.mapValues((v) => v + 1)', bindings)).toBe('rdd');
    expect(receiverBefore('total', bindings)).toBeNull();
  });
});

describe('the catalogue', () => {
  test('RDD methods document PySpark argument order and shuffles', () => {
    const byName = new Map(RDD_METHODS.map((m) => [m.label, m]));
    expect(byName.get('mapPartitionsWithIndex')?.detail).toMatch(/^\(f\(index, iterator\)/);
    expect(byName.get('aggregateByKey')?.detail).toMatch(/^\(zeroValue, seqFunc, combFunc, numPartitions\?\)/);
    expect(completionInfo(byName.get('reduceByKey')!)).toContain('unless its input is already partitioned');
    expect(completionInfo(byName.get('count')!)).toContain('Action: runs a job');
    expect(completionInfo(byName.get('map')!)).not.toContain('Wide');
  });

  test('every global of a driver program is offered', () => {
    expect(GLOBALS.map((g) => g.label).slice(0, 9)).toEqual([
      'sc',
      'HashPartitioner',
      'RangePartitioner',
      'StorageLevel',
      'TaskContext',
      'spark',
      'F',
      'Row',
      'Window',
    ]);
  });

  test('the DataFrame API: chains through spark, DataFrames, groupBy, Columns, F and Window', () => {
    expect(receiverBefore('spark', none)).toBe('sparkSession');
    expect(receiverBefore('spark.createDataFrame(rows, ["id", "k"]).filter("id > 1")', none)).toBe('dataframe');
    expect(receiverBefore('spark.range(10).groupBy("id")', none)).toBe('groupedData');
    expect(receiverBefore('spark.range(10).groupBy("id").agg(F.sum("id"))', none)).toBe('dataframe');
    expect(receiverBefore('F.col("amount").gt(10).and(F.col("k").isNotNull())', none)).toBe('column');
    expect(receiverBefore('F.broadcast(products)', none)).toBe('dataframe');
    expect(receiverBefore('Window.partitionBy("k")', none)).toBe('windowSpec');
    expect(receiverBefore('spark.conf', none)).toBe('runtimeConfig');
    expect(receiverBefore('spark.range(3).count()', none)).toBeNull();
    const bindings = knownBindings('const orders = spark.range(100);\nconst byK = orders.groupBy("id");');
    expect(Object.fromEntries(bindings)).toEqual({ orders: 'dataframe', byK: 'groupedData' });
    const members = membersOf('dataframe');
    expect(completionInfo(members.find((m) => m.label === 'orderBy')!)).toContain('Wide: always shuffles');
    expect(completionInfo(members.find((m) => m.label === 'show')!)).toContain('Action: runs a job');
    expect(membersOf('functions').map((m) => m.label)).toContain('broadcast');
  });
});

/**
 * What a program can reach on each receiver's real object: own fields and
 * everything up its prototype chain (methods, getters), but JavaScript's own
 * (`constructor`, Object's and Function's members).
 */
function realMembers(...targets: object[]): Set<string> {
  const names = new Set<string>();
  for (const target of targets) {
    for (const key of Object.keys(target)) names.add(key);
    for (
      let proto = Object.getPrototypeOf(target);
      proto && proto !== Object.prototype && proto !== Function.prototype;
      proto = Object.getPrototypeOf(proto)
    )
      for (const key of Object.getOwnPropertyNames(proto)) if (key !== 'constructor') names.add(key);
  }
  return names;
}

/** A class's static members (StorageLevel.MEMORY_ONLY, TaskContext.get). */
function staticMembers(cls: object): Set<string> {
  return new Set(Object.getOwnPropertyNames(cls).filter((k) => !['length', 'name', 'prototype'].includes(k)));
}

describe('the catalogue lists exactly what exists', () => {
  let sc: SparkContext;
  let session: SparkSession | undefined;
  const spark = () => (session ??= new SparkSession(sc, { print: () => {} }));
  beforeAll(() => {
    sc = new SparkContext({ executors: 'in-process' });
  });
  afterAll(async () => {
    await sc.ready;
    await sc.stop();
  });

  /** Each receiver's real objects; a catalog that adds receivers adds them here. */
  const realObjects: Record<string, () => Set<string>> = {
    sc: () => realMembers(sc),
    rdd: () => realMembers(sc.parallelize([1], 1)),
    storageLevelStatic: () => staticMembers(StorageLevel),
    taskContextStatic: () => staticMembers(TaskContext),
    taskContext: () => realMembers(new TaskContext(0, 0, 0, 0, 0, {})),
    shared: () => realMembers(sc.broadcast(1), sc.longAccumulator()),
    statCounter: () => realMembers(new StatCounter()),
    statusTracker: () => realMembers(sc.statusTracker()),
    sparkSession: () => realMembers(spark()),
    dataFrameReader: () => realMembers(spark().read),
    dataFrameWriter: () => realMembers(spark().range(1).write),
    runtimeConfig: () => realMembers(spark().conf),
    catalog: () => realMembers(spark().catalog),
    dataframe: () => realMembers(spark().range(1)),
    groupedData: () => realMembers(spark().range(1).groupBy('id')),
    column: () => realMembers(F.col('id')),
    // F is a module object: its own names are what a program can call.
    functions: () => new Set(Object.keys(F)),
    windowStatic: () => staticMembers(Window),
    windowSpec: () => realMembers(Window.partitionBy('id')),
  };

  test('every receiver has its real objects here', () => {
    expect([...RECEIVERS.keys()].sort()).toEqual(Object.keys(realObjects).sort());
  });

  for (const [name, spec] of RECEIVERS) {
    test(`${name}: every member offered exists, every member that exists is offered or said why not`, () => {
      const real = realObjects[name]();
      const offered = spec.members.map((m) => m.label);
      const declined = Object.keys(spec.notOffered ?? {});
      expect(
        offered.filter((label) => !real.has(label)),
        'offered but missing from the engine',
      ).toEqual([]);
      expect(
        declined.filter((label) => !real.has(label)),
        'declined but missing from the engine',
      ).toEqual([]);
      const unlisted = [...real].filter((m) => !offered.includes(m) && !declined.includes(m));
      expect(unlisted, 'in the engine but neither offered nor declined').toEqual([]);
      expect(new Set(offered).size, 'offered twice').toBe(offered.length);
    });
  }

  test('every receiver an entry returns exists', () => {
    const entries = [...GLOBALS, ...[...RECEIVERS.values()].flatMap((r) => r.members)];
    const dangling = entries.filter((e) => e.returns !== undefined && !RECEIVERS.has(e.returns)).map((e) => e.label);
    expect(dangling).toEqual([]);
  });
});
