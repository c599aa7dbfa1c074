/**
 * The `spark-submit` line that runs a program on a real cluster in the shape
 * it had here. One generator for every way a program leaves Kindling: the
 * playground's "Download for spark-submit" of a Python program, and the
 * export of a JavaScript program as PySpark (which must print the same line).
 *
 * The program itself travels unchanged; what this writes is a small shell
 * script beside it. Only settings a real cluster understands go on the line;
 * what only Kindling has is named in a comment instead, so nobody wonders
 * where it went.
 */

/** A Spark setting as the playground and the command line hold them. */
export interface SubmitSetting {
  key: string;
  value: string;
}

export interface SubmitProgram {
  /** The program's file name, as saved beside the script, e.g. `wordcount.py`. */
  fileName: string;
  /**
   * Every setting the program ran with apart from those it sets itself: the cluster's shape
   * (`spark.executor.instances`, `spark.executor.cores`), further `spark.*` keys, Kindling's own.
   */
  settings: readonly SubmitSetting[];
  /**
   * Faults injected into the run: how many (Kindling's fault controls), or `'in the program'` when the
   * program injects them itself (`sc.faults`, killed executors); 0 or absent for none.
   */
  faults?: number | 'in the program';
  /** The program's source, to warn when it leans on names only Kindling and the pyspark shell give. */
  source?: string;
}

/**
 * Spark's smallest executor memory: UnifiedMemoryManager.getMaxMemory rejects
 * `spark.executor.memory` below 1.5 × the 300 MiB it reserves (SPARK-12759), so
 * Kindling's browser-sized memory (16 MiB by default) cannot go to a cluster.
 */
export const SPARK_MIN_EXECUTOR_MEMORY_BYTES = Math.ceil(300 * 1024 * 1024 * 1.5);

/** Kindling's executors when nothing says otherwise (engine/context.ts). */
const DEFAULT_EXECUTORS = 2;
const DEFAULT_CORES = 2;

/**
 * The shell script that submits `program.fileName` with the cluster shape it had.
 *
 * @example
 * sparkSubmitScript({ fileName: 'wc.py', settings: [{ key: 'spark.executor.instances', value: '3' }] });
 * // '#!/bin/sh\n# Runs wc.py on a Spark cluster …\nspark-submit \\\n  --conf spark.executor.instances=3 \\\n …'
 */
export function sparkSubmitScript(program: SubmitProgram): string {
  const { executors, cores, kept, left } = submitPlan(program);
  const shellNames = program.source === undefined ? [] : shellNamesUsed(program.source);
  const lines = [
    '#!/bin/sh',
    `# Runs ${program.fileName} on a Spark cluster in the shape it had in Kindling:`,
    `# ${executors} executor${executors === 1 ? '' : 's'} × ${cores} core${cores === 1 ? '' : 's'}. The program is unchanged;`,
    '# settings it makes itself (SparkConf, .config()) win over these, as in Kindling.',
  ];
  if (left.length > 0) {
    lines.push('# Left out, since only Kindling has them:');
    for (const reason of left) lines.push(`#   ${reason}`);
  }
  if (shellNames.length > 0)
    lines.push(
      `# Note: the program uses ${shellNames.join(' and ')} without creating ${shellNames.length === 1 ? 'it' : 'them'}, as the pyspark`,
      '# shell and Kindling allow; under spark-submit it must create them first, e.g.',
      ...shellNames.map((name) => `#   ${SHELL_NAMES[name]}`),
    );
  lines.push('spark-submit \\');
  for (const [key, value] of kept) lines.push(`  --conf ${shellWord(`${key}=${value}`)} \\`);
  lines.push(`  ${shellWord(program.fileName)}`);
  return lines.join('\n') + '\n';
}

/**
 * The one decision behind every spark-submit line: the `--conf` settings that go to the cluster, in
 * order, and what is left out with the reason. {@link sparkSubmitScript} writes them as a script; the
 * PySpark export (engine/export/spark-submit.ts) as a comment line.
 *
 * @example
 * submitPlan({ fileName: 'wc.py', settings: [{ key: 'kindling.hosts', value: '2' }] }).left;
 * // ['kindling.hosts=2: a Kindling setting, no cluster knows it']
 */
export function submitPlan(program: SubmitProgram): {
  executors: number;
  cores: number;
  kept: [string, string][];
  left: string[];
} {
  const settings = new Map<string, string>();
  for (const { key, value } of program.settings) settings.set(key.trim(), value.trim());
  const executors = positiveInt(settings.get('spark.executor.instances'), DEFAULT_EXECUTORS);
  const cores = positiveInt(settings.get('spark.executor.cores'), DEFAULT_CORES);
  settings.delete('spark.executor.instances');
  settings.delete('spark.executor.cores');

  const kept: [string, string][] = [
    ['spark.executor.instances', String(executors)],
    ['spark.executor.cores', String(cores)],
    // Clusters that turn dynamic allocation on by default (EMR, Dataproc) would otherwise grow
    // and shrink the executors, and the job layout with them.
    ['spark.dynamicAllocation.enabled', 'false'],
  ];
  if (!settings.has('spark.default.parallelism'))
    // On a cluster sc.defaultParallelism counts the cores registered when it is read, which can
    // be fewer while executors start (CoarseGrainedSchedulerBackend.defaultParallelism): pinning
    // it keeps parallelize() and the shuffles cut as they were here.
    kept.push(['spark.default.parallelism', String(Math.max(executors * cores, 2))]);
  const left: string[] = [];
  for (const [key, value] of settings) {
    if (key === '') continue;
    if (key.startsWith('kindling.')) left.push(`${key}=${value}: a Kindling setting, no cluster knows it`);
    else if (key === 'spark.master')
      left.push(`${key}=${value}: the cluster's own master applies (pass --master to choose one)`);
    else if (key === 'spark.executor.memory' && tooSmallForSpark(value))
      left.push(`${key}=${value}: sized for a browser; Spark needs at least 450m, so the cluster's default applies`);
    else kept.push([key, value]);
  }
  if (program.faults === 'in the program')
    left.push('fault injection (sc.faults, killed executors): Kindling injects faults; a cluster has its own');
  else if (program.faults)
    left.push(
      `${program.faults} injected fault${program.faults === 1 ? '' : 's'} (killed executors, slow or failing tasks): ` +
        'Kindling injects them; a cluster has its own',
    );
  return { executors, cores, kept, left };
}

/** The script's file name for a program: `wordcount.py` → `wordcount.submit.sh`. */
export function submitScriptName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  const dot = base.lastIndexOf('.');
  return `${dot > 0 ? base.slice(0, dot) : base}.submit.sh`;
}

/** The names the pyspark shell (and Kindling's playground) give a Python program, and how a script makes them. */
const SHELL_NAMES: Record<string, string> = {
  sc: 'from pyspark import SparkContext; sc = SparkContext.getOrCreate()',
  spark: 'from pyspark.sql import SparkSession; spark = SparkSession.builder.getOrCreate()',
};

/**
 * The shell's names (`sc`, `spark`) a Python program uses but never assigns.
 *
 * @example
 * shellNamesUsed('print(sc.parallelize([1]).count())'); // ['sc']
 */
export function shellNamesUsed(source: string): string[] {
  const code = source.replace(/#.*$/gm, '');
  return Object.keys(SHELL_NAMES).filter(
    (name) =>
      new RegExp(`(?<![\\w.])${name}\\s*\\.`).test(code) &&
      !new RegExp(`(?<![\\w.])${name}\\s*(?::[^=\\n]*)?=(?!=)|\\bas\\s+${name}\\b|\\bglobal\\s+${name}\\b`).test(code),
  );
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Whether a Spark size (`16m`, `1g`, `512k`, bytes) is below what Spark accepts for an executor. */
function tooSmallForSpark(size: string): boolean {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)b?$/i.exec(size.trim());
  if (!match) return false;
  // Spark reads a plain number of spark.executor.memory as MiB.
  const unit = match[2].toLowerCase() || 'm';
  const power = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5 }[unit] ?? 2;
  return Number(match[1]) * 1024 ** power < SPARK_MIN_EXECUTOR_MEMORY_BYTES;
}

/** A word the shell reads back as itself: quoted only when it has to be. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
