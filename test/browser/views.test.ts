/**
 * The stage DAG and the timeline mounted in real Chromium: on a model from a
 * real run through the driver worker and Web Worker executors, and on each of
 * Apache Spark's own event logs in ../shared/spark-events/.
 */
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { AppModelBuilder, buildAppModel, parseEventLog, type AppModel, type SparkEvent } from '../../engine/events';
import { runProgram } from '../../engine/runner/program-host';
import type { HostMessage } from '../../engine/runner/protocol';
import StageDag from '../../playground/views/StageDag.svelte';
import Timeline from '../../playground/views/Timeline.svelte';
import spark12Failed from '../../../shared/spark-events/local-1422981780767?raw';
import spark12OneJob from '../../../shared/spark-events/local-1426533911241?raw';
import spark14Shuffle from '../../../shared/spark-events/local-1430917381534?raw';
import spark4Pi from '../../../shared/spark-events/spark4-sparkpi-events_1?raw';

// Line numbers matter: the DAG shows them and selectedLine picks RDDs by them.
const PROGRAM = [
  'sc.faults.inject({ kind: "failTask", stageId: 1, partition: 0, message: "boom" });', // 1
  'const pairs = sc.parallelize(["a", "b", "a", "c", "b", "a"], 3)', // 2
  '  .map((w) => [w, 1]);', // 3
  'const counts = pairs.reduceByKey((a, b) => a + b).cache();', // 4
  'console.log(await counts.count());', // 5
  'console.log(await counts.collect());', // 6
].join('\n');

const events: SparkEvent[] = [];
let model: AppModel;

beforeAll(async () => {
  const fsBase = new URL('/test/browser/fixtures/fs/', location.origin).href;
  let failure: string | null = null;
  const run = runProgram(
    {
      source: PROGRAM,
      fileName: 'views.js',
      conf: { 'spark.executor.instances': '2', 'spark.executor.cores': '2' },
      fsBase,
    },
    (m: HostMessage) => {
      if (m.type === 'event') events.push(m.event);
      else if (m.type === 'done' && !m.ok) failure = m.error.message;
    },
  );
  await run.done;
  expect(failure).toBeNull();
  model = buildAppModel(events);
}, 30_000);

const mounted: Record<string, unknown>[] = [];
const hosts: HTMLElement[] = [];
afterEach(() => {
  for (const component of mounted.splice(0)) void unmount(component);
  for (const host of hosts.splice(0)) host.remove();
});

function host(width = 900): HTMLElement {
  const element = document.createElement('div');
  element.style.width = `${width}px`;
  document.body.append(element);
  hosts.push(element);
  return element;
}

function mountDag(props: {
  model: AppModel;
  jobId: number;
  selectedLine?: number | null;
  onselectrdd?: (r: unknown) => void;
}) {
  const target = host();
  const component = mount(StageDag, { target, props });
  mounted.push(component);
  flushSync();
  return target;
}

function mountTimeline(props: {
  model: AppModel;
  live: boolean;
  onselecttask?: (taskId: number) => void;
  revision?: number;
}) {
  const target = host();
  const component = mount(Timeline, { target, props });
  mounted.push(component);
  flushSync();
  return target;
}

/** Waits until `check` passes (ELK lays out in a worker; the timeline polls the model). */
async function until<T>(check: () => T | null | undefined | false, timeout = 10_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    try {
      const value = check();
      if (value) return value;
    } catch (error) {
      if (performance.now() - started > timeout) throw error;
    }
    if (performance.now() - started > timeout) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 30));
  }
}

const stageBoxes = (target: HTMLElement) => [...target.querySelectorAll<SVGGElement>('[data-stage-id]')];
const summaryOf = (target: HTMLElement, testId: string) =>
  target.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('the stage DAG of a real local run', () => {
  test('draws job 0 as two complete stages joined by a shuffle, with the failed attempt counted', async () => {
    const target = mountDag({ model, jobId: 0 });
    const boxes = await until(() => (stageBoxes(target).length === 2 ? stageBoxes(target) : null));
    expect(boxes.map((b) => [b.dataset.stageId, b.dataset.status])).toEqual([
      ['0', 'complete'],
      ['1', 'complete'],
    ]);
    expect(boxes[1].getAttribute('aria-label')).toBe('Stage 1, complete, 3/3 tasks, 1 failed attempt');
    expect(target.querySelectorAll('.shuffle-label')).toHaveLength(1);
    const nodes = [...target.querySelectorAll<SVGGElement>('[data-rdd-key]')];
    expect(nodes.map((n) => n.getAttribute('aria-label'))).toEqual([
      // The node's own two lines come first (axe-core's label-content-name-mismatch), then the RDD's id.
      'parallelize, ParallelCollectionRDD, line 2, RDD 0, 3 partitions',
      'map, MapPartitionsRDD, line 3, RDD 1, 3 partitions',
      'reduceByKey, ShuffledRDD, line 4, RDD 2, 3 partitions, cached, 3 of 3 partitions in storage',
    ]);
    expect(target.querySelectorAll('.cached-mark')).toHaveLength(1);
    expect(summaryOf(target, 'dag-summary')).toContain('Job 0: 2 stages, 6 tasks, 1 failed attempt; succeeded.');
  });

  test('marks the second job’s map stage as skipped, in words as well as colour', async () => {
    const target = mountDag({ model, jobId: 1 });
    const boxes = await until(() => (stageBoxes(target).length === 2 ? stageBoxes(target) : null));
    expect(boxes.map((b) => b.dataset.status)).toEqual(['skipped', 'complete']);
    expect(boxes[0].textContent).toContain('↷ skipped');
    expect(boxes[0].textContent).toContain('3 tasks, not run');
    expect(summaryOf(target, 'dag-summary')).toContain('Job 1: 2 stages (1 skipped), 3 tasks; succeeded.');
  });

  test('moves between RDDs with the arrow keys and selects one with Enter', async () => {
    const chosen: unknown[] = [];
    const target = mountDag({ model, jobId: 0, onselectrdd: (r) => chosen.push(r) });
    await until(() => target.querySelectorAll('[data-rdd-key]').length === 3);
    const first = target.querySelector<SVGGElement>('[data-rdd-key][tabindex="0"]');
    expect(first?.dataset.rddKey).toBe('s0r0');
    expect(target.querySelectorAll('[data-rdd-key][tabindex="0"]')).toHaveLength(1);
    first?.focus();
    await userEvent.keyboard('{ArrowDown}');
    expect((document.activeElement as SVGGElement | null)?.dataset.rddKey).toBe('s0r1');
    await userEvent.keyboard('{ArrowDown}');
    expect((document.activeElement as SVGGElement | null)?.dataset.rddKey).toBe('s1r2');
    await userEvent.keyboard('{Enter}');
    expect(chosen).toEqual([{ rddId: 2, stageId: 1, line: 4, callsite: 'reduceByKey at views.js:4' }]);
    await userEvent.keyboard('{ArrowUp}');
    await userEvent.keyboard(' ');
    expect(chosen[1]).toEqual({ rddId: 1, stageId: 0, line: 3, callsite: 'map at views.js:3' });
  });

  test('highlights the RDDs created at the selected line', async () => {
    const target = mountDag({ model, jobId: 0, selectedLine: 3 });
    await until(() => target.querySelectorAll('[data-rdd-key]').length === 3);
    const current = [...target.querySelectorAll<SVGGElement>('[aria-current="true"]')].map((n) => n.dataset.rddKey);
    expect(current).toEqual(['s0r1']);
  });
});

describe('the timeline of a real local run', () => {
  test('states each job’s task count and the executors in its summary', () => {
    const target = mountTimeline({ model, live: false });
    const summary = summaryOf(target, 'timeline-summary');
    // 6 tasks in job 0, plus one retry of the failed attempt, and 3 in job 1.
    expect(summary).toContain('Timeline: 10 task attempts on 4 cores of 2 executors');
    expect(summary).toContain('Job 0: 2 stages, 6 tasks, 1 failed attempt; succeeded.');
    expect(summary).toContain('Job 1: 2 stages (1 skipped), 3 tasks; succeeded.');
    expect(summary).toContain('executor 0 on host-0, 2 cores; executor 1 on host-1, 2 cores');
    expect(target.querySelector('canvas')).not.toBeNull();
  });

  test('the keyboard moves between tasks and the live region reads each one', async () => {
    const selected: number[] = [];
    const target = mountTimeline({ model, live: false, onselecttask: (id) => selected.push(id) });
    const widget = target.querySelector<HTMLElement>('[role="application"]');
    widget?.focus();
    const announcement = () => summaryOf(target, 'timeline-announcement');
    const first = await until(() => announcement());
    expect(first).toMatch(/^Task \d+ attempt \d+ of stage 0, partition \d+: succeeded on executor \d \(host-\d\)/);
    const seen = new Set([first]);
    for (const key of ['{ArrowRight}', '{ArrowDown}', '{ArrowDown}', '{ArrowRight}']) {
      await userEvent.keyboard(key);
      seen.add(announcement());
    }
    expect(seen.size).toBeGreaterThan(2);
    await userEvent.keyboard('{Enter}');
    expect(selected).toHaveLength(1);
    expect(model.tasks.has(selected[0])).toBe(true);
  });

  test('replays from the start when Play is pressed, and zooming leaves the fitted view', async () => {
    const target = mountTimeline({ model, live: false });
    const button = (label: string) => target.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
    const scrubber = target.querySelector<HTMLInputElement>('input[type="range"]')!;
    const end = Number(scrubber.max);
    expect(Number(scrubber.value)).toBe(end);
    button('Play replay')?.click();
    flushSync();
    expect(button('Pause replay')).not.toBeNull();
    // The replay restarts at 0 and moves forward.
    const early = await until(() => {
      const v = Number(scrubber.value);
      return v > 0 && v < end ? v : null;
    });
    await until(() => Number(scrubber.value) > early || Number(scrubber.value) === end);
    button('Pause replay')?.click();
    flushSync();
    expect(button('Play replay')).not.toBeNull();

    const fit = button('Fit the whole run')!;
    expect(fit.getAttribute('aria-pressed')).toBe('true');
    button('Zoom in')?.click();
    flushSync();
    expect(fit.getAttribute('aria-pressed')).toBe('false');
    fit.click();
    flushSync();
    expect(fit.getAttribute('aria-pressed')).toBe('true');
  });

  test('follows a model updated in place while live', async () => {
    const builder = new AppModelBuilder();
    const firstJobEnd = events.findIndex((e) => e.Event === 'SparkListenerJobEnd');
    for (const e of events.slice(0, firstJobEnd)) builder.add(e);
    const target = mountTimeline({ model: builder.model, live: true });
    expect(summaryOf(target, 'timeline-summary')).toContain('Job 0: 2 stages, 6 tasks, 1 failed attempt; running.');
    for (const e of events.slice(firstJobEnd)) builder.add(e);
    await until(() =>
      summaryOf(target, 'timeline-summary').includes('Job 1: 2 stages (1 skipped), 3 tasks; succeeded.'),
    );
  });
});

// ---------------------------------------------------------------------------

const SPARK_LOGS: { name: string; text: string; jobs: { stages: number; skipped: number; summary: string }[] }[] = [
  {
    name: 'local-1422981780767',
    text: spark12Failed,
    jobs: [
      { stages: 1, skipped: 0, summary: 'Job 0: 1 stage, 8 tasks; succeeded.' },
      { stages: 2, skipped: 0, summary: 'Job 1: 2 stages, 16 tasks, 1 failed attempt; failed.' },
      { stages: 1, skipped: 0, summary: 'Job 2: 1 stage, 8 tasks; succeeded.' },
    ],
  },
  {
    name: 'local-1426533911241',
    text: spark12OneJob,
    jobs: [{ stages: 1, skipped: 0, summary: 'Job 0: 1 stage, 8 tasks; succeeded.' }],
  },
  {
    name: 'local-1430917381534',
    text: spark14Shuffle,
    jobs: [{ stages: 2, skipped: 0, summary: 'Job 0: 2 stages, 110 tasks; succeeded.' }],
  },
  {
    name: 'spark4-sparkpi-events_1',
    text: spark4Pi,
    jobs: [{ stages: 1, skipped: 0, summary: 'Job 0: 1 stage, 2 tasks; succeeded.' }],
  },
];

describe.each(SPARK_LOGS)('Spark’s own event log $name', ({ name, text, jobs }) => {
  const logModel = () => buildAppModel(parseEventLog(text, name));

  test('draws every job’s stages', async () => {
    const m = logModel();
    expect(m.jobs.size).toBe(jobs.length);
    for (const [jobId, expected] of jobs.entries()) {
      const target = mountDag({ model: m, jobId });
      const boxes = await until(() => (stageBoxes(target).length === expected.stages ? stageBoxes(target) : null));
      expect(boxes.filter((b) => b.dataset.status === 'skipped')).toHaveLength(expected.skipped);
      expect(summaryOf(target, 'dag-summary')).toContain(expected.summary);
    }
  });

  test('states every job’s task count on the timeline', () => {
    const m = logModel();
    const target = mountTimeline({ model: m, live: false });
    const summary = summaryOf(target, 'timeline-summary');
    for (const expected of jobs) expect(summary).toContain(expected.summary);
    expect(summary).toContain(`Timeline: ${m.tasks.size} task attempts`);
  });
});

// ---------------------------------------------------------------------------

describe('what a person sees', () => {
  async function shoot(
    width: number,
    height: number,
    file: string,
    appModel: AppModel = model,
    jobId = 0,
    prepare?: (frame: HTMLElement) => Promise<void>,
  ): Promise<void> {
    await page.viewport(width, height);
    document.body.style.margin = '0';
    const frame = document.createElement('main');
    frame.style.cssText = `box-sizing:border-box;width:${width}px;padding:16px;display:grid;gap:24px;background:#fff;`;
    document.body.append(frame);
    hosts.push(frame);
    const dagTarget = document.createElement('div');
    const timelineTarget = document.createElement('div');
    frame.append(dagTarget, timelineTarget);
    mounted.push(mount(StageDag, { target: dagTarget, props: { model: appModel, jobId, selectedLine: 3 } }));
    mounted.push(mount(Timeline, { target: timelineTarget, props: { model: appModel, live: false } }));
    flushSync();
    await until(() => dagTarget.querySelectorAll('[data-stage-id]').length > 0);
    await prepare?.(frame);
    await new Promise((r) => setTimeout(r, 150)); // a canvas frame or two
    // Nothing may stick out sideways: the page must not scroll horizontally.
    expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(width);
    await page.screenshot({ path: file });
  }

  // Saved under the project's git-ignored tmp/ (the test server may not write elsewhere).
  test('both views at desktop width', async () => {
    await shoot(1280, 800, '../../tmp/views-desktop.png');
  });

  test('both views at phone width', async () => {
    await shoot(390, 844, '../../tmp/views-phone.png');
  });

  test('phases, and a task focused from the keyboard with its details', async () => {
    await shoot(1280, 800, '../../tmp/views-focus.png', model, 0, async (frame) => {
      const phases = [...frame.querySelectorAll('button')].find((b) => b.textContent === 'Phases');
      phases?.click();
      frame.querySelector<HTMLElement>('[role="application"]')?.focus();
      await userEvent.keyboard('{ArrowDown}');
    });
  });

  test('while a job runs: the DAG and the timeline follow it live', async () => {
    const builder = new AppModelBuilder();
    const run = runProgram(
      {
        // The slow task must outlast the screenshot, which takes over a second on a loaded machine.
        source: [
          'sc.faults.inject({ kind: "slowPartition", stageId: 1, partition: 2, delayMs: 3000 });',
          'const counts = sc.parallelize(["a", "b", "a", "c", "b", "a"], 3).map((w) => [w, 1]).reduceByKey((a, b) => a + b);',
          'console.log(await counts.collect());',
        ].join('\n'),
        fileName: 'live.js',
        conf: { 'spark.executor.instances': '2', 'spark.executor.cores': '2' },
        fsBase: new URL('/test/browser/fixtures/fs/', location.origin).href,
      },
      (m: HostMessage) => {
        if (m.type === 'event') builder.add(m.event);
      },
    );
    let dagTarget: HTMLElement | null = null;
    let timelineTarget: HTMLElement | null = null;
    await shoot(1280, 800, '../../tmp/views-live.png', builder.model, 0, async (frame) => {
      frame.replaceChildren();
      dagTarget = document.createElement('div');
      timelineTarget = document.createElement('div');
      frame.append(dagTarget, timelineTarget);
      mounted.push(mount(StageDag, { target: dagTarget, props: { model: builder.model, jobId: 0 } }));
      mounted.push(mount(Timeline, { target: timelineTarget, props: { model: builder.model, live: true } }));
      // Until the slow reduce task is the only one left running.
      await until(() => {
        const stage1 = [...builder.model.stages.values()].find((st) => st.stageId === 1);
        return stage1 && stage1.taskCounts.complete === 2 && stage1.taskCounts.active === 1;
      });
      await until(() => dagTarget?.querySelector('[data-stage-id="1"]')?.getAttribute('data-status') === 'running');
      await new Promise((r) => setTimeout(r, 400));
    });
    expect(summaryOf(timelineTarget!, 'timeline-summary')).toContain('Job 0: 2 stages, 6 tasks; running.');
    await run.done;
    await until(() => summaryOf(timelineTarget!, 'timeline-summary').includes('Job 0: 2 stages, 6 tasks; succeeded.'));
    await until(() => dagTarget?.querySelector('[data-stage-id="1"]')?.getAttribute('data-status') === 'complete');
  });

  test('a Spark 1.4 log of 110 tasks', async () => {
    await shoot(1280, 800, '../../tmp/views-spark14.png', buildAppModel(parseEventLog(spark14Shuffle)));
  });
});
