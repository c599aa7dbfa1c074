/**
 * The shuffle's figures: a groupByKey against the same bytes written and read
 * straight to IndexedDB (shuffle_vs_raw_idb), and a groupByKey over data 4×
 * the executors' memory (spill_job).
 */
import { digestCounts, type CountDigest } from '../digest';
import { GROUP_STEP, SPILL_STEP } from '../programs';
import { median, round } from '../stats';
import { cpuSince, threadCpuTimes } from '../cpu';
import { call, rendererThreads, sameCount, withProgram, type Figure } from './common';

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

export const shuffleVsRawIdb: Figure = {
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
        const cpuBefore = threadCpuTimes();
        const engine = (await call(ctx.page, 'step', program, { op: 'run', ...input })) as {
          ms: number;
          answer: CountDigest;
        };
        const cpu = rendererThreads(cpuSince(cpuBefore));
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
            engineCpuMs: workersCpu(cpu),
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
        ...(runs.some((r) => r.engineCpuMs > 0) ? { engineCpuMs: median(runs.map((r) => r.engineCpuMs)) } : {}),
      },
      runs,
    };
  },
};

/** The CPU time of every Web Worker (the driver, executors and task threads) in a repetition; 0 without /proc. */
function workersCpu(cpu: Record<string, number>): number {
  return Object.entries(cpu)
    .filter(([k]) => k.startsWith('worker'))
    .reduce((a, [, v]) => a + v, 0);
}

export const spillJob: Figure = {
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
