/**
 * Logs a History Server reads: what `--event-log` writes (Spark 4's rolled
 * and zstd-compressed layout by default, the settings that change it, a plain
 * file elsewhere) passes a reader that follows JsonProtocol's required fields
 * and types, has what Spark 4 always writes, and reads back into the same
 * model. Every real Spark log passes the same reader, as a control.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppModel, type AppModel, type SparkEvent } from '../../engine/events';
import { findLogSources } from '../../engine/history/layout';
import { logFilesFromPaths } from '../../engine/history/node-files';
import { replayLog } from '../../engine/history/replay';
import { readLog } from '../../engine/history/summary';
import { historyServerNameWarning, openEventLogTarget } from '../../engine/runner/event-log-writer';
import { readAsSpark } from '../support/json-protocol-reader';
import { runProgramInNode } from './playground-run-program';

const PROGRAM = [
  'const pairs = sc.parallelize(["a", "b", "a", "c", "b", "a"], 3).map((w) => [w, 1]);',
  'const counts = pairs.reduceByKey((a, b) => a + b).cache();',
  'console.log(await counts.count());',
  'console.log(await counts.collect());',
].join('\n');

let events: SparkEvent[] = [];
const folders: string[] = [];
const scratch = () => {
  const folder = mkdtempSync(join(tmpdir(), 'kindling-event-log-'));
  folders.push(folder);
  return folder;
};

beforeAll(async () => {
  const result = await runProgramInNode(PROGRAM);
  expect(result.error).toBeUndefined();
  events = result.events;
});
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

async function write(path: string, conf: Record<string, string>): Promise<string | null> {
  const target = openEventLogTarget(path, conf);
  for (const event of events) target.post(event);
  await target.close();
  return target.location;
}

/** The files under `folder`, relative, sorted. */
function listing(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

async function readBack(path: string): Promise<{ model: AppModel; read: SparkEvent[] }> {
  const { sources } = findLogSources(await logFilesFromPaths([path]));
  expect(sources).toHaveLength(1);
  const read: SparkEvent[] = [];
  const outcome = await replayLog(sources[0], (event) => read.push(event));
  expect(outcome.problem).toBeUndefined();
  const { model } = await readLog(sources[0]);
  return { model, read };
}

function sameModel(a: AppModel, b: AppModel): void {
  expect(a.application).toEqual(b.application);
  expect([...a.jobs.values()]).toEqual([...b.jobs.values()]);
  expect([...a.stages.values()]).toEqual([...b.stages.values()]);
  expect([...a.tasks.values()]).toEqual([...b.tasks.values()]);
  expect([...a.executors.values()]).toEqual([...b.executors.values()]);
}

describe('what Kindling logs', () => {
  it('has what Spark 4 always writes: the version, resource profile 0, the driver, the environment, start and end', () => {
    const names = events.map((e) => e.Event);
    expect(names.slice(0, 5)).toEqual([
      'SparkListenerLogStart',
      'SparkListenerResourceProfileAdded',
      'SparkListenerBlockManagerAdded',
      'SparkListenerEnvironmentUpdate',
      'SparkListenerApplicationStart',
    ]);
    expect(names.at(-1)).toBe('SparkListenerApplicationEnd');
    const driver = events[2] as { 'Block Manager ID': { 'Executor ID': string } };
    expect(driver['Block Manager ID']['Executor ID']).toBe('driver');
    const env = events[3] as { 'Spark Properties': Record<string, string> };
    const appId = (events[4] as { 'App ID': string })['App ID'];
    expect(env['Spark Properties']).toMatchObject({
      'spark.master': 'local-cluster[2,2,16]',
      'spark.app.name': 'Kindling',
      'spark.app.id': appId,
      'spark.executor.instances': '2',
      'spark.executor.cores': '2',
      'spark.executor.memory': '16m',
    });
  });

  it('reads event by event as Spark’s JsonProtocol reads it', () => {
    for (const event of events)
      expect([event.Event, readAsSpark(JSON.parse(JSON.stringify(event)))]).toEqual([event.Event, 'read']);
  });
});

describe('--event-log into a folder, as Spark 4 writes there', () => {
  it('by default: eventlog_v2_<app id>/ of zstd parts and an appstatus marker, complete once the application ended', async () => {
    const dir = scratch();
    const location = await write(dir, {});
    const appId = (events[4] as { 'App ID': string })['App ID'].toLowerCase();
    expect(location).toBe(join(dir, `eventlog_v2_${appId}`));
    expect(listing(dir)).toEqual([
      `eventlog_v2_${appId}/appstatus_${appId}`,
      `eventlog_v2_${appId}/events_1_${appId}.zstd`,
    ]);
    const { model, read } = await readBack(location!);
    expect(read).toEqual(JSON.parse(JSON.stringify(events)));
    for (const event of read) expect(readAsSpark(event)).toBe('read');
    sameModel(model, buildAppModel(events));
  });

  it('rolls to a new part past spark.eventLog.rolling.maxFileSize, and keeps the application in progress until it ends', async () => {
    const dir = scratch();
    const target = openEventLogTarget(dir, { 'spark.eventLog.rolling.maxFileSize': '10m' });
    // 12 MiB of events: more than one part.
    const big = {
      Event: 'SparkListenerUnpersistRDD',
      'RDD ID': 1,
      padding: 'x'.repeat(1 << 20),
    } as unknown as SparkEvent;
    for (const event of events.slice(0, -1)) target.post(event);
    for (let i = 0; i < 12; i++) target.post(big);
    await target.close();
    const files = listing(dir);
    expect(files.filter((f) => /events_\d+_/.test(f)).length).toBeGreaterThan(1);
    expect(files.some((f) => f.endsWith('.inprogress'))).toBe(true);
    const { model } = await readBack(target.location!);
    expect(model.application.endTime).toBeUndefined();
    expect(model.jobs.size).toBe(2);
  });

  it('with spark.eventLog.rolling.enabled=false: one file <app id>.zstd; plain with spark.eventLog.compress=false', async () => {
    const appId = (events[4] as { 'App ID': string })['App ID'].toLowerCase();
    const zstdDir = scratch();
    await write(zstdDir, { 'spark.eventLog.rolling.enabled': 'false' });
    expect(listing(zstdDir)).toEqual([`${appId}.zstd`]);
    sameModel((await readBack(join(zstdDir, `${appId}.zstd`))).model, buildAppModel(events));

    const plainDir = scratch();
    await write(plainDir, { 'spark.eventLog.rolling.enabled': 'false', 'spark.eventLog.compress': 'false' });
    expect(listing(plainDir)).toEqual([appId]);
    const { model, read } = await readBack(join(plainDir, appId));
    for (const event of read) expect(readAsSpark(event)).toBe('read');
    sameModel(model, buildAppModel(events));
  });

  it('a path that is no folder gets one plain JSON-lines file, and a warning when a History Server would misread its name', async () => {
    const path = join(scratch(), 'kindling-join.log');
    expect(await write(path, {})).toBe(path);
    sameModel((await readBack(path)).model, buildAppModel(events));
    expect(historyServerNameWarning(path)).toMatch(
      /takes the last extension of kindling-join\.log \("\.log"\) for a compression codec and fails to read it/,
    );
    expect(historyServerNameWarning('/tmp/run.zstd')).toMatch(/would try to decompress this plain log as zstd/);
    expect(historyServerNameWarning('/tmp/app-1700000000000-0000')).toBeNull();
    expect(historyServerNameWarning('/tmp/app-1.inprogress')).toBeNull();
  });
});

describe('every real Spark log passes the same reader (the control)', () => {
  it('reads every event of every log in shared/spark-events and its corpus', async () => {
    const events = fileURLToPath(new URL('../../../shared/spark-events', import.meta.url));
    const { sources } = findLogSources(await logFilesFromPaths([events]));
    let read = 0;
    const unknown = new Set<string>();
    for (const source of sources) {
      await replayLog(source, (event) => {
        if (readAsSpark(event) === 'read') read += 1;
        else unknown.add(event.Event);
      });
    }
    expect(read).toBeGreaterThan(5000);
    // Streaming and catalog events, and old blacklisting ones: classes a History Server loads by name or drops.
    for (const name of unknown) expect(name).toMatch(/^org\.apache\.spark\./);
  }, 60_000);
});
