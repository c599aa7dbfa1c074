/**
 * A reader that reads events the way Spark 4.0's `JsonProtocol.sparkEventFromJson`
 * does (core/src/main/scala/org/apache/spark/util/JsonProtocol.scala): the
 * same required fields, the same optional ones, and the same type checks
 * (`extractInt` needs a number, `extractBoolean` a boolean, `extractString` a
 * string or null, `mapFromJson` an object of strings, `extractElements` an array
 * or object). It throws where Spark's replay would throw. Events JsonProtocol
 * does not know are read by Jackson into their class; for Spark SQL's, the
 * fields their case classes require are checked; others are reported unknown,
 * as a History Server without the class drops them.
 */

type Json = unknown;

class ProtocolError extends Error {}

function fail(path: string, message: string): never {
  throw new ProtocolError(`${path}: ${message}`);
}

function obj(json: Json, path: string): Record<string, Json> {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail(path, `expected an object, got ${kind(json)}`);
  return json as Record<string, Json>;
}

function kind(json: Json): string {
  return json === null ? 'NULL' : Array.isArray(json) ? 'ARRAY' : typeof json;
}

function field(json: Record<string, Json>, name: string, path: string): Json {
  // Scala's json.get(name) of a missing field is null, which extract* then refuses.
  return json[name] === undefined ? fail(`${path}.${name}`, 'missing') : json[name];
}

/** jsonOption: absent or null is None. */
function option(json: Record<string, Json>, name: string): Json | undefined {
  const value = json[name];
  return value === undefined || value === null ? undefined : value;
}

function number(json: Json, path: string): number {
  if (typeof json !== 'number') fail(path, `Expected number, got ${kind(json)}`);
  return json;
}

function int(json: Json, path: string): number {
  return number(json, path);
}

function boolean(json: Json, path: string): boolean {
  if (typeof json !== 'boolean') fail(path, `Expected boolean, got ${kind(json)}`);
  return json;
}

function string(json: Json, path: string): string | null {
  if (typeof json !== 'string' && json !== null) fail(path, `Expected string or NULL, got ${kind(json)}`);
  return json;
}

function elements(json: Json, path: string): Json[] {
  if (typeof json !== 'object' || json === null) fail(path, `Expected container, got ${kind(json)}`);
  return Array.isArray(json) ? json : Object.values(json);
}

function map(json: Json, path: string): void {
  for (const [key, value] of Object.entries(obj(json, path))) string(value, `${path}.${key}`);
}

function properties(json: Json | undefined, path: string): void {
  if (json !== undefined && json !== null) map(json, path);
}

const LOCALITIES = new Set(['PROCESS_LOCAL', 'NODE_LOCAL', 'NO_PREF', 'RACK_LOCAL', 'ANY']);

function stageInfo(json: Json, path: string): void {
  const o = obj(json, path);
  int(field(o, 'Stage ID', path), `${path}.Stage ID`);
  const attempt = option(o, 'Stage Attempt ID');
  if (attempt !== undefined) int(attempt, `${path}.Stage Attempt ID`);
  string(field(o, 'Stage Name', path), `${path}.Stage Name`);
  int(field(o, 'Number of Tasks', path), `${path}.Number of Tasks`);
  elements(field(o, 'RDD Info', path), `${path}.RDD Info`).forEach((rdd, i) => rddInfo(rdd, `${path}.RDD Info[${i}]`));
  const parents = option(o, 'Parent IDs');
  if (parents !== undefined)
    elements(parents, `${path}.Parent IDs`).forEach((p, i) => int(p, `${path}.Parent IDs[${i}]`));
  for (const name of ['Submission Time', 'Completion Time']) {
    const value = option(o, name);
    if (value !== undefined) number(value, `${path}.${name}`);
  }
  const accumulables = option(o, 'Accumulables');
  if (accumulables !== undefined)
    elements(accumulables, `${path}.Accumulables`).forEach((a, i) => accumulableInfo(a, `${path}.Accumulables[${i}]`));
  const push = option(o, 'Shuffle Push Enabled');
  if (push !== undefined) boolean(push, `${path}.Shuffle Push Enabled`);
  for (const name of ['Shuffle Push Mergers Count', 'Resource Profile Id']) {
    const value = option(o, name);
    if (value !== undefined) int(value, `${path}.${name}`);
  }
}

function rddInfo(json: Json, path: string): void {
  const o = obj(json, path);
  int(field(o, 'RDD ID', path), `${path}.RDD ID`);
  string(field(o, 'Name', path), `${path}.Name`);
  const parents = option(o, 'Parent IDs');
  if (parents !== undefined)
    elements(parents, `${path}.Parent IDs`).forEach((p, i) => int(p, `${path}.Parent IDs[${i}]`));
  storageLevel(field(o, 'Storage Level', path), `${path}.Storage Level`);
  const barrier = option(o, 'Barrier');
  if (barrier !== undefined) boolean(barrier, `${path}.Barrier`);
  for (const name of ['Number of Partitions', 'Number of Cached Partitions', 'Memory Size', 'Disk Size']) {
    number(field(o, name, path), `${path}.${name}`);
  }
  const level = option(o, 'DeterministicLevel');
  if (level !== undefined && !['DETERMINATE', 'UNORDERED', 'INDETERMINATE'].includes(String(level))) {
    fail(`${path}.DeterministicLevel`, `not a DeterministicLevel: ${String(level)}`);
  }
}

function storageLevel(json: Json, path: string): void {
  const o = obj(json, path);
  boolean(field(o, 'Use Disk', path), `${path}.Use Disk`);
  boolean(field(o, 'Use Memory', path), `${path}.Use Memory`);
  const offHeap = option(o, 'Use Off Heap');
  if (offHeap !== undefined) boolean(offHeap, `${path}.Use Off Heap`);
  boolean(field(o, 'Deserialized', path), `${path}.Deserialized`);
  int(field(o, 'Replication', path), `${path}.Replication`);
}

function taskInfo(json: Json, path: string): void {
  const o = obj(json, path);
  number(field(o, 'Task ID', path), `${path}.Task ID`);
  int(field(o, 'Index', path), `${path}.Index`);
  for (const name of ['Attempt', 'Partition ID']) {
    const value = option(o, name);
    if (value !== undefined) int(value, `${path}.${name}`);
  }
  number(field(o, 'Launch Time', path), `${path}.Launch Time`);
  string(field(o, 'Executor ID', path), `${path}.Executor ID`);
  string(field(o, 'Host', path), `${path}.Host`);
  const locality = string(field(o, 'Locality', path), `${path}.Locality`);
  if (!LOCALITIES.has(locality ?? '')) fail(`${path}.Locality`, `not a TaskLocality: ${locality}`);
  const speculative = option(o, 'Speculative');
  if (speculative !== undefined) boolean(speculative, `${path}.Speculative`);
  number(field(o, 'Getting Result Time', path), `${path}.Getting Result Time`);
  number(field(o, 'Finish Time', path), `${path}.Finish Time`);
  boolean(field(o, 'Failed', path), `${path}.Failed`);
  const killed = option(o, 'Killed');
  if (killed !== undefined) boolean(killed, `${path}.Killed`);
  const accumulables = option(o, 'Accumulables');
  if (accumulables !== undefined)
    elements(accumulables, `${path}.Accumulables`).forEach((a, i) => accumulableInfo(a, `${path}.Accumulables[${i}]`));
}

function accumulableInfo(json: Json, path: string): void {
  const o = obj(json, path);
  number(field(o, 'ID', path), `${path}.ID`);
  const name = option(o, 'Name');
  for (const key of ['Update', 'Value']) {
    const value = option(o, key);
    if (value === undefined) continue;
    // accumValueFromJson: internal metrics must be integral numbers or lists of blocks.
    if (typeof name === 'string' && name.startsWith('internal.metrics.')) {
      if (Array.isArray(value)) value.forEach((b, i) => updatedBlock(b, `${path}.${key}[${i}]`));
      else if (!Number.isInteger(value))
        fail(`${path}.${key}`, `unexpected json value ${JSON.stringify(value)} for accumulator ${name}`);
    }
  }
  for (const key of ['Internal', 'Count Failed Values']) {
    const value = option(o, key);
    if (value !== undefined) boolean(value, `${path}.${key}`);
  }
}

function updatedBlock(json: Json, path: string): void {
  const o = obj(json, path);
  string(field(o, 'Block ID', path), `${path}.Block ID`);
  blockStatus(field(o, 'Status', path), `${path}.Status`);
}

function blockStatus(json: Json, path: string): void {
  const o = obj(json, path);
  storageLevel(field(o, 'Storage Level', path), `${path}.Storage Level`);
  number(field(o, 'Memory Size', path), `${path}.Memory Size`);
  number(field(o, 'Disk Size', path), `${path}.Disk Size`);
}

function taskMetrics(json: Json | undefined, path: string): void {
  if (json === undefined || json === null) return;
  const o = obj(json, path);
  for (const name of [
    'Executor Deserialize Time',
    'Executor Run Time',
    'Result Size',
    'JVM GC Time',
    'Result Serialization Time',
    'Memory Bytes Spilled',
    'Disk Bytes Spilled',
  ]) {
    number(field(o, name, path), `${path}.${name}`);
  }
  const read = option(o, 'Shuffle Read Metrics');
  if (read !== undefined) {
    const r = obj(read, `${path}.Shuffle Read Metrics`);
    for (const name of ['Remote Blocks Fetched', 'Local Blocks Fetched', 'Remote Bytes Read', 'Fetch Wait Time']) {
      number(field(r, name, `${path}.Shuffle Read Metrics`), `${path}.Shuffle Read Metrics.${name}`);
    }
  }
  const write = option(o, 'Shuffle Write Metrics');
  if (write !== undefined) {
    const w = obj(write, `${path}.Shuffle Write Metrics`);
    number(
      field(w, 'Shuffle Bytes Written', `${path}.Shuffle Write Metrics`),
      `${path}.Shuffle Write Metrics.Shuffle Bytes Written`,
    );
    number(
      field(w, 'Shuffle Write Time', `${path}.Shuffle Write Metrics`),
      `${path}.Shuffle Write Metrics.Shuffle Write Time`,
    );
  }
  const output = option(o, 'Output Metrics');
  if (output !== undefined)
    number(field(obj(output, path), 'Bytes Written', path), `${path}.Output Metrics.Bytes Written`);
  const input = option(o, 'Input Metrics');
  if (input !== undefined) number(field(obj(input, path), 'Bytes Read', path), `${path}.Input Metrics.Bytes Read`);
  const blocks = option(o, 'Updated Blocks');
  if (blocks !== undefined)
    elements(blocks, `${path}.Updated Blocks`).forEach((b, i) => updatedBlock(b, `${path}.Updated Blocks[${i}]`));
}

function blockManagerId(json: Json, path: string): void {
  if (json === undefined || json === null) return; // SPARK-4471: may be null
  const o = obj(json, path);
  string(field(o, 'Executor ID', path), `${path}.Executor ID`);
  string(field(o, 'Host', path), `${path}.Host`);
  int(field(o, 'Port', path), `${path}.Port`);
}

function stackTrace(json: Json | undefined, path: string): void {
  if (json === undefined || json === null) return;
  elements(json, path).forEach((line, i) => {
    const o = obj(line, `${path}[${i}]`);
    string(field(o, 'Declaring Class', path), `${path}[${i}].Declaring Class`);
    string(field(o, 'Method Name', path), `${path}[${i}].Method Name`);
    int(field(o, 'Line Number', path), `${path}[${i}].Line Number`);
  });
}

function taskEndReason(json: Json, path: string): void {
  const o = obj(json, path);
  const reason = string(field(o, 'Reason', path), `${path}.Reason`);
  switch (reason) {
    case 'Success':
    case 'Resubmitted':
    case 'TaskResultLost':
    case 'UnknownReason':
    case 'TaskCommitDenied':
    case 'ExecutorLostFailure':
    case 'TaskKilled':
      return;
    case 'FetchFailed':
      blockManagerId(o['Block Manager Address'], `${path}.Block Manager Address`);
      int(field(o, 'Shuffle ID', path), `${path}.Shuffle ID`);
      number(field(o, 'Map ID', path), `${path}.Map ID`);
      int(field(o, 'Reduce ID', path), `${path}.Reduce ID`);
      return;
    case 'ExceptionFailure':
      string(field(o, 'Class Name', path), `${path}.Class Name`);
      string(field(o, 'Description', path), `${path}.Description`);
      stackTrace(o['Stack Trace'], `${path}.Stack Trace`);
      return;
    default:
      fail(`${path}.Reason`, `not a TaskEndReason: ${reason}`);
  }
}

function executorInfo(json: Json, path: string): void {
  const o = obj(json, path);
  string(field(o, 'Host', path), `${path}.Host`);
  int(field(o, 'Total Cores', path), `${path}.Total Cores`);
  map(field(o, 'Log Urls', path), `${path}.Log Urls`);
  const attributes = option(o, 'Attributes');
  if (attributes !== undefined) map(attributes, `${path}.Attributes`);
  const resources = option(o, 'Resources');
  if (resources !== undefined) obj(resources, `${path}.Resources`);
  for (const name of ['Resource Profile Id', 'Registration Time', 'Request Time']) {
    const value = option(o, name);
    if (value !== undefined) number(value, `${path}.${name}`);
  }
}

function resourceRequests(json: Json, path: string, task: boolean): void {
  for (const [key, value] of Object.entries(obj(json, path))) {
    const o = obj(value, `${path}.${key}`);
    string(field(o, 'Resource Name', path), `${path}.${key}.Resource Name`);
    number(field(o, 'Amount', path), `${path}.${key}.Amount`);
    if (!task) {
      string(field(o, 'Discovery Script', path), `${path}.${key}.Discovery Script`);
      string(field(o, 'Vendor', path), `${path}.${key}.Vendor`);
    }
  }
}

function sparkPlanInfo(json: Json, path: string): void {
  const o = obj(json, path);
  string(field(o, 'nodeName', path), `${path}.nodeName`);
  string(field(o, 'simpleString', path), `${path}.simpleString`);
  elements(field(o, 'children', path), `${path}.children`).forEach((c, i) =>
    sparkPlanInfo(c, `${path}.children[${i}]`),
  );
  elements(field(o, 'metrics', path), `${path}.metrics`).forEach((m, i) => sqlPlanMetric(m, `${path}.metrics[${i}]`));
}

function sqlPlanMetric(json: Json, path: string): void {
  const o = obj(json, path);
  string(field(o, 'name', path), `${path}.name`);
  number(field(o, 'accumulatorId', path), `${path}.accumulatorId`);
  string(field(o, 'metricType', path), `${path}.metricType`);
}

const SQL = 'org.apache.spark.sql.execution.ui.';

/**
 * Reads one event as Spark would; throws where Spark's reader would. Returns
 * `'unknown'` for an event class Spark would have to load by name (it drops
 * those it cannot), `'read'` otherwise.
 *
 * @example
 * for (const line of text.split('\n')) if (line) readAsSpark(JSON.parse(line));
 */
export function readAsSpark(json: Json): 'read' | 'unknown' {
  const o = obj(json, 'event');
  const event = string(field(o, 'Event', 'event'), 'event.Event');
  const p = String(event);
  switch (event) {
    case 'SparkListenerStageSubmitted':
      stageInfo(field(o, 'Stage Info', p), `${p}.Stage Info`);
      properties(o.Properties, `${p}.Properties`);
      break;
    case 'SparkListenerStageCompleted':
      stageInfo(field(o, 'Stage Info', p), `${p}.Stage Info`);
      break;
    case 'SparkListenerTaskStart':
      int(field(o, 'Stage ID', p), `${p}.Stage ID`);
      taskInfo(field(o, 'Task Info', p), `${p}.Task Info`);
      break;
    case 'SparkListenerTaskGettingResult':
      taskInfo(field(o, 'Task Info', p), `${p}.Task Info`);
      break;
    case 'SparkListenerTaskEnd': {
      int(field(o, 'Stage ID', p), `${p}.Stage ID`);
      string(field(o, 'Task Type', p), `${p}.Task Type`);
      taskEndReason(field(o, 'Task End Reason', p), `${p}.Task End Reason`);
      taskInfo(field(o, 'Task Info', p), `${p}.Task Info`);
      const executorMetrics = option(o, 'Task Executor Metrics');
      if (executorMetrics !== undefined)
        for (const [k, v] of Object.entries(obj(executorMetrics, p))) number(v, `${p}.Task Executor Metrics.${k}`);
      taskMetrics(o['Task Metrics'], `${p}.Task Metrics`);
      break;
    }
    case 'SparkListenerJobStart': {
      int(field(o, 'Job ID', p), `${p}.Job ID`);
      elements(field(o, 'Stage IDs', p), `${p}.Stage IDs`).forEach((id, i) => int(id, `${p}.Stage IDs[${i}]`));
      properties(o.Properties, `${p}.Properties`);
      const infos = option(o, 'Stage Infos');
      if (infos !== undefined)
        elements(infos, `${p}.Stage Infos`).forEach((s, i) => stageInfo(s, `${p}.Stage Infos[${i}]`));
      break;
    }
    case 'SparkListenerJobEnd': {
      int(field(o, 'Job ID', p), `${p}.Job ID`);
      const result = obj(field(o, 'Job Result', p), `${p}.Job Result`);
      const name = string(field(result, 'Result', p), `${p}.Job Result.Result`);
      if (name === 'JobFailed')
        stackTrace(obj(field(result, 'Exception', p), p)['Stack Trace'], `${p}.Job Result.Exception.Stack Trace`);
      else if (name !== 'JobSucceeded') fail(`${p}.Job Result.Result`, `not a JobResult: ${name}`);
      break;
    }
    case 'SparkListenerEnvironmentUpdate':
      for (const name of ['JVM Information', 'Spark Properties', 'System Properties', 'Classpath Entries'])
        map(field(o, name, p), `${p}.${name}`);
      for (const name of ['Hadoop Properties', 'Metrics Properties']) properties(o[name], `${p}.${name}`);
      break;
    case 'SparkListenerBlockManagerAdded':
      blockManagerId(field(o, 'Block Manager ID', p), `${p}.Block Manager ID`);
      number(field(o, 'Maximum Memory', p), `${p}.Maximum Memory`);
      break;
    case 'SparkListenerBlockManagerRemoved':
      blockManagerId(field(o, 'Block Manager ID', p), `${p}.Block Manager ID`);
      break;
    case 'SparkListenerUnpersistRDD':
      int(field(o, 'RDD ID', p), `${p}.RDD ID`);
      break;
    case 'SparkListenerApplicationStart':
      string(field(o, 'App Name', p), `${p}.App Name`);
      number(field(o, 'Timestamp', p), `${p}.Timestamp`);
      string(field(o, 'User', p), `${p}.User`);
      for (const name of ['Driver Logs', 'Driver Attributes']) properties(o[name], `${p}.${name}`);
      break;
    case 'SparkListenerApplicationEnd':
      number(field(o, 'Timestamp', p), `${p}.Timestamp`);
      break;
    case 'SparkListenerExecutorAdded':
      number(field(o, 'Timestamp', p), `${p}.Timestamp`);
      string(field(o, 'Executor ID', p), `${p}.Executor ID`);
      executorInfo(field(o, 'Executor Info', p), `${p}.Executor Info`);
      break;
    case 'SparkListenerExecutorRemoved':
      number(field(o, 'Timestamp', p), `${p}.Timestamp`);
      string(field(o, 'Executor ID', p), `${p}.Executor ID`);
      string(field(o, 'Removed Reason', p), `${p}.Removed Reason`);
      break;
    case 'SparkListenerLogStart':
      string(field(o, 'Spark Version', p), `${p}.Spark Version`);
      break;
    case 'SparkListenerExecutorMetricsUpdate':
      string(field(o, 'Executor ID', p), `${p}.Executor ID`);
      elements(field(o, 'Metrics Updated', p), `${p}.Metrics Updated`);
      break;
    case 'SparkListenerStageExecutorMetrics':
      string(field(o, 'Executor ID', p), `${p}.Executor ID`);
      int(field(o, 'Stage ID', p), `${p}.Stage ID`);
      int(field(o, 'Stage Attempt ID', p), `${p}.Stage Attempt ID`);
      break;
    case 'SparkListenerBlockUpdated': {
      const info = obj(field(o, 'Block Updated Info', p), `${p}.Block Updated Info`);
      blockManagerId(field(info, 'Block Manager ID', p), `${p}.Block Updated Info.Block Manager ID`);
      string(field(info, 'Block ID', p), `${p}.Block Updated Info.Block ID`);
      storageLevel(field(info, 'Storage Level', p), `${p}.Block Updated Info.Storage Level`);
      break;
    }
    case 'SparkListenerResourceProfileAdded':
      int(field(o, 'Resource Profile Id', p), `${p}.Resource Profile Id`);
      resourceRequests(field(o, 'Executor Resource Requests', p), `${p}.Executor Resource Requests`, false);
      resourceRequests(field(o, 'Task Resource Requests', p), `${p}.Task Resource Requests`, true);
      break;
    case `${SQL}SparkListenerSQLExecutionStart`:
      number(field(o, 'executionId', p), `${p}.executionId`);
      for (const name of ['description', 'details', 'physicalPlanDescription'])
        string(field(o, name, p), `${p}.${name}`);
      sparkPlanInfo(field(o, 'sparkPlanInfo', p), `${p}.sparkPlanInfo`);
      number(field(o, 'time', p), `${p}.time`);
      break;
    case `${SQL}SparkListenerSQLExecutionEnd`:
      number(field(o, 'executionId', p), `${p}.executionId`);
      number(field(o, 'time', p), `${p}.time`);
      break;
    case `${SQL}SparkListenerSQLAdaptiveExecutionUpdate`:
      number(field(o, 'executionId', p), `${p}.executionId`);
      string(field(o, 'physicalPlanDescription', p), `${p}.physicalPlanDescription`);
      sparkPlanInfo(field(o, 'sparkPlanInfo', p), `${p}.sparkPlanInfo`);
      break;
    case `${SQL}SparkListenerSQLAdaptiveSQLMetricUpdates`:
      number(field(o, 'executionId', p), `${p}.executionId`);
      elements(field(o, 'sqlPlanMetrics', p), `${p}.sqlPlanMetrics`).forEach((m, i) =>
        sqlPlanMetric(m, `${p}.sqlPlanMetrics[${i}]`),
      );
      break;
    case `${SQL}SparkListenerDriverAccumUpdates`:
      number(field(o, 'executionId', p), `${p}.executionId`);
      elements(field(o, 'accumUpdates', p), `${p}.accumUpdates`).forEach((pair, i) => {
        const values = elements(pair, `${p}.accumUpdates[${i}]`);
        if (values.length !== 2) fail(`${p}.accumUpdates[${i}]`, 'expected a pair');
        values.forEach((v, j) => number(v, `${p}.accumUpdates[${i}][${j}]`));
      });
      break;
    default:
      return 'unknown';
  }
  return 'read';
}
