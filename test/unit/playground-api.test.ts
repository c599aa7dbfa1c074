/** What the editor completes after a `.`: only names that exist on what the dot follows. */
import { describe, expect, test } from 'vitest';
import {
  GLOBALS,
  RDD_METHODS,
  completionInfo,
  knownBindings,
  membersOf,
  receiverBefore,
} from '../../playground/editor/api';

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
    expect(receiverBefore('rdd.persist(StorageLevel', none)).toBe('storageLevel');
    expect(receiverBefore('TaskContext', none)).toBe('taskContextStatic');
    expect(receiverBefore('const id = TaskContext.get()', none)).toBe('taskContext');
    expect(membersOf('taskContext').map((m) => m.label)).toContain('attemptNumber');
    expect(membersOf('storageLevel').map((m) => m.label)).toContain('MEMORY_AND_DISK');
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
    expect(GLOBALS.map((g) => g.label)).toEqual([
      'sc',
      'HashPartitioner',
      'RangePartitioner',
      'StorageLevel',
      'TaskContext',
    ]);
  });
});
