/**
 * Spark's JsonInferSchema (catalyst/json/JsonInferSchema.scala) for JSON
 * Lines: each record's type, merged across records (`compatibleType`:
 * numbers widen to the wider number, arrays merge their elements, objects
 * take the union of their fields, anything else that disagrees becomes a
 * string), fields sorted by name, and a field that only held nulls ends as
 * a string (canonicalizeType). A line that is not a JSON object makes
 * PERMISSIVE mode add `_corrupt_record` (spark.sql.columnNameOfCorruptRecord).
 *
 * Types travel as plain data between executors and the driver: a DDL name,
 * `{ array: element }`, or `{ struct: [[name, type], …] }`.
 */
export type JsonType = string | { array: JsonType } | { struct: [string, JsonType][] };

export const CORRUPT_RECORD = '_corrupt_record';

/** The type of one parsed value (JsonInferSchema.inferField; prefersDecimal and inferTimestamp are off by default). */
export function inferValue(v: unknown): JsonType {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? 'bigint' : 'double';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return { array: v.reduce<JsonType>((t, x) => compatibleType(t, inferValue(x)), 'null') };
  const fields = Object.entries(v as Record<string, unknown>).map(([k, x]): [string, JsonType] => [k, inferValue(x)]);
  return { struct: sortFields(fields) };
}

function sortFields(fields: [string, JsonType][]): [string, JsonType][] {
  return fields.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const NUMBERS = ['bigint', 'double'];

/** JsonInferSchema.compatibleType. */
export function compatibleType(a: JsonType, b: JsonType): JsonType {
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return a;
    if (NUMBERS.includes(a) && NUMBERS.includes(b)) return 'double';
    return 'string';
  }
  if (typeof a === 'object' && typeof b === 'object') {
    if ('array' in a && 'array' in b) return { array: compatibleType(a.array, b.array) };
    if ('struct' in a && 'struct' in b) {
      const merged = new Map(a.struct);
      for (const [name, t] of b.struct) merged.set(name, compatibleType(merged.get(name) ?? 'null', t));
      return { struct: sortFields([...merged]) };
    }
  }
  return 'string';
}

/** The record type of one line: a struct, or `corrupt` when the line is not a JSON object. */
export function inferLine(line: string): JsonType | 'corrupt' {
  if (line.trim() === '') return 'null';
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'corrupt';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'corrupt';
  return inferValue(value);
}

/** Null-only fields become strings (canonicalizeType); elements of arrays too. */
export function canonicalize(t: JsonType): JsonType {
  if (t === 'null') return 'string';
  if (typeof t === 'string') return t;
  if ('array' in t) return { array: canonicalize(t.array) };
  return { struct: t.struct.map(([n, f]): [string, JsonType] => [n, canonicalize(f)]) };
}

/** A JsonType as Spark's DDL (`array<bigint>`, `struct<a:bigint,b:string>`). */
export function ddlOf(t: JsonType): string {
  if (typeof t === 'string') return t;
  if ('array' in t) return `array<${ddlOf(t.array)}>`;
  return `struct<${t.struct.map(([n, f]) => `${n}:${ddlOf(f)}`).join(',')}>`;
}
