import { readFileSync } from 'node:fs';
import ELK from 'elkjs/lib/elk.bundled.js';
import { afterEach, describe, expect, it } from 'vitest';
import { SparkContext } from '../../engine/context';
import {
  buildAppModel,
  emptyTaskMetrics,
  parseEventLog,
  storageLevelJson,
  type AppModel,
  type SparkEvent,
  type StageInfo,
  type TaskInfo,
} from '../../engine/events';
import { buildJobDag, callsiteLine, dagStructureKey, type JobDag } from '../../playground/views/dag-model';
import {
  approximateMeasure,
  layoutKey,
  readElkLayout,
  roundedPath,
  toElkGraph,
  type DagLayout,
} from '../../playground/views/dag-layout';

function realLogModel(name: string): AppModel {
  const text = readFileSync(new URL(`../../../shared/spark-events/${name}`, import.meta.url), 'utf8');
  return buildAppModel(parseEventLog(text, name));
}

function dagOf(model: AppModel, jobId: number): JobDag {
  const dag = buildJobDag(model, jobId);
  if (!dag) throw new Error(`no job ${jobId}`);
  return dag;
}

async function layOut(dag: JobDag): Promise<DagLayout> {
  return readElkLayout(dag, await new ELK().layout(toElkGraph(dag, approximateMeasure)));
}

/** The line of the caller, as the engine's call sites will name it. */
function lineHere(): number {
  const frame = new Error().stack?.split('\n')[2] ?? '';
  return Number(/:(\d+):\d+\)?$/.exec(frame)?.[1]);
}

let sc: SparkContext | null = null;
afterEach(async () => {
  await sc?.stop();
  sc = null;
});

async function wordCountRun(failFirstReduceTask = false): Promise<{ model: AppModel; line: number }> {
  const events: SparkEvent[] = [];
  sc = new SparkContext({ onEvent: (e) => events.push(e) });
  await sc.ready;
  if (failFirstReduceTask) sc.faults.inject({ kind: 'failTask', stageId: 1, partition: 0, message: 'boom' });
  // Each call of the chain below is on its own line, and each RDD's call site names that line.
  const line = lineHere() + 2;
  const counts = sc
    .parallelize(['a', 'b', 'a', 'c', 'b', 'a'], 3)
    .map((w) => [w, 1] as [string, number])
    .reduceByKey((a, b) => a + b)
    .cache();
  await counts.count();
  await counts.collect();
  return { model: buildAppModel(events), line };
}

describe('buildJobDag on a real local run (reduceByKey, cached, run twice)', () => {
  it('cuts the first job at the shuffle: parallelize → map in stage 0, reduceByKey in stage 1', async () => {
    const { model, line } = await wordCountRun();
    const dag = dagOf(model, 0);
    expect(dag.stages.map((s) => [s.stageId, s.status, s.progressText])).toEqual([
      [0, 'complete', '3/3 tasks'],
      [1, 'complete', '3/3 tasks'],
    ]);
    expect(dag.stages[0].rdds.map((r) => [r.operator, r.className, r.line])).toEqual([
      ['parallelize', 'ParallelCollectionRDD', line],
      ['map', 'MapPartitionsRDD', line + 1],
    ]);
    expect(dag.stages[1].rdds.map((r) => [r.operator, r.className, r.cached, r.line])).toEqual([
      ['reduceByKey', 'ShuffledRDD', true, line + 2],
    ]);
    expect(dag.edges).toEqual([
      { key: 's0r0>s0r1', from: 's0r0', to: 's0r1', shuffle: false },
      { key: 's0r1>s1r2', from: 's0r1', to: 's1r2', shuffle: true },
    ]);
    expect(dag.lineageKnown).toBe(true);
    expect(dag.summary).toBe('Job 0: 2 stages, 6 tasks; succeeded.');
  });

  it('shows the second job map stage as skipped, and the cached RDD with its partitions in storage', async () => {
    const { model } = await wordCountRun();
    const dag = dagOf(model, 1);
    expect(dag.stages.map((s) => [s.stageId, s.status, s.progressText])).toEqual([
      [2, 'skipped', '3 tasks, not run'],
      [3, 'complete', '3/3 tasks'],
    ]);
    const cached = dag.stages[1].rdds[0];
    expect(cached.accessibleName).toContain('cached, 3 of 3 partitions in storage');
    expect(dag.edges.find((e) => e.shuffle)).toMatchObject({ from: 's2r1', to: 's3r2' });
    expect(dag.summary).toBe('Job 1: 2 stages (1 skipped), 3 tasks; succeeded.');
  });

  it('counts a failed task attempt on its stage and in the summary', async () => {
    const { model } = await wordCountRun(true);
    const dag = dagOf(model, 0);
    expect(dag.stages[1]).toMatchObject({
      status: 'complete',
      failedAttempts: 1,
      progressText: '3/3 tasks, 1 failed attempt',
    });
    expect(dag.summary).toBe('Job 0: 2 stages, 6 tasks, 1 failed attempt; succeeded.');
  });
});

describe('buildJobDag on real Spark logs', () => {
  it('reads the Spark 1.2 log: a failed job, and no lineage to draw', () => {
    const model = realLogModel('local-1422981780767');
    const dag = dagOf(model, 1);
    expect(dag.stages.map((s) => [s.stageId, s.status])).toEqual([
      [1, 'complete'],
      [2, 'failed'],
    ]);
    expect(dag.stages[1]).toMatchObject({ progressText: '7/8 tasks, 1 failed attempt', failedAttempts: 1 });
    expect(dag.lineageKnown).toBe(false);
    expect(dag.edges).toEqual([]);
    // Spark 1.2 named RDDs by number only: no class name is made up from it.
    expect(dag.stages[0].rdds.map((r) => [r.rddId, r.operator, r.className])).toEqual([
      [0, 'RDD 0', undefined],
      [1, 'RDD 1', undefined],
    ]);
    expect(dagOf(model, 0).stages[0].rdds[0].cached).toBe(true);
    expect(dag.summary).toBe('Job 1: 2 stages, 16 tasks, 1 failed attempt; failed.');
  });

  it('reads the Spark 4 SparkPi log: parallelize → map at lines 34, in one stage', () => {
    const dag = dagOf(realLogModel('spark4-sparkpi-events_1'), 0);
    expect(dag.stages).toHaveLength(1);
    expect(dag.stages[0].rdds.map((r) => [r.operator, r.className, r.line, r.callsite])).toEqual([
      ['parallelize', 'ParallelCollectionRDD', 34, 'parallelize at SparkPi.scala:34'],
      ['map', 'MapPartitionsRDD', 34, 'map at SparkPi.scala:34'],
    ]);
    expect(dag.edges).toEqual([{ key: 's0r0>s0r1', from: 's0r0', to: 's0r1', shuffle: false }]);
  });

  it('reads every shipped log without throwing, one DAG per job', () => {
    for (const name of [
      'local-1422981780767',
      'local-1426533911241',
      'local-1430917381534',
      'spark4-sparkpi-events_1',
    ]) {
      const model = realLogModel(name);
      for (const jobId of model.jobs.keys()) expect(dagOf(model, jobId).stages.length).toBeGreaterThan(0);
    }
  });

  it('returns undefined for a job the model does not have', () => {
    expect(buildJobDag(realLogModel('local-1426533911241'), 7)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------
// A job still running, and a stage retried: synthetic Spark 4 events.

const NONE = storageLevelJson({ useDisk: false, useMemory: false, deserialized: false, replication: 1 });

function info(
  stageId: number,
  rdds: [number, string, number[]][],
  parents: number[],
  attempt = 0,
  numTasks = 2,
): StageInfo {
  return {
    'Stage ID': stageId,
    'Stage Attempt ID': attempt,
    'Stage Name': `stage ${stageId}`,
    'Number of Tasks': numTasks,
    'RDD Info': rdds.map(([id, scope, parentIds]) => ({
      'RDD ID': id,
      Name: 'MapPartitionsRDD',
      Scope: JSON.stringify({ id: String(id), name: scope }),
      Callsite: `${scope} at job.js:${id + 1}`,
      'Parent IDs': parentIds,
      'Storage Level': NONE,
      'Number of Partitions': numTasks,
      'Number of Cached Partitions': 0,
      'Memory Size': 0,
      'Disk Size': 0,
    })),
    'Parent IDs': parents,
    Details: '',
    Accumulables: [],
  };
}

function task(tid: number, index: number, attempt = 0): TaskInfo {
  return {
    'Task ID': tid,
    Index: index,
    Attempt: attempt,
    'Partition ID': index,
    'Launch Time': 1000 + tid,
    'Executor ID': '0',
    Host: 'host-0',
    Locality: 'PROCESS_LOCAL',
    Speculative: false,
    'Getting Result Time': 0,
    'Finish Time': 0,
    Failed: false,
    Killed: false,
    Accumulables: [],
  };
}

/** A join: two map stages (0 and 1) feeding stage 2, whose cogroup RDD reads both. */
const joinStages = () => [
  info(0, [[0, 'parallelize', []]], []),
  info(1, [[1, 'parallelize', []]], []),
  info(
    2,
    [
      [2, 'join', [0, 1]],
      [3, 'join', [2]],
    ],
    [0, 1],
  ),
];

describe('buildJobDag while a job runs', () => {
  const start: SparkEvent = {
    Event: 'SparkListenerJobStart',
    'Job ID': 0,
    'Submission Time': 1000,
    'Stage Infos': joinStages(),
    'Stage IDs': [0, 1, 2],
    Properties: {},
  };

  it('shows submitted stages running and the rest pending, with shuffle edges from both parents', () => {
    const model = buildAppModel([
      start,
      { Event: 'SparkListenerStageSubmitted', 'Stage Info': joinStages()[0], Properties: {} },
      { Event: 'SparkListenerTaskStart', 'Stage ID': 0, 'Stage Attempt ID': 0, 'Task Info': task(0, 0) },
    ]);
    const dag = dagOf(model, 0);
    expect(dag.stages.map((s) => [s.stageId, s.status, s.progressText])).toEqual([
      [0, 'running', '0/2 tasks, 1 running'],
      [1, 'pending', '0/2 tasks'],
      [2, 'pending', '0/2 tasks'],
    ]);
    expect(dag.edges.filter((e) => e.shuffle).map((e) => `${e.from}>${e.to}`)).toEqual(['s0r0>s2r2', 's1r1>s2r2']);
    expect(dag.summary).toBe('Job 0: 3 stages, 6 tasks; running.');
  });

  it('titles a retried stage with its attempt and keeps the earlier attempts’ failures', () => {
    const fetchFailed = {
      Event: 'SparkListenerTaskEnd',
      'Stage ID': 2,
      'Stage Attempt ID': 0,
      'Task Type': 'ResultTask',
      'Task End Reason': {
        Reason: 'FetchFailed',
        'Shuffle ID': 0,
        'Map ID': 0,
        'Reduce ID': 0,
        Message: 'lost',
      },
      'Task Info': { ...task(4, 0), 'Finish Time': 1010, Failed: true },
      'Task Metrics': emptyTaskMetrics(),
    } as SparkEvent;
    const model = buildAppModel([
      start,
      { Event: 'SparkListenerStageSubmitted', 'Stage Info': joinStages()[2], Properties: {} },
      { Event: 'SparkListenerTaskStart', 'Stage ID': 2, 'Stage Attempt ID': 0, 'Task Info': task(4, 0) },
      fetchFailed,
      {
        Event: 'SparkListenerStageCompleted',
        'Stage Info': { ...joinStages()[2], 'Submission Time': 1000, 'Failure Reason': 'FetchFailed' },
      },
      {
        Event: 'SparkListenerStageSubmitted',
        'Stage Info': info(
          2,
          [
            [2, 'join', [0, 1]],
            [3, 'join', [2]],
          ],
          [0, 1],
          1,
        ),
        Properties: {},
      },
    ]);
    const stage = dagOf(model, 0).stages[2];
    expect(stage).toMatchObject({ title: 'Stage 2 (attempt 2)', status: 'running', attempts: 2, failedAttempts: 1 });
  });
});

describe('callsiteLine', () => {
  it('reads the line from Spark and Kindling call sites', () => {
    expect(callsiteLine('reduceByKey at wordcount.js:4')).toBe(4);
    expect(callsiteLine('map at <console>:14')).toBe(14);
    expect(callsiteLine('map at program.js:12:5')).toBe(12);
    expect(callsiteLine('unknown')).toBeNull();
    expect(callsiteLine(undefined)).toBeNull();
  });
});

describe('the DAG laid out by ELK', () => {
  it('puts every RDD inside its stage box, stages apart, and shuffle edges between the right nodes', async () => {
    const model = buildAppModel([
      {
        Event: 'SparkListenerJobStart',
        'Job ID': 0,
        'Submission Time': 1000,
        'Stage Infos': joinStages(),
        'Stage IDs': [0, 1, 2],
        Properties: {},
      },
    ]);
    const dag = dagOf(model, 0);
    const layout = await layOut(dag);
    expect(layout.stages).toHaveLength(3);
    for (const stage of layout.stages) {
      for (const rdd of stage.rdds) {
        expect(rdd.x).toBeGreaterThanOrEqual(stage.x);
        expect(rdd.y).toBeGreaterThanOrEqual(stage.y + 40); // below the stage's header
        expect(rdd.x + rdd.width).toBeLessThanOrEqual(stage.x + stage.width);
        expect(rdd.y + rdd.height).toBeLessThanOrEqual(stage.y + stage.height);
      }
    }
    const [a, b, c] = layout.stages;
    const overlap = (p: typeof a, q: typeof a) =>
      p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
    expect([overlap(a, b), overlap(a, c), overlap(b, c)]).toEqual([false, false, false]);
    // Top to bottom: the map stages above the stage that reads them.
    expect(c.y).toBeGreaterThan(a.y + a.height - 1);

    const byKey = new Map(layout.stages.flatMap((s) => s.rdds.map((r) => [r.rdd.key, r] as const)));
    for (const { edge, points } of layout.edges) {
      const from = byKey.get(edge.from)!;
      const to = byKey.get(edge.to)!;
      const first = points[0];
      const last = points[points.length - 1];
      expect(Math.abs(first.y - (from.y + from.height))).toBeLessThan(1); // leaves the parent's bottom
      expect(Math.abs(last.y - to.y)).toBeLessThan(1); // enters the child's top
      expect(last.x).toBeGreaterThanOrEqual(to.x);
      expect(last.x).toBeLessThanOrEqual(to.x + to.width);
    }
    expect(layout.edges.map((e) => e.edge.shuffle)).toEqual([true, true, false]);
    expect(layout.order).toEqual(['s0r0', 's1r1', 's2r2', 's2r3']);
  });

  it('lays out again only when the shape or a header width changes', async () => {
    const { model } = await wordCountRun();
    const dag = dagOf(model, 0);
    const key = layoutKey(dag, dagStructureKey(dag), approximateMeasure);
    const again = dagOf(model, 0);
    expect(layoutKey(again, dagStructureKey(again), approximateMeasure)).toBe(key);
    const grown = {
      ...again,
      stages: again.stages.map((s) => ({ ...s, progressText: `${s.progressText}, 12 failed attempts` })),
    };
    expect(layoutKey(grown, dagStructureKey(grown), approximateMeasure)).not.toBe(key);
  });

  it('rounds the corners of edge paths', () => {
    expect(
      roundedPath(
        [
          { x: 0, y: 0 },
          { x: 0, y: 20 },
          { x: 20, y: 20 },
        ],
        6,
      ),
    ).toBe('M0,0 L0,14 Q0,20 6,20 L20,20');
  });
});
