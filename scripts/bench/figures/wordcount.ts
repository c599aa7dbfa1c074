/**
 * The word-count figures: the engine on two executors against a hand-written
 * loop on the page (wordcount_speedup), and on one executor against the same
 * loop in one worker (engine_overhead_1core).
 */
import { join } from 'node:path';
import { cpuSince, threadCpuTimes } from '../cpu';
import { ensureText } from '../data';
import type { CountDigest } from '../digest';
import { WORDCOUNT_STEP } from '../programs';
import { median, round } from '../stats';
import { call, rendererThreads, sameCount, withProgram, type Figure, type FigureContext } from './common';

const MB = 1024 * 1024;

/** The word-count text, generated once per size. */
export async function wordsFile(ctx: FigureContext): Promise<{ path: string; bytes: number }> {
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
export const WORDCOUNT_CONF = { 'kindling.dfs.replication': '2' };

export const wordcountSpeedup: Figure = {
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
        ...wordcountMedians(runs, value),
        handParallelSpeedup: round(median(runs.map((r) => r.handParallelSpeedup ?? NaN)), 2),
      },
      runs,
    };
  },
};

export const engineOverhead: Figure = {
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
      median: wordcountMedians(runs, value),
      runs,
    };
  },
};

/** The medians both word-count figures report: each side's time, the ratio, and CPU when known. */
function wordcountMedians(runs: WordcountRun[], ratio: number): Record<string, number> {
  return {
    baselineMs: round(median(runs.map((r) => r.baselineMs))),
    baselineReadMs: round(median(runs.map((r) => r.baselineReadMs))),
    engineMs: round(median(runs.map((r) => r.engineMs))),
    ratio,
    ...cpuMedians(runs),
  };
}

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
