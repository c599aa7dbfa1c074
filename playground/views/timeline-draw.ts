/**
 * Paints the timeline on a 2D canvas: no DOM node per task, and only the
 * lanes and the time range in view are visited (a binary search per lane
 * finds the first attempt in view), so ten thousand attempts stay smooth.
 * Bars that touch on screen are painted as one rectangle, so a frame costs
 * at most a few canvas calls per pixel of lane however many attempts it shows.
 */
import { PHASES, TASK_OUTCOME, type DagStageStatus, type OutcomeStyle, type Palette } from './colors';
import { formatDuration } from './format';
import type { TimelineModel, TimelineSpan } from './timeline-model';
import { firstInLaneAfter, timeTicks, type LaneLayout, type TimelineGeometry, type TimeView } from './timeline-view';

export type ColorMode = 'outcome' | 'phases';

export interface DrawState {
  model: TimelineModel;
  layout: LaneLayout;
  geometry: TimelineGeometry;
  view: TimeView;
  /** CSS pixels. */
  width: number;
  height: number;
  scrollTop: number;
  /** The replay's playhead (relative ms), or `null` to show everything. */
  until: number | null;
  /** The present, relative ms: where running attempts end. */
  now: number;
  live: boolean;
  colorMode: ColorMode;
  hovered: number | null;
  focused: number | null;
  /** Whether the canvas has keyboard focus (the focused task gets a ring only then). */
  hasFocus: boolean;
  compact: boolean;
  /** The colours of the page's scheme (colors.ts PALETTES). */
  palette: Palette;
}

const FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
const FONT_BOLD = '600 11px system-ui, -apple-system, "Segoe UI", sans-serif';
const FONT_SMALL = '10px system-ui, -apple-system, "Segoe UI", sans-serif';

const patternCache = new WeakMap<CanvasRenderingContext2D, Map<string, CanvasPattern | null>>();

/** A small repeating overlay that makes an outcome readable without colour. */
function patternFor(ctx: CanvasRenderingContext2D, kind: OutcomeStyle['pattern'] | 'lost'): CanvasPattern | null {
  let cache = patternCache.get(ctx);
  if (!cache) {
    cache = new Map();
    patternCache.set(ctx, cache);
  }
  if (cache.has(kind)) return cache.get(kind) ?? null;
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d');
  if (!t) return null;
  if (kind === 'hatch' || kind === 'lost') {
    t.strokeStyle = kind === 'hatch' ? 'rgba(255,255,255,0.55)' : 'rgba(120,120,112,0.35)';
    t.lineWidth = 1.5;
    t.beginPath();
    t.moveTo(-1, 7);
    t.lineTo(7, -1);
    t.moveTo(-1, 1);
    t.lineTo(1, -1);
    t.moveTo(5, 7);
    t.lineTo(7, 5);
    t.stroke();
  } else if (kind === 'dots') {
    t.fillStyle = 'rgba(0,0,0,0.45)';
    t.beginPath();
    t.arc(3, 3, 1.1, 0, Math.PI * 2);
    t.fill();
  } else if (kind === 'stripes') {
    t.fillStyle = 'rgba(255,255,255,0.5)';
    t.fillRect(0, 2, 6, 1.5);
  }
  const pattern = kind === 'none' ? null : ctx.createPattern(tile, 'repeat');
  cache.set(kind, pattern);
  return pattern;
}

/**
 * Draws the whole timeline for one frame.
 *
 * @example
 * drawTimeline(canvas.getContext('2d')!, { model, layout, geometry, view, width, height, … });
 */
export function drawTimeline(ctx: CanvasRenderingContext2D, s: DrawState): void {
  const { model, layout, geometry: g, view, width, height } = s;
  const plotLeft = g.gutter;
  const plotWidth = Math.max(1, width - plotLeft);
  const xOf = (time: number) => plotLeft + (time - view.start) * view.scale;
  const viewEnd = view.start + plotWidth / view.scale;
  const lanesTop = layout.headerHeight;
  const {
    ink: INK,
    stage: STAGE_STATUS,
    outcome: TASK_OUTCOME,
    phase: PHASE_STYLE,
    executorMark: EXECUTOR_MARK,
    speculative: SPECULATIVE,
  } = s.palette;

  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = INK.background;
  ctx.fillRect(0, 0, width, height);

  // --- lanes: backgrounds, grid, executor rows ------------------------------------------------
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, lanesTop, width, height - lanesTop);
  ctx.clip();

  const { ticks } = timeTicks(Math.max(view.start, -Infinity), viewEnd, Math.max(2, Math.floor(plotWidth / 90)));
  ctx.strokeStyle = INK.grid;
  ctx.lineWidth = 1;
  for (const tick of ticks) {
    const x = Math.round(xOf(tick)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, lanesTop);
    ctx.lineTo(x, height);
    ctx.stroke();
  }

  const laneY = (lane: number) => lanesTop + layout.laneTop[lane] - s.scrollTop;
  const visibleBottom = height;
  for (let e = 0; e < model.executors.length; e++) {
    const executor = model.executors[e];
    const headerY = lanesTop + layout.executorTop[e] - s.scrollTop;
    const groupBottom = laneY(executor.firstLane + executor.laneCount - 1) + g.laneHeight;
    if (groupBottom < lanesTop || headerY > visibleBottom) continue;

    // Lane wells.
    for (let k = 0; k < executor.laneCount; k++) {
      const y = laneY(executor.firstLane + k);
      ctx.fillStyle = INK.panel;
      ctx.fillRect(plotLeft, y, plotWidth, g.laneHeight);
    }
    // After an executor is lost its lanes are shaded: nothing runs there any more.
    const removedShown = executor.removed !== undefined && (s.until === null || executor.removed <= s.until);
    if (removedShown && executor.removed !== undefined) {
      const x = Math.max(plotLeft, xOf(executor.removed));
      const pattern = patternFor(ctx, 'lost');
      if (x < width && pattern) {
        ctx.fillStyle = pattern;
        const top = laneY(executor.firstLane);
        ctx.fillRect(x, top, width - x, groupBottom - top);
      }
    }

    ctx.textBaseline = 'middle';
    // Executor added / removed marks.
    const marks: [number | undefined, Palette['executorMark']['added'], string][] = [
      [executor.added, EXECUTOR_MARK.added, 'added'],
      [removedShown ? executor.removed : undefined, EXECUTOR_MARK.removed, 'lost'],
    ];
    for (const [time, mark, word] of marks) {
      if (time === undefined || time < view.start || time > viewEnd) continue;
      const x = xOf(time);
      ctx.strokeStyle = mark.color;
      ctx.setLineDash([2, 2]);
      ctx.beginPath();
      ctx.moveTo(Math.round(x) + 0.5, headerY + 3);
      ctx.lineTo(Math.round(x) + 0.5, groupBottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = mark.color;
      ctx.font = FONT_BOLD;
      ctx.textAlign = 'left';
      ctx.fillText(`${mark.icon} ${word}`, x + 3, headerY + g.executorHeaderHeight / 2 + 2);
    }
  }

  // --- tasks ------------------------------------------------------------------------------------
  ctx.save();
  ctx.beginPath();
  ctx.rect(plotLeft, lanesTop, plotWidth, height - lanesTop);
  ctx.clip();
  const minWidth = 1.5;
  const barH = g.laneHeight - 4;
  const limit = s.until ?? Infinity;
  for (let lane = 0; lane < model.lanes.length; lane++) {
    const y = laneY(lane);
    if (y + g.laneHeight < lanesTop || y > visibleBottom) continue;
    const barY = y + 2;
    // Plain bars that touch or overlap on screen (many attempts per pixel in a long run) are painted
    // as one rectangle: the same pixels, one canvas call instead of hundreds.
    let runX0 = 0;
    let runX1 = -Infinity;
    let runFill = '';
    let runPattern: CanvasPattern | null = null;
    const flushRun = () => {
      if (runX1 === -Infinity) return;
      ctx.fillStyle = runFill;
      ctx.fillRect(runX0, barY, runX1 - runX0, barH);
      if (runPattern) {
        ctx.fillStyle = runPattern;
        ctx.fillRect(runX0, barY, runX1 - runX0, barH);
      }
      runX1 = -Infinity;
    };
    const indices = model.lanes[lane].tasks;
    for (let k = firstInLaneAfter(model, lane, view.start, s.now); k < indices.length; k++) {
      const index = indices[k];
      const t = model.tasks[index];
      if (t.start > viewEnd) break;
      // What shows at the playhead (as taskAt, without an object per bar: this runs for every bar in view).
      if (t.start > limit) break; // lanes are in launch order: nothing later is visible either
      const finished = t.end !== null && t.end <= limit;
      const shownEnd = finished ? (t.end as number) : Math.min(t.end ?? s.now, limit);
      const shownOutcome = finished ? t.outcome : 'running';
      const x0 = xOf(t.start);
      const x1 = Math.max(x0 + minWidth, xOf(shownEnd));
      const outcome = TASK_OUTCOME[shownOutcome];
      const phased = s.colorMode === 'phases' && finished && t.phases !== null;
      const pattern = x1 - x0 > 3 ? patternFor(ctx, outcome.pattern) : null;
      const labelled = x1 - (Math.max(x0, plotLeft) + 3) - 3 >= 12;
      const marked = index === s.hovered || (s.hasFocus && index === s.focused);
      if (!phased && !labelled && !marked && !t.task.speculative) {
        if (x0 <= runX1 && outcome.fill === runFill && pattern === runPattern) {
          runX1 = Math.max(runX1, x1);
        } else {
          flushRun();
          runX0 = x0;
          runX1 = x1;
          runFill = outcome.fill;
          runPattern = pattern;
        }
        continue;
      }
      flushRun();

      if (phased && t.phases) {
        const total = shownEnd - t.start;
        let x = x0;
        for (const phase of PHASES) {
          const w = total > 0 ? ((x1 - x0) * t.phases[phase]) / total : 0;
          if (w <= 0) continue;
          ctx.fillStyle = PHASE_STYLE[phase].fill;
          ctx.fillRect(x, barY, w, barH);
          x += w;
        }
        if (total <= 0) {
          ctx.fillStyle = PHASE_STYLE.compute.fill;
          ctx.fillRect(x0, barY, x1 - x0, barH);
        }
        if (shownOutcome !== 'success') {
          // The outcome still reads in phase colours: a coloured edge plus its pattern.
          ctx.strokeStyle = outcome.fill;
          ctx.lineWidth = 2;
          ctx.strokeRect(x0 + 1, barY + 1, x1 - x0 - 2, barH - 2);
        }
      } else {
        ctx.fillStyle = outcome.fill;
        ctx.fillRect(x0, barY, x1 - x0, barH);
      }
      if (pattern) {
        ctx.fillStyle = pattern;
        ctx.fillRect(x0, barY, x1 - x0, barH);
      }
      if (labelled)
        drawBarLabel(
          ctx,
          t.task.stageId,
          t.task.partitionId ?? t.task.index,
          shownOutcome,
          s.colorMode,
          s.palette,
          x0,
          x1,
          barY,
          barH,
          plotLeft,
        );
      if (t.task.speculative) {
        ctx.strokeStyle = SPECULATIVE.stroke;
        ctx.lineWidth = 1.25;
        ctx.setLineDash(SPECULATIVE.dash);
        ctx.strokeRect(x0 + 0.5, barY + 0.5, x1 - x0 - 1, barH - 1);
        ctx.setLineDash([]);
      }
      if (marked) {
        ctx.strokeStyle = index === s.focused && s.hasFocus ? INK.focus : INK.text;
        ctx.lineWidth = 2;
        ctx.strokeRect(x0 - 1.5, barY - 1.5, x1 - x0 + 3, barH + 3);
      }
    }
    flushRun();
  }
  ctx.restore();
  ctx.restore();

  // --- header: axis, jobs, stages ---------------------------------------------------------------
  ctx.fillStyle = INK.background;
  ctx.fillRect(0, 0, width, lanesTop);
  ctx.strokeStyle = INK.rule;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, lanesTop - 0.5);
  ctx.lineTo(width, lanesTop - 0.5);
  ctx.stroke();

  ctx.save();
  ctx.beginPath();
  ctx.rect(plotLeft, 0, plotWidth, lanesTop);
  ctx.clip();
  ctx.font = FONT;
  ctx.fillStyle = INK.muted;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'center';
  for (const tick of ticks) {
    const x = Math.round(xOf(tick)) + 0.5;
    ctx.strokeStyle = INK.rule;
    ctx.beginPath();
    ctx.moveTo(x, g.axisHeight - 5);
    ctx.lineTo(x, g.axisHeight);
    ctx.stroke();
    const label = formatDuration(tick);
    const half = ctx.measureText(label).width / 2;
    ctx.fillText(label, Math.max(x, plotLeft + half + 3), g.axisHeight - 9);
  }
  const spanTop = g.axisHeight + 2;
  const drawSpans = (spans: TimelineSpan[], top: number) => {
    for (const span of spans) {
      if (s.until !== null && span.start > s.until) continue;
      const rawEnd = span.end ?? s.now;
      const ended = span.end !== null && (s.until === null || span.end <= s.until);
      const end = s.until === null ? rawEnd : Math.min(rawEnd, s.until);
      const status: DagStageStatus = ended ? span.status : 'running';
      if (end < view.start || span.start > viewEnd) continue;
      const style = STAGE_STATUS[status];
      const x0 = xOf(span.start);
      const x1 = Math.max(x0 + 2, xOf(end));
      const y = top + span.row * g.spanRowHeight + 1;
      const h = g.spanRowHeight - 3;
      ctx.fillStyle = style.fill;
      ctx.strokeStyle = style.stroke;
      ctx.lineWidth = 1;
      ctx.fillRect(x0, y, x1 - x0, h);
      ctx.strokeRect(x0 + 0.5, y + 0.5, x1 - x0 - 1, h - 1);
      const label = `${style.icon} ${span.label}`;
      const textX = Math.max(x0, plotLeft) + 4;
      const room = x1 - textX - 2;
      if (room > 24) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(textX, y, room, h);
        ctx.clip();
        ctx.fillStyle = style.ink;
        ctx.font = FONT;
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        ctx.fillText(label, textX, y + h / 2 + 0.5);
        ctx.restore();
      }
    }
  };
  drawSpans(model.jobSpans, spanTop);
  drawSpans(model.stageSpans, spanTop + Math.max(1, model.jobRows) * g.spanRowHeight);
  ctx.restore();

  // --- gutter -----------------------------------------------------------------------------------
  ctx.fillStyle = INK.background;
  ctx.fillRect(0, 0, plotLeft, height);
  ctx.strokeStyle = INK.rule;
  ctx.beginPath();
  ctx.moveTo(plotLeft - 0.5, 0);
  ctx.lineTo(plotLeft - 0.5, height);
  ctx.stroke();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = FONT_BOLD;
  ctx.fillStyle = INK.muted;
  ctx.fillText('time', 8, g.axisHeight / 2 + 1);
  ctx.fillStyle = INK.text;
  ctx.fillText('Jobs', 8, spanTop + g.spanRowHeight / 2);
  ctx.fillText('Stages', 8, spanTop + Math.max(1, model.jobRows) * g.spanRowHeight + g.spanRowHeight / 2);

  ctx.save();
  ctx.beginPath();
  ctx.rect(0, lanesTop, plotLeft, height - lanesTop);
  ctx.clip();
  for (let e = 0; e < model.executors.length; e++) {
    const executor = model.executors[e];
    const headerY = lanesTop + layout.executorTop[e] - s.scrollTop;
    if (headerY > height || laneY(executor.firstLane + executor.laneCount - 1) + g.laneHeight < lanesTop) continue;
    ctx.font = FONT_BOLD;
    ctx.fillStyle = INK.text;
    ctx.textAlign = 'left';
    const name = executor.isDriver
      ? 'Driver'
      : s.compact
        ? `Exec ${executor.executorId}`
        : `Executor ${executor.executorId}`;
    ctx.fillText(name, 8, headerY + 10);
    if (executor.host) {
      ctx.font = FONT_SMALL;
      ctx.fillStyle = INK.muted;
      ctx.fillText(fitText(ctx, executor.host, plotLeft - 14), 8, headerY + 22);
    }
    ctx.font = FONT_SMALL;
    ctx.fillStyle = INK.muted;
    ctx.textAlign = 'right';
    for (let k = 0; k < executor.laneCount; k++) {
      const y = laneY(executor.firstLane + k);
      const label = executor.cores !== undefined && k >= executor.cores ? `extra ${k + 1}` : `core ${k + 1}`;
      ctx.fillText(label, plotLeft - 8, y + g.laneHeight / 2 + 0.5);
    }
  }
  ctx.restore();

  // --- the playhead, or the present while live --------------------------------------------------
  const marker = s.until ?? (s.live ? s.now : null);
  if (marker !== null && marker >= view.start && marker <= viewEnd) {
    const x = Math.round(xOf(marker)) + 0.5;
    ctx.strokeStyle = INK.playhead;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x, g.axisHeight - 4);
    ctx.lineTo(x, height);
    ctx.stroke();
    ctx.fillStyle = INK.playhead;
    ctx.beginPath();
    ctx.moveTo(x - 5, g.axisHeight - 9);
    ctx.lineTo(x + 5, g.axisHeight - 9);
    ctx.lineTo(x, g.axisHeight - 3);
    ctx.closePath();
    ctx.fill();
  }
}

/**
 * Writes what a bar is, when there is room: the outcome's icon for anything
 * but success, then "stage 1 · p3", or just "p3".
 */
function drawBarLabel(
  ctx: CanvasRenderingContext2D,
  stageId: number,
  partition: number,
  outcome: keyof typeof TASK_OUTCOME,
  mode: ColorMode,
  palette: Palette,
  x0: number,
  x1: number,
  barY: number,
  barH: number,
  plotLeft: number,
): void {
  const left = Math.max(x0, plotLeft) + 3;
  const room = x1 - left - 3;
  if (room < 12) return;
  const icon = outcome === 'success' ? '' : `${TASK_OUTCOME[outcome].icon} `;
  ctx.font = FONT_SMALL;
  const candidates = [`${icon}stage ${stageId} · p${partition}`, `${icon}p${partition}`, icon.trim()];
  const text = candidates.find((c) => c && labelWidth(ctx, c) <= room);
  if (!text) return;
  ctx.fillStyle = outcome === 'failed' && mode === 'outcome' ? palette.barInk.onFailed : palette.barInk.normal;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, left, barY + barH / 2 + 0.5);
}

/**
 * Widths of bar labels in FONT_SMALL, measured once: early in a big run
 * hundreds of bars are wide enough for a label, and measuring text is most of
 * what drawing them costs. Bounded; labels repeat across frames, not runs.
 */
const labelWidths = new Map<string, number>();
function labelWidth(ctx: CanvasRenderingContext2D, text: string): number {
  let width = labelWidths.get(text);
  if (width === undefined) {
    if (labelWidths.size >= 20_000) labelWidths.clear();
    width = ctx.measureText(text).width;
    labelWidths.set(text, width);
  }
  return width;
}

function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text.length;
  while (cut > 1 && ctx.measureText(`${text.slice(0, cut)}…`).width > width) cut -= 1;
  return `${text.slice(0, cut)}…`;
}
