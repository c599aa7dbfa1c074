/**
 * Spark's JSON form of data types (`DataType.json`, `DataType.fromJson`): how
 * schemas cross to PySpark, which reads `df.schema` as
 * `_parse_datatype_json_string(jdf.schema().json())`, and how Python UDFs'
 * argument types reach the executors' Python.
 */
import { ArrayType, DataType, MapType, NullType, StructField, StructType, parseTypeName } from './index';

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
