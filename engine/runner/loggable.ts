/**
 * Console arguments that survive a trip from a worker to Node.
 *
 * A driver program's `console.log(x)` runs in a Web Worker, but the headless
 * runner prints it from Node, where learners expect exactly what Node's own
 * `console.log` would print. `toLoggable` (browser side) turns each argument
 * into plain JSON-safe data that keeps everything `util.inspect` looks at:
 * constructor names, own enumerable properties, array holes and lengths,
 * cycles, error stacks, function kinds. `fromLoggable` (Node side) rebuilds
 * look-alike values, so `util.format(...fromLoggable(toLoggable(xs)))` prints
 * what `util.format(...xs)` would.
 *
 * No Node imports here: this module is bundled into workers too.
 */

/** A value as sent: JSON-safe primitives as themselves, everything else tagged. */
export type Encoded =
  | string
  | number
  | boolean
  | null
  | { $: 'undefined' }
  | { $: 'number'; value: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { $: 'bigint'; value: string }
  | { $: 'symbol'; description: string | null }
  /** An object: the table of every object reachable from one argument; `nodes[0]` is the argument. */
  | { $: 'graph'; nodes: ObjectNode[] }
  /** Another object of the same graph, by index. */
  | { $: 'ref'; id: number }
  /** Inside a graph: too deep or too much to send; never printed by `util.inspect`'s depths. */
  | { $: 'omitted'; label: string }
  /** An argument consumed by a `%j` placeholder: its JSON text (null when `JSON.stringify` gave undefined). */
  | { $: 'json'; text: string | null; circular?: true }
  /** An argument consumed by `%s`, `%d`, `%i` or `%f` that converts itself: what it converted to. */
  | { $: 'coerced'; string: string; number: Encoded };

/** A property of an object: its key and its value, or which accessors it has. */
export type Property = [key: string | { $: 'symbol'; description: string | null }, value: Encoded | Accessor];
export interface Accessor {
  $: 'accessor';
  get: boolean;
  set: boolean;
}

export type FunctionFlavor = 'class' | 'function' | 'async' | 'generator' | 'asyncgenerator';

/** One object of an argument's graph. Children are `Encoded` values; shared objects are `ref`s. */
export type ObjectNode =
  /** `ctor` is null for a null-prototype object; `'Object'` for a plain one. */
  | { kind: 'object'; ctor: string | null; props: Property[] }
  /** Dense arrays list their first items; sparse ones list `[index, value]` pairs. */
  | { kind: 'array'; length: number; items?: Encoded[]; sparse?: [number, Encoded][]; props: Property[] }
  | { kind: 'typedarray'; ctor: string; length: number; items: Encoded[] }
  | { kind: 'arraybuffer'; byteLength: number; bytes: number[] }
  | { kind: 'map'; size: number; entries: [Encoded, Encoded][]; props: Property[] }
  | { kind: 'set'; size: number; values: Encoded[]; props: Property[] }
  | { kind: 'date'; time: Encoded }
  | { kind: 'regexp'; source: string; flags: string }
  | {
      kind: 'error';
      ctor: string | null;
      /** `name` when it is inherited rather than an own property. */
      inheritedName: string;
      message: string;
      ownMessage: boolean;
      stack: Encoded;
      cause?: Encoded;
      errors?: Encoded;
      props: Property[];
    }
  | {
      kind: 'function';
      name: string;
      flavor: FunctionFlavor;
      length: number;
      hasPrototype: boolean;
      base?: string;
      props: Property[];
    }
  | { kind: 'boxed'; value: Encoded }
  | { kind: 'weakmap' | 'weakset' }
  /**
   * A value that printed itself through `Symbol.for('kindling.inspect')`;
   * `string` is what `String(value)` gave when its `toString` is its own.
   */
  | { kind: 'custom'; text: string; string: string | null };

/**
 * Values with a method under this symbol print as the string it returns,
 * verbatim, like Node's `util.inspect.custom`. The engine's RDDs use it.
 *
 * @example
 * class RDD { [kindlingInspect]() { return 'MapPartitionsRDD[3] at map at program.js:4'; } }
 */
export const kindlingInspect: unique symbol = Symbol.for('kindling.inspect');

const nodeInspectCustom = Symbol.for('nodejs.util.inspect.custom');

/**
 * Objects nested deeper than this are never looked into: `util.format`'s
 * deepest default (`%o`, depth 4) prints level 5 only as `[Object]`, which
 * needs the object's kind and whether it is empty, not its contents.
 */
const MAX_LEVEL = 5;
/**
 * `util.inspect` prints at most this many items of an array, typed array, Map
 * or Set. It also looks at the item just past them when choosing how to align
 * columns, so arrays send one more.
 */
const MAX_ITEMS = 100;
/** Bound on objects sent per console call, so logging a huge structure stays cheap. */
const MAX_NODES = 20_000;

const BUILTIN_ERRORS = [
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
];

/**
 * Encodes console arguments for postMessage (or any JSON transport).
 *
 * @example
 * worker.postMessage({ type: 'stdout', args: toLoggable(['%s items', 3, new Map([[1, 'a']])]) });
 */
export function toLoggable(args: unknown[]): unknown[] {
  const placeholders = placeholderArguments(args);
  const budget = { nodes: MAX_NODES };
  return args.map((arg, index) => {
    try {
      return encodeArgument(arg, placeholders.get(index), budget);
    } catch {
      // A hostile value (a throwing Proxy, say) must not lose the whole line.
      return { $: 'coerced', string: safeString(arg), number: { $: 'number', value: 'NaN' } } satisfies Encoded;
    }
  });
}

/**
 * Rebuilds values from `toLoggable`'s output so that Node's `util.format`
 * prints them as it would have printed the originals.
 *
 * @example
 * util.format(...fromLoggable(message.args));
 */
export function fromLoggable(args: unknown[]): unknown[] {
  return args.map((arg) => decodeValue(arg as Encoded, []));
}

// ---------------------------------------------------------------------------
// Encoding (runs wherever console was called: driver or executor worker)

/**
 * Which argument each placeholder of a leading format string consumes, by
 * the same scan `util.format` does (`%%` consumes nothing, unknown letters
 * nothing, and placeholders past the last argument nothing).
 */
function placeholderArguments(args: unknown[]): Map<number, string> {
  const consumed = new Map<number, string>();
  const first = args[0];
  if (typeof first !== 'string' || args.length === 1) return consumed;
  let a = 0;
  for (let i = 0; i < first.length - 1; i++) {
    if (first.charCodeAt(i) !== 37 /* % */) continue;
    const letter = first[++i];
    if (a + 1 !== args.length && 'sjdOoifc'.includes(letter)) consumed.set(++a, letter);
  }
  return consumed;
}

function encodeArgument(arg: unknown, placeholder: string | undefined, budget: { nodes: number }): Encoded {
  if (placeholder === 'j') return encodeJson(arg);
  const converts = typeof arg === 'function' || (typeof arg === 'object' && arg !== null);
  if (converts && placeholder !== undefined && 'sdif'.includes(placeholder)) {
    // `%s` prints String(x) for functions and objects with their own toString;
    // `%d %i %f` always convert. Only the browser can run those methods.
    if (placeholder !== 's' || typeof arg === 'function' || !hasBuiltInToString(arg as object)) {
      return { $: 'coerced', string: safeString(arg), number: encodePrimitive(safeNumber(arg)) };
    }
  }
  return new GraphEncoder(budget).encodeRoot(arg);
}

function encodeJson(arg: unknown): Encoded {
  try {
    const text = JSON.stringify(arg);
    return { $: 'json', text: text === undefined ? null : text };
  } catch (error) {
    if (error instanceof TypeError && /circular/i.test(error.message)) return { $: 'json', text: null, circular: true };
    return { $: 'json', text: JSON.stringify(safeString(arg)) };
  }
}

function encodePrimitive(value: unknown): Encoded {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isNaN(value)) return { $: 'number', value: 'NaN' };
      if (value === Infinity) return { $: 'number', value: 'Infinity' };
      if (value === -Infinity) return { $: 'number', value: '-Infinity' };
      if (Object.is(value, -0)) return { $: 'number', value: '-0' };
      return value;
    case 'bigint':
      return { $: 'bigint', value: value.toString() };
    case 'symbol':
      return { $: 'symbol', description: value.description ?? null };
    case 'undefined':
      return { $: 'undefined' };
    default:
      if (value === null) return null;
      throw new TypeError(`not a primitive: ${typeof value}`);
  }
}

/**
 * Walks one argument breadth-first, so every object is numbered at the
 * shallowest level it appears at and the node budget is spent on what
 * `util.inspect` shows first.
 */
class GraphEncoder {
  readonly #ids = new Map<object, number>();
  readonly #levels: number[] = [];
  readonly #nodes: ObjectNode[] = [];
  readonly #queue: object[] = [];
  readonly #budget: { nodes: number };

  constructor(budget: { nodes: number }) {
    this.#budget = budget;
  }

  encodeRoot(value: unknown): Encoded {
    if (!isObjectLike(value)) return encodePrimitive(value);
    this.#enqueue(value, 0);
    for (let next = 0; next < this.#queue.length; next++) {
      this.#nodes[next] = this.#encodeObject(this.#queue[next], this.#levels[next]);
    }
    return { $: 'graph', nodes: this.#nodes };
  }

  #enqueue(value: object, level: number): number {
    const id = this.#queue.length;
    this.#ids.set(value, id);
    this.#queue.push(value);
    this.#levels.push(level);
    this.#budget.nodes--;
    return id;
  }

  /** A child of an object at `level`. */
  #child(value: unknown, level: number): Encoded {
    if (!isObjectLike(value)) return encodePrimitive(value);
    const known = this.#ids.get(value);
    if (known !== undefined) return { $: 'ref', id: known };
    if (level + 1 > MAX_LEVEL || this.#budget.nodes <= 0) return { $: 'omitted', label: `[${shortName(value)}]` };
    return { $: 'ref', id: this.#enqueue(value, level + 1) };
  }

  #encodeObject(value: object, level: number): ObjectNode {
    const custom = customText(value);
    if (custom !== undefined) {
      return { kind: 'custom', text: custom, string: hasBuiltInToString(value) ? null : safeString(value) };
    }
    if (typeof value === 'function') return this.#encodeFunction(value as (...args: unknown[]) => unknown, level);
    if (Array.isArray(value)) return this.#encodeArray(value, level);
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return this.#encodeTypedArray(value, level);
    if (value instanceof ArrayBuffer) {
      const bytes = Array.from(new Uint8Array(value, 0, Math.min(MAX_ITEMS, value.byteLength)));
      return { kind: 'arraybuffer', byteLength: value.byteLength, bytes };
    }
    if (value instanceof Map) {
      const entries: [Encoded, Encoded][] = [];
      for (const [k, v] of value) {
        if (entries.length === MAX_ITEMS) break;
        entries.push([this.#child(k, level), this.#child(v, level)]);
      }
      return { kind: 'map', size: value.size, entries, props: this.#props(value, level) };
    }
    if (value instanceof Set) {
      const values: Encoded[] = [];
      for (const v of value) {
        if (values.length === MAX_ITEMS) break;
        values.push(this.#child(v, level));
      }
      return { kind: 'set', size: value.size, values, props: this.#props(value, level) };
    }
    if (value instanceof Date) return { kind: 'date', time: encodePrimitive(value.getTime()) };
    if (value instanceof RegExp) return { kind: 'regexp', source: value.source, flags: value.flags };
    if (value instanceof Error) return this.#encodeError(value, level);
    // A promise's state cannot be read synchronously; one just created (the
    // usual case: a forgotten `await`) is pending. Sent as text because Node
    // decorates promises made under async hooks (Playwright uses them) with
    // extra symbol keys that would print.
    if (value instanceof Promise) return { kind: 'custom', text: 'Promise { <pending> }', string: null };
    if (value instanceof WeakMap) return { kind: 'weakmap' };
    if (value instanceof WeakSet) return { kind: 'weakset' };
    if (value instanceof Number || value instanceof String || value instanceof Boolean) {
      return { kind: 'boxed', value: encodePrimitive(value.valueOf()) };
    }
    return { kind: 'object', ctor: constructorName(value), props: this.#props(value, level) };
  }

  #encodeArray(value: unknown[], level: number): ObjectNode {
    const length = value.length;
    let dense = true;
    for (let i = 0; i < Math.min(length, MAX_ITEMS); i++) {
      if (!(i in value)) {
        dense = false;
        break;
      }
    }
    // Object.keys on a huge array costs more than the rest of the line; past
    // this size extra keys on an array are not worth looking for.
    const keys = length <= 10_000 ? Object.keys(value) : [];
    const extraKeys = keys.filter((key) => !isArrayIndex(key));
    const props = this.#props(value, level, extraKeys);
    if (dense) {
      const items: Encoded[] = [];
      for (let i = 0; i < Math.min(length, MAX_ITEMS + 1); i++) items.push(this.#child(value[i], level));
      return { kind: 'array', length, items, props };
    }
    // util.inspect walks a sparse array's index keys, one printed entry per key or run of holes.
    const sparse: [number, Encoded][] = [];
    const indexKeys = keys.length > 0 ? keys.filter(isArrayIndex) : sparseIndexes(value);
    for (const key of indexKeys) {
      if (sparse.length > MAX_ITEMS) break;
      sparse.push([Number(key), this.#child(value[Number(key)], level)]);
    }
    return { kind: 'array', length, sparse, props };
  }

  #encodeTypedArray(value: ArrayBufferView, level: number): ObjectNode {
    const view = value as unknown as ArrayLike<number | bigint>;
    const items: Encoded[] = [];
    for (let i = 0; i < Math.min(view.length, MAX_ITEMS); i++) items.push(this.#child(view[i], level));
    return { kind: 'typedarray', ctor: constructorName(value) ?? 'Uint8Array', length: view.length, items };
  }

  #encodeError(error: Error, level: number): ObjectNode {
    const node: ObjectNode = {
      kind: 'error',
      ctor: constructorName(error),
      inheritedName: Object.hasOwn(error, 'name') ? '' : String(error.name),
      message: String(error.message),
      ownMessage: Object.hasOwn(error, 'message'),
      stack: this.#child(error.stack, level),
      props: this.#props(error, level),
    };
    const ownKeys = Object.keys(error);
    if ('cause' in error && !ownKeys.includes('cause')) node.cause = this.#child(error.cause, level);
    const errors = (error as { errors?: unknown }).errors;
    if (Array.isArray(errors) && !ownKeys.includes('errors')) node.errors = this.#child(errors, level);
    return node;
  }

  #encodeFunction(fn: (...args: unknown[]) => unknown, level: number): ObjectNode {
    const flavor = functionFlavor(fn);
    const node: ObjectNode = {
      kind: 'function',
      name: typeof fn.name === 'string' ? fn.name : '',
      flavor,
      length: typeof fn.length === 'number' ? fn.length : 0,
      hasPrototype: Object.hasOwn(fn, 'prototype'),
      props: this.#props(fn, level),
    };
    if (flavor === 'class') {
      const base = Object.getPrototypeOf(fn) as { name?: unknown } | null;
      if (base && typeof base.name === 'string' && base.name !== '') node.base = base.name;
    }
    return node;
  }

  /** Own enumerable properties, string keys then symbols, as `util.inspect` lists them. */
  #props(value: object, level: number, stringKeys: string[] = Object.keys(value)): Property[] {
    const props: Property[] = [];
    const keys: (string | symbol)[] = [...stringKeys];
    for (const symbol of Object.getOwnPropertySymbols(value)) {
      if (Object.prototype.propertyIsEnumerable.call(value, symbol)) keys.push(symbol);
    }
    for (const key of keys) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor) continue;
      const encodedKey = typeof key === 'symbol' ? { $: 'symbol' as const, description: key.description ?? null } : key;
      if (descriptor.get || descriptor.set) {
        props.push([encodedKey, { $: 'accessor', get: !!descriptor.get, set: !!descriptor.set }]);
      } else {
        props.push([encodedKey, this.#child(descriptor.value, level)]);
      }
    }
    return props;
  }
}

function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function isArrayIndex(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

function sparseIndexes(value: unknown[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < value.length && found.length <= MAX_ITEMS; i++) if (i in value) found.push(String(i));
  return found;
}

/** The string a value prints as through `Symbol.for('kindling.inspect')`, if it has one. */
function customText(value: object): string | undefined {
  const method = (value as Record<symbol, unknown>)[kindlingInspect];
  if (typeof method !== 'function') return undefined;
  const text: unknown = method.call(value);
  return typeof text === 'string' ? text : undefined;
}

/**
 * The constructor name `util.inspect` shows: the first named constructor up
 * the prototype chain; null for a null-prototype object.
 */
function constructorName(value: object): string | null {
  if (Object.getPrototypeOf(value) === null) return null;
  for (let proto: object | null = value; proto !== null; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'constructor');
    const ctor: unknown = descriptor?.value;
    if (typeof ctor === 'function' && ctor.name !== '' && value instanceof ctor) return ctor.name;
  }
  return 'Object';
}

/** What a value is called when too deep to print, as `util.inspect` would put it in brackets. */
function shortName(value: object): string {
  if (typeof value === 'function') return 'Function';
  if (Array.isArray(value)) return 'Array';
  return constructorName(value) ?? 'Object: null prototype';
}

/**
 * Whether the nearest `toString` up the prototype chain is the engine's own
 * (then `%s` inspects the value; otherwise it calls `String(value)`). Node
 * asks whether the owning prototype's constructor is a global built-in; in a
 * worker, being native code says the same.
 */
function hasBuiltInToString(value: object): boolean {
  if (typeof (value as { toString?: unknown }).toString !== 'function') return true;
  if (Object.hasOwn(value, 'toString')) return false;
  let owner: object | null = value;
  do owner = Object.getPrototypeOf(owner);
  while (owner !== null && !Object.hasOwn(owner, 'toString'));
  if (owner === null) return true;
  const ctor: unknown = Object.getOwnPropertyDescriptor(owner, 'constructor')?.value;
  return typeof ctor === 'function' && isNative(ctor);
}

function isNative(fn: unknown): boolean {
  return Function.prototype.toString.call(fn).endsWith('{ [native code] }');
}

function functionFlavor(fn: (...args: unknown[]) => unknown): FunctionFlavor {
  const source = Function.prototype.toString.call(fn);
  if (source.startsWith('class') && source.endsWith('}')) return 'class';
  switch (Object.prototype.toString.call(fn)) {
    case '[object AsyncFunction]':
      return 'async';
    case '[object GeneratorFunction]':
      return 'generator';
    case '[object AsyncGeneratorFunction]':
      return 'asyncgenerator';
    default:
      return 'function';
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function safeNumber(value: unknown): unknown {
  try {
    return Number(value);
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------
// Decoding (runs in Node, imports nothing from it)

function decodeValue(value: Encoded, objects: unknown[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  switch (value.$) {
    case 'undefined':
      return undefined;
    case 'number':
      return value.value === '-0' ? -0 : Number(value.value);
    case 'bigint':
      return BigInt(value.value);
    case 'symbol':
      return Symbol(value.description ?? undefined);
    case 'ref':
      return objects[value.id];
    case 'omitted':
      return new Omitted(value.label);
    case 'graph':
      return new GraphDecoder(value.nodes).decode();
    case 'json':
      if (value.circular) {
        const loop: Record<string, unknown> = {};
        loop.self = loop;
        return loop;
      }
      return value.text === null ? undefined : JSON.parse(value.text);
    case 'coerced':
      return new Coerced(value.string, decodeValue(value.number, objects));
  }
}

/** Stands in for what was too deep to send: prints as `[Object]` would have. */
class Omitted {
  readonly #label: string;
  constructor(label: string) {
    this.#label = label;
  }
  [nodeInspectCustom](): string {
    return this.#label;
  }
}

/** Converts to the string and number the original converted to. */
class Coerced {
  readonly #string: string;
  readonly #number: unknown;
  constructor(string: string, number: unknown) {
    this.#string = string;
    this.#number = number;
  }
  toString(): string {
    return this.#string;
  }
  valueOf(): unknown {
    return this.#number;
  }
}

type AnyClass = new (...args: unknown[]) => object;

/** Rebuilds one argument's object table: creates every object, then fills them in. */
class GraphDecoder {
  readonly #nodes: ObjectNode[];
  readonly #objects: unknown[] = [];
  readonly #classes = new Map<string, AnyClass>();

  constructor(nodes: ObjectNode[]) {
    this.#nodes = nodes;
  }

  decode(): unknown {
    this.#nodes.forEach((node, id) => (this.#objects[id] = this.#create(node)));
    this.#nodes.forEach((node, id) => this.#fill(node, this.#objects[id] as object));
    return this.#objects[0];
  }

  #value(value: Encoded): unknown {
    return decodeValue(value, this.#objects);
  }

  #create(node: ObjectNode): unknown {
    switch (node.kind) {
      case 'object':
        if (node.ctor === null) return Object.create(null);
        if (node.ctor === 'Object') return {};
        return new (this.#namedClass(node.ctor))();
      case 'array':
        return new Array(node.length);
      case 'typedarray': {
        const ctor = (globalThis as Record<string, unknown>)[node.ctor];
        return typeof ctor === 'function'
          ? new (ctor as new (n: number) => unknown)(node.length)
          : new Uint8Array(node.length);
      }
      case 'arraybuffer': {
        const buffer = new ArrayBuffer(node.byteLength);
        new Uint8Array(buffer).set(node.bytes);
        return buffer;
      }
      case 'map':
        return new Map();
      case 'set':
        return new Set();
      case 'date':
        return new Date(this.#value(node.time) as number);
      case 'regexp':
        return new RegExp(node.source, node.flags);
      case 'error':
        return this.#createError(node);
      case 'function':
        return this.#createFunction(node);
      case 'boxed':
        return Object(this.#value(node.value));
      case 'weakmap':
        return new WeakMap();
      case 'weakset':
        return new WeakSet();
      case 'custom':
        return node.string === null ? new CustomPrinted(node.text) : new CustomPrintedString(node.text, node.string);
    }
  }

  #fill(node: ObjectNode, target: object): void {
    switch (node.kind) {
      case 'object':
      case 'function':
      case 'error':
        this.#assign(target, node.props);
        if (node.kind === 'error') {
          if (node.cause !== undefined) hide(target, 'cause', this.#value(node.cause));
          if (node.errors !== undefined) hide(target, 'errors', this.#value(node.errors));
        }
        return;
      case 'array': {
        const array = target as unknown[];
        node.items?.forEach((item, index) => (array[index] = this.#value(item)));
        for (const [index, item] of node.sparse ?? []) array[index] = this.#value(item);
        this.#assign(target, node.props);
        return;
      }
      case 'typedarray': {
        const array = target as unknown as Record<number, unknown>;
        node.items.forEach((item, index) => (array[index] = this.#value(item)));
        return;
      }
      case 'map': {
        const map = target as Map<unknown, unknown>;
        for (const [k, v] of node.entries) map.set(this.#value(k), this.#value(v));
        // Unsent entries only count towards "... N more items"; any distinct keys do.
        while (map.size < node.size) map.set(Symbol(), undefined);
        this.#assign(target, node.props);
        return;
      }
      case 'set': {
        const set = target as Set<unknown>;
        for (const v of node.values) set.add(this.#value(v));
        while (set.size < node.size) set.add(Symbol());
        this.#assign(target, node.props);
        return;
      }
      default:
        return;
    }
  }

  #assign(target: object, props: Property[]): void {
    for (const [rawKey, value] of props) {
      const key = typeof rawKey === 'string' ? rawKey : Symbol(rawKey.description ?? undefined);
      if (value !== null && typeof value === 'object' && value.$ === 'accessor') {
        Object.defineProperty(target, key, {
          get: value.get ? () => undefined : undefined,
          set: value.set ? () => {} : undefined,
          enumerable: true,
          configurable: true,
        });
      } else {
        Object.defineProperty(target, key, {
          value: this.#value(value as Encoded),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
  }

  #createError(node: Extract<ObjectNode, { kind: 'error' }>): Error {
    const ErrorClass = this.#errorClass(node.ctor, node.inheritedName);
    const args: unknown[] = node.ownMessage ? [node.message] : [];
    const error =
      ErrorClass === (AggregateError as unknown)
        ? new AggregateError([], ...(args as [string?]))
        : (new ErrorClass(...args) as Error);
    if (!node.ownMessage) delete (error as { message?: string }).message;
    const stack = this.#value(node.stack);
    if (stack === undefined) delete error.stack;
    else hide(error, 'stack', stack);
    if (node.errors !== undefined) delete (error as { errors?: unknown }).errors;
    return error;
  }

  #errorClass(ctor: string | null, inheritedName: string): AnyClass {
    if (ctor !== null && BUILTIN_ERRORS.includes(ctor)) {
      const builtIn = (globalThis as unknown as Record<string, AnyClass>)[ctor];
      if (inheritedName === '' || inheritedName === ctor) return builtIn;
      // A built-in error whose prototype's name was changed: keep the ctor, change the name.
      const renamed = { [ctor]: class extends (builtIn as typeof Error) {} }[ctor];
      hide(renamed.prototype, 'name', inheritedName);
      return renamed as unknown as AnyClass;
    }
    const name = ctor ?? 'Error';
    const cls = { [name]: class extends Error {} }[name];
    if (inheritedName !== '') hide(cls.prototype, 'name', inheritedName);
    if (ctor === null) Object.setPrototypeOf(cls.prototype, null);
    return cls as unknown as AnyClass;
  }

  #createFunction(node: Extract<ObjectNode, { kind: 'function' }>): unknown {
    const name = node.name;
    let fn: unknown;
    switch (node.flavor) {
      case 'class': {
        // util.inspect reads `extends X` from the class's source text, which must not contain a call.
        const Base = node.base === undefined ? undefined : this.#namedClass(node.base);
        fn = Base === undefined ? { [name]: class {} }[name] : { [name]: class extends Base {} }[name];
        break;
      }
      case 'async':
        fn = { [name]: async () => {} }[name];
        break;
      case 'generator':
        fn = { [name]: function* () {} }[name];
        break;
      case 'asyncgenerator':
        fn = { [name]: async function* () {} }[name];
        break;
      default:
        fn = node.hasPrototype ? { [name]: function () {} }[name] : { [name]: () => {} }[name];
    }
    Object.defineProperty(fn, 'length', { value: node.length, configurable: true });
    return fn;
  }

  /** A class whose instances `util.inspect` labels `name`; one per name per argument. */
  #namedClass(name: string): AnyClass {
    let cls = this.#classes.get(name);
    if (!cls) {
      cls = { [name]: class {} }[name] as AnyClass;
      this.#classes.set(name, cls);
    }
    return cls;
  }
}

/** A value that printed itself: inspects as its text. */
class CustomPrinted {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  [nodeInspectCustom](): string {
    return this.#text;
  }
}

/** The same, for a value with its own `toString`, which `%s` calls. */
class CustomPrintedString extends CustomPrinted {
  readonly #string: string;
  constructor(text: string, string: string) {
    super(text);
    this.#string = string;
  }
  override toString(): string {
    return this.#string;
  }
}

function hide(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: true, configurable: true });
}
