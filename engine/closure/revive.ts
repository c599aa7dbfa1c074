/**
 * The executor's half of closures: rebuilding a function the driver
 * serialized (`closure.ts`), and the wire types both halves share. It needs
 * no JavaScript parser, so executor bundles that import only this module
 * stay small and start fast.
 */
import { LOOP_GUARD_NAME, __kindlingLoopGuard } from './loop-guard';

/**
 * Any function, class or built-in. Closures handle functions reflectively —
 * they read source text, name and metadata, and never call through this type —
 * so the broad built-in type is the honest one here.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- see above: classes and built-ins included
export type AnyFunction = Function;

/**
 * A captured value as it travels to an executor: structured-clone-safe.
 * Primitives (including `undefined` and bigint) and arrays stand for
 * themselves; every other value is a tagged node. A user's plain object is
 * always wrapped in an `object` node, so its own keys can never be taken for
 * a tag.
 */
export type SerializedValue =
  undefined | null | boolean | number | string | bigint | SerializedValue[] | SerializedNode;

export type SerializedNode =
  | { kind: 'object'; entries: Array<[string, SerializedValue]>; nullPrototype?: true }
  | { kind: 'map'; entries: Array<[SerializedValue, SerializedValue]> }
  | { kind: 'set'; values: SerializedValue[] }
  | { kind: 'date'; time: number }
  | { kind: 'regexp'; source: string; flags: string }
  /** A typed array, DataView or ArrayBuffer, copied at serialization. */
  | { kind: 'binary'; value: ArrayBuffer | ArrayBufferView }
  /** The first occurrence of a captured function; `id` is unique within one serialized task function (the task function is 0). */
  | { kind: 'function'; id: number; fn: SerializedFunction }
  /** A later occurrence of a function already defined (recursion, shared helpers). */
  | { kind: 'function-ref'; id: number }
  /** A built-in function shipped by name, e.g. `Math.max`. */
  | { kind: 'native'; path: string }
  /** An engine object with its own wire form (a Broadcast or Accumulator handle, a Partitioner). */
  | { kind: 'special'; tag: string; data: unknown };

/** A function ready to cross to an executor. */
export interface SerializedFunction {
  /** Source text. With `form: 'native'`, the global path of a built-in (`Math.max`). */
  source: string;
  /** Captured variables by name. */
  env: Record<string, SerializedValue>;
  name?: string;
  /** 1-based line in the learner's program; rebuilt code is laid out so stack traces show this line. */
  line?: number;
  /**
   * How `source` denotes the function: an expression (functions, arrows, classes, and
   * declarations, which read as named function expressions; the default), an
   * object-literal method such as `double(x) { … }`, or a built-in's path.
   */
  form?: 'expression' | 'method' | 'native';
}

/**
 * Built-in functions a task may capture: they exist on every executor, so
 * they travel as their global path. Only functions that work without a
 * receiver are listed (`Promise.resolve` would lose its `this`).
 */
export const NATIVE_PATHS: readonly string[] = [
  ...Object.getOwnPropertyNames(Math)
    .filter((key) => typeof (Math as unknown as Record<string, unknown>)[key] === 'function')
    .map((key) => `Math.${key}`),
  'JSON.stringify',
  'JSON.parse',
  'String',
  'Number',
  'Boolean',
  'BigInt',
  'Object',
  'Array',
  'Date',
  'Map',
  'Set',
  'RegExp',
  'Error',
  'TypeError',
  'RangeError',
  'parseInt',
  'parseFloat',
  'isNaN',
  'isFinite',
  'encodeURIComponent',
  'decodeURIComponent',
  'encodeURI',
  'decodeURI',
  'Array.isArray',
  'Array.from',
  'Array.of',
  'Object.keys',
  'Object.values',
  'Object.entries',
  'Object.fromEntries',
  'Object.assign',
  'Object.freeze',
  'Number.isInteger',
  'Number.isFinite',
  'Number.isNaN',
  'Number.isSafeInteger',
  'String.fromCharCode',
  'String.fromCodePoint',
  'Date.now',
  'Date.UTC',
  'Uint8Array',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
];

/** The value at a dotted global path such as `Math.max`, or undefined. */
export function lookupGlobalPath(path: string): unknown {
  let value: unknown = globalThis;
  for (const part of path.split('.')) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Copies binary data so the task keeps the bytes as they were at submission. */
export function copyBinary<T extends ArrayBuffer | ArrayBufferView>(value: T): T {
  if (value instanceof ArrayBuffer) return value.slice(0) as T;
  if (value instanceof DataView) {
    return new DataView(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)) as unknown as T;
  }
  return (value as unknown as { slice(): T }).slice();
}

// ---------------------------------------------------------------------------
// Deserialization

/** What an executor supplies to rebuild functions. */
export interface DeserializeHooks {
  /** Names in scope for every rebuilt function: `TaskContext`, `HashPartitioner`, the executor's `console`, … */
  globals: Record<string, unknown>;
  /** Turns a `special` node back into an engine object (a Broadcast handle, a Partitioner). */
  revive?(tag: string, data: unknown): unknown;
  /** Shown as the file in stack traces of rebuilt functions, e.g. the learner's `wordcount.js`. */
  sourceURL?: string;
}

const FUNCTIONS = '$kindling$functions';
const BINDERS = '$kindling$binders';
const METHOD = '$kindling$method';
const VALUES = '$kindling$values';

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
const RESERVED = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if implements import in instanceof interface let new null package private protected public return static ' +
    'super switch this throw true try typeof var void while with yield eval arguments'
  ).split(' '),
);

function isBindableName(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name) && !name.startsWith('$kindling$');
}

/** Indirect eval: runs in global scope, and unlike `new Function` adds no header lines, so line numbers can match the learner's. */
const evaluate: (code: string) => unknown = globalThis.eval;

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;

function definitionExpression(definition: SerializedFunction): string {
  return definition.form === 'method' ? `${METHOD}({ ${definition.source} })` : `(${definition.source})`;
}

function describeDefinition(definition: SerializedFunction): string {
  const name = definition.name ? `function \`${definition.name}\`` : 'an anonymous function';
  return definition.line === undefined ? name : `${name} (line ${definition.line})`;
}

/**
 * Rebuilds a serialized function on an executor. All functions of the task
 * (the task function, captured helpers, recursive ones) are rebuilt in one
 * evaluated scope, each in its own block with its captured variables as
 * `let` bindings, so self- and mutual recursion resolve to the rebuilt
 * functions. Each function is placed on its original line, so an exception
 * thrown inside it reports the learner's line number.
 *
 * @example
 * const wire = serializeFunction(withEnv((x) => x * factor, { factor: 3 }), 'the function passed to map');
 * const triple = deserializeFunction(wire, { globals: { console } });
 * triple(2); // 6
 */
export function deserializeFunction(serialized: SerializedFunction, hooks: DeserializeHooks): AnyFunction {
  if (serialized.form === 'native') return reviveNative(serialized.source);

  const definitions = new Map<number, SerializedFunction>([[0, serialized]]);
  collectDefinitions(serialized.env, definitions);
  for (const definition of definitions.values()) {
    const bad = Object.keys(definition.env).find((name) => !isBindableName(name));
    if (bad !== undefined)
      throw new Error(
        `Cannot rebuild ${describeDefinition(definition)}: captured name \`${bad}\` is not an identifier.`,
      );
  }

  // The rewriter ships loop guards in the learner's functions: every rebuilt function has the guard in scope.
  const globals: Record<string, unknown> = { [LOOP_GUARD_NAME]: __kindlingLoopGuard, ...hooks.globals };
  const globalNames = Object.keys(globals).filter(isBindableName);
  const { functions, binders } = evaluateDefinitions(definitions, globalNames, globals, hooks.sourceURL);

  const revive = (value: SerializedValue): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(revive);
    switch (value.kind) {
      case 'object': {
        const object: Record<string, unknown> = value.nullPrototype ? Object.create(null) : {};
        for (const [key, entry] of value.entries) {
          Object.defineProperty(object, key, {
            value: revive(entry),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return object;
      }
      case 'map':
        return new Map(value.entries.map(([key, entry]) => [revive(key), revive(entry)]));
      case 'set':
        return new Set(value.values.map(revive));
      case 'date':
        return new Date(value.time);
      case 'regexp':
        return new RegExp(value.source, value.flags);
      case 'binary':
        // Copied again: tasks rebuilt in one process must not share bytes.
        return copyBinary(value.value);
      case 'function':
      case 'function-ref':
        return functions[value.id];
      case 'native':
        return reviveNative(value.path);
      case 'special':
        if (!hooks.revive)
          throw new Error(`Cannot rebuild a captured engine object (${value.tag}): no revive hook given.`);
        return hooks.revive(value.tag, value.data);
    }
  };

  for (const [id, definition] of definitions) {
    binders[id](Object.values(definition.env).map(revive));
    const fn = functions[id];
    if (definition.name && fn.name === '')
      Object.defineProperty(fn, 'name', { value: definition.name, configurable: true });
  }
  return functions[0];
}

function reviveNative(path: string): AnyFunction {
  if (!NATIVE_PATHS.includes(path))
    throw new Error(`Cannot rebuild built-in function ${path}: not a shippable built-in.`);
  const fn = lookupGlobalPath(path);
  if (typeof fn !== 'function') throw new Error(`Cannot rebuild built-in function ${path}: it does not exist here.`);
  return fn;
}

function collectDefinitions(env: Record<string, SerializedValue>, into: Map<number, SerializedFunction>): void {
  const visit = (value: SerializedValue): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    switch (value.kind) {
      case 'object':
        return value.entries.forEach(([, entry]) => visit(entry));
      case 'map':
        return value.entries.forEach(([key, entry]) => (visit(key), visit(entry)));
      case 'set':
        return value.values.forEach(visit);
      case 'function':
        if (into.has(value.id)) return;
        into.set(value.id, value.fn);
        return collectDefinitions(value.fn.env, into);
    }
  };
  Object.values(env).forEach(visit);
}

function evaluateDefinitions(
  definitions: Map<number, SerializedFunction>,
  globalNames: string[],
  globals: Record<string, unknown>,
  sourceURL: string | undefined,
): { functions: AnyFunction[]; binders: Array<(values: unknown[]) => void> } {
  let code =
    `(function (${globalNames.join(', ')}) { "use strict"; const ${FUNCTIONS} = [], ${BINDERS} = []; ` +
    `const ${METHOD} = (o) => { const d = Object.getOwnPropertyDescriptor(o, Reflect.ownKeys(o)[0]); return d.value ?? d.get ?? d.set; };`;
  let line = 1;
  const ordered = [...definitions].sort(([, a], [, b]) => (a.line ?? Infinity) - (b.line ?? Infinity));
  for (const [id, definition] of ordered) {
    if (definition.line !== undefined && definition.line > line) {
      code += '\n'.repeat(definition.line - line);
      line = definition.line;
    }
    const names = Object.keys(definition.env);
    const expression = definitionExpression(definition);
    const bind = names.map((name, index) => `${name} = ${VALUES}[${index}];`).join(' ');
    code += ` { ${names.length ? `let ${names.join(', ')}; ` : ''}${FUNCTIONS}[${id}] = ${expression}; ${BINDERS}[${id}] = (${VALUES}) => { ${bind} }; }`;
    line += (expression.match(LINE_BREAK) ?? []).length;
  }
  code += ` return [${FUNCTIONS}, ${BINDERS}]; })`;
  if (sourceURL) code += `\n//# sourceURL=${sourceURL.replace(/\s/g, '%20')}`;

  let factory: unknown;
  try {
    factory = evaluate(code);
  } catch (error) {
    throw rebuildError(definitions, error);
  }
  const [functions, binders] = (
    factory as (...globals: unknown[]) => [AnyFunction[], Array<(values: unknown[]) => void>]
  )(...globalNames.map((name) => globals[name]));
  return { functions, binders };
}

/** Names the function whose source does not compile, trying each alone. */
function rebuildError(definitions: Map<number, SerializedFunction>, error: unknown): Error {
  for (const definition of definitions.values()) {
    try {
      evaluate(
        `(function () { "use strict"; const ${METHOD} = () => {}; return ${definitionExpression(definition)}; })`,
      );
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return new Error(`Cannot rebuild ${describeDefinition(definition)} from its source: ${reason}`, { cause });
    }
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`Cannot rebuild the task's functions: ${reason}`, { cause: error });
}
