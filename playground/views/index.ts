/**
 * The playground's views of a run, for the app shell to mount: the stage DAG,
 * the task timeline and the colour legend. See README.md for the contracts.
 */
export { default as StageDag } from './StageDag.svelte';
export { default as Timeline } from './Timeline.svelte';
export { default as Legend } from './Legend.svelte';
export { default as SqlView } from './SqlView.svelte';
export {
  buildSqlGraphView,
  sqlExecutionRows,
  shortMetricValue,
  type SqlExecutionRow,
  type SqlGraphView,
  type SqlGraphNode,
} from './sql-view-model';
export { buildJobDag, callsiteLine, type JobDag, type DagStage, type DagRdd, type DagEdge } from './dag-model';
export { buildTimelineModel, taskPhases, type TimelineModel, type TimelineTask } from './timeline-model';
export { jobCounts, jobSummaryText, modelSignature, type JobCounts } from './summary';
