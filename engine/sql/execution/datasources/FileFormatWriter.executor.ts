/**
 * A FileFormatWriter task on an executor (FileFormatWriter.executeTask): the
 * partition's rows as one part file, `part-00003-<job uuid>-c000.csv`, in
 * the job's output folder. As in Spark, an empty partition writes nothing
 * (EmptyDirectoryDataWriter) except partition 0, which always writes its file,
 * so an empty result still leaves a file (with its schema, for Parquet).
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { FileSystem } from '../../../fs/file-system';
import type { WriteFilesWire } from '../../../rdd/wire';
import { drain, type PullTaskLike, type RowIterator } from '../../../executor/iterator';
import { csvOptions, formatRecord } from './csv/CSVOptions';
import { formatDouble } from '../../catalyst/expressions/literals';

type Field = WriteFilesWire['fields'][number];

export async function writePartition(
  write: WriteFilesWire,
  rows: RowIterator,
  partition: number,
  task: PullTaskLike,
  fs: FileSystem,
  outputMetrics: { bytes: number; records: number },
): Promise<null> {
  const all: unknown[][] = [];
  await drain(rows, task, (r) => void all.push(r as unknown[]));
  if (all.length === 0 && partition !== 0) return null;
  const bytes = encode(write, all);
  const name = `part-${String(partition).padStart(5, '0')}-${write.jobId}-c000${write.extension}`;
  await fs.write(`${write.path.replace(/\/$/, '')}/${name}`, bytes);
  outputMetrics.bytes += bytes.byteLength;
  outputMetrics.records += all.length;
  return null;
}

function encode(write: WriteFilesWire, rows: unknown[][]): Uint8Array {
  if (write.format === 'parquet') return parquet(write, rows);
  let text = '';
  if (write.format === 'text') for (const r of rows) text += `${r[0] ?? ''}\n`;
  else if (write.format === 'json') for (const r of rows) text += `${jsonLine(r, write.fields)}\n`;
  else {
    const o = csvOptions(write.options);
    if (o.header && rows.length > 0)
      text += `${formatRecord(
        write.fields.map((f) => f.name),
        o,
      )}\n`;
    for (const r of rows)
      text += `${formatRecord(
        r.map((v, i) => csvValue(v, write.fields[i].type)),
        o,
      )}\n`;
  }
  return new TextEncoder().encode(text);
}

/** Spark's write-side text of a value (UnivocityGenerator): Java's double text, ISO dates, timestamps with millis and zone. */
function csvValue(v: unknown, type: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && (type === 'double' || type === 'float')) return formatDouble(v);
  if (v instanceof Date) return type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString();
  return String(v);
}

/** One JSON object per row (JacksonGenerator); null fields are left out (ignoreNullFields). */
function jsonLine(row: unknown[], fields: readonly Field[]): string {
  const parts: string[] = [];
  fields.forEach((f, i) => {
    const v = row[i];
    if (v === null || v === undefined) return;
    let text: string;
    if (typeof v === 'number' && (f.type === 'double' || f.type === 'float')) text = formatDouble(v);
    else if (v instanceof Date)
      text = JSON.stringify(f.type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString());
    else text = JSON.stringify(v);
    parts.push(`${JSON.stringify(f.name)}:${text}`);
  });
  return `{${parts.join(',')}}`;
}

/** Spark's types as Parquet's (ParquetWriteSupport): int INT32, bigint INT64, date INT32 (DATE), timestamp INT64 (millis). */
const PARQUET_TYPES: Record<string, { type: string; converted_type?: string }> = {
  boolean: { type: 'BOOLEAN' },
  tinyint: { type: 'INT32', converted_type: 'INT_8' },
  smallint: { type: 'INT32', converted_type: 'INT_16' },
  int: { type: 'INT32' },
  bigint: { type: 'INT64' },
  float: { type: 'FLOAT' },
  double: { type: 'DOUBLE' },
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  binary: { type: 'BYTE_ARRAY' },
  date: { type: 'INT32', converted_type: 'DATE' },
  timestamp: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
};

function parquet(write: WriteFilesWire, rows: unknown[][]): Uint8Array {
  const codec = (write.options.compression ?? 'snappy').toUpperCase();
  const columnData = write.fields.map((f, i) => {
    const values = rows.map((r) => r[i] ?? null);
    return {
      name: f.name,
      data: f.type === 'bigint' ? values.map((v) => (v === null ? null : BigInt(Math.trunc(Number(v))))) : values,
    };
  });
  const schema = [
    { name: 'spark_schema', num_children: write.fields.length },
    ...write.fields.map((f) => ({ name: f.name, repetition_type: 'OPTIONAL', ...PARQUET_TYPES[f.type] })),
  ];
  const buffer = parquetWriteBuffer({
    columnData,
    schema,
    codec: codec === 'NONE' ? 'UNCOMPRESSED' : codec,
    createdBy: 'Kindling (hyparquet-writer)',
  } as unknown as Parameters<typeof parquetWriteBuffer>[0]);
  return new Uint8Array(buffer);
}
