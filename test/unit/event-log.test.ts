import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ListenerBus,
  emptyTaskExecutorMetrics,
  emptyTaskMetrics,
  isEvent,
  parseEventLog,
  storageLevelJson,
  toEventLogLine,
  writeEventLog,
  type SparkEvent,
} from '../../engine/events';

/** A real Spark event log from ../shared/spark-events (see its README). */
function realLog(name: string): string {
  return readFileSync(new URL(`../../../shared/spark-events/${name}`, import.meta.url), 'utf8');
}

function countByEvent(events: readonly SparkEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.Event] = (counts[e.Event] ?? 0) + 1;
  return counts;
}

/** The same JSON with every number replaced by 0: compares shape and key order, not values. */
function shapeOf(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? 0 : v));
}

describe('parseEventLog on real Spark logs', () => {
  it('reads the Spark 1.2 log with the failed job: every event, no LogStart', () => {
    const events = parseEventLog(realLog('local-1422981780767'), 'local-1422981780767');
    expect(countByEvent(events)).toEqual({
      SparkListenerBlockManagerAdded: 1,
      SparkListenerEnvironmentUpdate: 1,
      SparkListenerApplicationStart: 1,
      SparkListenerJobStart: 3,
      SparkListenerStageSubmitted: 4,
      SparkListenerTaskStart: 32,
      SparkListenerTaskEnd: 32,
      SparkListenerStageCompleted: 4,
      SparkListenerJobEnd: 3,
      SparkListenerApplicationEnd: 1,
    });
    const failure = events.find(
      (e) => isEvent(e, 'SparkListenerTaskEnd') && e['Task End Reason'].Reason === 'ExceptionFailure',
    );
    expect(failure && isEvent(failure, 'SparkListenerTaskEnd') && failure['Task End Reason']).toMatchObject({
      'Class Name': 'java.lang.RuntimeException',
      Description: 'got a 3, failing',
    });
  });

  it('reads the second Spark 1.2 log: one job, one stage, 8 tasks', () => {
    const counts = countByEvent(parseEventLog(realLog('local-1426533911241')));
    expect(counts).toMatchObject({ SparkListenerJobStart: 1, SparkListenerStageSubmitted: 1, SparkListenerTaskEnd: 8 });
    expect(counts.SparkListenerLogStart).toBeUndefined();
  });

  it('reads the Spark 1.4 log: 110 tasks over two stages', () => {
    const events = parseEventLog(realLog('local-1430917381534'));
    expect(events[0]).toEqual({ Event: 'SparkListenerLogStart', 'Spark Version': '1.4.0' });
    expect(countByEvent(events)).toMatchObject({ SparkListenerStageSubmitted: 2, SparkListenerTaskEnd: 110 });
  });

  it('reads the Spark 4.2 log, keeping events it does not model', () => {
    const events = parseEventLog(realLog('spark4-sparkpi-events_1'));
    expect(events).toHaveLength(15);
    expect(events[0]).toEqual({ Event: 'SparkListenerLogStart', 'Spark Version': '4.2.0-SNAPSHOT' });
    expect(events.map((e) => e.Event)).toContain('SparkListenerResourceProfileAdded');
    expect(countByEvent(events)).toMatchObject({ SparkListenerTaskEnd: 2, SparkListenerJobEnd: 1 });
  });
});

describe('writing event logs', () => {
  it.each(['local-1422981780767', 'local-1426533911241', 'local-1430917381534'])(
    'writes %s back byte for byte',
    (name) => {
      const text = realLog(name);
      expect(writeEventLog(parseEventLog(text, name))).toBe(text);
    },
  );

  it('writes every line of the Spark 4 log as Spark did, except a double JavaScript prints without ".0"', () => {
    const text = realLog('spark4-sparkpi-events_1');
    const original = text.split('\n');
    const written = writeEventLog(parseEventLog(text)).split('\n');
    expect(written).toHaveLength(original.length);
    const differing = original.flatMap((line, i) => (line === written[i] ? [] : [i]));
    expect(differing).toHaveLength(1);
    expect(original[differing[0]]).toContain('"Amount":1.0}');
    expect(written[differing[0]]).toBe(original[differing[0]].replace('"Amount":1.0}', '"Amount":1}'));
  });

  it('round-trips events: write then parse gives the same events', () => {
    const events: SparkEvent[] = [
      { Event: 'SparkListenerLogStart', 'Spark Version': '4.0.0' },
      { Event: 'SparkListenerApplicationStart', 'App Name': 'multi\nline "name"', Timestamp: 5, User: 'ana' },
      { Event: 'KindlingSomethingNew', nested: { list: [1, 'two', null] } },
    ];
    const text = writeEventLog(events);
    expect(text.split('\n')).toHaveLength(4);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseEventLog(text)).toEqual(events);
  });

  it('writes one line per event with no line break of its own', () => {
    const line = toEventLogLine({ Event: 'SparkListenerLogStart', 'Spark Version': '4.0.0' });
    expect(line).toBe('{"Event":"SparkListenerLogStart","Spark Version":"4.0.0"}');
    expect(writeEventLog([])).toBe('');
  });
});

describe('parseEventLog tolerance', () => {
  const a = '{"Event":"A"}';
  const b = '{"Event":"B","x":1}';
  const c = '{"Event":"C"}';

  it('accepts CRLF, blank lines, a byte-order mark and a missing final line break', () => {
    const events = parseEventLog(`\uFEFF${a}\r\n\r\n${b}\r\n   \n${c}`);
    expect(events.map((e) => e.Event)).toEqual(['A', 'B', 'C']);
  });

  it('skips a truncated last line, as in a log still being written', () => {
    const text = realLog('spark4-sparkpi-events_1');
    const cut = text.slice(0, text.lastIndexOf('"Timestamp"'));
    const events = parseEventLog(cut);
    expect(events).toHaveLength(14);
    expect(events.at(-1)?.Event).toBe('SparkListenerJobEnd');
  });

  it('throws on a bad line before the last, naming the file and line number', () => {
    const text = [a, b, '{"Event":"broken"', c].join('\n') + '\n';
    expect(() => parseEventLog(text, 'app-1.inprogress')).toThrow(/app-1\.inprogress, line 3\b/);
  });

  it('skips JSON lines that are not events', () => {
    const events = parseEventLog([a, '{"NoEvent":1}', '[1,2]', '42', '{"Event":7}', b].join('\n'));
    expect(events.map((e) => e.Event)).toEqual(['A', 'B']);
  });
});

describe('builders', () => {
  const spark4 = parseEventLog(realLog('spark4-sparkpi-events_1'));
  const taskEnd = spark4.find((e) => isEvent(e, 'SparkListenerTaskEnd'));
  if (!taskEnd || !isEvent(taskEnd, 'SparkListenerTaskEnd')) throw new Error('the Spark 4 log has a task end');

  it('emptyTaskMetrics has every metric Spark 4 writes, nested and ordered the same, all zero', () => {
    const metrics = emptyTaskMetrics();
    expect(JSON.stringify(metrics)).toBe(shapeOf(taskEnd['Task Metrics']));
    expect(metrics['Shuffle Read Metrics']['Push Based Shuffle']['Merged Remote Bytes Read']).toBe(0);
    expect(emptyTaskMetrics()).not.toBe(metrics);
  });

  it('emptyTaskExecutorMetrics matches Spark 4 "Task Executor Metrics"', () => {
    expect(JSON.stringify(emptyTaskExecutorMetrics())).toBe(shapeOf(taskEnd['Task Executor Metrics']));
  });

  it('storageLevelJson writes a storage level as Spark 4 does', () => {
    const rdd = spark4.find((e) => isEvent(e, 'SparkListenerStageSubmitted'));
    if (!rdd || !isEvent(rdd, 'SparkListenerStageSubmitted')) throw new Error('the Spark 4 log submits a stage');
    const none = storageLevelJson({ useDisk: false, useMemory: false, deserialized: false, replication: 1 });
    expect(JSON.stringify(none)).toBe(JSON.stringify(rdd['Stage Info']['RDD Info'][0]['Storage Level']));
    expect(storageLevelJson({ useDisk: true, useMemory: true, deserialized: true, replication: 2 })).toEqual({
      'Use Disk': true,
      'Use Memory': true,
      'Use Off Heap': false,
      Deserialized: true,
      Replication: 2,
    });
  });
});

describe('ListenerBus', () => {
  afterEach(() => vi.restoreAllMocks());
  const logStart: SparkEvent = { Event: 'SparkListenerLogStart', 'Spark Version': '4.0.0' };
  const appEnd: SparkEvent = { Event: 'SparkListenerApplicationEnd', Timestamp: 9 };

  it('keeps every event posted, in order, and delivers to subscribers', () => {
    const bus = new ListenerBus();
    const seen: string[] = [];
    bus.post(logStart);
    const unsubscribe = bus.subscribe((e) => seen.push(e.Event));
    bus.post(appEnd);
    unsubscribe();
    bus.post(logStart);
    expect(bus.events.map((e) => e.Event)).toEqual([
      'SparkListenerLogStart',
      'SparkListenerApplicationEnd',
      'SparkListenerLogStart',
    ]);
    expect(seen).toEqual(['SparkListenerApplicationEnd']);
  });

  it('still delivers to other listeners when one throws, and reports the error', () => {
    const report = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = new ListenerBus();
    const before: string[] = [];
    const after: string[] = [];
    bus.subscribe((e) => before.push(e.Event));
    bus.subscribe(() => {
      throw new Error('listener bug');
    });
    bus.subscribe((e) => after.push(e.Event));
    bus.post(logStart);
    bus.post(appEnd);
    expect(before).toEqual(['SparkListenerLogStart', 'SparkListenerApplicationEnd']);
    expect(after).toEqual(['SparkListenerLogStart', 'SparkListenerApplicationEnd']);
    expect(report).toHaveBeenCalledTimes(2);
    expect(String(report.mock.calls[0][1])).toContain('listener bug');
  });

  it('delivers an event posted by a listener after the current one, to everyone in order', () => {
    const bus = new ListenerBus();
    const first: string[] = [];
    const second: string[] = [];
    bus.subscribe((e) => {
      first.push(e.Event);
      if (e.Event === 'SparkListenerLogStart') bus.post(appEnd);
    });
    bus.subscribe((e) => second.push(e.Event));
    bus.post(logStart);
    expect(first).toEqual(['SparkListenerLogStart', 'SparkListenerApplicationEnd']);
    expect(second).toEqual(['SparkListenerLogStart', 'SparkListenerApplicationEnd']);
    expect(bus.events).toEqual([logStart, appEnd]);
  });
});
