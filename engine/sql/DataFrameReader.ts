/**
 * pyspark.sql.DataFrameReader, as `spark.read`: files as DataFrames, read
 * from the same file system `sc.textFile` reads (the site's data and the
 * learner's own files). Reading returns a Promise, because Spark runs jobs
 * while it reads when it must learn the schema (DataSource.resolveRelation):
 *
 * - CSV: the first line, by `take(1)` on the files as text (a SQL execution
 *   whose CollectLimit scans one partition: TextInputCSVDataSource.infer),
 *   then with `inferSchema` an aggregate job over every partition
 *   (CSVInferSchema.infer's `tokenRDD.aggregate`);
 * - JSON: one job over every partition (JsonInferSchema.infer's fold);
 * - Parquet: one job reading the footer of the first file, or of every file
 *   with `mergeSchema` (ParquetUtils.inferSchema, SchemaMergeUtils: a
 *   parallelize of the files into min(files, defaultParallelism) slices);
 * - text, or any format given a schema: no job.
 *
 * @example
 * const orders = await spark.read.csv('data/orders.csv', { header: true, inferSchema: true });
 * const same = await spark.read.format('csv').option('header', true).load('data/orders.csv');
 */
import type { CallSite } from '../rdd/call-site';
import { DataFrame } from './DataFrame';
import type { SparkSession } from './SparkSession';
import { LogicalRelation, type FileRelationInfo } from './catalyst/plans/logical/relations';
import { AttributeReference } from './catalyst/expressions/namedExpressions';
import { StructField, StructType, StringType, parseTypeName, type DataType } from './types';
import { AnalysisException } from './errors';
import { requirement } from '../errors/spark-core-errors';
import { formatDouble } from './catalyst/expressions/literals';
import { parseDDL } from './ddl';
import { getFilePartitions, type PartitionedFile } from './execution/datasources/FilePartition';
import { FileScanRDD } from './execution/datasources/FileScanRDD';
import { csvOptions, tokenize } from './execution/datasources/csv/CSVOptions';
import { makeSafeHeader, mergeRowTypes } from './execution/datasources/csv/CSVInferSchema';
import {
  CORRUPT_RECORD,
  canonicalize,
  compatibleType,
  ddlOf,
  type JsonType,
} from './execution/datasources/json/JsonInferSchema';
import { listFilesSync, selectFiles } from '../fs/sync-listing';
import { InvalidInputException, type FileEntry } from '../fs/file-system';
import type { FileScanWire } from '../rdd/wire';

export type FileFormat = FileRelationInfo['format'];
type OptionValue = string | number | boolean;
/** PySpark's keyword arguments as one object: `{ header: true, inferSchema: true, sep: ';' }`, `schema` too. */
export type ReaderOptions = Record<string, OptionValue | StructType | null | undefined>;

const FORMATS: readonly FileFormat[] = ['csv', 'json', 'text', 'parquet'];

export class DataFrameReader {
  #format: string | undefined;
  readonly #options: Record<string, string> = {};
  #schema: StructType | undefined;

  constructor(readonly sparkSession: SparkSession) {}

  /** The source's format: `csv`, `json`, `text` or `parquet` (the default, spark.sql.sources.default). */
  format(source: string): this {
    this.#format = source;
    return this;
  }

  /** One option; keys are case-insensitive, as in Spark. */
  option(key: string, value: OptionValue): this {
    this.#options[key.toLowerCase()] = String(value);
    return this;
  }

  /** Several options at once (PySpark's `options(**kwargs)`); a `schema` among them sets the schema. */
  options(options: ReaderOptions): this {
    for (const [k, v] of Object.entries(options)) {
      if (v === null || v === undefined) continue;
      if (k === 'schema') this.schema(v as StructType | string);
      else this.option(k, v as OptionValue);
    }
    return this;
  }

  /** The schema to read with (a StructType or DDL, `"id INT, name STRING"`): no inference job runs. */
  schema(schema: StructType | string): this {
    this.#schema = typeof schema === 'string' ? parseDDL(schema) : schema;
    return this;
  }

  /** Reads `path` (a file, a folder, a glob, or a list of them) with the format and options set. */
  load(
    path?: string | string[],
    format?: string,
    schema?: StructType | string,
    options?: ReaderOptions,
  ): Promise<DataFrame> {
    if (format) this.format(format);
    if (schema) this.schema(schema);
    if (options) this.options(options);
    const site = this.sparkSession.sparkContext.callSiteFor(this.#format ?? 'load');
    if (path === undefined) return Promise.reject(new Error("'path' is not specified"));
    return this.#read(typeof path === 'string' ? [path] : path, site);
  }

  /** `csv(path, { header: true, inferSchema: true, sep: ',' })`. */
  csv(path: string | string[], options?: ReaderOptions): Promise<DataFrame> {
    return this.load(path, 'csv', undefined, options);
  }

  /** JSON Lines (one object per line), or whole files with `{ multiLine: true }`. */
  json(path: string | string[], options?: ReaderOptions): Promise<DataFrame> {
    return this.load(path, 'json', undefined, options);
  }

  /** One `value` string column of lines (or of whole files with `{ wholetext: true }`). */
  text(path: string | string[], options?: ReaderOptions): Promise<DataFrame> {
    return this.load(path, 'text', undefined, options);
  }

  /** `parquet(path, …)`: several paths as PySpark's `*paths`; a last object gives options. */
  parquet(...args: (string | string[] | ReaderOptions)[]): Promise<DataFrame> {
    const paths = args.flatMap((a) => (typeof a === 'string' ? [a] : Array.isArray(a) ? a : []));
    const options = args.find((a): a is ReaderOptions => typeof a === 'object' && !Array.isArray(a));
    return this.load(paths, 'parquet', undefined, options);
  }

  /** A temporary view as a DataFrame (`spark.table`). */
  table(name: string): Promise<DataFrame> {
    return Promise.resolve(this.sparkSession.table(name));
  }

  async #read(paths: string[], site: CallSite): Promise<DataFrame> {
    const format = (this.#format ?? 'parquet').toLowerCase() as FileFormat;
    if (!FORMATS.includes(format))
      throw new AnalysisException('DATA_SOURCE_NOT_FOUND', {
        provider: this.#format ?? '',
      });
    const files = this.#files(paths);
    const relation: FileRelationInfo = { format, paths, files, options: { ...this.#options } };
    const schema = this.#schema ?? (await this.#inferSchema(relation, site));
    // File sources read every column as nullable (DataSource.resolveRelation's dataSchema.asNullable).
    const output = schema.fields.map((f) => new AttributeReference(f.name, f.dataType, true));
    return new DataFrame(this.sparkSession, new LogicalRelation(output, relation));
  }

  /** The files of every path, as InMemoryFileIndex lists them; a path that matches nothing is Spark's PATH_NOT_FOUND. */
  #files(paths: string[]): FileEntry[] {
    const listing = listFilesSync(this.sparkSession.sparkContext.fileSystem);
    return paths.flatMap((p) => {
      try {
        return selectFiles(listing, p);
      } catch (e) {
        if (!(e instanceof InvalidInputException)) throw e;
        const error = new AnalysisException('PATH_NOT_FOUND', { path: p });
        if (e.existing) error.message += `\n${e.existing}`;
        throw error;
      }
    });
  }

  async #inferSchema(relation: FileRelationInfo, site: CallSite): Promise<StructType> {
    if (relation.format === 'text') return new StructType([new StructField('value', StringType, true)]);
    const unable = () =>
      new AnalysisException('UNABLE_TO_INFER_SCHEMA', {
        format: relation.format === 'csv' ? 'CSV' : relation.format === 'json' ? 'JSON' : 'Parquet',
      });
    if (relation.files.length === 0) throw unable();
    if (relation.format === 'csv') return this.#inferCsv(relation, site);
    if (relation.format === 'json') {
      checkSamplingRatio(relation);
      const results = (await this.#inferenceJob(relation, { mode: 'inferJson' }, site)) as [JsonType, boolean][];
      let type: JsonType = 'null';
      for (const [t] of results) type = compatibleType(type, t);
      const fields = typeof type === 'object' && 'struct' in type ? canonicalizeFields(type) : [];
      if (results.some(([, corrupt]) => corrupt)) fields.push(new StructField(CORRUPT_RECORD, StringType, true));
      if (fields.length === 0) throw unable();
      return new StructType(fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
    }
    return this.#inferParquet(relation, site);
  }

  /** TextInputCSVDataSource.infer: the first line (a SQL execution), then with inferSchema the aggregate job. */
  async #inferCsv(relation: FileRelationInfo, site: CallSite): Promise<StructType> {
    const o = csvOptions(relation.options);
    const lines = new DataFrame(
      this.sparkSession,
      new LogicalRelation([new AttributeReference('value', StringType, true)], { ...relation, format: 'text' }),
    );
    const first = await lines.limit(1)._collectRows('csv', site);
    if (first.length === 0) return new StructType([]);
    const firstLine = String(first[0][0]);
    checkSamplingRatio(relation);
    const names = makeSafeHeader(tokenize(firstLine, o), o.header);
    if (!o.inferSchema) return new StructType(names.map((n) => new StructField(n, StringType, true)));
    const results = (await this.#inferenceJob(
      relation,
      {
        mode: 'inferCsv',
        fields: names.map((name) => ({ name, type: 'null' })),
        headerLine: o.header ? firstLine : undefined,
      },
      site,
    )) as [string[]][];
    let types: string[] = names.map(() => 'null');
    for (const [t] of results) types = mergeRowTypes(types, t);
    return new StructType(
      names.map(
        (n, i) => new StructField(n, types[i] === 'null' || !types[i] ? StringType : parseTypeName(types[i]), true),
      ),
    );
  }

  /** ParquetUtils.inferSchema: the first file's footer, or every file's with mergeSchema, read by a job. */
  async #inferParquet(relation: FileRelationInfo, site: CallSite): Promise<StructType> {
    const merge = relation.options.mergeschema === 'true';
    const touched = merge ? relation.files : relation.files.slice(0, 1);
    const sc = this.sparkSession.sparkContext;
    const slices = Math.min(Math.max(touched.length, 1), sc.defaultParallelism);
    const partitions: PartitionedFile[][] = Array.from({ length: slices }, (_, i) =>
      touched
        .slice(Math.floor((i * touched.length) / slices), Math.floor(((i + 1) * touched.length) / slices))
        .map((f) => ({ path: f.path, start: 0, length: f.size, fileSize: f.size })),
    );
    const rows = (await this.#run(partitions, { ...this.#wire(relation), mode: 'parquetSchema' }, site)) as [string][];
    const byName = new Map<string, DataType>();
    for (const [json] of rows)
      for (const f of JSON.parse(json) as { name: string; type: string }[])
        if (!byName.has(f.name)) byName.set(f.name, parseTypeName(f.type));
    return new StructType([...byName].map(([n, t]) => new StructField(n, t, true)));
  }

  #wire(relation: FileRelationInfo): FileScanWire {
    return { mode: 'rows', format: relation.format, options: { ...relation.options }, fields: [] };
  }

  /** A job over the scan's own FilePartitions, as Spark's inference jobs read the files as text. */
  #inferenceJob(relation: FileRelationInfo, scan: Partial<FileScanWire>, site: CallSite): Promise<unknown[]> {
    const conf = this.sparkSession.sqlConf;
    const partitions = getFilePartitions(
      relation.files,
      relation.options.multiline !== 'true',
      conf.maxPartitionBytes,
      conf.openCostInBytes,
      this.sparkSession.sparkContext.defaultParallelism,
    );
    return this.#run(partitions, { ...this.#wire(relation), ...scan }, site);
  }

  #run(partitions: PartitionedFile[][], scan: FileScanWire, site: CallSite): Promise<unknown[]> {
    const sc = this.sparkSession.sparkContext;
    return sc.withScope(scan.format, () => new FileScanRDD(sc, partitions, scan).collect(), site);
  }
}

/** JSONOptions and CSVOptions read samplingRatio as a double; JsonUtils.sample and CSVUtils.sample require it > 0. */
function checkSamplingRatio(relation: FileRelationInfo): void {
  const ratio = relation.options.samplingratio;
  if (ratio === undefined) return;
  requirement(Number(ratio) > 0, `samplingRatio (${formatDouble(Number(ratio))}) should be greater than 0`);
}

function canonicalizeFields(type: { struct: [string, JsonType][] }): StructField[] {
  const record = canonicalize(type);
  if (record === null || typeof record !== 'object' || !('struct' in record)) return [];
  return record.struct.map(([name, t]) => new StructField(name, parseTypeName(ddlOf(t)), true));
}
