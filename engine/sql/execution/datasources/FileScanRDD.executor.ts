/**
 * FileScanRDD's compute on executors: a task reads its FilePartition's
 * pieces one after another. CSV, JSON Lines and text read a piece's lines as
 * Hadoop's LineRecordReader does (HadoopFileLinesReader: a piece that does
 * not start a file skips its first, partial line and every piece finishes
 * its last line), Parquet reads the row groups whose middle lies in the
 * piece. The schema-inference modes read the same lines and answer one row
 * per partition for the driver to merge.
 */
import { compressors as hyparquetCompressors } from 'hyparquet-compressors';
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from 'hyparquet';
import type { FileSystem } from '../../../fs/file-system';
import { SplitLineReader } from '../../../fs/line-reader';
import type { RDDWire } from '../../../rdd/wire';
import { ArrayIterator, ConcatIterator, DONE, toArray, type RowIterator } from '../../../executor/iterator';
import type { PartitionTask } from '../../../executor/rdd-compute';
import type { PartitionedFile } from './FilePartition';
import { csvOptions, skipLine, tokenize, tokenizeText, type CSVOptions } from './csv/CSVOptions';
import { inferRowType } from './csv/CSVInferSchema';
import { BAD, converterFor, type Converter } from './convert';
import { CORRUPT_RECORD, compatibleType, inferLine, type JsonType } from './json/JsonInferSchema';
import { fieldsOf, rowRangeOf } from './parquet/ParquetSchema';
import { parseMode } from './csv/CSVOptions';
import { parseTypeName, type StructType } from '../../types';
import { BernoulliCellSampler } from '../../../util/random/random-sampler';

type Wire = Extract<RDDWire, { type: 'FileScanRDD' }>;
type Fields = Wire['scan']['fields'];

/** A line dropped by the reader (a header, an empty line, a malformed row under DROPMALFORMED). */
const SKIP: unique symbol = Symbol('skip');

/** The partition's rows; with `sync` (a SQL pipeline reads its input synchronously) read whole first. */
export async function computeFileScan(
  w: Wire,
  partition: number,
  task: PartitionTask,
  sync: boolean,
): Promise<RowIterator> {
  const rows = await scanRows(w, partition, task);
  return sync ? new ArrayIterator(await toArray(rows, task)) : rows;
}

async function scanRows(w: Wire, partition: number, task: PartitionTask): Promise<RowIterator> {
  const pieces = (task.payloads[w.id]?.[partition] as PartitionedFile[] | undefined) ?? [];
  const scan = w.scan;
  if (scan.mode === 'parquetSchema') {
    const rows: unknown[][] = [];
    for (const piece of pieces) {
      const metadata = await task.wait(parquetMetadataAsync(asyncBuffer(task.fs, piece.path, piece.fileSize)));
      rows.push([JSON.stringify(fieldsOf(metadata))]);
    }
    return new ArrayIterator(rows);
  }
  if (scan.mode === 'inferCsv' || scan.mode === 'inferJson')
    return new ArrayIterator([await infer(pieces, w, partition, task)]);
  if (scan.format === 'parquet')
    return new ConcatIterator(pieces.length, (i) => readParquet(pieces[i], scan.fields, task), task.io);
  const toRow = rowReader(scan.format, scan.options, scan.fields);
  const wholeFile = scan.options.multiline === 'true' || scan.options.wholetext === 'true';
  return new ConcatIterator(
    pieces.length,
    async (i) => {
      const piece = pieces[i];
      if (wholeFile) return new ArrayIterator(await readWholeFile(piece, scan.format, scan.options, scan.fields, task));
      return new PieceRows(
        new SplitLineReader(task.fs, { ...piece, index: partition }, piece.fileSize),
        piece,
        toRow,
        task,
      );
    },
    task.io,
  );
}

/** A line-based piece's rows, a chunk of lines at a time. */
class PieceRows implements RowIterator {
  #lines: string[] = [];
  #at = 0;
  #done = false;
  #first = true;
  #counted = 0;
  constructor(
    readonly reader: SplitLineReader,
    readonly piece: PartitionedFile,
    readonly toRow: (line: string, firstOfFile: boolean) => unknown,
    readonly task: PartitionTask,
  ) {}
  next(): unknown {
    for (;;) {
      if (this.#at < this.#lines.length) {
        const line = this.#lines[this.#at++];
        const firstOfFile = this.#first && this.piece.start === 0;
        this.#first = false;
        const row = this.toRow(line, firstOfFile);
        if (row === SKIP) continue;
        this.task.metrics.inputRecords++;
        return row;
      }
      if (this.#done) return DONE;
      return this.task.io.waitFor(
        this.reader.nextLines().then((lines) => {
          this.task.metrics.inputBytes += this.reader.bytesRead - this.#counted;
          this.#counted = this.reader.bytesRead;
          if (lines === null) this.#done = true;
          else {
            this.#lines = lines;
            this.#at = 0;
          }
        }),
      );
    }
  }
}

/** Spark's message when FAILFAST meets a malformed record (QueryExecutionErrors.malformedRecordsDetectedInRecordParsingError). */
function malformed(record: string): Error {
  return new Error(
    `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [${record}].\n` +
      `Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. SQLSTATE: 22023`,
  );
}

/** Tokens (or parsed JSON fields) to a row of `fields`; malformed values decided by the mode, as Spark's FailureSafeParser. */
function convertRow(
  values: readonly (string | null | undefined)[],
  converters: Converter[],
  mode: CSVOptions['mode'],
  record: string,
): unknown {
  let bad = values.length !== converters.length && mode !== 'PERMISSIVE';
  const row = converters.map((conv, i) => {
    const v = values[i];
    if (v === null || v === undefined) return null;
    const out = conv(v);
    if (out === BAD) {
      bad = true;
      return null;
    }
    return out;
  });
  if (bad && mode === 'FAILFAST') throw malformed(record);
  if (bad && mode === 'DROPMALFORMED') return SKIP;
  return row;
}

function rowReader(
  format: Wire['scan']['format'],
  options: Record<string, string>,
  fields: Fields,
): (line: string, firstOfFile: boolean) => unknown {
  if (format === 'text') return (line) => [line];
  if (format === 'json') return jsonReader(options, fields);
  const o = csvOptions(options);
  const converters = fields.map((f) => converterFor(f.type));
  return (line, firstOfFile) => {
    // CSVHeaderChecker: only the piece that starts a file holds its header.
    if (skipLine(line, o) || (o.header && firstOfFile)) return SKIP;
    const tokens = tokenize(line, o).map((t) => (t === o.nullValue ? null : t));
    return convertRow(tokens, converters, o.mode, line);
  };
}

function jsonReader(options: Record<string, string>, fields: Fields): (line: string) => unknown {
  const mode = parseMode(options.mode);
  const corrupt = fields.findIndex((f) => f.name === CORRUPT_RECORD);
  const converters = fields.map((f) => jsonConverter(f.type));
  return (line) => {
    if (line.trim() === '') return SKIP;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (!isObject) return corruptRow(line, fields, corrupt, mode);
    const record = value as Record<string, unknown>;
    let bad = false;
    const row = fields.map((f, i) => {
      if (i === corrupt) return null;
      const v = record[f.name];
      if (v === null || v === undefined) return null;
      const out = converters[i](v);
      if (out === BAD) bad = true;
      return out === BAD ? null : out;
    });
    if (!bad) return row;
    if (mode === 'PERMISSIVE' && corrupt >= 0) row[corrupt] = line;
    if (mode === 'FAILFAST') throw malformed(line);
    return mode === 'DROPMALFORMED' ? SKIP : row;
  };
}

function corruptRow(line: string, fields: Fields, corrupt: number, mode: CSVOptions['mode']): unknown {
  if (mode === 'FAILFAST') throw malformed(line);
  if (mode === 'DROPMALFORMED') return SKIP;
  return fields.map((_, i) => (i === corrupt ? line : null));
}

/** A JSON value to a column's value (Spark's JacksonParser.makeConverter). */
function jsonConverter(type: string): (v: unknown) => unknown {
  if (type.startsWith('struct<')) {
    // A JSON object to the struct's values in field order; a field that does not convert makes the record
    // malformed, as JacksonParser's convertObject fails it.
    const fields = (parseTypeName(type) as StructType).fields;
    const converters = fields.map((f) => jsonConverter(f.dataType.simpleString));
    return (v) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return BAD;
      const record = v as Record<string, unknown>;
      const values = fields.map((f, i) => {
        const x = record[f.name];
        return x === null || x === undefined ? null : converters[i](x);
      });
      return values.includes(BAD) ? BAD : values;
    };
  }
  if (type.startsWith('array<')) {
    const element = jsonConverter(type.slice(6, -1));
    return (v) =>
      Array.isArray(v) ? v.map((x) => (x === null ? null : element(x))).map((x) => (x === BAD ? null : x)) : BAD;
  }
  const fromText = converterFor(type);
  switch (type) {
    case 'string':
      // A string column takes any value's JSON text.
      return (v) => (typeof v === 'string' ? v : JSON.stringify(v));
    case 'bigint':
    case 'int':
    case 'smallint':
    case 'tinyint':
      return (v) => (typeof v === 'number' && Number.isInteger(v) ? fromText(String(v)) : BAD);
    case 'double':
    case 'float':
      return (v) => (typeof v === 'number' ? v : typeof v === 'string' ? fromText(v) : BAD);
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? v : BAD);
    default:
      return (v) =>
        typeof v === 'string' ? fromText(v) : typeof v === 'number' && type.startsWith('decimal') ? v : BAD;
  }
}

async function readWholeFile(
  piece: PartitionedFile,
  format: Wire['scan']['format'],
  options: Record<string, string>,
  fields: Fields,
  task: PartitionTask,
): Promise<unknown[]> {
  const bytes = await task.wait(task.fs.read(piece.path, 0, piece.fileSize));
  task.metrics.inputBytes += bytes.byteLength;
  const text = new TextDecoder().decode(bytes);
  let rows: unknown[];
  if (format === 'text') rows = [[text]];
  else if (format === 'csv') {
    const o = csvOptions(options);
    const records = tokenizeText(text, o).slice(o.header ? 1 : 0);
    const converters = fields.map((f) => converterFor(f.type));
    rows = records.map((r) =>
      convertRow(
        r.map((t) => (t === o.nullValue ? null : t)),
        converters,
        o.mode,
        r.join(o.sep),
      ),
    );
  } else {
    const read = jsonReader(options, fields);
    const parsed: unknown = JSON.parse(text);
    const records = Array.isArray(parsed) ? parsed : [parsed];
    rows = records.map((r) => read(JSON.stringify(r)));
  }
  const kept = rows.filter((r) => r !== SKIP);
  task.metrics.inputRecords += kept.length;
  return kept;
}

/** A file as hyparquet's AsyncBuffer: ranged reads through the file system, so only the footer and chosen row groups are fetched. */
function asyncBuffer(fs: FileSystem, path: string, size: number): AsyncBuffer {
  return {
    byteLength: size,
    slice: async (start, end) => {
      const bytes = await fs.read(path, start, end ?? size);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}

async function readParquet(piece: PartitionedFile, fields: Fields, task: PartitionTask): Promise<RowIterator> {
  const file = asyncBuffer(task.fs, piece.path, piece.fileSize);
  const metadata = await task.wait(parquetMetadataAsync(file));
  const [rowStart, rowEnd] = rowRangeOf(metadata, piece.start, piece.length);
  if (rowEnd <= rowStart) return new ArrayIterator([]);
  const objects = await task.wait(
    parquetReadObjects({
      file,
      metadata,
      rowStart,
      rowEnd,
      columns: fields.map((f) => f.name),
      compressors: hyparquetCompressors,
    }),
  );
  const rows = objects.map((o) => fields.map((f) => parquetValue(o[f.name], f.type)));
  task.metrics.inputRecords += rows.length;
  task.metrics.inputBytes += piece.length;
  return new ArrayIterator(rows);
}

/** hyparquet's values as Kindling's: LongType as numbers, dates and timestamps as Dates. */
function parquetValue(v: unknown, type: string): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (type === 'date' && typeof v === 'number') return new Date(v * 86400000);
  return v;
}

/**
 * One partition's inferred types: CSV's per column (after the header line), JSON's record type. With a
 * `samplingRatio` of 0.99 or less, only a sample of the lines: JsonUtils.sample and CSVUtils.sample are
 * `Dataset.sample(false, ratio, 1)`, whose SampleExec keeps a line when a BernoulliCellSampler(0, ratio) seeded
 * 1 + the partition's index says so (CSV samples after dropping empty and comment lines, JSON samples every line).
 */
async function infer(pieces: PartitionedFile[], w: Wire, partition: number, task: PartitionTask): Promise<unknown[]> {
  const scan = w.scan;
  const o = csvOptions(scan.options);
  let csvTypes: string[] = scan.fields.map(() => 'null');
  let jsonType: JsonType = 'null';
  let corrupt = false;
  const mode = parseMode(scan.options.mode);
  const ratio = scan.options.samplingratio === undefined ? 1 : Number(scan.options.samplingratio);
  const sampler = ratio > 0.99 ? null : new BernoulliCellSampler(0, ratio);
  sampler?.setSeed(1 + partition);
  const sampled = () => sampler === null || sampler.sample() > 0;
  for (const piece of pieces) {
    const reader = new SplitLineReader(task.fs, { ...piece, index: 0 }, piece.fileSize);
    for (let lines = await task.wait(reader.nextLines()); lines; lines = await task.wait(reader.nextLines())) {
      for (const line of lines) {
        task.metrics.inputRecords++;
        if (scan.mode === 'inferCsv') {
          if (skipLine(line, o) || !sampled() || (o.header && line === scan.headerLine)) continue;
          csvTypes = inferRowType(csvTypes, tokenize(line, o), o);
        } else {
          if (!sampled()) continue;
          const t = inferLine(line);
          if (t === 'corrupt') {
            if (mode === 'FAILFAST') throw malformed(line);
            if (mode === 'PERMISSIVE') corrupt = true;
          } else jsonType = compatibleType(jsonType, t);
        }
      }
    }
    task.metrics.inputBytes += reader.bytesRead;
  }
  return scan.mode === 'inferCsv' ? [csvTypes] : [jsonType, corrupt];
}
