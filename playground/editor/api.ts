/**
 * The driver-program API as the editor offers it: every name a learner can
 * complete, with its signature (PySpark's argument order) and a short doc,
 * and a small reader that tells what a `.` follows (`sc`, an RDD, a
 * StorageLevel, a TaskContext) so only names that exist there are offered.
 */

export type ApiKind = 'function' | 'method' | 'class' | 'constant' | 'variable' | 'property';

export interface ApiEntry {
  label: string;
  kind: ApiKind;
  /** The signature, e.g. `(func, numPartitions?) → RDD`. */
  detail: string;
  doc: string;
  /** Wide: cuts a stage unless the input is partitioned alike (shown in the doc as a hint). */
  shuffle?: 'always' | 'unless-partitioned';
  /** An action: runs a job and returns a promise. */
  action?: boolean;
}

const method = (label: string, detail: string, doc: string, extra: Partial<ApiEntry> = {}): ApiEntry => ({
  label,
  kind: 'method',
  detail,
  doc,
  ...extra,
});
const wide = { shuffle: 'unless-partitioned' } as const;
const alwaysWide = { shuffle: 'always' } as const;
const action = { action: true } as const;

/** Names in scope in every program. */
export const GLOBALS: readonly ApiEntry[] = [
  {
    label: 'sc',
    kind: 'variable',
    detail: 'SparkContext',
    doc: 'The SparkContext: creates RDDs, broadcasts and accumulators.',
  },
  {
    label: 'HashPartitioner',
    kind: 'class',
    detail: 'new HashPartitioner(numPartitions)',
    doc: "Puts a key in partition hashCode(key) mod n, with Java's String.hashCode for strings.",
  },
  {
    label: 'RangePartitioner',
    kind: 'class',
    detail: 'new RangePartitioner(bounds, ascending?)',
    doc: 'Puts keys in sorted ranges between the given bounds, as sortByKey does.',
  },
  {
    label: 'StorageLevel',
    kind: 'class',
    detail: 'StorageLevel.MEMORY_ONLY, …',
    doc: 'How persist() keeps partitions.',
  },
  {
    label: 'TaskContext',
    kind: 'class',
    detail: 'TaskContext.get()',
    doc: 'Inside a task, TaskContext.get() tells which partition, attempt and stage is running.',
  },
];

/** `sc.` members. */
export const SPARK_CONTEXT: readonly ApiEntry[] = [
  method(
    'parallelize',
    '(data, numSlices?) → RDD',
    'Distributes an array. Without numSlices: sc.defaultParallelism slices.',
  ),
  method(
    'textFile',
    '(path, minPartitions?) → RDD<string>',
    'Lines of the files a path or glob names, split like Hadoop.',
  ),
  method('range', '(start, end?, step = 1, numSlices?) → RDD<number>', 'Numbers from start to end (exclusive).'),
  method('union', '(rdds) → RDD', 'All elements of several RDDs; narrow: partitions are concatenated.'),
  method('emptyRDD', '() → RDD', 'An RDD with no partitions.'),
  method(
    'broadcast',
    '(value) → Broadcast',
    'Ships a read-only value to each executor once; read it with .value in tasks.',
  ),
  method('longAccumulator', '(name?) → Accumulator', 'A counter tasks add to with .add(n); the driver reads .value.'),
  {
    label: 'defaultParallelism',
    kind: 'property',
    detail: 'number',
    doc: 'spark.default.parallelism if set, else the total executor cores (at least 2).',
  },
  method(
    'setLocalProperty',
    '(key, value)',
    'Sets a property for jobs started afterwards (e.g. spark.scheduler.pool).',
  ),
  method('getLocalProperty', '(key) → string | null', 'Reads a local property.'),
  method('cancelAllJobs', '()', 'Cancels every running job.'),
  method(
    'killExecutor',
    '(executorId) → Promise<boolean>',
    'Kills an executor as a cluster manager would; a new one replaces it.',
  ),
  { label: 'executorIds', kind: 'property', detail: 'string[]', doc: 'The ids of the executors alive now.' },
  method('getConf', '() → SparkConf', 'A copy of the configuration.'),
];

/** RDD members: transformations (lazy), actions (run a job, return a promise) and the rest. */
export const RDD_METHODS: readonly ApiEntry[] = [
  method('map', '(f) → RDD', 'One output per element. Narrow. Drops the partitioner.'),
  method('filter', '(f) → RDD', 'Keeps elements for which f is true. Narrow.'),
  method('flatMap', '(f) → RDD', 'Zero or more outputs per element (f returns an iterable). Narrow.'),
  method(
    'mapPartitions',
    '(f, preservesPartitioning = false) → RDD',
    'f(iterator) → iterable, once per partition. Narrow.',
  ),
  method(
    'mapPartitionsWithIndex',
    '(f(index, iterator), preservesPartitioning = false) → RDD',
    'Like mapPartitions, with the partition index first (PySpark order). Narrow.',
  ),
  method('mapValues', '(f) → RDD', 'Maps the value of each [key, value] pair. Narrow; keeps the partitioner.'),
  method('flatMapValues', '(f) → RDD', 'Several values per pair, same key. Narrow; keeps the partitioner.'),
  method('keys', '() → RDD', 'The key of each pair. Narrow.'),
  method('values', '() → RDD', 'The value of each pair. Narrow.'),
  method('keyBy', '(f) → RDD', 'Pairs [f(x), x]. Narrow.'),
  method('glom', '() → RDD<array>', 'Each partition as one array: handy to see how data is split. Narrow.'),
  method('sample', '(withReplacement, fraction, seed?) → RDD', 'A random sample of the elements. Narrow.'),
  method('union', '(other) → RDD', "Both RDDs' elements; partitions are concatenated. Narrow."),
  method(
    'coalesce',
    '(numPartitions, shuffle = false) → RDD',
    'Fewer partitions by merging neighbours, without a shuffle.',
  ),
  method('repartition', '(numPartitions) → RDD', 'Any number of partitions, by a shuffle.', alwaysWide),
  method('cartesian', '(other) → RDD', 'Every pair of elements; m × n partitions. Narrow.'),
  method('zipWithIndex', '() → RDD', 'Pairs each element with its index. Runs a job to count the partitions first.'),
  method('distinct', '(numPartitions?) → RDD', 'Removes duplicates (a reduceByKey inside).', wide),
  method('groupBy', '(f, numPartitions?) → RDD', 'Groups elements by f(x).', wide),
  method('intersection', '(other, numPartitions?) → RDD', 'Elements in both RDDs, deduplicated.', alwaysWide),
  method('subtract', '(other, numPartitions?) → RDD', 'Elements not in other.', wide),
  method(
    'sortBy',
    '(keyfunc, ascending = true, numPartitions?) → RDD',
    'Sorts by keyfunc(x). Samples keys with a job first.',
    alwaysWide,
  ),
  method(
    'reduceByKey',
    '(func, numPartitions?) → RDD',
    'Merges the values of each key with func, combining map-side first.',
    wide,
  ),
  method(
    'groupByKey',
    '(numPartitions?) → RDD',
    'All values of each key in one array. No map-side combine: prefer reduceByKey.',
    wide,
  ),
  method(
    'aggregateByKey',
    '(zeroValue, seqFunc, combFunc, numPartitions?) → RDD',
    'Per key: fold values into an accumulator, then merge accumulators.',
    wide,
  ),
  method('foldByKey', '(zeroValue, func, numPartitions?) → RDD', 'Like reduceByKey with a starting value.', wide),
  method(
    'combineByKey',
    '(createCombiner, mergeValue, mergeCombiners, numPartitions?) → RDD',
    'The general per-key aggregation the others are built on.',
    wide,
  ),
  method(
    'partitionBy',
    '(numPartitions | partitioner) → RDD',
    'Moves each pair to its key’s partition; later key operations can reuse it.',
    wide,
  ),
  method(
    'sortByKey',
    '(ascending = true, numPartitions?, keyfunc?) → RDD',
    'Sorts pairs by key with a RangePartitioner (samples keys with a job).',
    alwaysWide,
  ),
  method('join', '(other, numPartitions?) → RDD', 'Pairs [k, [v, w]] for keys in both.', wide),
  method(
    'leftOuterJoin',
    '(other, numPartitions?) → RDD',
    'Every key of this RDD; w is null when other lacks the key.',
    wide,
  ),
  method(
    'rightOuterJoin',
    '(other, numPartitions?) → RDD',
    'Every key of other; v is null when this RDD lacks the key.',
    wide,
  ),
  method('fullOuterJoin', '(other, numPartitions?) → RDD', 'Every key of either side.', wide),
  method(
    'cogroup',
    '(other | others[], numPartitions?) → RDD',
    'For each key, the arrays of values of each RDD.',
    wide,
  ),
  method('subtractByKey', '(other, numPartitions?) → RDD', 'Pairs whose key is not in other.', wide),
  method('collect', '() → Promise<array>', 'Every element, brought to the driver.', action),
  method('count', '() → Promise<number>', 'How many elements.', action),
  method('take', '(num) → Promise<array>', 'The first num elements; scans 1 partition, then more.', action),
  method('first', '() → Promise', 'The first element (take(1)).', action),
  method('isEmpty', '() → Promise<boolean>', 'Whether there is no element (take(1)).', action),
  method('takeOrdered', '(num, key?) → Promise<array>', 'The num smallest elements.', action),
  method('top', '(num, key?) → Promise<array>', 'The num largest elements.', action),
  method('reduce', '(f) → Promise', 'Merges all elements with f (per partition, then on the driver).', action),
  method('fold', '(zeroValue, op) → Promise', 'Like reduce, with a starting value per partition.', action),
  method(
    'aggregate',
    '(zeroValue, seqOp, combOp) → Promise',
    'Folds each partition with seqOp, merges with combOp.',
    action,
  ),
  method(
    'foreach',
    '(f) → Promise',
    'Runs f on each element on the executors: console.log there goes to executor logs.',
    action,
  ),
  method('foreachPartition', '(f(iterator)) → Promise', 'Runs f once per partition on the executors.', action),
  method('countByKey', '() → Promise<Map>', 'How many pairs per key (a shuffle, as in Spark core).', {
    ...action,
    ...wide,
  }),
  method('countByValue', '() → Promise<Map>', 'How many times each element occurs (a shuffle).', {
    ...action,
    ...wide,
  }),
  method('collectAsMap', '() → Promise<Map>', 'The pairs as a Map on the driver.', action),
  method('lookup', '(key) → Promise<array>', 'The values of one key; one task when the RDD has a partitioner.', action),
  method('sum', '() → Promise<number>', 'The sum of the elements.', action),
  method('mean', '() → Promise<number>', 'The mean of the elements.', action),
  method('max', '(key?) → Promise', 'The largest element.', action),
  method('min', '(key?) → Promise', 'The smallest element.', action),
  method('saveAsTextFile', '(path) → Promise', 'One part-NNNNN file per partition.', action),
  method('cache', '() → RDD', 'persist(StorageLevel.MEMORY_ONLY): keeps computed partitions for later jobs.'),
  method('persist', '(level = StorageLevel.MEMORY_ONLY) → RDD', 'Keeps computed partitions at a storage level.'),
  method('unpersist', '() → RDD', 'Drops the cached partitions.'),
  method('getNumPartitions', '() → number', 'How many partitions (one task each).'),
  method('toDebugString', '() → string', 'The lineage; indentation steps mark shuffles.'),
  method('setName', '(name) → RDD', 'Names the RDD in the UI and in toDebugString.'),
  method('getStorageLevel', '() → StorageLevel', 'How the RDD is persisted.'),
  {
    label: 'partitioner',
    kind: 'property',
    detail: 'Partitioner | undefined',
    doc: 'How keys are placed, when known.',
  },
  { label: 'id', kind: 'property', detail: 'number', doc: 'The RDD id, as in the UI: RDD[3].' },
];

/** `StorageLevel.` constants. */
export const STORAGE_LEVELS: readonly ApiEntry[] = [
  ['MEMORY_ONLY', 'Deserialized in memory; what does not fit is recomputed. What cache() uses.'],
  ['MEMORY_ONLY_SER', 'Serialized in memory: smaller, costs deserialization.'],
  ['MEMORY_AND_DISK', 'In memory, spilling partitions that do not fit to disk.'],
  ['MEMORY_AND_DISK_SER', 'Serialized in memory, spilling to disk.'],
  ['DISK_ONLY', 'On disk (IndexedDB here) only.'],
  ['NONE', 'Not persisted.'],
].map(([label, doc]) => ({ label, kind: 'constant' as const, detail: 'StorageLevel', doc }));

/** `TaskContext.` statics. */
export const TASK_CONTEXT_STATIC: readonly ApiEntry[] = [
  method('get', '() → TaskContext | null', 'The running task’s context; null on the driver.'),
];

/** Members of `TaskContext.get()`. */
export const TASK_CONTEXT: readonly ApiEntry[] = [
  method('partitionId', '() → number', 'The partition this task computes.'),
  method('attemptNumber', '() → number', '0 for the first attempt, 1 for the first retry, …'),
  method('stageId', '() → number', 'The stage the task belongs to.'),
  method('stageAttemptNumber', '() → number', 'The attempt of the stage.'),
  method('taskAttemptId', '() → number', 'The task attempt id (TID), unique in the application.'),
  method('getLocalProperty', '(key) → string | null', 'A local property of the job.'),
];

/** Members of a Broadcast or an Accumulator. */
export const SHARED_VARIABLES: readonly ApiEntry[] = [
  {
    label: 'value',
    kind: 'property',
    detail: 'T',
    doc: "A broadcast's value, or an accumulator's total (on the driver).",
  },
  method('add', '(n)', 'Adds to an accumulator (in tasks).'),
];

/** What a member access follows. */
export type Receiver = 'sc' | 'rdd' | 'storageLevel' | 'taskContextStatic' | 'taskContext' | 'shared' | null;

const RDD_FROM_SC = new Set(['parallelize', 'textFile', 'range', 'union', 'emptyRDD']);
/** RDD methods that return an RDD (transformations, cache, persist, setName). */
const TRANSFORMATIONS = new Set(RDD_METHODS.filter((m) => /→ RDD(<.*>)?$/.test(m.detail)).map((m) => m.label));

/** The members to offer after a `.` that follows `receiver`. */
export function membersOf(receiver: Receiver): readonly ApiEntry[] {
  switch (receiver) {
    case 'sc':
      return SPARK_CONTEXT;
    case 'rdd':
      return RDD_METHODS;
    case 'storageLevel':
      return STORAGE_LEVELS;
    case 'taskContextStatic':
      return TASK_CONTEXT_STATIC;
    case 'taskContext':
      return TASK_CONTEXT;
    case 'shared':
      return SHARED_VARIABLES;
    default:
      return [];
  }
}

/**
 * Names the program binds to RDDs, broadcasts and accumulators
 * (`const counts = lines.map(…)`), in order, so a later `.` after one of
 * them completes the right members.
 *
 * @example
 * knownBindings('const lines = sc.textFile("a.txt");\nconst n = await lines.count();').get('lines') // 'rdd'
 */
export function knownBindings(source: string): Map<string, Receiver> {
  const bindings = new Map<string, Receiver>();
  const declaration = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*/g;
  for (const match of source.matchAll(declaration)) {
    const start = (match.index ?? 0) + match[0].length;
    const expression = expressionAt(source, start);
    if (/^await\b/.test(expression)) continue;
    const kind = chainKind(expression, bindings);
    if (kind) bindings.set(match[1], kind);
  }
  return bindings;
}

/**
 * What the text before a `.` evaluates to, as far as the API goes.
 *
 * @param before the document up to (not including) the `.`
 * @example
 * receiverBefore('sc.parallelize([1, 2]).map((x) => x)', new Map()) // 'rdd'
 * receiverBefore('TaskContext.get()', new Map()) // 'taskContext'
 */
export function receiverBefore(before: string, bindings: ReadonlyMap<string, Receiver>): Receiver {
  const chain = chainBefore(before);
  return chain ? chainKindOf(chain, bindings) : null;
}

interface Chain {
  head: string;
  /** Each following member, and whether it was called. */
  steps: { name: string; called: boolean }[];
}

function chainKind(expression: string, bindings: ReadonlyMap<string, Receiver>): Receiver {
  const chain = chainBefore(expression.trimEnd());
  return chain ? chainKindOf(chain, bindings) : null;
}

function chainKindOf(chain: Chain, bindings: ReadonlyMap<string, Receiver>): Receiver {
  let kind: Receiver =
    chain.head === 'sc'
      ? 'sc'
      : chain.head === 'StorageLevel'
        ? 'storageLevel'
        : chain.head === 'TaskContext'
          ? 'taskContextStatic'
          : (bindings.get(chain.head) ?? null);
  for (const step of chain.steps) {
    if (kind === 'sc') {
      if (RDD_FROM_SC.has(step.name) && step.called) kind = 'rdd';
      else if ((step.name === 'broadcast' || step.name === 'longAccumulator') && step.called) kind = 'shared';
      else return null;
    } else if (kind === 'rdd') {
      if (!(TRANSFORMATIONS.has(step.name) && step.called)) return null;
    } else if (kind === 'taskContextStatic') {
      if (step.name === 'get' && step.called) kind = 'taskContext';
      else return null;
    } else return null;
  }
  return kind;
}

/** Reads a member chain backwards from the end of `text`: `a.b(…).c` → head `a`, steps b(), c. */
function chainBefore(text: string): Chain | null {
  const steps: Chain['steps'] = [];
  let i = text.length;
  for (;;) {
    i = skipSpace(text, i);
    let called = false;
    if (text[i - 1] === ')') {
      const open = matchingOpen(text, i - 1);
      if (open < 0) return null;
      i = skipSpace(text, open);
      called = true;
    }
    const end = i;
    while (i > 0 && /[\w$]/.test(text[i - 1])) i--;
    const name = text.slice(i, end);
    if (!name || /^\d/.test(name)) return null;
    const before = skipSpace(text, i);
    if (text[before - 1] === '.') {
      steps.unshift({ name, called });
      i = before - 1;
      continue;
    }
    if (called) return null; // a plain function call, e.g. foo(): nothing the API knows
    const keyword = text.slice(0, before).match(/([\w$]+)\s*$/)?.[1];
    if (keyword === 'new') return null;
    return { head: name, steps };
  }
}

function skipSpace(text: string, i: number): number {
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}

/** Index of the bracket that opens the one closing at `close`; -1 when unbalanced. Strings are skipped. */
function matchingOpen(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
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

/** The expression starting at `start`: up to the `;` or blank line that ends it at bracket depth 0. */
function expressionAt(source: string, start: number): string {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) return source.slice(start);
      i = end;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth <= 0 && (c === ';' || (c === '\n' && /^\n\s*(?:[^\s.]|$)/.test(source.slice(i, i + 200)))))
      return source.slice(start, i);
  }
  return source.slice(start);
}

/** The doc a completion shows: signature, what it does, and whether it shuffles. */
export function completionInfo(entry: ApiEntry): string {
  const notes: string[] = [];
  if (entry.action) notes.push('Action: runs a job; await it.');
  if (entry.shuffle === 'always') notes.push('Wide: always shuffles (a new stage).');
  if (entry.shuffle === 'unless-partitioned')
    notes.push('Wide: shuffles (a new stage) unless its input is already partitioned by the same partitioner.');
  return [
    `${entry.label}${entry.detail.startsWith('(') ? entry.detail : `: ${entry.detail}`}`,
    entry.doc,
    ...notes,
  ].join('\n');
}
