/**
 * The `spark-submit` line that reproduces a Kindling cluster on a real one:
 * one generator for every program that leaves Kindling (a Python program's
 * "Download for spark-submit", a JavaScript program exported as PySpark), so
 * both say the same thing about the same settings.
 *
 * What travels: the cluster's shape as portable settings
 * (`spark.executor.instances`, `spark.executor.cores`; no `--master`, which
 * belongs to the cluster the learner submits to) and every `spark.*` setting
 * the learner set. What does not, each named in a comment so nothing is lost
 * silently: `kindling.*` settings (virtual hosts and racks, the task timeout),
 * a `spark.executor.memory` small enough for a browser tab but too small for a
 * JVM executor, and fault injection (`sc.faults`, killed executors).
 */

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
 * Below this a JVM executor cannot start (Spark refuses executor memory under
 * 450 MiB × 1.5, `UnifiedMemoryManager.getMaxMemory`); Kindling's default is 16m.
 */
const MIN_JVM_EXECUTOR_MEMORY_MIB = 675;

/**
 * The `spark-submit` line for `file` on a cluster shaped like `shape`.
 *
 * @example
 * sparkSubmitLine('word_count.py', { executors: 2, coresPerExecutor: 2, conf: [{ key: 'kindling.hosts', value: '2' }] })
 * // { command: 'spark-submit --conf spark.executor.instances=2 --conf spark.executor.cores=2 word_count.py',
 * //   leftOut: ['kindling.hosts=2: Kindling only (virtual hosts, racks and timeouts have no Spark setting)'] }
 */
export function sparkSubmitLine(
  file: string,
  shape: ClusterShape,
  uses: { faultInjection?: boolean } = {},
): SparkSubmitLine {
  const settings: [string, string][] = [
    ['spark.executor.instances', String(shape.executors)],
    ['spark.executor.cores', String(shape.coresPerExecutor)],
  ];
  const leftOut: string[] = [];
  for (const { key: rawKey, value: rawValue } of shape.conf) {
    const key = rawKey.trim();
    const value = rawValue.trim();
    if (key === '') continue;
    if (key.startsWith('kindling.')) {
      leftOut.push(`${key}=${value}: Kindling only (virtual hosts, racks and timeouts have no Spark setting)`);
    } else if (key === 'spark.executor.memory' && memoryMiB(value) < MIN_JVM_EXECUTOR_MEMORY_MIB) {
      leftOut.push(
        `${key}=${value}: sized for a browser tab; a JVM executor needs more (the cluster's default applies)`,
      );
    } else if (key === 'spark.executor.instances' || key === 'spark.executor.cores') {
      // The cluster settings above come from the same place; a duplicate would contradict them.
      settings.find((setting) => setting[0] === key)![1] = value;
    } else {
      settings.push([key, value]);
    }
  }
  if (uses.faultInjection) {
    leftOut.push('fault injection (sc.faults, killed executors): Kindling only; the program skips it on a cluster');
  }
  const command = ['spark-submit', ...settings.map(([key, value]) => `--conf ${shellWord(`${key}=${value}`)}`)];
  command.push(shellWord(file));
  return { command: command.join(' '), leftOut };
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

function memoryMiB(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)b?$/i.exec(value);
  if (!match) return Number.POSITIVE_INFINITY; // Not ours to judge: pass it on.
  // A bare number is MiB for spark.executor.memory (Spark reads it with a MiB default).
  const scale: Record<string, number> = { '': 1, k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };
  return Number(match[1]) * scale[match[2].toLowerCase()];
}

/** Quotes a word for a POSIX shell when it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
