/** The scheduler's figures: trivial tasks per second, and cold start to the first task. */
import { cpuSince, threadCpuTimes } from '../cpu';
import { TASKS_STEP } from '../programs';
import { median, round } from '../stats';
import { call, rendererThreads, withProgram, type Figure } from './common';

export const tasksPerSecond: Figure = {
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

export const firstTask: Figure = {
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
