/**
 * The `spark-submit` line at the top of a JavaScript program exported as
 * PySpark. What goes on it and what is left out is decided in one place,
 * engine/runner/spark-submit.ts, which also writes the script beside a Python
 * program's "Download for spark-submit": both say the same thing about the
 * same settings.
 */
import { shellWord, submitPlan } from '../runner/spark-submit';

/** The cluster a program ran on in Kindling: the playground's settings, or the CLI's flags. */
export interface ClusterShape {
  executors: number;
  coresPerExecutor: number;
  /** Further configuration, in the order the learner entered it; blank keys are ignored. */
  conf: readonly { key: string; value: string }[];
}

export interface SparkSubmitLine {
  /** The command, one line: `spark-submit --conf … FILE`. */
  command: string;
  /** What was left out and why, one entry per setting or feature. */
  leftOut: string[];
}

/**
 * The `spark-submit` line for `file` on a cluster shaped like `shape`.
 *
 * @example
 * sparkSubmitLine('word_count.py', { executors: 2, coresPerExecutor: 2, conf: [{ key: 'kindling.hosts', value: '2' }] })
 * // { command: 'spark-submit --conf spark.executor.instances=2 --conf spark.executor.cores=2 … word_count.py',
 * //   leftOut: ['kindling.hosts=2: a Kindling setting, no cluster knows it'] }
 */
export function sparkSubmitLine(
  file: string,
  shape: ClusterShape,
  uses: { faultInjection?: boolean } = {},
): SparkSubmitLine {
  const { kept, left } = submitPlan({
    fileName: file,
    settings: [
      { key: 'spark.executor.instances', value: String(shape.executors) },
      { key: 'spark.executor.cores', value: String(shape.coresPerExecutor) },
      ...shape.conf,
    ],
    ...(uses.faultInjection ? { faults: 'in the program' as const } : {}),
  });
  const command = ['spark-submit', ...kept.map(([key, value]) => `--conf ${shellWord(`${key}=${value}`)}`)];
  command.push(shellWord(file));
  return { command: command.join(' '), leftOut: left };
}

/**
 * The line and what it left out as comment lines for the top of a file.
 *
 * @example
 * submitComment(sparkSubmitLine('job.py', shape), '#') // ['# Run on a cluster:', '#   spark-submit … job.py']
 */
export function submitComment(line: SparkSubmitLine, marker = '#'): string[] {
  const lines = [`${marker} Run on a cluster with the shape it had in Kindling:`, `${marker}   ${line.command}`];
  if (line.leftOut.length > 0) {
    lines.push(`${marker} Left out:`);
    for (const entry of line.leftOut) lines.push(`${marker}   ${entry}`);
  }
  return lines;
}
