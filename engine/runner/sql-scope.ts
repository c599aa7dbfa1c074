/**
 * Spark SQL's names in a driver program: `spark`, `F`, `Row`, `Window` and
 * the types, as the pyspark shell offers them. They are loaded (a chunk of
 * their own, with Spark's SQL parser) only when the program mentions one,
 * so programs that use RDDs alone start as fast as before.
 */

/** Names a DataFrame program may use without importing them. */
export const SQL_NAMES = [
  'spark',
  'F',
  'Row',
  'Window',
  'StructType',
  'StructField',
  'StringType',
  'LongType',
  'IntegerType',
  'DoubleType',
  'FloatType',
  'BooleanType',
  'DateType',
  'TimestampType',
  'ArrayType',
  'DecimalType',
  'ShortType',
  'ByteType',
] as const;

// `rdd.toDF()` needs a session too (PySpark's SparkSession gives RDDs toDF).
const MENTION = new RegExp(`\\b(?:${[...SQL_NAMES, 'toDF'].join('|')})\\b`);

/** True when the program mentions a SQL name (a mention in a comment costs only the loading). */
export function usesSql(source: string): boolean {
  return MENTION.test(source);
}

/** The SQL names' values, with `spark` a session over `sc` that prints to `print`. */
export async function loadSqlScope(
  sc: import('../context').SparkContext,
  print: (text: string) => void,
): Promise<Record<string, unknown>> {
  const sql = await import('../sql/index');
  const spark = new sql.SparkSession(sc, { print });
  const scope: Record<string, unknown> = { spark, F: sql.F, Row: sql.Row, Window: sql.Window };
  for (const name of SQL_NAMES) if (!(name in scope)) scope[name] = (sql as Record<string, unknown>)[name];
  return scope;
}
