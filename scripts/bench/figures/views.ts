/**
 * The playground's figures: the timeline view replaying a 10,000-task run
 * (timeline_fps_10k), and the playground's UI thread during a live one
 * (ui_longest_block_ms).
 */
import type { FrameStats } from '../views-page';
import { median, round } from '../stats';
import { callViews, type Figure } from './common';

export const timelineFps: Figure = {
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

/** The long-task observer reports tasks of this many milliseconds or more (the Long Tasks API's threshold). */
const LONG_TASK_THRESHOLD_MS = 50;

export const uiLongestBlock: Figure = {
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
        // The long-task observer, the figure's instrument, reports every block of 50 ms or more; a
        // repetition without one counts as 50 ms, the most its longest block can be. The lag monitor's
        // longest wait is reported beside it: it waits behind every task queued before it (several
        // short ones add up), so it is how long a message could wait, not how long one task ran.
        const block = measured.longTasks > 0 ? measured.longestTaskMs : LONG_TASK_THRESHOLD_MS;
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
          'the longest long-task observer entry from Run until 0.5 s after the run ended; a repetition with none (every block under 50 ms) counts as 50 ms. longestGapMs: the longest wait of a message-loop ping over the same time, which also counts the tasks queued ahead of it',
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
