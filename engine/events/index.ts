/**
 * Spark listener events as data: their types, the event-log file format, the
 * listener bus, and the application model derived from the event stream.
 */
export * from './types';
export { toEventLogLine, writeEventLog, parseEventLog, readEventLogFiles, type EventLogFile } from './event-log';
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
