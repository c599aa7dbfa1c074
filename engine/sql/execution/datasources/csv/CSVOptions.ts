/**
 * Spark's CSVOptions (catalyst/csv/CSVOptions.scala): the reader's and
 * writer's options with Spark's defaults, and a line's tokens as Univocity
 * reads them, here through papaparse. Options arrive with lower-cased keys
 * (Spark's CaseInsensitiveMap).
 */
import Papa from 'papaparse';

export interface CSVOptions {
  sep: string;
  quote: string;
  escape: string;
  header: boolean;
  inferSchema: boolean;
  nullValue: string;
  comment: string | undefined;
  multiLine: boolean;
  mode: 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST';
}

const flag = (v: string | undefined, dflt: boolean) => (v === undefined ? dflt : v.toLowerCase() === 'true');

/** Spark's `mode` option, with its error for a name it does not know. */
export function parseMode(v: string | undefined): CSVOptions['mode'] {
  const m = (v ?? 'PERMISSIVE').toUpperCase();
  if (m === 'PERMISSIVE' || m === 'DROPMALFORMED' || m === 'FAILFAST') return m;
  // ParseMode.fromString logs a warning and falls back to PERMISSIVE.
  return 'PERMISSIVE';
}

/**
 * @example
 * csvOptions({ header: 'true', sep: ';' }).sep; // ';'
 */
export function csvOptions(options: Readonly<Record<string, string>>): CSVOptions {
  const sep = options.sep ?? options.delimiter ?? ',';
  return {
    sep: sep === '\\t' ? '\t' : sep,
    quote: options.quote ?? '"',
    escape: options.escape ?? '\\',
    header: flag(options.header, false),
    inferSchema: flag(options.inferschema, false),
    nullValue: options.nullvalue ?? '',
    comment: options.comment || undefined,
    multiLine: flag(options.multiline, false),
    mode: parseMode(options.mode),
  };
}

/** Whether a line is skipped before parsing: empty, or a comment (CSVUtils.filterCommentAndEmpty). */
export function skipLine(line: string, o: CSVOptions): boolean {
  return line.trim() === '' || (o.comment !== undefined && line.startsWith(o.comment));
}

/** One line's tokens (Univocity's `parseLine`). */
export function tokenize(line: string, o: CSVOptions): string[] {
  const result = Papa.parse<string[]>(line, {
    delimiter: o.sep,
    quoteChar: o.quote,
    escapeChar: o.escape,
    newline: '\n',
    skipEmptyLines: false,
  });
  return result.data[0] ?? [];
}

/** Every record of a whole file (multiLine: quoted fields may hold line breaks). */
export function tokenizeText(text: string, o: CSVOptions): string[][] {
  const result = Papa.parse<string[]>(text, {
    delimiter: o.sep,
    quoteChar: o.quote,
    escapeChar: o.escape,
    skipEmptyLines: 'greedy',
    comments: o.comment ?? false,
  });
  return result.data;
}

/**
 * A record as a line of CSV, as UnivocityGenerator writes it: quotes only
 * where a value needs them, a quote inside escaped with `escape`, null as
 * nothing (`nullValue` "") and an empty string as `""` (`emptyValue`).
 */
export function formatRecord(values: readonly (string | null)[], o: CSVOptions): string {
  return Papa.unparse([values as string[]], {
    delimiter: o.sep,
    quoteChar: o.quote,
    escapeChar: o.escape,
    newline: '\n',
    quotes: values.map((v) => v === ''),
  });
}
