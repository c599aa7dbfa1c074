/// <reference lib="webworker" />
/**
 * The driver's own Web Worker: runs a learner's program with `sc` in scope,
 * so neither the program nor the scheduler ever blocks the page. Executors are
 * nested workers of this one; terminating it ends them all.
 */
import { DEFAULT_TASK_TIMEOUT, SparkContext } from '../context';
import { LayeredFileSystem, openFileSystem } from '../fs/layered';
import { CallSiteResolver, type CallSite } from '../rdd/call-site';
import { ProgramSyntaxError, rewriteProgram } from '../closure/rewrite';
import { configureLoopGuard, stopLoopGuard } from '../closure/loop-guard';
import { PROGRAM_NAMES, programScope } from './program-scope';
import { toLoggable } from './loggable';
import { RDD } from '../rdd/rdd';
import { missingMethodHint, pythonHint, watchProgram, type ApiSurface } from './mistakes';
import { SQL_NAMES, loadSqlScope, usesSql } from './sql-scope';
import { PYODIDE_FOLDER } from '../python/version';
import type { DriverCommand, HostMessage, HostMessageBatch, ProgramError, ProgramOptions } from './protocol';

// In the driver's own bundle rather than fetched once its SparkContext starts: #start imports them
// dynamically (Node's in-process contexts never load them), and those three fetches came after the
// program's rewrite, on the path to the first task.
import '../storage/cleanup';
import '../storage/idb-block-store';
import '../executor/worker-backend';

declare const self: DedicatedWorkerGlobalScope;

const PROGRAM_SCOPE = '__kindlingProgramScope';
/** A promise the program's module awaits before its first statement: settled once `sc` is up (see run). */
const PROGRAM_START = '__kindlingProgramStart';
/**
 * Names the program finds in scope, declared on its first line so no line moves, after the wait
 * for the context: the module is fetched and compiled while the executors start, and runs once
 * they are up.
 */
const prelude = (sql: boolean) =>
  `await globalThis.${PROGRAM_START};` +
  `const { ${[...PROGRAM_NAMES, ...(sql ? SQL_NAMES : [])].join(', ')} } = globalThis.${PROGRAM_SCOPE};`;

let context: SparkContext | null = null;

/** The classes whose methods a program calls; a method that does not exist is matched against these. */
const API_SURFACES: ApiSurface[] = [
  { name: 'RDD', prototype: RDD.prototype },
  { name: 'SparkContext', prototype: SparkContext.prototype },
];

/** Messages waiting to go to the page; see HostMessageBatch. */
let outbox: HostMessage[] = [];
let flushTimer: ReturnType<typeof setTimeout> | null = null;
/** How long a message may wait for others to join its batch: well under a frame, so views stay live. */
const BATCH_WINDOW_MS = 4;
/** When the outbox's oldest message was posted. */
let batchStartedAt = 0;

function post(message: HostMessage): void {
  outbox.push(message);
  if (outbox.length === 1) batchStartedAt = performance.now();
  if (message.type === 'done') flush();
  // A driver busy in Python holds this thread, so the timer cannot fire: what it prints goes out once the window
  // has passed all the same, and the page sees a long loop's output as it comes.
  else if (performance.now() - batchStartedAt >= BATCH_WINDOW_MS) flush();
  else flushTimer ??= setTimeout(flush, BATCH_WINDOW_MS);
}

function flush(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  if (outbox.length === 0) return;
  const batch: HostMessageBatch = { type: 'batch', messages: outbox };
  outbox = [];
  self.postMessage(batch);
}

function errorOf(e: unknown, callSites: CallSiteResolver | null, source = ''): ProgramError {
  if (e instanceof ProgramSyntaxError)
    return { name: 'SyntaxError', message: e.message, line: e.line, column: e.column, hint: pythonHint(source) };
  const err = e instanceof Error ? e : new Error(String(e));
  const site = (err as { callSite?: CallSite }).callSite;
  const where = site ? { line: site.line, column: site.column } : callSites?.locate(err.stack);
  const stack = callSites?.programUrl ? err.stack?.split(callSites.programUrl).join(callSites.fileName) : err.stack;
  // A job aborted by a task's runaway loop is about that loop: point at its line, not the action's.
  const loop = err.name === 'RunawayLoopError' ? null : /RunawayLoopError: The loop at line (\d+) /.exec(err.message);
  if (loop) {
    const action = where?.line !== undefined ? ` by the action at line ${where.line}` : '';
    const hint = `A loop in a function the tasks ran (line ${loop[1]}) never ended; the job was started${action}.`;
    return { name: err.name, message: err.message, stack, line: Number(loop[1]), hint };
  }
  const hint = err instanceof TypeError ? missingMethodHint(err.message, API_SURFACES) : undefined;
  return { name: err.name, message: err.message, stack, line: where?.line, column: where?.column, hint };
}

/** Python programs run in the driver's own Python (engine/python/python-driver.ts), loaded only for them. */
async function runPython(options: ProgramOptions): Promise<void> {
  const fileSystem = openFileSystem(options.fsBase);
  // textFile lists files synchronously: read the learner's file listing before the program asks.
  if (fileSystem instanceof LayeredFileSystem) await fileSystem.refresh();
  const { runPythonProgram } = await import('../python/python-driver');
  const error = await runPythonProgram(
    {
      source: options.source,
      fileName: options.fileName,
      conf: options.conf,
      pythonExec: options.pythonExec ?? defaultPythonExec(),
      ...(options.pythonSnapshot ? { snapshot: options.pythonSnapshot } : {}),
      ...(options.pythonFromScratch ? { fromScratch: true } : {}),
      ...(options.stopSignal ? { stopSignal: options.stopSignal } : {}),
    },
    {
      createContext: (conf, python) => {
        const sc = new SparkContext({
          conf,
          python,
          fileSystem,
          fsBase: options.fsBase,
          executors: 'workers',
          // Its JavaScript frames are Pyodide's, never the program's.
          callSites: new CallSiteResolver(undefined, options.fileName, undefined, false),
          onEvent: (event) => post({ type: 'event', event }),
          onExecutorLog: (executorId, stream, args) => post({ type: 'executor-log', executorId, stream, args }),
        });
        context = sc;
        // The Python program's loops are guarded against the context's kindling.task.timeout (engine/python/interrupt.ts).
        configureLoopGuard(sc.conf.getTimeMs('kindling.task.timeout', DEFAULT_TASK_TIMEOUT));
        return sc;
      },
      stdout: (line) => post({ type: 'stdout', args: toLoggable([line]) }),
      stderr: (line) => post({ type: 'stderr', args: toLoggable([line]) }),
      snapshotMade: (snapshot) => post({ type: 'python-snapshot', ...snapshot }),
      started: (from, ms, phases) => post({ type: 'python-started', from, ms, phases }),
    },
  );
  stopLoopGuard();
  post(error ? { type: 'done', ok: false, error } : { type: 'done', ok: true });
}

/**
 * Where Pyodide's runtime is when the page did not say: at the site root,
 * which in a build is the folder above this chunk's `assets/`.
 */
function defaultPythonExec(): string {
  if (import.meta.env.DEV) return new URL(`/${PYODIDE_FOLDER}`, self.location.href).href;
  // This worker's chunk sits in assets/, one folder below the site root. The URL is read into a
  // variable first: Vite rewrites `new URL(template, import.meta.url)` as an asset glob, which
  // matches nothing here and yields `undefined`.
  const workerUrl = import.meta.url;
  return new URL(`../${PYODIDE_FOLDER}`, workerUrl).href;
}

async function run(options: ProgramOptions): Promise<void> {
  if (options.fileName.endsWith('.py')) return runPython(options);
  let code: string;
  let originalColumn: (line: number, column: number) => number;
  try {
    ({ code, originalColumn } = rewriteProgram(options.source, { declared: ['sc', 'spark'] }));
  } catch (e) {
    post({ type: 'done', ok: false, error: errorOf(e, null, options.source) });
    return;
  }
  const withSql = usesSql(options.source);
  const PRELUDE = prelude(withSql);
  const url = URL.createObjectURL(new Blob([PRELUDE + code], { type: 'text/javascript' }));
  // The prelude shares line 1 with the program, so line 1's columns shift by its length too.
  const callSites = new CallSiteResolver(url, options.fileName, (line, column) =>
    originalColumn(line, line === 1 ? column - PRELUDE.length : column),
  );
  let unhandled: unknown = null;
  const onUnhandled = (ev: PromiseRejectionEvent) => {
    ev.preventDefault();
    unhandled ??= ev.reason;
  };
  self.addEventListener('unhandledrejection', onUnhandled);
  const fileSystem = openFileSystem(options.fsBase);
  let jobsRan = 0;
  const sc = new SparkContext({
    conf: options.conf,
    fileSystem,
    fsBase: options.fsBase,
    executors: 'workers',
    callSites,
    onEvent: (event) => {
      if (event.Event === 'SparkListenerJobStart') jobsRan += 1;
      post({ type: 'event', event });
    },
    onExecutorLog: (executorId, stream, args) => post({ type: 'executor-log', executorId, stream, args }),
    onPartitionData: (data) => post({ type: 'partition-data', data }),
  });
  context = sc;
  const watch = watchProgram({
    surfaces: API_SURFACES,
    isDataset: (value) => value instanceof RDD,
    siteOf: (method) => callSites.resolve(method),
    note: (note) => post({ type: 'note', note }),
  });
  const say =
    (stream: 'stdout' | 'stderr') =>
    (...args: unknown[]) => {
      watch.printed(args, callSites.locate(new Error().stack));
      post({ type: stream, args: toLoggable(args) });
    };
  const programConsole = {
    log: say('stdout'),
    info: say('stdout'),
    debug: say('stdout'),
    warn: say('stderr'),
    error: say('stderr'),
  };
  (globalThis as Record<string, unknown>)[PROGRAM_SCOPE] = programScope(sc, programConsole);
  // A runaway loop in the program itself stops at its line, as the tasks' loops do.
  configureLoopGuard(sc.conf.getTimeMs('kindling.task.timeout', DEFAULT_TASK_TIMEOUT));
  let start!: { resolve: () => void; reject: (e: unknown) => void };
  (globalThis as Record<string, unknown>)[PROGRAM_START] = new Promise<void>((resolve, reject) => {
    start = { resolve, reject };
  });
  // Loading starts now; the module's first statement waits for `start` (see prelude).
  const program = import(/* @vite-ignore */ url);
  program.catch(() => {});
  let error: ProgramError | null = null;
  try {
    try {
      if (withSql)
        Object.assign(
          (globalThis as Record<string, unknown>)[PROGRAM_SCOPE] as object,
          await loadSqlScope(sc, (text) => programConsole.log(text.endsWith('\n') ? text.slice(0, -1) + '\n' : text)),
        );
      await sc.ready;
      // textFile lists files synchronously: read the learner's file listing before the program asks.
      if (fileSystem instanceof LayeredFileSystem) await fileSystem.refresh();
      start.resolve();
    } catch (e) {
      // The program never runs: its module ends at the wait with this error, which is reported below.
      start.reject(e);
      throw e;
    }
    await program;
    watch.finished(jobsRan);
  } catch (e) {
    error = errorOf(e, callSites);
  } finally {
    stopLoopGuard();
  }
  try {
    await sc.stop();
  } catch (e) {
    error ??= errorOf(e, callSites);
  }
  if (!error && unhandled) error = errorOf(unhandled, callSites);
  self.removeEventListener('unhandledrejection', onUnhandled);
  URL.revokeObjectURL(url);
  post(error ? { type: 'done', ok: false, error } : { type: 'done', ok: true });
}

self.addEventListener('message', (e: MessageEvent<{ type: 'run'; options: ProgramOptions } | DriverCommand>) => {
  const msg = e.data;
  if (msg.type === 'run') void run(msg.options);
  else if (msg.type === 'cancel') context?.cancelAllJobs();
  else if (msg.type === 'fault') context?.faults.inject(msg.fault);
});
