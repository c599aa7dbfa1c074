/**
 * Spark SQL's data types (org.apache.spark.sql.types), with the names, the
 * `simpleString` (`bigint`, `string`, `struct<a:int>`) and the
 * `printSchema` names (`long`, `integer`) Spark gives them.
 *
 * How values look in JavaScript: strings are strings, booleans booleans,
 * every numeric type a `number` — LongType too (a choice: exact up to 2^53,
 * which covers every count and id a browser holds; `Number(v)` is right
 * either way, as the issue asks) — dates and timestamps `Date`, arrays
 * arrays, structs Rows, nulls `null`.
 */

export abstract class DataType {
  /** Spark's `typeName`: what `printSchema` prints (`long`, `integer`, `string`). */
  abstract get typeName(): string;
  /** Spark's `simpleString`: what plans and `dtypes` print (`bigint`, `int`, `string`). */
  get simpleString(): string {
    return this.typeName;
  }
  /** Spark's `sql`: upper-case, as error messages print types (`"BIGINT"`). */
  get sql(): string {
    return this.simpleString.toUpperCase();
  }
  /** The estimated size of one value in bytes (Spark's `defaultSize`), for statistics. */
  abstract get defaultSize(): number;
  equals(other: DataType): boolean {
    return this.simpleString === other.simpleString;
  }
  toString(): string {
    return this.constructor.name;
  }
}

abstract class AtomicType extends DataType {}

/** The types that arithmetic works on. */
export abstract class NumericType extends AtomicType {
  /** Integral types divide with `div`; `/` always gives a double, as in Spark. */
  abstract get integral(): boolean;
  /** Rank in Spark's numeric precedence (TypeCoercion.numericPrecedence). */
  abstract get precedence(): number;
}

class NullTypeClass extends DataType {
  get typeName() {
    return 'void';
  }
  get defaultSize() {
    return 1;
  }
  override toString() {
    return 'NullType';
  }
}
class StringTypeClass extends AtomicType {
  get typeName() {
    return 'string';
  }
  get defaultSize() {
    return 20;
  }
  override toString() {
    return 'StringType';
  }
}
class BooleanTypeClass extends AtomicType {
  get typeName() {
    return 'boolean';
  }
  get defaultSize() {
    return 1;
  }
  override toString() {
    return 'BooleanType';
  }
}
class BinaryTypeClass extends AtomicType {
  get typeName() {
    return 'binary';
  }
  get defaultSize() {
    return 100;
  }
  override toString() {
    return 'BinaryType';
  }
}
class DateTypeClass extends AtomicType {
  get typeName() {
    return 'date';
  }
  get defaultSize() {
    return 4;
  }
  override toString() {
    return 'DateType';
  }
}
class TimestampTypeClass extends AtomicType {
  get typeName() {
    return 'timestamp';
  }
  get defaultSize() {
    return 8;
  }
  override toString() {
    return 'TimestampType';
  }
}

function numeric(name: string, typeName: string, simple: string, size: number, integral: boolean, rank: number) {
  return new (class extends NumericType {
    get typeName() {
      return typeName;
    }
    override get simpleString() {
      return simple;
    }
    get defaultSize() {
      return size;
    }
    get integral() {
      return integral;
    }
    get precedence() {
      return rank;
    }
    override toString() {
      return name;
    }
  })();
}

export const NullType: DataType = new NullTypeClass();
export const StringType: DataType = new StringTypeClass();
export const BooleanType: DataType = new BooleanTypeClass();
export const BinaryType: DataType = new BinaryTypeClass();
export const DateType: DataType = new DateTypeClass();
export const TimestampType: DataType = new TimestampTypeClass();
export const ByteType: NumericType = numeric('ByteType', 'byte', 'tinyint', 1, true, 0);
export const ShortType: NumericType = numeric('ShortType', 'short', 'smallint', 2, true, 1);
export const IntegerType: NumericType = numeric('IntegerType', 'integer', 'int', 4, true, 2);
export const LongType: NumericType = numeric('LongType', 'long', 'bigint', 8, true, 3);
export const FloatType: NumericType = numeric('FloatType', 'float', 'float', 4, false, 4);
export const DoubleType: NumericType = numeric('DoubleType', 'double', 'double', 8, false, 6);

/** Spark's DecimalType(precision, scale); values are JavaScript numbers here (see the module comment). */
export class DecimalType extends NumericType {
  constructor(
    readonly precision = 10,
    readonly scale = 0,
  ) {
    super();
  }
  get typeName() {
    return `decimal(${this.precision},${this.scale})`;
  }
  get defaultSize() {
    return this.precision <= 18 ? 8 : 16;
  }
  get integral() {
    return false;
  }
  get precedence() {
    return 5;
  }
  override toString() {
    return `DecimalType(${this.precision},${this.scale})`;
  }
}

export class ArrayType extends DataType {
  constructor(
    readonly elementType: DataType,
    readonly containsNull = true,
  ) {
    super();
  }
  get typeName() {
    return 'array';
  }
  override get simpleString() {
    return `array<${this.elementType.simpleString}>`;
  }
  get defaultSize() {
    return this.elementType.defaultSize;
  }
  override toString() {
    return `ArrayType(${this.elementType},${this.containsNull})`;
  }
}

export class MapType extends DataType {
  constructor(
    readonly keyType: DataType,
    readonly valueType: DataType,
    readonly valueContainsNull = true,
  ) {
    super();
  }
  get typeName() {
    return 'map';
  }
  override get simpleString() {
    return `map<${this.keyType.simpleString},${this.valueType.simpleString}>`;
  }
  get defaultSize() {
    return this.keyType.defaultSize + this.valueType.defaultSize;
  }
}

export class StructField {
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable = true,
    readonly metadata: Record<string, unknown> = {},
  ) {}
  toString(): string {
    return `StructField(${this.name},${this.dataType},${this.nullable})`;
  }
}

/**
 * A row's schema.
 *
 * @example
 * const schema = new StructType([new StructField('id', LongType, false), new StructField('name', StringType)]);
 * schema.simpleString; // 'struct<id:bigint,name:string>'
 */
export class StructType extends DataType {
  readonly fields: readonly StructField[];
  constructor(fields: readonly StructField[] = []) {
    super();
    this.fields = fields;
  }
  /** PySpark's `add(name, type, nullable)`: a new StructType with one more field. */
  add(name: string | StructField, dataType?: DataType | string, nullable = true): StructType {
    const field =
      name instanceof StructField
        ? name
        : new StructField(name, typeof dataType === 'string' ? parseTypeName(dataType) : dataType!, nullable);
    return new StructType([...this.fields, field]);
  }
  get names(): string[] {
    return this.fields.map((f) => f.name);
  }
  fieldNames(): string[] {
    return this.names;
  }
  get typeName() {
    return 'struct';
  }
  override get simpleString() {
    return `struct<${this.fields.map((f) => `${f.name}:${f.dataType.simpleString}`).join(',')}>`;
  }
  get defaultSize() {
    return this.fields.reduce((a, f) => a + f.dataType.defaultSize, 0);
  }
  /** Spark's `treeString`, what `printSchema()` prints. */
  treeString(): string {
    const lines = ['root'];
    // StructType.buildFormattedString: a struct's fields, an array's element, a map's key and value, nested.
    const nested = (type: DataType, indent: string) => {
      if (type instanceof StructType) walk(type.fields, indent);
      else if (type instanceof ArrayType) {
        lines.push(`${indent}|-- element: ${type.elementType.typeName} (containsNull = ${type.containsNull})`);
        nested(type.elementType, indent + '|    ');
      } else if (type instanceof MapType) {
        lines.push(`${indent}|-- key: ${type.keyType.typeName}`);
        nested(type.keyType, indent + '|    ');
        lines.push(`${indent}|-- value: ${type.valueType.typeName} (valueContainsNull = ${type.valueContainsNull})`);
        nested(type.valueType, indent + '|    ');
      }
    };
    const walk = (fields: readonly StructField[], indent: string) => {
      for (const f of fields) {
        lines.push(`${indent}|-- ${f.name}: ${f.dataType.typeName} (nullable = ${f.nullable})`);
        nested(f.dataType, indent + '|    ');
      }
    };
    walk(this.fields, ' ');
    return lines.join('\n') + '\n';
  }
  override toString() {
    return `StructType([${this.fields.join(', ')}])`;
  }
}

const TYPE_NAMES: Record<string, DataType> = {
  string: StringType,
  varchar: StringType,
  char: StringType,
  boolean: BooleanType,
  bool: BooleanType,
  binary: BinaryType,
  date: DateType,
  timestamp: TimestampType,
  tinyint: ByteType,
  byte: ByteType,
  smallint: ShortType,
  short: ShortType,
  int: IntegerType,
  integer: IntegerType,
  bigint: LongType,
  long: LongType,
  float: FloatType,
  real: FloatType,
  double: DoubleType,
  void: NullType,
  decimal: new DecimalType(10, 0),
};

/**
 * A type from its DDL name (`"bigint"`, `"int"`, `"string"`, `"decimal(10,2)"`, `"array<int>"`,
 * `"struct<name:string,age:bigint>"`, `"map<string,int>"`), as `cast("bigint")` takes it and as a type's
 * `simpleString` writes it.
 */
export function parseTypeName(name: string): DataType {
  const trimmed = name.trim();
  // A struct's field names keep their case; type names do not have one.
  const struct = /^struct\s*<(.*)>$/is.exec(trimmed);
  if (struct) {
    const fields = struct[1].trim() === '' ? [] : splitTopLevel(struct[1]);
    return new StructType(
      fields.map((field) => {
        const m = /^\s*(?:`((?:[^`]|``)+)`|([^:\s]+))\s*:?\s*(.+?)\s*$/s.exec(field);
        if (!m) throw new Error(`[PARSE_SYNTAX_ERROR] cannot read the struct field "${field}"`);
        return new StructField(m[1]?.replaceAll('``', '`') ?? m[2], parseTypeName(m[3]), true);
      }),
    );
  }
  const n = trimmed.toLowerCase();
  const dec = /^(?:decimal|numeric|dec)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(n);
  if (dec) return new DecimalType(Number(dec[1]), Number(dec[2] ?? 0));
  const arr = /^array\s*<(.*)>$/s.exec(trimmed);
  if (arr) return new ArrayType(parseTypeName(arr[1]));
  const map = /^map\s*<(.*)>$/is.exec(trimmed);
  if (map) {
    const parts = splitTopLevel(map[1]);
    if (parts.length !== 2) throw new Error(`[PARSE_SYNTAX_ERROR] cannot read the map type "${name}"`);
    return new MapType(parseTypeName(parts[0]), parseTypeName(parts[1]));
  }
  const t = TYPE_NAMES[n];
  if (!t) throw new Error(`[UNSUPPORTED_DATATYPE] Unsupported data type "${name.toUpperCase()}". SQLSTATE: 0A000`);
  return t;
}

/** `text` split at the commas outside `<…>`, `(…)` and backquotes: the parts of a struct's or a DDL's list. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '`') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export function isNumeric(t: DataType): t is NumericType {
  return t instanceof NumericType;
}

/** Spark's `TypeCoercion.findTightestCommonType` for numbers and nulls; undefined when there is none. */
export function widerType(a: DataType, b: DataType): DataType | undefined {
  if (a.equals(b)) return a;
  if (a === NullType) return b;
  if (b === NullType) return a;
  if (isNumeric(a) && isNumeric(b)) {
    if (a instanceof DecimalType || b instanceof DecimalType) {
      if (!a.integral && !(a instanceof DecimalType)) return a;
      if (!b.integral && !(b instanceof DecimalType)) return b;
      return a instanceof DecimalType ? a : b;
    }
    return a.precedence >= b.precedence ? a : b;
  }
  if (a === StringType || b === StringType) return StringType;
  return undefined;
}
