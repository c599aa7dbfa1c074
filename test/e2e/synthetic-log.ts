/**
 * A Spark event log made up for the views' scale checks: one job, one map
 * stage and one result stage, `tasks` task attempts over 4 executors × 4
 * cores, every event in Spark 4's JSON shape.
 */
export function syntheticEventLog(tasks: number): string {
  const start = 1_700_000_000_000;
  const level = { 'Use Disk': false, 'Use Memory': false, 'Use Off Heap': false, Deserialized: false, Replication: 1 };
  const rdd = (id: number, name: string, scope: string, parents: number[], partitions: number) => ({
    'RDD ID': id,
    Name: name,
    Scope: JSON.stringify({ id: String(id), name: scope }),
    Callsite: `${scope} at Synthetic.scala:${10 + id}`,
    'Parent IDs': parents,
    'Storage Level': level,
    'Number of Partitions': partitions,
    'Number of Cached Partitions': 0,
    'Memory Size': 0,
    'Disk Size': 0,
  });
  const mapTasks = Math.ceil(tasks / 2);
  const reduceTasks = tasks - mapTasks;
  const stage = (id: number, name: string, n: number, rdds: object[], parents: number[]) => ({
    'Stage ID': id,
    'Stage Attempt ID': 0,
    'Stage Name': name,
    'Number of Tasks': n,
    'RDD Info': rdds,
    'Parent IDs': parents,
    Details: '',
    Accumulables: [],
  });
  const map = stage(
    0,
    'map at Synthetic.scala:11',
    mapTasks,
    [rdd(1, 'MapPartitionsRDD', 'map', [0], mapTasks), rdd(0, 'ParallelCollectionRDD', 'parallelize', [], mapTasks)],
    [],
  );
  const reduce = stage(
    1,
    'count at Synthetic.scala:13',
    reduceTasks,
    [rdd(2, 'ShuffledRDD', 'reduceByKey', [1], reduceTasks)],
    [0],
  );
  const lines: object[] = [
    { Event: 'SparkListenerLogStart', 'Spark Version': '4.0.0' },
    {
      Event: 'SparkListenerApplicationStart',
      'App Name': 'Synthetic',
      'App ID': 'app-synthetic',
      Timestamp: start,
      User: 'test',
    },
  ];
  for (let e = 0; e < 4; e++)
    lines.push({
      Event: 'SparkListenerExecutorAdded',
      Timestamp: start,
      'Executor ID': String(e),
      'Executor Info': { Host: `host-${e}`, 'Total Cores': 4, 'Log Urls': {} },
    });
  lines.push({
    Event: 'SparkListenerJobStart',
    'Job ID': 0,
    'Submission Time': start + 1,
    'Stage Infos': [map, reduce],
    'Stage IDs': [0, 1],
    Properties: {},
  });
  let tid = 0;
  let clock = start + 2;
  for (const [info, count, type] of [
    [map, mapTasks, 'ShuffleMapTask'],
    [reduce, reduceTasks, 'ResultTask'],
  ] as const) {
    lines.push({
      Event: 'SparkListenerStageSubmitted',
      'Stage Info': { ...info, 'Submission Time': clock },
      Properties: {},
    });
    for (let i = 0; i < count; i++) {
      const launch = clock + Math.floor(i / 16) * 3;
      const taskInfo = {
        'Task ID': tid,
        Index: i,
        Attempt: 0,
        'Partition ID': i,
        'Launch Time': launch,
        'Executor ID': String(i % 4),
        Host: `host-${i % 4}`,
        Locality: 'PROCESS_LOCAL',
        Speculative: false,
        'Getting Result Time': 0,
        'Finish Time': 0,
        Failed: false,
        Killed: false,
        Accumulables: [],
      };
      lines.push({
        Event: 'SparkListenerTaskStart',
        'Stage ID': info['Stage ID'],
        'Stage Attempt ID': 0,
        'Task Info': taskInfo,
      });
      lines.push({
        Event: 'SparkListenerTaskEnd',
        'Stage ID': info['Stage ID'],
        'Stage Attempt ID': 0,
        'Task Type': type,
        'Task End Reason': { Reason: 'Success' },
        'Task Info': { ...taskInfo, 'Finish Time': launch + 2 + (i % 3) },
        'Task Metrics': {
          'Executor Deserialize Time': 0,
          'Executor Run Time': 1 + (i % 3),
          'Result Size': 100,
          'JVM GC Time': 0,
          'Result Serialization Time': 0,
          'Memory Bytes Spilled': 0,
          'Disk Bytes Spilled': 0,
        },
      });
      tid++;
    }
    clock += Math.ceil(count / 16) * 3 + 3;
    lines.push({
      Event: 'SparkListenerStageCompleted',
      'Stage Info': { ...info, 'Submission Time': start + 2, 'Completion Time': clock },
    });
  }
  lines.push({
    Event: 'SparkListenerJobEnd',
    'Job ID': 0,
    'Completion Time': clock,
    'Job Result': { Result: 'JobSucceeded' },
  });
  lines.push({ Event: 'SparkListenerApplicationEnd', Timestamp: clock + 1 });
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}
