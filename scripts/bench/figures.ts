/**
 * The figures `npm run bench` reports: how each is measured, against which
 * baseline, and what answer both sides must agree on.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import type { RunnerServer } from '../../engine/runner/server';
import type { BenchApi } from './bench-page';
import type { FrameStats, ViewsApi } from './views-page';
import type { PageName } from './build';
import { cpuSince, threadCpuTimes, type ThreadCpu } from './cpu';
import { ensureText } from './data';
import { digestCounts, type CountDigest } from './digest';
import { GROUP_STEP, SPILL_STEP, TASKS_STEP, WORDCOUNT_STEP } from './programs';
import { median, round } from './stats';

export interface FigureContext {
  browser: Browser;
  /** A fresh page of a fresh browser context, already at the figure's page (unless it is the playground). */
  page: Page;
  pageUrl: string;
  server: RunnerServer;
  /** Served under `fsBase`: the generated inputs. */
  dataDir: string;
  fsBase: string;
  /** Repetitions asked for on the command line, or null for the figure's own default. */
  reps: number | null;
  quick: boolean;
  log(message: string): void;
}

export interface FigureResult {
  figure: string;
  /** The figure itself; null when it could not be measured. */
  value: number | null;
  unit: string;
  target: string;
  /** Whether the target was reached; null when there is no value. */
  met: boolean | null;
  params: Record<string, unknown>;
  repetitions: number;
  /** Medians of every measured quantity, by name (milliseconds unless the name says otherwise). */
  median: Record<string, number>;
  /** Each repetition's measurements, in order. */
  runs?: object[];
  notes?: string[];
  error?: string;
  /** The machine's one-minute load average when the figure started and ended (other work competing for the cores). */
  loadAverage?: { before: number; after: number };
}

export interface Figure {
  name: string;
  page: PageName;
  unit: string;
  target: string;
  run(ctx: FigureContext): Promise<FigureResult>;
}

/** Calls a method of the bench page's `window.kindlingBench`. */
async function call<K extends keyof BenchApi>(
  page: Page,
  method: K,
  ...args: Parameters<BenchApi[K]>
): Promise<Awaited<ReturnType<BenchApi[K]>>> {
  return page.evaluate(
    ([name, params]) => {
      const fn = window.kindlingBench[name] as (...a: unknown[]) => unknown;
      return fn(...(params as unknown[]));
    },
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<BenchApi[K]>>>;
}

/**
 * Starts a stepped driver program, runs `body` with its id, and stops it. An
 * error from `body` wins over one from stopping; a program that failed while
 * stopping fails the figure too.
 */
async function withProgram<T>(
  ctx: FigureContext,
  stepSource: string,
  conf: Record<string, string>,
  body: (program: number) => Promise<T>,
  beforeStop?: () => Promise<void>,
): Promise<T> {
  const program = await call(ctx.page, 'startProgram', stepSource, conf, ctx.fsBase);
  let result: T;
  try {
    result = await body(program);
  } catch (error) {
    await beforeStop?.().catch(() => {});
    await call(ctx.page, 'stopProgram', program).catch(() => {});
    throw error;
  }
  await beforeStop?.();
  const stopped = await call(ctx.page, 'stopProgram', program);
  if (!stopped.ok) throw new Error(`the engine's program failed: ${stopped.error}`);
  return result;
}

/** Calls a method of the views page's `window.kindlingViews`. */
async function callViews<K extends keyof ViewsApi>(
  page: Page,
  method: K,
  ...args: Parameters<ViewsApi[K]>
): Promise<Awaited<ReturnType<ViewsApi[K]>>> {
  return page.evaluate(
    ([name, params]) => {
      const fn = window.kindlingViews[name] as (...a: unknown[]) => unknown;
      return fn(...(params as unknown[]));
    },
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<ViewsApi[K]>>>;
}

function sameCount(a: CountDigest, b: CountDigest): boolean {
  return a.digest === b.digest && a.total === b.total && a.distinct === b.distinct;
}

const MB = 1024 * 1024;

/** The word-count text, generated once per size. */
async function wordsFile(ctx: FigureContext): Promise<{ path: string; bytes: number }> {
  const bytes = ctx.quick ? 5 * MB : 50 * MB;
  const name = `words-${bytes}.txt`;
  await ensureText(join(ctx.dataDir, name), bytes);
  return { path: name, bytes };
}

/**
 * The word count through the engine against the hand loop, alternating: a
 * warm-up of each first (not counted), then `reps` pairs. The engine's
 * executors stay up between its repetitions, as the loop's page or worker does.
 */
async function wordcountPairs(
  ctx: FigureContext,
  conf: Record<string, string>,
  baseline: 'loopOnPage' | 'loopInWorker',
  defaultReps: number,
): Promise<{
  params: Record<string, unknown>;
  runs: WordcountRun[];
  answer: CountDigest;
}> {
  const { path, bytes } = await wordsFile(ctx);
  const reps = ctx.reps ?? (ctx.quick ? 2 : defaultReps);
  const url = `${ctx.fsBase}${path}`;
  const runs: WordcountRun[] = [];
  let answer: CountDigest | null = null;
  await withProgram(
    ctx,
    WORDCOUNT_STEP,
    conf,
    async (program) => {
      for (let i = -1; i < reps; i++) {
        const beforeLoop = threadCpuTimes();
        const loop = await call(ctx.page, baseline, url);
        const loopCpu = rendererThreads(cpuSince(beforeLoop));
        const beforeEngine = threadCpuTimes();
        const engine = (await call(ctx.page, 'step', program, { path })) as { ms: number; answer: CountDigest };
        const engineCpu = rendererThreads(cpuSince(beforeEngine));
        const parallel = baseline === 'loopOnPage' ? await call(ctx.page, 'loopInTwoWorkers', url) : null;
        if (parallel && !sameCount(parallel.answer, loop.answer))
          throw new Error(`the hand-parallel loop disagrees: ${JSON.stringify(parallel.answer)}`);
        answer ??= loop.answer;
        if (!sameCount(loop.answer, answer) || !sameCount(engine.answer, answer))
          throw new Error(
            `the two sides disagree: loop ${JSON.stringify(loop.answer)}, engine ${JSON.stringify(engine.answer)}`,
          );
        ctx.log(
          `${i < 0 ? 'warm-up' : `rep ${i + 1}/${reps}`}: loop ${Math.round(loop.ms)} ms, engine ${Math.round(engine.ms)} ms`,
        );
        if (i >= 0)
          runs.push({
            baselineMs: round(loop.ms),
            baselineReadMs: round(loop.readMs),
            engineMs: round(engine.ms),
            baselineCpuMsByThread: loopCpu,
            engineCpuMsByThread: engineCpu,
            ...(parallel
              ? {
                  handParallelSpeedup: round((loop.ms - loop.readMs) / parallel.ms, 2),
                  handParallelMs: round(parallel.ms),
                }
              : {}),
          });
      }
    },
    () => call(ctx.page, 'stopLoopWorker'),
  );
  return {
    params: {
      inputBytes: bytes,
      words: answer!.total,
      distinctWords: answer!.distinct,
      executors: Number(conf['spark.executor.instances']),
      coresPerExecutor: Number(conf['spark.executor.cores']),
      conf,
      textFilePartitions: 'default (min(defaultParallelism, 2) = 2 splits)',
      warmup: 1,
    },
    runs,
    answer: answer!,
  };
}

/** One repetition of a word-count figure: wall times, and CPU time by thread (from /proc, Linux only). */
interface WordcountRun {
  baselineMs: number;
  baselineReadMs: number;
  engineMs: number;
  baselineCpuMsByThread: Record<string, number>;
  engineCpuMsByThread: Record<string, number>;
  /**
   * The same loop split by hand over two workers (reading not timed), against
   * the loop's own counting time: how much two threads can gain on this machine.
   */
  handParallelSpeedup?: number;
  handParallelMs?: number;
}

/**
 * CPU time of the work in a repetition: the busiest thread for the loop (the
 * page or its worker), and every Web Worker for the engine (the driver and
 * the executors). Null without /proc.
 */
function cpuTotals(run: WordcountRun): { baselineCpuMs: number; engineCpuMs: number } | null {
  const loop = Math.max(
    0,
    ...Object.entries(run.baselineCpuMsByThread)
      .filter(([k]) => /^(page|worker)/.test(k))
      .map(([, v]) => v),
  );
  const engine = Object.entries(run.engineCpuMsByThread)
    .filter(([k]) => k.startsWith('worker'))
    .reduce((a, [, v]) => a + v, 0);
  return loop > 0 && engine > 0 ? { baselineCpuMs: loop, engineCpuMs: engine } : null;
}

/**
 * Both splits of the 50 MB file start in its first 32 MiB block, and with the
 * default single replica both prefer the one host holding it: delay
 * scheduling (spark.locality.wait, 3 s) would keep the second executor idle
 * for longer than a split takes, as Spark would. Two replicas put the block
 * on both hosts (as HDFS's three would on a two-host cluster), so each
 * executor reads its split node-locally.
 */
const WORDCOUNT_CONF = { 'kindling.dfs.replication': '2' };

const wordcountSpeedup: Figure = {
  name: 'wordcount_speedup',
  page: 'bench',
  unit: '× (loop time / engine time)',
  target: '>= 1.6',
  async run(ctx) {
    const conf = { 'spark.executor.instances': '2', 'spark.executor.cores': '1', ...WORDCOUNT_CONF };
    const { params, runs } = await wordcountPairs(ctx, conf, 'loopOnPage', 5);
    const value = round(median(runs.map((r) => r.baselineMs / r.engineMs)), 2);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value >= 1.6,
      params: {
        ...params,
        baseline: 'hand-written loop on the page thread, same file over HTTP, same tokenizer',
        handParallel:
          'context, not a baseline: the loop split by hand over two workers, counting time only (the file fetched beforehand), against the page loop counting time',
      },
      repetitions: runs.length,
      median: {
        baselineMs: round(median(runs.map((r) => r.baselineMs))),
        baselineReadMs: round(median(runs.map((r) => r.baselineReadMs))),
        engineMs: round(median(runs.map((r) => r.engineMs))),
        ratio: value,
        ...cpuMedians(runs),
        handParallelSpeedup: round(median(runs.map((r) => r.handParallelSpeedup ?? NaN)), 2),
      },
      runs,
    };
  },
};

const engineOverhead: Figure = {
  name: 'engine_overhead_1core',
  page: 'bench',
  unit: '× (engine time / loop time)',
  target: '<= 1.3',
  async run(ctx) {
    const conf = { 'spark.executor.instances': '1', 'spark.executor.cores': '1', ...WORDCOUNT_CONF };
    const { params, runs } = await wordcountPairs(ctx, conf, 'loopInWorker', 5);
    const value = round(median(runs.map((r) => r.engineMs / r.baselineMs)), 2);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value <= 1.3,
      params: { ...params, baseline: 'the same hand-written loop inside one Web Worker' },
      repetitions: runs.length,
      median: {
        baselineMs: round(median(runs.map((r) => r.baselineMs))),
        baselineReadMs: round(median(runs.map((r) => r.baselineReadMs))),
        engineMs: round(median(runs.map((r) => r.engineMs))),
        ratio: value,
        ...cpuMedians(runs),
      },
      runs,
    };
  },
};

/** Medians of the CPU totals (see cpuTotals), when /proc gave them. */
function cpuMedians(runs: WordcountRun[]): Record<string, number> {
  const totals = runs.map(cpuTotals).filter((t) => t !== null);
  if (totals.length === 0) return {};
  return {
    baselineCpuMs: median(totals.map((t) => t.baselineCpuMs)),
    engineCpuMs: median(totals.map((t) => t.engineCpuMs)),
    engineCpuOverBaselineCpu: round(median(totals.map((t) => t.engineCpuMs / t.baselineCpuMs)), 2),
  };
}

const tasksPerSecond: Figure = {
  name: 'tasks_per_second',
  page: 'bench',
  unit: 'tasks/s',
  target: '>= 3000',
  async run(ctx) {
    const tasks = ctx.quick ? 2_000 : 10_000;
    const reps = ctx.reps ?? (ctx.quick ? 2 : 3);
    const conf = { 'spark.executor.instances': '2', 'spark.executor.cores': '2' };
    const runs: { ms: number; tasksPerSecond: number; cpuMsByThread: Record<string, number> }[] = [];
    await withProgram(ctx, TASKS_STEP, conf, async (program) => {
      for (let i = -1; i < reps; i++) {
        const since = await call(ctx.page, 'eventCount', program);
        const before = (await call(ctx.page, 'eventCounts', program)).SparkListenerTaskEnd ?? 0;
        const cpuBefore = threadCpuTimes();
        const result = (await call(ctx.page, 'step', program, { tasks })) as { ms: number; count: number };
        const cpu = rendererThreads(cpuSince(cpuBefore));
        await call(ctx.page, 'jobsEnded', program, since, 1);
        const ended = ((await call(ctx.page, 'eventCounts', program)).SparkListenerTaskEnd ?? 0) - before;
        if (result.count !== tasks || ended !== tasks)
          throw new Error(
            `expected ${tasks} tasks and a count of ${tasks}; saw ${ended} TaskEnd events, count ${result.count}`,
          );
        const rate = tasks / (result.ms / 1000);
        ctx.log(
          `${i < 0 ? 'warm-up' : `rep ${i + 1}/${reps}`}: ${Math.round(result.ms)} ms, ${Math.round(rate)} tasks/s; ` +
            `CPU ms ${JSON.stringify(cpu)}`,
        );
        if (i >= 0) runs.push({ ms: round(result.ms), tasksPerSecond: round(rate), cpuMsByThread: cpu });
      }
    });
    const value = round(median(runs.map((r) => r.tasksPerSecond)), 0);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value >= 3000,
      params: {
        tasks,
        partitions: tasks,
        job: `sc.range(0, ${tasks}, 1, ${tasks}).count(): one ResultTask per partition`,
        executors: 2,
        coresPerExecutor: 2,
        warmup: 1,
        path: 'full scheduler: DAGScheduler → TaskScheduler → Web Worker executors, listener events posted to the page',
      },
      repetitions: runs.length,
      median: { jobMs: round(median(runs.map((r) => r.ms))), tasksPerSecond: value },
      runs,
    };
  },
};

const firstTask: Figure = {
  name: 'first_task_ms',
  page: 'bench',
  unit: 'ms',
  target: '<= 300',
  async run(ctx) {
    const reps = ctx.reps ?? (ctx.quick ? 2 : 5);
    const runs: { launchedMs: number; runningMs: number; jobDoneMs: number; milestones: Record<string, number> }[] = [];
    for (let i = 0; i < reps; i++) {
      // A new browser context each time: no worker script in memory or in the HTTP cache.
      const context = await ctx.browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(ctx.pageUrl, { waitUntil: 'load' });
        const result = await call(page, 'coldStart', ctx.fsBase);
        ctx.log(
          `rep ${i + 1}/${reps}: launched at ${Math.round(result.launchedMs)} ms, running at ${Math.round(result.runningMs)} ms`,
        );
        runs.push({
          launchedMs: round(result.launchedMs),
          runningMs: round(result.runningMs),
          jobDoneMs: round(result.jobDoneMs),
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
      met: value <= 300,
      params: {
        from: 'runProgram() called on a loaded page, in a fresh browser context (no worker started, nothing cached)',
        to: "the first task's function running on its executor",
        program: 'sc.parallelize([0], 1).foreach(...)',
        executors: 2,
        coresPerExecutor: 2,
      },
      repetitions: runs.length,
      median: {
        runningMs: value,
        launchedMs: round(median(runs.map((r) => r.launchedMs))),
        jobDoneMs: round(median(runs.map((r) => r.jobDoneMs))),
      },
      runs,
    };
  },
};

/**
 * What a groupByKey of `[i % keys, i]` (or `['key-' + (i % keys), i]`) for i
 * in [0, pairs) must give: each key's count and sum, digested as the engine's
 * program digests them.
 */
function expectedGroups(pairs: number, keys: number, prefix: string): CountDigest {
  const entries: [string, number][] = [];
  for (let k = 0; k < Math.min(keys, pairs); k++) {
    // i = k, k + keys, …, below pairs
    const count = Math.floor((pairs - 1 - k) / keys) + 1;
    const sum = count * k + (keys * (count - 1) * count) / 2;
    entries.push([`${prefix}${k}:${sum}`, count]);
  }
  return digestCounts(entries);
}

const shuffleVsRawIdb: Figure = {
  name: 'shuffle_vs_raw_idb',
  page: 'bench',
  unit: '× (engine time / raw IndexedDB time)',
  target: '<= 1.5',
  async run(ctx) {
    const input = { pairs: ctx.quick ? 200_000 : 1_000_000, keys: 10_000, maps: 4, reduces: 4 };
    const reps = ctx.reps ?? (ctx.quick ? 2 : 5);
    // Memory enough that the cached input fits and the grouping does not spill: the spill has a figure of its own.
    const conf = { 'spark.executor.instances': '2', 'spark.executor.cores': '2', 'spark.executor.memory': '512m' };
    const expected = expectedGroups(input.pairs, input.keys, '');
    const runs: Record<string, number>[] = [];
    await withProgram(ctx, GROUP_STEP, conf, async (program) => {
      const setup = (await call(ctx.page, 'step', program, { op: 'setup', ...input })) as { count: number };
      if (setup.count !== input.pairs)
        throw new Error(`the cached input holds ${setup.count} pairs, not ${input.pairs}`);
      for (let i = -1; i < reps; i++) {
        const raw = await call(ctx.page, 'rawIdb', input);
        if (!raw.verified) throw new Error('the raw IndexedDB baseline read back different bytes');
        const since = await call(ctx.page, 'eventCount', program);
        const engine = (await call(ctx.page, 'step', program, { op: 'run', ...input })) as {
          ms: number;
          answer: CountDigest;
        };
        await call(ctx.page, 'jobsEnded', program, since, 1);
        const totals = await call(ctx.page, 'taskTotals', program, since);
        if (!sameCount(engine.answer, expected))
          throw new Error(
            `the engine's groups are wrong: ${JSON.stringify(engine.answer)}, expected ${JSON.stringify(expected)}`,
          );
        if (totals.shuffleBytesWritten !== raw.bytes || totals.shuffleBytesRead !== raw.bytes)
          throw new Error(
            `the two sides stored different bytes: engine wrote ${totals.shuffleBytesWritten} and read ${totals.shuffleBytesRead}, raw ${raw.bytes}`,
          );
        const rawMs = raw.writeMs + raw.readMs;
        ctx.log(
          `${i < 0 ? 'warm-up' : `rep ${i + 1}/${reps}`}: raw ${Math.round(rawMs)} ms (write ${Math.round(raw.writeMs)}, ` +
            `read ${Math.round(raw.readMs)}, ${raw.blocks} blocks, ${raw.bytes} bytes), engine ${Math.round(engine.ms)} ms`,
        );
        if (i >= 0)
          runs.push({
            rawMs: round(rawMs),
            rawWriteMs: round(raw.writeMs),
            rawReadMs: round(raw.readMs),
            engineMs: round(engine.ms),
            ratio: round(engine.ms / rawMs, 2),
            blocks: raw.blocks,
            bytes: raw.bytes,
            spilledBytes: totals.diskBytesSpilled,
            mapStageMs: totals.stage0Ms,
            reduceStageMs: totals.stage1Ms,
          });
      }
    });
    const value = round(median(runs.map((r) => r.ratio)), 2);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value <= 1.5,
      params: {
        ...input,
        shuffleBytes: runs[0]?.bytes,
        blocks: runs[0]?.blocks,
        executors: 2,
        coresPerExecutor: 2,
        conf,
        engine:
          'input cached in executor memory first; timed: groupByKey(4).mapValues(count, sum).collect(): map tasks partition, encode and write the blocks, reduce tasks read, decode and group them',
        baseline:
          'the same blocks (same records, partitioner and codec; built untimed) written to IndexedDB from a Web Worker, one readwrite transaction per block awaited in turn, then read back one readonly transaction per block',
        check: 'engine: every key count and sum; both sides: the same byte count written and read',
        warmup: 1,
      },
      repetitions: runs.length,
      median: {
        engineMs: round(median(runs.map((r) => r.engineMs))),
        rawMs: round(median(runs.map((r) => r.rawMs))),
        rawWriteMs: round(median(runs.map((r) => r.rawWriteMs))),
        rawReadMs: round(median(runs.map((r) => r.rawReadMs))),
        mapStageMs: median(runs.map((r) => r.mapStageMs)),
        reduceStageMs: median(runs.map((r) => r.reduceStageMs)),
        ratio: value,
      },
      runs,
    };
  },
};

const spillJob: Figure = {
  name: 'spill_job',
  page: 'bench',
  unit: 'ms',
  target: 'completes, with the right answer, over data 4× the total executor memory',
  async run(ctx) {
    const executors = 2;
    const memoryMiB = ctx.quick ? 2 : 8;
    const totalMemory = executors * memoryMiB * 1024 * 1024;
    const keys = 5_000;
    const recordBytes = await call(ctx.page, 'pairSize', keys, 10_000);
    const pairs = Math.ceil((4 * totalMemory) / recordBytes);
    const input = { pairs, keys, maps: 4, reduces: 4 };
    const reps = ctx.reps ?? (ctx.quick ? 1 : 2);
    const conf = {
      'spark.executor.instances': String(executors),
      'spark.executor.cores': '1',
      'spark.executor.memory': `${memoryMiB}m`,
    };
    const expected = expectedGroups(pairs, keys, 'key-');
    const runs: Record<string, number>[] = [];
    await withProgram(ctx, SPILL_STEP, conf, async (program) => {
      for (let i = 0; i < reps; i++) {
        const since = await call(ctx.page, 'eventCount', program);
        const result = (await call(ctx.page, 'step', program, input)) as { ms: number; answer: CountDigest };
        await call(ctx.page, 'jobsEnded', program, since, 1);
        const totals = await call(ctx.page, 'taskTotals', program, since);
        if (!sameCount(result.answer, expected))
          throw new Error(
            `wrong groups after spilling: ${JSON.stringify(result.answer)}, expected ${JSON.stringify(expected)}`,
          );
        if (totals.diskBytesSpilled === 0) throw new Error('nothing spilled: the data fitted in memory');
        ctx.log(
          `rep ${i + 1}/${reps}: ${Math.round(result.ms)} ms, spilled ${totals.diskBytesSpilled} bytes to disk ` +
            `(${totals.memoryBytesSpilled} in memory), shuffle ${totals.shuffleBytesWritten} bytes`,
        );
        runs.push({
          ms: round(result.ms),
          diskBytesSpilled: totals.diskBytesSpilled,
          memoryBytesSpilled: totals.memoryBytesSpilled,
          shuffleBytesWritten: totals.shuffleBytesWritten,
          peakExecutionMemory: totals.peakExecutionMemory,
        });
      }
    });
    const value = round(median(runs.map((r) => r.ms)), 0);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: runs.length > 0,
      params: {
        ...input,
        executors,
        coresPerExecutor: 1,
        conf,
        totalExecutorMemoryBytes: totalMemory,
        estimatedDataBytes: Math.round(pairs * recordBytes),
        dataOverMemory: round((pairs * recordBytes) / totalMemory, 2),
        sizeMeasure: "the engine's SizeEstimator estimate of the records, averaged over 10,000 of them",
        job: "sc.range(0, pairs, 1, 4).map((i) => ['key-' + (i % keys), 'v' + String(i).padStart(31, '0')]).groupByKey(4).mapValues(count, sum).collect()",
        check: 'every key count and sum',
      },
      repetitions: runs.length,
      median: {
        ms: value,
        diskBytesSpilled: median(runs.map((r) => r.diskBytesSpilled)),
        memoryBytesSpilled: median(runs.map((r) => r.memoryBytesSpilled)),
        shuffleBytesWritten: median(runs.map((r) => r.shuffleBytesWritten)),
      },
      runs,
    };
  },
};

const timelineFps: Figure = {
  name: 'timeline_fps_10k',
  page: 'views',
  unit: 'frames/s',
  target: '>= 50',
  async run(ctx) {
    const tasks = ctx.quick ? 2_000 : 10_000;
    const reps = ctx.reps ?? (ctx.quick ? 1 : 3);
    const recorded = await callViews(ctx.page, 'record', tasks, ctx.fsBase);
    if (!recorded.ok || recorded.taskEnds !== tasks)
      throw new Error(
        `recording the run failed: ${recorded.error ?? `${recorded.taskEnds} tasks ended, not ${tasks}`}`,
      );
    const idle = await callViews(ctx.page, 'idleFrames', 2000);
    ctx.log(`idle page: ${idle.fps.toFixed(1)} frames/s`);
    const runs: (FrameStats & { replayEnded: boolean })[] = [];
    for (let i = 0; i < reps; i++) {
      const mounted = await callViews(ctx.page, 'mountTimeline');
      if (mounted.tasks !== tasks) throw new Error(`the timeline's model holds ${mounted.tasks} tasks, not ${tasks}`);
      const stats = await callViews(ctx.page, 'replay', 15_000);
      ctx.log(
        `rep ${i + 1}/${reps}: ${stats.fps.toFixed(1)} frames/s over ${stats.seconds.toFixed(1)} s, ` +
          `longest frame ${Math.round(stats.longestFrameMs)} ms, ${stats.longTasks} long tasks`,
      );
      runs.push(stats);
    }
    const value = round(median(runs.map((r) => r.fps)), 1);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value >= 50,
      params: {
        tasks,
        view: 'playground/views/Timeline.svelte, 1200 px wide, not live, replay at the speed it picks (a replay of at least 3 s)',
        run: `sc.range(0, ${tasks}, 1, ${tasks}).count() on 2 executors × 2 cores, recorded on the same page`,
        measure:
          'requestAnimationFrame callbacks on the page from pressing play until the replay ends; long-task observer alongside',
        idlePageFps: round(idle.fps, 1),
      },
      repetitions: runs.length,
      median: {
        fps: value,
        longestFrameMs: round(median(runs.map((r) => r.longestFrameMs))),
        p95FrameMs: round(median(runs.map((r) => r.p95FrameMs))),
        longestTaskMs: round(median(runs.map((r) => r.longestTaskMs))),
      },
      runs: runs.map((r) => ({ ...r, fps: round(r.fps, 1), seconds: round(r.seconds, 2) })),
    };
  },
};

/**
 * Installed in the playground before its scripts run: a long-task observer
 * and a message-loop lag monitor, both recording between `__benchStart()` and
 * `__benchStop()`. The long-task observer only sees blocks of 50 ms or more;
 * the lag monitor (a MessageChannel ping answered as soon as the thread is
 * free) also measures shorter ones.
 */
const UI_MONITOR = `(() => {
  const state = { recording: false, longTasks: [], gaps: [], last: 0 };
  new PerformanceObserver((list) => {
    if (!state.recording) return;
    for (const e of list.getEntries()) state.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    if (!state.recording) return;
    const now = performance.now();
    state.gaps.push(now - state.last);
    state.last = now;
    setTimeout(() => channel.port2.postMessage(0), 0);
  };
  window.__benchStart = () => {
    state.recording = true; state.longTasks = []; state.gaps = []; state.last = performance.now();
    channel.port2.postMessage(0);
  };
  window.__benchStop = () => {
    state.recording = false;
    const gaps = state.gaps.slice().sort((a, b) => a - b);
    return {
      longTasks: state.longTasks.length,
      longestTaskMs: Math.max(0, ...state.longTasks),
      longestGapMs: gaps[gaps.length - 1] || 0,
      p99GapMs: gaps[Math.floor(gaps.length * 0.99)] || 0,
      samples: gaps.length,
    };
  };
})();`;

const uiLongestBlock: Figure = {
  name: 'ui_longest_block_ms',
  page: 'playground',
  unit: 'ms',
  target: '<= 50',
  async run(ctx) {
    const tasks = ctx.quick ? 2_000 : 10_000;
    const reps = ctx.reps ?? (ctx.quick ? 1 : 3);
    const source = `// ${tasks} trivial tasks in one job\nconst n = await sc.range(0, ${tasks}, 1, ${tasks}).count();\nconsole.log(n);\n`;
    const settings = { source, executors: 2, coresPerExecutor: 2, hosts: null, racks: null, conf: [] };
    const runs: Record<string, number>[] = [];
    for (let i = 0; i < reps; i++) {
      const context = await ctx.browser.newContext({ viewport: { width: 1400, height: 900 } });
      try {
        await context.addInitScript(
          ([key, value, monitor]) => {
            localStorage.setItem(key, value);
            new Function(monitor)();
          },
          ['kindling.playground.v2', JSON.stringify(settings), UI_MONITOR] as const,
        );
        const page = await context.newPage();
        await page.goto(ctx.pageUrl, { waitUntil: 'load' });
        await page.getByRole('tab', { name: 'Timeline' }).click();
        const run = page.getByRole('button', { name: 'Run', exact: true });
        await run.waitFor();
        await page.evaluate(() => (window as unknown as { __benchStart(): void }).__benchStart());
        const started = Date.now();
        await run.click();
        const status = page.locator('p.status');
        await page.waitForFunction(
          () => ['succeeded', 'failed'].includes(document.querySelector('p.status')?.getAttribute('data-status') ?? ''),
          undefined,
          { timeout: 120_000, polling: 250 },
        );
        const runMs = Date.now() - started;
        // The last events and the final render land within a few frames of the end.
        await page.waitForTimeout(500);
        const measured = await page.evaluate(() =>
          (window as unknown as { __benchStop(): Record<string, number> }).__benchStop(),
        );
        const state = await status.getAttribute('data-status');
        const text = (await status.textContent()) ?? '';
        const done = /([\d,]+) tasks?/.exec(text)?.[1]?.replace(/,/g, '');
        if (state !== 'succeeded' || Number(done) !== tasks)
          throw new Error(`the playground run did not finish with ${tasks} tasks: ${state}: ${text.trim()}`);
        // The long-task observer sees blocks of 50 ms and more; without one, the lag monitor's
        // longest wait bounds the longest block from above.
        const block = measured.longTasks > 0 ? measured.longestTaskMs : measured.longestGapMs;
        ctx.log(
          `rep ${i + 1}/${reps}: run ${runMs} ms, longest long task ${Math.round(measured.longestTaskMs)} ms ` +
            `(${measured.longTasks} of them), longest gap ${Math.round(measured.longestGapMs)} ms`,
        );
        runs.push({ runMs, longestBlockMs: round(block), ...measured });
      } finally {
        await context.close();
      }
    }
    const value = round(median(runs.map((r) => r.longestBlockMs)), 0);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value <= 50,
      params: {
        tasks,
        page: 'the playground (index.html, production build), 1400×900, Timeline tab open while the run is live',
        program: `sc.range(0, ${tasks}, 1, ${tasks}).count() on 2 executors × 2 cores, started with the Run button`,
        measure:
          'the longest long-task observer entry from Run until 0.5 s after the run ended; when there is none (every block under 50 ms), the longest wait of a message-loop ping, which bounds the longest block from above',
      },
      repetitions: runs.length,
      median: {
        longestBlockMs: value,
        longestTaskMs: round(median(runs.map((r) => r.longestTaskMs))),
        longestGapMs: round(median(runs.map((r) => r.longestGapMs))),
        longTasks: median(runs.map((r) => r.longTasks)),
        runMs: median(runs.map((r) => r.runMs)),
      },
      runs,
    };
  },
};

/**
 * The renderer's threads that did the work, named for what they run: the
 * page's main thread, and the Web Workers (the driver and the executors; by
 * /proc they are all "DedicatedWorker", so they are numbered busiest first).
 */
function rendererThreads(used: ThreadCpu[]): Record<string, number> {
  const out: Record<string, number> = {};
  let worker = 0;
  for (const t of used.filter((t) => t.process === 'renderer')) {
    if (t.thread === 'CrRendererMain') out.page = t.ms;
    else if (t.thread.startsWith('DedicatedWorker')) out[`worker${++worker}`] = t.ms;
  }
  const other = used.filter(
    (t) => t.process === 'renderer' && t.thread !== 'CrRendererMain' && !t.thread.startsWith('DedicatedWorker'),
  );
  out.rendererOther = other.reduce((a, t) => a + t.ms, 0);
  out.browserAndGpu = used.filter((t) => t.process !== 'renderer').reduce((a, t) => a + t.ms, 0);
  return out;
}

/** Every figure, in the order they run. */
export const FIGURES: Figure[] = [
  wordcountSpeedup,
  engineOverhead,
  shuffleVsRawIdb,
  tasksPerSecond,
  firstTask,
  spillJob,
  timelineFps,
  uiLongestBlock,
];
