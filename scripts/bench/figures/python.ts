/**
 * Python's figures: how long a learner's first PySpark program waits for its
 * first task (python_first_task_ms, Python loaded from nothing), and the
 * README's word count in Python against the same program in JavaScript over
 * the same text (python_wordcount_vs_js, both warm, in one run).
 */
import { join } from 'node:path';
import { ensureText } from '../data';
import { median, round } from '../stats';
import { call, type Figure } from './common';

const MB = 1024 * 1024;

/** Runs `action` once to warm every executor (Python's interpreters too), then times it again. */
function jsWordCount(path: string, reps: number): string {
  return `const count = () => sc.textFile(${JSON.stringify(path)}, 4)
  .flatMap((line) => line.toLowerCase().split(/[^a-z']+/))
  .filter((word) => word.length > 0)
  .map((word) => [word, 1])
  .reduceByKey((a, b) => a + b)
  .count();
await count();
for (let i = 0; i < ${reps}; i++) {
  const started = performance.now();
  const words = await count();
  console.log(JSON.stringify({ ms: performance.now() - started, words }));
}
`;
}

function pythonWordCount(path: string, reps: number): string {
  return `import json, re, time
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
def count():
    return (sc.textFile(${JSON.stringify(path)}, 4)
            .flatMap(lambda line: re.split(r"[^a-z']+", line.lower()))
            .filter(lambda word: len(word) > 0)
            .map(lambda word: (word, 1))
            .reduceByKey(lambda a, b: a + b)
            .count())

count()
for _ in range(${reps}):
    started = time.perf_counter()
    words = count()
    print(json.dumps({"ms": (time.perf_counter() - started) * 1000, "words": words}))
`;
}

export const pythonFirstTask: Figure = {
  name: 'python_first_task_ms',
  page: 'bench',
  unit: 'ms',
  target: '<= 4000',
  async run(ctx) {
    const reps = ctx.reps ?? (ctx.quick ? 1 : 3);
    const runs: {
      runningMs: number;
      jobDoneMs: number;
      pythonStartedMs: number;
      phases: Record<string, number>;
      milestones: Record<string, number>;
    }[] = [];
    for (let i = 0; i < reps; i++) {
      // A new browser context each time: nothing in memory or in the HTTP cache, no snapshot.
      const context = await ctx.browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(ctx.pageUrl, { waitUntil: 'load' });
        const result = await call(page, 'pythonColdStart', ctx.fsBase);
        ctx.log(
          `rep ${i + 1}/${reps}: driver's Python up at ${Math.round(result.pythonStartedMs)} ms ` +
            `(${Object.entries(result.phases)
              .map(([phase, ms]) => `${phase} ${ms}`)
              .join(', ')}), first task's function running at ${Math.round(result.runningMs)} ms; ` +
            Object.entries(result.milestones)
              .map(([name, ms]) => `${name} ${ms}`)
              .join(', '),
        );
        runs.push({
          runningMs: round(result.runningMs),
          jobDoneMs: round(result.jobDoneMs),
          pythonStartedMs: round(result.pythonStartedMs),
          phases: result.phases,
          milestones: result.milestones,
        });
      } finally {
        await context.close();
      }
    }
    const value = round(median(runs.map((r) => r.runningMs)), 0);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value <= 4000,
      params: {
        from: 'runProgram() of a .py program on a loaded page, in a fresh browser context (no Python downloaded, no snapshot)',
        to: "the first task's Python function running on its executor (its print's time.time())",
        program: 'sc.parallelize([0], 1).foreach(lambda _: print(time.time() * 1000))',
        executors: 2,
        coresPerExecutor: 2,
      },
      repetitions: runs.length,
      median: {
        runningMs: value,
        pythonStartedMs: round(median(runs.map((r) => r.pythonStartedMs))),
        jobDoneMs: round(median(runs.map((r) => r.jobDoneMs))),
      },
      runs,
    };
  },
};

export const pythonWordcountVsJs: Figure = {
  name: 'python_wordcount_vs_js',
  page: 'bench',
  unit: 'x',
  target: '<= 3',
  async run(ctx) {
    const bytes = ctx.quick ? 2 * MB : 10 * MB;
    const name = `words-${bytes}.txt`;
    await ensureText(join(ctx.dataDir, name), bytes);
    const reps = ctx.reps ?? (ctx.quick ? 1 : 3);
    // A partition per core, and no task timeout: a loaded machine must not turn a slow task into a failure.
    const conf = { 'spark.executor.instances': '2', 'spark.executor.cores': '2', 'kindling.task.timeout': '0' };
    const js = await call(ctx.page, 'timedProgram', jsWordCount(name, reps), 'wordcount.js', conf, ctx.fsBase);
    const py = await call(ctx.page, 'timedProgram', pythonWordCount(name, reps), 'wordcount.py', conf, ctx.fsBase);
    const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as { ms: number; words: number });
    const jsRuns = parse(js);
    const pyRuns = parse(py);
    const answers = new Set([...jsRuns, ...pyRuns].map((r) => r.words));
    if (answers.size !== 1) throw new Error(`Python and JavaScript disagree on the count: ${[...answers].join(', ')}`);
    jsRuns.forEach((r, i) =>
      ctx.log(`rep ${i + 1}/${reps}: JavaScript ${Math.round(r.ms)} ms, Python ${Math.round(pyRuns[i].ms)} ms`),
    );
    const jsMs = median(jsRuns.map((r) => r.ms));
    const pyMs = median(pyRuns.map((r) => r.ms));
    const value = round(pyMs / jsMs, 2);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value <= 3,
      params: {
        bytes,
        words: [...answers][0],
        program: "the README's word count (lower-case, split on [^a-z']+, drop empty, map, reduceByKey, count)",
        warm: 'each program runs its job once first (its executors and their interpreters start), then times the next ones',
        executors: 2,
        coresPerExecutor: 2,
        partitions: 4,
      },
      repetitions: reps,
      median: { pythonMs: round(pyMs), javascriptMs: round(jsMs), ratio: value },
      runs: jsRuns.map((r, i) => ({ javascriptMs: round(r.ms), pythonMs: round(pyRuns[i].ms) })),
    };
  },
};
