/**
 * Which files make an application's log (single files, rolled eventlog_v2_
 * folders, Databricks folders) and how a replay treats damage, following
 * Spark's EventLogFileReader and ReplayListenerBus.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { findLogSources, type LogFile } from '../../engine/history/layout';
import { readLog, summarizeApplication } from '../../engine/history/summary';
import { streamOf } from '../support/spark-codec-writers';

const enc = new TextEncoder();

function file(path: string, text: string | Uint8Array): LogFile {
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  return { path, size: bytes.length, stream: streamOf(bytes, 97) };
}

const line = (event: Record<string, unknown>) => JSON.stringify(event) + '\n';
const appStart = line({
  Event: 'SparkListenerApplicationStart',
  'App Name': 'demo',
  'App ID': 'app-1',
  Timestamp: 1000,
  User: 'me',
});
const appEnd = line({ Event: 'SparkListenerApplicationEnd', Timestamp: 5000 });
const job = (id: number) =>
  line({
    Event: 'SparkListenerJobStart',
    'Job ID': id,
    'Submission Time': 1000 + id,
    'Stage Infos': [],
    'Stage IDs': [id],
  }) +
  line({
    Event: 'SparkListenerJobEnd',
    'Job ID': id,
    'Completion Time': 2000 + id,
    'Job Result': { Result: 'JobSucceeded' },
  });
const logStart = line({ Event: 'SparkListenerLogStart', 'Spark Version': '4.0.0' });

describe('finding the applications among files', () => {
  it('reads a rolled folder from its last compacted part, in part order, and its appstatus marker', () => {
    const { sources, ignored } = findLogSources([
      file('logs/eventlog_v2_app-1/events_10_app-1', job(10)),
      file('logs/eventlog_v2_app-1/events_2_app-1.compact', logStart + appStart + job(1)),
      file('logs/eventlog_v2_app-1/events_1_app-1', 'old'),
      file('logs/eventlog_v2_app-1/events_3_app-1', job(2)),
      file('logs/eventlog_v2_app-1/appstatus_app-1.inprogress', ''),
      file('logs/eventlog_v2_app-1/.events_3_app-1.crc', ''),
      file('logs/local-1', logStart),
    ]);
    expect(
      sources.map((s) => [s.path, s.layout, s.mayBeTruncated, s.files.map((f) => f.path.split('/').pop())]),
    ).toEqual([
      ['logs/eventlog_v2_app-1', 'rolled', true, ['events_2_app-1.compact', 'events_3_app-1', 'events_10_app-1']],
      ['logs/local-1', 'file', false, ['local-1']],
    ]);
    expect(ignored).toEqual([{ path: 'logs/eventlog_v2_app-1/.events_3_app-1.crc', reason: 'a hidden file' }]);
  });

  it('reads a Databricks folder: dated gzip parts oldest first, then the live eventlog', async () => {
    const files = [
      file('cluster/eventlog', job(3) + appEnd),
      file('cluster/eventlog-2024-03-02--09-00.gz', gzipSync(job(2))),
      file('cluster/eventlog-2024-03-01--23-30.gz', gzipSync(logStart + appStart + job(1))),
    ];
    const { sources } = findLogSources(files);
    expect(sources[0].layout).toBe('databricks');
    expect(sources[0].files.map((f) => f.path)).toEqual([
      'cluster/eventlog-2024-03-01--23-30.gz',
      'cluster/eventlog-2024-03-02--09-00.gz',
      'cluster/eventlog',
    ]);
    const { model, outcome } = await readLog(sources[0]);
    expect(summarizeApplication(sources[0], model, outcome)).toMatchObject({
      id: 'app-1',
      sparkVersion: '4.0.0',
      jobs: 3,
      completed: true,
      durationMs: 4000,
      layout: 'databricks',
    });
    expect(outcome.codecs).toEqual(['gzip', 'gzip', undefined]);
  });
});

describe('damaged and unfinished logs, as ReplayListenerBus', () => {
  async function read(path: string, text: string) {
    const { sources } = findLogSources([file(path, text)]);
    const { model, outcome } = await readLog(sources[0]);
    return { summary: summarizeApplication(sources[0], model, outcome), outcome };
  }

  it('stops at a line that is not JSON, naming file and line, and keeps the events before it', async () => {
    const { summary, outcome } = await read(
      'app-1',
      logStart + appStart + job(0) + '{"Event":"SparkListenerJobStart", oops\n' + job(1) + appEnd,
    );
    expect(outcome.problem).toMatchObject({ kind: 'damaged', file: 'app-1', line: 5 });
    expect(outcome.problem?.message).toMatch(
      /^app-1, line 5: not a JSON event \(.+\); the events before it are shown\.$/,
    );
    expect(summary).toMatchObject({ jobs: 1, completed: false });
  });

  it('skips a cut-off last line of a log still being written (.inprogress)', async () => {
    const { summary, outcome } = await read(
      'app-1.inprogress',
      logStart + appStart + job(0) + '{"Event":"SparkListenerJobSta',
    );
    expect(outcome.problem).toMatchObject({ kind: 'truncated', line: 5 });
    expect(summary).toMatchObject({ jobs: 1, completed: false, durationMs: null });
  });

  it('takes a cut-off last line of a finished log for damage (Spark replays it with maybeTruncated = false)', async () => {
    const { outcome } = await read('app-1', logStart + appStart + job(0) + '{"Event":"SparkListenerJobSta');
    expect(outcome.problem).toMatchObject({ kind: 'damaged', line: 5 });
  });

  it('reads CRLF line ends, blank lines, a byte-order mark and a last line without a line break', async () => {
    const { summary, outcome } = await read(
      'app-1',
      '\uFEFF' + (logStart + appStart + '\n' + job(0)).replaceAll('\n', '\r\n') + appEnd.trim(),
    );
    expect(outcome.problem).toBeUndefined();
    expect(summary).toMatchObject({ jobs: 1, completed: true, sparkVersion: '4.0.0' });
  });

  it('tells a file that is not an event log at all', async () => {
    const { outcome } = await read('README.md', '# Logs\n\nSome text\n');
    expect(outcome.notAnEventLog).toEqual({ file: 'README.md', reason: 'its first line is not JSON' });
    expect(outcome.events).toBe(0);
  });
});
