import { describe, expect, it } from 'vitest';
import {
  __kindlingClosure,
  deserializeFunction,
  describeValue,
  serializeFunction,
  TaskNotSerializableError,
  type AnyFunction,
  withEnv,
  type DeserializeHooks,
  type SerializeHooks,
  type SerializedFunction,
} from '../../engine/closure/closure';

/** Serializes, clones as postMessage would, and rebuilds. */
function roundTrip<F extends AnyFunction>(
  fn: AnyFunction,
  hooks: SerializeHooks = {},
  deserializeHooks: Partial<DeserializeHooks> = {},
): F {
  const wire = structuredClone(serializeFunction(fn, 'the function passed to map at line 1', hooks));
  return deserializeFunction(wire, { globals: { console }, ...deserializeHooks }) as F;
}

function serializationError(
  fn: AnyFunction,
  hooks: SerializeHooks = {},
  description = 'the function passed to map at line 4',
) {
  try {
    serializeFunction(fn, description, hooks);
  } catch (error) {
    if (error instanceof TaskNotSerializableError) return error;
    throw error;
  }
  throw new Error('expected TaskNotSerializableError');
}

/** Stand-ins for the engine's driver-only objects. */
class FakeSparkContext {}
class FakeRDD {}
const driverHooks: SerializeHooks = {
  driverOnly: (value) =>
    value instanceof FakeSparkContext ? 'a SparkContext' : value instanceof FakeRDD ? 'an RDD' : undefined,
};

describe('capture by value', () => {
  it('ships the values as they were at serialization', () => {
    let factor = 3;
    const triple = __kindlingClosure((x: number) => x * factor, '(x) => x * factor', 1, { factor: () => factor });
    const wire = serializeFunction(triple, 'the function passed to map');
    factor = 100;
    const rebuilt = deserializeFunction(wire, { globals: {} }) as (x: number) => number;
    expect(rebuilt(2)).toBe(6);
    expect(triple(2)).toBe(200);
  });

  it('gives each rebuilt copy its own data, as each task deserializes its own', () => {
    const seen: string[] = [];
    const record = withEnv((x: string) => (seen.push(x), seen.length), { seen });
    const wire = serializeFunction(record, 'the function passed to foreach');
    const first = deserializeFunction(wire, { globals: {} }) as (x: string) => number;
    const second = deserializeFunction(wire, { globals: {} }) as (x: string) => number;
    expect([first('a'), first('b'), second('c')]).toEqual([1, 2, 1]);
    expect(seen).toEqual([]);
  });

  it('round-trips plain data of every supported kind', () => {
    const data = {
      nothing: undefined,
      empty: null,
      flag: true,
      nan: NaN,
      negativeZero: -0,
      big: 2n ** 70n,
      text: 'é\n"',
      list: [1, [2, { three: 3 }]],
      map: new Map<unknown, unknown>([
        ['a', 1],
        [{ k: 1 }, new Set([1, 2])],
      ]),
      date: new Date(1_700_000_000_000),
      pattern: /ab+c/gi,
      bytes: new Uint8Array([1, 2, 3]),
      floats: new Float64Array([0.5]),
      buffer: new Uint16Array([7, 8]).buffer,
      bare: Object.assign(Object.create(null) as Record<string, number>, { x: 1 }),
      lookalike: { kind: 'function-ref', id: 0 },
    };
    const read = roundTrip<() => typeof data>(withEnv(() => data, { data }))();
    expect(read).not.toBe(data);
    expect(read.nothing).toBeUndefined();
    expect('nothing' in read).toBe(true);
    expect(read.empty).toBeNull();
    expect(read.nan).toBeNaN();
    expect(Object.is(read.negativeZero, -0)).toBe(true);
    expect(read.big).toBe(2n ** 70n);
    expect(read.text).toBe('é\n"');
    expect(read.list).toEqual([1, [2, { three: 3 }]]);
    expect(read.map).toBeInstanceOf(Map);
    expect(read.map.get('a')).toBe(1);
    expect([...read.map.values()][1]).toEqual(new Set([1, 2]));
    expect(read.date.getTime()).toBe(1_700_000_000_000);
    expect(read.pattern.source).toBe('ab+c');
    expect(read.pattern.flags).toBe('gi');
    expect(read.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(read.floats).toBeInstanceOf(Float64Array);
    expect([...new Uint16Array(read.buffer)]).toEqual([7, 8]);
    expect(Object.getPrototypeOf(read.bare)).toBeNull();
    expect(read.bare.x).toBe(1);
    // A user's object shaped like a tag stays a user's object.
    expect(read.lookalike).toEqual({ kind: 'function-ref', id: 0 });
  });

  it('copies binary data at serialization', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const wire = serializeFunction(
      withEnv(() => bytes[0], { bytes }),
      'the function passed to map',
    );
    bytes[0] = 99;
    expect((deserializeFunction(wire, { globals: {} }) as () => number)()).toBe(1);
  });

  it('shares one object referenced twice without calling it a cycle', () => {
    const shared = { n: 1 };
    const pair = { left: shared, right: shared };
    expect(roundTrip<() => number>(withEnv(() => pair.left.n + pair.right.n, { pair }))()).toBe(2);
  });

  it('reads a variable still in its temporal dead zone as a clear error', () => {
    const fn = __kindlingClosure(() => 1, '() => later', 1, {
      later: () => {
        throw new ReferenceError("Cannot access 'later' before initialization");
      },
    });
    expect(() => serializeFunction(fn, 'the function passed to map')).toThrow(
      "the function passed to map captures `later`, which could not be read: Cannot access 'later' before initialization",
    );
  });
});

describe('functions inside the closure', () => {
  it('rebuilds self-recursion', () => {
    const fact: (n: number) => number = __kindlingClosure(
      (n: number): number => (n < 2 ? 1 : n * fact(n - 1)),
      'n => n < 2 ? 1 : n * fact(n - 1)',
      1,
      { fact: () => fact },
    );
    const wire = serializeFunction(fact, 'the function passed to map');
    expect(wire.env.fact).toEqual({ kind: 'function-ref', id: 0 });
    expect(roundTrip<(n: number) => number>(fact)(6)).toBe(720);
  });

  it('rebuilds mutual recursion among captured functions', () => {
    const isEven: (n: number) => boolean = __kindlingClosure(
      function isEven(n: number): boolean {
        return n === 0 ? true : isOdd(n - 1);
      },
      'function isEven(n) { return n === 0 ? true : isOdd(n - 1) }',
      1,
      { isOdd: () => isOdd },
    );
    const isOdd: (n: number) => boolean = __kindlingClosure(
      function isOdd(n: number): boolean {
        return n === 0 ? false : isEven(n - 1);
      },
      'function isOdd(n) { return n === 0 ? false : isEven(n - 1) }',
      2,
      { isEven: () => isEven },
    );
    const check = withEnv((n: number) => [isEven(n), isOdd(n)], { isEven, isOdd });
    expect(roundTrip<(n: number) => boolean[]>(check)(7)).toEqual([false, true]);
  });

  it('rebuilds a cycle through data: an object whose methods use the object', () => {
    const ops: { run: (x: number) => number; helper: (x: number) => number } = {
      run: __kindlingClosure((x: number) => ops.helper(x) + 1, '(x) => ops.helper(x) + 1', 1, { ops: () => ops }),
      helper: __kindlingClosure((x: number) => x * 2, '(x) => x * 2', 1, {}),
    };
    expect(roundTrip<(x: number) => number>(withEnv((x: number) => ops.run(x), { ops }))(5)).toBe(11);
  });

  it('keeps one identity for a helper captured twice', () => {
    const helper = withEnv((x: number) => x + 1, {});
    const first = helper;
    const second = helper;
    const both = withEnv(() => first === second, { first, second });
    expect(roundTrip<() => boolean>(both)()).toBe(true);
  });

  it('rebuilds generators, async functions and declarations', async () => {
    const doubler = __kindlingClosure(
      function* (it: Iterable<number>) {
        for (const x of it) yield x * 2;
      },
      'function*(it){ for (const x of it) yield x*2 }',
      1,
      {},
    );
    expect([...roundTrip<(it: number[]) => Iterable<number>>(doubler)([1, 2])]).toEqual([2, 4]);

    const offset = 10;
    const later = __kindlingClosure(async (x: number) => (await x) + offset, 'async (x) => (await x) + offset', 1, {
      offset: () => offset,
    });
    await expect(roundTrip<(x: number) => Promise<number>>(later)(1)).resolves.toBe(11);

    const declared = __kindlingClosure(
      function named(x: number) {
        return x * 3;
      },
      'function named(x) { return x * 3 }',
      1,
      {},
    );
    const rebuilt = roundTrip<(x: number) => number>(declared);
    expect(rebuilt(2)).toBe(6);
    expect(rebuilt.name).toBe('named');
  });

  it('ships an object method written in shorthand', () => {
    const helpers = {
      double(x: number) {
        return x * 2;
      },
    };
    expect(roundTrip<(x: number) => number>(withEnv((x: number) => helpers.double(x), { helpers }))(4)).toBe(8);
  });

  it('ships a class with no free variables by its source', () => {
    class Point {
      constructor(readonly x: number) {}
      norm() {
        return Math.abs(this.x);
      }
    }
    const make = withEnv((x: number) => new Point(x).norm(), { Point });
    expect(roundTrip<(x: number) => number>(make)(-3)).toBe(3);
  });

  it('ships built-ins by name, as the task function or captured', () => {
    expect(serializeFunction(Boolean, 'the function passed to filter')).toMatchObject({
      source: 'Boolean',
      form: 'native',
    });
    expect(roundTrip<(x: unknown) => boolean>(Boolean)(0)).toBe(false);
    expect(roundTrip<(x: string) => number>(Number)('42')).toBe(42);
    const largest = Math.max;
    const wire = serializeFunction(
      withEnv((a: number[]) => largest(...a), { largest }),
      'the function passed to map',
    );
    expect(wire.env.largest).toEqual({ kind: 'native', path: 'Math.max' });
    expect((deserializeFunction(wire, { globals: {} }) as (a: number[]) => number)([1, 5, 2])).toBe(5);
  });

  it('ships an unannotated function that uses only globals', () => {
    const fn = (x: number) => Math.round(x * 10) / 10 + JSON.stringify([x]).length;
    expect(roundTrip<(x: number) => number>(fn)(1.26)).toBe(1.3 + '[1.26]'.length);
  });
});

describe('executor globals and engine objects', () => {
  it('puts the executor globals in scope', () => {
    const wire: SerializedFunction = { source: '() => TaskContext.get().partitionId()', env: {} };
    const TaskContext = { get: () => ({ partitionId: () => 3 }) };
    expect((deserializeFunction(wire, { globals: { TaskContext } }) as () => number)()).toBe(3);
  });

  it('sends engine objects through special and brings them back through revive', () => {
    class Broadcast {
      constructor(readonly id: number) {}
      value() {
        return ['x', 'y'][this.id];
      }
    }
    const handle = new Broadcast(1);
    const fn = withEnv(() => handle.value(), { handle });
    const wire = serializeFunction(fn, 'the function passed to map', {
      special: (value) => (value instanceof Broadcast ? { tag: 'broadcast', data: { id: value.id } } : undefined),
    });
    expect(wire.env.handle).toEqual({ kind: 'special', tag: 'broadcast', data: { id: 1 } });
    const rebuilt = deserializeFunction(structuredClone(wire), {
      globals: {},
      revive: (tag, data) => (tag === 'broadcast' ? new Broadcast((data as { id: number }).id) : undefined),
    }) as () => string;
    expect(rebuilt()).toBe('y');
  });

  it('places a rebuilt function on its original line for stack traces', () => {
    const wire: SerializedFunction = {
      source: '(x) => {\n  if (x) throw new Error("boom");\n  return helper(x);\n}',
      env: {
        helper: {
          kind: 'function',
          id: 1,
          fn: { source: '(x) => { throw new Error("helper " + x); }', env: {}, line: 12 },
        },
      },
      line: 7,
    };
    const rebuilt = deserializeFunction(wire, { globals: {}, sourceURL: 'wordcount.js' }) as (x: number) => void;
    const stackOf = (x: number) => {
      try {
        rebuilt(x);
      } catch (error) {
        return (error as Error).stack ?? '';
      }
      return '';
    };
    expect(stackOf(1)).toMatch(/wordcount\.js:8:\d+/);
    expect(stackOf(0)).toMatch(/wordcount\.js:12:\d+/);
  });

  it('says which function failed to rebuild', () => {
    const wire: SerializedFunction = {
      source: '() => helper()',
      env: { helper: { kind: 'function', id: 1, fn: { source: '(x) => {', env: {}, name: 'helper', line: 3 } } },
    };
    expect(() => deserializeFunction(wire, { globals: {} })).toThrow(/Cannot rebuild function `helper` \(line 3\)/);
  });
});

describe('Task not serializable', () => {
  it('names sc as a SparkContext that exists only on the driver', () => {
    const sc = new FakeSparkContext();
    const fn = __kindlingClosure(() => sc, '() => sc.parallelize([1])', 4, { sc: () => sc });
    const error = serializationError(fn, driverHooks);
    expect(error.name).toBe('TaskNotSerializableError');
    expect(error.variable).toBe('sc');
    expect(error.message).toBe(
      'Task not serializable: the function passed to map at line 4 captures `sc`, a SparkContext, which exists only on the driver. ' +
        'Use it in the driver program, outside the function: a task on an executor cannot reach the driver.\n' +
        'Serialization stack:\n - object not serializable (a SparkContext)\n - captured variable: sc',
    );
  });

  it('names an RDD used inside another RDD operation', () => {
    const other = new FakeRDD();
    const error = serializationError(
      withEnv((x: number) => [x, other], { other }),
      driverHooks,
    );
    expect(error.variable).toBe('other');
    expect(error.message).toMatch(
      /^Task not serializable: .* captures `other`, an RDD, which exists only on the driver/,
    );
  });

  it('gives the path to a value nested in data', () => {
    class Connection {}
    const config = { retries: 3, conn: new Connection() };
    const error = serializationError(withEnv(() => config.retries, { config }));
    expect(error.variable).toBe('config');
    expect(error.message).toContain(
      'captures `config`, whose .conn is an instance of class Connection, which cannot be sent to an executor',
    );
    expect(error.serializationStack).toEqual([
      'object not serializable (an instance of class Connection)',
      'captured variable: config → .conn',
    ]);
  });

  it('follows the path through a captured function', () => {
    const sc = new FakeSparkContext();
    const helper = __kindlingClosure(() => sc, '() => sc', 2, { sc: () => sc }, 'helper');
    const error = serializationError(
      withEnv(() => helper(), { helper }),
      driverHooks,
    );
    expect(error.variable).toBe('helper');
    expect(error.message).toContain('captures `helper`, whose captured `sc` is a SparkContext');
    expect(error.serializationStack).toEqual([
      'object not serializable (a SparkContext)',
      'captured variable: sc',
      'function `helper` at line 2',
      'captured variable: helper',
    ]);
  });

  it('rejects symbols, weak collections, promises and cycles', () => {
    const token = Symbol('token');
    expect(serializationError(withEnv(() => token, { token })).message).toContain(
      'captures `token`, a symbol (Symbol(token))',
    );
    const cache = new WeakMap();
    expect(serializationError(withEnv(() => cache, { cache })).message).toContain('captures `cache`, a WeakMap');
    const pending = Promise.resolve(1);
    expect(serializationError(withEnv(() => pending, { pending })).message).toContain('captures `pending`, a Promise');
    const node: { name: string; self?: unknown } = { name: 'n' };
    node.self = { back: node };
    const cyclic = serializationError(withEnv(() => node, { node }));
    expect(cyclic.message).toContain('an object that contains itself');
    expect(cyclic.serializationStack).toContain('captured variable: node → .self → .back');
  });

  it('rejects an unannotated function with free variables and suggests withEnv', () => {
    const factor = 3;
    const error = serializationError((x: number) => x * factor);
    expect(error.variable).toBe('factor');
    expect(error.message).toMatch(
      /^Task not serializable: the function passed to map at line 4 uses `factor` without capturing it/,
    );
    expect(error.message).toContain('withEnv(fn, { factor })');
  });

  it('names a captured helper that did not come through the rewriter', () => {
    const factor = 3;
    const helper = (x: number) => x * factor;
    const error = serializationError(withEnv((x: number) => helper(x), { helper }));
    expect(error.variable).toBe('helper');
    expect(error.message).toContain('captures `helper`, function helper, which uses `factor` without capturing it');
    expect(error.serializationStack).toEqual([
      'object not serializable (function helper)',
      'captured variable: helper',
    ]);
  });

  it('rejects a withEnv function missing one of its variables', () => {
    const a = 1;
    const b = 2;
    const error = serializationError(withEnv(() => a + b, { a }));
    expect(error.variable).toBe('b');
    expect(error.message).toContain('uses `b` without declaring it in withEnv');
  });

  it('rejects sc even when the driver made it global', () => {
    const scope = globalThis as { sc?: unknown };
    scope.sc = new FakeSparkContext();
    try {
      const error = serializationError(new Function('return sc.defaultParallelism') as () => number);
      expect(error.variable).toBe('sc');
    } finally {
      delete scope.sc;
    }
  });

  it('rejects bound functions and built-ins outside the table', () => {
    const bound = ((x: number) => x).bind(null);
    expect(serializationError(bound).message).toContain('is a bound function');
    const push = withEnv(() => 1, { push: Array.prototype.push });
    expect(serializationError(push).message).toContain('captures `push`, the built-in function push');
  });
});

describe('describeValue', () => {
  it('describes values for messages', () => {
    expect(describeValue(new (class Connection {})())).toBe('an instance of class Connection');
    expect(describeValue({})).toBe('a plain object');
    expect(describeValue(new WeakSet())).toBe('a WeakSet');
    expect(describeValue(Math.max)).toBe('the built-in function max');
    expect(describeValue(class Point {})).toBe('class Point');
    expect(describeValue(1n)).toBe('a bigint');
  });
});
