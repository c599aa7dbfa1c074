/** A SparkSession over in-process executors for plan tests, and the text helpers they share. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SparkContext } from '../../../engine/context';
import { SparkSession, type DataFrame } from '../../../engine/sql';
import type { SparkEvent } from '../../../engine/events/types';

export function testSession(conf: Record<string, string> = {}): {
  spark: SparkSession;
  printed: string[];
  stop: () => Promise<void>;
} {
  const sc = new SparkContext({ executors: 'in-process', conf });
  const printed: string[] = [];
  const spark = new SparkSession(sc, { print: (t) => printed.push(t) });
  return { spark, printed, stop: () => sc.stop() };
}

/**
 * Expression and plan ids renumbered by first appearance (`#0`, `#1`…, `plan_id=0`…), so a test
 * states a plan's shape without depending on how many ids earlier tests used.
 */
export function normalizeIds(text: string): string {
  const ids = new Map<string, number>();
  const plans = new Map<string, number>();
  return text
    .replace(/#(\d+)/g, (_m, id: string) => {
      if (!ids.has(id)) ids.set(id, ids.size);
      return `#${ids.get(id)}`;
    })
    .replace(/plan_id=(\d+)/g, (_m, id: string) => {
      if (!plans.has(id)) plans.set(id, plans.size);
      return `plan_id=${plans.get(id)}`;
    });
}

/** Lines of a template literal without the indentation the test file gives them. */
export function lines(text: string): string {
  const rows = text
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n');
  const indent = Math.min(...rows.filter((r) => r.trim()).map((r) => r.match(/^ */)![0].length));
  return rows.map((r) => r.slice(indent)).join('\n') + '\n';
}

/** Task counts of each job's stages, for the JobStarts among `events` from index `from`. */
export function jobTaskCounts(events: readonly SparkEvent[], from: number): number[][] {
  return events
    .slice(from)
    .filter((e) => e.Event === 'SparkListenerJobStart')
    .map((e) =>
      (e as unknown as { 'Stage Infos': { 'Number of Tasks': number }[] })['Stage Infos'].map(
        (s) => s['Number of Tasks'],
      ),
    );
}

/**
 * The 1-based line of the test file that ends with the comment `// @marker`, read from the file itself: what a
 * plan node's program line must be when the DataFrame call on that line made it.
 *
 * @example
 * const joined = a.join(b, 'k'); // @join
 * sourceLine(import.meta.url, 'join'); // that line's number
 */
export function sourceLine(fileUrl: string, marker: string): number {
  const lines = readFileSync(fileURLToPath(fileUrl), 'utf8').split('\n');
  const found = lines.flatMap((text, i) => (text.trimEnd().endsWith(`// @${marker}`) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`${found.length} lines end with // @${marker}`);
  return found[0];
}

/** 40 orders over 5 products (`p0`…`p4`, amounts cycling 0…6) and the products in 2 categories: joins and groupBys. */
export function smallShop(spark: SparkSession): { orders: DataFrame; products: DataFrame } {
  const orders = spark.createDataFrame(
    Array.from({ length: 40 }, (_, i) => [i, `p${i % 5}`, i % 7]),
    ['order_id', 'product_id', 'amount'],
  );
  const products = spark.createDataFrame(
    Array.from({ length: 5 }, (_, i) => [`p${i}`, `cat${i % 2}`]),
    ['product_id', 'category'],
  );
  return { orders, products };
}
