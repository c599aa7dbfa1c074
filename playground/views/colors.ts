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
    stroke: '#8f8f87',
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
  success: { fill: '#4c9a64', pattern: 'none', icon: '✓', label: 'succeeded' },
  running: { fill: '#4a8fd4', pattern: 'stripes', icon: '▶', label: 'running' },
  failed: { fill: '#d33a35', pattern: 'hatch', icon: '✕', label: 'failed' },
  killed: { fill: '#8c8c86', pattern: 'dots', icon: '⊘', label: 'killed' },
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
  added: { color: '#237a41', icon: '▲', label: 'executor added' },
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
  /** Lines only (never text): too light for text. */
  faint: '#8a939e',
  rule: '#d8dde3',
  grid: '#eef1f4',
  background: '#ffffff',
  panel: '#f7f8fa',
  focus: '#7a3fc2',
  playhead: '#7a3fc2',
  /** Buttons and selects of the views' toolbars. */
  control: '#ffffff',
  controlBorder: '#8a939e',
  pressed: '#f3ecfc',
  pressedText: '#4b2380',
  /** The timeline's "live" note. */
  live: '#1d4f86',
};

export type Scheme = 'light' | 'dark';

/**
 * Everything the views draw with, for one colour scheme. The light palette is
 * the named constants above; the dark one keeps their meanings (green done,
 * blue running, red failed, amber shuffle) on a dark ground. Bars keep one
 * fill in both schemes where their outline already stands out from either
 * ground. test/unit/view-palette-contrast.test.ts checks every pair the
 * canvas and the DAG draw text and bars with, in both schemes.
 */
export interface Palette {
  scheme: Scheme;
  ink: typeof INK;
  stage: Record<DagStageStatus, StatusStyle>;
  outcome: Record<TaskOutcome, OutcomeStyle>;
  phase: Record<PhaseName, PhaseStyle>;
  executorMark: typeof EXECUTOR_MARK;
  speculative: typeof SPECULATIVE;
  edge: typeof EDGE;
  /** An RDD's box in the DAG. */
  node: { fill: string; stroke: string; hoverStroke: string };
  /** The "shuffle" pill on a shuffle edge. */
  shuffleLabel: { fill: string; ink: string };
  /** Text written on task bars: on most fills, and on a failed bar coloured by outcome. */
  barInk: { normal: string; onFailed: string };
}

const LIGHT: Palette = {
  scheme: 'light',
  ink: INK,
  stage: STAGE_STATUS,
  outcome: TASK_OUTCOME,
  phase: PHASE_STYLE,
  executorMark: EXECUTOR_MARK,
  speculative: SPECULATIVE,
  edge: EDGE,
  node: { fill: '#ffffff', stroke: '#78828d', hoverStroke: '#3d444d' },
  shuffleLabel: { fill: '#fff6e8', ink: '#7a4a00' },
  barInk: { normal: '#17241b', onFailed: '#ffffff' },
};

const withColors = <T extends object>(base: Record<string, T>, colors: Record<string, Partial<T>>) =>
  Object.fromEntries(Object.entries(base).map(([key, style]) => [key, { ...style, ...colors[key] }]));

const DARK: Palette = {
  scheme: 'dark',
  ink: {
    text: '#e6e8eb',
    muted: '#aab2bb',
    faint: '#6e7781',
    rule: '#3d444d',
    grid: '#2a2f36',
    background: '#1c1f23',
    panel: '#22262b',
    focus: '#b892f5',
    playhead: '#b892f5',
    control: '#22262b',
    controlBorder: '#6e7781',
    pressed: '#33284a',
    pressedText: '#dcc8ff',
    live: '#9cc7f5',
  },
  stage: withColors(STAGE_STATUS, {
    pending: { fill: '#23272c', stroke: '#8b949e', ink: '#c9d1d9' },
    running: { fill: '#172a40', stroke: '#5b9be0', ink: '#9cc7f5' },
    complete: { fill: '#16291d', stroke: '#4caf6e', ink: '#8fd6a5' },
    skipped: { fill: '#262624', stroke: '#7d7d75', ink: '#c2c2b8' },
    failed: { fill: '#3a1a19', stroke: '#e0645c', ink: '#ffa19b' },
  }) as Record<DagStageStatus, StatusStyle>,
  outcome: TASK_OUTCOME,
  phase: PHASE_STYLE,
  executorMark: {
    added: { ...EXECUTOR_MARK.added, color: '#5cc47e' },
    removed: { ...EXECUTOR_MARK.removed, color: '#ff7b72' },
  },
  speculative: { ...SPECULATIVE, stroke: '#e6e8eb' },
  edge: {
    narrow: { ...EDGE.narrow, stroke: '#9aa3ad' },
    shuffle: { ...EDGE.shuffle, stroke: '#e0a040' },
    cached: { ...EDGE.cached, fill: '#5cc47e' },
    highlight: { ...EDGE.highlight, stroke: '#b892f5', fill: '#30264a' },
  },
  node: { fill: '#1c1f23', stroke: '#6e7781', hoverStroke: '#aab2bb' },
  shuffleLabel: { fill: '#3a2a10', ink: '#f5c77a' },
  barInk: { normal: '#17241b', onFailed: '#ffffff' },
};

export const PALETTES: Record<Scheme, Palette> = { light: LIGHT, dark: DARK };

/**
 * The palette's neutral inks as CSS custom properties, for the views' HTML
 * (titles, legends, toolbars) to follow the same scheme as their canvas and SVG.
 *
 * @example
 * <div style={inkStyle(palette)}>…</div> // then `color: var(--view-text)` in its CSS
 */
export function inkStyle(palette: Palette): string {
  const i = palette.ink;
  return [
    `--view-text: ${i.text}`,
    `--view-muted: ${i.muted}`,
    `--view-rule: ${i.rule}`,
    `--view-background: ${i.background}`,
    `--view-focus: ${i.focus}`,
    `--view-control: ${i.control}`,
    `--view-control-border: ${i.controlBorder}`,
    `--view-pressed: ${i.pressed}`,
    `--view-pressed-text: ${i.pressedText}`,
    `--view-live: ${i.live}`,
    `--view-succeeded: ${palette.stage.complete.ink}`,
    `--view-failed: ${palette.stage.failed.ink}`,
    `--view-running: ${palette.stage.running.ink}`,
    `color-scheme: ${palette.scheme}`,
  ].join('; ');
}
