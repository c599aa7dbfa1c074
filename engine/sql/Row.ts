/**
 * pyspark.sql.Row: a result row whose columns are fields (`r.name`,
 * `r['name']`), positions (`r[0]`) and `asDict()`. It prints as PySpark
 * prints it (`Row.__repr__` in pyspark/sql/types.py: `Row(%s)` of `k=%r`):
 * `Row(id=1, name='ada', score=2.0)`. A Row from a DataFrame knows its
 * columns' types, so each value prints as the Python value PySpark would hold
 * (a double `2.0`, a date `datetime.date(2024, 1, 2)`, a decimal
 * `Decimal('1.50')`, a struct a nested Row).
 */
import { ArrayType, DataType, DateType, DecimalType, DoubleType, FloatType, MapType, StructType } from './types';

export class Row {
  readonly #fields: readonly string[];
  readonly #values: readonly unknown[];
  readonly #types: readonly (DataType | undefined)[];
  [key: string]: unknown;

  /** `types`, when known (a DataFrame's schema), are the columns' types: they decide how values print. */
  constructor(fields: readonly string[], values: readonly unknown[], types: readonly (DataType | undefined)[] = []) {
    this.#fields = fields;
    this.#values = values;
    this.#types = types;
    // A schema's rows (Row.maker) define their fields themselves and find their positions on their prototype.
    if (new.target !== Row) return;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (!(f in this)) Object.defineProperty(this, f, { value: values[i], enumerable: true });
    }
    values.forEach((v, i) => Object.defineProperty(this, String(i), { value: v, enumerable: false }));
    Object.defineProperty(this, 'length', { value: values.length, enumerable: false });
  }

  /**
   * Makes many rows of one schema (what `collect` gives), as `new Row(fields, values)` would make each: the
   * positions `r[0]`… and `length` are getters on a prototype the rows share, and which names become fields (the
   * first of each name, none that a Row's methods already have) is decided once. Defining the positions on every
   * row gave each one a dictionary of elements, and looking each name up (`in`) cost as much again: 20,000 rows
   * took about 200 ms in Node, 30 ms now.
   *
   * @example
   * Row.maker(['id', 'name'])([1, 'ada'])[1]; // 'ada'
   */
  static maker(
    fields: readonly string[],
    types: readonly (DataType | undefined)[] = [],
  ): (values: readonly unknown[]) => Row {
    const own: number[] = [];
    const Shaped = class extends Row {
      constructor(values: readonly unknown[]) {
        super(fields, values, types);
        for (let j = 0; j < own.length; j++)
          Object.defineProperty(this, fields[own[j]], { value: values[own[j]], enumerable: true });
      }
    };
    fields.forEach((_, i) =>
      Object.defineProperty(Shaped.prototype, String(i), {
        get(this: Row) {
          return this.#values[i];
        },
      }),
    );
    Object.defineProperty(Shaped.prototype, 'length', { value: fields.length });
    const named = new Set<string>();
    fields.forEach((f, i) => {
      if (named.has(f) || f in Shaped.prototype) return;
      named.add(f);
      own.push(i);
    });
    return (values) => new Shaped(values);
  }

  /**
   * PySpark's `Row(name='ada', id=1)` as `Row.of({ name: 'ada', id: 1 })`.
   *
   * @example
   * Row.of({ id: 1, name: 'ada' }).name; // 'ada'
   */
  static of(values: Record<string, unknown>): Row {
    return new Row(Object.keys(values), Object.values(values));
  }

  /** The column names, in order (PySpark's `__fields__`). */
  get __fields__(): readonly string[] {
    return this.#fields;
  }

  /** The values in column order. */
  toArray(): unknown[] {
    return [...this.#values];
  }

  asDict(recursive = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.#fields.forEach((f, i) => {
      const v = this.#values[i];
      out[f] = recursive && v instanceof Row ? v.asDict(true) : v;
    });
    return out;
  }

  [Symbol.iterator](): Iterator<unknown> {
    return this.#values[Symbol.iterator]();
  }

  toString(): string {
    return `Row(${this.#fields.map((f, i) => `${f}=${pythonRepr(this.#values[i], this.#types[i])}`).join(', ')})`;
  }

  toJSON(): Record<string, unknown> {
    return this.asDict(true);
  }

  [Symbol.for('kindling.inspect')](): string {
    return this.toString();
  }
}

/** Whether values of `type` hold structs, which {@link externalValue} makes Rows of. */
export function holdsStructs(type: DataType): boolean {
  return type instanceof StructType || (type instanceof ArrayType && holdsStructs(type.elementType));
}

/**
 * A struct's value, as the engine holds it (its values in field order), as the nested Row PySpark gives; arrays
 * and maps of structs too. Anything else is as it is.
 */
export function externalValue(value: unknown, type: DataType | undefined): unknown {
  if (value === null || value === undefined || type === undefined) return value;
  if (type instanceof StructType && Array.isArray(value)) {
    return new Row(
      type.fields.map((f) => f.name),
      type.fields.map((f, i) => externalValue(value[i], f.dataType)),
      type.fields.map((f) => f.dataType),
    );
  }
  if (type instanceof ArrayType && Array.isArray(value)) return value.map((v) => externalValue(v, type.elementType));
  return value;
}

/**
 * How Python's `repr` shows the value PySpark holds for `v` (of Spark type `type`, when known): `'a'`, `None`,
 * `True`, `2.0`, `[1, 2]`, `{'k': 1}`, `datetime.date(2024, 1, 2)`, `Decimal('1.50')`, a nested `Row(…)`.
 */
export function pythonRepr(v: unknown, type?: DataType): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return pythonStringRepr(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number') {
    if (type instanceof DecimalType) return `Decimal('${v.toFixed(type.scale)}')`;
    const fractional = type === DoubleType || type === FloatType || (type === undefined && !Number.isInteger(v));
    return fractional ? pythonFloatRepr(v) : String(v);
  }
  if (v instanceof Row) return v.toString();
  if (Array.isArray(v)) {
    const element = type instanceof ArrayType ? type.elementType : undefined;
    return `[${v.map((x) => pythonRepr(x, element)).join(', ')}]`;
  }
  if (v instanceof Date) return type === DateType ? pythonDateRepr(v) : pythonDatetimeRepr(v);
  if (v instanceof Map || (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)) {
    const entries = v instanceof Map ? [...v] : Object.entries(v);
    const [keyType, valueType] = type instanceof MapType ? [type.keyType, type.valueType] : [undefined, undefined];
    return `{${entries.map(([k, x]) => `${pythonRepr(k, keyType)}: ${pythonRepr(x, valueType)}`).join(', ')}}`;
  }
  return String(v);
}

/** Python's `repr` of a str: single quotes unless the text has one and no double quote; escapes as Python's. */
function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // What str.isprintable() refuses among the characters a row is likely to hold.
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return quote + out + quote;
}

/**
 * Python's `repr` of a float: the shortest digits that read back (as JavaScript's), in fixed notation when the
 * decimal exponent is from -4 to 15 (`0.0001`, `1e+16`, `1.5e-05`, `2.0`), `inf`, `nan`.
 */
export function pythonFloatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = Math.abs(v).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const sign = v < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const scaled = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${scaled}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** `datetime.date(2024, 1, 2)`, as Python's repr shows a DateType value. */
function pythonDateRepr(d: Date): string {
  return `datetime.date(${d.getUTCFullYear()}, ${d.getUTCMonth() + 1}, ${d.getUTCDate()})`;
}

/**
 * `datetime.datetime(2024, 1, 2, 3, 4)`, as Python's repr shows a TimestampType value: the hour and minute
 * always, the seconds when they or the microseconds are not zero.
 */
function pythonDatetimeRepr(d: Date): string {
  const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const micros = d.getUTCMilliseconds() * 1000;
  if (d.getUTCSeconds() || micros) parts.push(d.getUTCSeconds());
  if (micros) parts.push(micros);
  return `datetime.datetime(${parts.join(', ')})`;
}
