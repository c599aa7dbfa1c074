/**
 * Two builds of the engine side by side: this checkout (B) and another one
 * (`--base`, A — e.g. a `git worktree` of an older commit), each built with
 * its own sources and Vite config and served by its own server, driven in one
 * headless Chromium. Both keep one stepped program up (the bench's own
 * programs, so the same driver programs run on both) and the repetitions
 * alternate A, B, B, A, … seconds apart, so a machine that gets busier or
 * quieter meets both builds alike. For each step it records the wall time and
 * the CPU time of the browser's worker threads (the idle side's threads use
 * next to none) and of every thread of the browser and this process (the
 * server answering the reads), and prints the per-pair B/A ratios and their
 * median.
 *
 *   npm run --silent bench:ab -- --base ../wt-old [--job wordcount2|wordcount1|group|coldstart] [--pairs 8]
 *
 * `--job coldstart` is first_task_ms's measure instead: each step opens a new
 * browser context (nothing cached, no worker started) on that build's page and
 * times `runProgram()` to the first task's function running, with the
 * start-up milestones of each step.
 *
 * Not a figure of `npm run bench`: it answers "did this change make the
 * engine faster or slower", which a figure against a hand-written baseline
 * cannot answer on a machine whose speed changes from minute to minute.
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { startServer, type RunnerServer } from '../../engine/runner/server';
import { chromiumArgs, findChromium } from '../chromium';
import { buildPage, BUILD_ROOT, PAGE_ENTRIES } from './build';
import { cpuSince, threadCpuTimes } from './cpu';
import { ensureText } from './data';
import { GROUP_STEP, WORDCOUNT_STEP } from './programs';
import { median, round } from './stats';

interface Job {
  step: string;
  conf: Record<string, string>;
  setup?: Record<string, unknown>;
  params: Record<string, unknown>;
}

const MB = 1024 * 1024;
const WORDS = 'words-52428800.txt';
const GROUP_INPUT = { pairs: 1_000_000, keys: 10_000, maps: 4, reduces: 4 };

const JOBS: Record<string, Job> = {
  // wordcount_speedup's job: 2 executors × 1 core.
  wordcount2: {
    step: WORDCOUNT_STEP,
    conf: { 'spark.executor.instances': '2', 'spark.executor.cores': '1', 'kindling.dfs.replication': '2' },
    params: { path: WORDS },
  },
  // engine_overhead_1core's job: 1 executor × 1 core.
  wordcount1: {
    step: WORDCOUNT_STEP,
    conf: { 'spark.executor.instances': '1', 'spark.executor.cores': '1', 'kindling.dfs.replication': '2' },
    params: { path: WORDS },
  },
  // shuffle_vs_raw_idb's job.
  group: {
    step: GROUP_STEP,
    conf: { 'spark.executor.instances': '2', 'spark.executor.cores': '2', 'spark.executor.memory': '512m' },
    setup: { op: 'setup', ...GROUP_INPUT },
    params: { op: 'run', ...GROUP_INPUT },
  },
};

/** first_task_ms's measure, run by {@link coldStarts} rather than as a stepped program. */
const COLD_START = 'coldstart';

function parseArgs(argv: string[]): { base: string; job: string; pairs: number } {
  let base = '';
  let job = 'wordcount2';
  let pairs = 8;
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    if (argv[i] === '--base') base = resolve(process.env.INIT_CWD ?? process.cwd(), value());
    else if (argv[i] === '--job') job = value();
    else if (argv[i] === '--pairs') pairs = Math.max(1, Number(value()));
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!base) throw new Error('--base DIR (the other checkout, with node_modules) is required');
  if (!(job in JOBS) && job !== COLD_START)
    throw new Error(`--job must be one of ${[...Object.keys(JOBS), COLD_START].join(', ')}`);
  return { base, job, pairs };
}

/** Calls the bench page's API (`window.kindlingBench`); both builds' pages have the methods used here. */
function call(page: Page, method: string, ...args: unknown[]): Promise<unknown> {
  return page.evaluate(
    ([name, params]) =>
      (window as unknown as { kindlingBench: Record<string, (...a: unknown[]) => unknown> }).kindlingBench[name](
        ...params,
      ),
    [method, args] as const,
  );
}

/** Loads a bench page and waits for its API: on a busy machine the load event can come before the module has set it. */
async function openBenchPage(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => 'kindlingBench' in window);
}

/**
 * CPU time since a snapshot: of the renderer's worker threads (driver, executors, task threads), and of
 * everything — every browser thread (the network service that fetches a task's input, IndexedDB, GC helpers)
 * plus this Node process (the runner's server that answers the reads, and Playwright, alike for both sides).
 */
function cpuMsSince(
  before: ReturnType<typeof threadCpuTimes>,
  nodeBefore: NodeJS.CpuUsage,
): { workers: number; all: number } {
  const threads = cpuSince(before);
  const node = process.cpuUsage(nodeBefore);
  return {
    workers: threads
      .filter((t) => t.process === 'renderer' && t.thread.startsWith('DedicatedWorker'))
      .reduce((a, t) => a + t.ms, 0),
    all: Math.round(threads.reduce((a, t) => a + t.ms, 0) + (node.user + node.system) / 1000),
  };
}

type SparkEvent = Record<string, unknown> & { Event: string };

/** Where a job's time went, from its events: stages' spans, the gaps between them, each task's span and run time. */
function phases(events: SparkEvent[]): string {
  const job = events.find((e) => e.Event === 'SparkListenerJobStart') as { 'Submission Time': number } | undefined;
  const end = events.find((e) => e.Event === 'SparkListenerJobEnd') as { 'Completion Time': number } | undefined;
  if (!job || !end) return 'no job events';
  const t0 = job['Submission Time'];
  const parts: string[] = [];
  for (const e of events) {
    if (e.Event === 'SparkListenerStageCompleted') {
      const info = e['Stage Info'] as Record<string, number>;
      parts.push(`stage ${info['Stage ID']} ${info['Submission Time'] - t0}→${info['Completion Time'] - t0}`);
    } else if (e.Event === 'SparkListenerTaskEnd') {
      const info = e['Task Info'] as Record<string, number>;
      const m = e['Task Metrics'] as Record<string, number>;
      parts.push(
        `  task ${info['Index']}@${info['Executor ID']} ${info['Launch Time'] - t0}→${info['Finish Time'] - t0} ` +
          `run ${m['Executor Run Time']} deser ${m['Executor Deserialize Time']}`,
      );
    }
  }
  return `job 0→${end['Completion Time'] - t0}: ${parts.join(',')}`;
}

interface ColdStart {
  runningMs: number;
  launchedMs: number;
  milestones: Record<string, number>;
}

/**
 * first_task_ms alternated between the builds: per step a new browser context on that build's
 * page (as the figure does), `runProgram()` to the first task's function running.
 */
async function coldStarts(
  browser: Browser,
  urls: { A: string; B: string },
  fsBases: { A: string; B: string },
  pairs: number,
  log: (m: string) => void,
): Promise<void> {
  const once = async (name: 'A' | 'B'): Promise<ColdStart> => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await openBenchPage(page, urls[name]);
      const got = (await call(page, 'coldStart', fsBases[name])) as ColdStart;
      const marks = Object.entries(got.milestones)
        .filter(([k]) => /^(LogStart|ExecutorAdded#\d|JobStart)$/.test(k))
        .map(([k, v]) => `${k} ${Math.round(v)}`)
        .join(', ');
      log(`  ${name}: running at ${Math.round(got.runningMs)} ms (${marks})`);
      return got;
    } finally {
      await context.close();
    }
  };
  await once('A');
  await once('B');
  const runs: { A: number; B: number; load: number }[] = [];
  for (let i = 0; i < pairs; i++) {
    const order: ('A' | 'B')[] = i % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    const got: Partial<Record<'A' | 'B', ColdStart>> = {};
    for (const name of order) got[name] = await once(name);
    const run = { A: got.A!.runningMs, B: got.B!.runningMs, load: loadavg()[0] };
    runs.push(run);
    log(
      `pair ${i + 1}/${pairs} (load ${run.load.toFixed(1)}): A ${Math.round(run.A)} ms, B ${Math.round(run.B)} ms: ` +
        `B/A ${(run.B / run.A).toFixed(2)}`,
    );
  }
  const summary = {
    job: COLD_START,
    pairs,
    medianA: round(median(runs.map((r) => r.A))),
    medianB: round(median(runs.map((r) => r.B))),
    medianRatioBOverA: round(median(runs.map((r) => r.B / r.A)), 3),
    load: [round(Math.min(...runs.map((r) => r.load)), 1), round(Math.max(...runs.map((r) => r.load)), 1)],
    runs: runs.map((r) => ({ A: round(r.A), B: round(r.B), load: round(r.load, 1) })),
  };
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
}

async function main(): Promise<void> {
  const { base, job: jobName, pairs } = parseArgs(process.argv.slice(2));
  const here = resolve(import.meta.dirname, '../..');
  const log = (m: string) => process.stderr.write(`[ab] ${m}\n`);
  // The base builds with its own build script (its own Vite config and bench page).
  const baseBuild = (await import(join(base, 'scripts/bench/build.ts'))) as typeof import('./build');
  const builtA = await baseBuild.buildPage(base, 'bench');
  const builtB = await buildPage(here, 'bench');
  if (!builtA.ok || !builtB.ok)
    throw new Error(`build failed: ${!builtA.ok ? builtA.error : ''} ${!builtB.ok ? builtB.error : ''}`);
  log(`A ${base} → ${builtA.distDir}`);
  log(`B ${here} → ${builtB.distDir}`);
  const dataDir = join(BUILD_ROOT, '..', 'data');
  mkdirSync(dataDir, { recursive: true });
  await ensureText(join(dataDir, WORDS), 50 * MB);

  // KINDLING_AB_JS_FLAGS passes V8 flags (e.g. --trace-deopt; see the browser's output with DEBUG=pw:browser).
  const jsFlags = process.env.KINDLING_AB_JS_FLAGS;
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: [...chromiumArgs, ...(jsFlags ? [`--js-flags=${jsFlags}`] : [])],
  });
  const servers: RunnerServer[] = [];
  try {
    if (jobName === COLD_START) {
      for (const distDir of [builtA.distDir, builtB.distDir])
        servers.push(await startServer({ distDir, fsRoot: dataDir }));
      const [a, b] = servers.map((s) => s.url);
      const page = PAGE_ENTRIES.bench;
      await coldStarts(browser, { A: `${a}/${page}`, B: `${b}/${page}` }, { A: `${a}/fs/`, B: `${b}/fs/` }, pairs, log);
      return;
    }
    const job = JOBS[jobName];
    const sides: { name: string; page: Page; program: number }[] = [];
    for (const [name, distDir] of [
      ['A', builtA.distDir],
      ['B', builtB.distDir],
    ] as const) {
      const server = await startServer({ distDir, fsRoot: dataDir });
      servers.push(server);
      const page = await (await browser.newContext()).newPage();
      page.on('pageerror', (e) => log(`${name} page error: ${e.message}`));
      await openBenchPage(page, `${server.url}/${PAGE_ENTRIES.bench}`);
      const program = (await call(page, 'startProgram', job.step, job.conf, `${server.url}/fs/`)) as number;
      if (job.setup) await call(page, 'step', program, job.setup);
      sides.push({ name, page, program });
    }
    const runs: { A: number; B: number; cpuA: number; cpuB: number; allCpuA: number; allCpuB: number; load: number }[] =
      [];
    const once = async (side: (typeof sides)[number]) => {
      const since = (await call(side.page, 'eventCount', side.program)) as number;
      const before = threadCpuTimes();
      const nodeBefore = process.cpuUsage();
      const reply = (await call(side.page, 'step', side.program, job.params)) as { ms: number; answer: unknown };
      const { workers: cpu, all: allCpu } = cpuMsSince(before, nodeBefore);
      await call(side.page, 'jobsEnded', side.program, since, 1);
      const events = ((await call(side.page, 'events', side.program)) as SparkEvent[]).slice(since);
      log(`  ${side.name}: ${Math.round(reply.ms)} ms, ${cpu} ms CPU (${allCpu} ms in all); ${phases(events)}`);
      return { ms: reply.ms, cpu, allCpu, answer: JSON.stringify(reply.answer) };
    };
    // One warm-up of each first, not counted.
    const warmA = await once(sides[0]);
    const warmB = await once(sides[1]);
    if (warmA.answer !== warmB.answer) throw new Error(`the builds disagree: A ${warmA.answer}, B ${warmB.answer}`);
    for (let i = 0; i < pairs; i++) {
      // A then B in even pairs, B then A in odd ones: neither always goes first.
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      const got: Record<string, { ms: number; cpu: number; allCpu: number; answer: string }> = {};
      for (const s of order) got[sides[s].name] = await once(sides[s]);
      if (got.A.answer !== warmA.answer || got.B.answer !== warmA.answer) throw new Error('an answer changed');
      const run = {
        A: got.A.ms,
        B: got.B.ms,
        cpuA: got.A.cpu,
        cpuB: got.B.cpu,
        allCpuA: got.A.allCpu,
        allCpuB: got.B.allCpu,
        load: loadavg()[0],
      };
      runs.push(run);
      log(
        `pair ${i + 1}/${pairs} (load ${run.load.toFixed(1)}): A ${Math.round(run.A)} ms (${run.cpuA} ms CPU), ` +
          `B ${Math.round(run.B)} ms (${run.cpuB} ms CPU): B/A ${(run.B / run.A).toFixed(2)}, CPU ${(run.cpuB / run.cpuA).toFixed(2)}, ` +
          `all CPU ${(run.allCpuB / run.allCpuA).toFixed(2)}`,
      );
    }
    for (const s of sides) await call(s.page, 'stopProgram', s.program);
    const summary = {
      job: jobName,
      base,
      pairs,
      medianA: round(median(runs.map((r) => r.A))),
      medianB: round(median(runs.map((r) => r.B))),
      medianRatioBOverA: round(median(runs.map((r) => r.B / r.A)), 3),
      medianCpuA: median(runs.map((r) => r.cpuA)),
      medianCpuB: median(runs.map((r) => r.cpuB)),
      medianCpuRatioBOverA: round(median(runs.map((r) => r.cpuB / r.cpuA)), 3),
      medianAllCpuRatioBOverA: round(median(runs.map((r) => r.allCpuB / r.allCpuA)), 3),
      load: [round(Math.min(...runs.map((r) => r.load)), 1), round(Math.max(...runs.map((r) => r.load)), 1)],
      runs: runs.map((r) => ({ ...r, A: round(r.A), B: round(r.B), load: round(r.load, 1) })),
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  } finally {
    await browser.close();
    for (const server of servers) await server.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
