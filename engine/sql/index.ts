/**
 * Kindling's Spark SQL: the names a DataFrame program finds in scope
 * (`spark`, `F`, `Row`, `Window`, the types) and everything the Python
 * bridge wraps. Loaded only by programs that use SQL, so plain RDD programs
 * pay nothing for it.
 */
export { SparkSession, RuntimeConfig, Catalog, parseDDL } from './SparkSession';
export { DataFrame } from './DataFrame';
export { GroupedData } from './GroupedData';
export { Column, type ColumnOrName } from './Column';
export { F, type Functions } from './functions';
export { Row } from './Row';
export { Window, WindowSpec } from './Window';
export * as types from './types';
export {
  ArrayType,
  BinaryType,
  BooleanType,
  ByteType,
  DataType,
  DateType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  ShortType,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from './types';
export { AnalysisException, ParseException } from './errors';
