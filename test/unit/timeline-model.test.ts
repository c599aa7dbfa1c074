import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AppModelBuilder,
  buildAppModel,
  emptyTaskMetrics,
  parseEventLog,
  storageLevelJson,
  type AppModel,
  type SparkEvent,
  type StageInfo,
  type TaskEndReason,
  type TaskInfo,
} from '../../engine/events';
import { PHASES } from '../../playground/views/colors';
import {
  buildTimelineModel,
  taskPhases,
  TimelineBuilder,
  type TimelineModel,
} from '../../playground/views/timeline-model';
import {
  DEFAULT_GEOMETRY,
  fitView,
  hitTest,
  layoutLanes,
  navigate,
  revealRange,
  taskAnnouncement,
  taskAt,
  taskDetails,
  timeTicks,
  zoomView,
  type HitContext,
} from '../../playground/views/timeline-view';
import { modelSignature } from '../../playground/views/summary';
import { mulberry32 as random } from '../../engine/util/random/mulberry32';

// ---------------------------------------------------------------------------
// Synthetic Spark 4 events: executors with cores, tasks with exact times and metrics.

const NONE = storageLevelJson({ useDisk: false, useMemory: false, deserialized: false, replication: 1 });
const T0 = 1_700_000_000_000;

function stageInfo(id: number, numTasks: number, attempt = 0): StageInfo {
  return {
    'Stage ID': id,
    'Stage Attempt ID': attempt,
    'Stage Name': `stage ${id}`,
    'Number of Tasks': numTasks,
    'RDD Info': [
      {
        'RDD ID': id,
        Name: 'MapPartitionsRDD',
        'Parent IDs': [],
        'Storage Level': NONE,
        'Number of Partitions': numTasks,
        'Number of Cached Partitions': 0,
        'Memory Size': 0,
        'Disk Size': 0,
      },
    ],
    'Parent IDs': [],
    Details: '',
    Accumulables: [],
  };
}

interface TaskSpec {
  tid: number;
  stage?: number;
  index?: number;
  attempt?: number;
  executor: string;
  launch: number;
  /** Omit for a task still running. */
  finish?: number;
  reason?: TaskEndReason;
  speculative?: boolean;
  runTime?: number;
  deserialize?: number;
  serialize?: number;
  fetchWait?: number;
  writeNanos?: number;
  gettingResult?: number;
}

function taskInfo(s: TaskSpec, finished: boolean): TaskInfo {
  return {
    'Task ID': s.tid,
    Index: s.index ?? s.tid,
    Attempt: s.attempt ?? 0,
    'Partition ID': s.index ?? s.tid,
    'Launch Time': T0 + s.launch,
    'Executor ID': s.executor,
    Host: `host-${s.executor}`,
    Locality: 'PROCESS_LOCAL',
    Speculative: s.speculative ?? false,
    'Getting Result Time': s.gettingResult !== undefined ? T0 + s.gettingResult : 0,
    'Finish Time': finished && s.finish !== undefined ? T0 + s.finish : 0,
    Failed: finished && s.reason !== undefined && s.reason.Reason !== 'Success',
    Killed: false,
    Accumulables: [],
  };
}

function taskEvents(s: TaskSpec): SparkEvent[] {
  const stage = s.stage ?? 0;
  const start: SparkEvent = {
    Event: 'SparkListenerTaskStart',
    'Stage ID': stage,
    'Stage Attempt ID': 0,
    'Task Info': taskInfo(s, false),
  };
  if (s.finish === undefined) return [start];
  const metrics = emptyTaskMetrics();
  metrics['Executor Run Time'] = s.runTime ?? s.finish - s.launch;
  metrics['Executor Deserialize Time'] = s.deserialize ?? 0;
  metrics['Result Serialization Time'] = s.serialize ?? 0;
  metrics['Shuffle Read Metrics']['Fetch Wait Time'] = s.fetchWait ?? 0;
  metrics['Shuffle Read Metrics']['Remote Bytes Read'] = 2048;
  metrics['Shuffle Read Metrics']['Total Records Read'] = 20;
  metrics['Shuffle Write Metrics']['Shuffle Write Time'] = s.writeNanos ?? 0;
  metrics['Input Metrics']['Bytes Read'] = 1536;
  metrics['Input Metrics']['Records Read'] = 100;
  return [
    start,
    {
      Event: 'SparkListenerTaskEnd',
      'Stage ID': stage,
      'Stage Attempt ID': 0,
      'Task Type': 'ResultTask',
      'Task End Reason': s.reason ?? { Reason: 'Success' },
      'Task Info': taskInfo(s, true),
      'Task Metrics': metrics,
    },
  ];
}

function executorAdded(id: string, cores: number, at = 0): SparkEvent {
  return {
    Event: 'SparkListenerExecutorAdded',
    Timestamp: T0 + at,
    'Executor ID': id,
    'Executor Info': { Host: `host-${id}`, 'Total Cores': cores, 'Log Urls': {} },
  };
}

function oneStageApp(tasks: TaskSpec[], executors: [string, number][] = [['0', 2]], numTasks = tasks.length): AppModel {
  return buildAppModel([
    ...executors.map(([id, cores]) => executorAdded(id, cores)),
    {
      Event: 'SparkListenerJobStart',
      'Job ID': 0,
      'Submission Time': T0,
      'Stage Infos': [stageInfo(0, numTasks)],
      'Stage IDs': [0],
      Properties: {},
    },
    {
      Event: 'SparkListenerStageSubmitted',
      'Stage Info': { ...stageInfo(0, numTasks), 'Submission Time': T0 },
      Properties: {},
    },
    ...tasks.flatMap(taskEvents),
  ]);
}

function realLogModel(name: string): AppModel {
  const text = readFileSync(new URL(`../../../shared/spark-events/${name}`, import.meta.url), 'utf8');
  return buildAppModel(parseEventLog(text, name));
}

/** No two attempts in one lane overlap in time. */
function expectLanesDisjoint(timeline: TimelineModel): void {
  const overlaps: number[] = [];
  for (const lane of timeline.lanes) {
    for (let k = 1; k < lane.tasks.length; k++) {
      const before = timeline.tasks[lane.tasks[k - 1]];
      const after = timeline.tasks[lane.tasks[k]];
      if ((before.end ?? Infinity) > after.start) overlaps.push(after.task.taskId);
    }
  }
  expect(overlaps).toEqual([]);
}

describe('lanes: one per executor core', () => {
  it('gives each attempt the lowest core free at its launch', () => {
    const timeline = buildTimelineModel(
      oneStageApp([
        { tid: 0, executor: '0', launch: 0, finish: 10 },
        { tid: 1, executor: '0', launch: 2, finish: 5 },
        { tid: 2, executor: '0', launch: 6, finish: 8 }, // core 1 is free again, core 0 is not
        { tid: 3, executor: '0', launch: 10, finish: 12 }, // core 0 frees exactly at 10
      ]),
    );
    expect(timeline.lanes.map((l) => [l.executorId, l.slot])).toEqual([
      ['0', 0],
      ['0', 1],
    ]);
    const laneOf = (tid: number) => timeline.tasks[timeline.indexByTaskId.get(tid)!].lane;
    expect([0, 1, 2, 3].map(laneOf)).toEqual([0, 1, 1, 0]);
    expectLanesDisjoint(timeline);
  });

  it('keeps a lane per core even when idle, groups lanes by executor, and adds a lane rather than overlap', () => {
    const timeline = buildTimelineModel(
      oneStageApp(
        [
          { tid: 0, executor: '1', launch: 0, finish: 10 },
          { tid: 1, executor: '1', launch: 1, finish: 10 }, // more at once than executor 1's one core
        ],
        [
          ['0', 2],
          ['1', 1],
        ],
      ),
    );
    expect(timeline.executors.map((e) => [e.executorId, e.firstLane, e.laneCount, e.host])).toEqual([
      ['0', 0, 2, 'host-0'],
      ['1', 2, 2, 'host-1'],
    ]);
    expectLanesDisjoint(timeline);
  });

  it('holds a running attempt in its lane until the present', () => {
    const timeline = buildTimelineModel(
      oneStageApp([
        { tid: 0, executor: '0', launch: 0 },
        { tid: 1, executor: '0', launch: 5, finish: 7 },
        { tid: 2, executor: '0', launch: 8, finish: 9 },
      ]),
      T0 + 50,
    );
    expect(timeline.tasks.map((t) => [t.task.taskId, t.lane, t.end, t.outcome])).toEqual([
      [0, 0, null, 'running'],
      [1, 1, 7, 'success'],
      [2, 1, 9, 'success'],
    ]);
    expect(timeline.end).toBe(50);
  });

  it('places the 110 tasks of the Spark 1.4 log on the driver, with the job’s summary', () => {
    const timeline = buildTimelineModel(realLogModel('local-1430917381534'));
    expect(timeline.tasks).toHaveLength(110);
    expect(timeline.tasks.every((t) => t.lane >= 0)).toBe(true);
    expect(timeline.executors.map((e) => e.executorId)).toEqual(['driver']);
    expectLanesDisjoint(timeline);
    expect(timeline.jobSummaries).toEqual(['Job 0: 2 stages, 110 tasks; succeeded.']);
    expect(timeline.stageSpans.map((s) => [s.label, s.status])).toEqual([
      ['Stage 0', 'complete'],
      ['Stage 1', 'complete'],
    ]);
  });

  it('reads every shipped Spark log', () => {
    for (const name of ['local-1422981780767', 'local-1426533911241', 'spark4-sparkpi-events_1']) {
      const model = realLogModel(name);
      const timeline = buildTimelineModel(model);
      expect(timeline.tasks).toHaveLength(model.tasks.size);
      expectLanesDisjoint(timeline);
    }
    expect(buildTimelineModel(realLogModel('local-1422981780767')).jobSummaries[1]).toBe(
      'Job 1: 2 stages, 16 tasks, 1 failed attempt; failed.',
    );
  });

  it('builds 10,000 attempts on 8 executors × 4 cores without losing or overlapping one', () => {
    const builder = new AppModelBuilder();
    for (let e = 0; e < 8; e++) builder.add(executorAdded(String(e), 4));
    builder.add({
      Event: 'SparkListenerJobStart',
      'Job ID': 0,
      'Submission Time': T0,
      'Stage Infos': [stageInfo(0, 10_000)],
      'Stage IDs': [0],
      Properties: {},
    });
    builder.add({ Event: 'SparkListenerStageSubmitted', 'Stage Info': stageInfo(0, 10_000), Properties: {} });
    // Each core runs its tasks back to back, lengths varying; 32 cores, 10,000 tasks.
    const coreFree = new Array<number>(32).fill(0);
    for (let tid = 0; tid < 10_000; tid++) {
      const core = tid % 32;
      const launch = coreFree[core];
      const finish = launch + 1 + ((tid * 7919) % 13);
      coreFree[core] = finish;
      for (const event of taskEvents({ tid, executor: String(core % 8), launch, finish, runTime: finish - launch }))
        builder.add(event);
    }
    const timeline = buildTimelineModel(builder.model);
    expect(timeline.tasks).toHaveLength(10_000);
    expect(timeline.lanes).toHaveLength(32);
    expect(new Set(timeline.tasks.map((t) => t.task.taskId)).size).toBe(10_000);
    expect(timeline.tasks.every((t) => t.lane >= 0 && t.lane < 32)).toBe(true);
    expect(timeline.lanes.reduce((sum, l) => sum + l.tasks.length, 0)).toBe(10_000);
    expectLanesDisjoint(timeline);
    expect(timeline.jobSummaries).toEqual(['Job 0: 1 stage, 10000 tasks; running.']);
  });
});

describe('task phases (the Spark UI formulas)', () => {
  it('splits a task into scheduler delay, deserialization, fetch wait, compute, write, serialization, getting result', () => {
    const model = oneStageApp([
      {
        tid: 0,
        executor: '0',
        launch: 0,
        finish: 100,
        runTime: 70, // fetch wait and shuffle write happen inside the run time
        deserialize: 5,
        serialize: 3,
        fetchWait: 10,
        writeNanos: 4_000_000,
        gettingResult: 90, // the driver fetched the result for the last 10 ms
      },
    ]);
    const phases = taskPhases(model.tasks.get(0)!);
    expect(phases).toEqual({
      schedulerDelay: 12, // 100 − 70 − 5 − 3 − 10
      deserialization: 5,
      shuffleRead: 10,
      compute: 56, // 70 − 10 − 4
      shuffleWrite: 4,
      resultSerialization: 3,
      gettingResult: 10,
    });
  });

  it('scales the phases down when the metrics exceed the wall-clock duration', () => {
    // 4 + 5 + 3 ms of measured phases in a 10 ms attempt: computing is what remains (nothing), the rest shrinks.
    const model = oneStageApp([
      { tid: 0, executor: '0', launch: 0, finish: 10, runTime: 12, deserialize: 4, fetchWait: 5, serialize: 3 },
    ]);
    const phases = taskPhases(model.tasks.get(0)!)!;
    const sum = PHASES.reduce((s, p) => s + phases[p], 0);
    expect(sum).toBeCloseTo(10, 9);
    expect([phases.schedulerDelay, phases.compute]).toEqual([0, 0]);
    expect(phases.deserialization).toBeCloseTo((4 * 10) / 12, 9);
    expect(phases.shuffleRead / phases.resultSerialization).toBeCloseTo(5 / 3, 9);
  });

  it('has no phases for a running attempt', () => {
    const model = oneStageApp([{ tid: 0, executor: '0', launch: 0 }]);
    expect(taskPhases(model.tasks.get(0)!)).toBeNull();
  });
});

describe('spans and executors', () => {
  it('puts concurrent stages on separate rows and marks an executor’s removal', () => {
    const model = buildAppModel([
      executorAdded('0', 1, -5),
      executorAdded('1', 1, -5),
      {
        Event: 'SparkListenerJobStart',
        'Job ID': 0,
        'Submission Time': T0,
        'Stage Infos': [stageInfo(0, 1), stageInfo(1, 1)],
        'Stage IDs': [0, 1],
        Properties: {},
      },
      {
        Event: 'SparkListenerStageSubmitted',
        'Stage Info': { ...stageInfo(0, 1), 'Submission Time': T0 },
        Properties: {},
      },
      {
        Event: 'SparkListenerStageSubmitted',
        'Stage Info': { ...stageInfo(1, 1), 'Submission Time': T0 + 2 },
        Properties: {},
      },
      ...taskEvents({ tid: 0, stage: 0, index: 0, executor: '0', launch: 1, finish: 9 }),
      {
        Event: 'SparkListenerStageCompleted',
        'Stage Info': { ...stageInfo(0, 1), 'Submission Time': T0, 'Completion Time': T0 + 10 },
      },
      {
        Event: 'SparkListenerExecutorRemoved',
        Timestamp: T0 + 11,
        'Executor ID': '1',
        'Removed Reason': 'worker lost',
      },
    ]);
    const timeline = buildTimelineModel(model);
    expect(timeline.stageSpans.map((s) => [s.id, s.row, s.start, s.end, s.status])).toEqual([
      [0, 0, 0, 10, 'complete'],
      [1, 1, 2, null, 'running'],
    ]);
    expect(timeline.stageRows).toBe(2);
    expect(timeline.jobSpans).toMatchObject([{ label: 'Job 0', start: 0, end: null, status: 'running' }]);
    expect(timeline.executors[1]).toMatchObject({ added: -5, removed: 11, removeReason: 'worker lost' });
    expect(timeline.executorSummaries).toEqual([
      'executor 0 on host-0, 1 core',
      'executor 1 on host-1, 1 core, removed: worker lost',
    ]);
  });
});

// ---------------------------------------------------------------------------

function sample(): TimelineModel {
  return buildTimelineModel(
    oneStageApp(
      [
        { tid: 0, executor: '0', launch: 0, finish: 10 },
        { tid: 1, executor: '0', launch: 12, finish: 20 },
        { tid: 2, executor: '0', launch: 1, finish: 30 },
        { tid: 3, executor: '1', launch: 15, finish: 18, speculative: true },
        {
          tid: 4,
          executor: '1',
          launch: 20,
          finish: 25,
          attempt: 1,
          index: 1,
          reason: {
            Reason: 'ExceptionFailure',
            'Class Name': 'Error',
            Description: 'boom',
            'Stack Trace': [],
            'Full Stack Trace': 'Error: boom\n    at map (job.js:2:9)',
            'Accumulator Updates': [],
          },
        },
      ],
      [
        ['0', 2],
        ['1', 2],
      ],
    ),
  );
}

describe('geometry, hit testing and keyboard movement', () => {
  const g = DEFAULT_GEOMETRY;

  function context(timeline: TimelineModel, until: number | null = null): HitContext {
    const layout = layoutLanes(timeline, g);
    return { model: timeline, layout, geometry: g, view: { start: 0, scale: 10 }, scrollTop: 0, until, now: Infinity };
  }

  it('finds the attempt under the pointer, and nothing between bars', () => {
    const timeline = sample();
    const ctx = context(timeline);
    const laneY = (lane: number) => ctx.layout.headerHeight + ctx.layout.laneTop[lane] + g.laneHeight / 2;
    const x = (ms: number) => g.gutter + ms * 10;
    const tidAt = (px: number, py: number) => {
      const i = hitTest(ctx, px, py);
      return i === null ? null : timeline.tasks[i].task.taskId;
    };
    expect(tidAt(x(5), laneY(0))).toBe(0);
    expect(tidAt(x(15), laneY(0))).toBe(1);
    expect(tidAt(x(11), laneY(0))).toBeNull(); // the gap between TID 0 and TID 1
    expect(tidAt(x(5), laneY(1))).toBe(2);
    expect(tidAt(x(16), laneY(2))).toBe(3);
    expect(tidAt(x(5), 2)).toBeNull(); // the header
    expect(tidAt(4, laneY(0))).toBeNull(); // the gutter
  });

  it('hides attempts launched after the playhead from hits and from the keyboard', () => {
    const timeline = sample();
    const ctx = context(timeline, 11);
    const laneY = ctx.layout.headerHeight + ctx.layout.laneTop[0] + 5;
    expect(hitTest(ctx, g.gutter + 15 * 10, laneY)).toBeNull();
    const first = timeline.indexByTaskId.get(0)!;
    expect(navigate(timeline, first, 'ArrowRight', 11, Infinity)).toBeNull();
    const shown = taskAt(timeline.tasks[timeline.indexByTaskId.get(2)!], 11, Infinity);
    expect(shown).toEqual({ visible: true, end: 11, outcome: 'running', finished: false });
  });

  it('moves left and right within a lane, up and down across lanes to the nearest attempt in time', () => {
    const timeline = sample();
    const index = (tid: number) => timeline.indexByTaskId.get(tid)!;
    const tid = (i: number | null) => (i === null ? null : timeline.tasks[i].task.taskId);
    expect(tid(navigate(timeline, null, 'ArrowRight', null, Infinity))).toBe(0);
    expect(tid(navigate(timeline, index(0), 'ArrowRight', null, Infinity))).toBe(1);
    expect(tid(navigate(timeline, index(1), 'ArrowLeft', null, Infinity))).toBe(0);
    expect(tid(navigate(timeline, index(0), 'ArrowLeft', null, Infinity))).toBeNull();
    expect(tid(navigate(timeline, index(1), 'ArrowDown', null, Infinity))).toBe(2);
    // From TID 2 (lane 1, 1–30 ms, middle 15.5) down: lane 2 holds TID 3 (15–18) and TID 4 (20–25).
    expect(tid(navigate(timeline, index(2), 'ArrowDown', null, Infinity))).toBe(3);
    expect(tid(navigate(timeline, index(3), 'ArrowUp', null, Infinity))).toBe(2);
    expect(tid(navigate(timeline, index(3), 'End', null, Infinity))).toBe(4);
    // Lane 3 (executor 1's second core) is empty: nothing below.
    expect(tid(navigate(timeline, index(4), 'ArrowDown', null, Infinity))).toBeNull();
  });

  it('details and announces a failed attempt with its reason and metrics', () => {
    const timeline = sample();
    const failed = timeline.tasks[timeline.indexByTaskId.get(4)!];
    const rows = Object.fromEntries(taskDetails(failed).map((r) => [r.label, r.value]));
    expect(rows).toMatchObject({
      Task: '1 (attempt 1), TID 4',
      Stage: '0.0, partition 1',
      Status: 'failed',
      Executor: '1 on host-1',
      Locality: 'PROCESS_LOCAL',
      Launched: '+20 ms',
      Duration: '5 ms',
      Input: '1.5 KiB / 100 records',
      'Shuffle read': '2 KiB / 20 records (2 KiB remote)',
      Failure: 'Error: boom',
    });
    expect(taskAnnouncement(failed)).toBe(
      'Task 1 attempt 1 of stage 0, partition 1: failed on executor 1 (host-1), 5 ms, PROCESS_LOCAL. Reason: Error: boom',
    );
    const speculative = timeline.tasks[timeline.indexByTaskId.get(3)!];
    expect(taskAnnouncement(speculative)).toContain('succeeded (speculative copy)');
  });

  it('zooms around the anchor and reveals a range scrolled out of view', () => {
    const view = fitView(40, 400);
    expect(view.start).toBeCloseTo(-0.8, 9);
    const zoomed = zoomView(view, 2, 200);
    const timeUnder = (v: typeof view, x: number) => v.start + x / v.scale;
    expect(timeUnder(zoomed, 200)).toBeCloseTo(timeUnder(view, 200), 9);
    expect(zoomed.scale).toBeCloseTo(view.scale * 2, 9);
    const revealed = revealRange({ start: 0, scale: 10 }, 100, 110, 400);
    expect(revealed.start + 400 / revealed.scale).toBeGreaterThanOrEqual(110);
    expect(revealRange({ start: 0, scale: 10 }, 10, 20, 400)).toEqual({ start: 0, scale: 10 });
  });

  it('ticks the axis in steps of 1, 2 or 5', () => {
    expect(timeTicks(0, 40, 5)).toEqual({ step: 10, ticks: [0, 10, 20, 30, 40] });
    expect(timeTicks(3, 17, 4).step).toBe(5);
    expect(timeTicks(0, 1, 4).ticks).toEqual([0, 0.5, 1]);
  });
});

describe('modelSignature', () => {
  it('changes when a task ends, not when nothing happened', () => {
    const builder = new AppModelBuilder();
    const events = oneStageAppEvents();
    for (const e of events.slice(0, -1)) builder.add(e);
    const before = modelSignature(builder.model);
    expect(modelSignature(builder.model)).toBe(before);
    builder.add(events[events.length - 1]);
    expect(modelSignature(builder.model)).not.toBe(before);
  });
});

function oneStageAppEvents(): SparkEvent[] {
  return [
    executorAdded('0', 1),
    {
      Event: 'SparkListenerJobStart',
      'Job ID': 0,
      'Submission Time': T0,
      'Stage Infos': [stageInfo(0, 1)],
      'Stage IDs': [0],
      Properties: {},
    },
    ...taskEvents({ tid: 0, executor: '0', launch: 0, finish: 3 }),
  ];
}

// ---------------------------------------------------------------------------

const BOOM: TaskEndReason = {
  Reason: 'ExceptionFailure',
  'Class Name': 'Error',
  Description: 'boom',
  'Stack Trace': [],
  'Full Stack Trace': 'Error: boom',
  'Accumulator Updates': [],
};

/**
 * The events of a live run in the order the driver posts them: two jobs (the
 * second with two stages), three executors × 2 cores and a fourth joining
 * late, every core running tasks back to back with uneven lengths, some
 * attempts failing and retried, speculative copies, an executor lost midway
 * with its running attempts; most ends arrive before the next launch, some a
 * few milliseconds after their finish time.
 */
function liveRunEvents(tasks: number, next: () => number): SparkEvent[] {
  const timed: { at: number; order: number; event: SparkEvent }[] = [];
  let order = 0;
  const at = (time: number, event: SparkEvent) => timed.push({ at: time, order: order++, event });
  for (const id of ['1', '2', '3']) at(-3, executorAdded(id, 2, -3));
  const half = Math.floor(tasks / 2);
  const stages = [
    { id: 0, job: 0, from: 0, to: half },
    { id: 1, job: 1, from: half, to: half + Math.floor(half / 2) },
    { id: 2, job: 1, from: half + Math.floor(half / 2), to: tasks },
  ];
  // Cores: executor id and when each is next free. Executor 4 joins later; executor 3 is lost.
  const cores = ['1', '1', '2', '2', '3', '3'].map((executor) => ({ executor, free: 0 }));
  const lostAt = 40 + Math.floor(tasks / 20);
  let lost = false;
  let tid = 0;
  for (const stage of stages) {
    const startAt = Math.min(...cores.map((c) => c.free));
    if (stage.id !== 2)
      at(startAt, {
        Event: 'SparkListenerJobStart',
        'Job ID': stage.job,
        'Submission Time': T0 + startAt,
        'Stage Infos':
          stage.id === 0
            ? [stageInfo(0, half)]
            : [stageInfo(1, stages[1].to - stages[1].from), stageInfo(2, stages[2].to - stages[2].from)],
        'Stage IDs': stage.id === 0 ? [0] : [1, 2],
        Properties: {},
      });
    const n = stage.to - stage.from;
    at(startAt, {
      Event: 'SparkListenerStageSubmitted',
      'Stage Info': { ...stageInfo(stage.id, n), 'Submission Time': T0 + startAt },
      Properties: {},
    });
    let stageEnd = startAt;
    for (let index = 0; index < n; index++) {
      for (let attempt = 0; ; attempt++) {
        const core = cores.reduce((a, b) => (b.free < a.free ? b : a));
        if (!lost && core.free >= lostAt) {
          lost = true;
          at(lostAt, {
            Event: 'SparkListenerExecutorRemoved',
            Timestamp: T0 + lostAt,
            'Executor ID': '3',
            'Removed Reason': 'worker lost',
          });
          at(lostAt + 1, executorAdded('4', 2, lostAt + 1));
          for (const c of cores) if (c.executor === '3') Object.assign(c, { executor: '4', free: lostAt + 1 });
        }
        const launch = core.free + Math.floor(next() * 2);
        const finish = launch + 1 + Math.floor(next() * 9);
        const fails = next() < 0.03;
        const spec: TaskSpec = {
          tid: tid++,
          stage: stage.id,
          index,
          attempt,
          executor: core.executor,
          launch,
          finish,
          runTime: finish - launch - 1,
          ...(fails ? { reason: BOOM } : {}),
        };
        const [start, end] = taskEvents(spec);
        at(launch, start);
        // Some ends reach the driver a little after their finish time, after later launches.
        at(finish + (next() < 0.3 ? 1 + Math.floor(next() * 4) : 0), end);
        core.free = finish;
        stageEnd = Math.max(stageEnd, finish);
        if (next() < 0.02) {
          // A speculative copy on another core, ending later.
          const other = cores.find((c) => c !== core && c.executor !== core.executor) ?? core;
          const copy: TaskSpec = {
            tid: tid++,
            stage: stage.id,
            index,
            attempt: attempt + 1,
            executor: other.executor,
            launch: Math.max(other.free, launch + 1),
            finish: 0,
            speculative: true,
          };
          copy.finish = copy.launch + 2;
          const [s2, e2] = taskEvents(copy);
          at(copy.launch, s2);
          at(copy.finish, e2);
          other.free = copy.finish;
          stageEnd = Math.max(stageEnd, copy.finish);
        }
        if (!fails) break;
      }
    }
    at(stageEnd, {
      Event: 'SparkListenerStageCompleted',
      'Stage Info': { ...stageInfo(stage.id, n), 'Submission Time': T0 + startAt, 'Completion Time': T0 + stageEnd },
    });
    if (stage.id !== 1)
      at(stageEnd, {
        Event: 'SparkListenerJobEnd',
        'Job ID': stage.job,
        'Completion Time': T0 + stageEnd,
        'Job Result': { Result: 'JobSucceeded' },
      });
  }
  // Ends before launches at the same millisecond, as the driver frees a core before reusing it.
  const rank = (e: SparkEvent) => (e.Event === 'SparkListenerTaskEnd' ? 0 : 1);
  return timed.sort((a, b) => a.at - b.at || rank(a.event) - rank(b.event) || a.order - b.order).map((t) => t.event);
}

/** Feeds `events` to a model in random batches, updating the builder after each; returns the builder's last model. */
function feedInBatches(
  events: SparkEvent[],
  next: () => number,
  check: (incremental: TimelineModel, model: AppModel) => void,
) {
  const app = new AppModelBuilder();
  const builder = new TimelineBuilder();
  let updates = 0;
  for (let i = 0; i < events.length;) {
    const size = 1 + Math.floor(next() ** 3 * 400);
    for (const event of events.slice(i, i + size)) app.add(event);
    i += size;
    check(builder.update(app.model), app.model);
    updates += 1;
  }
  return { builder, model: app.model, updates, last: builder.update(app.model) };
}

describe('TimelineBuilder: the live timeline, updated incrementally', () => {
  it('equals the full rebuild after every batch, whatever the batch sizes', () => {
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const events = liveRunEvents(1500, next);
      const { builder, model, updates, last } = feedInBatches(events, next, (incremental, model) => {
        expect(incremental).toEqual(buildTimelineModel(model));
      });
      expect(last).toEqual(buildTimelineModel(model));
      expect(last.tasks.length).toBeGreaterThan(1500);
      expect(last.executors.map((e) => e.executorId)).toEqual(['1', '2', '3', '4']);
      expect(last.tasks.some((t) => t.outcome === 'failed')).toBe(true);
      // Incremental: rebuilt only while the origin is not known yet (the first job), late ends placing
      // a few attempts again instead.
      expect(builder.rebuilds).toBeLessThanOrEqual(2);
      expect(builder.replaced).toBeGreaterThan(0);
      expect(updates).toBeGreaterThan(10);
    }
  });

  it('ends with the model built from all events at once, for each shipped Spark log fed in pieces', () => {
    for (const name of ['local-1422981780767', 'local-1426533911241', 'spark4-sparkpi-events_1']) {
      const text = readFileSync(new URL(`../../../shared/spark-events/${name}`, import.meta.url), 'utf8');
      const events = parseEventLog(text, name);
      const { last } = feedInBatches(events, random(name.length), (incremental, model) =>
        expect(incremental).toEqual(buildTimelineModel(model)),
      );
      expect(last).toEqual(buildTimelineModel(buildAppModel(events)));
    }
  });

  it('renumbers lanes when executors appear late, gain cores or need an extra lane, event by event', () => {
    const events: SparkEvent[] = [
      ...oneStageAppEvents().slice(1, 2),
      {
        Event: 'SparkListenerStageSubmitted',
        'Stage Info': { ...stageInfo(0, 8), 'Submission Time': T0 },
        Properties: {},
      },
      // Executor 2's tasks come before it is announced; executor 1, sorted before it, joins later.
      ...taskEvents({ tid: 0, executor: '2', launch: 1, finish: 4 }),
      executorAdded('1', 1, 2),
      ...taskEvents({ tid: 1, executor: '1', launch: 3 }),
      executorAdded('2', 3, 3),
      // Three at once on one core: executor 1 needs two extra lanes, and executor 2's lanes move down.
      ...taskEvents({ tid: 2, executor: '1', launch: 5, finish: 9 }),
      ...taskEvents({ tid: 3, executor: '1', launch: 6, finish: 7 }),
      ...taskEvents({ tid: 4, executor: '2', launch: 8, finish: 10 }),
    ];
    // Ends after every start here, so running attempts hold their lanes while the others arrive.
    const starts = events.filter((e) => e.Event !== 'SparkListenerTaskEnd');
    const ends = events.filter((e) => e.Event === 'SparkListenerTaskEnd');
    const app = new AppModelBuilder();
    const builder = new TimelineBuilder();
    for (const event of [...starts, ...ends]) {
      app.add(event);
      expect(builder.update(app.model)).toEqual(buildTimelineModel(app.model));
    }
    const last = builder.update(app.model);
    expect(last.executors.map((e) => [e.executorId, e.firstLane, e.laneCount])).toEqual([
      ['1', 0, 3],
      ['2', 3, 3],
    ]);
    expect(builder.rebuilds).toBeLessThanOrEqual(1);
  });

  it('places an attempt again when a slot turns out free for it after it was placed higher', () => {
    // Task 0's end (at 5) arrives after task 1 (launched at 6) was placed: 1 went to slot 1, it belongs in slot 0.
    const app = new AppModelBuilder();
    for (const event of oneStageAppEvents().slice(0, 2)) app.add(event);
    app.add(executorAdded('0', 2));
    const [start0, end0] = taskEvents({ tid: 0, executor: '0', launch: 0, finish: 5 });
    const [start1] = taskEvents({ tid: 1, executor: '0', launch: 6 });
    const builder = new TimelineBuilder();
    app.add(start0);
    builder.update(app.model);
    app.add(start1);
    expect(builder.update(app.model).tasks.map((t) => t.lane)).toEqual([0, 1]);
    app.add(end0);
    const after = builder.update(app.model);
    expect(after.tasks.map((t) => t.lane)).toEqual([0, 0]);
    expect(after).toEqual(buildTimelineModel(app.model));
    expect(after.lanes.map((l) => l.tasks)).toEqual([[0, 1], []]);
    expect([builder.rebuilds, builder.replaced]).toEqual([1, 1]);
  });

  it('keeps indices of placed attempts stable between updates, and starts over for a new model', () => {
    const next = random(7);
    const events = liveRunEvents(300, next);
    const app = new AppModelBuilder();
    const builder = new TimelineBuilder();
    for (const event of events.slice(0, events.length / 2)) app.add(event);
    const first = builder.update(app.model);
    const ids = first.tasks.map((t) => t.task.taskId);
    for (const event of events.slice(events.length / 2)) app.add(event);
    const second = builder.update(app.model);
    expect(second.tasks.slice(0, ids.length).map((t) => t.task.taskId)).toEqual(ids);
    const fresh = buildAppModel(events.slice(0, 10));
    expect(builder.update(fresh)).toEqual(buildTimelineModel(fresh));
  });
});
