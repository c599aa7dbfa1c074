/**
 * Builders for the Spark listener events the engine posts, with exactly the
 * field names Spark's JsonProtocol writes (Spark 4), so the event log opens in
 * Spark's history server and Kindling's viewer alike.
 */
import type { RDD } from '../rdd/rdd';
import { emptyTaskMetrics } from '../events/types';
import { ShuffleDependency } from '../rdd/dependency';
import type { TaskFailureWire, TaskMetricsWire } from '../rdd/wire';
import type { StorageLevel } from '../rdd/storage-level';

export type Json = Record<string, unknown>;

export function storageLevelJson(level: StorageLevel): Json {
  return {
    'Use Disk': level.useDisk,
    'Use Memory': level.useMemory,
    'Use Off Heap': false,
    Deserialized: level.deserialized,
    Replication: level.replication,
  };
}

export interface CacheStatus {
  numCachedPartitions: number;
  memSize: number;
  diskSize: number;
}

export function rddInfoJson(rdd: RDD, cache: CacheStatus | null): Json {
  return {
    'RDD ID': rdd.id(),
    Name: rdd.name() ?? rdd.typeName,
    Scope: JSON.stringify({ id: String(rdd.scope.id), name: rdd.scope.name }),
    Callsite: rdd.creationSite.shortForm,
    'Parent IDs': rdd.dependencies.map((d) => d.rdd.id()),
    'Storage Level': storageLevelJson(rdd.getStorageLevel()),
    Barrier: false,
    DeterministicLevel: 'DETERMINATE',
    'Number of Partitions': rdd.getNumPartitions(),
    'Number of Cached Partitions': cache?.numCachedPartitions ?? 0,
    'Memory Size': cache?.memSize ?? 0,
    'Disk Size': cache?.diskSize ?? 0,
  };
}

/** The RDDs of one stage: the stage's RDD and its narrow ancestors, as Spark's StageInfo lists them. */
export function stageRdds(root: RDD): RDD[] {
  const out: RDD[] = [];
  const seen = new Set<number>();
  const visit = (rdd: RDD) => {
    if (seen.has(rdd.id())) return;
    seen.add(rdd.id());
    out.push(rdd);
    for (const d of rdd.dependencies) if (!(d instanceof ShuffleDependency)) visit(d.rdd);
  };
  visit(root);
  return out;
}

export function taskMetricsJson(m: TaskMetricsWire): Json {
  return {
    'Executor Deserialize Time': m.executorDeserializeTime,
    'Executor Deserialize CPU Time': m.executorDeserializeTime * 1_000_000,
    'Executor Run Time': m.executorRunTime,
    'Executor CPU Time': m.executorCpuTime,
    'Peak Execution Memory': m.peakExecutionMemory,
    'Peak On Heap Execution Memory': m.peakExecutionMemory,
    'Peak Off Heap Execution Memory': 0,
    'Result Size': m.resultSize,
    'JVM GC Time': 0,
    'Result Serialization Time': m.resultSerializationTime,
    'Memory Bytes Spilled': m.memoryBytesSpilled,
    'Disk Bytes Spilled': m.diskBytesSpilled,
    'Shuffle Read Metrics': {
      'Remote Blocks Fetched': m.shuffleRead.remoteBlocksFetched,
      'Local Blocks Fetched': m.shuffleRead.localBlocksFetched,
      'Fetch Wait Time': m.shuffleRead.fetchWaitTime,
      'Remote Bytes Read': m.shuffleRead.remoteBytesRead,
      'Remote Bytes Read To Disk': 0,
      'Local Bytes Read': m.shuffleRead.localBytesRead,
      'Total Records Read': m.shuffleRead.recordsRead,
      'Remote Requests Duration': 0,
      // Kindling has no push-based shuffle: Spark's zeros.
      'Push Based Shuffle': emptyTaskMetrics()['Shuffle Read Metrics']['Push Based Shuffle'],
    },
    'Shuffle Write Metrics': {
      'Shuffle Bytes Written': m.shuffleWrite.bytesWritten,
      // Spark reports shuffle write time in nanoseconds.
      'Shuffle Write Time': Math.round(m.shuffleWrite.writeTime * 1_000_000),
      'Shuffle Records Written': m.shuffleWrite.recordsWritten,
    },
    'Input Metrics': { 'Bytes Read': m.inputBytes, 'Records Read': m.inputRecords },
    'Output Metrics': { 'Bytes Written': m.outputBytes, 'Records Written': m.outputRecords },
    'Updated Blocks': [],
  };
}

export function taskEndReasonJson(
  failure: TaskFailureWire | null,
  executorLost?: { executorId: string; reason: string },
): Json {
  if (executorLost)
    return {
      Reason: 'ExecutorLostFailure',
      'Executor ID': executorLost.executorId,
      'Exit Caused By App': true,
      'Loss Reason': executorLost.reason,
    };
  if (!failure) return { Reason: 'Success' };
  switch (failure.reason) {
    case 'ExceptionFailure':
      return {
        Reason: 'ExceptionFailure',
        'Class Name': failure.className,
        Description: failure.description,
        'Stack Trace': stackTraceJson(failure.stack),
        'Full Stack Trace': failure.stack,
        'Accumulator Updates': [],
      };
    case 'FetchFailed':
      return {
        Reason: 'FetchFailed',
        'Block Manager Address': { 'Executor ID': failure.executorId, Host: failure.host, Port: 7337 },
        'Shuffle ID': failure.shuffleId,
        'Map ID': failure.mapId,
        'Map Index': failure.mapIndex,
        'Reduce ID': failure.reduceId,
        Message: failure.message,
      };
    case 'TaskKilled':
      return { Reason: 'TaskKilled', 'Kill Reason': failure.killReason, 'Accumulator Updates': [] };
  }
}

/** JavaScript stack lines as Spark's StackTraceElement JSON (declaring class, method, file, line). */
function stackTraceJson(stack: string): Json[] {
  return stack
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('at '))
    .map((l) => {
      const m = /^at (?:(.*?) \()?(.*?):(\d+):\d+\)?$/.exec(l);
      return {
        'Declaring Class': '',
        'Method Name': m?.[1] ?? '<anonymous>',
        'File Name': m?.[2] ?? l.slice(3),
        'Line Number': m ? Number(m[3]) : -1,
      };
    });
}
