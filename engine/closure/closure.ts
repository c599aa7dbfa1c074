/**
 * Closures crossing from the driver to executors.
 *
 * A function passed to an RDD method travels as its source text plus the
 * values of its free variables, read when the job is submitted — Spark's
 * capture by value. On the executor it is rebuilt from that text with the
 * captured values (and the executor's globals: `TaskContext`, `console`, …)
 * in scope. Values that cannot make the trip (the SparkContext, an RDD, a
 * class instance, a symbol, …) stop the job on the driver with Spark's
 * lesson, "Task not serializable", naming the variable and the path to it.
 *
 * Where the metadata comes from: the program rewriter (`rewrite.ts`) wraps
 * every function of a driver program in {@link __kindlingClosure}; library
 * callers that skip the rewriter declare the values with {@link withEnv}.
 */
import * as acorn from 'acorn';
import { analyzeScopes } from './free-variables';
import {
  NATIVE_PATHS,
  copyBinary,
  lookupGlobalPath,
  type AnyFunction,
  type SerializedFunction,
  type SerializedValue,
} from './revive';

export {
  deserializeFunction,
  type AnyFunction,
  type DeserializeHooks,
  type SerializedFunction,
  type SerializedNode,
  type SerializedValue,
} from './revive';

/** The property under which a function carries its {@link ClosureInfo}. */
export const CLOSURE = Symbol.for('kindling.closure');

/** What a function needs to be rebuilt elsewhere. */
export interface ClosureInfo {
  /** The function's original source text. */
  source: string;
  /** 1-based line of the function's start in the learner's program. */
  line?: number;
  /** One getter per free variable; read at serialization time, so values are captured as they are at job submission. */
  env: Record<string, () => unknown>;
  /** Set by {@link withEnv}: the env was declared by hand, so serialization checks that it covers every free variable. */
  explicit?: boolean;
}

/**
 * Attaches closure metadata to `fn` and returns `fn`. The rewritten program
 * calls it for every function; see `rewriteProgram`.
 *
 * @param name the name the function would have had without the wrapping call
 *   (`const double = (x) => …`); applied only if the function is anonymous.
 * @example
 * const factor = 3;
 * const triple = __kindlingClosure((x) => x * factor, '(x) => x * factor', 1, { factor: () => factor }, 'triple');
 */
export function __kindlingClosure<F extends AnyFunction>(
  fn: F,
  source: string,
  line: number,
  env: Record<string, () => unknown>,
  name?: string,
): F {
  const info: ClosureInfo = { source, line, env };
  Object.defineProperty(fn, CLOSURE, { value: info, configurable: true, enumerable: false, writable: false });
  if (name !== undefined && fn.name === '') Object.defineProperty(fn, 'name', { value: name, configurable: true });
  return fn;
}

/** The closure metadata `fn` carries, if any. */
export function closureInfo(fn: AnyFunction): ClosureInfo | undefined {
  return (fn as { [CLOSURE]?: ClosureInfo })[CLOSURE];
}

/**
 * Declares the values a function captures, for callers that do not go
 * through the program rewriter (tests, code using the engine as a library).
 * The values are read now; serialization then ships them with the function
 * and checks that every free variable of the function is declared.
 *
 * @returns `fn` itself, now carrying its closure metadata.
 * @example
 * const factor = 3;
 * rdd.map(withEnv((x) => x * factor, { factor }));
 */
export function withEnv<F extends AnyFunction>(fn: F, env: Record<string, unknown>): F {
  const getters: Record<string, () => unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    Object.defineProperty(getters, name, { value: () => value, enumerable: true, configurable: true, writable: true });
  }
  const info: ClosureInfo = { source: Function.prototype.toString.call(fn), env: getters, explicit: true };
  Object.defineProperty(fn, CLOSURE, { value: info, configurable: true, enumerable: false, writable: false });
  return fn;
}

/**
 * A function built from source text with the values it reads, callable here
 * and shippable to executors: how the engine writes task code that calls a
 * learner's function (treeAggregate's partition fold calls `seqOp`). Source
 * text rather than an engine function, because the engine's own code is
 * minified in the build and could not be rebuilt from its text.
 *
 * @example
 * const fold = fromSource('(it) => { let acc = zero; for (const x of it) acc = op(acc, x); return [acc]; }', { zero: 0, op });
 * rdd.mapPartitions(fold);
 */
export function fromSource<F extends AnyFunction>(source: string, env: Record<string, unknown> = {}): F {
  const names = Object.keys(env);
  const fn = new Function(...names, `return (${source});`)(...names.map((name) => env[name])) as F;
  return withEnv(fn, env);
}

// ---------------------------------------------------------------------------
// Wire format

// ---------------------------------------------------------------------------
// Errors

/**
 * Spark's "Task not serializable": a function cannot leave the driver
 * because of a value it captures. `variable` is the name the function itself
 * captures; `serializationStack` lists the path to the offending value,
 * innermost first, as Spark's serialization stack does.
 */
export class TaskNotSerializableError extends Error {
  override name = 'TaskNotSerializableError';

  constructor(
    message: string,
    readonly variable: string,
    readonly serializationStack: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One step on the way from a task's function to a value inside what it captures. */
type PathStep =
  | { kind: 'variable'; name: string }
  | { kind: 'property'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'map-key' }
  | { kind: 'map-value'; key: string }
  | { kind: 'set-element' }
  | { kind: 'function'; label: string };

/** Thrown inside the serializer, turned into a TaskNotSerializableError at the top with the task's description. */
class NotSerializable {
  constructor(
    /** What the value is: "a SparkContext", "an instance of class Connection". */
    readonly what: string,
    /** Why it cannot travel: "which exists only on the driver". */
    readonly why: string,
    readonly path: readonly PathStep[],
    readonly hint?: string,
    /** For the task function itself (empty path): the sentence after its description. */
    readonly topLevel?: { headline: string; variable: string },
  ) {}
}

function renderStep(step: PathStep): string {
  switch (step.kind) {
    case 'variable':
      return step.name;
    case 'property':
      return /^[A-Za-z_$][\w$]*$/.test(step.key) ? `.${step.key}` : `[${JSON.stringify(step.key)}]`;
    case 'index':
      return `[${step.index}]`;
    case 'map-key':
      return '(a Map key)';
    case 'map-value':
      return `.get(${step.key})`;
    case 'set-element':
      return '(a Set element)';
    case 'function':
      return `function ${step.label}`;
  }
}

function toTaskNotSerializable(problem: NotSerializable, description: string): TaskNotSerializableError {
  // When the function itself is the problem, its own step would only repeat "object not serializable".
  const path = [...problem.path];
  while (path.at(-1)?.kind === 'function') path.pop();
  const [first, ...rest] = path;
  const variable = first?.kind === 'variable' ? first.name : (problem.topLevel?.variable ?? '');
  let headline: string;
  if (!first) {
    headline = `${description} ${problem.topLevel?.headline ?? `is ${problem.what}, ${problem.why}.`}`;
  } else if (rest.length === 0) {
    headline = `${description} captures \`${variable}\`, ${problem.what}, ${problem.why}.`;
  } else {
    let whose = '';
    for (const step of rest) {
      if (step.kind === 'function') continue;
      whose += step.kind === 'variable' ? `${whose ? ' → ' : ''}captured \`${step.name}\`` : renderStep(step);
    }
    headline = `${description} captures \`${variable}\`, whose ${whose} is ${problem.what}, ${problem.why}.`;
  }
  if (problem.hint) headline += ` ${problem.hint}`;

  // Spark prints the stack innermost first: the bad object, then how it was reached.
  const stack = [`object not serializable (${problem.what})`];
  const segments: PathStep[][] = [[]];
  const functions: string[] = [];
  for (const step of path) {
    if (step.kind === 'function') {
      functions.push(step.label);
      segments.push([]);
    } else {
      segments.at(-1)!.push(step);
    }
  }
  for (let i = segments.length - 1; i >= 0; i--) {
    if (segments[i].length > 0) stack.push(`captured variable: ${segments[i].map(renderStep).join(' → ')}`);
    if (i > 0) stack.push(`function ${functions[i - 1]}`);
  }
  const message = `Task not serializable: ${headline}\nSerialization stack:\n${stack.map((line) => ` - ${line}`).join('\n')}`;
  return new TaskNotSerializableError(message, variable, stack);
}

// ---------------------------------------------------------------------------
// Describing values

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);

/**
 * A short description of a value for error messages.
 *
 * @example
 * describeValue(new WeakMap()); // 'a WeakMap'
 * describeValue(new (class Connection {})()); // 'an instance of class Connection'
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return `a symbol (${String(value)})`;
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return article(typeof value);
    case 'function': {
      const source = Function.prototype.toString.call(value);
      if (/^class\b/.test(source)) return value.name ? `class ${value.name}` : 'an anonymous class';
      if (isNativeSource(source))
        return value.name.startsWith('bound ')
          ? 'a bound function'
          : `the built-in function ${value.name || '(anonymous)'}`;
      return value.name ? `function ${value.name}` : 'an anonymous function';
    }
  }
  if (Array.isArray(value)) return 'an array';
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === null || prototype === Object.prototype) return 'a plain object';
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  const constructorName = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
  const name = typeof constructorName === 'string' && constructorName ? constructorName : tag;
  if (BUILT_IN_TYPES.has(name)) return article(name);
  return `an instance of class ${name}`;
}

const BUILT_IN_TYPES = new Set([
  'WeakMap',
  'WeakSet',
  'WeakRef',
  'Promise',
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'FinalizationRegistry',
  'Map',
  'Set',
  'Date',
  'RegExp',
  'Number',
  'String',
  'Boolean',
  'Symbol',
  'BigInt',
  'Worker',
  'MessagePort',
  'MessageChannel',
  'ReadableStream',
  'WritableStream',
  'Blob',
  'File',
  'IDBDatabase',
  'Proxy',
]);

function isNativeSource(source: string): boolean {
  return /\{\s*\[native code\]\s*\}\s*$/.test(source);
}

function functionLabel(fn: AnyFunction, line: number | undefined): string {
  const name = fn.name ? `\`${fn.name}\`` : '(anonymous)';
  return line === undefined ? name : `${name} at line ${line}`;
}

// ---------------------------------------------------------------------------
// Built-ins shipped by name

let nativePathByFunction: Map<unknown, string> | undefined;

function nativePath(fn: AnyFunction): string | undefined {
  if (!nativePathByFunction) {
    nativePathByFunction = new Map();
    for (const path of NATIVE_PATHS) {
      const value = lookupGlobalPath(path);
      if (typeof value === 'function' && !nativePathByFunction.has(value)) nativePathByFunction.set(value, path);
    }
  }
  return nativePathByFunction.get(fn);
}

// ---------------------------------------------------------------------------
// Reading a function's own source (functions without rewriter metadata, withEnv)

/** Globals every Kindling executor provides besides the JavaScript built-ins. */
const EXECUTOR_GLOBALS = ['TaskContext', 'HashPartitioner', 'RangePartitioner', 'StorageLevel', 'console'];

/** Names that may be global on the driver but never exist on an executor. */
const DRIVER_ONLY_NAMES = new Set(['sc']);

interface SourceAnalysis {
  form: 'expression' | 'method';
  /** Names the function reads that it does not declare. */
  free: string[];
}

const SCRIPT_OPTIONS: acorn.Options = { ecmaVersion: 'latest', sourceType: 'script' };

function analyzeSource(source: string): SourceAnalysis | undefined {
  const attempts: Array<[SourceAnalysis['form'], string]> = [
    ['expression', `(${source}\n)`],
    ['method', `({ ${source}\n})`],
  ];
  for (const [form, wrapped] of attempts) {
    let program: acorn.Program;
    try {
      program = acorn.parse(wrapped, SCRIPT_OPTIONS);
    } catch {
      continue;
    }
    // The wrapped text must be one expression, so a source such as `a) || (b` cannot slip through.
    if (program.body.length !== 1 || program.body[0].type !== 'ExpressionStatement') continue;
    return { form, free: [...analyzeScopes(program).globals] };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Serialization

/** How the engine teaches the serializer about its own objects. */
export interface SerializeHooks {
  /** Engine objects with a wire form (Broadcast → handle, Accumulator → handle, Partitioner → by value). Return undefined if `value` is not one. */
  special?(value: unknown): { tag: string; data: unknown } | undefined;
  /** Returns a description ("a SparkContext", "an RDD") when `value` must never leave the driver. */
  driverOnly?(value: unknown): string | undefined;
  /**
   * Names executors provide as globals, beyond JavaScript's built-ins and
   * Kindling's own (`TaskContext`, `HashPartitioner`, `RangePartitioner`,
   * `StorageLevel`, `console`). Used to check functions that carry no
   * rewriter metadata.
   */
  executorGlobals?: readonly string[];
}

class Serializer {
  readonly #ids = new Map<AnyFunction, number>();
  #nextId = 1;
  readonly #executorGlobals: Set<string>;

  constructor(
    private readonly description: string,
    private readonly hooks: SerializeHooks,
  ) {
    this.#executorGlobals = new Set([...EXECUTOR_GLOBALS, ...(hooks.executorGlobals ?? [])]);
  }

  task(fn: AnyFunction): SerializedFunction {
    this.#ids.set(fn, 0);
    return this.#function(fn, []);
  }

  #isExecutorGlobal(name: string): boolean {
    if (DRIVER_ONLY_NAMES.has(name)) return false;
    return this.#executorGlobals.has(name) || name in globalThis;
  }

  #function(fn: AnyFunction, path: readonly PathStep[]): SerializedFunction {
    const info = closureInfo(fn);
    const source = info?.source ?? Function.prototype.toString.call(fn);
    if (isNativeSource(source)) {
      if (fn.name.startsWith('bound ')) {
        throw new NotSerializable(
          'a bound function',
          'whose target and bound arguments cannot be read',
          path,
          'Write an arrow function instead of using .bind().',
        );
      }
      throw new NotSerializable(
        `the built-in function ${fn.name || '(anonymous)'}`,
        'whose code cannot be sent to an executor',
        path,
        'Wrap it in an arrow function that calls it.',
      );
    }

    let form: SerializedFunction['form'] = 'expression';
    if (!info || info.explicit) {
      // No rewriter metadata to trust: read the function's own source to find what it uses.
      const analysis = analyzeSource(source);
      if (!analysis) {
        throw new NotSerializable(describeValue(fn), 'whose source text cannot be read back as a function', path);
      }
      form = analysis.form;
      const declared = new Set(info ? Object.keys(info.env) : []);
      const missing = analysis.free.filter((name) => !declared.has(name) && !this.#isExecutorGlobal(name));
      if (missing.length > 0) {
        const list = missing.map((name) => `\`${name}\``).join(', ');
        const how = info
          ? `uses ${list} without declaring ${missing.length > 1 ? 'them' : 'it'} in withEnv(…)`
          : `uses ${list} without capturing ${missing.length > 1 ? 'them' : 'it'} (it did not come through the program rewriter)`;
        throw new NotSerializable(
          describeValue(fn),
          `which ${how}`,
          path,
          `Declare the values with withEnv(fn, { ${missing.join(', ')} }).`,
          { headline: `${how}.`, variable: missing[0] },
        );
      }
    }

    const env: Array<[string, SerializedValue]> = [];
    for (const [name, read] of Object.entries(info?.env ?? {})) {
      let value: unknown;
      try {
        value = read();
      } catch (error) {
        // A `let` still in its temporal dead zone when the job is submitted.
        const message = error instanceof Error ? error.message : String(error);
        throw new ReferenceError(`${this.description} captures \`${name}\`, which could not be read: ${message}`, {
          cause: error,
        });
      }
      env.push([name, this.#value(value, [...path, { kind: 'variable', name }], new Set())]);
    }

    const serialized: SerializedFunction = { source, env: Object.fromEntries(env) };
    if (fn.name) serialized.name = fn.name;
    if (info?.line !== undefined) serialized.line = info.line;
    if (form !== 'expression') serialized.form = form;
    return serialized;
  }

  /**
   * @param ancestors the plain-data objects enclosing `value` since the nearest function,
   *   to tell a cycle in data (an error) from a shared value. Functions start a fresh set:
   *   a cycle through a function is fine, since functions are defined once and referenced after.
   */
  #value(value: unknown, path: PathStep[], ancestors: Set<object>): SerializedValue {
    switch (typeof value) {
      case 'undefined':
      case 'boolean':
      case 'number':
      case 'string':
      case 'bigint':
        return value;
      case 'symbol':
        throw new NotSerializable(describeValue(value), 'which cannot be copied to another worker', path);
    }
    if (value === null) return null;
    const object = value as object;

    const driverOnly = this.hooks.driverOnly?.(object);
    if (driverOnly !== undefined) {
      throw new NotSerializable(
        driverOnly,
        'which exists only on the driver',
        path,
        'Use it in the driver program, outside the function: a task on an executor cannot reach the driver.',
      );
    }
    const special = this.hooks.special?.(object);
    if (special) return { kind: 'special', tag: special.tag, data: special.data };

    if (typeof object === 'function') {
      const known = this.#ids.get(object);
      if (known !== undefined) return { kind: 'function-ref', id: known };
      const native = nativePath(object);
      if (native) return { kind: 'native', path: native };
      const id = this.#nextId++;
      this.#ids.set(object, id);
      const info = closureInfo(object);
      return {
        kind: 'function',
        id,
        fn: this.#function(object, [...path, { kind: 'function', label: functionLabel(object, info?.line) }]),
      };
    }

    if (ancestors.has(object)) {
      throw new NotSerializable('an object that contains itself', 'which cannot be copied as plain data', path);
    }
    ancestors.add(object);
    try {
      return this.#object(object, path, ancestors);
    } finally {
      ancestors.delete(object);
    }
  }

  /** A value inside data. `path` is one stack per captured variable, grown and shrunk in place: big arrays stay cheap. */
  #child(value: unknown, step: PathStep, path: PathStep[], ancestors: Set<object>): SerializedValue {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')) {
      return value as SerializedValue;
    }
    path.push(step);
    const serialized = this.#value(value, path, ancestors);
    path.pop();
    return serialized;
  }

  #object(object: object, path: PathStep[], ancestors: Set<object>): SerializedValue {
    if (Array.isArray(object)) {
      const items: SerializedValue[] = [];
      for (let index = 0; index < object.length; index++) {
        items.push(this.#child(object[index], { kind: 'index', index }, path, ancestors));
      }
      return items;
    }
    if (object instanceof Map) {
      const entries: Array<[SerializedValue, SerializedValue]> = [];
      for (const [key, entry] of object) {
        const keyText = typeof key === 'string' ? JSON.stringify(key) : typeof key === 'number' ? String(key) : '…';
        entries.push([
          this.#child(key, { kind: 'map-key' }, path, ancestors),
          this.#child(entry, { kind: 'map-value', key: keyText }, path, ancestors),
        ]);
      }
      return { kind: 'map', entries };
    }
    if (object instanceof Set) {
      return {
        kind: 'set',
        values: [...object].map((item) => this.#child(item, { kind: 'set-element' }, path, ancestors)),
      };
    }
    if (object instanceof Date) return { kind: 'date', time: object.getTime() };
    if (object instanceof RegExp) return { kind: 'regexp', source: object.source, flags: object.flags };
    if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer)
      return { kind: 'binary', value: copyBinary(object) };

    const prototype: unknown = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new NotSerializable(
        describeValue(object),
        'which cannot be sent to an executor',
        path,
        'Only plain data (objects, arrays, Map, Set, Date, RegExp, typed arrays), functions, broadcast variables and accumulators travel with a task; copy the fields you need into plain values first.',
      );
    }
    const symbolKey = Object.getOwnPropertySymbols(object).find((key) =>
      Object.prototype.propertyIsEnumerable.call(object, key),
    );
    if (symbolKey !== undefined) {
      throw new NotSerializable(
        `a property keyed by ${String(symbolKey)}`,
        'which cannot be copied to another worker',
        path,
      );
    }
    const entries: Array<[string, SerializedValue]> = Object.keys(object).map((key) => [
      key,
      this.#child((object as Record<string, unknown>)[key], { kind: 'property', key }, path, ancestors),
    ]);
    return prototype === null ? { kind: 'object', entries, nullPrototype: true } : { kind: 'object', entries };
  }
}

/**
 * Serializes a task's function: its source and, read now, the values of its
 * free variables (capture by value at job submission). Captured functions
 * are serialized with it, recursion and shared helpers included.
 *
 * @param description which function this is, for error messages: "the function passed to map at line 5".
 * @throws TaskNotSerializableError naming the captured variable and the path to the value that cannot travel.
 * @example
 * const factor = 3;
 * const triple = withEnv((x) => x * factor, { factor });
 * const wire = serializeFunction(triple, 'the function passed to map');
 * // { source: '(x) => x * factor', env: { factor: 3 }, name: 'triple' }
 */
export function serializeFunction(
  fn: AnyFunction,
  description: string,
  hooks: SerializeHooks = {},
): SerializedFunction {
  const native = nativePath(fn);
  if (native) return { source: native, env: {}, form: 'native', name: fn.name };
  try {
    return new Serializer(description, hooks).task(fn);
  } catch (error) {
    if (error instanceof NotSerializable) throw toTaskNotSerializable(error, description);
    throw error;
  }
}
