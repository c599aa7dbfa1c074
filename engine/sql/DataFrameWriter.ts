/**
 * pyspark.sql.DataFrameWriter, as `df.write`: the rows as part files in a
 * folder of the file system `saveAsTextFile` writes, as Spark's
 * InsertIntoHadoopFsRelationCommand and FileFormatWriter write them. The
 * save mode is checked first (`errorifexists`, the default, fails on an
 * existing path with Spark's PATH_ALREADY_EXISTS; `ignore` writes nothing;
 * `overwrite` deletes the folder; `append` adds files), then one SQL
 * execution runs the query (its query stages first, under adaptive
 * execution) and one write job with a task per partition, each writing
 * `part-00000-<job uuid>-c000.csv` (`.json`, `.txt`, `.snappy.parquet`);
 * the driver commits the job by writing `_SUCCESS`.
 *
 * @example
 * await df.write.mode('overwrite').csv('out/orders', { header: true });
 * await df.write.format('parquet').save('out/orders-parquet');
 */
import type { DataFrame } from './DataFrame';
import type { FileFormat } from './DataFrameReader';
import { AnalysisException } from './errors';
import type { WriteFilesWire } from '../rdd/wire';
import { refreshListing } from '../fs/sync-listing';

type OptionValue = string | number | boolean;
const MODES: Record<string, 'error' | 'overwrite' | 'append' | 'ignore'> = {
  error: 'error',
  errorifexists: 'error',
  default: 'error',
  overwrite: 'overwrite',
  append: 'append',
  ignore: 'ignore',
};
/** The types each format can hold (the others are Spark's UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE). */
const FLAT = /^(boolean|tinyint|smallint|int|bigint|float|double|string|date|timestamp|decimal\(\d+,\d+\))$/;
const PARQUET = /^(boolean|tinyint|smallint|int|bigint|float|double|string|binary|date|timestamp)$/;

export class DataFrameWriter {
  #format = 'parquet';
  #mode: 'error' | 'overwrite' | 'append' | 'ignore' = 'error';
  readonly #options: Record<string, string> = {};

  constructor(readonly df: DataFrame) {}

  /** `errorifexists` (the default), `overwrite`, `append` or `ignore`. */
  mode(saveMode: string): this {
    const m = MODES[saveMode.toLowerCase()];
    if (!m) throw new AnalysisException('INVALID_SAVE_MODE', { mode: `"${saveMode}"` });
    this.#mode = m;
    return this;
  }

  format(source: string): this {
    this.#format = source.toLowerCase();
    return this;
  }

  option(key: string, value: OptionValue): this {
    this.#options[key.toLowerCase()] = String(value);
    return this;
  }

  /** Several options as one object (PySpark's keywords: `{ header: true, sep: ';', compression: 'none' }`). */
  options(options: Record<string, OptionValue | null | undefined>): this {
    for (const [k, v] of Object.entries(options)) {
      if (v === null || v === undefined) continue;
      if (k === 'mode') this.mode(String(v));
      else this.option(k, v);
    }
    return this;
  }

  /** Writes to `path` in the format set (parquet by default). */
  save(
    path: string,
    format?: string,
    mode?: string,
    options?: Record<string, OptionValue | null | undefined>,
  ): Promise<void> {
    if (format) this.format(format);
    if (mode) this.mode(mode);
    if (options) this.options(options);
    const site = this.df.sparkSession.sparkContext.callSiteFor(this.#format);
    return this.#save(path, site);
  }

  csv(path: string, options?: Record<string, OptionValue | null | undefined>): Promise<void> {
    return this.save(path, 'csv', undefined, options);
  }

  json(path: string, options?: Record<string, OptionValue | null | undefined>): Promise<void> {
    return this.save(path, 'json', undefined, options);
  }

  /** One string column, a line per row. */
  text(path: string, options?: Record<string, OptionValue | null | undefined>): Promise<void> {
    return this.save(path, 'text', undefined, options);
  }

  parquet(path: string, options?: Record<string, OptionValue | null | undefined>): Promise<void> {
    return this.save(path, 'parquet', undefined, options);
  }

  async #save(path: string, site: Parameters<DataFrame['_writeFiles']>[1]): Promise<void> {
    const format = this.#format as FileFormat;
    const fields = this.df.dtypes.map(([name, type]) => ({ name, type }));
    const extension = this.#check(format, fields);
    const fs = this.df.sparkSession.sparkContext.fileSystem;
    await refreshListing(fs);
    if (await fs.exists(path)) {
      if (this.#mode === 'error') throw new AnalysisException('PATH_ALREADY_EXISTS', { outputPath: path });
      if (this.#mode === 'ignore') return;
      if (this.#mode === 'overwrite') {
        if (!fs.remove) throw new Error(`This file system cannot delete ${path}, so it cannot be overwritten`);
        await fs.remove(path);
      }
    }
    const write: WriteFilesWire = {
      path,
      format,
      options: { ...this.#options },
      fields,
      jobId: crypto.randomUUID(),
      extension,
    };
    await this.df._writeFiles(format, site, write);
    // FileOutputCommitter.commitJob marks the folder complete.
    await fs.write(`${path.replace(/\/$/, '')}/_SUCCESS`, new Uint8Array(0));
    await refreshListing(fs);
  }

  /** The part files' extension, after checking the format can hold the columns. */
  #check(format: string, fields: { name: string; type: string }[]): string {
    if (!['csv', 'json', 'text', 'parquet'].includes(format))
      throw new AnalysisException('DATA_SOURCE_NOT_FOUND', { provider: format });
    if (format === 'text') {
      if (fields.length !== 1) {
        // QueryCompilationErrors.textDataSourceWithMultiColumnsError.
        const e = new Error(`Text data source supports only a single column, and you have ${fields.length} columns.`);
        e.name = 'AnalysisException';
        throw e;
      }
    }
    const allowed = format === 'parquet' ? PARQUET : format === 'json' ? /./ : format === 'text' ? /^string$/ : FLAT;
    for (const f of fields)
      if (!allowed.test(f.type))
        throw new AnalysisException('UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE', {
          format: format === 'csv' ? 'CSV' : format === 'text' ? 'Text' : format === 'json' ? 'JSON' : 'Parquet',
          columnName: `\`${f.name}\``,
          columnType: `"${f.type.toUpperCase()}"`,
        });
    if (format !== 'parquet') return format === 'text' ? '.txt' : `.${format}`;
    const codec = (this.#options.compression ?? 'snappy').toLowerCase();
    if (codec === 'none' || codec === 'uncompressed') return '.parquet';
    if (codec !== 'snappy')
      throw new Error(`Kindling writes Parquet with snappy (the default) or uncompressed, not ${codec}`);
    return '.snappy.parquet';
  }
}
