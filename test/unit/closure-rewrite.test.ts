import { describe, expect, it } from 'vitest';
import type * as acorn from 'acorn';
import {
  __kindlingClosure,
  closureInfo,
  deserializeFunction,
  serializeFunction,
  TaskNotSerializableError,
  type AnyFunction,
} from '../../engine/closure/closure';
import { analyzeScopes } from '../../engine/closure/free-variables';
import { parseProgram, ProgramSyntaxError, rewriteProgram } from '../../engine/closure/rewrite';
import {
  __kindlingLoopGuard,
  configureLoopGuard,
  RunawayLoopError,
  stopLoopGuard,
  DEFAULT_TIMEOUT_MS,
} from '../../engine/closure/loop-guard';

/** Free variables of every function in `source`, keyed by the function's source text. */
function freeVariables(source: string, declared: string[] = ['sc']): Record<string, string[]> {
  const { freeVariables } = analyzeScopes(parseProgram(source), declared);
  const result: Record<string, string[]> = {};
  for (const [fn, names] of freeVariables)
    result[source.slice((fn as acorn.Node).start, (fn as acorn.Node).end)] = names;
  return result;
}

/** The env names the rewritten program passes for the function whose source is `fnSource`. */
function capturedBy(source: string, fnSource: string, declared: string[] = ['sc']): string[] {
  const found = freeVariables(source, declared)[fnSource];
  if (!found) throw new Error(`no function ${fnSource} in ${source}`);
  return found;
}

function isSubsequence(needle: string, haystack: string): boolean {
  let found = 0;
  for (const char of haystack) if (char === needle[found]) found++;
  return found === needle.length;
}

type Collected = Record<string, unknown>;

/**
 * Evaluates a rewritten program the way the driver does: as the body of an async
 * function with `__kindlingClosure` (and `collect`, `sc`) in scope. Indirect eval
 * of a one-line header keeps program line N on line N of the stack trace.
 */
async function runProgram(source: string, scope: Record<string, unknown> = {}): Promise<Collected> {
  const { code } = rewriteProgram(source, { declared: ['sc'] });
  const collected: Collected = {};
  const names = ['__kindlingClosure', '__kindlingLoopGuard', 'collect', ...Object.keys(scope)];
  const indirectEval: (code: string) => unknown = globalThis.eval;
  const program = indirectEval(`(async function (${names.join(', ')}) {${code}\n})\n//# sourceURL=program.js`) as (
    ...args: unknown[]
  ) => Promise<void>;
  await program(
    __kindlingClosure,
    __kindlingLoopGuard,
    (values: Collected) => Object.assign(collected, values),
    ...Object.values(scope),
  );
  return collected;
}

/** Ships a function the way a job does: serialize on the driver, clone across the worker boundary, rebuild. */
function ship<F extends AnyFunction>(fn: unknown, globals: Record<string, unknown> = {}): F {
  const wire = structuredClone(serializeFunction(fn as AnyFunction, 'the function passed to map'));
  return deserializeFunction(wire, { globals: { console, ...globals }, sourceURL: 'program.js' }) as F;
}

describe('free variables', () => {
  it('captures the variables a lambda reads from the program', () => {
    const source = `const factor = 3; const offsets = { a: 100, b: 200 };
const out = await sc.parallelize([["a", 1], ["b", 2]], 2).map(([k, v]) => v * factor + offsets[k]).collect();`;
    expect(capturedBy(source, '([k, v]) => v * factor + offsets[k]')).toEqual(['factor', 'offsets']);
  });

  it('does not capture globals, which executors have too', () => {
    const source =
      'const f = (x) => Math.max(x, 0) + JSON.stringify(x).length + TaskContext.get().partitionId() + console.log(x) + undeclared;';
    expect(capturedBy(source, source.slice(10, -1))).toEqual([]);
  });

  it('captures sc when the host declares it, so shipping it can be caught', () => {
    const source = 'const f = (x) => sc.parallelize(x);';
    expect(capturedBy(source, '(x) => sc.parallelize(x)')).toEqual(['sc']);
    expect(capturedBy(source, '(x) => sc.parallelize(x)', [])).toEqual([]);
  });

  it('does not capture a declared name the program shadows inside the function', () => {
    const source = 'const f = (sc) => sc + 1;';
    expect(capturedBy(source, '(sc) => sc + 1')).toEqual([]);
  });

  it('treats property keys as names, shorthand and computed keys as references', () => {
    const source = `const factor = 1, key = 'k', obj = {};
const a = (o) => o.factor + ({ factor: 2 }).factor;
const b = () => ({ factor });
const c = (x) => ({ [key]: x });
const d = (o) => o[key];
const e = () => obj?.factor;`;
    expect(capturedBy(source, '(o) => o.factor + ({ factor: 2 }).factor')).toEqual([]);
    expect(capturedBy(source, '() => ({ factor })')).toEqual(['factor']);
    expect(capturedBy(source, '(x) => ({ [key]: x })')).toEqual(['key']);
    expect(capturedBy(source, '(o) => o[key]')).toEqual(['key']);
    expect(capturedBy(source, '() => obj?.factor')).toEqual(['obj']);
  });

  it('respects parameters: plain, destructured, rest and defaults', () => {
    const source = `const factor = 2, other = 3;
const a = (factor) => factor;
const b = ({ factor }) => factor;
const c = ([first, { deep: factor }]) => factor + first;
const d = (...factor) => factor;
const e = (x, y = factor) => y;
const f = (factor, y = factor) => y;
const g = ({ a = other, ...factor }) => a + factor;`;
    expect(capturedBy(source, '(factor) => factor')).toEqual([]);
    expect(capturedBy(source, '({ factor }) => factor')).toEqual([]);
    expect(capturedBy(source, '([first, { deep: factor }]) => factor + first')).toEqual([]);
    expect(capturedBy(source, '(...factor) => factor')).toEqual([]);
    expect(capturedBy(source, '(x, y = factor) => y')).toEqual(['factor']);
    expect(capturedBy(source, '(factor, y = factor) => y')).toEqual([]);
    expect(capturedBy(source, '({ a = other, ...factor }) => a + factor')).toEqual(['other']);
  });

  it('resolves block scopes per identifier, and hoists var to the function', () => {
    const source = `const factor = 2;
const a = (x) => { { const factor = 5; return factor; } };
const b = (x) => { if (x) { let factor = 1; } return factor; };
const c = (x) => { if (x) { var factor = 1; } return factor; };
const d = (xs) => { for (let factor = 0; factor < 3; factor++) {} for (const factor of xs) factor; };
const e = (x) => { switch (x) { case 1: const factor = 3; return factor; } };`;
    expect(capturedBy(source, '(x) => { { const factor = 5; return factor; } }')).toEqual([]);
    expect(capturedBy(source, '(x) => { if (x) { let factor = 1; } return factor; }')).toEqual(['factor']);
    expect(capturedBy(source, '(x) => { if (x) { var factor = 1; } return factor; }')).toEqual([]);
    expect(
      capturedBy(source, '(xs) => { for (let factor = 0; factor < 3; factor++) {} for (const factor of xs) factor; }'),
    ).toEqual([]);
    expect(capturedBy(source, '(x) => { switch (x) { case 1: const factor = 3; return factor; } }')).toEqual([]);
  });

  it('scopes catch parameters, labels and arguments', () => {
    const source = `const error = 1, message = 2, outer = 3;
const a = () => { try { } catch (error) { return error; } };
const b = () => { try { } catch ({ message }) { return message; } return error; };
const c = () => { loop: for (;;) { break loop; } };
const d = function () { return arguments.length + outer; };
function e() { return () => arguments[0]; }`;
    expect(capturedBy(source, '() => { try { } catch (error) { return error; } }')).toEqual([]);
    expect(capturedBy(source, '() => { try { } catch ({ message }) { return message; } return error; }')).toEqual([
      'error',
    ]);
    expect(capturedBy(source, '() => { loop: for (;;) { break loop; } }')).toEqual([]);
    expect(capturedBy(source, 'function () { return arguments.length + outer; }')).toEqual(['outer']);
    expect(capturedBy(source, '() => arguments[0]')).toEqual([]);
  });

  it('captures a declaration by its own name, not a named function expression', () => {
    const source = `const base = 1;
function fact(n) { return n < 2 ? base : n * fact(n - 1); }
const g = function inner(n) { return n ? inner(n - 1) : base; };`;
    expect(capturedBy(source, 'function fact(n) { return n < 2 ? base : n * fact(n - 1); }')).toEqual(['base', 'fact']);
    expect(capturedBy(source, 'function inner(n) { return n ? inner(n - 1) : base; }')).toEqual(['base']);
  });

  it('gives nested functions their own free variables, through the outer one', () => {
    const source = 'const factor = 2;\nconst add = (a) => (b) => a + b + factor;';
    expect(capturedBy(source, '(a) => (b) => a + b + factor')).toEqual(['factor']);
    expect(capturedBy(source, '(b) => a + b + factor')).toEqual(['a', 'factor']);
  });

  it('captures classes, assignment targets and template references', () => {
    const source = `class Point {}
let count = 0, a = 1, b = 2;
const f = (x) => new Point(x);
const g = (x) => { count += x; [a, b] = [b, a]; };
const h = (x) => \`\${count}: \${x}\`;
const i = () => typeof notDeclared;`;
    expect(capturedBy(source, '(x) => new Point(x)')).toEqual(['Point']);
    expect(capturedBy(source, '(x) => { count += x; [a, b] = [b, a]; }')).toEqual(['count', 'a', 'b']);
    expect(capturedBy(source, '(x) => `${count}: ${x}`')).toEqual(['count']);
    expect(capturedBy(source, '() => typeof notDeclared')).toEqual([]);
  });

  it('does not let a class expression name or method parameter leak out', () => {
    const source = `const k = 1;
const C = class Named { m(k) { return () => [k, Named]; } };`;
    expect(capturedBy(source, '() => [k, Named]')).toEqual(['k', 'Named']);
    expect(capturedBy(source, '(k) { return () => [k, Named]; }')).toEqual(['Named']);
  });
});

describe('rewriteProgram', () => {
  it('wraps a lambda in place with its source, line and getters', () => {
    const source = 'const factor = 3;\n\nrdd.map((x) => x * factor);';
    expect(rewriteProgram(source).code).toBe(
      'const factor = 3;\n\nrdd.map(__kindlingClosure((x) => x * factor, "(x) => x * factor", 3, { factor: () => factor }));',
    );
  });

  it('registers function declarations at the start of their scope, after directives', () => {
    const source = '"use strict";\nconst k = 1;\nfunction f() { return k; }';
    expect(rewriteProgram(source).code).toBe(
      '"use strict";\n__kindlingClosure(f, "function f() { return k; }", 3, { k: () => k });const k = 1;\nfunction f() { return k; }',
    );
  });

  it('leaves methods, accessors and classes alone', () => {
    const source =
      'const o = { m() { return 1; }, get g() { return 2; }, set s(v) {} };\nclass A { m() {} static s() {} }';
    expect(rewriteProgram(source).code).toBe(source);
  });

  it('never moves a line', () => {
    const source = `const factor = 3;
function helper(x) {
  return x * factor;
}
const nested = (a) =>
  (b) =>
    a + b;
const text = \`multi
line \${factor}\`;
const fn = function* (it) {
  for (const x of it) yield helper(x);
};
{
  function inBlock() { return "a\\nb"; }
}
`;
    const { code } = rewriteProgram(source);
    expect(code).not.toBe(source);
    expect(code.split('\n')).toHaveLength(source.split('\n').length);
    // Edits only insert text within a line, so each original line survives, in order, on its own line.
    const originals = source.split('\n');
    code.split('\n').forEach((line, index) => {
      expect(isSubsequence(originals[index], line), `line ${index + 1}: ${line}`).toBe(true);
    });
  });

  it('keeps line numbers in stack traces', async () => {
    const source = `const factor = 3;
const explode = (x) => {
  if (x > factor) {
    throw new Error("too big: " + x);
  }
};
function alsoExplodes() {

  throw new Error("declared");
}
collect({ explode, alsoExplodes });`;
    const { explode, alsoExplodes } = (await runProgram(source)) as {
      explode: (x: number) => void;
      alsoExplodes: () => void;
    };
    expect(() => explode(5)).toThrow('too big: 5');
    const stackOf = (run: () => void) => {
      try {
        run();
      } catch (error) {
        return (error as Error).stack ?? '';
      }
      return '';
    };
    expect(stackOf(() => explode(5))).toMatch(/program\.js:4:\d+/);
    expect(stackOf(alsoExplodes)).toMatch(/program\.js:9:\d+/);
  });

  it('reports the line of an error thrown at the top level', async () => {
    const source = 'const a = 1;\nconst f = (x) => x;\n\nnull.boom;';
    const error = await runProgram(source).catch((caught: Error) => caught);
    expect((error as Error).stack).toMatch(/program\.js:4:\d+/);
  });

  it('keeps the original source text, escapes and all', async () => {
    const source =
      'const quote = "\\"";\nconst f = (x) => `${x}\\\\${quote}\n` + \'\\u00e9\' + "\\n";\ncollect({ f });';
    const { f } = await runProgram(source);
    const info = closureInfo(f as AnyFunction)!;
    expect(info.source).toBe('(x) => `${x}\\\\${quote}\n` + \'\\u00e9\' + "\\n"');
    expect(info.line).toBe(2);
    expect((f as (x: string) => string)('a')).toBe('a\\"\n\u00e9\n');
  });

  it('keeps names, hoisting, `new function` and methods working', async () => {
    const source = `const early = hoisted(2);
function hoisted(x) { return x * 10; }
const double = (x) => x * 2;
let assigned; assigned = function () {};
const o = { prop: () => 1, method() { return this.prop() + 1; } };
const made = new function () { this.value = 7; };
collect({ early, hoisted, double, assigned, o, made });`;
    const got = await runProgram(source);
    expect(got.early).toBe(20);
    expect(closureInfo(got.hoisted as AnyFunction)?.line).toBe(2);
    expect((got.double as AnyFunction).name).toBe('double');
    expect((got.assigned as AnyFunction).name).toBe('assigned');
    expect(((got.o as { prop: AnyFunction }).prop as AnyFunction).name).toBe('prop');
    expect((got.o as { method(): number }).method()).toBe(2);
    expect(closureInfo((got.o as { method: AnyFunction }).method)).toBeUndefined();
    expect((got.made as { value: number }).value).toBe(7);
  });

  it('registers functions declared in blocks and switch cases', async () => {
    const source = `const k = 4;
let fromBlock, fromSwitch;
{ fromBlock = inBlock; function inBlock() { return k; } }
switch (k) { case 4: fromSwitch = inCase; function inCase() { return k + 1; } }
collect({ fromBlock, fromSwitch });`;
    const got = await runProgram(source);
    expect(closureInfo(got.fromBlock as AnyFunction)?.env.k?.()).toBe(4);
    expect(closureInfo(got.fromSwitch as AnyFunction)?.source).toBe('function inCase() { return k + 1; }');
  });

  it('produces functions that survive the trip to an executor', async () => {
    const source = `const factor = 3; const offsets = { a: 100, b: 200 };
const pair = ([k, v]) => v * factor + offsets[k];
const fact = (n) => (n < 2 ? 1 : n * fact(n - 1));
function isEven(n) { return n === 0 ? true : isOdd(n - 1); }
function isOdd(n) { return n === 0 ? false : isEven(n - 1); }
const doubler = function* (it) { for (const x of it) yield x * 2; };
const slow = async (x) => { await null; return x + factor; };
const partition = () => TaskContext.get().partitionId();
collect({ pair, fact, isEven, doubler, slow, partition });`;
    const got = await runProgram(source);
    expect(ship<(kv: [string, number]) => number>(got.pair)(['b', 2])).toBe(206);
    expect(ship<(n: number) => number>(got.fact)(5)).toBe(120);
    expect(ship<(n: number) => boolean>(got.isEven)(10)).toBe(true);
    expect([...ship<(it: number[]) => Iterable<number>>(got.doubler)([1, 2, 3])]).toEqual([2, 4, 6]);
    await expect(ship<(x: number) => Promise<number>>(got.slow)(1)).resolves.toBe(4);
    const TaskContext = { get: () => ({ partitionId: () => 7 }) };
    expect(ship<() => number>(got.partition, { TaskContext })()).toBe(7);
  });

  it('reads captured variables at submission, not at definition', async () => {
    const source = `let threshold = 1;
const keep = (x) => x > threshold;
threshold = 10;
collect({ keep, bump: () => { threshold = 100; } });`;
    const got = await runProgram(source);
    const shipped = ship<(x: number) => boolean>(got.keep);
    (got.bump as () => void)();
    expect(shipped(5)).toBe(false);
    expect(shipped(11)).toBe(true);
  });

  it('fails with "Task not serializable" when a lambda uses sc', async () => {
    const sc = { parallelize: () => undefined };
    const source = 'const f = (x) => sc.parallelize([x]);\ncollect({ f });';
    const { f } = await runProgram(source, { sc });
    let caught: unknown;
    try {
      serializeFunction(f as AnyFunction, 'the function passed to map at line 1', {
        driverOnly: (value) => (value === sc ? 'a SparkContext' : undefined),
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TaskNotSerializableError);
    expect((caught as TaskNotSerializableError).variable).toBe('sc');
    expect((caught as Error).message).toMatch(/^Task not serializable: .*`sc`, a SparkContext/);
  });
});

describe('blocking transformations', () => {
  const settle = (call: string) => `(await __kindlingSettle(${call})).value`;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('awaits sortByKey, sortBy and zipWithIndex where the program can wait', () => {
    const source = [
      'const s = rdd.sortByKey();',
      'const t = rdd.sortBy((x) => x, false, 4).zipWithIndex();',
      'async function f(r) { return r.sortByKey(); }',
      'const g = async (r) => r?.sortBy(h);',
    ].join('\n');
    const lines = rewriteProgram(source).code.split('\n');
    expect(lines[0]).toMatch(new RegExp(`const s = ${escape(settle('rdd.sortByKey()'))};$`));
    // The inner call is settled first, then the call on its result.
    expect(lines[1]).toMatch(/^const t = \(await __kindlingSettle\(\(await __kindlingSettle\(rdd\.sortBy\(/);
    expect(lines[1]).toMatch(/\)\)\.value\.zipWithIndex\(\)\)\)\.value;$/);
    expect(lines[2]).toContain(`return ${settle('r.sortByKey()')};`);
    // An optional chain is settled whole, keeping its short circuit.
    expect(lines[3]).toContain(settle('r?.sortBy(h)'));
  });

  it('leaves calls alone where await is not allowed, and other methods everywhere', () => {
    const source = [
      'rdds.forEach((r) => r.sortByKey());',
      'function plain(r) { return r.zipWithIndex(); }',
      'async function params(r = x.sortBy(f)) {}',
      'class C { field = y.sortByKey(); static { z.sortBy(f); } }',
      'const m = rdd.map(f).sort();',
      'const n = rdd["sortByKey"]();',
    ].join('\n');
    expect(rewriteProgram(source).code).not.toContain('__kindlingSettle');
  });

  it('settles an optional chain as a whole when a blocking call is inside it', () => {
    expect(rewriteProgram('const o = a?.sortBy(f).map(g);').code).toBe(`const o = ${settle('a?.sortBy(f).map(g)')};`);
  });

  it('hands the value back untouched, thenables included', async () => {
    const thenable = { then: () => 'not a promise', sortBy: () => thenable };
    const { value } = (await runProgram('collect({ value: t.sortBy() });', {
      t: thenable,
      __kindlingSettle: async (v: unknown) => ({ value: v }),
    })) as { value: unknown };
    expect(value).toBe(thenable);
  });
});

describe('loop guards', () => {
  it('starts every loop body with a guard naming the loop line, but for…in', () => {
    const source = [
      'while (a) { b(); }',
      'do c(); while (d);',
      'for (let i = 0; i < 3; i++) e(i);',
      'for (const x of xs) for (const y of ys) f(x, y);',
      'for (const k in o) g(k);',
      'outer: for (;;) { break outer; }',
    ].join('\n');
    expect(rewriteProgram(source).code.split('\n')).toEqual([
      'while (a) { __kindlingLoopGuard(1); b(); }',
      'do { __kindlingLoopGuard(2); c(); } while (d);',
      'for (let i = 0; i < 3; i++) { __kindlingLoopGuard(3); e(i); }',
      'for (const x of xs) { __kindlingLoopGuard(4); for (const y of ys) { __kindlingLoopGuard(4); f(x, y); } }',
      'for (const k in o) g(k);',
      'outer: for (;;) { __kindlingLoopGuard(6); break outer; }',
    ]);
  });

  it('ships the guards with the function, and nothing else the rewriter adds', () => {
    const source = 'const f = (n) => {\n  let s = 0;\n  while (n > 0) s += n--;\n  return rdd.sortBy(g);\n};';
    const code = rewriteProgram(source).code;
    const shipped = JSON.parse(
      /__kindlingClosure\(\(n\) => [\s\S]*?, ("(?:[^"\\]|\\.)*"), 1,/.exec(code)![1],
    ) as string;
    expect(shipped).toBe(
      '(n) => {\n  let s = 0;\n  while (n > 0) { __kindlingLoopGuard(3); s += n--; }\n  return rdd.sortBy(g);\n};'.slice(
        0,
        -1,
      ),
    );
  });

  it('stops a runaway loop at its line, and only a loop that never lets the thread go', async () => {
    configureLoopGuard(400);
    try {
      const runaway = () => {
        for (;;) __kindlingLoopGuard(7);
      };
      expect(runaway).toThrow(RunawayLoopError);
      try {
        runaway();
      } catch (error) {
        expect((error as RunawayLoopError).line).toBe(7);
        expect((error as Error).message).toMatch(
          /^The loop at line 7 kept running for 0\.\d s without a break, so it was stopped \(a runaway loop\? kindling\.task\.timeout is 0\.4 s\)$/,
        );
      }
      // A loop that awaits lets the heartbeat tick: it runs past the limit without being stopped.
      const started = performance.now();
      for (let i = 0; performance.now() - started < 900; i++) {
        __kindlingLoopGuard(9);
        if (i % 2000 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } finally {
      configureLoopGuard(DEFAULT_TIMEOUT_MS);
      stopLoopGuard();
    }
  });
});

describe('syntax errors', () => {
  const syntaxError = (source: string) => {
    try {
      rewriteProgram(source);
    } catch (error) {
      return error as ProgramSyntaxError;
    }
    throw new Error('expected a syntax error');
  };

  it('reports 1-based line and column', () => {
    const error = syntaxError('const a = 1;\nconst b = 2;\nconst c = (1 +;');
    expect(error).toBeInstanceOf(ProgramSyntaxError);
    expect(error.name).toBe('SyntaxError');
    expect(error.line).toBe(3);
    expect(error.column).toBe(15);
    expect(error.message).toBe('Unexpected token (3:15)');
  });

  it('reports early errors such as redeclarations', () => {
    const error = syntaxError('let x = 1;\n  let x = 2;');
    expect([error.line, error.column]).toEqual([2, 7]);
    expect(error.message).toBe("Identifier 'x' has already been declared (2:7)");
  });

  it('accepts top-level await and rejects module-invalid code', () => {
    expect(() => rewriteProgram('const n = await Promise.resolve(1);')).not.toThrow();
    expect(syntaxError('with (Math) { max(1, 2); }').line).toBe(1);
  });
});

describe('originalColumn', () => {
  it('maps columns of the rewritten code back to the source', () => {
    const rewrite = rewriteProgram;
    const source = 'const k = 2;\nconst r = rdd.map((x) => x * k).collect();';
    const { code, originalColumn } = rewrite(source, { declared: [] });
    const line2 = code.split('\n')[1];
    const at = line2.indexOf('.collect') + 1;
    expect(originalColumn(2, at)).toBe(source.split('\n')[1].indexOf('.collect') + 1);
    expect(originalColumn(1, 7)).toBe(7);
  });
});
