/**
 * SQL executions from listener events, as Spark's SQLAppStatusListener and
 * SparkPlanGraph derive them, and metric values as SQLMetrics.stringValue prints
 * them (Spark 4.0, sql/core …/execution/metric/SQLMetrics.scala).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAppModel, parseEventLog, type SparkEvent } from '../../engine/events';
import { msDurationToString, sqlMetricStringValue } from '../../engine/events/sql-metrics';
import { buildSparkPlanGraph } from '../../engine/events/sql-model';
import type { SparkPlanInfoJson } from '../../engine/events/types';

const SQL = 'org.apache.spark.sql.execution.ui.';

describe('sqlMetricStringValue (SQLMetrics.stringValue)', () => {
  it('sums a sum metric with thousands separators', () => {
    expect(sqlMetricStringValue('sum', [600_000, 400_000, 0], [])).toBe('1,000,000');
  });

  it('prints one valid value alone, and ignores -1 (a metric never set)', () => {
    expect(sqlMetricStringValue('size', [-1, 2000, -1], [2000, 0, 0, 1])).toBe('2000.0 B');
    expect(sqlMetricStringValue('timing', [], [])).toBe('0 ms');
  });

  it('prints total (min, med, max (stage: task)) for sizes, the median being the upper middle', () => {
    expect(sqlMetricStringValue('size', [4096, 1024, 2048, 8192], [8192, 3, 1, 42])).toBe(
      'total (min, med, max (stageId: taskId))\n15.0 KiB (1024.0 B, 4.0 KiB, 8.0 KiB (stage 3.1: task 42))',
    );
  });

  it('names the driver when the driver reported the largest value', () => {
    expect(sqlMetricStringValue('timing', [5, 1500], [])).toBe(
      'total (min, med, max (stageId: taskId))\n1.5 s (5 ms, 1.5 s, 1.5 s (driver))',
    );
  });

  it('turns nanoseconds into milliseconds, truncating', () => {
    expect(sqlMetricStringValue('nsTiming', [1_999_999, 3_000_000], [3_000_000, 0, 0, 7])).toBe(
      'total (min, med, max (stageId: taskId))\n4 ms (1 ms, 3 ms, 3 ms (stage 0.0: task 7))',
    );
  });

  it('shows averages (stored ×10) as min, med, max of the values above 0', () => {
    expect(sqlMetricStringValue('average', [12, 0, 22, 63], [63, 2, 0, 9])).toBe(
      '(min, med, max (stageId: taskId)):\n(1.2, 2.2, 6.3 (stage 2.0: task 9))',
    );
    expect(sqlMetricStringValue('average', [15], [])).toBe('1.5');
  });

  it("reads N/A for a data source's custom metric, as a History Server without its class does", () => {
    expect(sqlMetricStringValue('v2Custom_com.example.Metric', [1, 2], [])).toBe('N/A');
  });

  it('formats durations as Utils.msDurationToString', () => {
    expect([999, 1000, 1234, 59_999, 90_000, 7_200_000].map(msDurationToString)).toEqual([
      '999 ms',
      '1.0 s',
      '1.2 s',
      '60.0 s',
      '1.5 m',
      '2.00 h',
    ]);
  });
});

function plan(nodeName: string, children: SparkPlanInfoJson[] = [], metrics: [string, number, string][] = []) {
  return {
    nodeName,
    simpleString: `${nodeName} …`,
    children,
    metadata: {},
    metrics: metrics.map(([name, accumulatorId, metricType]) => ({ name, accumulatorId, metricType })),
  };
}

describe('buildSparkPlanGraph (SparkPlanGraph.apply)', () => {
  it('makes WholeStageCodegen a cluster of its operators and drops InputAdapter', () => {
    const info = plan(
      'WholeStageCodegen (1)',
      [plan('HashAggregate', [plan('InputAdapter', [plan('Exchange', [plan('Scan')])])], [['rows', 2, 'sum']])],
      [['duration', 1, 'timing']],
    );
    const graph = buildSparkPlanGraph(info);
    expect(graph.clusters).toEqual([
      {
        id: 0,
        name: 'WholeStageCodegen (1)',
        desc: 'WholeStageCodegen (1) …',
        metrics: [{ name: 'duration', accumulatorId: 1, metricType: 'timing' }],
        nodeIds: [1],
      },
    ]);
    expect(graph.nodes.map((n) => [n.id, n.name, n.clusterId])).toEqual([
      [1, 'HashAggregate', 0],
      [2, 'Exchange', undefined],
      [3, 'Scan', undefined],
    ]);
    expect(graph.edges).toEqual([
      { fromId: 2, toId: 1 },
      { fromId: 3, toId: 2 },
    ]);
  });

  it('points a ReusedExchange (and a query stage of one) at the exchange it reuses', () => {
    const exchange = plan('Exchange', [plan('Scan')]);
    const info = plan('SortMergeJoin', [
      plan('ShuffleQueryStage', [exchange]),
      plan('ReusedExchange', [plan('Exchange', [plan('Scan')])]),
    ]);
    const graph = buildSparkPlanGraph(info);
    expect(graph.nodes.map((n) => n.name)).toEqual(['SortMergeJoin', 'Exchange', 'Scan']);
    expect(graph.edges).toEqual([
      { fromId: 1, toId: 0 },
      { fromId: 2, toId: 1 },
      { fromId: 1, toId: 0 },
    ]);
  });
});

function events(...list: Record<string, unknown>[]): SparkEvent[] {
  return list as SparkEvent[];
}

function taskEnd(
  stageId: number,
  attempt: number,
  taskId: number,
  index: number,
  updates: [number, string][],
  failed = false,
) {
  return {
    Event: 'SparkListenerTaskEnd',
    'Stage ID': stageId,
    'Stage Attempt ID': attempt,
    'Task Type': 'ShuffleMapTask',
    'Task End Reason': failed
      ? { Reason: 'ExceptionFailure', 'Class Name': 'E', Description: '', 'Stack Trace': [] }
      : { Reason: 'Success' },
    'Task Info': {
      'Task ID': taskId,
      Index: index,
      Attempt: 0,
      'Launch Time': 1,
      'Executor ID': '0',
      Host: 'h',
      Locality: 'PROCESS_LOCAL',
      'Getting Result Time': 0,
      'Finish Time': 2,
      Failed: failed,
      Killed: false,
      Accumulables: updates.map(([ID, Update]) => ({
        ID,
        Name: 'm',
        Update,
        Value: Update,
        Internal: true,
        Metadata: 'sql',
      })),
    },
  };
}

describe('SQL executions from events (SQLAppStatusListener)', () => {
  const start = {
    Event: `${SQL}SparkListenerSQLExecutionStart`,
    executionId: 0,
    description: 'count at Main.scala:10',
    details: '',
    physicalPlanDescription: '== Physical Plan ==',
    sparkPlanInfo: plan(
      'Exchange',
      [plan('Scan', [], [['number of output rows', 11, 'sum']])],
      [['data size', 10, 'size']],
    ),
    time: 1000,
  };
  const jobStart = {
    Event: 'SparkListenerJobStart',
    'Job ID': 0,
    'Submission Time': 1001,
    'Stage Infos': [{ 'Stage ID': 0, 'Stage Attempt ID': 0, 'Stage Name': 's', 'Number of Tasks': 2, 'RDD Info': [] }],
    'Stage IDs': [0],
    Properties: { 'spark.sql.execution.id': '0' },
  };

  it('ties jobs to their query, keeps each task index’s last value, and ignores a finished index', () => {
    const model = buildAppModel(
      events(
        start,
        jobStart,
        taskEnd(
          0,
          0,
          0,
          0,
          [
            [11, '5'],
            [10, '100'],
          ],
          true,
        ), // failed attempt: its value stays until replaced
        taskEnd(0, 0, 1, 0, [
          [11, '7'],
          [10, '300'],
        ]),
        taskEnd(0, 0, 2, 1, [
          [11, '3'],
          [10, '200'],
        ]),
        taskEnd(0, 0, 3, 1, [
          [11, '1000'],
          [10, '9'],
        ]), // a second success of index 1 (speculation): ignored
        {
          Event: 'SparkListenerJobEnd',
          'Job ID': 0,
          'Completion Time': 1100,
          'Job Result': { Result: 'JobSucceeded' },
        },
        { Event: `${SQL}SparkListenerSQLExecutionEnd`, executionId: 0, time: 1200 },
      ),
    );
    const execution = model.sqlExecutions.get(0)!;
    expect(execution).toMatchObject({
      status: 'completed',
      jobIds: [0],
      stageIds: [0],
      submissionTime: 1000,
      completionTime: 1200,
    });
    expect(execution.metricValues.get(11)).toBe('10');
    // The largest value ever reported (by task 1) is named, even though another index holds it now.
    expect(execution.metricValues.get(10)).toBe(
      'total (min, med, max (stageId: taskId))\n500.0 B (200.0 B, 300.0 B, 300.0 B (stage 0.0: task 1))',
    );
  });

  it('starts a stage’s metrics afresh for a new attempt, and adds the driver’s updates', () => {
    const model = buildAppModel(
      events(
        start,
        jobStart,
        taskEnd(0, 0, 0, 0, [[11, '5']]),
        {
          Event: 'SparkListenerStageSubmitted',
          'Stage Info': {
            'Stage ID': 0,
            'Stage Attempt ID': 1,
            'Stage Name': 's',
            'Number of Tasks': 2,
            'RDD Info': [],
          },
        },
        taskEnd(0, 1, 4, 1, [[11, '2']]),
        taskEnd(0, 0, 1, 1, [[11, '50']]), // a zombie task of the old attempt: not counted
        {
          Event: `${SQL}SparkListenerDriverAccumUpdates`,
          executionId: 0,
          accumUpdates: [
            [11, 40],
            [10, 4096],
          ],
        },
      ),
    );
    const execution = model.sqlExecutions.get(0)!;
    expect(execution.status).toBe('running');
    expect(execution.metricValues.get(11)).toBe('42');
    expect(execution.metricValues.get(10)).toBe('4.0 KiB');
  });

  it('is failed when a job failed, and keeps the plan the query started with beside the adaptive one', () => {
    const model = buildAppModel(
      events(
        start,
        {
          Event: `${SQL}SparkListenerSQLAdaptiveExecutionUpdate`,
          executionId: 0,
          physicalPlanDescription: 'final',
          sparkPlanInfo: plan('AQEShuffleRead', [plan('Scan')], [['number of partitions', 20, 'sum']]),
        },
        { Event: `${SQL}SparkListenerDriverAccumUpdates`, executionId: 0, accumUpdates: [[20, 1]] },
        jobStart,
        {
          Event: 'SparkListenerJobEnd',
          'Job ID': 0,
          'Completion Time': 1100,
          'Job Result': { Result: 'JobFailed', Exception: { Message: 'boom' } },
        },
        { Event: `${SQL}SparkListenerSQLExecutionEnd`, executionId: 0, time: 1200 },
      ),
    );
    const execution = model.sqlExecutions.get(0)!;
    expect(execution.status).toBe('failed');
    expect(execution.planUpdates).toBe(1);
    expect(execution.initialPlan.nodes.map((n) => n.name)).toEqual(['Exchange', 'Scan']);
    expect(execution.plan.nodes.map((n) => n.name)).toEqual(['AQEShuffleRead', 'Scan']);
    expect(execution.physicalPlanDescription).toBe('final');
    expect(execution.metricValues.get(20)).toBe('1');
  });
});

describe('SQL executions of a real Spark 3.3 log (spark-events__local-1642039451826)', () => {
  const text = readFileSync(
    new URL('../../../shared/spark-events/corpus/spark-events__local-1642039451826', import.meta.url),
    'utf8',
  );
  const model = buildAppModel(parseEventLog(text));

  it('has both queries, each with its jobs and stages', () => {
    expect([...model.sqlExecutions.keys()]).toEqual([0, 1]);
    expect(model.sqlExecutions.get(0)).toMatchObject({
      status: 'completed',
      jobIds: [0, 1, 2],
      stageIds: [0, 1, 2, 3, 4, 5],
      planUpdates: 3,
    });
    expect(model.sqlExecutions.get(1)).toMatchObject({ jobIds: [3, 4, 5], stageIds: [6, 7, 8, 9, 10, 11] });
  });

  it('reads the final adaptive plan with its codegen blocks and metrics', () => {
    const execution = model.sqlExecutions.get(0)!;
    expect(execution.plan.nodes.map((n) => n.name)).toEqual([
      'AdaptiveSparkPlan',
      'HashAggregate',
      'Exchange',
      'HashAggregate',
      'Exchange',
      'Project',
      'Range',
    ]);
    expect(execution.plan.clusters.map((c) => c.name)).toEqual([
      'WholeStageCodegen (3)',
      'WholeStageCodegen (2)',
      'WholeStageCodegen (1)',
    ]);
    const value = (nodeName: string, metric: string) => {
      const node = execution.plan.nodes.filter((n) => n.name === nodeName).at(-1)!;
      return execution.metricValues.get(node.metrics.find((m) => m.name === metric)!.accumulatorId);
    };
    // spark.range(100) over 10 partitions, counted: 100 rows, 10 partial counts, 1 answer.
    expect(value('Range', 'number of output rows')).toBe('100');
    expect(value('Exchange', 'shuffle records written')).toBe('100');
    expect(
      execution.metricValues.get(
        execution.plan.nodes[1].metrics.find((m) => m.name === 'number of output rows')!.accumulatorId,
      ),
    ).toBe('1');
  });
});
