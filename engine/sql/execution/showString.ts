/**
 * Spark's Dataset.showString: the ASCII table `show()` prints, cells
 * right-aligned and cut to `truncate` characters (17 and `...` at the
 * default 20), `NULL` for nulls, and `only showing top n rows` when there are more.
 */
import type { InternalRow } from '../catalyst/expressions/Expression';
import type { DataType } from '../types';
import { ArrayType, DateType, StructType, TimestampType } from '../types';
import { formatDate, formatTimestamp, scalaString } from '../catalyst/expressions/literals';

/**
 * A value as Dataset.getRows's ToPrettyString writes it: a struct `{a, b}`, an array `[a, b]`, each by its type,
 * and a null, nested or not, `NULL` (its nullString; Spark 3.5 on, SPARK-43063).
 */
function cell(v: unknown, t: DataType): string {
  if (v === null || v === undefined) return 'NULL';
  if (t instanceof StructType && Array.isArray(v)) {
    return `{${t.fields.map((f, i) => cell(v[i], f.dataType)).join(', ')}}`;
  }
  if (Array.isArray(v)) {
    const element = t instanceof ArrayType ? t.elementType : t;
    return `[${v.map((x) => cell(x, element)).join(', ')}]`;
  }
  if (v instanceof Date)
    return t === DateType ? formatDate(v) : t === TimestampType ? formatTimestamp(v) : formatTimestamp(v);
  return scalaString(v, t);
}

/**
 * @example
 * showString([[1, 'ada']], ['id', 'name'], [LongType, StringType], 20, 20, false);
 * // '+---+----+\n| id|name|\n+---+----+\n|  1| ada|\n+---+----+\n'
 */
export function showString(
  rows: readonly InternalRow[],
  names: readonly string[],
  types: readonly DataType[],
  numRows: number,
  truncate: number,
  hasMoreData: boolean,
): string {
  const cut = (s: string) =>
    truncate > 0 && s.length > truncate ? (truncate < 4 ? s.slice(0, truncate) : s.slice(0, truncate - 3) + '...') : s;
  const table = [names.map(cut), ...rows.map((r) => r.map((v, i) => cut(cell(v, types[i]))))];
  const widths = names.map((_, i) => Math.max(3, ...table.map((row) => [...row[i]].length)));
  const pad = (s: string, w: number) =>
    truncate > 0 ? ' '.repeat(w - [...s].length) + s : s + ' '.repeat(w - [...s].length);
  const sep = '+' + widths.map((w) => '-'.repeat(w)).join('+') + '+\n';
  const line = (row: string[]) => '|' + row.map((s, i) => pad(s, widths[i])).join('|') + '|\n';
  let out = sep + line(table[0]) + sep;
  for (const row of table.slice(1)) out += line(row);
  out += sep;
  if (hasMoreData) out += `only showing top ${numRows} ${numRows === 1 ? 'row' : 'rows'}\n`;
  return out;
}
