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
import { buildTimelineModel, taskPhases, type TimelineModel } from '../../playground/views/timeline-model';
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
