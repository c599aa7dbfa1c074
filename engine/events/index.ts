/**
 * Spark listener events as data: their types, the event-log file format, the
 * listener bus, and the application model derived from the event stream.
 */
export * from './types';
export { toEventLogLine, writeEventLog, parseEventLog } from './event-log';
export { ListenerBus, type SparkListener } from './bus';
export {
  buildAppModel,
  AppModelBuilder,
  stageKey,
  taskEndReasonMessage,
  type AppModel,
  type ApplicationModel,
  type ExecutorModel,
  type JobModel,
  type JobStageModel,
  type JobStatus,
  type MetricTotals,
  type RddModel,
  type RddScope,
  type StageModel,
  type StageStatus,
  type TaskCounts,
  type TaskModel,
  type TaskStatus,
} from './app-model';
export {
  buildSparkPlanGraph,
  SqlModelBuilder,
  SQL_EXECUTION_ID_KEY,
  type SqlExecutionModel,
  type SqlExecutionStatus,
  type SqlPlanCluster,
  type SqlPlanEdge,
  type SqlPlanGraph,
  type SqlPlanNode,
} from './sql-model';
export { sqlMetricStringValue, msDurationToString } from './sql-metrics';
