/**
 * PySpark's names as the editor offers them in a Python program: what the
 * `pyspark` package Kindling runs really has (a unit test holds these lists to
 * engine/python/pyspark/), with the JavaScript API's docs where the method is
 * the same, and a reader that tells what a `.` follows.
 */
import { membersOf, RDD_METHODS, type ApiEntry } from './api';

// The JavaScript API's entries, for their docs where PySpark's method is the same one.
const SPARK_CONTEXT = membersOf('sc');
const STORAGE_LEVELS = membersOf('storageLevelStatic');
const TASK_CONTEXT = membersOf('taskContext');

type PyReceiver = 'sc' | 'rdd' | 'spark' | 'builder' | 'storageLevel' | 'taskContextStatic' | 'taskContext' | 'shared';

/** Public methods of pyspark's `RDD` (engine/python/pyspark/core/rdd.py). */
export const PY_RDD_NAMES = [
  'aggregate',
  'aggregateByKey',
  'cache',
  'cartesian',
  'checkpoint',
  'coalesce',
  'cogroup',
  'collect',
  'collectAsMap',
  'combineByKey',
  'context',
  'count',
  'countByKey',
  'countByValue',
  'distinct',
  'filter',
  'first',
  'flatMap',
  'flatMapValues',
  'fold',
  'foldByKey',
  'foreach',
  'foreachPartition',
  'fullOuterJoin',
  'getNumPartitions',
  'getStorageLevel',
  'glom',
  'groupBy',
  'groupByKey',
  'groupWith',
  'histogram',
  'id',
  'intersection',
  'isCheckpointed',
  'isEmpty',
  'join',
  'keyBy',
  'keys',
  'leftOuterJoin',
  'lookup',
  'map',
  'mapPartitions',
  'mapPartitionsWithIndex',
  'mapValues',
  'max',
  'mean',
  'min',
  'name',
  'partitionBy',
  'persist',
  'randomSplit',
  'reduce',
  'reduceByKey',
  'reduceByKeyLocally',
  'repartition',
  'repartitionAndSortWithinPartitions',
  'rightOuterJoin',
  'sample',
  'sampleByKey',
  'sampleStdev',
  'sampleVariance',
  'saveAsTextFile',
  'setName',
  'sortBy',
  'sortByKey',
  'stats',
  'stdev',
  'subtract',
  'subtractByKey',
  'sum',
  'take',
  'takeOrdered',
  'takeSample',
  'toDebugString',
  'toLocalIterator',
  'top',
  'treeAggregate',
  'treeReduce',
  'union',
  'unpersist',
  'values',
  'variance',
  'zip',
  'zipWithIndex',
  'zipWithUniqueId',
] as const;

/** Public methods and properties of pyspark's `SparkContext` (engine/python/pyspark/core/context.py). */
export const PY_SPARK_CONTEXT_NAMES = [
  'accumulator',
  'applicationId',
  'broadcast',
  'cancelAllJobs',
  'defaultMinPartitions',
  'defaultParallelism',
  'emptyRDD',
  'getConf',
  'getLocalProperty',
  'parallelize',
  'range',
  'setCheckpointDir',
  'setJobDescription',
  'setJobGroup',
  'setLocalProperty',
  'setLogLevel',
  'startTime',
  'stop',
  'textFile',
  'union',
  'version',
  'wholeTextFiles',
] as const;

/** Transformations: a `.` after one of these is on an RDD again. */
const PY_TRANSFORMATIONS = new Set<string>([
  ...RDD_METHODS.filter((m) => m.returns === 'rdd').map((m) => m.label),
  'keyBy',
  'sampleByKey',
  'subtract',
  'subtractByKey',
  'zip',
  'zipWithUniqueId',
  'repartitionAndSortWithinPartitions',
  'groupWith',
]);
const RDD_FROM_SC = new Set(['parallelize', 'textFile', 'range', 'union', 'emptyRDD', 'wholeTextFiles']);

const ACTIONS = new Set([
  'aggregate',
  'collect',
  'collectAsMap',
  'count',
  'countByKey',
  'countByValue',
  'first',
  'fold',
  'foreach',
  'foreachPartition',
  'histogram',
  'isEmpty',
  'lookup',
  'max',
  'mean',
  'min',
  'reduce',
  'reduceByKeyLocally',
  'sampleStdev',
  'sampleVariance',
  'saveAsTextFile',
  'stats',
  'stdev',
  'sum',
  'take',
  'takeOrdered',
  'takeSample',
  'toLocalIterator',
  'top',
  'treeAggregate',
  'treeReduce',
  'variance',
]);

function entry(label: string, known: readonly ApiEntry[], fallback: string): ApiEntry {
  const same = known.find((e) => e.label === label);
  if (same) return { ...same, action: ACTIONS.has(label) || undefined };
  if (label === 'context') return { label, kind: 'property', detail: 'SparkContext', doc: "The RDD's SparkContext." };
  return { label, kind: 'method', detail: '(…)', doc: fallback, action: ACTIONS.has(label) || undefined };
}

const PY_RDD: readonly ApiEntry[] = PY_RDD_NAMES.map((name) => entry(name, RDD_METHODS, `RDD.${name}, as in PySpark.`));
const PY_SC: readonly ApiEntry[] = PY_SPARK_CONTEXT_NAMES.map((name) =>
  entry(name, SPARK_CONTEXT, `SparkContext.${name}, as in PySpark.`),
);
const PY_SESSION: readonly ApiEntry[] = [
  { label: 'sparkContext', kind: 'property', detail: 'SparkContext', doc: "The session's SparkContext." },
  { label: 'conf', kind: 'property', detail: 'RuntimeConfig', doc: 'spark.conf.get/set: the session’s settings.' },
  { label: 'stop', kind: 'method', detail: '()', doc: 'Stops the session and its SparkContext.' },
  { label: 'version', kind: 'property', detail: 'str', doc: 'The Spark version.' },
];
const PY_BUILDER: readonly ApiEntry[] = [
  { label: 'appName', kind: 'method', detail: '(name) → Builder', doc: 'The application’s name (spark.app.name).' },
  {
    label: 'master',
    kind: 'method',
    detail: '(master) → Builder',
    doc: 'Kept and reported; Kindling runs its own cluster.',
  },
  { label: 'config', kind: 'method', detail: '(key, value) → Builder', doc: 'A Spark setting, applied as in Spark.' },
  { label: 'getOrCreate', kind: 'method', detail: '() → SparkSession', doc: 'The running session, or a new one.' },
];
const PY_SHARED: readonly ApiEntry[] = [
  {
    label: 'value',
    kind: 'property',
    detail: 'value',
    doc: "A broadcast's value (in tasks), or an accumulator's (on the driver).",
  },
  { label: 'add', kind: 'method', detail: '(term)', doc: 'Adds to an accumulator (in tasks).' },
];
const PY_TASK_CONTEXT_STATIC: readonly ApiEntry[] = [
  { label: 'get', kind: 'method', detail: '() → TaskContext', doc: 'Inside a task: the running task’s context.' },
];

/** Names a Python program usually imports or is given, as the pyspark shell gives `sc` and `spark`. */
export const PY_GLOBALS: readonly ApiEntry[] = [
  { label: 'sc', kind: 'variable', detail: 'SparkContext', doc: 'The SparkContext (created when first used).' },
  { label: 'spark', kind: 'variable', detail: 'SparkSession', doc: 'The SparkSession (created when first used).' },
  ...['SparkContext', 'SparkConf', 'StorageLevel', 'TaskContext', 'SparkSession', 'AccumulatorParam'].map(
    (label): ApiEntry => ({ label, kind: 'class', detail: 'class', doc: `pyspark's ${label}.` }),
  ),
  ...['print', 'range', 'len', 'sorted', 'lambda'].map((label): ApiEntry => ({
    label,
    kind: 'function',
    detail: 'Python',
    doc: `Python's ${label}.`,
  })),
];

/** The members to offer after a `.` on `receiver`. */
function pyMembersOf(receiver: PyReceiver | null): readonly ApiEntry[] {
  switch (receiver) {
    case 'sc':
      return PY_SC;
    case 'rdd':
      return PY_RDD;
    case 'spark':
      return PY_SESSION;
    case 'builder':
      return PY_BUILDER;
    case 'storageLevel':
      return STORAGE_LEVELS;
    case 'taskContextStatic':
      return PY_TASK_CONTEXT_STATIC;
    case 'taskContext':
      return TASK_CONTEXT;
    case 'shared':
      return PY_SHARED;
    default:
      return [];
  }
}

/** The doc a Python completion shows: signature, what it does, and what it costs. */
export function pyCompletionInfo(e: ApiEntry): string {
  const notes: string[] = [];
  if (e.action) notes.push('Action: runs a job and returns its value.');
  if (e.shuffle === 'always') notes.push('Wide: always shuffles (a new stage).');
  if (e.shuffle === 'unless-partitioned')
    notes.push('Wide: shuffles (a new stage) unless its input is already partitioned by the same partitioner.');
  return [`${e.label}${e.detail.startsWith('(') ? e.detail : `: ${e.detail}`}`, e.doc, ...notes].join('\n');
}

/**
 * The members to complete after the `.` that ends `before`, knowing the names
 * the program bound above (`counts = lines.map(…)`).
 *
 * @example
 * pyMembersBefore('lines = sc.textFile("a")\nlines.map(lambda l: l)').some((e) => e.label === 'reduceByKey'); // true
 */
export function pyMembersBefore(before: string): readonly ApiEntry[] {
  const bindings = new Map<string, PyReceiver>();
  for (const match of before.matchAll(/^[ \t]*([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$/gm)) {
    const kind = chainReceiver(match[2].trim(), bindings);
    if (kind) bindings.set(match[1], kind);
    else bindings.delete(match[1]);
  }
  // A chain can go on over lines inside brackets: read it from its statement's start.
  return pyMembersOf(chainReceiver(before.slice(statementStart(before)), bindings));
}

/** Where the statement holding the end of `text` starts: after the last line break outside brackets. */
function statementStart(text: string): number {
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) break;
      i = end;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) start = i + 1;
  }
  return start;
}

/** What `a.b(…).c(…)` at the end of `text` is; null when the API does not know. */
function chainReceiver(text: string, bindings: ReadonlyMap<string, PyReceiver>): PyReceiver | null {
  const steps: { name: string; called: boolean }[] = [];
  let i = text.length;
  for (;;) {
    while (i > 0 && /\s/.test(text[i - 1])) i--;
    let called = false;
    if (text[i - 1] === ')') {
      const open = openingBracket(text, i - 1);
      if (open < 0) return null;
      i = open;
      while (i > 0 && /\s/.test(text[i - 1])) i--;
      called = true;
    }
    const end = i;
    while (i > 0 && /\w/.test(text[i - 1])) i--;
    const name = text.slice(i, end);
    if (!name || /^\d/.test(name)) return null;
    let j = i;
    while (j > 0 && /\s/.test(text[j - 1])) j--;
    if (text[j - 1] === '.') {
      steps.unshift({ name, called });
      i = j - 1;
      continue;
    }
    if (called && name !== 'SparkContext' && name !== 'getOrCreate') return null;
    let kind: PyReceiver | null =
      name === 'sc'
        ? 'sc'
        : name === 'spark'
          ? 'spark'
          : name === 'StorageLevel'
            ? 'storageLevel'
            : name === 'TaskContext'
              ? 'taskContextStatic'
              : name === 'SparkSession'
                ? null
                : (bindings.get(name) ?? null);
    if (name === 'SparkContext' && called) kind = 'sc';
    if (name === 'SparkSession' && steps[0]?.name === 'builder') {
      kind = 'builder';
      steps.shift();
    }
    if (name === 'SparkContext' && steps[0]?.name === 'getOrCreate' && steps[0].called) {
      kind = 'sc';
      steps.shift();
    }
    for (const step of steps) kind = stepFrom(kind, step);
    return kind;
  }
}

function stepFrom(kind: PyReceiver | null, step: { name: string; called: boolean }): PyReceiver | null {
  if (kind === 'sc') {
    if (RDD_FROM_SC.has(step.name) && step.called) return 'rdd';
    if ((step.name === 'broadcast' || step.name === 'accumulator') && step.called) return 'shared';
    return null;
  }
  if (kind === 'rdd') {
    if (step.name === 'context' && !step.called) return 'sc';
    return PY_TRANSFORMATIONS.has(step.name) && step.called ? 'rdd' : null;
  }
  if (kind === 'spark') return step.name === 'sparkContext' && !step.called ? 'sc' : null;
  if (kind === 'builder') {
    if (step.name === 'getOrCreate' && step.called) return 'spark';
    return ['appName', 'master', 'config'].includes(step.name) && step.called ? 'builder' : null;
  }
  if (kind === 'taskContextStatic') return step.name === 'get' && step.called ? 'taskContext' : null;
  return null;
}

/** Index of the bracket that opens the one closing at `close`; -1 when unbalanced. Strings are skipped. */
function openingBracket(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const start = text.lastIndexOf(c, i - 1);
      if (start < 0) return -1;
      i = start;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
