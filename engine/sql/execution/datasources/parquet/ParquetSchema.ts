/**
 * Parquet's schema as Spark's types (ParquetToSparkSchemaConverter), and
 * which row groups a file piece reads: the ones whose middle byte lies in
 * the piece (parquet-mr's split filter, which ParquetFileFormat relies on
 * for splits of one file).
 */
import type { FileMetaData, SchemaElement } from 'hyparquet';

/** The Spark type of a leaf column, as a DDL name. */
export function sparkTypeOf(e: SchemaElement): string {
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  switch (e.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
      if (logical === 'DATE' || converted === 'DATE') return 'date';
      if (logical === 'DECIMAL' || converted === 'DECIMAL') return `decimal(${e.precision ?? 9},${e.scale ?? 0})`;
      if (converted === 'INT_8') return 'tinyint';
      if (converted === 'INT_16') return 'smallint';
      return 'int';
    case 'INT64':
      if (logical === 'TIMESTAMP' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS')
        return 'timestamp';
      if (logical === 'DECIMAL' || converted === 'DECIMAL') return `decimal(${e.precision ?? 18},${e.scale ?? 0})`;
      return 'bigint';
    case 'INT96':
      return 'timestamp';
    case 'FLOAT':
      return 'float';
    case 'DOUBLE':
      return 'double';
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      if (logical === 'DECIMAL' || converted === 'DECIMAL') return `decimal(${e.precision ?? 38},${e.scale ?? 0})`;
      if (logical === 'STRING' || converted === 'UTF8' || logical === 'ENUM' || logical === 'JSON') return 'string';
      return 'binary';
    default:
      throw new Error(`Kindling cannot read the Parquet column ${e.name} (nested groups are not supported yet)`);
  }
}

/** The file's columns: name and Spark type, in the file's order (top-level leaves only). */
export function fieldsOf(metadata: FileMetaData): { name: string; type: string }[] {
  const [root, ...rest] = metadata.schema;
  const fields: { name: string; type: string }[] = [];
  let i = 0;
  for (let c = 0; c < (root.num_children ?? 0); c++) {
    const e = rest[i++];
    if (e.num_children) throw new Error(`Kindling cannot read the Parquet column ${e.name} (a nested group)`);
    fields.push({ name: e.name, type: sparkTypeOf(e) });
  }
  return fields;
}

/** The rows `[rowStart, rowEnd)` of the row groups whose midpoint lies in `[start, start + length)`. */
export function rowRangeOf(metadata: FileMetaData, start: number, length: number): [number, number] {
  let row = 0;
  let first = -1;
  let last = -1;
  for (const group of metadata.row_groups) {
    const first0 = group.columns[0]?.meta_data;
    const dict = first0?.dictionary_page_offset;
    const data = first0?.data_page_offset ?? 0n;
    const startingPos = Number(dict !== undefined && dict > 0n && dict < data ? dict : data);
    const size = group.columns.reduce((a, c) => a + Number(c.meta_data?.total_compressed_size ?? 0n), 0);
    const mid = startingPos + size / 2;
    const rows = Number(group.num_rows);
    if (mid >= start && mid < start + length) {
      if (first < 0) first = row;
      last = row + rows;
    }
    row += rows;
  }
  return first < 0 ? [0, 0] : [first, last];
}
