/**
 * The examples menu: short programs that each show one thing about how
 * Spark runs a program. Every one runs to the end (the ones about failures
 * catch their error and print it), which a unit test checks.
 */

export interface Example {
  id: string;
  title: string;
  /** One line for the menu. */
  summary: string;
  /** The program in JavaScript. */
  source: string;
  /**
   * The same program as a PySpark script that spark-submit runs as it is (it makes its own
   * SparkContext). Its comments tell PySpark's layout where it differs from Scala's.
   */
  python: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'word-count',
    title: 'Word count',
    summary: 'Two actions over books: a shuffle, a cache, a skipped stage.',
    source: `// Word count over data/books/*.txt (index.json lists the files).
const lines = sc.textFile("data/books/*.txt");
const words = lines
  .flatMap((line) => line.toLowerCase().split(/[^a-z']+/))
  .filter((word) => word.length > 0);
const counts = words
  .map((word) => [word, 1])
  .reduceByKey((a, b) => a + b)
  .cache();

// Each action runs a job; the shuffle cuts this one into two stages.
console.log("distinct words:", await counts.count());

// A second job over the cached counts: its map stage is skipped.
const top = (await counts.collect())
  .sort((a, b) => b[1] - a[1])
  .slice(0, 5);
console.log("most common:", top);

console.log(counts.toDebugString());
`,
    python: `# Word count over data/books/*.txt (index.json lists the files).
import re
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
lines = sc.textFile("data/books/*.txt")
words = (lines
         .flatMap(lambda line: re.split(r"[^a-z']+", line.lower()))
         .filter(lambda word: len(word) > 0))
counts = (words
          .map(lambda word: (word, 1))
          .reduceByKey(lambda a, b: a + b)
          .cache())

# Each action runs a job; the shuffle cuts this one into two stages.
print("distinct words:", counts.count())

# A second job over the cached counts: its map stage is skipped.
top = sorted(counts.collect(), key=lambda pair: -pair[1])[:5]
print("most common:", top)

print(counts.toDebugString().decode())
`,
  },
  {
    id: 'joins',
    title: 'Joins',
    summary: 'join and leftOuterJoin shuffle both sides, unless both are partitioned alike.',
    source: `// Joins: both inputs are shuffled by key into the stage that pairs them up.
const authors = sc.parallelize([
  ["ada", "Ada Lovelace"],
  ["alan", "Alan Turing"],
  ["grace", "Grace Hopper"],
], 2);
const books = sc.parallelize([
  ["ada", "Notes on the Analytical Engine"],
  ["alan", "On Computable Numbers"],
  ["alan", "Computing Machinery and Intelligence"],
  ["edsger", "Go To Statement Considered Harmful"],
], 3);

// join: three stages, one per input plus the one that joins.
console.log(await books.join(authors).collect());

// leftOuterJoin keeps the books whose author is unknown.
console.log(await books.leftOuterJoin(authors).collect());

// Partition both sides by the same partitioner once, and the join needs no shuffle of its own.
const byName = new HashPartitioner(3);
const authorsByName = authors.partitionBy(byName).cache();
const booksByName = books.partitionBy(byName).cache();
console.log(await booksByName.join(authorsByName).count());
`,
    python: `# Joins: PySpark joins as union + groupByKey, so both inputs meet in one shuffle.
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
authors = sc.parallelize([
    ("ada", "Ada Lovelace"),
    ("alan", "Alan Turing"),
    ("grace", "Grace Hopper"),
], 2)
books = sc.parallelize([
    ("ada", "Notes on the Analytical Engine"),
    ("alan", "On Computable Numbers"),
    ("alan", "Computing Machinery and Intelligence"),
    ("edsger", "Go To Statement Considered Harmful"),
], 3)

# join: one map stage over both inputs (their union: 5 tasks), one stage that pairs them up.
print(books.join(authors).collect())

# leftOuterJoin keeps the books whose author is unknown.
print(books.leftOuterJoin(authors).collect())

# Partition both sides alike once: the join's union keeps that partitioner, so no new shuffle.
authors_by_name = authors.partitionBy(3).cache()
books_by_name = books.partitionBy(3).cache()
print(books_by_name.join(authors_by_name).count())
`,
  },
  {
    id: 'caching',
    title: 'Caching and skipped stages',
    summary: 'A later job reuses shuffle output and cached partitions.',
    source: `// Caching and skipped stages: later jobs reuse what earlier jobs left behind.
const words = sc.textFile("data/books/*.txt")
  .flatMap((line) => line.toLowerCase().split(/[^a-z']+/))
  .filter((word) => word.length > 0);
const counts = words.map((word) => [word, 1]).reduceByKey((a, b) => a + b);

console.log("distinct words:", await counts.count());
// Job 1 needs the same shuffle: its map output still exists, so that stage is skipped.
console.log("top 3:", await counts.top(3, ([, n]) => n));

// cache() keeps computed partitions in the executors' memory, from the first job that computes them.
const longWords = words.filter((word) => word.length > 6).cache();
console.log("long words:", await longWords.count());
// This job reads the cached partitions (see the Storage Level in the lineage below).
console.log("distinct long words:", await longWords.distinct().count());
console.log(longWords.toDebugString());
`,
    python: `# Caching and skipped stages: later jobs reuse what earlier jobs left behind.
import re
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
words = (sc.textFile("data/books/*.txt")
         .flatMap(lambda line: re.split(r"[^a-z']+", line.lower()))
         .filter(lambda word: len(word) > 0))
counts = words.map(lambda word: (word, 1)).reduceByKey(lambda a, b: a + b)

print("distinct words:", counts.count())
# The next job needs the same shuffle: its map output still exists, so that stage is skipped.
print("top 3:", counts.top(3, key=lambda pair: pair[1]))

# cache() keeps computed partitions in the executors' memory, from the first job that computes them.
long_words = words.filter(lambda word: len(word) > 6).cache()
print("long words:", long_words.count())
# This job reads the cached partitions (see the Storage Level in the lineage below).
print("distinct long words:", long_words.distinct().count())
print(long_words.toDebugString().decode())
`,
  },
  {
    id: 'partitioner-reuse',
    title: 'Partitioner reuse',
    summary: 'partitionBy once, then key operations skip the shuffle; map forgets the partitioner.',
    source: `// Partitioner reuse: an operation that groups by key skips the shuffle
// when its input is already partitioned by an equal partitioner.
const sales = sc.parallelize([
  ["tea", 3], ["cake", 5], ["tea", 2],
  ["bread", 4], ["cake", 1], ["tea", 7],
], 3);

const byProduct = sales.partitionBy(2).cache(); // the one shuffle
const totals = byProduct.reduceByKey((a, b) => a + b); // no shuffle: same partitioner
console.log(await totals.collect());

// mapValues cannot change keys, so it keeps the partitioner...
const doubled = byProduct.mapValues((n) => n * 2).reduceByKey((a, b) => a + b);
console.log(await doubled.collect());

// ...but map might change them, so it drops it: this reduceByKey shuffles again.
const remapped = byProduct.map(([product, n]) => [product, n * 2]).reduceByKey((a, b) => a + b);
console.log(await remapped.collect());
`,
    python: `# Partitioner reuse: an operation that groups by key skips the shuffle
# when its input is already partitioned by an equal partitioner.
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
sales = sc.parallelize([
    ("tea", 3), ("cake", 5), ("tea", 2),
    ("bread", 4), ("cake", 1), ("tea", 7),
], 3)

by_product = sales.partitionBy(2).cache()  # the one shuffle
totals = by_product.reduceByKey(lambda a, b: a + b)  # no shuffle: same partitioner
print(totals.collect())

# mapValues cannot change keys, so it keeps the partitioner...
doubled = by_product.mapValues(lambda n: n * 2).reduceByKey(lambda a, b: a + b)
print(doubled.collect())

# ...but map might change them, so it drops it: this reduceByKey shuffles again.
remapped = by_product.map(lambda pair: (pair[0], pair[1] * 2)).reduceByKey(lambda a, b: a + b)
print(remapped.collect())
`,
  },
  {
    id: 'skew',
    title: 'Skew',
    summary: 'One hot key makes one task do most of the work; salting spreads it.',
    source: `// Skew: 80% of the visits are to "home", so one task gets 80% of the records.
const visits = sc.parallelize(
  Array.from({ length: 20000 }, (_, i) => [i % 10 < 8 ? "home" : \`page-\${i % 40}\`, 1]),
  8,
);

// Some work per record, so the imbalance shows on the timeline.
const weigh = (views) => {
  let total = 0;
  for (const n of views) for (let i = 0; i < 300; i++) total += n;
  return total / 300;
};

// groupByKey sends every record of a key to one task: see stage 1's Summary Metrics and the timeline.
console.log(await visits.groupByKey(4).mapValues(weigh).collect());

// Salting: split the hot key over several sub-keys, combine them, then merge the parts.
const salted = visits
  .mapPartitionsWithIndex(function* (index, records) {
    let i = index;
    for (const [page, n] of records) yield [\`\${page}#\${i++ % 4}\`, n];
  })
  .groupByKey(4)
  .mapValues(weigh)
  .map(([key, n]) => [key.split("#")[0], n])
  .reduceByKey((a, b) => a + b);
console.log(await salted.collect());
`,
    python: `# Skew: 80% of the visits are to "home", so one task gets 80% of the records.
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
visits = sc.parallelize(
    [("home" if i % 10 < 8 else f"page-{i % 40}", 1) for i in range(20000)],
    8,
)

# Some work per record, so the imbalance shows on the timeline.
def weigh(views):
    total = 0
    for n in views:
        for _ in range(30):
            total += n
    return total / 30

# groupByKey sends every record of a key to one task: see stage 1's Summary Metrics and the timeline.
print(visits.groupByKey(4).mapValues(weigh).collect())

# Salting: split the hot key over several sub-keys, combine them, then merge the parts.
def salt(index, records):
    i = index
    for page, n in records:
        yield (f"{page}#{i % 4}", n)
        i += 1

salted = (visits
          .mapPartitionsWithIndex(salt)
          .groupByKey(4)
          .mapValues(weigh)
          .map(lambda pair: (pair[0].split("#")[0], pair[1]))
          .reduceByKey(lambda a, b: a + b))
print(salted.collect())
`,
  },
  {
    id: 'failing-task',
    title: 'A failing task',
    summary: 'A failed task is retried; one that always fails aborts its job.',
    source: `// A failed task is retried, up to spark.task.maxFailures (4) attempts in all.
const numbers = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 4);

// Partition 2 fails on its first attempt only: the retry succeeds (see the Tasks table).
const flaky = numbers.map((n) => {
  const task = TaskContext.get();
  if (task.partitionId() === 2 && task.attemptNumber() === 0) throw new Error(\`flaky read of \${n}\`);
  return n * 10;
});
console.log(await flaky.collect());

// A record that always fails: four attempts, then the job is aborted.
try {
  await numbers.map((n) => {
    if (n === 5) throw new Error("bad record: 5");
    return n;
  }).count();
} catch (error) {
  console.log(error.message);
}
`,
    python: `# A failed task is retried, up to spark.task.maxFailures (4) attempts in all.
from pyspark import SparkContext, TaskContext

sc = SparkContext.getOrCreate()
numbers = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 4)

# Partition 2 fails on its first attempt only: the retry succeeds (see the Tasks table).
def flaky(n):
    task = TaskContext.get()
    if task.partitionId() == 2 and task.attemptNumber() == 0:
        raise IOError(f"flaky read of {n}")
    return n * 10

print(numbers.map(flaky).collect())

# A record that always fails: four attempts, then the job is aborted.
def strict(n):
    if n == 5:
        raise ValueError("bad record: 5")
    return n

try:
    numbers.map(strict).count()
except Exception as error:
    # PySpark's message: the job's failure, then the last attempt's Python traceback.
    for line in str(error).splitlines():
        if "Job aborted" in line or line.startswith("ValueError"):
            print(line)
`,
  },
  {
    id: 'executor-logs',
    title: 'foreach prints on executors',
    summary: 'Code in tasks runs on executors: its output is in their logs.',
    source: `// foreach runs on the executors: what it prints lands in their logs, not here.
const letters = sc.parallelize(["a", "b", "c", "d", "e", "f"], 3);
await letters.foreach((letter) =>
  console.log("saw", letter, "in partition", TaskContext.get().partitionId()),
);
console.log("The driver printed this. The 'saw …' lines are in the executor logs.");

// collect brings the elements to the driver, where console.log prints here.
for (const letter of await letters.collect()) console.log("collected", letter);
`,
    python: `# foreach runs on the executors: what it prints lands in their logs, not here.
from pyspark import SparkContext, TaskContext

sc = SparkContext.getOrCreate()
letters = sc.parallelize(["a", "b", "c", "d", "e", "f"], 3)
letters.foreach(lambda letter: print("saw", letter, "in partition", TaskContext.get().partitionId()))
print("The driver printed this. The 'saw …' lines are in the executor logs.")

# collect brings the elements to the driver, where print prints here.
for letter in letters.collect():
    print("collected", letter)
`,
  },
  {
    id: 'not-serializable',
    title: 'Task not serializable',
    summary: 'A function sent to executors carries its variables; sc cannot travel.',
    source: `// A function sent to executors carries the variables it uses.
// Some values cannot travel, like the SparkContext itself.
const numbers = sc.parallelize([1, 2, 3, 4], 2);
try {
  console.log(await numbers.map((n) => n * sc.defaultParallelism).collect());
} catch (error) {
  console.log(error.message);
}

// The fix: read the value on the driver, and capture the plain number.
const parallelism = sc.defaultParallelism;
console.log(await numbers.map((n) => n * parallelism).collect());
`,
    python: `# A function sent to executors carries the variables it uses.
# Some values cannot travel, like the SparkContext itself.
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
numbers = sc.parallelize([1, 2, 3, 4], 2)
try:
    print(numbers.map(lambda n: n * sc.defaultParallelism).collect())
except Exception as error:
    print(str(error).splitlines()[0])

# The fix: read the value on the driver, and capture the plain number.
parallelism = sc.defaultParallelism
print(numbers.map(lambda n: n * parallelism).collect())
`,
  },
  {
    id: 'extra-jobs',
    title: 'Jobs you did not ask for',
    summary: "sortByKey's sampling job, take's incremental scans, zipWithIndex's count.",
    source: `// Some operations run jobs of their own.
const scores = sc.parallelize([
  ["eve", 81], ["bob", 67], ["amy", 93], ["dan", 72], ["cat", 88],
], 3);

// sortByKey builds a RangePartitioner, which samples the keys with a job, right here.
const byName = scores.sortByKey();
console.log(await byName.collect());

// take reads 1 partition, then more while it still lacks rows.
const rare = sc.range(0, 1000, 1, 10).filter((n) => n % 97 === 0);
console.log(await rare.take(5));

// zipWithIndex counts every partition but the last with a job, to number the elements.
console.log(await scores.keys().zipWithIndex().collect());
`,
    python: `# Some operations run jobs of their own.
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
scores = sc.parallelize([
    ("eve", 81), ("bob", 67), ("amy", 93), ("dan", 72), ("cat", 88),
], 3)

# PySpark's sortByKey counts the input and samples its keys, two jobs, right here.
by_name = scores.sortByKey()
print(by_name.collect())

# take reads 1 partition, then more while it still lacks rows.
rare = sc.range(0, 1000, 1, 10).filter(lambda n: n % 97 == 0)
print(rare.take(5))

# zipWithIndex counts every partition but the last with a job, to number the elements.
print(scores.keys().zipWithIndex().collect())
`,
  },
  {
    id: 'text-splits',
    title: 'How textFile splits files',
    summary: "Hadoop's FileInputFormat: one split per small file, more when asked.",
    source: `// textFile splits like Hadoop's FileInputFormat: each file is at least one split,
// and a file bigger than (total size ÷ minPartitions) is cut into several.
const books = sc.textFile("data/books/*.txt");
console.log("default:", books.getNumPartitions(), "partitions");

const finer = sc.textFile("data/books/*.txt", 8);
console.log("minPartitions 8:", finer.getNumPartitions(), "partitions");
// Lines per partition: a split ends at a line break, so lines are never cut in two.
console.log(await finer.glom().map((lines) => lines.length).collect());
`,
    python: `# textFile splits like Hadoop's FileInputFormat: each file is at least one split,
# and a file bigger than (total size ÷ minPartitions) is cut into several.
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
books = sc.textFile("data/books/*.txt")
print("default:", books.getNumPartitions(), "partitions")

finer = sc.textFile("data/books/*.txt", 8)
print("minPartitions 8:", finer.getNumPartitions(), "partitions")
# Lines per partition: a split ends at a line break, so lines are never cut in two.
print(finer.glom().map(len).collect())
`,
  },
  {
    id: 'shared-variables',
    title: 'Broadcasts and accumulators',
    summary: 'Ship a lookup table once per executor; count on the side.',
    source: `// A broadcast ships a value once per executor; an accumulator adds up counts from tasks.
const stopWords = sc.broadcast(["the", "a", "an", "and", "of", "to", "in"]);
const dropped = sc.longAccumulator("stop words dropped");

const kept = sc.textFile("data/books/*.txt")
  .flatMap((line) => line.toLowerCase().split(/[^a-z']+/))
  .filter((word) => {
    if (stopWords.value.includes(word)) {
      dropped.add(1);
      return false;
    }
    return word.length > 0;
  });

console.log("words kept:", await kept.count());
console.log("stop words dropped:", dropped.value);
`,
    python: `# A broadcast ships a value once per executor; an accumulator adds up counts from tasks.
import re
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
stop_words = sc.broadcast({"the", "a", "an", "and", "of", "to", "in"})
dropped = sc.accumulator(0)

def keep(word):
    if word in stop_words.value:
        dropped.add(1)
        return False
    return len(word) > 0

kept = (sc.textFile("data/books/*.txt")
        .flatMap(lambda line: re.split(r"[^a-z']+", line.lower()))
        .filter(keep))

print("words kept:", kept.count())
print("stop words dropped:", dropped.value)
`,
  },
  {
    id: 'lost-executor',
    title: 'A lost executor',
    summary: 'Shuffle files die with their executor; only the lost map tasks re-run.',
    source: `// Killing an executor loses its shuffle files: the next job re-runs only
// the map tasks whose output lived there. (Try the Faults panel during a run, too.)
const counts = sc.parallelize(["a", "b", "c", "d", "e", "f", "g", "h"], 4)
  .map((letter) => [letter, 1])
  .reduceByKey((a, b) => a + b, 2);
console.log(await counts.count());

console.log("killed executor 0:", await sc.killExecutor("0"));
// Stage 2 re-runs the lost map partitions; the rest of the map output is reused.
console.log(await counts.count());
`,
    python: `# Killing an executor loses its shuffle files: the next job re-runs only
# the map tasks whose output lived there. (Try the Faults panel during a run, too.)
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
counts = (sc.parallelize(["a", "b", "c", "d", "e", "f", "g", "h"], 4)
          .map(lambda letter: (letter, 1))
          .reduceByKey(lambda a, b: a + b, 2))
print(counts.count())

print("killed executor 0:", sc.killExecutor("0"))
# Stage 2 re-runs the lost map partitions; the rest of the map output is reused.
print(counts.count())
`,
  },
];

/** The example a first visit starts with. */
export const DEFAULT_EXAMPLE = EXAMPLES[0];
