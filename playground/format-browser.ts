/**
 * Console formatting for the browser that prints what Node's `console.log`
 * prints, so the playground's output panel matches the headless runner's
 * stdout line for line. It follows the rules of Node's `util.inspect` with its
 * default options (depth 2, breakLength 80, compact 3, maxArrayLength 100,
 * maxStringLength 10000, no colours) for the values a driver program logs:
 * primitives, arrays (grouped into columns like Node does), plain objects and
 * class instances, Map, Set, Date, RegExp, Error, functions and classes, typed
 * arrays, ArrayBuffers, boxed primitives, circular references, and objects
 * with a `Symbol.for('nodejs.util.inspect.custom')` method (which is how
 * `fromLoggable` in engine/runner/loggable.ts marks values that print
 * themselves, such as RDDs).
 *
 * Known differences from Node: column widths count UTF-16 code units, not
 * terminal cells (wide CJK characters line up differently); `%o` formats like
 * `%O` with depth 4 rather than also listing hidden properties; Proxies and
 * Promises print as the plain objects the browser shows us.
 */

const defaults = {
  depth: 2,
  breakLength: 80,
  compact: 3,
  maxArrayLength: 100,
  maxStringLength: 10_000,
} as const;

/** What `inspect` lets a caller change; everything else is Node's default. */
export interface InspectOptions {
  /** How many levels of nesting to show before `[Object]`; Node's default is 2. */
  depth?: number;
  /** Line length before an object is split over several lines; Node's default is 80. */
  breakLength?: number;
}

interface Context {
  depth: number;
  breakLength: number;
  indentationLvl: number;
  currentDepth: number;
  seen: object[];
  circular?: Map<object, number>;
}

/** How the entries of an output list are laid out: object properties, array elements, or an array's entries. */
const Kind = { Object: 0, ArrayElement: 1, ArrayExtras: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

type Formatter = (ctx: Context, value: never, recurseTimes: number) => string[];

/** Node's `util.inspect.custom`: objects with a method under it print as what it returns. */
const nodeInspectCustom = Symbol.for('nodejs.util.inspect.custom');
const kMinLineLength = 16;
const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const numberRegExp = /^(0|[1-9][0-9]*)$/;
// Control characters, DEL and C1 controls, the quote, the backslash and lone surrogates need escaping.
/* eslint-disable no-control-regex */
const escapeWithQuote =
  /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const escapeNoQuote =
  /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */
const namedEscapes: Record<number, string> = {
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
  39: "\\'",
  92: '\\\\',
};

function escapeCharacter(character: string): string {
  const code = character.charCodeAt(0);
  const named = namedEscapes[code];
  if (named !== undefined) return named;
  if (code <= 0x9f) return `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  return `\\u${code.toString(16)}`;
}

/** Quotes a string the way Node does: `'…'`, or `"…"` / `` `…` `` when that avoids escaping a quote. */
function quote(text: string): string {
  let open = "'";
  let pattern = escapeWithQuote;
  if (text.includes("'")) {
    if (!text.includes('"')) open = '"';
    else if (!text.includes('`') && !text.includes('${')) open = '`';
    if (open !== "'") pattern = escapeNoQuote;
  }
  pattern.lastIndex = 0;
  return `${open}${text.replace(pattern, escapeCharacter)}${open}`;
}

function formatNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : `${value}`;
}

function remainingText(remaining: number): string {
  return `... ${remaining} more item${remaining > 1 ? 's' : ''}`;
}

function formatPrimitive(ctx: Context, value: unknown): string {
  switch (typeof value) {
    case 'string': {
      let text = value;
      let trailer = '';
      if (text.length > defaults.maxStringLength) {
        const remaining = text.length - defaults.maxStringLength;
        text = text.slice(0, defaults.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
      }
      // Long strings with newlines are shown one line per literal, joined with `+`.
      if (text.length > kMinLineLength && text.length > ctx.breakLength - ctx.indentationLvl - 4) {
        return (
          text
            .split(/(?<=\n)/)
            .map(quote)
            .join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer
        );
      }
      return quote(text) + trailer;
    }
    case 'number':
      return formatNumber(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return `${value}`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    default:
      return String(value);
  }
}

function isInstanceOf(value: object, constructor: unknown): boolean {
  try {
    return typeof constructor === 'function' && value instanceof constructor;
  } catch (_error) {
    return false;
  }
}

/** The name of the nearest constructor on the prototype chain; `null` for a null-prototype object. */
function getConstructorName(value: object): string | null {
  let current: object | null = value;
  let firstProto: object | null | undefined;
  while (current) {
    const descriptor = Object.getOwnPropertyDescriptor(current, 'constructor');
    if (
      descriptor !== undefined &&
      typeof descriptor.value === 'function' &&
      descriptor.value.name !== '' &&
      isInstanceOf(value, descriptor.value)
    ) {
      return String(descriptor.value.name);
    }
    current = Object.getPrototypeOf(current) as object | null;
    if (firstProto === undefined) firstProto = current;
  }
  // Node prints `Foo <Complex prototype>` here; such objects cannot reach us through postMessage.
  return firstProto === null ? null : 'Object';
}

function internalName(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

function getPrefix(constructor: string | null, tag: string, fallback: string, size = ''): string {
  if (constructor === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
  return `${constructor}${size} `;
}

function getCtxStyle(value: object, constructor: string | null, tag: string): string {
  let fallback = '';
  if (constructor === null) {
    fallback = internalName(value);
    if (fallback === tag) fallback = 'Object';
  }
  return getPrefix(constructor, tag, fallback);
}

function getKeys(value: object): PropertyKey[] {
  const keys: PropertyKey[] = Object.keys(value);
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (Object.prototype.propertyIsEnumerable.call(value, symbol)) keys.push(symbol);
  }
  return keys;
}

function getNonIndexKeys(value: object): PropertyKey[] {
  return getKeys(value).filter((key) => typeof key === 'symbol' || !numberRegExp.test(String(key)));
}

function isError(value: object): value is Error {
  return value instanceof Error || internalName(value) === 'Error';
}

function isTypedArray(value: object): value is Int8Array {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** For `new Number(1)` and friends: the wrapper's type name and the primitive inside; otherwise undefined. */
function boxedPrimitive(value: object): [string, unknown] | undefined {
  // valueOf called on the wrong kind of object throws, which makes it a reliable brand check.
  const unwrappers: [string, (this: object) => unknown][] = [
    ['Number', Number.prototype.valueOf as (this: object) => unknown],
    ['String', String.prototype.valueOf as (this: object) => unknown],
    ['Boolean', Boolean.prototype.valueOf as (this: object) => unknown],
    ['BigInt', BigInt.prototype.valueOf as (this: object) => unknown],
    ['Symbol', Symbol.prototype.valueOf as (this: object) => unknown],
  ];
  for (const [type, unwrap] of unwrappers) {
    try {
      return [type, unwrap.call(value)];
    } catch (_error) {
      // Not this kind of wrapper.
    }
  }
  return undefined;
}

const builtInObjects = new Set(
  Object.getOwnPropertyNames(globalThis).filter((name) => /^[A-Z][a-zA-Z0-9]+$/.test(name)),
);

const classHeadRegExp = /^(\s+[^(]*?)\s*{/;
const commentsRegExp = /(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g;

/** Node's test for "this function's source is a class": a `{` follows, with no `(` before it in the head. */
function looksLikeClassSource(afterKeyword: string): boolean {
  const bracketIndex = afterKeyword.indexOf('{');
  if (bracketIndex === -1) return false;
  if (!afterKeyword.slice(0, bracketIndex).includes('(')) return true;
  // Node replaces comments with the text "undefined" here (an unset replacement); mirrored for identical output.
  return classHeadRegExp.test(afterKeyword.replace(commentsRegExp, 'undefined'));
}

function getFunctionBase(value: (...args: never[]) => unknown, constructor: string | null, tag: string): string {
  const source = Function.prototype.toString.call(value);
  if (source.startsWith('class') && source.endsWith('}') && looksLikeClassSource(source.slice(5, -1))) {
    const name = (Object.prototype.hasOwnProperty.call(value, 'name') && value.name) || '(anonymous)';
    let base = `class ${name}`;
    if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
    if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
    if (constructor !== null) {
      const superName = (Object.getPrototypeOf(value) as { name?: unknown }).name;
      if (superName) base += ` extends ${String(superName)}`;
    } else {
      base += ' extends [null prototype]';
    }
    return `[${base}]`;
  }
  let type = 'Function';
  const kind = internalName(value);
  if (kind === 'GeneratorFunction' || kind === 'AsyncGeneratorFunction') type = `Generator${type}`;
  if (kind === 'AsyncFunction' || kind === 'AsyncGeneratorFunction') type = `Async${type}`;
  let base = `[${type}`;
  if (constructor === null) base += ' (null prototype)';
  base += value.name === '' ? ' (anonymous)' : `: ${value.name}`;
  base += ']';
  if (constructor !== type && constructor !== null) base += ` ${constructor}`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  return base;
}

function formatError(ctx: Context, error: Error, keys: PropertyKey[]): string {
  let stack =
    typeof error.stack === 'string' && error.stack !== '' ? error.stack : Error.prototype.toString.call(error);
  // name, message and stack are already in the stack text; show them again only if they differ.
  for (const name of ['name', 'message', 'stack'] as const) {
    const index = keys.indexOf(name);
    if (index !== -1 && (typeof error[name] !== 'string' || stack.includes(error[name]))) keys.splice(index, 1);
  }
  if ('cause' in error && !keys.includes('cause')) keys.push('cause');
  let position = (error.message && stack.indexOf(error.message)) || -1;
  if (position !== -1) position += error.message.length;
  if (stack.indexOf('\n    at', position) === -1) stack = `[${stack}]`;
  if (ctx.indentationLvl !== 0) stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
  return stack;
}

function formatValue(ctx: Context, value: unknown, recurseTimes: number): string {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    return value === null ? 'null' : formatPrimitive(ctx, value);
  }
  const custom = (value as { [nodeInspectCustom]?: unknown })[nodeInspectCustom];
  // Like Node, skip the hook on a prototype object (whose constructor's prototype is itself).
  if (
    typeof custom === 'function' &&
    Object.getOwnPropertyDescriptor(value, 'constructor')?.value?.prototype !== value
  ) {
    const result: unknown = custom.call(value, ctx.depth - recurseTimes, { depth: ctx.depth - recurseTimes }, inspect);
    if (result !== value) {
      if (typeof result !== 'string') return formatValue(ctx, result, recurseTimes);
      return result.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
    }
  }
  if (ctx.seen.includes(value)) {
    ctx.circular ??= new Map();
    let index = ctx.circular.get(value);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(value, index);
    }
    return `[Circular *${index}]`;
  }
  return formatRaw(ctx, value, recurseTimes);
}

function formatRaw(ctx: Context, value: object, recurseTimes: number): string {
  const constructor = getConstructorName(value);
  let tag: unknown = (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  // A tag that is an own enumerable property is listed with the keys; show it only once.
  if (
    typeof tag !== 'string' ||
    (tag !== '' && Object.prototype.propertyIsEnumerable.call(value, Symbol.toStringTag))
  ) {
    tag = '';
  }
  const tagText = tag as string;
  let keys: PropertyKey[];
  let base = '';
  let braces: [string, string] = ['{', '}'];
  let formatter: Formatter = () => [];
  let kind: Kind = Kind.Object;
  let boxed: [string, unknown] | undefined;

  if (Array.isArray(value)) {
    const prefix =
      constructor !== 'Array' || tagText !== '' ? getPrefix(constructor, tagText, 'Array', `(${value.length})`) : '';
    keys = getNonIndexKeys(value);
    braces = [`${prefix}[`, ']'];
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    kind = Kind.ArrayExtras;
    formatter = formatArray;
  } else if (value instanceof Set) {
    const prefix = getPrefix(constructor, tagText, 'Set', `(${value.size})`);
    keys = getKeys(value);
    if (value.size === 0 && keys.length === 0) return `${prefix}{}`;
    braces = [`${prefix}{`, '}'];
    formatter = formatSet;
  } else if (value instanceof Map) {
    const prefix = getPrefix(constructor, tagText, 'Map', `(${value.size})`);
    keys = getKeys(value);
    if (value.size === 0 && keys.length === 0) return `${prefix}{}`;
    braces = [`${prefix}{`, '}'];
    formatter = formatMap;
  } else if (isTypedArray(value)) {
    keys = getNonIndexKeys(value);
    const fallback = constructor === null ? internalName(value) : '';
    braces = [`${getPrefix(constructor, tagText, fallback, `(${value.length})`)}[`, ']'];
    if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
    formatter = formatTypedArray;
    kind = Kind.ArrayExtras;
  } else {
    keys = getKeys(value);
    if (typeof value === 'function') {
      base = getFunctionBase(value as (...args: never[]) => unknown, constructor, tagText);
      if (keys.length === 0) return base;
    } else if (constructor === 'Object') {
      if (tagText !== '') braces[0] = `${getPrefix(constructor, tagText, 'Object')}{`;
      if (keys.length === 0) return `${braces[0]}}`;
    } else if (value instanceof RegExp) {
      base = RegExp.prototype.toString.call(value);
      const prefix = getPrefix(constructor, tagText, 'RegExp');
      if (prefix !== 'RegExp ') base = `${prefix}${base}`;
      if (keys.length === 0 || recurseTimes > ctx.depth) return base;
    } else if (value instanceof Date) {
      base = Number.isNaN(value.getTime()) ? value.toString() : value.toISOString();
      const prefix = getPrefix(constructor, tagText, 'Date');
      if (prefix !== 'Date ') base = `${prefix}${base}`;
      if (keys.length === 0) return base;
    } else if (isError(value)) {
      base = formatError(ctx, value, keys);
      if (keys.length === 0) return base;
    } else if (value instanceof ArrayBuffer) {
      braces[0] = `${getPrefix(constructor, tagText, 'ArrayBuffer')}{`;
      keys.unshift('byteLength');
      formatter = formatArrayBuffer;
    } else if (value instanceof WeakMap || value instanceof WeakSet) {
      braces[0] = `${getPrefix(constructor, tagText, value instanceof WeakMap ? 'WeakMap' : 'WeakSet')}{`;
      formatter = () => ['<items unknown>'];
    } else if ((boxed = boxedPrimitive(value)) !== undefined) {
      const [type, primitive] = boxed;
      if (typeof primitive === 'string') keys.splice(0, primitive.length);
      base = `[${type}`;
      if (type !== constructor) base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
      base += `: ${formatPrimitive({ ...ctx, indentationLvl: 0 }, primitive)}]`;
      if (tagText !== '' && tagText !== constructor) base += ` [${tagText}]`;
      if (keys.length === 0) return base;
    } else {
      if (keys.length === 0) return `${getCtxStyle(value, constructor, tagText)}{}`;
      braces[0] = `${getCtxStyle(value, constructor, tagText)}{`;
    }
  }

  if (recurseTimes > ctx.depth) {
    let name = getCtxStyle(value, constructor, tagText).slice(0, -1);
    if (constructor !== null) name = `[${name}]`;
    return name;
  }
  recurseTimes += 1;
  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  const output = formatter(ctx, value as never, recurseTimes);
  for (const key of keys) output.push(formatProperty(ctx, value, recurseTimes, key, kind));
  const reference = ctx.circular?.get(value);
  if (reference !== undefined) base = base === '' ? `<ref *${reference}>` : `<ref *${reference}> ${base}`;
  ctx.seen.pop();
  return reduceToSingleString(ctx, output, base, braces, kind, recurseTimes, value);
}

function formatArray(ctx: Context, value: unknown[], recurseTimes: number): string[] {
  const length = Math.min(defaults.maxArrayLength, value.length);
  const output: string[] = [];
  for (let i = 0; i < length; i++) {
    if (!Object.prototype.hasOwnProperty.call(value, i)) {
      return formatSparseArray(ctx, value, recurseTimes, length, output, i);
    }
    output.push(formatProperty(ctx, value, recurseTimes, i, Kind.ArrayElement));
  }
  if (value.length > length) output.push(remainingText(value.length - length));
  return output;
}

function formatSparseArray(
  ctx: Context,
  value: unknown[],
  recurseTimes: number,
  maxLength: number,
  output: string[],
  start: number,
): string[] {
  const keys = Object.keys(value);
  let index = start;
  for (let i = start; i < keys.length && output.length < maxLength; i++) {
    const key = keys[i];
    const position = Number(key);
    if (position > 2 ** 32 - 2) break;
    if (`${index}` !== key) {
      if (!numberRegExp.test(key)) break;
      const empty = position - index;
      output.push(`<${empty} empty item${empty > 1 ? 's' : ''}>`);
      index = position;
      if (output.length === maxLength) break;
    }
    output.push(formatProperty(ctx, value, recurseTimes, key, Kind.ArrayElement));
    index++;
  }
  const remaining = value.length - index;
  if (output.length !== maxLength) {
    if (remaining > 0) output.push(`<${remaining} empty item${remaining > 1 ? 's' : ''}>`);
  } else if (remaining > 0) {
    output.push(remainingText(remaining));
  }
  return output;
}

function formatTypedArray(_ctx: Context, value: Int8Array | BigInt64Array): string[] {
  const length = Math.min(defaults.maxArrayLength, value.length);
  const output: string[] = [];
  for (let i = 0; i < length; i++) {
    const element = value[i];
    output.push(typeof element === 'bigint' ? `${element}n` : formatNumber(element));
  }
  if (value.length > length) output.push(remainingText(value.length - length));
  return output;
}

function formatArrayBuffer(_ctx: Context, value: ArrayBuffer): string[] {
  const bytes = new Uint8Array(value);
  let hex = Array.from(bytes.subarray(0, defaults.maxArrayLength), (byte) => byte.toString(16).padStart(2, '0')).join(
    ' ',
  );
  const remaining = bytes.length - defaults.maxArrayLength;
  if (remaining > 0) hex += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`[Uint8Contents]: <${hex}>`];
}

function formatSet(ctx: Context, value: Set<unknown>, recurseTimes: number): string[] {
  const output: string[] = [];
  ctx.indentationLvl += 2;
  for (const element of value) {
    if (output.length >= defaults.maxArrayLength) break;
    output.push(formatValue(ctx, element, recurseTimes));
  }
  if (value.size > defaults.maxArrayLength) output.push(remainingText(value.size - defaults.maxArrayLength));
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(ctx: Context, value: Map<unknown, unknown>, recurseTimes: number): string[] {
  const output: string[] = [];
  ctx.indentationLvl += 2;
  for (const [key, entry] of value) {
    if (output.length >= defaults.maxArrayLength) break;
    output.push(`${formatValue(ctx, key, recurseTimes)} => ${formatValue(ctx, entry, recurseTimes)}`);
  }
  if (value.size > defaults.maxArrayLength) output.push(remainingText(value.size - defaults.maxArrayLength));
  ctx.indentationLvl -= 2;
  return output;
}

function formatProperty(ctx: Context, value: object, recurseTimes: number, key: PropertyKey, kind: Kind): string {
  const descriptor = Object.getOwnPropertyDescriptor(value, key) ?? {
    value: (value as Record<PropertyKey, unknown>)[key],
    enumerable: true,
  };
  let text: string;
  if (descriptor.value !== undefined) {
    ctx.indentationLvl += 2;
    text = formatValue(ctx, descriptor.value, recurseTimes);
    ctx.indentationLvl -= 2;
  } else if (descriptor.get !== undefined) {
    text = descriptor.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  } else if (descriptor.set !== undefined) {
    text = '[Setter]';
  } else {
    text = 'undefined';
  }
  if (kind === Kind.ArrayElement) return text;
  let name: string;
  if (typeof key === 'symbol') {
    escapeWithQuote.lastIndex = 0;
    name = `[${key.toString().replace(escapeWithQuote, escapeCharacter)}]`;
  } else if (key === '__proto__') {
    name = "['__proto__']";
  } else if (descriptor.enumerable === false) {
    escapeWithQuote.lastIndex = 0;
    name = `[${String(key).replace(escapeWithQuote, escapeCharacter)}]`;
  } else if (keyStrRegExp.test(String(key))) {
    name = String(key);
  } else {
    name = quote(String(key));
  }
  return `${name}: ${text}`;
}

/** Lays short array entries out in aligned columns, as Node does for arrays of more than six entries. */
function groupArrayElements(ctx: Context, output: string[], value: unknown): string[] {
  let totalLength = 0;
  let maxLength = 0;
  let outputLength = output.length;
  // The "... n more items" entry is not part of the grid.
  if (defaults.maxArrayLength < output.length) outputLength--;
  const separatorSpace = 2;
  const dataLength: number[] = [];
  for (let i = 0; i < outputLength; i++) {
    const length = output[i].length;
    dataLength.push(length);
    totalLength += length + separatorSpace;
    if (maxLength < length) maxLength = length;
  }
  const actualMax = maxLength + separatorSpace;
  // Group only if three columns fit and the entries are of similar length.
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
    const approxCharHeights = 2.5;
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      defaults.compact * 4,
      15,
    );
    if (columns <= 1) return output;
    const grouped: string[] = [];
    const maxLineLength: number[] = [];
    for (let column = 0; column < columns; column++) {
      let lineMaxLength = 0;
      for (let j = column; j < output.length; j += columns) {
        if (dataLength[j] > lineMaxLength) lineMaxLength = dataLength[j];
      }
      maxLineLength.push(lineMaxLength + separatorSpace);
    }
    // Numbers are right-aligned, everything else left-aligned.
    let padStart = true;
    if (value !== undefined) {
      const elements = value as ArrayLike<unknown>;
      for (let i = 0; i < output.length; i++) {
        if (typeof elements[i] !== 'number' && typeof elements[i] !== 'bigint') {
          padStart = false;
          break;
        }
      }
    }
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength);
      let line = '';
      let j = i;
      for (; j < max - 1; j++) {
        const cell = `${output[j]}, `;
        line += padStart ? cell.padStart(maxLineLength[j - i]) : cell.padEnd(maxLineLength[j - i]);
      }
      line += padStart ? output[j].padStart(maxLineLength[j - i] - separatorSpace) : output[j];
      grouped.push(line);
    }
    if (outputLength < output.length) grouped.push(output[outputLength]);
    return grouped;
  }
  return output;
}

function isBelowBreakLength(ctx: Context, output: string[], start: number, base: string): boolean {
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (const entry of output) {
    totalLength += entry.length;
    if (totalLength > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

function reduceToSingleString(
  ctx: Context,
  output: string[],
  base: string,
  braces: [string, string],
  kind: Kind,
  recurseTimes: number,
  value: unknown,
): string {
  const entries = output.length;
  if (kind === Kind.ArrayExtras && entries > 6) output = groupArrayElements(ctx, output, value);
  // Up to `compact` inner levels go on one line when they fit within breakLength.
  if (ctx.currentDepth - recurseTimes < defaults.compact && entries === output.length) {
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
    if (isBelowBreakLength(ctx, output, start, base)) {
      const joined = output.join(', ');
      if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
    }
  }
  const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
  return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
}

/**
 * Formats one value the way Node's `util.inspect` does with default options.
 *
 * @example
 * inspect(new Map([['a', 1]])); // "Map(1) { 'a' => 1 }"
 * inspect([['spark', 3]]);      // "[ [ 'spark', 3 ] ]"
 */
export function inspect(value: unknown, options: InspectOptions = {}): string {
  const ctx: Context = {
    depth: options.depth ?? defaults.depth,
    breakLength: options.breakLength ?? defaults.breakLength,
    indentationLvl: 0,
    currentDepth: 0,
    seen: [],
  };
  return formatValue(ctx, value, 0);
}

/** True when `String(value)` is the object's own idea of itself (a user-defined toString). */
function hasUserToString(value: object): boolean {
  if (Object.prototype.hasOwnProperty.call(value, 'toString')) return true;
  let pointer: object | null = value;
  while ((pointer = Object.getPrototypeOf(pointer) as object | null)) {
    if (Object.prototype.hasOwnProperty.call(pointer, 'toString')) {
      const constructor = Object.getOwnPropertyDescriptor(pointer, 'constructor')?.value as unknown;
      return !(typeof constructor === 'function' && builtInObjects.has(constructor.name));
    }
  }
  return false;
}

function formatSubstitution(letter: string, argument: unknown): string | undefined {
  switch (letter) {
    case 's':
      if (typeof argument === 'number') return formatNumber(argument);
      if (typeof argument === 'bigint') return `${argument}n`;
      if (typeof argument !== 'object' || argument === null || hasUserToString(argument)) return String(argument);
      return inspect(argument, { depth: 0 });
    case 'j':
      try {
        return JSON.stringify(argument);
      } catch (error) {
        if (error instanceof TypeError && /circular/i.test(error.message)) return '[Circular]';
        throw error;
      }
    case 'd':
    case 'i':
    case 'f':
      if (typeof argument === 'bigint') return letter === 'f' ? formatNumber(Number(argument)) : `${argument}n`;
      if (typeof argument === 'symbol') return 'NaN';
      if (letter === 'd') return formatNumber(Number(argument));
      return formatNumber(letter === 'i' ? parseInt(String(argument)) : parseFloat(String(argument)));
    case 'O':
      return inspect(argument);
    case 'o':
      return inspect(argument, { depth: 4 });
    case 'c':
      return '';
    default:
      return undefined;
  }
}

/**
 * Formats a console call's arguments into the line Node's `console.log` would
 * print: strings as they are, other values through `inspect`, separated by
 * spaces, with `%s %d %i %f %j %o %O %c %%` substitutions in a leading string.
 *
 * @example
 * formatLogArgs(['counts:', new Map([['a', 1]])]); // "counts: Map(1) { 'a' => 1 }"
 * formatLogArgs(['%d words', 42]);                 // '42 words'
 */
export function formatLogArgs(args: readonly unknown[]): string {
  const first = args[0];
  let used = 0;
  let text = '';
  let separator = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let lastPosition = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first[i] !== '%') continue;
      const letter = first[++i];
      if (used + 1 !== args.length) {
        if (letter === '%') {
          text += first.slice(lastPosition, i);
          lastPosition = i + 1;
          continue;
        }
        const replacement = formatSubstitution(letter, args[used + 1]);
        if (replacement === undefined) continue;
        used++;
        if (lastPosition !== i - 1) text += first.slice(lastPosition, i - 1);
        text += replacement;
        lastPosition = i + 1;
      } else if (letter === '%') {
        text += first.slice(lastPosition, i);
        lastPosition = i + 1;
      }
    }
    if (lastPosition !== 0) {
      used++;
      separator = ' ';
      if (lastPosition < first.length) text += first.slice(lastPosition);
    }
  }
  for (let i = used; i < args.length; i++) {
    const argument = args[i];
    text += separator + (typeof argument === 'string' ? argument : inspect(argument));
    separator = ' ';
  }
  return text;
}
