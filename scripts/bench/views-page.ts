/**
 * The views benchmark page (views.html): runs a many-task program on the
 * engine to record its events, then mounts the playground's task timeline on
 * that run and measures its frame rate while it replays. Driven from Node
 * through `window.kindlingViews`.
 */
import { mount, unmount } from 'svelte';
import { buildAppModel } from '../../engine/events/app-model';
import type { SparkEvent } from '../../engine/events/types';
import { runProgram } from '../../engine/runner/program-host';
import Timeline from '../../playground/views/Timeline.svelte';

let events: SparkEvent[] = [];
let mounted: ReturnType<typeof mount> | null = null;

/** Frame times and long tasks over a stretch of time, measured on this page. */
export interface FrameStats {
  frames: number;
  seconds: number;
  fps: number;
  /** The longest gap between two animation frames, in milliseconds. */
  longestFrameMs: number;
  /** The 95th percentile gap between frames. */
  p95FrameMs: number;
  longTasks: number;
  longestTaskMs: number;
}

/**
 * Counts animation frames until `done()` is true or `maxMs` passed, with a
 * long-task observer running alongside.
 */
function measureFrames(maxMs: number, done: () => boolean): Promise<FrameStats> {
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  return new Promise((resolve) => {
    const times: number[] = [];
    const started = performance.now();
    const frame = (time: number) => {
      times.push(time);
      if (time - started < maxMs && !done()) requestAnimationFrame(frame);
      else {
        observer.disconnect();
        const gaps = times.slice(1).map((t, i) => t - times[i]);
        const sorted = [...gaps].sort((a, b) => a - b);
        const seconds = (times[times.length - 1] - times[0]) / 1000;
        resolve({
          frames: gaps.length,
          seconds,
          fps: gaps.length / seconds,
          longestFrameMs: sorted[sorted.length - 1] ?? 0,
          p95FrameMs: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
          longTasks: longTasks.length,
          longestTaskMs: Math.max(0, ...longTasks),
        });
      }
    };
    requestAnimationFrame(frame);
  });
}

const api = {
  /** Runs `tasks` trivial tasks on the engine and keeps the run's events. */
  async record(
    tasks: number,
    fsBase: string,
  ): Promise<{ events: number; taskEnds: number; ok: boolean; error?: string }> {
    events = [];
    let outcome: { ok: boolean; error?: string } = { ok: false, error: 'no done message' };
    const run = runProgram(
      {
        source: `console.log(await sc.range(0, ${tasks}, 1, ${tasks}).count());`,
        fileName: 'timeline-run.js',
        conf: { 'spark.executor.instances': '2', 'spark.executor.cores': '2' },
        fsBase,
      },
      (message) => {
        if (message.type === 'event') events.push(message.event);
        if (message.type === 'done') outcome = message.ok ? { ok: true } : { ok: false, error: message.error.message };
      },
    );
    await run.done;
    return {
      events: events.length,
      taskEnds: events.filter((e) => e.Event === 'SparkListenerTaskEnd').length,
      ...outcome,
    };
  },

  /** Frames of this page with nothing mounted: the ceiling the timeline is measured against. */
  idleFrames(ms: number): Promise<FrameStats> {
    return measureFrames(ms, () => false);
  },

  /** Mounts the timeline on the recorded run (not live), as the playground shows a finished run. */
  mountTimeline(): { tasks: number } {
    if (mounted) void unmount(mounted);
    const host = document.getElementById('host')!;
    const model = buildAppModel(events);
    mounted = mount(Timeline, { target: host, props: { model, live: false } });
    return { tasks: model.tasks.size };
  },

  /** Presses the timeline's play button and measures frames until the replay ends (or `maxMs`). */
  async replay(maxMs: number): Promise<FrameStats & { replayEnded: boolean }> {
    const play = document.querySelector<HTMLButtonElement>('button[aria-label="Play replay"]');
    if (!play) throw new Error('the timeline has no "Play replay" button');
    // Two frames for the mount to settle, so the measurement starts with the replay.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    play.click();
    const playing = () => document.querySelector('button[aria-label="Pause replay"]') !== null;
    await new Promise((r) => requestAnimationFrame(r));
    if (!playing()) throw new Error('pressing play did not start the replay');
    const stats = await measureFrames(maxMs, () => !playing());
    return { ...stats, replayEnded: !playing() };
  },
};

export type ViewsApi = typeof api;

declare global {
  interface Window {
    kindlingViews: ViewsApi;
  }
}

window.kindlingViews = api;
