import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { PYODIDE_VERSION } from '../../engine/python/version';
import { JSV_ERROR_MODULE, RUNTIME_WASM } from '../../engine/python/compiled-runtime';
import { nodePython, py } from './python-harness';
import { F } from '../../engine/sql';

beforeAll(async () => {
  await nodePython();
}, 180_000);

test("the bundled Pyodide's folder is named after the installed package's version", () => {
  const installed = JSON.parse(readFileSync('node_modules/pyodide/package.json', 'utf8')) as { version: string };
  expect(PYODIDE_VERSION).toBe(installed.version);
});

test("the compiled runtime's hook gives the runtime what the installed loader's own hook gives it", () => {
  // compiled-runtime.ts replaces the loader's instantiateWasm hook (getInstantiateWasmFunc in pyodide.mjs), which
  // fetches `indexURL + "pyodide.asm.wasm"` as it reads its options and adds the two imports of this module.
  const loader = readFileSync('node_modules/pyodide/pyodide.mjs', 'utf8');
  expect(loader).toContain(`W("${JSV_ERROR_MODULE}")`);
  expect(loader).toContain(`_(e+"${RUNTIME_WASM}")`);
  expect(loader).toContain('instantiateWasm:Ie(e.indexURL)');
});

describe('portable_hash places keys as 64-bit CPython with PYTHONHASHSEED=0 does', () => {
  // Values printed by 64-bit CPython 3.11 (`PYTHONHASHSEED=0 python3 -c "print(hash(x))"`); 3.14 hashes alike.
  test.each([
    ['"a"', 4644417185603328019n],
    ['"spark"', 226417650480810963n],
    ['"ñandú"', -686981888252856902n],
    ['"日本語"', 7116994712188270n],
    ['b"x"', -3368204716105132637n],
    ['2**70', 512n],
    ['-1', -2n],
    ['1.5', 1152921504606846977n],
    ['3+4j', 4000015n],
  ])('hash of %s', async (expr, expected) => {
    const value = await py(`from pyspark.core.rdd import portable_hash\nstr(portable_hash(${expr}))`);
    expect(BigInt(value as string)).toBe(expected);
  });

  test('tuples mix their items with 64-bit arithmetic, as PySpark does', async () => {
    // 64-bit CPython: PySpark's loop over ("a", 1) with sys.maxsize = 2**63 - 1.
    const expected = (() => {
      const mask = (1n << 63n) - 1n;
      let h = 0x345678n;
      for (const item of [4644417185603328019n, 1n]) {
        h ^= item;
        h = (h * 1000003n) & mask;
      }
      return h ^ 2n;
    })();
    expect(
      BigInt((await py(`from pyspark.core.rdd import portable_hash\nstr(portable_hash(("a", 1)))`)) as string),
    ).toBe(expected);
  });
});

describe('serializers batch as PySpark does', () => {
  test('AutoBatchedSerializer doubles its batches from one element until they reach 64 KiB', async () => {
    const sizes = await py(`
from pyspark.serializers import AutoBatchedSerializer, CPickleSerializer
ser = AutoBatchedSerializer(CPickleSerializer())
records = list(ser.dump_stream(range(100)))
[len(CPickleSerializer().loads(r)) for r in records]
`);
    expect(sizes).toEqual([1, 2, 4, 8, 16, 32, 37]);
  });

  test('parallelize-style batches of a fixed size round-trip', async () => {
    expect(
      await py(`
from pyspark.serializers import BatchedSerializer, CPickleSerializer
ser = BatchedSerializer(CPickleSerializer(), 3)
records = list(ser.dump_stream(list(range(10))))
[len(records), list(ser.load_stream(records))]
`),
    ).toEqual([4, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  test('a cartesian record pairs every element of one batch with every element of the other', async () => {
    expect(
      await py(`
from pyspark.serializers import BatchedSerializer, CartesianDeserializer, CPickleSerializer, UTF8Deserializer
left = BatchedSerializer(CPickleSerializer(), 2)
records = [(r, "x") for r in left.dump_stream([1, 2])]
[list(p) for p in CartesianDeserializer(left, UTF8Deserializer()).load_stream(records)]
`),
    ).toEqual([
      [1, 'x'],
      [2, 'x'],
    ]);
  });
});

describe("a task's Python (pyspark.worker.main)", () => {
  test("runs the command's functions over the partition and returns the records and accumulator updates", async () => {
    const result = await py(`
from pyspark.worker import main
from pyspark.accumulators import Accumulator, INT_ACCUMULATOR_PARAM
from pyspark.serializers import BatchedSerializer, CPickleSerializer, CloudPickleSerializer, AutoBatchedSerializer
seen = Accumulator(7, 0, INT_ACCUMULATOR_PARAM)
def func(split, iterator):
    for x in iterator:
        seen.add(1)
        yield (split, x * 10)
ser = BatchedSerializer(CPickleSerializer(), 2)
command = CloudPickleSerializer().dumps((func, None, ser, AutoBatchedSerializer(CPickleSerializer())))
info = {"stageId": 3, "partitionId": 1, "attemptNumber": 0, "taskAttemptId": 9}
out, updates, error = main(command, 1, list(ser.dump_stream([1, 2, 3])), info, {})
[list(AutoBatchedSerializer(CPickleSerializer()).load_stream(out)), [CPickleSerializer().loads(u) for u in updates], error]
`);
    expect(result).toEqual([
      [
        [1, 10],
        [1, 20],
        [1, 30],
      ],
      [[7, 3]],
      undefined,
    ]);
  });

  test("returns the Python traceback when the user's function raises", async () => {
    const error = await py(`
from pyspark.worker import main
from pyspark.serializers import BatchedSerializer, CPickleSerializer, CloudPickleSerializer
def func(split, iterator):
    return (1 // x for x in iterator)
ser = BatchedSerializer(CPickleSerializer(), 10)
command = CloudPickleSerializer().dumps((func, None, ser, ser))
info = {"stageId": 0, "partitionId": 0, "attemptNumber": 0, "taskAttemptId": 0}
main(command, 0, list(ser.dump_stream([1, 0])), info, {})[2]
`);
    expect(error).toMatch(/^Traceback \(most recent call last\):\n/);
    expect(error).toMatch(/ZeroDivisionError: division by zero\n$/);
  });
});

describe("pyspark.sql.types: rows and schemas as PySpark's types.py makes them", () => {
  test('createDataFrame infers ints as bigint, floats as double, a dict with its keys sorted, nulls merged away', async () => {
    const schema = await py(`
from functools import reduce
from pyspark.sql.types import _infer_schema, _merge_type
rows = [{"name": "ada", "age": 36}, {"name": "bob", "age": None, "score": 1.5}]
reduce(_merge_type, [_infer_schema(r) for r in rows]).simpleString()
`);
    expect(schema).toBe('struct<age:bigint,name:string,score:double>');
  });

  test('types differing other than by null do not merge (CANNOT_MERGE_TYPE)', async () => {
    const message = await py(`
from pyspark.sql.types import LongType, DoubleType, _merge_type
try:
    _merge_type(LongType(), DoubleType())
except TypeError as e:
    message = str(e)
message
`);
    expect(message).toBe('[CANNOT_MERGE_TYPE] Can not merge type `LongType` and `DoubleType`.');
  });

  test('a Row is a tuple with named fields; a Row of names makes rows; it pickles with its fields', async () => {
    const result = await py(`
import pickle
from pyspark.sql.types import Row
Person = Row("name", "age")
ann = Person("ann", 3)
back = pickle.loads(pickle.dumps(ann))
[repr(ann), ann.age, ann["name"], tuple(ann) == ("ann", 3), repr(back), "age" in ann]
`);
    expect(result).toEqual(["Row(name='ann', age=3)", 3, 'ann', true, "Row(name='ann', age=3)", true]);
  });

  test("schemas print and travel as Spark's JSON, read back to equal types", async () => {
    const result = await py(`
from pyspark.sql.types import *
from pyspark.sql.types import _parse_datatype_json_string
s = StructType([StructField("id", LongType(), False), StructField("tags", ArrayType(StringType()), True)])
back = _parse_datatype_json_string(s.json())
[repr(s), back == s, s.json()]
`);
    expect(result).toEqual([
      "StructType([StructField('id', LongType(), False), StructField('tags', ArrayType(StringType(), True), True)])",
      true,
      '{"fields":[{"metadata":{},"name":"id","nullable":false,"type":"long"},{"metadata":{},"name":"tags","nullable":true,"type":{"containsNull":true,"elementType":"string","type":"array"}}],"type":"struct"}',
    ]);
  });
});

describe("pyspark.sql.functions reaches the engine by PySpark 4.0's names", () => {
  test("count_distinct and its alias countDistinct make the engine's count(DISTINCT …)", async () => {
    // The session's bridge is the engine's F (engine/python/sql-bridge.ts gives it as `functions`); building a
    // Column calls it at once, with no action (which needs JSPI, absent from Node).
    const interpreter = await nodePython();
    interpreter.registerJsModule('kindling_test_functions', { functions: F });
    const texts = await py(`
import kindling_test_functions
from pyspark.sql.session import SparkSession
from pyspark.sql import functions as F

class Session:
    _jbridge = kindling_test_functions

saved = SparkSession._instantiatedSession
SparkSession._instantiatedSession = Session()
try:
    texts = [str(F.count_distinct("city")), str(F.countDistinct("city", F.col("day"))), F.count_distinct is F.countDistinct]
finally:
    SparkSession._instantiatedSession = saved
texts
`);
    expect(texts).toEqual(["Column<'count(DISTINCT city)'>", "Column<'count(DISTINCT city, day)'>", true]);
  });
});
