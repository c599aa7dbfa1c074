/**
 * Spark's CSVInferSchema (catalyst/csv/CSVInferSchema.scala), on type names:
 * each token's type is tried from the one so far upward (int, bigint,
 * decimal, double, date, timestamp, boolean, string), rows merge with
 * `compatibleType`, and a column that only held nulls ends as string. Runs
 * on executors (one partition's lines) and on the driver (merging them), as
 * Spark's `tokenRDD.aggregate(startType)(inferRowType, mergeRowTypes)`.
 */
import type { CSVOptions } from './CSVOptions';

/** Type names as DDL spells them: 'null' is Spark's NullType while inferring. */
export type InferredType = string;

const INT = /^[+-]?\d+$/;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
// Java's Double.parseDouble: optional sign, digits with a point, an exponent, an f/d suffix; NaN and Infinity.
const DOUBLE = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

function tryParseInteger(field: string): InferredType {
  if (INT.test(field)) {
    const n = Number(field);
    if (n >= INT_MIN && n <= INT_MAX) return 'int';
  }
  return tryParseLong(field);
}

function tryParseLong(field: string): InferredType {
  if (INT.test(field)) {
    const n = BigInt(field);
    if (n >= LONG_MIN && n <= LONG_MAX) return 'bigint';
  }
  return tryParseDecimal(field);
}

/** Only whole numbers become decimals (a scale above 0 reads as double), up to precision 38. */
function tryParseDecimal(field: string): InferredType {
  if (INT.test(field)) {
    const digits = field.replace(/^[+-]/, '').replace(/^0+(?=\d)/, '').length;
    if (digits <= 38) return `decimal(${digits},0)`;
  }
  return tryParseDouble(field);
}

function tryParseDouble(field: string): InferredType {
  if (DOUBLE.test(field)) return 'double';
  return tryParseDate(field); // prefersDate is true by default (Spark 3.4+)
}

function tryParseDate(field: string): InferredType {
  if (DATE.test(field) && !Number.isNaN(Date.parse(field))) return 'date';
  return tryParseTimestamp(field);
}

function tryParseTimestamp(field: string): InferredType {
  // spark.sql.timestampType is TIMESTAMP_LTZ, so a timestamp without a zone is a `timestamp` too.
  if (TIMESTAMP.test(field)) return 'timestamp';
  return tryParseBoolean(field);
}

function tryParseBoolean(field: string): InferredType {
  const f = field.toLowerCase();
  return f === 'true' || f === 'false' ? 'boolean' : 'string';
}

const decimalOf = (t: InferredType) => /^decimal\((\d+),(\d+)\)$/.exec(t);
const INTEGRAL_DECIMAL: Record<string, InferredType> = { int: 'decimal(10,0)', bigint: 'decimal(20,0)' };
const NUMERIC_ORDER = ['int', 'bigint', 'float', 'double'];

/** TypeCoercion.findTightestCommonType, then CSV's own promotions (findCompatibleTypeForCSV). */
export function compatibleType(a: InferredType, b: InferredType): InferredType | undefined {
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'string';
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  const ia = NUMERIC_ORDER.indexOf(a);
  const ib = NUMERIC_ORDER.indexOf(b);
  if (ia >= 0 && ib >= 0) return NUMERIC_ORDER[Math.max(ia, ib)];
  if (a === 'string' || b === 'string') return 'string';
  if (INTEGRAL_DECIMAL[a] && decimalOf(b)) return compatibleType(INTEGRAL_DECIMAL[a], b);
  if (decimalOf(a) && INTEGRAL_DECIMAL[b]) return compatibleType(a, INTEGRAL_DECIMAL[b]);
  if ((a === 'double' && decimalOf(b)) || (decimalOf(a) && b === 'double')) return 'double';
  const da = decimalOf(a);
  const db = decimalOf(b);
  if (da && db) {
    const scale = Math.max(Number(da[2]), Number(db[2]));
    const range = Math.max(Number(da[1]) - Number(da[2]), Number(db[1]) - Number(db[2]));
    return range + scale > 38 ? 'double' : `decimal(${range + scale},${scale})`;
  }
  return undefined;
}

/** A token's type given the type so far (CSVInferSchema.inferField). */
export function inferField(typeSoFar: InferredType, field: string | undefined, o: CSVOptions): InferredType {
  if (field === undefined || field === '' || field === o.nullValue) return typeSoFar;
  let found: InferredType;
  if (typeSoFar === 'null' || typeSoFar === 'int') found = tryParseInteger(field);
  else if (typeSoFar === 'bigint') found = tryParseLong(field);
  else if (decimalOf(typeSoFar)) found = tryParseDecimal(field);
  else if (typeSoFar === 'double') found = tryParseDouble(field);
  else if (typeSoFar === 'date') found = tryParseDate(field);
  else if (typeSoFar === 'timestamp') found = tryParseTimestamp(field);
  else if (typeSoFar === 'boolean') found = tryParseBoolean(field);
  else found = 'string';
  return compatibleType(typeSoFar, found) ?? 'string';
}

/** CSVInferSchema.inferRowType: columns missing on the right keep their type. */
export function inferRowType(rowSoFar: InferredType[], tokens: readonly string[], o: CSVOptions): InferredType[] {
  for (let i = 0; i < Math.min(rowSoFar.length, tokens.length); i++)
    rowSoFar[i] = inferField(rowSoFar[i], tokens[i], o);
  return rowSoFar;
}

/** CSVInferSchema.mergeRowTypes. */
export function mergeRowTypes(a: readonly InferredType[], b: readonly InferredType[]): InferredType[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => compatibleType(a[i] ?? 'null', b[i] ?? 'null') ?? 'null');
}

/**
 * Column names from the first record (CSVUtils.makeSafeHeader): `_c<i>`
 * without a header or for an empty name; with a header, a name that occurs
 * twice (ignoring case) gets its index appended.
 */
export function makeSafeHeader(firstRow: readonly (string | null)[], header: boolean): string[] {
  if (!header) return firstRow.map((_, i) => `_c${i}`);
  const names = firstRow.map((v) => (v === null || v === '' ? null : v));
  const lower = names.map((n) => n?.toLowerCase());
  return names.map((n, i) => {
    if (n === null) return `_c${i}`;
    const duplicated = lower.filter((l) => l === lower[i]).length > 1;
    return duplicated ? `${n}${i}` : n;
  });
}
