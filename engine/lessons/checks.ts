/**
 * Evaluates a lesson's declarative checks against one run: each check reads
 * the run's events (through the application model) or its output, says what
 * it measured, and passes or fails; a failed check carries its hint.
 */
import { asKnownEvent } from '../events/types';
import { DEFAULT_AT_LEAST_ONE } from './parse';
import {
  findJob,
  findStageId,
  mapStageReruns,
  maxConcurrent,
  measureRun,
  plural,
  retriedTasks,
  scopeStageIds,
  scopeTasks,
  stageMetric,
  stageTaskCount,
  stagesRan,
  type RunMeasures,
} from './measure';
import type { Check, CheckResult, LessonRun, NumberBounds } from './types';

/**
 * Runs every check against `run`, in order.
 *
 * @example
 * const results = evaluateChecks(lesson.checks, { events, driverOutput, executorOutput: [] });
 * const passed = results.every((result) => result.passed);
 */
export function evaluateChecks(checks: readonly Check[], run: LessonRun): CheckResult[] {
  const measures = measureRun(run);
  return checks.map((check) => {
    const { passed, detail } = evaluate(check, run, measures);
    return {
      id: check.id,
      description: check.description,
      passed,
      detail,
      ...(passed ? {} : { hint: check.hint }),
    };
  });
}

interface Verdict {
  passed: boolean;
  detail: string;
}

function evaluate(check: Check, run: LessonRun, measures: RunMeasures): Verdict {
  const bounds = boundsOf(check);
  switch (check.kind) {
    case 'jobs':
      return compare(measures.jobs.length, bounds, (n) => `the program ran ${plural(n, 'job')}`);
    case 'stages':
    case 'skippedStages': {
      const job = findJob(measures, check.job);
      if (!job.ok) return missing(job.why);
      const ran = stagesRan(job.value).length;
      if (check.kind === 'stages') return compare(ran, bounds, (n) => `${job.label} ran ${plural(n, 'stage')}`);
      const skipped = job.value.stages.length - ran;
      return compare(skipped, bounds, (n) => `${job.label} skipped ${plural(n, 'stage')}`);
    }
    case 'tasks': {
      const stage = findStageId(measures, check.stage, check.job);
      if (!stage.ok) return missing(stage.why);
      return compare(stageTaskCount(measures, stage.value), bounds, (n) => `${stage.label} has ${plural(n, 'task')}`);
    }
    case 'metric': {
      const stages = scopeStageIds(measures, check);
      if (!stages.ok) return missing(stages.why);
      const values = stages.value.map((stageId) => ({ stageId, value: stageMetric(measures, stageId, check.metric) }));
      if (check.per === 'task') {
        const tasks = scopeTasks(measures, check);
        if (!tasks.ok) return missing(tasks.why);
        const done = tasks.value.filter((task) => task.status === 'success');
        const values = done.map((task) => ({ task, value: task.metrics?.[check.metric] ?? 0 }));
        const failing = values.filter(({ value }) => !within(value, bounds));
        const shown = (failing.length > 0 ? failing : values)
          .slice(0, 12)
          .map(
            ({ task, value }) =>
              `task ${task.taskId} (stage ${task.stageId}, partition ${task.partitionId ?? task.index}): ${value}`,
          )
          .join(', ');
        return {
          passed: done.length > 0 && failing.length === 0,
          detail:
            `${check.metric} per task of ${tasks.label}: ${shown || 'no tasks'}` +
            (failing.length > 0 ? `; expected ${describeBounds(bounds)}` : ''),
        };
      }
      if (check.per === 'stage') {
        const failing = values.filter(({ value }) => !within(value, bounds));
        const shown = (failing.length > 0 ? failing : values)
          .map(({ stageId, value }) => `stage ${stageId}: ${value}`)
          .join(', ');
        return {
          passed: failing.length === 0,
          detail:
            `${check.metric} per stage of ${stages.label}: ${shown || 'no stages'}` +
            (failing.length > 0 ? `; expected ${describeBounds(bounds)}` : ''),
        };
      }
      const total = values.reduce((sum, { value }) => sum + value, 0);
      return compare(total, bounds, (n) => `${check.metric} of ${stages.label}: ${n}`);
    }
    case 'locality': {
      const tasks = scopeTasks(measures, check);
      if (!tasks.ok) return missing(tasks.why);
      const levels = new Map<string, number>();
      for (const task of tasks.value) levels.set(task.locality, (levels.get(task.locality) ?? 0) + 1);
      const seen = [...levels].map(([level, n]) => `${n} ${level}`).join(', ') || 'no tasks';
      const detail = `task attempts of ${tasks.label}: ${seen}`;
      const at = (level: string) => levels.get(level) ?? 0;
      if (check.every !== undefined)
        return { passed: tasks.value.length > 0 && at(check.every) === tasks.value.length, detail };
      if (check.some !== undefined) return { passed: at(check.some) > 0, detail };
      return { passed: at(check.none ?? '') === 0, detail };
    }
    case 'failedTasks': {
      const tasks = scopeTasks(measures, check);
      if (!tasks.ok) return missing(tasks.why);
      const failed = tasks.value.filter(
        (task) => task.status === 'failed' && (check.reason === undefined || task.reason?.Reason === check.reason),
      );
      const what = check.reason ? `${check.reason} ` : '';
      return compare(failed.length, bounds, (n) => `${plural(n, `${what}failed task attempt`)} in ${tasks.label}`);
    }
    case 'retriedTasks': {
      const tasks = scopeTasks(measures, check);
      if (!tasks.ok) return missing(tasks.why);
      return compare(
        retriedTasks(tasks.value),
        bounds,
        (n) => `${plural(n, 'task')} of ${tasks.label} failed and then succeeded on a later attempt`,
      );
    }
    case 'speculativeTasks': {
      const tasks = scopeTasks(measures, check);
      if (!tasks.ok) return missing(tasks.why);
      const speculative = tasks.value.filter(
        (task) => task.speculative && (check.status === undefined || task.status === check.status),
      ).length;
      const ended = check.status === undefined ? '' : ` ending with status ${check.status}`;
      return compare(speculative, bounds, (n) => `${plural(n, 'speculative task attempt')}${ended} in ${tasks.label}`);
    }
    case 'maxConcurrentTasks': {
      const tasks = scopeTasks(measures, check);
      if (!tasks.ok) return missing(tasks.why);
      return compare(
        maxConcurrent(tasks.value),
        bounds,
        (n) => `at most ${plural(n, 'task')} of ${tasks.label} ran at once`,
      );
    }
    case 'accumulator': {
      const value = accumulatorValue(run, check.name);
      if (value === undefined) return missing(`no task updated an accumulator named "${check.name}"`);
      return compare(value, bounds, (n) => `the accumulator "${check.name}" holds ${n}`);
    }
    case 'executorsLost': {
      const lost = [...measures.app.executors.values()].filter((e) => !e.isDriver && e.removeTime !== undefined);
      return compare(lost.length, bounds, (n) => `${plural(n, 'executor')} lost`);
    }
    case 'mapStageReruns':
      return compare(mapStageReruns(measures), bounds, (n) => `${plural(n, 'shuffle map stage')} ran again`);
    case 'output':
      return checkOutput(check, run);
    case 'succeeded':
      return run.error
        ? { passed: false, detail: `the program failed: ${run.error.name}: ${firstLine(run.error.message)}` }
        : { passed: true, detail: 'the program ran to its end' };
    case 'failed': {
      if (!run.error) return { passed: false, detail: 'the program ran to its end without an error' };
      const text = `${run.error.name}: ${run.error.message}`;
      const passed = check.matches === undefined || new RegExp(check.matches).test(text);
      return { passed, detail: `the program failed: ${firstLine(text)}` };
    }
  }
}

/**
 * The driver's value of a named accumulator: the last value a completed
 * stage reported for it (Spark's `StageInfo.accumulables`), which counts each
 * successful task once.
 */
function accumulatorValue(run: LessonRun, name: string): number | undefined {
  let value: number | undefined;
  for (const event of run.events) {
    const known = asKnownEvent(event);
    if (known?.Event !== 'SparkListenerStageCompleted') continue;
    for (const accumulable of known['Stage Info'].Accumulables ?? []) {
      if (accumulable.Name !== name || accumulable.Internal) continue;
      const number = Number(accumulable.Value);
      if (Number.isFinite(number)) value = number;
    }
  }
  return value;
}

function checkOutput(check: Extract<Check, { kind: 'output' }>, run: LessonRun): Verdict {
  const executors = check.stream === 'executors';
  const lines = executors ? run.executorOutput.map((entry) => entry.text) : run.driverOutput;
  const text = lines.join('\n');
  const whose = executors ? "the executors' output" : "the driver's output";
  // Each condition: whether it holds, said as a fact and as an expectation.
  const conditions: [boolean, string, string][] = [];
  if (check.equals !== undefined)
    conditions.push([text.trim() === check.equals.trim(), 'is the expected text', `be:\n${check.equals}`]);
  if (check.includes !== undefined)
    conditions.push([text.includes(check.includes), `includes "${check.includes}"`, `include "${check.includes}"`]);
  if (check.excludes !== undefined)
    conditions.push([
      !text.includes(check.excludes),
      `does not include "${check.excludes}"`,
      `not include "${check.excludes}"`,
    ]);
  if (check.matches !== undefined)
    conditions.push([
      new RegExp(check.matches, 'm').test(text),
      `matches /${check.matches}/`,
      `match /${check.matches}/`,
    ]);
  const failed = conditions.filter(([holds]) => !holds);
  if (failed.length === 0)
    return { passed: true, detail: `${whose} ${conditions.map(([, fact]) => fact).join(' and ')}` };
  const printed = text.trim() === '' ? 'it was empty' : `it was:\n${abbreviate(text)}`;
  return {
    passed: false,
    detail: `expected ${whose} to ${failed.map(([, , expectation]) => expectation).join(' and ')}; ${printed}`,
  };
}

function boundsOf(check: Check): NumberBounds {
  const { equals, atLeast, atMost } = check as NumberBounds;
  if (equals === undefined && atLeast === undefined && atMost === undefined && DEFAULT_AT_LEAST_ONE.has(check.kind))
    return { atLeast: 1 };
  return { equals, atLeast, atMost };
}

function within(value: number, bounds: NumberBounds): boolean {
  return (
    (bounds.equals === undefined || value === bounds.equals) &&
    (bounds.atLeast === undefined || value >= bounds.atLeast) &&
    (bounds.atMost === undefined || value <= bounds.atMost)
  );
}

/** The bounds as a learner reads them: "exactly 2", "at least 1 and at most 4". */
export function describeBounds(bounds: NumberBounds): string {
  const parts: string[] = [];
  if (bounds.equals !== undefined) parts.push(`exactly ${bounds.equals}`);
  if (bounds.atLeast !== undefined) parts.push(`at least ${bounds.atLeast}`);
  if (bounds.atMost !== undefined) parts.push(`at most ${bounds.atMost}`);
  return parts.join(' and ');
}

function compare(value: number, bounds: NumberBounds, say: (value: number) => string): Verdict {
  const passed = within(value, bounds);
  return { passed, detail: passed ? say(value) : `${say(value)}; expected ${describeBounds(bounds)}` };
}

function missing(why: string): Verdict {
  return { passed: false, detail: why };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}

/** At most 12 lines of output in a detail; the learner has the full output beside it. */
function abbreviate(text: string): string {
  const lines = text.split('\n');
  return lines.length <= 12 ? text : [...lines.slice(0, 12), `… (${lines.length - 12} more lines)`].join('\n');
}
