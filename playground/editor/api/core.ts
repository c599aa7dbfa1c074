/**
 * The completion catalog of Spark core: `sc` (SparkContext), RDDs, the
 * partitioners, StorageLevel, TaskContext, broadcasts and accumulators, and
 * the StatCounter `stats()` gives. Signatures use PySpark's argument order.
 *
 * Every member of the real objects is either offered here or listed in a
 * receiver's `notOffered` with the reason; `test/unit/playground-api.test.ts`
 * checks both directions against the engine, so a method added to the engine
 * without a line here (or a line here without a method) fails the suite.
 */
import type { ApiCatalog, ApiEntry } from '../api';
import { method, property } from './entries';

const wide = { shuffle: 'unless-partitioned' } as const;
const alwaysWide = { shuffle: 'always' } as const;
const action = { action: true } as const;
const rdd = { returns: 'rdd' } as const;
/** An RDD transformation: lazy, returns an RDD. */
const transformation = (label: string, detail: string, doc: string, extra: Partial<ApiEntry> = {}): ApiEntry =>
  method(label, `${detail} → RDD`, doc, { ...rdd, ...extra });

const GLOBALS: ApiEntry[] = [
  {
    label: 'sc',
    kind: 'variable',
    detail: 'SparkContext',
    doc: 'The SparkContext: creates RDDs, broadcasts and accumulators.',
    returns: 'sc',
  },
  {
    label: 'HashPartitioner',
    kind: 'class',
    detail: 'new HashPartitioner(numPartitions)',
    doc: "Puts a key in partition hashCode(key) mod n, with Java's String.hashCode for strings and Scala's tuple hash for pairs.",
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
    returns: 'storageLevelStatic',
  },
  {
    label: 'TaskContext',
    kind: 'class',
    detail: 'TaskContext.get()',
    doc: 'Inside a task, TaskContext.get() tells which partition, attempt and stage is running.',
    returns: 'taskContextStatic',
  },
];

const SPARK_CONTEXT: ApiEntry[] = [
  method(
    'parallelize',
    '(data, numSlices?) → RDD',
    'Distributes an array. Without numSlices: sc.defaultParallelism slices.',
    rdd,
  ),
  method(
    'textFile',
    '(path, minPartitions?) → RDD<string>',
    'Lines of the files a path or glob names, split like Hadoop.',
    rdd,
  ),
  method(
    'wholeTextFiles',
    '(path, minPartitions?) → RDD<[path, text]>',
    'Each file whole, as a [path, contents] pair; small files share a partition.',
    rdd,
  ),
  method('range', '(start, end?, step = 1, numSlices?) → RDD<number>', 'Numbers from start to end (exclusive).', rdd),
  method('union', '(rdds) → RDD', 'All elements of several RDDs; narrow: partitions are concatenated.', rdd),
  method('emptyRDD', '() → RDD', 'An RDD with no partitions.', rdd),
  method(
    'broadcast',
    '(value) → Broadcast',
    'Ships a read-only value to each executor once; read it with .value in tasks.',
    { returns: 'shared' },
  ),
  method('longAccumulator', '(name?) → Accumulator', 'A counter tasks add to with .add(n); the driver reads .value.', {
    returns: 'shared',
  }),
  method('doubleAccumulator', '(name?) → Accumulator', 'Like longAccumulator, for fractional numbers.', {
    returns: 'shared',
  }),
  method('accumulator', '(value = 0) → Accumulator', "PySpark's accumulator: starts at value; tasks add to it.", {
    returns: 'shared',
  }),
  property(
    'defaultParallelism',
    'number',
    'spark.default.parallelism if set, else the total executor cores (at least 2).',
  ),
  property('applicationId', 'string', 'The application id, as in the event log.'),
  property('appName', 'string', 'spark.app.name.'),
  property('startTime', 'number', 'When the application started (epoch milliseconds).'),
  property('version', 'string', 'The Spark version Kindling behaves as.'),
  method(
    'setLocalProperty',
    '(key, value)',
    'Sets a property for jobs started afterwards (e.g. spark.scheduler.pool).',
  ),
  method('getLocalProperty', '(key) → string | null', 'Reads a local property.'),
  method(
    'setJobGroup',
    '(groupId, description, interruptOnCancel = false)',
    'Later jobs belong to this group (the jobs table shows it) and carry the description.',
  ),
  method('clearJobGroup', '()', 'Later jobs belong to no group.'),
  method('setJobDescription', '(value)', 'The description later jobs show in the jobs table.'),
  method('cancelJobGroup', '(groupId)', "Cancels the group's running jobs."),
  method('cancelAllJobs', '()', 'Cancels every running job.'),
  method('setCheckpointDir', '(dirName)', 'Where rdd.checkpoint() saves RDDs.'),
  method('getCheckpointDir', '() → string | null', 'The checkpoint directory, if set.'),
  method('setLogLevel', '(logLevel)', 'ALL, DEBUG, ERROR, FATAL, INFO, OFF, TRACE or WARN.'),
  method(
    'statusTracker',
    '() → StatusTracker',
    'Jobs and stages as the scheduler reports them, while the program runs.',
    { returns: 'statusTracker' },
  ),
  method(
    'killExecutor',
    '(executorId) → Promise<boolean>',
    'Kills an executor as a cluster manager would; a new one replaces it.',
    action,
  ),
  property('executorIds', 'string[]', 'The ids of the executors alive now.'),
  property(
    'faults',
    'FaultInjector',
    'faults.inject({ kind: "killExecutor" | "failTask" | "slowPartition", … }): faults on purpose.',
  ),
  method('getConf', '() → SparkConf', 'A copy of the configuration.'),
  method('stop', '() → Promise', 'Stops the application (the runner does it when the program ends).', action),
];

const RDD_METHODS: ApiEntry[] = [
  transformation('map', '(f)', 'One output per element. Narrow. Drops the partitioner.'),
  transformation('filter', '(f)', 'Keeps elements for which f is true. Narrow.'),
  transformation('flatMap', '(f)', 'Zero or more outputs per element (f returns an iterable). Narrow.'),
  transformation(
    'mapPartitions',
    '(f, preservesPartitioning = false)',
    'f(iterator) → iterable, once per partition. Narrow.',
  ),
  transformation(
    'mapPartitionsWithIndex',
    '(f(index, iterator), preservesPartitioning = false)',
    'Like mapPartitions, with the partition index first (PySpark order). Narrow.',
  ),
  transformation('mapValues', '(f)', 'Maps the value of each [key, value] pair. Narrow; keeps the partitioner.'),
  transformation('flatMapValues', '(f)', 'Several values per pair, same key. Narrow; keeps the partitioner.'),
  transformation('keys', '()', 'The key of each pair. Narrow.'),
  transformation('values', '()', 'The value of each pair. Narrow.'),
  transformation('keyBy', '(f)', 'Pairs [f(x), x]. Narrow.'),
  transformation('glom', '()', 'Each partition as one array: handy to see how data is split. Narrow.'),
  transformation(
    'sample',
    '(withReplacement, fraction, seed?)',
    "A random sample, drawn as Spark's samplers draw. Narrow.",
  ),
  method(
    'randomSplit',
    '(weights, seed?) → RDD[]',
    'Splits at random by weights: every element lands in exactly one split.',
  ),
  transformation('union', '(other)', "Both RDDs' elements; partitions are concatenated. Narrow."),
  transformation(
    'coalesce',
    '(numPartitions, shuffle = false)',
    'Fewer partitions by merging neighbours, without a shuffle.',
  ),
  transformation('repartition', '(numPartitions)', 'Any number of partitions, by a shuffle.', alwaysWide),
  transformation('cartesian', '(other)', 'Every pair of elements; m × n partitions. Narrow.'),
  transformation('zip', '(other)', 'Pairs the i-th elements of matching partitions. Narrow; same sizes needed.'),
  transformation(
    'zipPartitions',
    '(others, f(it, otherIt, …), preservesPartitioning = false)',
    'f over matching partitions of several RDDs. Narrow.',
  ),
  transformation('zipWithIndex', '()', 'Pairs each element with its index. Runs a job to count the partitions first.'),
  transformation('zipWithUniqueId', '()', 'Pairs each element with a unique id (k, n + k, …); no job.'),
  transformation('distinct', '(numPartitions?)', 'Removes duplicates (a reduceByKey inside).', wide),
  transformation('groupBy', '(f, numPartitions?)', 'Groups elements by f(x).', wide),
  transformation('intersection', '(other, numPartitions?)', 'Elements in both RDDs, deduplicated.', alwaysWide),
  transformation('subtract', '(other, numPartitions?)', 'Elements not in other.', alwaysWide),
  transformation(
    'sortBy',
    '(keyfunc, ascending = true, numPartitions?)',
    'Sorts by keyfunc(x). Samples keys with a job first.',
    alwaysWide,
  ),
  transformation(
    'reduceByKey',
    '(func, numPartitions?)',
    'Merges the values of each key with func, combining map-side first.',
    wide,
  ),
  transformation(
    'groupByKey',
    '(numPartitions?)',
    'All values of each key in one array. No map-side combine: prefer reduceByKey.',
    wide,
  ),
  transformation(
    'aggregateByKey',
    '(zeroValue, seqFunc, combFunc, numPartitions?)',
    'Per key: fold values into an accumulator, then merge accumulators.',
    wide,
  ),
  transformation('foldByKey', '(zeroValue, func, numPartitions?)', 'Like reduceByKey with a starting value.', wide),
  transformation(
    'combineByKey',
    '(createCombiner, mergeValue, mergeCombiners, numPartitions?)',
    'The general per-key aggregation the others are built on.',
    wide,
  ),
  transformation(
    'partitionBy',
    '(numPartitions | partitioner)',
    'Moves each pair to its key’s partition; later key operations can reuse it.',
    wide,
  ),
  transformation(
    'sortByKey',
    '(ascending = true, numPartitions?, keyfunc?)',
    'Sorts pairs by key with a RangePartitioner (samples keys with a job).',
    alwaysWide,
  ),
  transformation(
    'repartitionAndSortWithinPartitions',
    '(numPartitions | partitioner, ascending = true)',
    'One shuffle that partitions by key and sorts each partition; no sampling job.',
    alwaysWide,
  ),
  transformation('join', '(other, numPartitions?)', 'Pairs [k, [v, w]] for keys in both.', wide),
  transformation(
    'leftOuterJoin',
    '(other, numPartitions?)',
    'Every key of this RDD; w is null when other lacks the key.',
    wide,
  ),
  transformation(
    'rightOuterJoin',
    '(other, numPartitions?)',
    'Every key of other; v is null when this RDD lacks the key.',
    wide,
  ),
  transformation('fullOuterJoin', '(other, numPartitions?)', 'Every key of either side.', wide),
  transformation(
    'cogroup',
    '(other | others[], numPartitions?)',
    'For each key, the arrays of values of each RDD.',
    wide,
  ),
  transformation('groupWith', '(other, ...others)', 'A cogroup of this RDD and all the others.', wide),
  transformation('subtractByKey', '(other, numPartitions?)', 'Pairs whose key is not in other.', wide),
  transformation('sampleByKey', '(withReplacement, fractions, seed?)', 'Samples each key at its own rate. Narrow.'),
  method('collect', '() → Promise<array>', 'Every element, brought to the driver.', action),
  method('count', '() → Promise<number>', 'How many elements.', action),
  method('take', '(num) → Promise<array>', 'The first num elements; scans 1 partition, then more.', action),
  method('first', '() → Promise', 'The first element (take(1)).', action),
  method('isEmpty', '() → Promise<boolean>', 'Whether there is no element (take(1)).', action),
  method('takeOrdered', '(num, key?) → Promise<array>', 'The num smallest elements.', action),
  method('top', '(num, key?) → Promise<array>', 'The num largest elements.', action),
  method(
    'takeSample',
    '(withReplacement, num, seed?) → Promise<array>',
    'Exactly num random elements: a count job, then sampling jobs.',
    action,
  ),
  method('reduce', '(f) → Promise', 'Merges all elements with f (per partition, then on the driver).', action),
  method(
    'treeReduce',
    '(f, depth = 2) → Promise',
    'reduce with extra shuffle stages combining partial results.',
    action,
  ),
  method('fold', '(zeroValue, op) → Promise', 'Like reduce, with a starting value per partition.', action),
  method(
    'aggregate',
    '(zeroValue, seqOp, combOp) → Promise',
    'Folds each partition with seqOp, merges with combOp.',
    action,
  ),
  method(
    'treeAggregate',
    '(zeroValue, seqOp, combOp, depth = 2) → Promise',
    'aggregate with extra shuffle stages combining partial results.',
    action,
  ),
  method(
    'foreach',
    '(f) → Promise',
    'Runs f on each element on the executors: console.log there goes to executor logs.',
    action,
  ),
  method('foreachPartition', '(f(iterator)) → Promise', 'Runs f once per partition on the executors.', action),
  method(
    'toLocalIterator',
    '() → AsyncIterator',
    'for await (const x of rdd.toLocalIterator()): one job per partition, as it is reached.',
  ),
  method('countByKey', '() → Promise<Map>', 'How many pairs per key (a shuffle, as in Spark core).', {
    ...action,
    ...wide,
  }),
  method('countByValue', '() → Promise<Map>', 'How many times each element occurs (a shuffle).', {
    ...action,
    ...wide,
  }),
  method(
    'countApproxDistinct',
    '(relativeSD = 0.05) → Promise<number>',
    'About how many distinct elements (HyperLogLog++).',
    action,
  ),
  method('collectAsMap', '() → Promise<Map>', 'The pairs as a Map on the driver.', action),
  method(
    'reduceByKeyLocally',
    '(func) → Promise<Map>',
    'Per key, merged on each executor then on the driver; no shuffle.',
    action,
  ),
  method('lookup', '(key) → Promise<array>', 'The values of one key; one task when the RDD has a partitioner.', action),
  method('sum', '() → Promise<number>', 'The sum of the elements.', action),
  method('mean', '() → Promise<number>', 'The mean of the elements.', action),
  method('stats', '() → Promise<StatCounter>', 'Count, mean, stdev, max and min in one job.', {
    ...action,
    returns: 'statCounter',
  }),
  method('variance', '() → Promise<number>', 'The population variance.', action),
  method('stdev', '() → Promise<number>', 'The population standard deviation.', action),
  method('sampleVariance', '() → Promise<number>', 'The sample variance (divides by n − 1).', action),
  method('sampleStdev', '() → Promise<number>', 'The sample standard deviation (divides by n − 1).', action),
  method(
    'histogram',
    '(buckets | bucketCount) → Promise<[buckets, counts]>',
    'Counts per bucket; a bucket count spaces them evenly between min and max.',
    action,
  ),
  method('max', '(key?) → Promise', 'The largest element.', action),
  method('min', '(key?) → Promise', 'The smallest element.', action),
  method('saveAsTextFile', '(path) → Promise', 'One part-NNNNN file per partition.', action),
  method('cache', '() → RDD', 'persist(StorageLevel.MEMORY_ONLY): keeps computed partitions for later jobs.', rdd),
  method('persist', '(level = StorageLevel.MEMORY_ONLY) → RDD', 'Keeps computed partitions at a storage level.', rdd),
  method('unpersist', '() → RDD', 'Drops the cached partitions.', rdd),
  property('isCached', 'boolean', 'Whether the RDD is persisted.'),
  method(
    'checkpoint',
    '()',
    'After the next action, a second job saves the RDD to the checkpoint directory and its lineage stops there.',
  ),
  method('localCheckpoint', '() → RDD', 'Cuts the lineage at the cached blocks after the next action.', rdd),
  method('isCheckpointed', '() → boolean', 'Whether an action has checkpointed the RDD.'),
  method('getCheckpointFile', '() → string | null', 'Where a checkpointed RDD was saved.'),
  method('getNumPartitions', '() → number', 'How many partitions (one task each).'),
  method('toDebugString', '() → string', 'The lineage; indentation steps mark shuffles.'),
  method('id', '() → number', 'The RDD id, as in the UI: RDD[3].'),
  method('name', '() → string | null', 'The name setName gave.'),
  method('setName', '(name) → RDD', 'Names the RDD in the UI and in toDebugString.', rdd),
  method('getStorageLevel', '() → StorageLevel', 'How the RDD is persisted.'),
  property('partitioner', 'Partitioner | undefined', 'How keys are placed, when known.'),
  property('context', 'SparkContext', 'The SparkContext the RDD belongs to.', { returns: 'sc' }),
];

const STORAGE_LEVELS: ApiEntry[] = [
  ['MEMORY_ONLY', 'Deserialized in memory; what does not fit is recomputed. What cache() uses.'],
  ['MEMORY_ONLY_SER', 'Serialized in memory: smaller, costs deserialization.'],
  ['MEMORY_AND_DISK', 'In memory, spilling partitions that do not fit to disk.'],
  ['MEMORY_AND_DISK_SER', 'Serialized in memory, spilling to disk.'],
  ['DISK_ONLY', 'On disk (IndexedDB here) only.'],
  ['NONE', 'Not persisted.'],
].map(([label, doc]) => ({ label, kind: 'constant' as const, detail: 'StorageLevel', doc }));

const TASK_CONTEXT_STATIC: ApiEntry[] = [
  method('get', '() → TaskContext | null', 'The running task’s context; null on the driver.', {
    returns: 'taskContext',
  }),
];

const TASK_CONTEXT: ApiEntry[] = [
  method('partitionId', '() → number', 'The partition this task computes.'),
  method('attemptNumber', '() → number', '0 for the first attempt, 1 for the first retry, …'),
  method('stageId', '() → number', 'The stage the task belongs to.'),
  method('stageAttemptNumber', '() → number', 'The attempt of the stage.'),
  method('taskAttemptId', '() → number', 'The task attempt id (TID), unique in the application.'),
  method('getLocalProperty', '(key) → string | null', 'A local property of the job.'),
  method('isInterrupted', '() → boolean', 'Whether the task has been killed (a speculative loser, a cancelled job).'),
];

const SHARED_VARIABLES: ApiEntry[] = [
  property('value', 'T', "A broadcast's value, or an accumulator's total (on the driver)."),
  method('add', '(n)', 'Adds to an accumulator (in tasks).'),
  method('unpersist', '()', "A broadcast's executors' copies may go."),
  method('destroy', '()', 'Destroys a broadcast: using it afterwards is an error.'),
  method('reset', '()', 'Sets an accumulator back to 0 (on the driver).'),
  property('id', 'number', 'The broadcast or accumulator id.'),
  property('name', 'string | null', "An accumulator's name."),
];

const STAT_COUNTER: ApiEntry[] = [
  method('count', '() → number', 'How many numbers.'),
  method('mean', '() → number', 'Their mean.'),
  method('sum', '() → number', 'Their sum (count × mean).'),
  method('max', '() → number', 'The largest.'),
  method('min', '() → number', 'The smallest.'),
  method('variance', '() → number', 'The population variance.'),
  method('stdev', '() → number', 'The population standard deviation.'),
  method('sampleVariance', '() → number', 'The sample variance (divides by n − 1).'),
  method('sampleStdev', '() → number', 'The sample standard deviation (divides by n − 1).'),
  method('add', '(value) → StatCounter', 'Counts one more number in.', { returns: 'statCounter' }),
  method('merge', '(other) → StatCounter', "Adds another StatCounter's numbers in.", { returns: 'statCounter' }),
];

const STATUS_TRACKER: ApiEntry[] = [
  method('getJobIdsForGroup', '(jobGroup = null) → number[]', 'The jobs of a group (of no group, for null).'),
  method('getActiveJobsIds', '() → number[]', 'The jobs running now.'),
  method('getActiveStageIds', '() → number[]', 'The stages running now.'),
  method('getJobInfo', '(jobId) → { jobId, stageIds, status } | null', "A job's stages and status."),
  method(
    'getStageInfo',
    '(stageId) → { stageId, name, numTasks, numActiveTasks, numCompletedTasks, numFailedTasks, … } | null',
    "A stage's progress.",
  ),
];

/** The engine's own hooks: public in JavaScript, but not for programs. */
const ENGINE_HOOK = 'engine internals (the scheduler, the runner and the views use it)';

export const CORE_CATALOG: ApiCatalog = {
  globals: GLOBALS,
  receivers: {
    sc: {
      members: SPARK_CONTEXT,
      notOffered: {
        ...Object.fromEntries(
          [
            'conf',
            'appId',
            'listenerBus',
            'fileSystem',
            'ready',
            'newRddId',
            'newShuffleId',
            'withScope',
            'currentScope',
            'callSiteFor',
            'programPosition',
            'applyOnDriver',
            'runJob',
            'runBlocking',
            'submitMapStage',
            'persistRDD',
            'unpersistRDD',
            'rddStorageInfo',
            'cachedPartitions',
            'hostCount',
            'rackOf',
            'blockHosts',
            'isStopped',
            'logLevel',
          ].map((name) => [name, ENGINE_HOOK]),
        ),
        // Spark's collectionAccumulator is here for PySpark's accumulators, which travel in one; a JavaScript
        // task's closure cannot carry one yet, so offering it would offer something that does not work.
        collectionAccumulator: 'the channel PySpark accumulators travel in; JavaScript tasks cannot add to it',
      },
    },
    rdd: {
      members: RDD_METHODS,
      notOffered: {
        ...Object.fromEntries(
          [
            'creationSite',
            'scope',
            'checkpointData',
            'doCheckpointCalled',
            'dependencies',
            'kindWire',
            'partitionPayload',
            'preferredLocations',
            'prepared',
            'isPrepared',
            'persistAt',
            'typeName',
            'getDependencies',
            'getKindWire',
            'getPartitionPayload',
            'getPreferredLocations',
            'shuffleBlocksRead',
          ].map((name) => [name, ENGINE_HOOK]),
        ),
        toString: 'what printing an RDD shows (its toDebugString line)',
      },
    },
    storageLevelStatic: { members: STORAGE_LEVELS, notOffered: { fromJSON: ENGINE_HOOK } },
    taskContextStatic: { members: TASK_CONTEXT_STATIC },
    taskContext: {
      members: TASK_CONTEXT,
      notOffered: Object.fromEntries(
        [
          'accumulatorUpdates',
          'collectionUpdates',
          'killed',
          'stageIdValue',
          'stageAttemptValue',
          'partitionIdValue',
          'attemptNumberValue',
          'taskAttemptIdValue',
          'properties',
          'addToAccumulator',
        ].map((name) => [name, ENGINE_HOOK]),
      ),
    },
    shared: {
      members: SHARED_VARIABLES,
      notOffered: { merge: ENGINE_HOOK, kind: ENGINE_HOOK, toString: 'what printing it shows' },
    },
    statCounter: {
      members: STAT_COUNTER,
      notOffered: { toFields: ENGINE_HOOK, toString: 'what printing it shows: Spark’s (count: …, mean: …)' },
    },
    statusTracker: { members: STATUS_TRACKER, notOffered: { onEvent: ENGINE_HOOK } },
  },
};
