import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AppModelBuilder,
  buildAppModel,
  emptyTaskMetrics,
  parseEventLog,
  stageKey,
  storageLevelJson,
  taskEndReasonMessage,
  type AppModel,
  type SparkEvent,
  type StageInfo,
  type TaskEndReason,
  type TaskInfo,
} from '../../engine/events';

function realLogModel(name: string): AppModel {
  const text = readFileSync(new URL(`../../../shared/spark-events/${name}`, import.meta.url), 'utf8');
  return buildAppModel(parseEventLog(text, name));
}

function realLogEvents(name: string): SparkEvent[] {
  return parseEventLog(readFileSync(new URL(`../../../shared/spark-events/${name}`, import.meta.url), 'utf8'));
}

function stage(model: AppModel, id: number, attempt = 0) {
  const found = model.stages.get(stageKey(id, attempt));
  if (!found) throw new Error(`no stage ${stageKey(id, attempt)}`);
  return found;
}

function job(model: AppModel, id: number) {
  const found = model.jobs.get(id);
  if (!found) throw new Error(`no job ${id}`);
  return found;
}

describe('buildAppModel on the Spark 1.2 log with a failed job (local-1422981780767)', () => {
  const model = realLogModel('local-1422981780767');

  it('has the application, without a Spark version (no LogStart in 1.2)', () => {
    expect(model.application).toMatchObject({
      id: 'local-1422981780767',
      name: 'Spark shell',
      startTime: 1422981779720,
      endTime: 1422981788731,
    });
    expect(model.application.sparkVersion).toBeUndefined();
  });

  it('has three jobs; the second failed with the task exception in its message', () => {
    expect([...model.jobs.keys()]).toEqual([0, 1, 2]);
    expect(job(model, 0)).toMatchObject({ status: 'succeeded', stageIds: [0], numTasks: 8 });
    expect(job(model, 2)).toMatchObject({ status: 'succeeded', stageIds: [3], numTasks: 8 });
    const failed = job(model, 1);
    expect(failed.status).toBe('failed');
    expect(failed.stageIds).toEqual([1, 2]);
    expect(failed.stages).toEqual([
      { stageId: 1, name: 'map at <console>:14', numTasks: 8, skipped: false },
      { stageId: 2, name: 'count at <console>:20', numTasks: 8, skipped: false },
    ]);
    expect(failed.failureMessage).toMatch(
      /^Job aborted due to stage failure: Task 3 in stage 2\.0 failed 1 times, most recent failure: Lost task 3\.0 in stage 2\.0 \(TID 19, localhost\): java\.lang\.RuntimeException: got a 3, failing/,
    );
    expect(failed.submissionTime).toBeUndefined(); // Spark 1.2 did not log job times
  });

  it('has four stages of 8 tasks; stage 2 failed', () => {
    expect([...model.stages.keys()]).toEqual(['0.0', '1.0', '2.0', '3.0']);
    for (const s of model.stages.values()) {
      expect(s.numTasks).toBe(8);
      expect(s.taskIds).toHaveLength(8);
    }
    expect([0, 1, 3].map((id) => stage(model, id).status)).toEqual(['complete', 'complete', 'complete']);
    expect(stage(model, 2).status).toBe('failed');
    expect(stage(model, 2).failureReason).toContain('got a 3, failing');
    expect(stage(model, 2).taskCounts).toEqual({ active: 0, complete: 7, failed: 1, killed: 0 });
    expect(stage(model, 2).jobIds).toEqual([1]);
  });

  it('has the failed task with its ExceptionFailure', () => {
    expect(model.tasks.size).toBe(32);
    const task = model.tasks.get(19);
    expect(task).toMatchObject({ stageId: 2, stageAttemptId: 0, index: 3, attempt: 0, status: 'failed' });
    expect(task?.reason).toMatchObject({
      Reason: 'ExceptionFailure',
      'Class Name': 'java.lang.RuntimeException',
      Description: 'got a 3, failing',
    });
    expect(task?.errorMessage?.split('\n')[0]).toBe('java.lang.RuntimeException: got a 3, failing');
    expect([...model.tasks.values()].filter((t) => t.status === 'success')).toHaveLength(31);
  });

  it('shows the cached RDD once its stage completed', () => {
    const [rdd] = stage(model, 0).rdds;
    expect(rdd).toMatchObject({ rddId: 0, numPartitions: 8, numCachedPartitions: 8, memorySize: 28000128 });
    expect(rdd.storageLevel['Use Memory']).toBe(true);
    expect(model.tasks.get(3)?.rawMetrics?.['Updated Blocks']?.[0]['Block ID']).toBe('rdd_0_3');
  });

  it('sums 1.2 metrics (no record counts then)', () => {
    expect(stage(model, 1).metrics).toMatchObject({
      shuffleWriteBytes: 13180,
      shuffleWriteRecords: 0,
      inputBytes: 28000128,
    });
    expect(stage(model, 3).metrics.inputBytes).toBe(160);
  });

  it('knows the executor "<driver>" from its block manager alone', () => {
    expect([...model.executors.values()]).toEqual([
      expect.objectContaining({
        executorId: '<driver>',
        isDriver: true,
        host: 'localhost',
        maxMemory: 278302556,
        taskCounts: { active: 0, complete: 31, failed: 1, killed: 0 },
      }),
    ]);
  });
});

describe('buildAppModel on the other real logs', () => {
  it('reads local-1426533911241: 1 job, 1 stage, 8 tasks on "driver"', () => {
    const model = realLogModel('local-1426533911241');
    expect(model.jobs.size).toBe(1);
    expect(job(model, 0).status).toBe('succeeded');
    expect([...model.stages.keys()]).toEqual(['0.0']);
    expect(stage(model, 0).taskCounts.complete).toBe(8);
    expect([...model.executors.keys()]).toEqual(['driver']);
  });

  it('reads the Spark 1.4 log: 100 map tasks writing shuffle, 10 reduce tasks reading it', () => {
    const model = realLogModel('local-1430917381534');
    expect(model.application.sparkVersion).toBe('1.4.0');
    expect(job(model, 0)).toMatchObject({
      status: 'succeeded',
      stageIds: [0, 1],
      numTasks: 110,
      submissionTime: 1430917386422,
      completionTime: 1430917387589,
    });
    const map = stage(model, 0);
    const reduce = stage(model, 1);
    expect([map.numTasks, map.taskIds.length, reduce.numTasks, reduce.taskIds.length]).toEqual([100, 100, 10, 10]);
    expect(map.metrics).toMatchObject({
      shuffleWriteBytes: 171000,
      shuffleWriteRecords: 1000,
      inputBytes: 6944448,
      inputRecords: 1000000,
    });
    expect(reduce.metrics).toMatchObject({ shuffleReadBytes: 171000, shuffleReadRecords: 1000, shuffleWriteBytes: 0 });
    expect(model.tasks.get(map.taskIds[0])?.taskType).toBe('ShuffleMapTask');
    expect(model.tasks.get(reduce.taskIds[0])?.taskType).toBe('ResultTask');
  });

  it('reads the Spark 4 SparkPi log: 1 job, 1 stage, 2 tasks', () => {
    const model = realLogModel('spark4-sparkpi-events_1');
    expect(model.application).toMatchObject({
      id: 'local-1766844910796',
      name: "<script>alert('XSS')</script>",
      sparkVersion: '4.2.0-SNAPSHOT',
      exitCode: 0,
    });
    expect(model.application.sparkProperties['spark.app.name']).toBeDefined();
    expect(model.executors.get('driver')).toMatchObject({ isDriver: true, host: '192.168.1.109', cores: 10 });
    expect(job(model, 0)).toMatchObject({ status: 'succeeded', stageIds: [0], numTasks: 2 });
    const s = stage(model, 0);
    expect(s).toMatchObject({ name: 'reduce at SparkPi.scala:38', status: 'complete', numTasks: 2, parentIds: [] });
    expect(s.rdds[0]).toMatchObject({
      rddId: 1,
      name: 'MapPartitionsRDD',
      scope: { id: '1', name: 'map' },
      callsite: 'map at SparkPi.scala:34',
      parentIds: [0],
    });
    const tasks = s.taskIds.map((tid) => model.tasks.get(tid));
    expect(tasks.map((t) => [t?.partitionId, t?.status, t?.locality])).toEqual([
      [0, 'success', 'PROCESS_LOCAL'],
      [1, 'success', 'PROCESS_LOCAL'],
    ]);
    expect(tasks[0]?.finishTime).toBe(1766844912180);
  });

  it('reads a log cut short while a task ran: job and stage still running', () => {
    const events = realLogEvents('spark4-sparkpi-events_1');
    const firstTaskEnd = events.findIndex((e) => e.Event === 'SparkListenerTaskEnd');
    const model = buildAppModel(events.slice(0, firstTaskEnd + 1));
    expect(model.application.endTime).toBeUndefined();
    expect(job(model, 0).status).toBe('running');
    expect(stage(model, 0).status).toBe('active');
    expect(stage(model, 0).taskCounts).toEqual({ active: 1, complete: 1, failed: 0, killed: 0 });
    const running = model.tasks.get(0);
    expect(running?.status).toBe('running');
    expect([running?.finishTime, running?.reason, running?.metrics]).toEqual([undefined, undefined, undefined]);
  });

  it('updates the same model in place as events arrive one at a time', () => {
    const events = realLogEvents('spark4-sparkpi-events_1');
    const builder = new AppModelBuilder();
    const model = builder.model;
    const firstTaskStart = events.findIndex((e) => e.Event === 'SparkListenerTaskStart');
    for (const e of events.slice(0, firstTaskStart + 1)) builder.add(e);
    expect(model.tasks.get(0)?.status).toBe('running');
    expect(model.jobs.get(0)?.status).toBe('running');
    for (const e of events.slice(firstTaskStart + 1)) builder.add(e);
    expect(builder.model).toBe(model);
    expect(model.tasks.get(0)?.status).toBe('success');
    expect(model.jobs.get(0)?.status).toBe('succeeded');
    expect(model.application.endTime).toBe(1766844912221);
  });
});

// ---------------------------------------------------------------------------
// Synthetic Spark 4 events for what the real logs do not contain.

const NO_STORAGE = storageLevelJson({ useDisk: false, useMemory: false, deserialized: false, replication: 1 });

function stageInfo(id: number, numTasks: number, parents: number[] = [], attempt = 0): StageInfo {
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
        'Storage Level': NO_STORAGE,
        'Number of Partitions': numTasks,
        'Number of Cached Partitions': 0,
        'Memory Size': 0,
        'Disk Size': 0,
      },
    ],
    'Parent IDs': parents,
    Details: '',
    Accumulables: [],
  };
}

function taskInfo(tid: number, index: number, attempt = 0, finish = 0): TaskInfo {
  return {
    'Task ID': tid,
    Index: index,
    Attempt: attempt,
    'Partition ID': index,
    'Launch Time': 1000 + tid,
    'Executor ID': String(tid % 2),
    Host: `host-${tid % 2}`,
    Locality: 'PROCESS_LOCAL',
    Speculative: false,
    'Getting Result Time': 0,
    'Finish Time': finish,
    Failed: false,
    Killed: false,
    Accumulables: [],
  };
}

const jobStart = (jobId: number, stages: StageInfo[]): SparkEvent => ({
  Event: 'SparkListenerJobStart',
  'Job ID': jobId,
  'Submission Time': 100 * jobId,
  'Stage Infos': stages,
  'Stage IDs': stages.map((s) => s['Stage ID']),
  Properties: {},
});
const jobEnd = (jobId: number, failure?: string): SparkEvent => ({
  Event: 'SparkListenerJobEnd',
  'Job ID': jobId,
  'Completion Time': 100 * jobId + 50,
  'Job Result': failure ? { Result: 'JobFailed', Exception: { Message: failure } } : { Result: 'JobSucceeded' },
});
const submitted = (info: StageInfo): SparkEvent => ({
  Event: 'SparkListenerStageSubmitted',
  'Stage Info': { ...info, 'Submission Time': 1 },
  Properties: {},
});
const completed = (info: StageInfo, failure?: string): SparkEvent => ({
  Event: 'SparkListenerStageCompleted',
  'Stage Info': {
    ...info,
    'Submission Time': 1,
    'Completion Time': 2,
    ...(failure ? { 'Failure Reason': failure } : {}),
  },
});
const taskStart = (stageId: number, info: TaskInfo, stageAttempt = 0): SparkEvent => ({
  Event: 'SparkListenerTaskStart',
  'Stage ID': stageId,
  'Stage Attempt ID': stageAttempt,
  'Task Info': info,
});
function taskEnd(
  stageId: number,
  info: TaskInfo,
  reason: TaskEndReason = { Reason: 'Success' },
  stageAttempt = 0,
): SparkEvent {
  const metrics = emptyTaskMetrics();
  metrics['Shuffle Write Metrics']['Shuffle Bytes Written'] = 10;
  return {
    Event: 'SparkListenerTaskEnd',
    'Stage ID': stageId,
    'Stage Attempt ID': stageAttempt,
    'Task Type': 'ShuffleMapTask',
    'Task End Reason': reason,
    'Task Info': { ...info, 'Finish Time': info['Launch Time'] + 5, Failed: reason.Reason !== 'Success' },
    'Task Metrics': metrics,
  };
}
/** Submits a stage, runs one successful task per partition, completes it. */
function runStage(info: StageInfo, firstTid: number): SparkEvent[] {
  const tids = Array.from({ length: info['Number of Tasks'] }, (_, i) => firstTid + i);
  return [
    submitted(info),
    ...tids.map((tid, i) => taskStart(info['Stage ID'], taskInfo(tid, i), info['Stage Attempt ID'])),
    ...tids.map((tid, i) => taskEnd(info['Stage ID'], taskInfo(tid, i), undefined, info['Stage Attempt ID'])),
    completed(info),
  ];
}

describe('skipped stages', () => {
  it('marks a stage listed by a later job but never submitted as skipped', () => {
    // Job 0: map stage 0 then result stage 1. Job 1 reuses the shuffle: its map stage 2 is skipped.
    const events = [
      jobStart(0, [stageInfo(0, 2), stageInfo(1, 3, [0])]),
      ...runStage(stageInfo(0, 2), 0),
      ...runStage(stageInfo(1, 3, [0]), 2),
      jobEnd(0),
      jobStart(1, [stageInfo(2, 2), stageInfo(3, 3, [2])]),
      ...runStage(stageInfo(3, 3, [2]), 5),
      jobEnd(1),
    ];
    const model = buildAppModel(events);
    expect(job(model, 0).stages.map((s) => s.skipped)).toEqual([false, false]);
    expect(job(model, 1)).toMatchObject({
      stageIds: [2, 3],
      stages: [
        { stageId: 2, numTasks: 2, skipped: true },
        { stageId: 3, numTasks: 3, skipped: false },
      ],
      numTasks: 5,
      numSkippedStages: 1,
      numSkippedTasks: 2,
    });
    expect(stage(model, 2)).toMatchObject({ status: 'skipped', taskIds: [], jobIds: [1] });
    expect(stage(model, 3)).toMatchObject({ status: 'complete', parentIds: [2] });
  });

  it('keeps a listed stage pending while its job runs', () => {
    const events = [jobStart(0, [stageInfo(0, 2), stageInfo(1, 1, [0])]), submitted(stageInfo(0, 2))];
    const model = buildAppModel(events);
    expect(stage(model, 0).status).toBe('active');
    expect(stage(model, 1).status).toBe('pending');
    expect(job(model, 0).stages.every((s) => !s.skipped)).toBe(true);
  });

  it('does not call a stage skipped when another job was already running it', () => {
    const shared = stageInfo(0, 1);
    const events = [
      jobStart(0, [shared, stageInfo(1, 1, [0])]),
      submitted(shared),
      jobStart(1, [shared, stageInfo(2, 1, [0])]),
      taskStart(0, taskInfo(0, 0)),
      taskEnd(0, taskInfo(0, 0)),
      completed(shared),
      ...runStage(stageInfo(1, 1, [0]), 1),
      jobEnd(0),
      ...runStage(stageInfo(2, 1, [0]), 2),
      jobEnd(1),
    ];
    const model = buildAppModel(events);
    expect(job(model, 1).stages.map((s) => s.skipped)).toEqual([false, false]);
    expect(stage(model, 0).jobIds).toEqual([0, 1]);
  });

  it('shows stages a failed job never reached as skipped, as Spark UI does', () => {
    const boom: TaskEndReason = {
      Reason: 'ExceptionFailure',
      'Class Name': 'Error',
      Description: 'boom',
      'Stack Trace': [],
      'Full Stack Trace': 'Error: boom\n    at map (job.js:2:9)',
      'Accumulator Updates': [],
    };
    const events = [
      jobStart(0, [stageInfo(0, 1), stageInfo(1, 1, [0])]),
      submitted(stageInfo(0, 1)),
      taskStart(0, taskInfo(0, 0)),
      taskEnd(0, taskInfo(0, 0), boom),
      completed(stageInfo(0, 1), 'Job aborted due to stage failure: boom'),
      jobEnd(0, 'Job aborted due to stage failure: boom'),
    ];
    const model = buildAppModel(events);
    expect(job(model, 0)).toMatchObject({ status: 'failed', failureMessage: 'Job aborted due to stage failure: boom' });
    expect(stage(model, 0).status).toBe('failed');
    expect(stage(model, 1).status).toBe('skipped');
    expect(model.tasks.get(0)?.errorMessage).toBe('Error: boom\n    at map (job.js:2:9)');
  });
});

describe('retries and lost executors', () => {
  it('keeps each stage attempt apart and each task attempt apart', () => {
    const fetchFailed: TaskEndReason = {
      Reason: 'FetchFailed',
      'Block Manager Address': { 'Executor ID': '1', Host: 'host-1', Port: 7337 },
      'Shuffle ID': 0,
      'Map ID': 1,
      'Map Index': 1,
      'Reduce ID': 0,
      Message: 'executor 1 lost',
    };
    const events = [
      jobStart(0, [stageInfo(0, 2), stageInfo(1, 1, [0])]),
      ...runStage(stageInfo(0, 2), 0),
      submitted(stageInfo(1, 1, [0])),
      taskStart(1, taskInfo(2, 0)),
      taskEnd(1, taskInfo(2, 0), fetchFailed),
      completed(stageInfo(1, 1, [0]), 'FetchFailed'),
      ...runStage(stageInfo(0, 1, [], 1), 3),
      ...runStage(stageInfo(1, 1, [0], 1), 4),
      jobEnd(0),
    ];
    const model = buildAppModel(events);
    expect([...model.stages.keys()]).toEqual(['0.0', '1.0', '0.1', '1.1']);
    expect(stage(model, 1, 0)).toMatchObject({ status: 'failed', taskIds: [2] });
    expect(stage(model, 1, 1)).toMatchObject({ status: 'complete', taskIds: [4], jobIds: [0] });
    expect(stage(model, 0, 1).taskIds).toEqual([3]);
    expect(model.tasks.get(2)?.errorMessage).toBe(
      'FetchFailed(BlockManagerId(1, host-1, 7337, None), shuffleId=0, mapIndex=1, mapId=1, reduceId=0, message=\nexecutor 1 lost\n)',
    );
    expect(model.tasks.get(4)).toMatchObject({ stageAttemptId: 1, status: 'success' });
    expect(job(model, 0).status).toBe('succeeded');
  });

  it('counts a Resubmitted end as a stage failure and leaves the successful task as it was', () => {
    const events = [
      jobStart(0, [stageInfo(0, 2)]),
      submitted(stageInfo(0, 2)),
      taskStart(0, taskInfo(0, 0)),
      taskEnd(0, taskInfo(0, 0)),
      taskEnd(0, taskInfo(0, 0), { Reason: 'Resubmitted' }),
      {
        Event: 'SparkListenerExecutorRemoved',
        Timestamp: 77,
        'Executor ID': '0',
        'Removed Reason': 'worker lost',
      } satisfies SparkEvent,
    ];
    const model = buildAppModel(events);
    expect(model.tasks.get(0)).toMatchObject({ status: 'success', outputLost: true });
    expect(stage(model, 0).taskCounts).toEqual({ active: 0, complete: 1, failed: 1, killed: 0 });
    expect(stage(model, 0).metrics.shuffleWriteBytes).toBe(10);
    expect(model.executors.get('0')).toMatchObject({ removeTime: 77, removeReason: 'worker lost', host: 'host-0' });
  });

  it('counts killed and commit-denied attempts as killed', () => {
    const events = [
      jobStart(0, [stageInfo(0, 2)]),
      submitted(stageInfo(0, 2)),
      taskStart(0, taskInfo(0, 0)),
      taskStart(0, taskInfo(1, 0, 1)),
      taskEnd(0, taskInfo(0, 0)),
      taskEnd(0, taskInfo(1, 0, 1), { Reason: 'TaskKilled', 'Kill Reason': 'another attempt succeeded' }),
      taskStart(0, taskInfo(2, 1)),
      taskEnd(0, taskInfo(2, 1), { Reason: 'TaskCommitDenied', 'Job ID': 0, 'Partition ID': 1, 'Attempt Number': 0 }),
    ];
    const model = buildAppModel(events);
    expect([1, 2].map((tid) => model.tasks.get(tid)?.status)).toEqual(['killed', 'killed']);
    expect(model.tasks.get(1)?.errorMessage).toBe('TaskKilled (another attempt succeeded)');
    expect(stage(model, 0).taskCounts).toEqual({ active: 0, complete: 1, failed: 0, killed: 2 });
  });
});

describe('taskEndReasonMessage', () => {
  it("words failures as Spark's toErrorString does", () => {
    expect(
      taskEndReasonMessage({
        Reason: 'ExecutorLostFailure',
        'Executor ID': '1',
        'Exit Caused By App': true,
        'Loss Reason': 'worker terminated',
      }),
    ).toBe('ExecutorLostFailure (executor 1 exited caused by one of the running tasks) Reason: worker terminated');
    expect(
      taskEndReasonMessage({ Reason: 'ExecutorLostFailure', 'Executor ID': '2', 'Exit Caused By App': false }),
    ).toBe('ExecutorLostFailure (executor 2 exited unrelated to the running tasks)');
    expect(
      taskEndReasonMessage({
        Reason: 'ExceptionFailure',
        'Class Name': 'java.lang.RuntimeException',
        Description: 'bad',
        'Stack Trace': [
          { 'Declaring Class': 'A', 'Method Name': 'run', 'File Name': 'A.scala', 'Line Number': 3 },
          { 'Declaring Class': 'B', 'Method Name': 'call', 'Line Number': -1 },
          { 'Declaring Class': 'C', 'Method Name': 'invoke0', 'File Name': 'C.java', 'Line Number': -2 },
        ],
      }),
    ).toBe(
      'java.lang.RuntimeException: bad\n        A.run(A.scala:3)\n        B.call(Unknown Source)\n        C.invoke0(Native Method)',
    );
    expect(taskEndReasonMessage({ Reason: 'TaskResultLost' })).toBe('TaskResultLost (result lost from block manager)');
  });

  it('formats stage keys as id.attempt', () => {
    expect(stageKey(3, 1)).toBe('3.1');
  });
});
