/**
 * Spark SQL as `pyspark.sql` reaches it: where PySpark's Python calls its
 * JVM's SparkSession, Dataset and Column through py4j handles, Kindling's
 * calls the engine's (engine/sql) through Pyodide's proxies of these objects.
 * This module adds what py4j would find on the JVM side and the engine's
 * JavaScript API leaves out: schemas as Spark's JSON (PySpark reads
 * `df.schema` as `_parse_datatype_json_string(jdf.schema().json())`),
 * literals of a given type (a Python float is a double even when whole),
 * functions by name (`call_function`), and what `show()`, `explain()` and
 * `printSchema()` print, which PySpark prints from Python.
 *
 * It is imported (with engine/sql) when a Python program first makes a
 * SparkSession's DataFrame, so RDD-only programs load no SQL.
 */
import type { SparkContext } from '../context';
import { SparkSession, parseDDL } from '../sql/SparkSession';
import { Column, toColumn } from '../sql/Column';
import { F } from '../sql/functions';
import { Window } from '../sql/Window';
import type { DataFrame } from '../sql/DataFrame';
import { Row } from '../sql/Row';
import { Literal } from '../sql/catalyst/expressions/literals';
import { UnresolvedFunction } from '../sql/catalyst/analysis/unresolved';
import {
  ArrayType,
  DataType,
  DecimalType,
  MapType,
  NullType,
  StructField,
  StructType,
  parseTypeName,
} from '../sql/types';

/** Spark's JSON form of a data type (`DataType.json`): a name for atomic types, an object for the others. */
export type DataTypeJson =
  | string
  | { type: 'struct'; fields: { name: string; type: DataTypeJson; nullable: boolean; metadata: object }[] }
  | { type: 'array'; elementType: DataTypeJson; containsNull: boolean }
  | { type: 'map'; keyType: DataTypeJson; valueType: DataTypeJson; valueContainsNull: boolean };

/**
 * Spark's `DataType.jsonValue`: `"long"`, `{"type":"struct","fields":[…]}`.
 *
 * @example
 * dataTypeToJson(new StructType([new StructField('id', LongType, false)]));
 * // { type: 'struct', fields: [{ name: 'id', type: 'long', nullable: false, metadata: {} }] }
 */
export function dataTypeToJson(t: DataType): DataTypeJson {
  if (t instanceof StructType)
    return {
      type: 'struct',
      fields: t.fields.map((f) => ({
        name: f.name,
        type: dataTypeToJson(f.dataType),
        nullable: f.nullable,
        metadata: {},
      })),
    };
  if (t instanceof ArrayType)
    return { type: 'array', elementType: dataTypeToJson(t.elementType), containsNull: t.containsNull };
  if (t instanceof MapType)
    return {
      type: 'map',
      keyType: dataTypeToJson(t.keyType),
      valueType: dataTypeToJson(t.valueType),
      valueContainsNull: t.valueContainsNull,
    };
  if (t === NullType) return 'void';
  return t.typeName;
}

/** Spark's `DataType.fromJson`, for the JSON {@link dataTypeToJson} writes. */
export function dataTypeFromJson(json: DataTypeJson): DataType {
  if (typeof json === 'string') return json === 'void' || json === 'null' ? NullType : parseTypeName(json);
  switch (json.type) {
    case 'struct':
      return new StructType(json.fields.map((f) => new StructField(f.name, dataTypeFromJson(f.type), f.nullable)));
    case 'array':
      return new ArrayType(dataTypeFromJson(json.elementType), json.containsNull);
    case 'map':
      return new MapType(dataTypeFromJson(json.keyType), dataTypeFromJson(json.valueType), json.valueContainsNull);
  }
}

/**
 * The SQL side of one Python application: its session over the program's
 * SparkContext, and what PySpark's Python finds on its JVM.
 *
 * @example
 * const bridge = new SqlBridge(sc);
 * const df = bridge.session.range(10);
 * bridge.schemaJson(df); // '{"type":"struct","fields":[{"name":"id","type":"long",…}]}'
 */
export class SqlBridge {
  readonly session: SparkSession;
  readonly functions = F;
  readonly Window = Window;
  #printed: string[] = [];

  constructor(sc: SparkContext) {
    this.session = new SparkSession(sc, { print: (text) => this.#printed.push(text) });
  }

  /** What the session printed since the last call (show, explain, printSchema), for Python to print. */
  takePrinted(): string {
    const text = this.#printed.join('');
    this.#printed = [];
    return text;
  }

  schemaJson(df: DataFrame): string {
    return JSON.stringify(dataTypeToJson(df.schema));
  }

  /** A type from DDL text, as JSON: `"int"` is one type, `"a int, b string"` a struct. */
  parseDDL(ddl: string): string {
    let type: DataType;
    try {
      type = parseTypeName(ddl);
    } catch {
      type = parseDDL(ddl);
    }
    return JSON.stringify(dataTypeToJson(type));
  }

  parseDataType(json: string): DataType {
    return dataTypeFromJson(JSON.parse(json) as DataTypeJson);
  }

  /** PySpark's `createDataFrame(data, schema)` for local rows: each row an array of the schema's values. */
  createDataFrame(rows: unknown[][], schemaJson: string): DataFrame {
    const schema = this.parseDataType(schemaJson);
    if (!(schema instanceof StructType)) throw new TypeError('createDataFrame needs a struct schema');
    return this.session.createDataFrame(rows, schema);
  }

  /** A literal of the given type (`double` for a Python float, `bigint` for a wide int). */
  literal(value: unknown, typeJson: string): Column {
    const type = this.parseDataType(typeJson);
    if (type instanceof DecimalType && typeof value === 'string') return new Column(new Literal(Number(value), type));
    return new Column(new Literal(value ?? null, type));
  }

  /** `call_function(name, *cols)`: a function by its SQL name, resolved by the analyzer. */
  callFunction(name: string, cols: (Column | string)[], distinct = false): Column {
    return new Column(
      new UnresolvedFunction(
        name,
        cols.map((c) => toColumn(c).expr),
        distinct,
      ),
    );
  }

  /** The rows' values, column by column (a nested struct's value is its array of values too). */
  rowValues(rows: Row[]): unknown[][] {
    return rows.map((r) => r.toArray().map(plainValue));
  }
}

function plainValue(v: unknown): unknown {
  if (v instanceof Row) return v.toArray().map(plainValue);
  if (Array.isArray(v)) return v.map(plainValue);
  return v;
}
