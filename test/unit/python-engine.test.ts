import { describe, expect, test } from 'vitest';
import { parseCallSite, JVM_CALL_SITES } from '../../engine/python/gateway';
import { PairwiseRows, readLong } from '../../engine/python/executor-runner';
import { ArrayIterator, DONE } from '../../engine/executor/iterator';
import { HashPartitioner, PythonPartitioner, partitionerFromWire } from '../../engine/rdd/partitioner';

describe("PySpark's shuffle on the engine", () => {
  test('PythonPartitioner takes the partition Python computed (Spark: nonNegativeMod(key.toInt, n))', () => {
    const p = new PythonPartitioner(4, 1234);
    expect([0, 3, 6, -1].map((k) => p.getPartition(k))).toEqual([0, 3, 2, 3]);
    expect(p.getPartition(null)).toBe(0);
  });

  test('PythonPartitioners are equal only with the same count and the same Python function', () => {
    expect(new PythonPartitioner(4, 1).equals(new PythonPartitioner(4, 1))).toBe(true);
    expect(new PythonPartitioner(4, 1).equals(new PythonPartitioner(4, 2))).toBe(false);
    expect(new PythonPartitioner(4, 1).equals(new HashPartitioner(4))).toBe(false);
    expect(partitionerFromWire(new PythonPartitioner(3, 9).toWire()).equals(new PythonPartitioner(3, 9))).toBe(true);
  });

  test("PairwiseRDD reads pack_long's 8 big-endian bytes and pairs each key with the record after it", () => {
    const key = (n: number) => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setBigInt64(0, BigInt(n), false);
      return b;
    };
    expect(readLong(key(258))).toBe(258);
    const rows = new PairwiseRows(new ArrayIterator([key(1), 'batch-a', key(0), 'batch-b']));
    expect([rows.next(), rows.next(), rows.next()]).toEqual([[1, 'batch-a'], [0, 'batch-b'], DONE]);
    expect(() => new PairwiseRows(new ArrayIterator([key(1)])).next()).toThrow(/a key with no value/);
  });
});

test("call sites read back from Spark's short form", () => {
  expect(parseCallSite('reduceByKey at wordcount.py:7')).toMatchObject({
    method: 'reduceByKey',
    file: 'wordcount.py',
    line: 7,
    shortForm: 'reduceByKey at wordcount.py:7',
  });
  expect(parseCallSite(JVM_CALL_SITES.reflection('partitionBy'))).toMatchObject({
    method: 'partitionBy',
    file: 'NativeMethodAccessorImpl.java',
    line: 0,
  });
});
