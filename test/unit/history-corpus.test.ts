/**
 * Every real log in ../shared/spark-events/ and its corpus/ opens, through the
 * reader the playground's log worker runs (findLogSources + readLog) and
 * through `kindling history --json`, with the counts corpus/INDEX.tsv gives.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLogSources } from '../../engine/history/layout';
import { logFilesFromPaths } from '../../engine/history/node-files';
import { readLog, summarizeApplication, type ApplicationSummary } from '../../engine/history/summary';
import { approximateMeasure } from '../../playground/views/dag-layout';
import { toSqlElkGraph } from '../../playground/views/sql-layout';
import { buildSqlGraphView, sqlExecutionRows } from '../../playground/views/sql-view-model';

const EVENTS = fileURLToPath(new URL('../../../shared/spark-events', import.meta.url));
const CORPUS = `${EVENTS}/corpus`;
const root = fileURLToPath(new URL('../..', import.meta.url));

/** INDEX.tsv: log → [jobs, stage attempts, task attempts, SQL executions]. */
const index = new Map(
  readFileSync(`${CORPUS}/INDEX.tsv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => row.split('\t'))
    .map(([log, ...counts]) => [log, counts.map(Number)] as const),
);

const counts = (s: ApplicationSummary) => [s.jobs, s.stages, s.tasks, s.sqlExecutions];
const logName = (path: string) => path.split('/').pop()!;

describe('every real Spark log, read as the playground reads it', () => {
  const summaries = new Map<string, ApplicationSummary>();
  const skipped: string[] = [];
  /** Per log with SQL executions: what the SQL view makes of each one (see the SQL test below). */
  const sqlViews = new Map<
    string,
    { listed: number; graphs: { id: number; operators: number; withValues: number }[] }
  >();

  beforeAll(async () => {
    const { sources } = findLogSources(await logFilesFromPaths([EVENTS]));
    for (const source of sources) {
      const { model, outcome } = await readLog(source);
      if (outcome.notAnEventLog) skipped.push(source.path);
      else summaries.set(source.path, summarizeApplication(source, model, outcome));
      if (outcome.notAnEventLog || model.sqlExecutions.size === 0) continue;
      const graphs = [...model.sqlExecutions.values()].map((execution) => {
        const view = buildSqlGraphView(execution, 'final');
        const laidOut = toSqlElkGraph(view, approximateMeasure);
        const placed = (laidOut.children ?? []).flatMap((c) =>
          c.id.startsWith('cluster-') ? (c.children ?? []) : [c],
        );
        expect(placed.length).toBe(view.nodes.length);
        return {
          id: execution.executionId,
          operators: view.nodes.length,
          withValues: view.nodes.filter((n) => n.metrics.length > 0).length,
        };
      });
      sqlViews.set(source.path, { listed: sqlExecutionRows(model).length, graphs });
    }
  }, 60_000);

  it('finds every log of INDEX.tsv (the rolled zstd folder as one application) and skips only the non-logs', () => {
    expect(skipped.sort()).toEqual(['spark-events/README.md', 'spark-events/corpus/INDEX.tsv'].sort());
    const inCorpus = [...summaries.keys()].filter((path) => path.startsWith('spark-events/corpus/')).map(logName);
    expect(inCorpus.sort()).toEqual([...index.keys()].sort());
  });

  it('counts the jobs, stage attempts, task attempts and SQL executions INDEX.tsv gives', () => {
    for (const [path, summary] of summaries) {
      const expected = index.get(logName(path));
      if (expected) expect([logName(path), ...counts(summary)]).toEqual([logName(path), ...expected]);
    }
  });

  it('opens every SQL execution of every log in the SQL view: listed, a plan graph laid out, metric values shown', () => {
    const withSql = [...summaries.values()].filter((s) => s.sqlExecutions > 0);
    expect(withSql.length).toBe(12); // INDEX.tsv: 12 logs with SQL executions
    for (const summary of withSql) {
      const views = sqlViews.get(summary.path)!;
      expect([summary.path, views.listed]).toEqual([summary.path, views.graphs.length]);
      for (const graph of views.graphs)
        expect([summary.path, graph.id, graph.operators > 0]).toEqual([summary.path, graph.id, true]);
      // Every log whose queries ran tasks shows some operator's values (rows, sizes, times) from the tasks' updates.
      if (summary.tasks > 0)
        expect([summary.path, views.graphs.some((g) => g.withValues > 0)]).toEqual([summary.path, true]);
    }
  });

  it('reads every log to its end without damage, and tells complete from incomplete as the History Server does', () => {
    for (const summary of summaries.values()) expect([summary.path, summary.problem]).toEqual([summary.path, null]);
    const incomplete = [...summaries.values()].filter((s) => !s.completed).map((s) => logName(s.path));
    expect(incomplete.sort()).toEqual([
      'rapids__spark-events-qualification__truncated_eventlog',
      'spark-events-broken__last-attempt-incomplete__application_1656321732247_0006_2',
      'spark-events-broken__previous-attempt-incomplete__application_1656321732247_0006_1',
    ]);
  });
});

describe('kindling history --json', () => {
  it('prints one summary per application of the corpus with INDEX.tsv’s counts', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'engine/runner/cli.ts', 'history', '--json', CORPUS],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(stderr).toBe('kindling: skipped corpus/INDEX.tsv: not a Spark event log (its first line is not JSON)\n');
    const printed = JSON.parse(stdout) as ApplicationSummary[];
    expect(printed.map((s) => logName(s.path)).sort()).toEqual([...index.keys()].sort());
    for (const summary of printed)
      expect([logName(summary.path), ...counts(summary)]).toEqual([
        logName(summary.path),
        ...index.get(logName(summary.path))!,
      ]);
    const rolled = printed.find((s) => s.layout === 'rolled')!;
    expect(rolled).toMatchObject({
      id: 'local-1623876083964',
      name: 'Spark shell',
      sparkVersion: '3.1.1',
      tasks: 2801,
      executors: 0,
      failedJobs: 0,
      failedStages: 0,
      failedTasks: 0,
      durationMs: 133857,
    });
  }, 60_000);
});
