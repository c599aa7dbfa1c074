/**
 * Whole programs through the driver worker, as the playground and the
 * headless runner run them: output, events, and what bad input does.
 */
import { describe, expect, test } from 'vitest';
import type { EventJson } from '../support/event-json';
import { runProgram } from '../../engine/runner/program-host';
import { fromLoggable } from '../../engine/runner/loggable';
import type { HostMessage, ProgramError } from '../../engine/runner/protocol';

const fsBase = new URL('/test/browser/fixtures/fs/', location.origin).href;

interface Result {
  stdout: unknown[][];
  executorLogs: { executorId: string; args: unknown[] }[];
  events: EventJson[];
  error: ProgramError | null;
}

async function run(source: string, conf: Record<string, string> = {}): Promise<Result> {
  const out: Result = { stdout: [], executorLogs: [], events: [], error: null };
  const r = runProgram({ source, fileName: 'lesson.js', conf, fsBase }, (m: HostMessage) => {
    if (m.type === 'stdout') out.stdout.push(fromLoggable(m.args));
    else if (m.type === 'executor-log') out.executorLogs.push({ executorId: m.executorId, args: fromLoggable(m.args) });
    else if (m.type === 'event') out.events.push(m.event as EventJson);
    else if (m.type === 'done' && !m.ok) out.error = m.error;
  });
  await r.done;
  return out;
}

describe('running a program', () => {
  test('textFile reads through the file system, output comes back, the event log is complete', async () => {
    const r = await run(
      [
        'const words = sc.textFile("data/*.txt").flatMap((l) => l.split(" "));',
        'console.log(await words.count(), words.getNumPartitions());',
      ].join('\n'),
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toHaveLength(1);
    // 150 bytes, goal 75: lines-a (65 B) whole; lines-b (85 B > 1.1 × 75) split in two.
    expect(r.stdout[0][1]).toBe(3);
    const kinds = r.events.map((e) => e.Event);
    expect(kinds[0]).toBe('SparkListenerLogStart');
    expect(kinds).toContain('SparkListenerApplicationStart');
    expect(kinds.filter((k) => k === 'SparkListenerExecutorAdded')).toHaveLength(2);
    expect(kinds[kinds.length - 1]).toBe('SparkListenerApplicationEnd');
    const input = r.events
      .filter((e) => e.Event === 'SparkListenerTaskEnd')
      .reduce((a, e) => a + e['Task Metrics']['Input Metrics']['Bytes Read'], 0);
    // Hadoop counts what each split reader consumed, so the skipped head of a split counts too.
    expect(input).toBeGreaterThanOrEqual(65 + 85);
  });

  test('foreach output goes to executor logs, not the driver output', async () => {
    const r = await run(
      'await sc.parallelize([1, 2, 3], 3).foreach((x) => console.log("item", x));\nconsole.log("done");',
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toEqual([['done']]);
    expect(r.executorLogs.map((l) => l.args[1]).sort()).toEqual([1, 2, 3]);
  });

  test('captured variables travel by value', async () => {
    const r = await run(
      'let k = 3;\nconst m = sc.parallelize([1, 2], 2).map((x) => x * k);\nconsole.log(await m.collect());\nk = 10;\nconsole.log(await m.collect());',
    );
    expect(r.stdout).toEqual([[[3, 6]], [[10, 20]]]);
  });
});

describe('bad input gets a clear error with its line', () => {
  test('a syntax error names its line and column', async () => {
    const r = await run('const a = 1;\nconst b = ;\n');
    expect(r.error).toMatchObject({ name: 'SyntaxError', line: 2 });
    expect(r.events).toHaveLength(0);
  });

  test('an unknown method names the line that called it', async () => {
    const r = await run('const r = sc.parallelize([1]);\n\nr.mapp((x) => x);');
    expect(r.error?.name).toBe('TypeError');
    expect(r.error?.message).toContain('mapp');
    expect(r.error?.line).toBe(3);
  });

  test('a non-pair RDD given to a pair operation fails its task with a message that says so', async () => {
    const r = await run('await sc.parallelize([1, 2, 3], 1).reduceByKey((a, b) => a + b).collect();');
    expect(r.error?.message).toMatch(/^Job aborted due to stage failure: Task 0 in stage 0\.0 failed 4 times/);
    expect(r.error?.message).toContain('[key, value] pairs');
    expect(r.error?.line).toBe(1);
  });

  test('a missing file says the input path does not exist', async () => {
    const r = await run('\nconst t = sc.textFile("data/nope.txt");');
    expect(r.error?.message).toContain('Input path does not exist: data/nope.txt');
    expect(r.error?.line).toBe(2);
  });

  test('a lambda that throws: the task failure shows the stack with the learner line and the partition', async () => {
    const r = await run(
      'const r = sc.parallelize([1, 2, 3, 4], 4).map((x) => {\n  if (x === 3) throw new RangeError("three is bad");\n  return x;\n});\nawait r.collect();',
    );
    expect(r.error?.message.split('\n')[0]).toMatch(
      /^Job aborted due to stage failure: Task 2 in stage 0\.0 failed 4 times, most recent failure: Lost task 2\.3 in stage 0\.0 \(TID \d+\) \(host-\d executor \d\): RangeError: three is bad$/,
    );
    expect(r.error?.message).toContain('lesson.js:2');
    expect(r.error?.line).toBe(5);
    const failed = r.events.filter(
      (e) => e.Event === 'SparkListenerTaskEnd' && e['Task End Reason'].Reason === 'ExceptionFailure',
    );
    expect(failed).toHaveLength(4);
    expect(failed.every((e) => e['Task Info'].Index === 2)).toBe(true);
  });

  test("a task's runaway loop aborts the job at the loop's line, not the action's", async () => {
    const r = await run(
      'const r = sc.parallelize([1, 2], 2).map((x) => {\n  while (true) {}\n  return x;\n});\nawait r.collect();',
      { 'kindling.task.timeout': '1s', 'spark.task.maxFailures': '1' },
    );
    expect(r.error?.message).toMatch(/RunawayLoopError: The loop at line 2 kept running for 0\.9 s/);
    expect(r.error?.line).toBe(2);
    expect(r.error?.column).toBeUndefined();
    expect(r.error?.hint).toBe(
      'A loop in a function the tasks ran (line 2) never ended; the job was started by the action at line 5.',
    );
  });

  test('capturing sc fails at submission with Task not serializable and the name', async () => {
    const r = await run(
      'const rdd = sc.parallelize([1, 2]);\nawait rdd.map((x) => sc.defaultParallelism + x).collect();',
    );
    expect(r.error?.message).toContain('Task not serializable');
    expect(r.error?.message).toContain('`sc`');
    expect(r.error?.line).toBe(2);
    expect(r.events.filter((e) => e.Event === 'SparkListenerTaskStart')).toHaveLength(0);
  });

  test('capturing an RDD inside another RDD function is not serializable either', async () => {
    const r = await run(
      'const a = sc.parallelize([1]);\nconst b = sc.parallelize([2]);\nawait a.map((x) => b.count()).collect();',
    );
    expect(r.error?.message).toContain('Task not serializable');
    expect(r.error?.message).toContain('`b`');
  });

  test('a value that cannot be cloned is not serializable', async () => {
    const r = await run(
      'const handle = { close() {} , port: new MessageChannel().port1 };\nawait sc.parallelize([1]).map((x) => handle.port && x).collect();',
    );
    expect(r.error?.message).toContain('Task not serializable');
    expect(r.error?.message).toContain('handle');
  });

  test('a failed job leaves the driver usable: the program can catch it and go on', async () => {
    const r = await run(
      'try { await sc.parallelize([1], 1).map(() => { throw new Error("x"); }).count(); } catch (e) { console.log("caught"); }\nconsole.log(await sc.parallelize([1, 2]).count());',
      { 'spark.task.maxFailures': '2' },
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toEqual([['caught'], [2]]);
  });
});
