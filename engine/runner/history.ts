/**
 * `kindling history PATH... [--json]`: the applications in Spark event logs
 * on disk, one summary each, as the History Server would list them (see
 * engine/history/summary.ts for what each field counts).
 */
import { stat } from 'node:fs/promises';
import { findLogSources } from '../history/layout';
import { logFilesFromPaths } from '../history/node-files';
import { readLog, summarizeApplication, type ApplicationSummary } from '../history/summary';

/**
 * Reads every log under `paths` and writes the summaries to stdout; notes on
 * stderr. Returns the exit code: 0, 1 when a log is damaged or a given file is
 * not a log, 2 when a path does not exist.
 *
 * @example
 * process.exitCode = await historyCommand(['/var/spark-events'], true);
 */
export async function historyCommand(paths: readonly string[], json: boolean): Promise<number> {
  for (const path of paths) {
    try {
      await stat(path);
    } catch {
      process.stderr.write(`kindling: ${path}: no such file or folder\n`);
      return 2;
    }
  }
  const { sources, ignored } = findLogSources(await logFilesFromPaths(paths));
  for (const file of ignored) process.stderr.write(`kindling: skipped ${file.path}: ${file.reason}\n`);
  let exitCode = 0;
  const summaries: ApplicationSummary[] = [];
  for (const source of sources) {
    let read;
    try {
      read = await readLog(source);
    } catch (error) {
      process.stderr.write(`kindling: ${source.path}: ${(error as Error).message}\n`);
      exitCode = 1;
      continue;
    }
    const { model, outcome } = read;
    if (outcome.notAnEventLog) {
      process.stderr.write(
        `kindling: skipped ${source.path}: not a Spark event log (${outcome.notAnEventLog.reason})\n`,
      );
      // Named on its own, a file that is no log is a mistake; found in a folder, it is only something else there.
      if (paths.length === 1 && sources.length === 1) exitCode = 1;
      continue;
    }
    const summary = summarizeApplication(source, model, outcome);
    if (summary.problem) {
      process.stderr.write(`kindling: ${summary.problem.message}\n`);
      if (summary.problem.kind !== 'truncated') exitCode = 1;
    }
    summaries.push(summary);
  }
  if (json) process.stdout.write(JSON.stringify(summaries, null, 2) + '\n');
  else for (const summary of summaries) process.stdout.write(describeSummary(summary) + '\n');
  return exitCode;
}

/**
 * A summary as three lines of text.
 *
 * @example
 * describeSummary(summary)
 * // 'local-1430917381534  Spark shell  (Spark 1.4.0, completed)\n  corpus/spark-events__local-1430917381534 …'
 */
export function describeSummary(s: ApplicationSummary): string {
  const when = (time: number | null) => (time === null ? '-' : new Date(time).toISOString());
  const count = (n: number, word: string, failed?: number) =>
    `${n} ${word}${n === 1 ? '' : 's'}${failed !== undefined ? ` (${failed} failed)` : ''}`;
  const state = s.completed ? 'completed' : 'incomplete';
  return [
    `${s.id ?? '(no application id)'}  ${s.name ?? '(no name)'}  (Spark ${s.sparkVersion ?? 'version unknown'}, ${state})`,
    `  ${s.path} [${s.layout}]  attempt ${s.attemptId ?? '-'}, user ${s.user ?? '-'}, ` +
      `start ${when(s.startTime)}, end ${when(s.endTime)}, duration ${s.durationMs === null ? '-' : `${s.durationMs} ms`}`,
    `  ${count(s.jobs, 'job', s.failedJobs)}, ${count(s.stages, 'stage', s.failedStages)}, ` +
      `${count(s.tasks, 'task', s.failedTasks)}, ${count(s.executors, 'executor')}, ${count(s.sqlExecutions, 'SQL execution')}`,
  ].join('\n');
}
