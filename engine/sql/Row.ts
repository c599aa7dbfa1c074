/**
 * pyspark.sql.Row: a result row whose columns are fields (`r.name`,
 * `r['name']`), positions (`r[0]`) and `asDict()`. It prints as PySpark
 * prints it: `Row(id=1, name='ada')`.
 */
import { formatDouble } from './catalyst/expressions/literals';

const FIELDS = Symbol('fields');
const VALUES = Symbol('values');

export class Row {
  declare readonly [FIELDS]: readonly string[];
  declare readonly [VALUES]: readonly unknown[];
  [key: string]: unknown;

  constructor(fields: readonly string[], values: readonly unknown[]) {
    Object.defineProperty(this, FIELDS, { value: fields, enumerable: false });
    Object.defineProperty(this, VALUES, { value: values, enumerable: false });
    fields.forEach((f, i) => {
      if (!(f in this)) Object.defineProperty(this, f, { value: values[i], enumerable: true });
      Object.defineProperty(this, String(i), { value: values[i], enumerable: false });
    });
    Object.defineProperty(this, 'length', { value: values.length, enumerable: false });
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
    return this[FIELDS];
  }

  /** The values in column order. */
  toArray(): unknown[] {
    return [...this[VALUES]];
  }

  asDict(recursive = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this[FIELDS].forEach((f, i) => {
      const v = this[VALUES][i];
      out[f] = recursive && v instanceof Row ? v.asDict(true) : v;
    });
    return out;
  }

  [Symbol.iterator](): Iterator<unknown> {
    return this[VALUES][Symbol.iterator]();
  }

  toString(): string {
    return `Row(${this[FIELDS].map((f, i) => `${f}=${pythonRepr(this[VALUES][i])}`).join(', ')})`;
  }

  toJSON(): Record<string, unknown> {
    return this.asDict(true);
  }

  [Symbol.for('kindling.inspect')](): string {
    return this.toString();
  }
}

/** How Python's repr shows a value: `'a'`, `None`, `True`, `1.0`. */
export function pythonRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatDouble(v);
  if (Array.isArray(v)) return `[${v.map(pythonRepr).join(', ')}]`;
  if (v instanceof Date)
    return `datetime.datetime(${v.getUTCFullYear()}, ${v.getUTCMonth() + 1}, ${v.getUTCDate()}, ${v.getUTCHours()}, ${v.getUTCMinutes()})`;
  return String(v);
}
