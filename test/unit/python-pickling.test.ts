import { beforeAll, describe, expect, test } from 'vitest';
import { nodePython, py } from './python-harness';

// Pickling functions by value (pyspark/closures.py): what executors rebuild must behave as the driver's did.
beforeAll(async () => {
  await nodePython();
}, 180_000);

/** Pickles `expr` in a simulated driver `__main__`, then unpickles it where none of the program's names exist. */
const roundTrip = (program: string, expr: string, use: string) => `
import sys, types, pickle
from pyspark import closures
main = types.ModuleType("__main__")
saved = sys.modules["__main__"]
sys.modules["__main__"] = main
exec(compile(${JSON.stringify(program)}, "prog.py", "exec"), main.__dict__)
data = closures.dumps(eval(${JSON.stringify(expr)}, main.__dict__))
exec("changed_after_pickling = True", main.__dict__)
sys.modules["__main__"] = types.ModuleType("__main__")
try:
    value = pickle.loads(data)
    result = eval(${JSON.stringify(use)}, {"value": value})
finally:
    sys.modules["__main__"] = saved
result
`;

describe('functions travel by value', () => {
  test('a lambda takes the globals and closure values it reads, as they were when pickled', async () => {
    const program = `
rate = 3
def make(offset):
    return lambda x: x * rate + offset
f = make(10)
rate = 4
`;
    expect(await py(roundTrip(program, 'f', 'value(2)'))).toBe(18);
  });

  test('a function of the program that calls another and itself finds them on the other side', async () => {
    const program = `
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
def twice(x):
    return 2 * fact(x)
`;
    expect(await py(roundTrip(program, 'twice', 'value(5)'))).toBe(240);
  });

  test('a class of the program and its instances travel, methods and super() included', async () => {
    const program = `
class Shape:
    sides = 0
    def describe(self):
        return "%s with %d sides" % (type(self).__name__, self.sides)
class Square(Shape):
    sides = 4
    def __init__(self, size):
        self.size = size
    def describe(self):
        return super().describe() + " of " + str(self.size)
shapes = [Square(2), Square(3)]
`;
    expect(await py(roundTrip(program, 'shapes', '[s.describe() for s in value]'))).toEqual([
      'Square with 4 sides of 2',
      'Square with 4 sides of 3',
    ]);
  });

  test('one class unpickled twice stays one class, so isinstance holds across jobs', async () => {
    const program = `
class Point:
    def __init__(self, x):
        self.x = x
a = Point(1)
`;
    const source = `
import sys, types, pickle
from pyspark import closures
main = types.ModuleType("__main__")
saved = sys.modules["__main__"]
sys.modules["__main__"] = main
exec(compile(${JSON.stringify(program)}, "prog.py", "exec"), main.__dict__)
first = closures.dumps(main.a)
second = closures.dumps(main.Point)
sys.modules["__main__"] = types.ModuleType("__main__")
try:
    instance = pickle.loads(first)
    cls = pickle.loads(second)
    result = isinstance(instance, cls)
finally:
    sys.modules["__main__"] = saved
result
`;
    expect(await py(source)).toBe(true);
  });

  test('an attribute named like a global does not drag that global along', async () => {
    const program = `
import threading
lock = threading.Lock()
f = lambda obj: obj.lock
`;
    expect(await py(roundTrip(program, 'f', 'value(type("O", (), {"lock": 7})())'))).toBe(7);
  });
});

describe('objects that cannot travel fail as PySpark says', () => {
  const failure = (program: string) => `
import sys, types
from pyspark.serializers import CloudPickleSerializer
main = types.ModuleType("__main__")
exec(compile(${JSON.stringify(program)}, "prog.py", "exec"), main.__dict__)
try:
    CloudPickleSerializer().dumps(main.f)
    message = None
except Exception as e:
    message = "%s.%s: %s" % (type(e).__module__, type(e).__name__, e)
message
`;

  test('a lock', async () => {
    expect(await py(failure('import threading\nlock = threading.Lock()\nf = lambda x: lock'))).toBe(
      "_pickle.PicklingError: Could not serialize object: TypeError: cannot pickle '_thread.lock' object",
    );
  });

  test('a generator', async () => {
    expect(await py(failure('def g():\n    yield 1\ngen = g()\nf = lambda x: next(gen)'))).toBe(
      "_pickle.PicklingError: Could not serialize object: TypeError: cannot pickle 'generator' object",
    );
  });

  test('a SparkContext (the object PySpark forbids in tasks)', async () => {
    const program = `
from pyspark.core.context import SparkContext
sc = object.__new__(SparkContext)
f = lambda x: sc.defaultParallelism
`;
    expect(await py(failure(program))).toBe(
      '_pickle.PicklingError: Could not serialize object: PySparkRuntimeError: [CONTEXT_ONLY_VALID_ON_DRIVER] ' +
        'It appears that you are attempting to reference SparkContext from a broadcast variable, action, or ' +
        'transformation. SparkContext can only be used on the driver, not in code that it run on workers. ' +
        'For more information, see SPARK-5063.',
    );
  });
});
