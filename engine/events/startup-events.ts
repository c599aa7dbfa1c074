/**
 * The events a Spark 4 application logs before its first job, in Spark's
 * order (SparkContext's start-up): the log's Spark version, resource profile 0,
 * the driver's block manager, the environment (the effective configuration),
 * then the application's start. A History Server needs them all: the
 * environment page, the executors page's driver row, the stage page's
 * resource profile.
 */
import type { SparkEvent, StringMap } from './types';

/** The Spark version Kindling's logs declare (its reference version). */
export const KINDLING_SPARK_VERSION = '4.0.0';

export interface StartupFacts {
  appId: string;
  appName: string;
  /** Epoch milliseconds. */
  startTime: number;
  user: string;
  /** The configuration as set (SparkConf.getAll); the defaults Kindling applies are added here. */
  conf: StringMap;
  /** Executors' cores and memory, for resource profile 0 and the environment. */
  executorCores: number;
  executorMemoryMiB: number;
  executorInstances: number;
  /** The driver's block manager's storage memory, in bytes. */
  driverMaxMemory: number;
}

/**
 * The effective configuration as the environment page lists it: what was set,
 * plus the defaults Kindling ran with, so a reader of the log sees the cluster.
 * `spark.master` names the closest Spark master URL for the same shape on one
 * machine, `local-cluster[executors,cores,memory MiB]`.
 *
 * @example
 * effectiveSparkProperties(facts)['spark.master'] // 'local-cluster[2,2,16]'
 */
export function effectiveSparkProperties(facts: StartupFacts): StringMap {
  const defaults: StringMap = {
    'spark.master': `local-cluster[${facts.executorInstances},${facts.executorCores},${facts.executorMemoryMiB}]`,
    'spark.submit.deployMode': 'client',
    'spark.driver.host': 'localhost',
    'spark.executor.id': 'driver',
    'spark.executor.instances': String(facts.executorInstances),
    'spark.executor.cores': String(facts.executorCores),
    'spark.executor.memory': `${facts.executorMemoryMiB}m`,
    'spark.scheduler.mode': 'FIFO',
    'spark.app.startTime': String(facts.startTime),
  };
  return { ...defaults, ...facts.conf, 'spark.app.id': facts.appId, 'spark.app.name': facts.appName };
}

/**
 * @example
 * for (const event of startupEvents(facts)) bus.post(event);
 */
export function startupEvents(facts: StartupFacts): SparkEvent[] {
  return [
    { Event: 'SparkListenerLogStart', 'Spark Version': KINDLING_SPARK_VERSION },
    {
      Event: 'SparkListenerResourceProfileAdded',
      'Resource Profile Id': 0,
      'Executor Resource Requests': {
        cores: { 'Resource Name': 'cores', Amount: facts.executorCores, 'Discovery Script': '', Vendor: '' },
        memory: { 'Resource Name': 'memory', Amount: facts.executorMemoryMiB, 'Discovery Script': '', Vendor: '' },
        offHeap: { 'Resource Name': 'offHeap', Amount: 0, 'Discovery Script': '', Vendor: '' },
      },
      'Task Resource Requests': { cpus: { 'Resource Name': 'cpus', Amount: 1.0 } },
    },
    {
      Event: 'SparkListenerBlockManagerAdded',
      'Block Manager ID': { 'Executor ID': 'driver', Host: 'localhost', Port: 7337 },
      'Maximum Memory': facts.driverMaxMemory,
      Timestamp: facts.startTime,
      'Maximum Onheap Memory': facts.driverMaxMemory,
      'Maximum Offheap Memory': 0,
    },
    {
      Event: 'SparkListenerEnvironmentUpdate',
      'JVM Information': { 'Java Home': '', 'Java Version': 'JavaScript (Kindling)', 'Scala Version': '' },
      'Spark Properties': effectiveSparkProperties(facts),
      'Hadoop Properties': {},
      'System Properties': { 'user.name': facts.user },
      'Metrics Properties': {},
      'Classpath Entries': {},
    },
    {
      Event: 'SparkListenerApplicationStart',
      'App Name': facts.appName,
      'App ID': facts.appId,
      Timestamp: facts.startTime,
      User: facts.user,
    },
  ];
}
