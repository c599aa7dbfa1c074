/**
 * The views' palettes and the cue that goes with each colour. Colour is never
 * the only signal: every status has an icon and a word, every task outcome a
 * pattern or outline, and the legend shows both. The phase colours are the
 * Spark UI's own (`timeline-view.css`, `rect.*-proportion`), so a Spark
 * engineer reads the task bars the way they read the Spark UI's event
 * timeline.
 */

/** How the DAG shows a stage, from one job's point of view. */
export type DagStageStatus = 'pending' | 'running' | 'complete' | 'skipped' | 'failed';

/** What became of a task attempt; `running` while it has not ended (or, in a replay, not yet). */
export type TaskOutcome = 'success' | 'failed' | 'killed' | 'running';

export const PHASES = [
  'schedulerDelay',
  'deserialization',
  'shuffleRead',
  'compute',
  'shuffleWrite',
  'resultSerialization',
  'gettingResult',
] as const;

/** A slice of a task attempt's wall-clock time, as the Spark UI splits it. */
export type PhaseName = (typeof PHASES)[number];

export interface StatusStyle {
  fill: string;
  stroke: string;
  /** SVG/canvas dash pattern for the outline; empty for a solid line. */
  dash: number[];
  /** Text colour on `fill`. */
  ink: string;
  icon: string;
  label: string;
  description: string;
}

export const STAGE_STATUS: Record<DagStageStatus, StatusStyle> = {
  pending: {
    fill: '#ffffff',
    stroke: '#8a939e',
    dash: [5, 3],
    ink: '#4a525c',
    icon: '○',
    label: 'pending',
    description: 'waiting for its parent stages',
  },
  running: {
    fill: '#e9f2fc',
    stroke: '#2e74c0',
    dash: [],
    ink: '#1d4f86',
    icon: '▶',
    label: 'running',
    description: 'tasks are running',
  },
  complete: {
    fill: '#eaf6ee',
    stroke: '#2f8a4f',
    dash: [],
    ink: '#1f5e36',
    icon: '✓',
    label: 'complete',
    description: 'every task succeeded',
  },
  skipped: {
    fill: '#f2f2ef',
    stroke: '#a7a79f',
    dash: [1.5, 3],
    ink: '#5f5f58',
    icon: '↷',
    label: 'skipped',
    description: 'not run: its output already existed (or the job ended first)',
  },
  failed: {
    fill: '#fdeceb',
    stroke: '#c63a32',
    dash: [],
    ink: '#8f231d',
    icon: '✕',
    label: 'failed',
    description: 'a task failed too often, or its input was lost',
  },
};

export interface OutcomeStyle {
  fill: string;
  /** Drawn over the fill so the outcome reads without colour. */
  pattern: 'none' | 'hatch' | 'dots' | 'stripes';
  icon: string;
  label: string;
}

export const TASK_OUTCOME: Record<TaskOutcome, OutcomeStyle> = {
  success: { fill: '#5da773', pattern: 'none', icon: '✓', label: 'succeeded' },
  running: { fill: '#6aa6df', pattern: 'stripes', icon: '▶', label: 'running' },
  failed: { fill: '#d9534f', pattern: 'hatch', icon: '✕', label: 'failed' },
  killed: { fill: '#a9a9a3', pattern: 'dots', icon: '⊘', label: 'killed' },
};

/** Speculative copies are outlined with this dash, whatever their outcome. */
export const SPECULATIVE = { stroke: '#1f2328', dash: [3, 2], label: 'speculative copy' };

export interface PhaseStyle {
  fill: string;
  stroke: string;
  label: string;
  /** The Spark UI's name for the phase's time in its task tooltip. */
  timeLabel: string;
  description: string;
}

export const PHASE_STYLE: Record<PhaseName, PhaseStyle> = {
  schedulerDelay: {
    fill: '#80B1D3',
    stroke: '#6B94B0',
    label: 'Scheduler delay',
    timeLabel: 'Scheduler Delay',
    description: 'waiting to be sent to and started on the executor, and for the result to come back',
  },
  deserialization: {
    fill: '#FB8072',
    stroke: '#D26B5F',
    label: 'Task deserialization',
    timeLabel: 'Task Deserialization Time',
    description: 'unpacking the task and its closure on the executor',
  },
  shuffleRead: {
    fill: '#FDB462',
    stroke: '#D39651',
    label: 'Shuffle read (fetch wait)',
    timeLabel: 'Shuffle Read Time',
    description: 'blocked fetching shuffle blocks from other executors',
  },
  compute: {
    fill: '#B3DE69',
    stroke: '#95B957',
    label: 'Computing',
    timeLabel: 'Executor Computing Time',
    description: 'running your functions over the partition',
  },
  shuffleWrite: {
    fill: '#FFED6F',
    stroke: '#D5C65C',
    label: 'Shuffle write',
    timeLabel: 'Shuffle Write Time',
    description: 'writing map output blocks for the next stage',
  },
  resultSerialization: {
    fill: '#BC80BD',
    stroke: '#9D6B9E',
    label: 'Result serialization',
    timeLabel: 'Result Serialization Time',
    description: 'packing the task result to send to the driver',
  },
  gettingResult: {
    fill: '#8DD3C7',
    stroke: '#75B0A6',
    label: 'Getting result',
    timeLabel: 'Getting Result Time',
    description: 'the driver fetching a large result',
  },
};

/** Marks for executors joining and leaving, on the timeline. */
export const EXECUTOR_MARK = {
  added: { color: '#2f8a4f', icon: '▲', label: 'executor added' },
  removed: { color: '#c63a32', icon: '✕', label: 'executor removed (lost)' },
};

/** Lines of the DAG. */
export const EDGE = {
  narrow: { stroke: '#6b7480', dash: [] as number[], label: 'narrow dependency (same stage)' },
  shuffle: { stroke: '#b26a00', dash: [6, 4], label: 'shuffle dependency (new stage)' },
  cached: { fill: '#2f8a4f', label: 'cached (persisted) RDD' },
  highlight: { stroke: '#7a3fc2', fill: '#f3ecfc', label: 'created at the selected line' },
};

/** Neutral inks and rules shared by both views. */
export const INK = {
  text: '#1f2328',
  muted: '#59636e',
  faint: '#8a939e',
  rule: '#d8dde3',
  grid: '#eef1f4',
  background: '#ffffff',
  panel: '#f7f8fa',
  focus: '#7a3fc2',
  playhead: '#7a3fc2',
};
