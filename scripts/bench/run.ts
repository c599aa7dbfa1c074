/**
 * `npm run bench`: measures the engine and the playground in headless
 * Chromium and prints one JSON object of named figures, also written to a
 * file (`--out`, by default under the system's temp folder).
 *
 *   npm run bench [-- --out PATH] [--only a,b] [--reps N] [--profile FIGURE] [--quick]
 *
 * Every ratio is measured against its baseline in the same run, repetitions
 * alternating baseline and engine, so a machine that gets busier or quieter
 * affects both sides alike. See BENCHMARKS.md for what each figure means.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { chromiumArgs, findChromium } from '../chromium';
import { startServer, type RunnerServer } from '../../engine/runner/server';
import { buildPage, PAGE_ENTRIES, type PageName } from './build';
import { FIGURES, type Figure, type FigureContext, type FigureResult } from './figures/index';
import { formatProfiles, summariseTrace } from './profile';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORK_DIR = join(tmpdir(), 'kindling-bench');
/** After this long, figures run with fewer repetitions, so the whole run stays under ten minutes. */
const LATE_AFTER_SECONDS = 390;

interface Options {
  out: string;
  only: string[] | null;
  reps: number | null;
  profile: string | null;
  quick: boolean;
}

const USAGE = `Usage: npm run bench -- [--out PATH] [--only NAME,NAME] [--reps N] [--profile NAME] [--quick]

  --out PATH      where to write the JSON (default ${join(WORK_DIR, 'bench-results.json')})
  --only NAMES    run only these figures (comma-separated)
  --reps N        repetitions per figure (default: each figure's own)
  --profile NAME  run one figure with Chromium's tracing and V8's sampling profiler on;
                  writes the trace next to --out and prints where each thread spent its time
  --quick         smaller inputs and fewer repetitions, to try the harness (not for numbers)

Figures: ${FIGURES.map((f) => f.name).join(', ')}`;

function parseArgs(argv: string[]): Options {
  const options: Options = {
    out: join(WORK_DIR, 'bench-results.json'),
    only: null,
    reps: null,
    profile: null,
    quick: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--out') options.out = resolve(process.env.INIT_CWD ?? process.cwd(), value());
    else if (arg === '--only')
      options.only = value()
        .split(',')
        .map((s) => s.trim());
    else if (arg === '--reps') options.reps = Math.max(1, Number(value()));
    else if (arg === '--profile') options.profile = value();
    else if (arg === '--quick') options.quick = true;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n\n${USAGE}`);
  }
  const names = new Set(FIGURES.map((f) => f.name));
  for (const name of [...(options.only ?? []), ...(options.profile ? [options.profile] : [])])
    if (!names.has(name)) throw new Error(`no figure named ${name}\n\n${USAGE}`);
  return options;
}

function log(message: string): void {
  process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(1)}s] ${message}\n`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const selected: Figure[] = options.profile
    ? FIGURES.filter((f) => f.name === options.profile)
    : FIGURES.filter((f) => !options.only || options.only.includes(f.name));
  const started = Date.now();
  const load = loadavg();

  // Build the pages the selected figures need (cached between runs when nothing changed).
  const needed = new Set<PageName>(selected.map((f) => f.page));
  const builds = new Map<PageName, Awaited<ReturnType<typeof buildPage>>>();
  for (const name of needed) {
    const built = await buildPage(projectRoot, name, { readable: options.profile !== null });
    builds.set(name, built);
    log(
      built.ok
        ? `${name} page ${built.cached ? 'up to date' : `built in ${Math.round(built.ms)} ms`}`
        : `${name} page failed to build`,
    );
  }

  const dataDir = join(WORK_DIR, 'data');
  mkdirSync(dataDir, { recursive: true });
  const browser: Browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  const servers: RunnerServer[] = [];
  const results: Record<string, FigureResult> = {};
  try {
    for (const figure of selected) {
      const built = builds.get(figure.page)!;
      if (!built.ok) {
        results[figure.name] = failed(figure, `the ${figure.page} page did not build: ${built.error}`);
        continue;
      }
      const server = await startServer({ distDir: built.distDir, fsRoot: dataDir });
      servers.push(server);
      const context = await browser.newContext();
      const page: Page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      if (process.env.KINDLING_DEBUG) page.on('console', (m) => log(`[page ${m.type()}] ${m.text()}`));
      const url = `${server.url}/${PAGE_ENTRIES[figure.page]}`;
      // Keep the whole run within its budget on a slow or busy machine: late figures take fewer repetitions.
      const late = options.reps === null && (Date.now() - started) / 1000 > LATE_AFTER_SECONDS;
      const loadBefore = loadavg()[0];
      const ctx: FigureContext = {
        browser,
        page,
        pageUrl: url,
        server,
        dataDir,
        fsBase: `${server.url}/fs/`,
        reps: late ? 2 : options.reps,
        quick: options.quick,
        log: (message) => log(`${figure.name}: ${message}`),
      };
      log(`${figure.name}: starting`);
      const tracePath = options.profile ? join(dirname(options.out), `trace-${figure.name}.json`) : null;
      try {
        if (figure.page !== 'playground') await page.goto(url, { waitUntil: 'load' });
        if (tracePath) {
          await browser.startTracing(page, {
            path: tracePath,
            categories: [
              'devtools.timeline',
              'disabled-by-default-devtools.timeline',
              'v8.execute',
              'disabled-by-default-v8.cpu_profiler',
            ],
          });
        }
        results[figure.name] = await figure.run(ctx);
      } catch (error) {
        results[figure.name] = failed(figure, error instanceof Error ? (error.stack ?? error.message) : String(error));
      } finally {
        if (tracePath) {
          const buffer = await browser.stopTracing();
          const summary = summariseTrace(JSON.parse(buffer.toString('utf8')));
          process.stderr.write(formatProfiles(summary) + '\n');
          log(`trace written to ${tracePath} (open it in Chrome DevTools' Performance panel)`);
        }
        if (pageErrors.length > 0)
          (results[figure.name].notes ??= []).push(...pageErrors.map((e) => `page error: ${e}`));
        await context.close();
      }
      results[figure.name].loadAverage = { before: round2(loadBefore), after: round2(loadavg()[0]) };
      if (late) (results[figure.name].notes ??= []).push('run with 2 repetitions: the run was past its time budget');
      const r = results[figure.name];
      log(
        `${figure.name}: ${r.error ? `FAILED ${r.error.split('\n')[0]}` : `${r.value} ${r.unit} (target ${r.target})`}`,
      );
    }
  } finally {
    await browser.close();
    for (const server of servers) await server.close();
  }

  const report = {
    benchmark: 'kindling',
    date: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.version,
      chromium: browser.version(),
      loadAverageAtStart: load.map((x) => Math.round(x * 100) / 100),
    },
    quick: options.quick,
    figures: results,
  };
  const json = JSON.stringify(report, null, 2);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, json + '\n');
  process.stdout.write(json + '\n');
  log(`written to ${options.out}`);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function failed(figure: Figure, error: string): FigureResult {
  return {
    figure: figure.name,
    value: null,
    unit: figure.unit,
    target: figure.target,
    met: null,
    params: {},
    repetitions: 0,
    median: {},
    error,
  };
}

main().then(
  () => {
    // Chromium's pipes can keep Node alive a moment; the report is written by now.
    setTimeout(() => process.exit(0), 2000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
