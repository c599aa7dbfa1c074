/**
 * The headless command-line runner:
 *
 *   npm run --silent kindling -- run FILE [--executors N] [--cores C] [--conf k=v]… [--event-log PATH]
 *   npm run --silent kindling -- grade LESSON_DIR [SUBMISSION…] [--json | --csv] [--timeout S] [--event-log PATH]
 *   npm run --silent kindling -- check-lesson LESSON_DIR [--solution FILE] [--timeout S]
 *   npm run --silent kindling -- history PATH... [--json]
 *
 * Runs FILE's driver program in headless Chromium (real Web Workers and
 * IndexedDB) through runner.html, and turns what the page reports into a
 * process: the driver's console output on stdout, formatted as Node would;
 * executor output on stderr; the Spark event log in a file; an exit code.
 * `grade` runs programs the same way and checks them against a lesson
 * (see `grade.ts`); `check-lesson` checks a lesson itself (`check-lesson.ts`).
 *
 * A new subcommand: a parser in SUBCOMMANDS, a case in `main`, its lines in USAGE.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { chromiumArgs, findChromium } from '../../scripts/chromium';
import { ensureBuilt } from './build';
import { historyServerNameWarning, openEventLogTarget, type EventLogTarget } from './event-log-writer';
import { formatArgs } from './format-node';
import type { SparkEvent } from '../events/types';
import type { HostMessage, ProgramError, ProgramOptions } from './protocol';
import { programFiles, type ProgramFiles } from './program-files';
import { startServer, type FsOverlay, type RunnerServer } from './server';

export const USAGE = `Usage: npm run --silent kindling -- run FILE [options]
       npm run --silent kindling -- grade LESSON_DIR [SUBMISSION...] [--json | --csv] [--timeout SECONDS] [--event-log PATH]
       npm run --silent kindling -- check-lesson LESSON_DIR [--solution FILE] [--timeout SECONDS]
       npm run --silent kindling -- history PATH... [--json]
       npm run --silent kindling -- batch -- COMMAND [ARGS...]

run: runs FILE, a Kindling driver program (JavaScript, or Python when FILE
ends in .py: a PySpark program as spark-submit runs it), in headless Chromium
with real Web Worker executors and IndexedDB.

batch: runs COMMAND with one shared Chromium page; every "kindling run" that
COMMAND starts runs in that page (found through KINDLING_BATCH_URL), which
saves the browser's and Python's start-up on each. Exit code: COMMAND's.

grade: runs each SUBMISSION with the lesson's cluster settings, as the
playground would (sc.textFile sees public/), and evaluates the lesson's
checks. A submission is a program file, a share link (on the command line or
in a file), a progress file exported from the lessons page, or a folder of
them (one student per file, named by the file). Each runs in a fresh browser
context with a time limit, reads only the lesson data and writes nothing.
Without a submission it grades the lesson's solution.js (a course's lesson
may leave it out: then name the submissions). --json and --csv
print per submission and per check: pass or fail and the message. Exit code 0
only if every submission passed every check, 3 if any did not.

check-lesson: checks a lesson folder anywhere on disk: its format, that its
solution passes every check, that its starter runs and fails at least one,
and that every measurable answer in questions.json is what a run of the
starter shows. A lesson without solution.js (a course that keeps it apart)
gets the solution step from --solution FILE, or says it was not checked.
Exit code 0 if all hold, 3 if not.

history reads Spark event logs — a file (plain or compressed: zstd, lz4,
snappy, lzf), a rolled eventlog_v2_* folder, a Databricks folder, or a folder
of those — and prints one summary per application, as the History Server
lists them, with its jobs, stages, tasks, executors and SQL executions;
--json prints them as a JSON array. Exit code 1 if a log is damaged.

Options:
  --executors N      executors to start (spark.executor.instances; default 2)
  --cores C          task slots per executor (spark.executor.cores; default 2)
  --conf KEY=VALUE   any Spark setting; repeatable
  --event-log PATH   write the Spark event log: into the folder PATH as Spark 4
                     does (eventlog_v2_<app id>/ of zstd parts; see the
                     spark.eventLog.rolling.enabled and spark.eventLog.compress
                     settings), or as one JSON-lines file PATH
  --timeout SECONDS  stop a program after this long (default 300; grade and
                     check-lesson: 120 per program)
  --json, --csv      grade's report as JSON or CSV on stdout
  --solution FILE    check-lesson: the solution, when the lesson folder has none
  -h, --help         show this help

The driver's console output goes to stdout, formatted as Node's console.log
formats it; what tasks print goes to stderr, each line prefixed with
"[executor ID]". Paths given to sc.textFile resolve against FILE's folder.

Exit codes: 0 success, 1 the program failed, 2 bad usage, 3 checks failed,
124 timed out.
Environment: KINDLING_CHROMIUM (browser executable), KINDLING_DEBUG=1 (show
the page's console and timings on stderr), KINDLING_RUNNER_DIST (serve this
prebuilt runner bundle instead of building one).`;

/** What a `run` command asks for. */
export interface RunOptions {
  file: string;
  /** Spark configuration, with --executors and --cores already folded in. */
  conf: Record<string, string>;
  eventLog?: string;
  timeoutSeconds: number;
}

/** What a `grade` command asks for. */
export interface GradeOptions {
  lessonDir: string;
  /** Files, share links and folders to grade; the lesson's `solution.js` when empty. */
  submissions: string[];
  format: 'text' | 'json' | 'csv';
  /** Only with one program file. */
  eventLog?: string;
  /** Per submission. */
  timeoutSeconds: number;
}

/** What a `check-lesson` command asks for. */
export interface CheckLessonOptions {
  lessonDir: string;
  /** A solution kept apart from the lesson folder (a course published without its solutions). */
  solutionFile?: string;
  /** Per program run. */
  timeoutSeconds: number;
}

export type ParsedArgs =
  | { command: 'run'; options: RunOptions }
  | { command: 'grade'; options: GradeOptions }
  | { command: 'history'; options: { paths: string[]; json: boolean } }
  | { command: 'check-lesson'; options: CheckLessonOptions }
  | { command: 'batch'; argv: string[] }
  | { command: 'help' }
  | { command: 'usage-error'; message: string };

export const EXIT_OK = 0;
export const EXIT_PROGRAM_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_TIMEOUT = 124;

const DEFAULT_CONF: Record<string, string> = { 'spark.executor.instances': '2', 'spark.executor.cores': '2' };
const DEFAULT_TIMEOUT_SECONDS = 300;
/** A lesson program (a student's or the lesson's own) gets this long unless told otherwise. */
const LESSON_TIMEOUT_SECONDS = 120;

/**
 * Parses the runner's arguments (what follows `npm run kindling --`). Flags
 * take their value as the next argument or after `=`; later flags win.
 *
 * @example
 * parseArgs(['run', 'wc.js', '--executors', '3', '--conf', 'spark.default.parallelism=6']);
 * // { command: 'run', options: { file: 'wc.js', conf: { 'spark.executor.instances': '3',
 * //   'spark.executor.cores': '2', 'spark.default.parallelism': '6' }, timeoutSeconds: 300 } }
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const error = (message: string): ParsedArgs => ({ command: 'usage-error', message });
  if (argv.length === 0) return error('no command given');
  // batch's own arguments are another command's: its --help is that command's.
  if (argv[0] !== 'batch' && (argv.includes('-h') || argv.includes('--help'))) return { command: 'help' };
  const [command, ...rest] = argv;
  const parse = Object.hasOwn(SUBCOMMANDS, command) ? SUBCOMMANDS[command] : undefined;
  if (!parse) {
    const names = Object.keys(SUBCOMMANDS).map((name) => `"${name}"`);
    return error(
      `unknown command "${command}" (the commands are ${names.slice(0, -1).join(', ')} and ${names.at(-1)})`,
    );
  }
  return parse(rest);
}

/** `run FILE [--executors N] [--cores C] [--conf k=v]… [--event-log PATH] [--timeout S]` */
function parseRunArgs(rest: string[]): ParsedArgs {
  const error = (message: string): ParsedArgs => ({ command: 'usage-error', message });
  const conf = { ...DEFAULT_CONF };
  let file: string | undefined;
  let eventLog: string | undefined;
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('-') || arg === '-') {
      if (file !== undefined) return error(`unexpected argument "${arg}" (FILE is already ${file})`);
      file = arg;
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    if (!['--executors', '--cores', '--conf', '--event-log', '--timeout'].includes(flag)) {
      return error(`unknown option ${flag}`);
    }
    let value: string;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (i + 1 < rest.length) value = rest[++i];
    else return error(`${flag} needs a value`);

    switch (flag) {
      case '--executors':
      case '--cores': {
        if (!/^[1-9][0-9]*$/.test(value)) return error(`${flag} must be a positive whole number, got "${value}"`);
        conf[flag === '--executors' ? 'spark.executor.instances' : 'spark.executor.cores'] = value;
        break;
      }
      case '--conf': {
        const split = value.indexOf('=');
        if (split <= 0) return error(`--conf takes KEY=VALUE, got "${value}"`);
        conf[value.slice(0, split).trim()] = value.slice(split + 1);
        break;
      }
      case '--event-log':
        if (value === '') return error('--event-log needs a path');
        eventLog = value;
        break;
      case '--timeout': {
        const seconds = Number(value);
        if (!(seconds > 0) || !Number.isFinite(seconds))
          return error(`--timeout must be a positive number of seconds, got "${value}"`);
        timeoutSeconds = seconds;
        break;
      }
    }
  }
  if (file === undefined) return error('run needs a FILE');
  return { command: 'run', options: { file, conf, ...(eventLog !== undefined ? { eventLog } : {}), timeoutSeconds } };
}

/** `history PATH... [--json]`. */
function parseHistoryArgs(rest: string[]): ParsedArgs {
  const paths: string[] = [];
  let json = false;
  for (const arg of rest) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('-') && arg !== '-')
      return { command: 'usage-error', message: `unknown option ${arg} for history` };
    else paths.push(arg);
  }
  if (paths.length === 0) return { command: 'usage-error', message: 'history needs at least one PATH' };
  return { command: 'history', options: { paths, json } };
}

/**
 * `grade LESSON_DIR [SUBMISSION…] [--json | --csv] [--timeout S] [--event-log PATH]`: the cluster is
 * the lesson's, not a flag.
 */
function parseGradeArgs(rest: string[]): ParsedArgs {
  const error = (message: string): ParsedArgs => ({ command: 'usage-error', message });
  const parsed = parseLessonFlags(rest, 'grade', ['--event-log', '--timeout'], ['--json', '--csv']);
  if (typeof parsed === 'string') return error(parsed);
  const { positional, values, switches } = parsed;
  if (positional.length === 0) return error('grade needs a LESSON_DIR');
  if (switches.has('--json') && switches.has('--csv')) return error('choose one of --json and --csv');
  const [lessonDir, ...submissions] = positional;
  const eventLog = values.get('--event-log');
  if (eventLog !== undefined && submissions.length > 1)
    return error('--event-log needs a single program to grade (it holds one run)');
  return {
    command: 'grade',
    options: {
      lessonDir,
      submissions,
      format: switches.has('--json') ? 'json' : switches.has('--csv') ? 'csv' : 'text',
      ...(eventLog !== undefined ? { eventLog } : {}),
      timeoutSeconds: Number(values.get('--timeout') ?? LESSON_TIMEOUT_SECONDS),
    },
  };
}

/** `check-lesson LESSON_DIR [--solution FILE] [--timeout S]` */
function parseCheckLessonArgs(rest: string[]): ParsedArgs {
  const error = (message: string): ParsedArgs => ({ command: 'usage-error', message });
  const parsed = parseLessonFlags(rest, 'check-lesson', ['--timeout', '--solution'], []);
  if (typeof parsed === 'string') return error(parsed);
  if (parsed.positional.length !== 1)
    return error(
      parsed.positional.length === 0
        ? 'check-lesson needs a LESSON_DIR'
        : `unexpected argument "${parsed.positional[1]}"`,
    );
  return {
    command: 'check-lesson',
    options: {
      lessonDir: parsed.positional[0],
      ...(parsed.values.has('--solution') ? { solutionFile: parsed.values.get('--solution') } : {}),
      timeoutSeconds: Number(parsed.values.get('--timeout') ?? LESSON_TIMEOUT_SECONDS),
    },
  };
}

/**
 * The flags of the lesson subcommands: `valued` take a value (next argument or after `=`),
 * `switches` take none. Returns the problem as a sentence when there is one.
 */
function parseLessonFlags(
  rest: string[],
  command: string,
  valued: readonly string[],
  switches: readonly string[],
): { positional: string[]; values: Map<string, string>; switches: Set<string> } | string {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const on = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    if (switches.includes(flag) && equals === -1) {
      on.add(flag);
      continue;
    }
    if (!valued.includes(flag)) return `unknown option ${flag} for ${command}`;
    let value: string;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (i + 1 < rest.length) value = rest[++i];
    else return `${flag} needs a value`;
    if ((flag === '--event-log' || flag === '--solution') && value === '') return `${flag} needs a path`;
    if (flag === '--timeout') {
      const seconds = Number(value);
      if (!(seconds > 0) || !Number.isFinite(seconds))
        return `--timeout must be a positive number of seconds, got "${value}"`;
    }
    values.set(flag, value);
  }
  return { positional, values, switches: on };
}

/** Each subcommand's argument parser, by name (the order USAGE and error messages list them). */
const SUBCOMMANDS: Record<string, (rest: string[]) => ParsedArgs> = {
  run: parseRunArgs,
  grade: parseGradeArgs,
  'check-lesson': parseCheckLessonArgs,
  history: parseHistoryArgs,
  batch: (rest) => ({ command: 'batch', argv: rest[0] === '--' ? rest.slice(1) : rest }),
};

/** How a run ended, before it becomes an exit code. */
export type Outcome =
  | { kind: 'succeeded' }
  | { kind: 'program-failed'; error: ProgramError }
  | { kind: 'runner-failed'; message: string }
  | { kind: 'timed-out' };

/**
 * Where a run's messages go, in the order the page sent them: the command
 * line writes them to stdout, stderr and the event-log file; the grader keeps
 * them to check.
 */
export interface RunSink {
  /** What the driver printed with `console.log`, formatted as Node would, without the final newline. */
  stdout(text: string): void;
  /** The driver's `console.error` and `console.warn`. */
  stderr(text: string): void;
  /** What a task printed on executor `executorId`. */
  executorLog(executorId: string, text: string): void;
  event(event: SparkEvent): void;
}

/** One program for {@link runInBrowser}. */
export interface BrowserRunOptions {
  source: string;
  /** Shown in stack traces and call sites, e.g. `wordcount.js`. */
  fileName: string;
  /** The folder `sc.textFile` and `saveAsTextFile` see. */
  fsRoot: string;
  /** The program may read `fsRoot` but write nothing (untrusted code, e.g. a student's submission). */
  readOnlyFs?: boolean;
  /** A course's data files, seen over `fsRoot`'s. */
  fsOverlay?: FsOverlay;
  conf: Record<string, string>;
  timeoutSeconds: number;
  /**
   * A browser to open the program's page in, left open afterwards, so that
   * many programs share one Chromium; by default one is launched and closed.
   */
  browser?: Browser;
}

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const debug = Boolean(process.env.KINDLING_DEBUG);

function trace(step: string): void {
  // performance.now() counts from this process's start, so startup cost shows too.
  if (debug) process.stderr.write(`[kindling] ${step} at ${Math.round(performance.now())} ms\n`);
}

/**
 * Reads a program file and opens the event log to write (when a path is given), as both
 * subcommands do before running anything; a failure is reported on stderr and gives
 * {@link EXIT_USAGE}. `shownAs` is how the file is named in that message. A folder
 * gets Spark 4's layout for `conf` (event-log-writer.ts); a file name a History Server
 * would misread gets a `warning`, which the caller prints after the run, so that the
 * program's own output and errors come first on stderr as they would under spark-submit.
 *
 * @example
 * const opened = await openProgram(resolve(path), path, options.eventLog, undefined, options.conf);
 * if (typeof opened === 'number') return opened;
 */
export async function openProgram(
  file: string,
  shownAs: string,
  eventLogPath: string | undefined,
  complain: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  conf: Readonly<Record<string, string>> = {},
): Promise<{ source: string; eventLog?: EventLogTarget; warning?: string } | typeof EXIT_USAGE> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    complain(`kindling: cannot read ${shownAs}: ${(error as Error).message}`);
    return EXIT_USAGE;
  }
  if (eventLogPath === undefined) return { source };
  try {
    const eventLog = openEventLogTarget(eventLogPath, conf);
    const warning = eventLog.location === eventLogPath ? historyServerNameWarning(eventLogPath) : null;
    return { source, eventLog, ...(warning ? { warning: `kindling: warning: ${warning}` } : {}) };
  } catch (error) {
    complain(`kindling: cannot write the event log: ${(error as Error).message}`);
    return EXIT_USAGE;
  }
}

/**
 * Runs one program end to end and returns the process's exit code. Always
 * closes the browser, the server and the event log, whatever happened.
 * Relative paths in `options` resolve against the current folder.
 *
 * @example
 * process.exitCode = await runFile({ file: 'wc.js', conf: { 'spark.executor.instances': '2' }, timeoutSeconds: 60 });
 */
export async function runFile(options: RunOptions): Promise<number> {
  const file = resolve(options.file);
  const fileName = basename(file);
  const opened = await openProgram(file, options.file, options.eventLog, undefined, options.conf);
  if (typeof opened === 'number') return opened;
  const { source, eventLog, warning } = opened;
  const files = await filesOrComplaint(file);
  if (typeof files === 'number') {
    await eventLog?.close().catch(() => {});
    return files;
  }
  let outcome: Outcome;
  try {
    outcome = await runInBrowser(
      {
        source,
        fileName,
        fsRoot: files.fsRoot,
        readOnlyFs: files.readOnly,
        ...(files.overlay ? { fsOverlay: files.overlay } : {}),
        conf: options.conf,
        timeoutSeconds: options.timeoutSeconds,
      },
      consoleSink(eventLog),
    );
  } finally {
    await eventLog?.close().catch((error: unknown) => {
      process.stderr.write(`kindling: could not finish the event log: ${(error as Error).message}\n`);
    });
  }
  const code = report(outcome, { fileName, source, timeoutSeconds: options.timeoutSeconds });
  if (eventLog?.location) process.stderr.write(`kindling: event log written to ${eventLog.location}\n`);
  if (warning) process.stderr.write(warning + '\n');
  return code;
}

/**
 * The files the program in `file` sees ({@link programFiles}), or, when its course lists a file that is not
 * there, the usage error's exit code after saying so on stderr (through `complain`).
 */
export async function filesOrComplaint(
  file: string,
  complain: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Promise<ProgramFiles | typeof EXIT_USAGE> {
  try {
    return await programFiles(file);
  } catch (error) {
    complain(`kindling: cannot read the course of ${basename(dirname(file))}: ${(error as Error).message}`);
    return EXIT_USAGE;
  }
}

/**
 * The command line's sink: driver output on stdout, the rest on stderr
 * (executor lines prefixed with `[executor ID]`), events to the log file.
 */
function consoleSink(eventLog: EventLogTarget | undefined): RunSink {
  return {
    stdout: (text) => process.stdout.write(text + '\n'),
    stderr: (text) => process.stderr.write(text + '\n'),
    executorLog: (executorId, text) => {
      const prefix = `[executor ${executorId}] `;
      process.stderr.write(
        text
          .split('\n')
          .map((line) => prefix + line)
          .join('\n') + '\n',
      );
    },
    event: (event) => {
      eventLog?.post(event);
    },
  };
}

/**
 * Runs one program's source in headless Chromium and hands every message to
 * `sink` as it comes; resolves with how the run ended and never rejects.
 * Closes what it opened (the page, the server, and the browser unless one
 * was passed in).
 *
 * @example
 * const browser = await launchBrowser();
 * const outcome = await runInBrowser({ source, fileName: 'a.js', fsRoot: 'public', conf: {}, timeoutSeconds: 60, browser }, sink);
 * await browser.close();
 */
export async function runInBrowser(options: BrowserRunOptions, sink: RunSink): Promise<Outcome> {
  const run = new RunSession(sink, options.timeoutSeconds);
  const shared = options.browser;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let server: RunnerServer | undefined;
  let outcome: Outcome;
  try {
    trace('starting');
    // Building (usually only a check) and starting Chromium with its page overlap.
    const prebuilt = process.env.KINDLING_RUNNER_DIST;
    const [served, opened] = await Promise.allSettled([
      (prebuilt ? Promise.resolve(resolve(prebuilt)) : ensureBuilt(projectRoot)).then(async (distDir) => {
        trace('build ready');
        server = await startServer({
          distDir,
          fsRoot: options.fsRoot,
          readOnly: options.readOnlyFs ?? false,
          ...(options.fsOverlay ? { overlay: options.fsOverlay } : {}),
        });
        return server;
      }),
      (shared ? Promise.resolve(shared) : launchBrowser()).then(async (launched) => {
        if (!shared) browser = launched;
        trace('browser launched');
        page = await run.preparePage(launched);
        trace('page prepared');
        return page;
      }),
    ]);
    if (served.status === 'rejected') throw served.reason;
    if (opened.status === 'rejected') throw opened.reason;
    outcome = await run.start(opened.value, served.value.url, {
      source: options.source,
      fileName: options.fileName,
      conf: options.conf,
      fsBase: `${served.value.url}/fs/`,
    });
  } catch (error) {
    outcome = { kind: 'runner-failed', message: error instanceof Error ? error.message : String(error) };
  } finally {
    trace('program finished');
    run.dispose();
    // Closing a page made by browser.newPage() closes its context too: a shared browser keeps no state.
    if (shared) await (page as Page | undefined)?.close().catch(() => {});
    await (browser as Browser | undefined)?.close().catch(() => {});
    await (server as RunnerServer | undefined)?.close().catch(() => {});
    trace('closed');
  }
  return outcome;
}

/**
 * Launches the headless Chromium the runner uses ({@link findChromium}).
 * Async, so a missing Chromium rejects rather than throws.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
}

/**
 * One program's run in one page: forwards the page's messages as they come
 * and settles on the first of `done`, a page failure, or the timeout.
 */
class RunSession {
  readonly outcome: Promise<Outcome>;
  #settle!: (outcome: Outcome) => void;
  #settled = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #sink: RunSink;
  readonly #timeoutSeconds: number;

  constructor(sink: RunSink, timeoutSeconds: number) {
    this.#sink = sink;
    this.#timeoutSeconds = timeoutSeconds;
    this.outcome = new Promise<Outcome>((settle) => (this.#settle = settle));
  }

  #finish(outcome: Outcome): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#settle(outcome);
  }

  /** Opens the page and wires it up: `kindlingEmit`, page errors, crashes. */
  async preparePage(browser: Browser): Promise<Page> {
    const page = await browser.newPage();
    page.on('pageerror', (error) =>
      this.#finish({ kind: 'runner-failed', message: `error in the runner page: ${error.stack ?? error.message}` }),
    );
    page.on('crash', () =>
      this.#finish({ kind: 'runner-failed', message: 'the browser page crashed (out of memory?)' }),
    );
    if (debug) page.on('console', (message) => process.stderr.write(`[page ${message.type()}] ${message.text()}\n`));
    await page.exposeFunction('kindlingEmit', (batch: string) => {
      for (const message of JSON.parse(batch) as HostMessage[]) {
        if (this.#settled) return;
        try {
          const done = forward(message, this.#sink);
          if (done) this.#finish(done);
        } catch (error) {
          this.#finish({
            kind: 'runner-failed',
            message: `could not handle a ${message.type} message: ${(error as Error).stack}`,
          });
        }
      }
    });
    return page;
  }

  /** Loads the runner page from `serverUrl`, starts the program, and waits for how it ends. */
  async start(page: Page, serverUrl: string, program: ProgramOptions): Promise<Outcome> {
    this.#timer = setTimeout(() => this.#finish({ kind: 'timed-out' }), this.#timeoutSeconds * 1000);
    // Module scripts have run by DOMContentLoaded, so kindlingRun exists by then.
    await page.goto(`${serverUrl}/runner.html`, { waitUntil: 'domcontentloaded' });
    trace('page loaded');
    page
      .evaluate((options) => window.kindlingRun(options), program)
      .then(
        // kindlingRun resolves only after `done` was handed over, so this is a safety net.
        () => this.#finish({ kind: 'runner-failed', message: 'the page finished without reporting "done"' }),
        (error: Error) => this.#finish({ kind: 'runner-failed', message: `the runner page failed: ${error.message}` }),
      );
    return this.outcome;
  }

  /** Stops the timeout and ignores whatever the page still sends. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#settled = true;
  }
}

/** Hands one message to the sink; returns the outcome when it is the last one. */
export function forward(message: HostMessage, sink: RunSink): Outcome | undefined {
  switch (message.type) {
    case 'stdout':
      sink.stdout(formatArgs(message.args));
      return undefined;
    case 'stderr':
      sink.stderr(formatArgs(message.args));
      return undefined;
    case 'executor-log':
      sink.executorLog(message.executorId, formatArgs(message.args));
      return undefined;
    case 'event':
      sink.event(message.event);
      return undefined;
    case 'python-started':
      if (process.env.KINDLING_DEBUG)
        sink.stderr(
          `kindling: Python started from ${message.from} in ${Math.round(message.ms)} ms (` +
            `${Object.entries(message.phases)
              .map(([phase, ms]) => `${phase} ${ms}`)
              .join(', ')})`,
        );
      return undefined;
    case 'python-snapshot':
      return undefined;
    case 'partition-data':
      // Rows inside partitions are for the playground's view; the runner never asks for them.
      return undefined;
    case 'note':
      sink.stderr(
        `kindling: note${message.note.line !== undefined ? ` (line ${message.note.line})` : ''}: ${message.note.message}`,
      );
      return undefined;
    case 'done':
      return message.ok ? { kind: 'succeeded' } : { kind: 'program-failed', error: message.error };
  }
}

/** Prints how the run ended to stderr and picks the exit code. */
function report(outcome: Outcome, context: { fileName: string; source: string; timeoutSeconds: number }): number {
  const { code, text } = outcomeReport(outcome, context);
  if (text) process.stderr.write(text);
  return code;
}

/** How a run ended, as its exit code and what to print on stderr (empty when it succeeded). */
export function outcomeReport(
  outcome: Outcome,
  context: { fileName: string; source: string; timeoutSeconds: number },
): { code: number; text: string } {
  switch (outcome.kind) {
    case 'succeeded':
      return { code: EXIT_OK, text: '' };
    case 'timed-out':
      return {
        code: EXIT_TIMEOUT,
        text: `kindling: ${context.fileName} did not finish within ${context.timeoutSeconds} s (see --timeout); stopped it.\n`,
      };
    case 'runner-failed':
      return { code: EXIT_PROGRAM_FAILED, text: `kindling: ${outcome.message}\n` };
    case 'program-failed':
      return { code: EXIT_PROGRAM_FAILED, text: describeProgramError(outcome.error, context.fileName, context.source) };
  }
}

/**
 * A failed program's error as a learner should read it: where (file, line,
 * column, and the line itself with a caret), then `Name: message`, then the
 * stack frames that are in the program.
 *
 * @example
 * describeProgramError({ name: 'TypeError', message: 'x is not a function', line: 2, column: 5 }, 'wc.js', src);
 * // "wc.js:2:5\n    x();\n    ^\n\nTypeError: x is not a function\n"
 */
export function describeProgramError(error: ProgramError, fileName: string, source: string): string {
  // A Python program's error reads as Python prints it: its traceback says where, and the source lines.
  if (error.traceback) return error.traceback.endsWith('\n') ? error.traceback : error.traceback + '\n';
  let text = '';
  if (error.line !== undefined) {
    text += `${fileName}:${error.line}${error.column !== undefined ? `:${error.column}` : ''}\n`;
    const sourceLine = source.split(/\r?\n/)[error.line - 1];
    if (sourceLine !== undefined && sourceLine.trim() !== '') {
      text += `    ${sourceLine}\n`;
      const column = error.column;
      if (column !== undefined && column >= 1 && column <= sourceLine.length + 1)
        text += `    ${' '.repeat(column - 1)}^\n`;
    }
    text += '\n';
  }
  text += `${error.name}: ${error.message}\n`;
  if (error.hint) text += `${error.hint}\n`;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line) && line.includes(fileName));
  if (frames.length > 0) text += frames.join('\n') + '\n';
  return text;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.command === 'help') {
    process.stdout.write(USAGE + '\n');
    return EXIT_OK;
  }
  if (parsed.command === 'usage-error') {
    // The problem and where the help is; the whole help would bury the one line that matters.
    process.stderr.write(`kindling: ${parsed.message}\nSee: npm run --silent kindling -- --help\n`);
    return EXIT_USAGE;
  }
  // `npm run` moves into the project root; paths are meant from where it was typed.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  if (parsed.command === 'history') {
    const { historyCommand } = await import('./history');
    return historyCommand(
      parsed.options.paths.map((path) => resolve(cwd, path)),
      parsed.options.json,
    );
  }
  if (parsed.command === 'grade') {
    // Imported here: grade.ts imports this module, and `run` never needs the lesson code.
    const { gradeCommand } = await import('./grade');
    const { lessonDir, submissions, eventLog } = parsed.options;
    return gradeCommand({
      ...parsed.options,
      lessonDir: resolve(cwd, lessonDir),
      // A share link is not a path: left as it is.
      submissions: submissions.map((item) => (/^[a-z]+:\/\//i.test(item) ? item : resolve(cwd, item))),
      ...(eventLog !== undefined ? { eventLog: resolve(cwd, eventLog) } : {}),
    });
  }
  if (parsed.command === 'check-lesson') {
    const { checkLessonCommand } = await import('./check-lesson');
    return checkLessonCommand({ ...parsed.options, lessonDir: resolve(cwd, parsed.options.lessonDir) });
  }
  if (parsed.command === 'batch') {
    const { batchCommand } = await import('./batch');
    return batchCommand(parsed.argv);
  }
  const { file, eventLog } = parsed.options;
  const batchUrl = process.env.KINDLING_BATCH_URL;
  if (batchUrl) {
    const { runThroughBatch } = await import('./batch');
    return runThroughBatch(batchUrl, { argv, cwd });
  }
  return runFile({
    ...parsed.options,
    file: resolve(cwd, file),
    ...(eventLog !== undefined ? { eventLog: resolve(cwd, eventLog) } : {}),
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // A reader that goes away (`| head`) must not crash the run with EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // Exit on our own only if something (a stray handle) would keep Node alive;
      // an unref'd timer never delays a normal exit, which flushes stdout first.
      setTimeout(() => process.exit(code), 3000).unref();
    },
    (error: unknown) => {
      process.stderr.write(`kindling: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = EXIT_PROGRAM_FAILED;
    },
  );
}
