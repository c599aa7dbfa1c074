/** Schemas written as DDL text, as `createDataFrame` and `spark.read.schema` take them. */
import { StructField, StructType, parseTypeName, splitTopLevel } from './types';

/** `"id bigint, name string"` (also `id: bigint`), as `createDataFrame`'s DDL schema. */
export function parseDDL(ddl: string): StructType {
  return new StructType(
    splitTopLevel(ddl).map((part) => {
      const m = /^\s*`?([^`:\s]+)`?\s*:?\s+(.+?)\s*$/.exec(part);
      if (!m) throw new Error(`[PARSE_SYNTAX_ERROR] cannot read the schema "${ddl}"`);
      return new StructField(m[1], parseTypeName(m[2]), true);
    }),
  );
}
