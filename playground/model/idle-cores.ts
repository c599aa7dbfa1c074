/**
 * Cores that sat idle while tasks waited, told in words: the thing a learner
 * sees on the timeline as an empty row and cannot explain. Read from the run's
 * events only (stage submission, task launch and finish, executors), so it
 * works for a Spark event log as well.
 */
import type { AppModel, ExecutorModel, StageModel, TaskModel } from '../../engine/events/app-model';
import { formatDuration } from './format';

/** Idle time shorter than this is the scheduler's own latency, not worth a sentence. */
export const IDLE_NOTE_MIN_MS = 250;

export interface IdleCoreNote {
  stageId: number;
  executorId: string;
  /** How long the executor had a free core while a task of the stage waited to launch. */
  idleMs: number;
  /** The sentence for the summary. */
  text: string;
}

/** The better-first order of Spark's TaskLocality. */
const LOCALITY_RANK: Record<string, number> = { PROCESS_LOCAL: 0, NODE_LOCAL: 1, NO_PREF: 2, RACK_LOCAL: 3, ANY: 4 };

/** `spark.locality.wait.<level>` falls back to `spark.locality.wait` (3s), as in Spark's TaskSetManager. */
function localityWait(properties: Readonly<Record<string, string>>, level: string): string {
  const key = { PROCESS_LOCAL: 'process', NODE_LOCAL: 'node', RACK_LOCAL: 'rack' }[level];
  const specific = key ? properties[`spark.locality.wait.${key}`] : undefined;
  if (specific !== undefined) return `spark.locality.wait.${key} = ${specific}`;
  return `spark.locality.wait = ${properties['spark.locality.wait'] ?? '3s'}`;
}

interface Span {
  start: number;
  end: number;
}

/** Total length of `window` in which fewer than `cores` of `busy` spans overlap. */
function freeCoreTime(window: Span, busy: readonly Span[], cores: number): number {
  const points: [number, number][] = [];
  for (const span of busy) {
    const start = Math.max(span.start, window.start);
    const end = Math.min(span.end, window.end);
    if (end > start) points.push([start, 1], [end, -1]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let at = window.start;
  let free = 0;
  for (const [time, delta] of points) {
    if (running < cores) free += time - at;
    running += delta;
    at = time;
  }
  if (running < cores) free += window.end - at;
  return free;
}

function alive(executor: ExecutorModel, window: Span): Span | null {
  const start = Math.max(window.start, executor.addTime ?? window.start);
  const end = Math.min(window.end, executor.removeTime ?? window.end);
  return end > start ? { start, end } : null;
}

function whyWaiting(waiting: readonly TaskModel[], executorId: string, properties: Record<string, string>): string {
  const elsewhere = waiting.filter((t) => t.executorId !== executorId);
  const levels = [...new Set(waiting.map((t) => t.locality))].sort(
    (a, b) => (LOCALITY_RANK[a] ?? 9) - (LOCALITY_RANK[b] ?? 9),
  );
  const best = levels[0];
  if (best === 'PROCESS_LOCAL' || best === 'NODE_LOCAL') {
    const where = elsewhere.length > 0 ? `on ${elsewhereExecutors(elsewhere)}` : 'where their data was';
    return (
      `the waiting tasks preferred executors holding their data (they ran ${best} ${where}); delay scheduling ` +
      `keeps a task from a worse locality level until ${localityWait(properties, best)} has passed without a launch`
    );
  }
  if (best === 'RACK_LOCAL' || best === 'ANY') {
    return (
      `delay scheduling held the waiting tasks back for a better locality level for up to ` +
      `${localityWait(properties, 'NODE_LOCAL')} before running them ${best}`
    );
  }
  return 'the scheduler had not yet offered that core a task';
}

function elsewhereExecutors(tasks: readonly TaskModel[]): string {
  const ids = [...new Set(tasks.map((t) => t.executorId))].sort();
  return ids.length === 1 ? `executor ${ids[0]}` : `executors ${ids.join(', ')}`;
}

function firstAttempts(model: AppModel, stage: StageModel): TaskModel[] {
  const tasks: TaskModel[] = [];
  for (const id of stage.taskIds) {
    const task = model.tasks.get(id);
    if (task && task.attempt === 0 && !task.speculative) tasks.push(task);
  }
  return tasks;
}

/**
 * Every executor that had a free core for at least {@link IDLE_NOTE_MIN_MS}
 * while a task of a running stage waited to be launched, with why.
 *
 * @example
 * idleCoreNotes(model)[0]?.text;
 * // "Executor 2 had a free core for 2.9 s in stage 0 while 1 task waited: the waiting tasks preferred …"
 */
export function idleCoreNotes(model: AppModel): IdleCoreNote[] {
  const notes: IdleCoreNote[] = [];
  const properties = model.application.sparkProperties;
  const busyByExecutor = new Map<string, Span[]>();
  for (const task of model.tasks.values()) {
    const spans = busyByExecutor.get(task.executorId) ?? [];
    spans.push({ start: task.launchTime, end: task.finishTime ?? Number.POSITIVE_INFINITY });
    busyByExecutor.set(task.executorId, spans);
  }
  for (const stage of model.stages.values()) {
    if (stage.submissionTime === undefined) continue;
    const submitted = stage.submissionTime;
    const late = firstAttempts(model, stage).filter((t) => t.launchTime - submitted >= IDLE_NOTE_MIN_MS);
    if (late.length === 0) continue;
    for (const executor of model.executors.values()) {
      if (executor.isDriver || !executor.cores) continue;
      let idleMs = 0;
      const waitedFor: TaskModel[] = [];
      for (const task of late) {
        const window = alive(executor, { start: submitted, end: task.launchTime });
        if (!window) continue;
        const free = freeCoreTime(window, busyByExecutor.get(executor.executorId) ?? [], executor.cores);
        if (free > 0) waitedFor.push(task);
        idleMs = Math.max(idleMs, free);
      }
      if (idleMs < IDLE_NOTE_MIN_MS) continue;
      const count = waitedFor.length === 1 ? '1 task' : `${waitedFor.length} tasks`;
      notes.push({
        stageId: stage.stageId,
        executorId: executor.executorId,
        idleMs,
        text:
          `Executor ${executor.executorId} had a free core for ${formatDuration(idleMs)} in stage ${stage.stageId} ` +
          `while ${count} waited: ${whyWaiting(waitedFor, executor.executorId, properties)}.`,
      });
    }
  }
  return notes.sort((a, b) => a.stageId - b.stageId || a.executorId.localeCompare(b.executorId));
}
