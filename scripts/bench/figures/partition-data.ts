/**
 * What capturing the rows inside partitions costs (the playground's partition
 * view; engine/executor/partition-capture.ts): the same program with
 * `kindling.partitionData.rows` = 20, as the playground runs, against the
 * same program without it, alternating in the same run. The word count is
 * where the per-row cost shows (every word passes three captured RDDs); the
 * 10,000-task job is where the per-task cost shows (each task's rows travel
 * to the driver and the page).
 */
import { cpuSince, threadCpuTimes } from '../cpu';
import { TASKS_STEP, WORDCOUNT_STEP } from '../programs';
import type { CountDigest } from '../digest';
import { median, round } from '../stats';
import { call, rendererThreads, sameCount, withProgram, type Figure, type FigureContext } from './common';
import { WORDCOUNT_CONF, wordsFile } from './wordcount';

const CAPTURE = { 'kindling.partitionData.rows': '20' };

/**
 * One step of a program, with the CPU time the page's Web Workers (driver and
 * executors) used meanwhile: on a busy machine wall time swings with other
 * work, CPU time much less (Linux only; null elsewhere).
 */
async function timedStep<T extends { ms: number }>(
  ctx: FigureContext,
  program: number,
  params: unknown,
): Promise<T & { workerCpuMs: number | null }> {
  const before = threadCpuTimes();
  const reply = (await call(ctx.page, 'step', program, params)) as T;
  const threads = rendererThreads(cpuSince(before));
  const workers = Object.entries(threads).filter(([name]) => name.startsWith('worker'));
  return { ...reply, workerCpuMs: workers.length > 0 ? workers.reduce((n, [, ms]) => n + ms, 0) : null };
}

const ratio = (a: number | null, b: number | null) => (a && b ? round(b / a, 3) : null);

export const partitionDataOverhead: Figure = {
  name: 'partition_data_overhead',
  page: 'bench',
  unit: '× (word count time with rows captured / without)',
  target: '<= 1.15',
  async run(ctx) {
    const reps = ctx.reps ?? (ctx.quick ? 2 : 5);
    const { path, bytes } = await wordsFile(ctx);
    const wordConf = { 'spark.executor.instances': '1', 'spark.executor.cores': '1', ...WORDCOUNT_CONF };
    const taskConf = { 'spark.executor.instances': '2', 'spark.executor.cores': '2' };
    const tasks = ctx.quick ? 2_000 : 10_000;
    const runs: {
      offMs: number;
      onMs: number;
      ratio: number;
      cpuRatio: number | null;
      tasksOffMs: number;
      tasksOnMs: number;
      tasksRatio: number;
      tasksCpuRatio: number | null;
    }[] = [];
    await withProgram(ctx, WORDCOUNT_STEP, wordConf, (off) =>
      withProgram(ctx, WORDCOUNT_STEP, { ...wordConf, ...CAPTURE }, (on) =>
        withProgram(ctx, TASKS_STEP, taskConf, (tasksOff) =>
          withProgram(ctx, TASKS_STEP, { ...taskConf, ...CAPTURE }, async (tasksOn) => {
            let answer: CountDigest | null = null;
            for (let i = -1; i < reps; i++) {
              const a = await timedStep<{ ms: number; answer: CountDigest }>(ctx, off, { path });
              const capturedBefore = (await call(ctx.page, 'partitionDataCounts', on)).tasks;
              const b = await timedStep<{ ms: number; answer: CountDigest }>(ctx, on, { path });
              answer ??= a.answer;
              if (!sameCount(a.answer, answer) || !sameCount(b.answer, answer))
                throw new Error(
                  `the two word counts disagree: ${JSON.stringify(a.answer)} / ${JSON.stringify(b.answer)}`,
                );
              const t = await timedStep<{ ms: number; count: number }>(ctx, tasksOff, { tasks });
              const u = await timedStep<{ ms: number; count: number }>(ctx, tasksOn, { tasks });
              if (t.count !== tasks || u.count !== tasks)
                throw new Error(`expected counts of ${tasks}: ${t.count}, ${u.count}`);
              // The capturing side must really have captured: its rows reach the page with every task.
              const captured = (await call(ctx.page, 'partitionDataCounts', on)).tasks - capturedBefore;
              if (captured === 0) throw new Error('the word count with capture on reported no rows');
              if ((await call(ctx.page, 'partitionDataCounts', off)).tasks !== 0)
                throw new Error('the word count without capture reported rows');
              ctx.log(
                `${i < 0 ? 'warm-up' : `rep ${i + 1}/${reps}`}: word count ${Math.round(a.ms)} → ${Math.round(b.ms)} ms, ` +
                  `${tasks} tasks ${Math.round(t.ms)} → ${Math.round(u.ms)} ms; workers' CPU ${a.workerCpuMs} → ` +
                  `${b.workerCpuMs} ms and ${t.workerCpuMs} → ${u.workerCpuMs} ms`,
              );
              if (i >= 0)
                runs.push({
                  offMs: round(a.ms),
                  onMs: round(b.ms),
                  ratio: round(b.ms / a.ms, 3),
                  cpuRatio: ratio(a.workerCpuMs, b.workerCpuMs),
                  tasksOffMs: round(t.ms),
                  tasksOnMs: round(u.ms),
                  tasksRatio: round(u.ms / t.ms, 3),
                  tasksCpuRatio: ratio(t.workerCpuMs, u.workerCpuMs),
                });
            }
          }),
        ),
      ),
    );
    const value = round(median(runs.map((r) => r.ratio)), 2);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value <= 1.15,
      params: {
        inputBytes: bytes,
        wordCount: 'the README word count (as wordcount_speedup), 1 executor × 1 core',
        tasksJob: `sc.range(0, ${tasks}, 1, ${tasks}).count() on 2 executors × 2 cores`,
        capture: CAPTURE,
        alternated: 'off, then on, for each repetition; one warm-up pair not counted',
      },
      repetitions: runs.length,
      median: {
        offMs: round(median(runs.map((r) => r.offMs))),
        onMs: round(median(runs.map((r) => r.onMs))),
        ratio: value,
        tasksOffMs: round(median(runs.map((r) => r.tasksOffMs))),
        tasksOnMs: round(median(runs.map((r) => r.tasksOnMs))),
        tasksRatio: round(median(runs.map((r) => r.tasksRatio)), 2),
        ...(runs.every((r) => r.cpuRatio !== null && r.tasksCpuRatio !== null)
          ? {
              cpuRatio: round(median(runs.map((r) => r.cpuRatio!)), 2),
              tasksCpuRatio: round(median(runs.map((r) => r.tasksCpuRatio!)), 2),
            }
          : {}),
      },
      runs,
    };
  },
};
