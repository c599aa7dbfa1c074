/**
 * The timeline's pure geometry and interaction logic, kept out of the
 * component so it can be tested in Node: where lanes sit, how time maps to
 * pixels, which task is under the pointer, where the arrow keys go, and what
 * a task's details say.
 */
import { PHASES, PHASE_STYLE, TASK_OUTCOME, type TaskOutcome } from './colors';
import { formatBytes, formatDuration, formatOffset } from './format';
import type { TimelineModel, TimelineTask } from './timeline-model';

export interface TimelineGeometry {
  /** Left column for executor and lane labels. */
  gutter: number;
  axisHeight: number;
  spanRowHeight: number;
  laneHeight: number;
  laneGap: number;
  executorHeaderHeight: number;
  groupGap: number;
}

export const DEFAULT_GEOMETRY: TimelineGeometry = {
  gutter: 116,
  axisHeight: 24,
  spanRowHeight: 18,
  laneHeight: 18,
  laneGap: 3,
  executorHeaderHeight: 30,
  groupGap: 8,
};

/** A narrower gutter for phones. */
export const COMPACT_GEOMETRY: TimelineGeometry = { ...DEFAULT_GEOMETRY, gutter: 76 };

export interface LaneLayout {
  /** Height of the fixed area above the lanes: time axis, job rows, stage rows. */
  headerHeight: number;
  /** Top of each lane, relative to the top of the lane area. */
  laneTop: number[];
  /** Top of each executor's header row, relative to the top of the lane area. */
  executorTop: number[];
  /** Height of the whole lane area (it scrolls under the header). */
  lanesHeight: number;
}

/**
 * Places the header rows and the lanes (each executor: a header row, then one
 * lane per core).
 *
 * @example
 * const layout = layoutLanes(timeline, DEFAULT_GEOMETRY);
 * layout.headerHeight + layout.lanesHeight; // the canvas's full content height
 */
export function layoutLanes(model: TimelineModel, g: TimelineGeometry): LaneLayout {
  const headerHeight = g.axisHeight + (Math.max(1, model.jobRows) + Math.max(1, model.stageRows)) * g.spanRowHeight + 8;
  const laneTop: number[] = new Array<number>(model.lanes.length);
  const executorTop: number[] = [];
  let y = 4;
  for (const executor of model.executors) {
    executorTop.push(y);
    y += g.executorHeaderHeight;
    for (let i = 0; i < executor.laneCount; i++) {
      laneTop[executor.firstLane + i] = y;
      y += g.laneHeight + g.laneGap;
    }
    y += g.groupGap;
  }
  return { headerHeight, laneTop, executorTop, lanesHeight: y };
}

/** Horizontal view: the time at the plot's left edge and the zoom. */
export interface TimeView {
  /** Milliseconds (relative to the origin) at the left edge of the plot. */
  start: number;
  /** Pixels per millisecond. */
  scale: number;
}

/**
 * A view showing `[0, end]` in `plotWidth` pixels, with a little air at both sides.
 *
 * @example
 * fitView(40, 400); // 40 ms across 400 px
 */
export function fitView(end: number, plotWidth: number): TimeView {
  const span = Math.max(end, 1);
  const pad = span * 0.02;
  return { start: -pad, scale: Math.max(1e-9, plotWidth / (span + 2 * pad)) };
}

/**
 * Zooms by `factor` keeping the time under `anchorX` (plot pixels) in place.
 *
 * @example
 * zoomView(view, 2, plotWidth / 2); // twice as close, around the middle
 */
export function zoomView(view: TimeView, factor: number, anchorX: number): TimeView {
  const anchorTime = view.start + anchorX / view.scale;
  const scale = Math.min(1e4, Math.max(1e-9, view.scale * factor));
  return { start: anchorTime - anchorX / scale, scale };
}

/** Moves the view by `dx` plot pixels (positive: later). */
export function panView(view: TimeView, dx: number): TimeView {
  return { start: view.start + dx / view.scale, scale: view.scale };
}

/** Scrolls the view just enough that `[from, to]` is inside it. */
export function revealRange(view: TimeView, from: number, to: number, plotWidth: number): TimeView {
  const visible = plotWidth / view.scale;
  const margin = visible * 0.05;
  if (from < view.start + margin) return { ...view, start: from - margin };
  if (to > view.start + visible - margin) {
    const start = Math.min(from - margin, to - visible + margin);
    return { ...view, start };
  }
  return view;
}

/**
 * Round tick positions for a time axis: steps of 1, 2 or 5 × a power of ten.
 *
 * @example
 * timeTicks(0, 40, 5); // { step: 10, ticks: [0, 10, 20, 30, 40] }
 */
export function timeTicks(from: number, to: number, maxTicks: number): { step: number; ticks: number[] } {
  const span = Math.max(to - from, 1e-6);
  const raw = span / Math.max(1, maxTicks);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to + step * 1e-9; t += step) ticks.push(Math.round(t / step) * step);
  return { step, ticks };
}

/**
 * What of a task attempt shows with the playhead at `until` (relative ms;
 * `null`: everything). Attempts launched after the playhead are hidden; one
 * that had not ended by then is drawn as running, up to the playhead.
 */
export function taskAt(
  t: TimelineTask,
  until: number | null,
  now: number,
): { visible: boolean; end: number; outcome: TaskOutcome; finished: boolean } {
  const limit = until ?? Infinity;
  if (t.start > limit) return { visible: false, end: t.start, outcome: 'running', finished: false };
  const realEnd = t.end ?? now;
  if (t.end !== null && t.end <= limit) return { visible: true, end: t.end, outcome: t.outcome, finished: true };
  return { visible: true, end: Math.min(realEnd, limit), outcome: 'running', finished: false };
}

/**
 * The first index in a lane whose attempt ends at or after `time`: attempts in
 * a lane do not overlap, so their ends are sorted too.
 */
export function firstInLaneAfter(model: TimelineModel, lane: number, time: number, now: number): number {
  const indices = model.lanes[lane].tasks;
  let lo = 0;
  let hi = indices.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const t = model.tasks[indices[mid]];
    if ((t.end ?? now) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The lane at a y position inside the lane area (after scrolling), or -1. */
export function laneAtY(layout: LaneLayout, g: TimelineGeometry, y: number): number {
  const tops = layout.laneTop;
  let lo = 0;
  let hi = tops.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tops[mid] <= y) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0 || y > tops[found] + g.laneHeight) return -1;
  return found;
}

export interface HitContext {
  model: TimelineModel;
  layout: LaneLayout;
  geometry: TimelineGeometry;
  view: TimeView;
  /** Vertical scroll of the lane area, in pixels. */
  scrollTop: number;
  until: number | null;
  now: number;
}

/**
 * The task attempt under canvas point (x, y), if any. Bars narrower than a
 * few pixels are hit within a small tolerance so even 1 ms tasks can be found.
 *
 * @example
 * const index = hitTest(ctx, event.offsetX, event.offsetY);
 * if (index !== null) showDetails(timeline.tasks[index]);
 */
export function hitTest(ctx: HitContext, x: number, y: number): number | null {
  const { model, layout, geometry: g, view, scrollTop } = ctx;
  if (x < g.gutter || y < layout.headerHeight) return null;
  const lane = laneAtY(layout, g, y - layout.headerHeight + scrollTop);
  if (lane < 0) return null;
  const time = view.start + (x - g.gutter) / view.scale;
  const tolerance = 3 / view.scale;
  const indices = model.lanes[lane].tasks;
  let best: number | null = null;
  let bestDistance = Infinity;
  for (let k = firstInLaneAfter(model, lane, time - tolerance, ctx.now); k < indices.length; k++) {
    const t = model.tasks[indices[k]];
    if (t.start > time + tolerance) break;
    const shown = taskAt(t, ctx.until, ctx.now);
    if (!shown.visible) continue;
    const distance = time < t.start ? t.start - time : time > shown.end ? time - shown.end : 0;
    if (distance <= tolerance && distance < bestDistance) {
      best = indices[k];
      bestDistance = distance;
    }
  }
  return best;
}

export type NavigationKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

/**
 * Where the arrow keys move focus from task `current`: left/right to the
 * previous/next attempt in the same lane, up/down to the nearest attempt in
 * time in the nearest lane above/below that has one, Home/End to the first/last
 * attempt of the lane. Attempts hidden by the playhead are skipped. With no
 * current task, the first visible one.
 *
 * @example
 * focused = navigate(timeline, focused, 'ArrowRight', playhead, now) ?? focused;
 */
export function navigate(
  model: TimelineModel,
  current: number | null,
  key: NavigationKey,
  until: number | null,
  now: number,
): number | null {
  const visible = (i: number) => taskAt(model.tasks[i], until, now).visible;
  if (current === null) {
    const first = model.tasks.findIndex((_, i) => visible(i));
    return first >= 0 ? first : null;
  }
  const t = model.tasks[current];
  const laneTasks = model.lanes[t.lane].tasks.filter(visible);
  const position = laneTasks.indexOf(current);
  switch (key) {
    case 'ArrowLeft':
      return position > 0 ? laneTasks[position - 1] : null;
    case 'ArrowRight':
      return position >= 0 && position < laneTasks.length - 1 ? laneTasks[position + 1] : null;
    case 'Home':
      return laneTasks[0] ?? null;
    case 'End':
      return laneTasks[laneTasks.length - 1] ?? null;
    case 'ArrowUp':
    case 'ArrowDown': {
      const step = key === 'ArrowUp' ? -1 : 1;
      const middle = (t.start + taskAt(t, until, now).end) / 2;
      for (let lane = t.lane + step; lane >= 0 && lane < model.lanes.length; lane += step) {
        const candidates = model.lanes[lane].tasks.filter(visible);
        if (candidates.length === 0) continue;
        let best = candidates[0];
        let bestDistance = Infinity;
        for (const i of candidates) {
          const c = model.tasks[i];
          const end = taskAt(c, until, now).end;
          const distance = middle < c.start ? c.start - middle : middle > end ? middle - end : 0;
          if (distance < bestDistance) {
            best = i;
            bestDistance = distance;
          }
        }
        return best;
      }
      return null;
    }
  }
}

export interface DetailRow {
  label: string;
  value: string;
}

/**
 * A task attempt's details, as the tooltip lists them and in Spark UI's terms.
 *
 * @example
 * taskDetails(timeline.tasks[0]); // [{ label: 'Task', value: '3 (attempt 0), TID 7' }, …]
 */
export function taskDetails(t: TimelineTask, until: number | null = null, now = Infinity): DetailRow[] {
  const task = t.task;
  const shown = taskAt(t, until, now);
  const rows: DetailRow[] = [
    { label: 'Task', value: `${task.index} (attempt ${task.attempt}), TID ${task.taskId}` },
    {
      label: 'Stage',
      value: `${task.stageId}.${task.stageAttemptId}${task.partitionId !== undefined ? `, partition ${task.partitionId}` : ''}`,
    },
    { label: 'Status', value: outcomeText(shown.outcome, task.speculative) },
    { label: 'Executor', value: `${task.executorId} on ${task.host}` },
    { label: 'Locality', value: task.locality },
    { label: 'Launched', value: formatOffset(t.start) },
    { label: shown.finished ? 'Duration' : 'Running for', value: formatDuration(shown.end - t.start) },
  ];
  const m = task.metrics;
  if (m && shown.finished) {
    if (m.inputBytes > 0 || m.inputRecords > 0)
      rows.push({ label: 'Input', value: `${formatBytes(m.inputBytes)} / ${m.inputRecords} records` });
    if (m.outputBytes > 0 || m.outputRecords > 0)
      rows.push({ label: 'Output', value: `${formatBytes(m.outputBytes)} / ${m.outputRecords} records` });
    if (m.shuffleReadBytes > 0 || m.shuffleReadRecords > 0)
      rows.push({
        label: 'Shuffle read',
        value: `${formatBytes(m.shuffleReadBytes)} / ${m.shuffleReadRecords} records (${formatBytes(m.shuffleRemoteBytesRead)} remote)`,
      });
    if (m.shuffleWriteBytes > 0 || m.shuffleWriteRecords > 0)
      rows.push({
        label: 'Shuffle write',
        value: `${formatBytes(m.shuffleWriteBytes)} / ${m.shuffleWriteRecords} records`,
      });
    if (m.memoryBytesSpilled > 0 || m.diskBytesSpilled > 0)
      rows.push({
        label: 'Spill',
        value: `${formatBytes(m.memoryBytesSpilled)} memory, ${formatBytes(m.diskBytesSpilled)} disk`,
      });
  }
  if (t.phases && shown.finished) {
    for (const phase of PHASES) {
      if (t.phases[phase] > 0)
        rows.push({ label: PHASE_STYLE[phase].timeLabel, value: formatDuration(t.phases[phase]) });
    }
  }
  if (shown.finished && task.errorMessage) {
    rows.push({ label: 'Failure', value: task.errorMessage.split('\n')[0] });
  }
  if (task.outputLost) rows.push({ label: 'Map output', value: 'lost with its executor; the task ran again' });
  return rows;
}

/**
 * One sentence for the aria-live region when a task gets keyboard focus.
 *
 * @example
 * taskAnnouncement(t); // "Task 3 attempt 0 of stage 1, partition 3: succeeded on executor 1 (host-1), 12 ms, PROCESS_LOCAL."
 */
export function taskAnnouncement(t: TimelineTask, until: number | null = null, now = Infinity): string {
  const task = t.task;
  const shown = taskAt(t, until, now);
  const partition = task.partitionId !== undefined ? `, partition ${task.partitionId}` : '';
  const failure = shown.finished && task.errorMessage ? ` Reason: ${task.errorMessage.split('\n')[0]}` : '';
  return (
    `Task ${task.index} attempt ${task.attempt} of stage ${task.stageId}${partition}: ` +
    `${outcomeText(shown.outcome, task.speculative)} on executor ${task.executorId} (${task.host}), ` +
    `${formatDuration(shown.end - t.start)}, ${task.locality}.${failure}`
  );
}

function outcomeText(outcome: TaskOutcome, speculative: boolean): string {
  return `${TASK_OUTCOME[outcome].label}${speculative ? ' (speculative copy)' : ''}`;
}
