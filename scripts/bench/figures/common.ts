/**
 * What every figure shares: the context a figure runs in, the shape of its
 * result, and calls into the benchmark pages.
 */
import type { Browser, Page } from 'playwright';
import type { RunnerServer } from '../../../engine/runner/server';
import type { BenchApi } from '../bench-page';
import type { PageName } from '../build';
import type { ThreadCpu } from '../cpu';
import type { CountDigest } from '../digest';
import type { ViewsApi } from '../views-page';

export interface FigureContext {
  browser: Browser;
  /** A fresh page of a fresh browser context, already at the figure's page (unless it is the playground). */
  page: Page;
  pageUrl: string;
  server: RunnerServer;
  /** Served under `fsBase`: the generated inputs. */
  dataDir: string;
  fsBase: string;
  /** Repetitions asked for on the command line, or null for the figure's own default. */
  reps: number | null;
  quick: boolean;
  log(message: string): void;
}

export interface FigureResult {
  figure: string;
  /** The figure itself; null when it could not be measured. */
  value: number | null;
  unit: string;
  target: string;
  /** Whether the target was reached; null when there is no value. */
  met: boolean | null;
  params: Record<string, unknown>;
  repetitions: number;
  /** Medians of every measured quantity, by name (milliseconds unless the name says otherwise). */
  median: Record<string, number>;
  /** Each repetition's measurements, in order. */
  runs?: object[];
  notes?: string[];
  error?: string;
  /** The machine's one-minute load average when the figure started and ended (other work competing for the cores). */
  loadAverage?: { before: number; after: number };
}

export interface Figure {
  name: string;
  page: PageName;
  unit: string;
  target: string;
  run(ctx: FigureContext): Promise<FigureResult>;
}

/** Calls a method of the bench page's `window.kindlingBench`. */
export async function call<K extends keyof BenchApi>(
  page: Page,
  method: K,
  ...args: Parameters<BenchApi[K]>
): Promise<Awaited<ReturnType<BenchApi[K]>>> {
  return page.evaluate(
    ([name, params]) => {
      const fn = window.kindlingBench[name] as (...a: unknown[]) => unknown;
      return fn(...(params as unknown[]));
    },
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<BenchApi[K]>>>;
}

/**
 * Starts a stepped driver program, runs `body` with its id, and stops it. An
 * error from `body` wins over one from stopping; a program that failed while
 * stopping fails the figure too.
 */
export async function withProgram<T>(
  ctx: FigureContext,
  stepSource: string,
  conf: Record<string, string>,
  body: (program: number) => Promise<T>,
  beforeStop?: () => Promise<void>,
): Promise<T> {
  const program = await call(ctx.page, 'startProgram', stepSource, conf, ctx.fsBase);
  let result: T;
  try {
    result = await body(program);
  } catch (error) {
    await beforeStop?.().catch(() => {});
    await call(ctx.page, 'stopProgram', program).catch(() => {});
    throw error;
  }
  await beforeStop?.();
  const stopped = await call(ctx.page, 'stopProgram', program);
  if (!stopped.ok) throw new Error(`the engine's program failed: ${stopped.error}`);
  return result;
}

/** Calls a method of the views page's `window.kindlingViews`. */
export async function callViews<K extends keyof ViewsApi>(
  page: Page,
  method: K,
  ...args: Parameters<ViewsApi[K]>
): Promise<Awaited<ReturnType<ViewsApi[K]>>> {
  return page.evaluate(
    ([name, params]) => {
      const fn = window.kindlingViews[name] as (...a: unknown[]) => unknown;
      return fn(...(params as unknown[]));
    },
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<ViewsApi[K]>>>;
}

export function sameCount(a: CountDigest, b: CountDigest): boolean {
  return a.digest === b.digest && a.total === b.total && a.distinct === b.distinct;
}

/**
 * The renderer's threads that did the work, named for what they run: the
 * page's main thread, and the Web Workers (the driver and the executors; by
 * /proc they are all "DedicatedWorker", so they are numbered busiest first).
 */
export function rendererThreads(used: ThreadCpu[]): Record<string, number> {
  const out: Record<string, number> = {};
  let worker = 0;
  for (const t of used.filter((t) => t.process === 'renderer')) {
    if (t.thread === 'CrRendererMain') out.page = t.ms;
    else if (t.thread.startsWith('DedicatedWorker')) out[`worker${++worker}`] = t.ms;
  }
  const other = used.filter(
    (t) => t.process === 'renderer' && t.thread !== 'CrRendererMain' && !t.thread.startsWith('DedicatedWorker'),
  );
  out.rendererOther = other.reduce((a, t) => a + t.ms, 0);
  out.browserAndGpu = used.filter((t) => t.process !== 'renderer').reduce((a, t) => a + t.ms, 0);
  return out;
}
