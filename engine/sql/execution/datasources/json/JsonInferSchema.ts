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

/**
 * The type of one value, read from its JSON text as Jackson's tokens give it to JsonInferSchema.inferField: an
 * integer token (`1`) is a bigint (a decimal(p,0) past a long's range, a double past 38 digits), a float token
 * (`1.0`, `1e3`) a double, an empty string null (Spark takes `""` for a missing value until types merge).
 * prefersDecimal, primitivesAsString and the date/timestamp inference are off by default and not done here.
 * `text` must be valid JSON (the caller parsed it first).
 */
export function inferText(text: string): JsonType {
  const scanner = { text, at: 0 };
  return scanValue(scanner);
}

interface Scanner {
  text: string;
  at: number;
}

const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const LONG_MAX = 2n ** 63n - 1n;

function skipSpace(s: Scanner): void {
  while (s.at < s.text.length && ' \t\n\r'.includes(s.text[s.at])) s.at++;
}

/** The end (after the closing quote) of the string that starts at `s.at`. */
function stringEnd(s: Scanner): number {
  let i = s.at + 1;
  while (s.text[i] !== '"') i += s.text[i] === '\\' ? 2 : 1;
  return i + 1;
}

function scanValue(s: Scanner): JsonType {
  skipSpace(s);
  const c = s.text[s.at];
  if (c === '{') {
    s.at++;
    const fields = new Map<string, JsonType>();
    skipSpace(s);
    while (s.text[s.at] !== '}') {
      const end = stringEnd(s);
      const name = JSON.parse(s.text.slice(s.at, end)) as string;
      s.at = end;
      skipSpace(s);
      s.at++; // the colon
      fields.set(name, scanValue(s));
      skipSpace(s);
      if (s.text[s.at] === ',') s.at++;
      skipSpace(s);
    }
    s.at++;
    return { struct: sortFields([...fields]) };
  }
  if (c === '[') {
    s.at++;
    let element: JsonType = 'null';
    skipSpace(s);
    while (s.text[s.at] !== ']') {
      element = compatibleType(element, scanValue(s));
      skipSpace(s);
      if (s.text[s.at] === ',') s.at++;
      skipSpace(s);
    }
    s.at++;
    return { array: element };
  }
  if (c === '"') {
    const end = stringEnd(s);
    const empty = end === s.at + 2;
    s.at = end;
    return empty ? 'null' : 'string';
  }
  if (c === 't' || c === 'f') {
    s.at += c === 't' ? 4 : 5;
    return 'boolean';
  }
  if (c === 'n') {
    s.at += 4;
    return 'null';
  }
  NUMBER.lastIndex = s.at;
  const token = NUMBER.exec(s.text)![0];
  s.at += token.length;
  if (/[.eE]/.test(token)) return 'double';
  const digits = token.replace('-', '').replace(/^0+(?=\d)/, '');
  const value = BigInt(token);
  if (value <= LONG_MAX && value >= -LONG_MAX - 1n) return 'bigint';
  // Jackson's BIG_INTEGER: DecimalType(precision, 0) while it fits 38 digits (DecimalType.MAX_PRECISION).
  return digits.length <= 38 ? `decimal(${digits.length},0)` : 'double';
}

function sortFields(fields: [string, JsonType][]): [string, JsonType][] {
  return fields.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const DECIMAL = /^decimal\((\d+),(\d+)\)$/;

/** A numeric JsonType's decimal precision and scale (a bigint is decimal(20,0), DecimalType.forType(LongType)). */
function asDecimal(t: string): [number, number] | null {
  if (t === 'bigint') return [20, 0];
  const m = DECIMAL.exec(t);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** JsonInferSchema.compatibleType for two numbers: a double wins; decimals (and longs) widen as Spark's do. */
function compatibleNumbers(a: string, b: string): string | null {
  const numeric = (t: string) => t === 'double' || asDecimal(t) !== null;
  if (!numeric(a) || !numeric(b)) return null;
  if (a === 'double' || b === 'double') return 'double';
  const [p1, s1] = asDecimal(a)!;
  const [p2, s2] = asDecimal(b)!;
  const scale = Math.max(s1, s2);
  const range = Math.max(p1 - s1, p2 - s2);
  // DecimalPrecision.widerDecimalType, beyond 38 digits a double (JsonInferSchema's compatibleType).
  return range + scale > 38 ? 'double' : `decimal(${range + scale},${scale})`;
}

/** JsonInferSchema.compatibleType. */
export function compatibleType(a: JsonType, b: JsonType): JsonType {
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return a;
    return compatibleNumbers(a, b) ?? 'string';
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
  return inferText(line);
}

/**
 * JsonInferSchema.canonicalizeType: null-only fields become strings, elements of arrays too; fields with an
 * empty name and structs left without fields are dropped (SPARK-8093). Null when nothing is left.
 */
export function canonicalize(t: JsonType): JsonType | null {
  if (t === 'null') return 'string';
  if (typeof t === 'string') return t;
  if ('array' in t) {
    const element = canonicalize(t.array);
    return element === null ? null : { array: element };
  }
  const fields = t.struct.flatMap(([n, f]): [string, JsonType][] => {
    const kept = n === '' ? null : canonicalize(f);
    return kept === null ? [] : [[n, kept]];
  });
  return fields.length ? { struct: fields } : null;
}

/** A JsonType as Spark's DDL (`array<bigint>`, `struct<a:bigint,b:string>`). */
export function ddlOf(t: JsonType): string {
  if (typeof t === 'string') return t;
  if ('array' in t) return `array<${ddlOf(t.array)}>`;
  return `struct<${t.struct.map(([n, f]) => `${/^\w+$/.test(n) ? n : `\`${n.replaceAll('`', '``')}\``}:${ddlOf(f)}`).join(',')}>`;
}
