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
import type { RDD } from '../rdd/rdd';
import { SparkSession, parseDDL } from '../sql/SparkSession';
import { Column, toColumn } from '../sql/Column';
import { F } from '../sql/functions';
import { Window } from '../sql/Window';
import type { DataFrame } from '../sql/DataFrame';
import { Row } from '../sql/Row';
import { Literal } from '../sql/catalyst/expressions/literals';
import { UnresolvedFunction } from '../sql/catalyst/analysis/unresolved';
import { PythonUDF } from '../sql/catalyst/expressions/PythonUDF';
import type { PythonFunctionWire } from '../rdd/wire';
import { DecimalType, StructType, parseTypeName, type DataType } from '../sql/types';
import { dataTypeFromJson, dataTypeToJson, type DataTypeJson } from '../sql/types/json';

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

  /**
   * PySpark's `applySchemaToPythonRDD`: an RDD whose records are rows of the schema's values, which Python's
   * `createDataFrame(rdd, …)` made on the executors, as a DataFrame that scans it (a LogicalRDD).
   */
  applySchemaToPythonRDD(rdd: RDD, schemaJson: string): DataFrame {
    const schema = this.parseDataType(schemaJson);
    if (!(schema instanceof StructType)) throw new TypeError('createDataFrame needs a struct schema');
    return this.session.createDataFrame(rdd, schema);
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

  /** `udf(f)(cols)`: a call of a Python function, run on the executors by a BatchEvalPython. */
  pythonUDF(
    name: string,
    func: PythonFunctionWire,
    returnTypeJson: string,
    cols: (Column | string)[],
    deterministic: boolean,
  ): Column {
    const args = [...cols].map((c) => toColumn(c).expr);
    return new Column(new PythonUDF(name, func, this.parseDataType(returnTypeJson), args, deterministic));
  }

  /**
   * `spark.udf.register(name, f, returnType)`: SQL text calls the Python function by `name`, as Spark's
   * UDFRegistration.registerPython adds a builder of PythonUDFs to the session's function registry.
   */
  registerPythonUDF(name: string, func: PythonFunctionWire, returnTypeJson: string, deterministic: boolean): void {
    const returnType = this.parseDataType(returnTypeJson);
    this.session.catalog.registerFunction(name, (args) => new PythonUDF(name, func, returnType, args, deterministic));
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
