/**
 * A Spark 4 event log of a given size for the large-log check: jobs of one
 * stage each, every task attempt a copy of a real Spark 4 task (from
 * ../shared/spark-events/spark4-sparkpi-events_1, about 3 KB a TaskStart and
 * TaskEnd together) with its own ids, executor and times. Written to a file a
 * chunk at a time, so the test process never holds 150 MB of text either.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';

const TEMPLATE = new URL('../../../shared/spark-events/spark4-sparkpi-events_1', import.meta.url);

/**
 * Writes at least `bytes` of log to `path`; resolves with the task attempts written.
 *
 * @example
 * const tasks = await writeBigLog('/tmp/big-log', 150 * 2 ** 20);
 */
export async function writeBigLog(path: string, bytes: number): Promise<number> {
  const events = readFileSync(TEMPLATE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown> & { Event: string });
  const first = (name: string) => events.find((event) => event.Event === name)!;
  const head = events.filter((e) =>
    [
      'SparkListenerLogStart',
      'SparkListenerResourceProfileAdded',
      'SparkListenerEnvironmentUpdate',
      'SparkListenerApplicationStart',
    ].includes(e.Event),
  );
  const jobStart = first('SparkListenerJobStart');
  const stageSubmitted = first('SparkListenerStageSubmitted');
  const stageCompleted = first('SparkListenerStageCompleted');
  const jobEnd = first('SparkListenerJobEnd');
  const taskStart = first('SparkListenerTaskStart');
  const taskEnd = first('SparkListenerTaskEnd');
  const appEnd = first('SparkListenerApplicationEnd');
  const start = 1_760_000_000_000;

  const out = createWriteStream(path);
  let written = 0;
  let chunk: string[] = [];
  const emit = async (event: object) => {
    const line = JSON.stringify(event) + '\n';
    written += line.length;
    chunk.push(line);
    if (chunk.length >= 2000) {
      if (!out.write(chunk.join(''))) await once(out, 'drain');
      chunk = [];
    }
  };

  for (const event of head) await emit(event);
  const executors = 8;
  for (let e = 0; e < executors; e++) {
    await emit({
      Event: 'SparkListenerExecutorAdded',
      Timestamp: start,
      'Executor ID': String(e),
      'Executor Info': {
        Host: `host-${e}`,
        'Total Cores': 4,
        'Log Urls': {},
        Attributes: {},
        Resources: {},
        'Resource Profile Id': 0,
      },
    });
  }
  const tasksPerStage = 4000;
  let taskId = 0;
  let clock = start + 10;
  for (let job = 0; written < bytes; job++) {
    const stage = (info: Record<string, unknown>, extra: object = {}) => ({
      ...info,
      'Stage ID': job,
      'Number of Tasks': tasksPerStage,
      ...extra,
    });
    const stageInfo = stageSubmitted['Stage Info'] as Record<string, unknown>;
    await emit({
      ...jobStart,
      'Job ID': job,
      'Submission Time': clock,
      'Stage Infos': [stage(stageInfo)],
      'Stage IDs': [job],
    });
    await emit({ ...stageSubmitted, 'Stage Info': stage(stageInfo, { 'Submission Time': clock }) });
    for (let index = 0; index < tasksPerStage; index++) {
      const executor = index % executors;
      const launch = clock + Math.floor(index / (executors * 4)) * 5;
      const info = (template: object, finish: number) => ({
        ...(template as { 'Task Info': object })['Task Info'],
        'Task ID': taskId,
        Index: index,
        'Partition ID': index,
        'Launch Time': launch,
        'Executor ID': String(executor),
        Host: `host-${executor}`,
        'Finish Time': finish,
      });
      await emit({ ...taskStart, 'Stage ID': job, 'Task Info': info(taskStart, 0) });
      await emit({ ...taskEnd, 'Stage ID': job, 'Task Info': info(taskEnd, launch + 4) });
      taskId += 1;
    }
    clock += Math.ceil(tasksPerStage / (executors * 4)) * 5 + 5;
    const completedInfo = stageCompleted['Stage Info'] as Record<string, unknown>;
    await emit({
      ...stageCompleted,
      'Stage Info': stage(completedInfo, { 'Submission Time': clock, 'Completion Time': clock }),
    });
    await emit({ ...jobEnd, 'Job ID': job, 'Completion Time': clock });
  }
  await emit({ ...appEnd, Timestamp: clock + 1 });
  out.end(chunk.join(''));
  await once(out, 'finish');
  return taskId;
}
