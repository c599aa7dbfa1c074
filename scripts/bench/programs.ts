/**
 * The driver programs the engine's figures run: ordinary Kindling programs
 * (an ES module body with `sc` in scope), run by the same driver worker the
 * playground and the headless runner use. Each one starts once, then runs one
 * repetition per step the harness asks for, so repetitions of the engine and
 * of its baseline can alternate while executors stay up between them (as the
 * baseline's page and worker do).
 *
 * Steps travel on a BroadcastChannel between the page and the driver worker;
 * the program times its own action with `performance.now()` and answers with
 * the time and a summary of the answer, which the harness checks against the
 * baseline's.
 */
import { DIGEST_SOURCE } from './digest';

/**
 * Wraps a step function's source into a program. `body` is the source of an
 * `async function step(params)` returning a JSON-safe reply.
 */
export function steppedProgram(channel: string, body: string): string {
  return `${DIGEST_SOURCE}
${body}
const channel = new BroadcastChannel(${JSON.stringify(channel)});
const inbox = [];
let wake = () => {};
channel.onmessage = (event) => { inbox.push(event.data); wake(); };
async function nextStep() {
  while (inbox.length === 0) await new Promise((resolve) => (wake = resolve));
  return inbox.shift();
}
channel.postMessage({ type: 'ready' });
for (let message = await nextStep(); message.type !== 'stop'; message = await nextStep()) {
  try {
    channel.postMessage({ type: 'reply', id: message.id, reply: await step(message.params) });
  } catch (error) {
    channel.postMessage({ type: 'reply', id: message.id, error: String(error && error.stack || error) });
  }
}
channel.close();
`;
}

/** Word count over a text file, as in the README; replies with its time and digest. */
export const WORDCOUNT_STEP = `async function step({ path, minPartitions }) {
  const started = performance.now();
  const counts = await sc
    .textFile(path, minPartitions)
    .flatMap((line) => line.toLowerCase().split(/[^a-z']+/))
    .filter((word) => word.length > 0)
    .map((word) => [word, 1])
    .reduceByKey((a, b) => a + b)
    .collect();
  const ms = performance.now() - started;
  return { ms, answer: digestCounts(counts) };
}`;

/** One job of `tasks` trivial tasks: a count over one number per partition. */
export const TASKS_STEP = `async function step({ tasks }) {
  const started = performance.now();
  const count = await sc.range(0, tasks, 1, tasks).count();
  return { ms: performance.now() - started, count };
}`;

/**
 * A groupByKey of `pairs` pairs `[i % keys, i]`. `setup` builds the input and
 * caches it in executor memory (so the timed job is the shuffle, not making
 * the data); `run` times `groupByKey(reduces)` and a per-key count and sum,
 * collected. The digest is of `key:sum` → count, so every value is accounted for.
 */
export const GROUP_STEP = `let input = null;
async function step({ op, pairs, keys, maps, reduces }) {
  if (op === 'setup') {
    input = sc.range(0, pairs, 1, maps).map((i) => [i % keys, i]).persist(StorageLevel.MEMORY_ONLY);
    return { count: await input.count() };
  }
  const started = performance.now();
  const groups = await input
    .groupByKey(reduces)
    .mapValues((values) => {
      let sum = 0;
      for (const v of values) sum += v;
      return [values.length, sum];
    })
    .collect();
  const ms = performance.now() - started;
  return { ms, answer: digestCounts(groups.map(([key, [count, sum]]) => [key + ':' + sum, count])) };
}`;

/**
 * A groupByKey over data larger than the executors' memory: `pairs` pairs
 * `['key-' + (i % keys), 'v' + i padded to 32 characters]`, made in the map
 * stage (nothing cached), grouped into `reduces` partitions; each key's count
 * and the sum of its values' numbers collected. String values, so the groups
 * take about as much memory as the pairs they came from.
 */
export const SPILL_STEP = `async function step({ pairs, keys, maps, reduces }) {
  const started = performance.now();
  const groups = await sc
    .range(0, pairs, 1, maps)
    .map((i) => ['key-' + (i % keys), 'v' + String(i).padStart(31, '0')])
    .groupByKey(reduces)
    .mapValues((values) => {
      let sum = 0;
      for (const v of values) sum += Number(v.slice(1));
      return [values.length, sum];
    })
    .collect();
  const ms = performance.now() - started;
  return { ms, answer: digestCounts(groups.map(([key, [count, sum]]) => [key + ':' + sum, count])) };
}`;

/**
 * A CPU-bound job with no I/O to speak of: `partitions` tasks, each a fixed
 * amount of arithmetic (`iterations` square roots), collected. What one more
 * core of an executor gains is the figure.
 */
export const CPU_STEP = `async function step({ partitions, iterations }) {
  const started = performance.now();
  const sums = await sc
    .parallelize(Array.from({ length: partitions }, (_, i) => i), partitions)
    .map((x) => {
      let acc = 0;
      for (let i = 0; i < iterations; i++) acc += Math.sqrt(i + x);
      return acc;
    })
    .collect();
  return { ms: performance.now() - started, answer: sums.reduce((a, b) => a + b, 0) };
}`;

/**
 * A DataFrame groupBy/agg over `rows` generated rows: each row a user
 * (`'user-' + id % users`) and an amount (`id % 1000`), grouped by user with
 * the rows and the amount summed per user. The digest is of `user:total` → rows.
 */
export const SQL_GROUPBY_STEP = `async function step({ rows, users, partitions }) {
  const started = performance.now();
  const groups = await spark
    .range(0, rows, 1, partitions)
    .select(
      F.concat(F.lit('user-'), F.col('id').mod(users).cast('string')).alias('user'),
      F.col('id').mod(1000).alias('amount'),
    )
    .groupBy('user')
    .agg(F.count('*').alias('n'), F.sum('amount').alias('total'))
    .collect();
  const ms = performance.now() - started;
  return { ms, answer: digestCounts(groups.map((r) => [r.user + ':' + r.total, Number(r.n)])) };
}`;

/**
 * One equi-join two ways: \`orders\` (\`left\` rows: key \`id % right\`, amount
 * \`id\`) with \`users\` (\`right\` rows: key \`id\`, weight \`2 · id\`), as
 * DataFrames (\`side: 'dataframe'\`) or as pair RDDs joined with \`join\`
 * (\`side: 'rdd'\`), each followed by the joined rows' count and the sum of
 * amount + weight, computed on the executors.
 */
export const SQL_JOIN_STEP = `async function step({ side, left, right, partitions }) {
  const started = performance.now();
  let count;
  let total;
  if (side === 'dataframe') {
    const orders = spark.range(0, left, 1, partitions).select(F.col('id').mod(right).alias('k'), F.col('id').alias('amount'));
    const users = spark.range(0, right, 1, partitions).select(F.col('id').alias('k'), F.col('id').multiply(2).alias('w'));
    const [row] = await orders
      .join(users, 'k')
      .agg(F.count('*').alias('n'), F.sum(F.col('amount').plus(F.col('w'))).alias('s'))
      .collect();
    count = Number(row.n);
    total = Number(row.s);
  } else {
    const orders = sc.range(0, left, 1, partitions).map((id) => [id % right, id]);
    const users = sc.range(0, right, 1, partitions).map((id) => [id, id * 2]);
    [count, total] = await orders
      .join(users, partitions)
      .aggregate([0, 0], (acc, [, [amount, w]]) => [acc[0] + 1, acc[1] + amount + w], (a, b) => [a[0] + b[0], a[1] + b[1]]);
  }
  return { ms: performance.now() - started, count, total };
}`;
