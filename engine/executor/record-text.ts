/**
 * A record as short text, the way Node's `util.inspect` (and so a learner's
 * `console.log`) prints it — `[ 'spark', 1 ]`, `{ name: 'Ada' }`,
 * `Map(1) { 'a' => 1 }` — but on one line and never longer than a budget, so
 * a task can show the first rows of a partition without copying a 1 MB line
 * (`wholeTextFiles` gives such pairs) or walking a deep graph.
 *
 * It runs on the executor, in the task, when the row passes: what is shown is
 * the row as it was then, whatever user code does to it later.
 */

/** Thrown inside the walk when the budget is spent; caught at the top. */
const SPENT = Symbol('spent');

/** Nesting shown before `[Array]`/`[Object]`, as util.inspect's default depth of 2. */
const DEPTH = 2;
/** Items of one array, set or map shown before `... n more items`. */
const ITEMS = 20;

class Writer {
  text = '';
  constructor(readonly budget: number) {}
  /** Characters still allowed. */
  get left(): number {
    return this.budget - this.text.length;
  }
  write(s: string): void {
    if (this.text.length + s.length > this.budget) {
      this.text = (this.text + s).slice(0, this.budget - 1);
      throw SPENT;
    }
    this.text += s;
  }
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

function quote(s: string): string {
  // util.inspect's choice of quote: single, else double, else a backtick, whichever the text lacks.
  const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes('`') ? '`' : "'";
  let out = q;
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (c === q) out += '\\' + c;
    else if (ESCAPES[c] !== undefined) out += ESCAPES[c];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += c;
  }
  return out + q;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function items(
  w: Writer,
  open: string,
  close: string,
  values: Iterable<unknown>,
  size: number,
  each: (v: unknown) => void,
): void {
  if (size === 0) {
    w.write(open + close);
    return;
  }
  w.write(open + ' ');
  let i = 0;
  for (const v of values) {
    if (i === ITEMS) break;
    if (i > 0) w.write(', ');
    each(v);
    i++;
  }
  if (size > ITEMS) w.write(`, ... ${size - ITEMS} more item${size - ITEMS === 1 ? '' : 's'}`);
  w.write(' ' + close);
}

function walk(w: Writer, value: unknown, depth: number, seen: object[]): void {
  switch (typeof value) {
    case 'string':
      // Only what can be shown is quoted: a 1 MB line costs no more than its first few characters.
      w.write(quote(value.length > w.left ? value.slice(0, w.left) : value));
      return;
    case 'number':
      w.write(Object.is(value, -0) ? '-0' : String(value));
      return;
    case 'bigint':
      w.write(`${value}n`);
      return;
    case 'boolean':
    case 'undefined':
      w.write(String(value));
      return;
    case 'symbol':
      w.write(value.toString());
      return;
    case 'function':
      w.write(`[Function: ${value.name || '(anonymous)'}]`);
      return;
  }
  if (value === null) {
    w.write('null');
    return;
  }
  const object = value as object;
  if (seen.includes(object)) {
    w.write('[Circular]');
    return;
  }
  if (object instanceof Date) {
    w.write(Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString());
    return;
  }
  if (object instanceof RegExp) {
    w.write(String(object));
    return;
  }
  if (object instanceof Error) {
    w.write(`[${object.name}: ${object.message}]`);
    return;
  }
  const inner = (v: unknown) => walk(w, v, depth + 1, [...seen, object]);
  if (Array.isArray(object)) {
    if (depth > DEPTH) return w.write('[Array]');
    items(w, '[', ']', object, object.length, inner);
    return;
  }
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
    const typed = object as unknown as ArrayLike<number | bigint> & Iterable<number | bigint>;
    w.write(`${object.constructor.name}(${typed.length}) `);
    items(w, '[', ']', typed, typed.length, inner);
    return;
  }
  if (object instanceof Map) {
    w.write(`Map(${object.size}) `);
    if (depth > DEPTH) return w.write('{...}');
    items(w, '{', '}', object, object.size, (entry) => {
      const [k, v] = entry as [unknown, unknown];
      inner(k);
      w.write(' => ');
      inner(v);
    });
    return;
  }
  if (object instanceof Set) {
    w.write(`Set(${object.size}) `);
    if (depth > DEPTH) return w.write('{...}');
    items(w, '{', '}', object, object.size, inner);
    return;
  }
  const proto: unknown = Object.getPrototypeOf(object);
  const ctor =
    proto === null ? '[Object: null prototype]' : (proto as { constructor?: { name?: string } }).constructor?.name;
  const prefix = ctor && ctor !== 'Object' ? `${ctor} ` : '';
  if (depth > DEPTH) return w.write(prefix ? `[${ctor}]` : '[Object]');
  const keys = Object.keys(object);
  w.write(prefix);
  items(w, '{', '}', keys, keys.length, (key) => {
    const k = key as string;
    w.write(`${IDENTIFIER.test(k) ? k : quote(k)}: `);
    inner((object as Record<string, unknown>)[k]);
  });
}

/**
 * `value` as one line of text of at most `budget` characters (cut text ends
 * with `…`, which counts in the budget).
 *
 * @example
 * recordText(['spark', 1], 100); // "[ 'spark', 1 ]"
 * recordText('a'.repeat(50), 10); // "'aaaaaaaa…"
 */
export function recordText(value: unknown, budget: number): string {
  const w = new Writer(Math.max(1, budget));
  try {
    walk(w, value, 0, []);
    return w.text;
  } catch (e) {
    if (e === SPENT) return w.text + '…';
    // A getter that throws, a revoked proxy: say so rather than fail the learner's task.
    return `[unprintable: ${e instanceof Error ? e.message : String(e)}]`.slice(0, budget);
  }
}
