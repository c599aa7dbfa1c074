/** The SQL view's words and graph, from the one application model. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAppModel, parseEventLog } from '../../engine/events';
import { buildSqlGraphView, shortMetricValue, sqlExecutionRows } from '../../playground/views/sql-view-model';
import { approximateMeasure } from '../../playground/views/dag-layout';
import { nodeMetricLines, toSqlElkGraph } from '../../playground/views/sql-layout';

const model = buildAppModel(
  parseEventLog(
    readFileSync(
      new URL('../../../shared/spark-events/corpus/spark-events__local-1642039451826', import.meta.url),
      'utf8',
    ),
  ),
);

describe('sqlExecutionRows', () => {
  it('lists queries newest first with their jobs and durations', () => {
    const rows = sqlExecutionRows(model);
    expect(rows.map((r) => r.executionId)).toEqual([1, 0]);
    expect(rows[1]).toMatchObject({
      description: 'count at <console>:23',
      status: 'completed',
      jobs: [
        { jobId: 0, status: 'succeeded' },
        { jobId: 1, status: 'succeeded' },
        { jobId: 2, status: 'succeeded' },
      ],
      planUpdates: 3,
    });
    expect(rows[1].durationMs).toBeGreaterThan(0);
  });
});

describe('shortMetricValue', () => {
  it('keeps a single value and takes the total of a spread', () => {
    expect(shortMetricValue('1,000')).toBe('1,000');
    expect(
      shortMetricValue(
        'total (min, med, max (stageId: taskId))\n3.7 KiB (372.0 B, 376.0 B, 380.0 B (stage 2.0: task 15))',
      ),
    ).toBe('3.7 KiB total');
    expect(shortMetricValue('(min, med, max (stageId: taskId)):\n(1.2, 2.2, 6.3 (stage 2.0: task 9))')).toBe(
      'median 2.2',
    );
  });
});

describe('buildSqlGraphView', () => {
  const view = buildSqlGraphView(model.sqlExecutions.get(0)!, 'final');

  it('names every operator with its metrics, and marks exchanges', () => {
    const range = view.nodes.find((n) => n.name === 'Range')!;
    expect(range.metrics).toEqual([{ name: 'number of output rows', full: '100', short: '100' }]);
    expect(range.accessibleName).toBe('Range: number of output rows 100');
    expect(view.nodes.filter((n) => n.exchange).map((n) => n.name)).toEqual(['Exchange', 'Exchange']);
    expect(view.clusters.map((c) => [c.name, c.nodeKeys.length])).toEqual([
      ['WholeStageCodegen (3)', 1],
      ['WholeStageCodegen (2)', 1],
      ['WholeStageCodegen (1)', 2],
    ]);
    expect(view.summary).toBe(
      'Query 0 (completed), its plan: 7 operators, 2 exchanges, 3 whole-stage codegen blocks; 3 jobs; adaptive execution re-planned it 3 times.',
    );
  });

  it('the initial plan is the one the query started with', () => {
    const initial = buildSqlGraphView(model.sqlExecutions.get(0)!, 'initial');
    expect(initial.nodes[0].name).toBe('AdaptiveSparkPlan');
    expect(initial.clusters).toEqual([]);
  });

  it('lays operators inside their codegen blocks, with every edge at the root', () => {
    const graph = toSqlElkGraph(view, approximateMeasure);
    const blockChildren = (graph.children ?? [])
      .filter((c) => c.id.startsWith('cluster-'))
      .map((c) => c.children?.map((n) => n.id));
    expect(blockChildren).toEqual([['node-2'], ['node-5'], ['node-8', 'node-9']]);
    expect(graph.edges).toHaveLength(view.edges.length);
    const exchange = view.nodes.find((n) => n.name === 'Exchange')!;
    expect(nodeMetricLines(exchange).at(-1)).toMatch(/^\+ \d+ more metrics$/);
  });
});

describe('exchanges and their stages', () => {
  it('names the stages that wrote and read each exchange, from the stages whose tasks reported its metrics', () => {
    const execution = model.sqlExecutions.get(0)!;
    const view = buildSqlGraphView(execution, 'final');
    const exchanges = view.nodes.filter((n) => n.name === 'Exchange');
    // Every stage named is one of the query's, and a shuffle is read by a later stage than the one that wrote it.
    for (const e of exchanges) {
      expect(e.stages).toBeDefined();
      const { writtenBy, readBy } = e.stages!;
      expect(writtenBy.length).toBeGreaterThan(0);
      expect(readBy.length).toBeGreaterThan(0);
      for (const id of [...writtenBy, ...readBy]) expect(execution.stageIds).toContain(id);
      expect(Math.min(...readBy)).toBeGreaterThan(Math.max(...writtenBy));
      expect(e.accessibleName).toMatch(/written by stages? [\d, and]+, read by stages? [\d, and]+/);
    }
    // In this log the range's shuffle is written by stage 0 and read by stage 2, whose own shuffle stage 5 reads.
    expect(exchanges.map((e) => e.stages)).toEqual([
      { writtenBy: [2], readBy: [5] },
      { writtenBy: [0], readBy: [2] },
    ]);
  });
});
