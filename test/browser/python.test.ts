/**
 * PySpark programs through the driver worker, as the playground and the
 * headless runner run them: real Pyodide, real workers and IndexedDB.
 */
import { describe, expect, test } from 'vitest';
import type { EventJson } from '../support/event-json';
import { runProgram } from '../../engine/runner/program-host';
import { fromLoggable } from '../../engine/runner/loggable';
import type { HostMessage, ProgramError } from '../../engine/runner/protocol';
import { PYODIDE_FOLDER } from '../../engine/python/version';
import { EXAMPLES } from '../../playground/examples';

const fsBase = new URL('/test/browser/fixtures/fs/', location.origin).href;
const pythonExec = new URL(`/${PYODIDE_FOLDER}`, location.origin).href;

interface Result {
  stdout: string[];
  executorLogs: { executorId: string; text: string }[];
  events: EventJson[];
  started: { from: string; ms: number; phases: Record<string, number> } | null;
  error: ProgramError | null;
}

/** Whether a Python program already ran in this page: its snapshot then starts every later one (program-host.ts). */
let pythonRan = false;

/**
 * Runs a program in this page and checks where its Python came from: the page's first Python program restores the
 * snapshot the site ships (scripts/python-snapshot.ts, served by vite-pyodide.ts), every later one the page's;
 * `fromScratch` starts CPython from scratch, as where the site has none.
 */
async function run(
  source: string,
  conf: Record<string, string> = {},
  where: { fileName: string; fsBase: string } = { fileName: 'prog.py', fsBase },
  fromScratch = false,
): Promise<Result> {
  const out: Result = { stdout: [], executorLogs: [], events: [], started: null, error: null };
  const from = fromScratch ? 'scratch' : pythonRan ? 'snapshot' : 'prebuilt';
  const options = { source, ...where, conf, pythonExec, pythonFromScratch: fromScratch };
  const r = runProgram(options, (m: HostMessage) => {
    if (m.type === 'stdout') out.stdout.push(String(fromLoggable(m.args)[0]));
    else if (m.type === 'executor-log')
      out.executorLogs.push({ executorId: m.executorId, text: String(fromLoggable(m.args)[0]) });
    else if (m.type === 'event') out.events.push(m.event as EventJson);
    else if (m.type === 'python-started') out.started = { from: m.from, ms: m.ms, phases: m.phases };
    else if (m.type === 'done' && !m.ok) out.error = m.error;
  });
  await r.done;
  pythonRan ||= out.started !== null;
  expect(out.started?.from, `where ${where.fileName}'s Python came from`).toBe(from);
  // Pyodide's WebAssembly is compiled by the page's first Python driver (or one given no page snapshot), which hands
  // it to its executors' threads and, through the page, to every later driver (compiled-runtime.ts).
  expect('compile' in out.started!.phases, `whether ${where.fileName}'s driver compiled the runtime`).toBe(
    from !== 'snapshot',
  );
  return out;
}

const wordCount = `
from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("wc").getOrCreate()
lines = spark.sparkContext.textFile("data/*.txt")
counts = lines.flatMap(lambda l: l.split()).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)
print(len(counts.collect()), lines.getNumPartitions())
`;

describe('Python programs', () => {
  // Every run in this file checks where its Python came from (see run): the first from the site's snapshot, each
  // later one from the page's.
  test('a word count runs with its splits, a map and a reduce stage', async () => {
    const r = await run(wordCount);
    expect(r.error).toBeNull();
    // The distinct words of the two fixture files, counted here, and the 3 splits they make.
    const texts = await Promise.all(
      ['lines-a.txt', 'lines-b.txt'].map(async (name) => (await fetch(new URL(`data/${name}`, fsBase))).text()),
    );
    const words = new Set(texts.join('\n').split(/\s+/).filter(Boolean));
    expect(r.stdout).toEqual([`${words.size} 3`]);
    // 3 splits of the fixture files, a map and a reduce stage of 3 tasks each.
    const stages = r.events.filter((e) => e.Event === 'SparkListenerStageCompleted');
    expect(stages.map((e) => e['Stage Info']['Number of Tasks'])).toEqual([3, 3]);
  }, 240_000);

  test('Python runs on two task threads of one executor, each with an interpreter of its own', async () => {
    const r = await run(
      `
from pyspark import SparkContext, TaskContext
import builtins, random, time, uuid
sc = SparkContext.getOrCreate()
def token(_):
    # Holds the core a moment, so that the two tasks surely overlap.
    time.sleep(0.3)
    # One value per interpreter: set by the first task a thread's Python runs, kept by it.
    return builtins.__dict__.setdefault("kindling_test_token", uuid.uuid4().hex), random.random()
# The executor offers its two cores once both threads have their Python: the first job's tasks run one on each.
tokens = sc.parallelize(range(2), 2).map(token).collect()
print(len(set(t for t, _ in tokens)))
# Every interpreter restored from the driver's snapshot seeds random afresh, as CPython does after fork().
print(len({random.random()} | set(r for _, r in tokens)))
`,
      { 'spark.executor.instances': '1', 'spark.executor.cores': '2' },
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toEqual(['2', '3']);
    const ends = r.events.filter((e) => e.Event === 'SparkListenerTaskEnd');
    expect(ends).toHaveLength(2);
    expect(new Set(ends.map((e) => e['Task Info']['Executor ID']))).toEqual(new Set(['0']));
    // Both tasks were launched before either ended: the executor's two threads had one each.
    const [a, b] = ends.map((e) => e['Task Info']);
    expect(Math.max(a['Launch Time'], b['Launch Time'])).toBeLessThan(Math.min(a['Finish Time'], b['Finish Time']));
  }, 240_000);

  test('a runaway Python task is stopped, the job fails, and the program goes on', async () => {
    const r = await run(
      `
from pyspark import SparkContext
from py4j.protocol import Py4JJavaError
sc = SparkContext.getOrCreate()
def spin(x):
    while True:
        pass
try:
    sc.parallelize([1], 1).map(spin).collect()
except Py4JJavaError as e:
    print("stopped:", "kindling.task.timeout" in str(e))
print(sc.parallelize([1, 2, 3], 1).sum())
`,
      { 'kindling.task.timeout': '4s', 'spark.task.maxFailures': '1' },
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toEqual(['stopped: True', '6']);
    const failed = r.events.filter(
      (e) => e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason !== 'Success',
    );
    expect(failed).toHaveLength(1);
  }, 240_000);

  test('where the site ships no snapshot, the driver starts CPython from scratch and makes one', async () => {
    // Only the driver's Python (no job, so no executors): the start-up is the cost. The examples below then start
    // from the snapshot this run made, their executors too.
    const r = await run(
      'from pyspark import SparkConf\nprint(SparkConf().setAppName("cold").get("spark.app.name"))\n',
      {},
      undefined,
      true,
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toEqual(['cold']);
  }, 240_000);
});

describe("the playground's examples in Python", () => {
  // public/ is the site root in Vitest's browser mode, so data/books/*.txt resolves as in the playground.
  const siteRoot = new URL('/', location.origin).href;

  // Three of the twelve, whose comments state a layout where PySpark's differs from Scala's: each
  // run costs seconds of interpreter start-up on its executors, too much to run all twelve every
  // time (the others were run through `kindling run` when they were written).
  const checked = ['word-count', 'joins', 'extra-jobs'];

  test('Python examples run to the end on a warm page, with PySpark’s layouts where their comments say', async () => {
    const layouts = new Map<string, number[][]>();
    for (const example of EXAMPLES.filter((e) => checked.includes(e.id))) {
      const out = await run(example.python, {}, { fileName: 'playground.py', fsBase: siteRoot });
      expect(out.error, example.id).toBeNull();
      expect(out.stdout.length, example.id).toBeGreaterThan(0);
      // Per job, the task counts of the stages that ran.
      const ran = new Map<number, number>();
      for (const e of out.events)
        if (e.Event === 'SparkListenerStageCompleted')
          ran.set(e['Stage Info']['Stage ID'], e['Stage Info']['Number of Tasks']);
      layouts.set(
        example.id,
        out.events
          .filter((e) => e.Event === 'SparkListenerJobStart')
          .map((e) => (e['Stage IDs'] as number[]).filter((id) => ran.has(id)).map((id) => ran.get(id)!)),
      );
    }
    // Word count: the second job skips its map stage (the shuffle's output and the cache are there).
    expect(layouts.get('word-count')).toEqual([[4, 4], [4]]);
    // PySpark's join is a union and one shuffle (pyspark/join.py): one map stage over both inputs
    // (2 + 3 tasks) into as many partitions as the union has (RDD._defaultReducePartitions).
    expect(layouts.get('joins')?.slice(0, 2)).toEqual([
      [5, 5],
      [5, 5],
    ]);
    // Partitioned alike, the union keeps the partitioner and the join adds no shuffle: the two
    // partitionBy map stages (2 and 3 tasks) and the join's 3 tasks.
    expect([...(layouts.get('joins')?.[2] ?? [])].sort()).toEqual([2, 3, 3]);
    // PySpark's sortByKey runs a count job and a sample job before its own.
    expect(
      layouts
        .get('extra-jobs')
        ?.slice(0, 3)
        .map((stages) => stages.length),
    ).toEqual([1, 1, 2]);
  }, 300_000);
});
