/**
 * cores_speedup: what an executor's second core gains on CPU-bound work, now
 * that each core is a task thread of its own. The same job on 1 executor × 1
 * core and on 1 executor × 2 cores, two programs kept up side by side in one
 * run and alternated repetition by repetition.
 */
import { cpuSince, threadCpuTimes } from '../cpu';
import { CPU_STEP } from '../programs';
import { median, round } from '../stats';
import { call, rendererThreads, withProgram, type Figure } from './common';

interface CoresRun {
  oneCoreMs: number;
  twoCoresMs: number;
  speedup: number;
  oneCoreCpuMsByThread: Record<string, number>;
  twoCoresCpuMsByThread: Record<string, number>;
}

export const coresSpeedup: Figure = {
  name: 'cores_speedup',
  page: 'bench',
  unit: '× (1 × 1 time / 1 × 2 time)',
  target: '>= 1.7',
  async run(ctx) {
    const partitions = 8;
    // About 150 ms of arithmetic per task on these machines (2 ns a square root); a tenth of it with --quick.
    const iterations = ctx.quick ? 8_000_000 : 80_000_000;
    const reps = ctx.reps ?? (ctx.quick ? 2 : 5);
    const runs: CoresRun[] = [];
    const one = { 'spark.executor.instances': '1', 'spark.executor.cores': '1' };
    const two = { 'spark.executor.instances': '1', 'spark.executor.cores': '2' };
    await withProgram(ctx, CPU_STEP, one, (oneCore) =>
      withProgram(ctx, CPU_STEP, two, async (twoCores) => {
        for (let i = -1; i < reps; i++) {
          const cpuOne = threadCpuTimes();
          const a = (await call(ctx.page, 'step', oneCore, { partitions, iterations })) as {
            ms: number;
            answer: number;
          };
          const oneCpu = rendererThreads(cpuSince(cpuOne));
          const cpuTwo = threadCpuTimes();
          const b = (await call(ctx.page, 'step', twoCores, { partitions, iterations })) as {
            ms: number;
            answer: number;
          };
          const twoCpu = rendererThreads(cpuSince(cpuTwo));
          if (a.answer !== b.answer) throw new Error(`the two clusters disagree: ${a.answer} and ${b.answer}`);
          ctx.log(
            `${i < 0 ? 'warm-up' : `rep ${i + 1}/${reps}`}: 1 × 1 ${Math.round(a.ms)} ms, 1 × 2 ${Math.round(b.ms)} ms`,
          );
          if (i >= 0)
            runs.push({
              oneCoreMs: round(a.ms),
              twoCoresMs: round(b.ms),
              speedup: round(a.ms / b.ms, 2),
              oneCoreCpuMsByThread: oneCpu,
              twoCoresCpuMsByThread: twoCpu,
            });
        }
      }),
    );
    const value = round(median(runs.map((r) => r.speedup)), 2);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value >= 1.7,
      params: {
        job: `parallelize(${partitions} numbers, ${partitions}).map(${iterations.toLocaleString('en')} square roots).collect()`,
        clusters: '1 executor × 1 core, and 1 executor × 2 cores (two programs up side by side, alternated)',
        warmup: 1,
      },
      repetitions: runs.length,
      median: {
        oneCoreMs: round(median(runs.map((r) => r.oneCoreMs))),
        twoCoresMs: round(median(runs.map((r) => r.twoCoresMs))),
        speedup: value,
      },
      runs,
    };
  },
};
