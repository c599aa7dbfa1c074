/** The log worker's model crossing to the page in parts, and the application list's search and sort. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAppModel, parseEventLog } from '../../engine/events';
import type { ApplicationSummary } from '../../engine/history/summary';
import { sortApplications } from '../../playground/logs/application-list';
import { ModelAssembler, modelParts } from '../../playground/logs/model-transfer';
import type { ListedApplication } from '../../playground/logs/protocol';

describe('modelParts and ModelAssembler', () => {
  const model = buildAppModel(
    parseEventLog(
      readFileSync(
        new URL('../../../shared/spark-events/corpus/spark-events__local-1642039451826', import.meta.url),
        'utf8',
      ),
    ),
  );

  it('put the model back together on the other side of a structured clone, without raw task metrics', () => {
    const parts = [...modelParts(model, 10)];
    expect(parts.map((p) => p.kind)).toEqual(['head', 'tasks', 'tasks', 'tasks', 'tasks']);
    const assembler = new ModelAssembler();
    for (const part of parts) {
      expect(assembler.complete).toBe(false);
      assembler.add(structuredClone(part));
    }
    expect(assembler.complete).toBe(true);
    const copy = assembler.model;
    expect([...copy.jobs.keys()]).toEqual([...model.jobs.keys()]);
    expect([...copy.stages.keys()]).toEqual([...model.stages.keys()]);
    expect([...copy.tasks.keys()]).toEqual([...model.tasks.keys()]);
    expect(copy.tasks.get(0)?.metrics).toEqual(model.tasks.get(0)?.metrics);
    expect(model.tasks.get(0)?.rawMetrics).toBeDefined();
    expect(copy.tasks.get(0)).not.toHaveProperty('rawMetrics');
    expect(copy.sqlExecutions.get(0)?.metricValues).toEqual(model.sqlExecutions.get(0)?.metricValues);
  });
});

describe('sortApplications', () => {
  const app = (path: string, summary: Partial<ApplicationSummary> | null): ListedApplication => ({
    sourceIndex: 0,
    path,
    layout: 'file',
    files: [path],
    summary:
      summary &&
      ({ id: null, name: null, user: null, sparkVersion: null, startTime: null, ...summary } as ApplicationSummary),
  });
  const apps = [
    app('a', { id: 'local-2', name: 'Spark shell', startTime: 200, user: 'ann' }),
    app('b', { id: 'application_1_0010', name: 'ETL', startTime: 100, user: 'bob' }),
    app('c', { id: 'application_1_0009', name: 'ETL', startTime: null, user: 'bob' }),
    app('README.md', null),
  ];

  it('sorts by a column, ids in numeric order, missing values last either way, and leaves non-logs out', () => {
    expect(sortApplications(apps, '', 'start', true).map((a) => a.path)).toEqual(['a', 'b', 'c']);
    expect(sortApplications(apps, '', 'start', false).map((a) => a.path)).toEqual(['b', 'a', 'c']);
    expect(sortApplications(apps, '', 'id', false).map((a) => a.summary?.id)).toEqual([
      'application_1_0009',
      'application_1_0010',
      'local-2',
    ]);
  });

  it('searches id, name, user, version and path, ignoring case', () => {
    expect(sortApplications(apps, 'BOB', 'id', false).map((a) => a.path)).toEqual(['c', 'b']);
    expect(sortApplications(apps, 'shell', 'id', false).map((a) => a.path)).toEqual(['a']);
  });
});
