/**
 * spark.read over the engine (in-process executors, files in memory): the
 * rows each format gives, the jobs Spark runs to learn a schema, files split
 * into FilePartitions, and Spark's errors for paths that do not exist.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SparkContext } from '../../../engine/context';
import { MemoryFileSystem } from '../../../engine/fs/file-system';
import { Row, SparkSession } from '../../../engine/sql';
import type { SparkEvent } from '../../../engine/events/types';
import { jobTaskCounts } from './session';
import { BernoulliCellSampler } from '../../../engine/util/random/random-sampler';

const ORDERS = [
  'order_id,product,qty,price,day',
  '1,apple,3,0.5,2024-01-15',
  '2,bean,10,0.25,2024-01-15',
  '3,apple,1,0.5,2024-01-16',
  '4,carrot,6,0.4,2024-01-16',
  '5,bean,,0.25,2024-01-17',
  '6,"dried, figs",2,3.75,2024-01-17',
  '',
].join('\n');

const fileSystem = new MemoryFileSystem({
  'data/orders.csv': ORDERS,
  'data/people.json': '{"name":"Ada","age":36}\n{"name":"Grace","age":45,"langs":["COBOL"]}\nnot json\n',
  'data/numbers.json': [
    '{"a":1.0,"b":1,"c":2e3,"d":"","big":100000000000000000000,"e":{}}',
    '{"a":2,"b":-3,"d":"x","big":5}',
    '',
  ].join('\n'),
  // Each line has a field of its own, so the inferred fields name the lines the inference read.
  'data/sampled.json':
    Array.from({ length: 24 }, (_, i) => `{"f${String(i).padStart(2, '0')}":${i}}`).join('\n') + '\n',
  'data/sampled.csv': ['n', 'x0', ...Array.from({ length: 23 }, (_, i) => String(i + 1))].join('\n') + '\n',
  'data/customers.json': [
    '{"name":"Ada","address":{"city":"London","zip":null},"orders":[{"id":1,"total":2.5},{"id":2,"total":3}]}',
    '{"name":"Grace","address":{"city":"Arlington","zip":"22201"},"orders":[]}',
    '{"name":"Alan","orders":[{"id":3}]}',
    '',
  ].join('\n'),
});
const events: SparkEvent[] = [];
const sc = new SparkContext({ executors: 'in-process', fileSystem, onEvent: (e) => events.push(e) });
const printed: string[] = [];
const spark = new SparkSession(sc, { print: (text) => printed.push(text) });
afterAll(() => sc.stop());

const jobsSince = (from: number) => jobTaskCounts(events, from);

describe('spark.read', () => {
  it('reads CSV with a header and inferred types in a first-line job and an inference job', async () => {
    const from = events.length;
    const df = await spark.read.csv('data/orders.csv', { header: true, inferSchema: true });
    expect(df.dtypes).toEqual([
      ['order_id', 'int'],
      ['product', 'string'],
      ['qty', 'int'],
      ['price', 'double'],
      ['day', 'date'],
    ]);
    expect(jobsSince(from)).toEqual([[1], [1]]);
    const rows = await df.collect();
    expect(rows.map((r) => [r.order_id, r.product, r.qty])).toEqual([
      [1, 'apple', 3],
      [2, 'bean', 10],
      [3, 'apple', 1],
      [4, 'carrot', 6],
      [5, 'bean', null],
      [6, 'dried, figs', 2],
    ]);
  });

  it('splits a file into FilePartitions and reads every line once, the header only at the file start', async () => {
    spark.conf.set('spark.sql.files.maxPartitionBytes', 100);
    spark.conf.set('spark.sql.files.openCostInBytes', 16);
    try {
      const df = await spark.read.csv('data/orders.csv', { header: true, inferSchema: true });
      expect(df.dtypes.map(([, t]) => t)).toEqual(['int', 'string', 'int', 'double', 'date']);
      const from = events.length;
      const rows = await df.collect();
      expect(jobsSince(from)).toEqual([[4]]);
      expect(rows.map((r) => r.order_id)).toEqual([1, 2, 3, 4, 5, 6]);
      const text = await spark.read.text('data/orders.csv');
      expect((await text.collect()).map((r) => r.value)).toEqual(ORDERS.split('\n').slice(0, -1));
    } finally {
      spark.conf.unset('spark.sql.files.maxPartitionBytes');
      spark.conf.unset('spark.sql.files.openCostInBytes');
    }
  });

  it('infers JSON in one job: fields sorted by name, a malformed line as _corrupt_record (PERMISSIVE)', async () => {
    const from = events.length;
    const df = await spark.read.format('json').load('data/people.json');
    expect(jobsSince(from)).toEqual([[1]]);
    expect(df.dtypes).toEqual([
      ['_corrupt_record', 'string'],
      ['age', 'bigint'],
      ['langs', 'array<string>'],
      ['name', 'string'],
    ]);
    const rows = (await df.collect()).map((r) => r.asDict());
    expect(rows).toEqual([
      { _corrupt_record: null, age: 36, langs: null, name: 'Ada' },
      { _corrupt_record: null, age: 45, langs: ['COBOL'], name: 'Grace' },
      { _corrupt_record: 'not json', age: null, langs: null, name: null },
    ]);
  });

  it("infers a number written with a point or an exponent as double, as Jackson's float token (JsonInferSchema.inferField)", async () => {
    const df = await spark.read.json('data/numbers.json');
    // 1.0 and 2e3 are VALUE_NUMBER_FLOAT (DoubleType); 1.0 and 2 merge to double; "" is NullType until merged; a
    // number past a long's range is BIG_INTEGER, DecimalType(21,0) here (and with a long, DecimalType(20,0), it stays so); the empty
    // struct e is dropped (canonicalizeType, SPARK-8093).
    expect(df.dtypes).toEqual([
      ['a', 'double'],
      ['b', 'bigint'],
      ['big', 'decimal(21,0)'],
      ['c', 'double'],
      ['d', 'string'],
    ]);
    const rows = await df.collect();
    expect(rows.map(String)).toEqual([
      "Row(a=1.0, b=1, big=Decimal('100000000000000000000'), c=2000.0, d='')",
      "Row(a=2.0, b=-3, big=Decimal('5'), c=None, d='x')",
    ]);
  });

  it('reads nested JSON objects as structs and arrays of them, and shows and prints them as Spark does', async () => {
    const df = await spark.read.json('data/customers.json');
    expect(df.dtypes).toEqual([
      ['address', 'struct<city:string,zip:string>'],
      ['name', 'string'],
      ['orders', 'array<struct<id:bigint,total:double>>'],
    ]);
    const rows = await df.collect();
    expect(rows[0].address).toMatchObject({ city: 'London', zip: null });
    expect((rows[0].orders as Row[]).map((o) => o.total)).toEqual([2.5, 3]);
    expect(String(rows[2])).toBe("Row(address=None, name='Alan', orders=[Row(id=3, total=None)])");
    printed.length = 0;
    await df.printSchema();
    await df.show();
    // StructType.treeString nests a struct under an array's element; show() casts each cell with ToPrettyString:
    // a struct as {…}, a null as NULL, nested or not (Spark 3.5+, SPARK-43063).
    expect(printed.join('')).toBe(
      [
        'root',
        ' |-- address: struct (nullable = true)',
        ' |    |-- city: string (nullable = true)',
        ' |    |-- zip: string (nullable = true)',
        ' |-- name: string (nullable = true)',
        ' |-- orders: array (nullable = true)',
        ' |    |-- element: struct (containsNull = true)',
        ' |    |    |-- id: long (nullable = true)',
        ' |    |    |-- total: double (nullable = true)',
        '+------------------+-----+--------------------+',
        '|           address| name|              orders|',
        '+------------------+-----+--------------------+',
        '|    {London, NULL}|  Ada|[{1, 2.5}, {2, 3.0}]|',
        '|{Arlington, 22201}|Grace|                  []|',
        '|              NULL| Alan|         [{3, NULL}]|',
        '+------------------+-----+--------------------+',
        '',
      ].join('\n'),
    );
  });

  it("infers from a sample with samplingRatio: SampleExec's BernoulliCellSampler seeded 1 + the partition", async () => {
    // JsonUtils.sample / CSVUtils.sample: Dataset.sample(withReplacement = false, ratio, seed = 1); SampleExec keeps
    // a row when BernoulliCellSampler(0, ratio) seeded seed + partitionIndex draws below ratio (one partition here).
    const sampler = new BernoulliCellSampler(0, 0.3);
    sampler.setSeed(1);
    const kept = Array.from({ length: 24 }, (_, i) => i).filter(() => sampler.sample() > 0);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(24);
    const from = events.length;
    const json = await spark.read.json('data/sampled.json', { samplingRatio: 0.3 });
    expect(jobsSince(from)).toEqual([[1]]);
    expect(json.columns).toEqual(kept.map((i) => `f${String(i).padStart(2, '0')}`));
    expect((await spark.read.json('data/sampled.json', { samplingRatio: 1 })).columns).toHaveLength(24);
    // CSV: the header line takes the first draw; the first value (not a number) is left out of this sample, so the
    // column infers as int, where every line makes it a string.
    expect(kept).not.toContain(1);
    const read = (samplingRatio: number) =>
      spark.read.csv('data/sampled.csv', { header: true, inferSchema: true, samplingRatio });
    expect((await read(0.3)).dtypes).toEqual([['n', 'int']]);
    expect((await read(1)).dtypes).toEqual([['n', 'string']]);
    await expect(spark.read.json('data/sampled.json', { samplingRatio: 0 })).rejects.toThrow(
      'requirement failed: samplingRatio (0.0) should be greater than 0',
    );
  });

  it("runs no job with a schema, and FAILFAST fails the task with Spark's malformed-record error", async () => {
    const from = events.length;
    const df = await spark.read
      .schema('order_id INT, product STRING, qty INT, price DOUBLE, day DATE')
      .options({ header: true, mode: 'FAILFAST' })
      .csv('data/people.json');
    expect(jobsSince(from)).toEqual([]);
    await expect(df.collect()).rejects.toThrow(
      /\[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION\] Malformed records are detected in record parsing/,
    );
  });

  it("names a path that does not exist with Spark's PATH_NOT_FOUND and the files that do", async () => {
    await expect(spark.read.csv('data/order.csv')).rejects.toThrow(
      /^\[PATH_NOT_FOUND\] Path does not exist: data\/order.csv. SQLSTATE: 42K03\nFiles that exist, nearest names first: data\/orders.csv/,
    );
    await expect(spark.read.format('avro').load('data/orders.csv')).rejects.toThrow(/^\[DATA_SOURCE_NOT_FOUND\]/);
  });
});
