/**
 * The benchmark page (bench.html): the engine's figures and their baselines,
 * driven from Node by scripts/bench/run.ts through `window.kindlingBench`.
 * Every method returns JSON-safe data; timing happens here or in the driver
 * program, never in Node, so the round trips to Node are not counted.
 */
import { runProgram, type ProgramRun } from '../../engine/runner/program-host';
import type { HostMessage, ProgramError } from '../../engine/runner/protocol';
import type { SparkEvent } from '../../engine/events/types';
import { fromLoggable } from '../../engine/runner/loggable';
import { estimateSize } from '../../engine/codec/size';
import type { RawIdbResult, ShuffleInput } from './baselines/raw-idb';
import { countWordsAt, type LoopResult } from './baselines/wordcount-loop';
import { groupByLoop } from './baselines/groupby-loop';
import { digestCounts, type CountDigest } from './digest';
import { steppedProgram } from './programs';
import { PYODIDE_FOLDER } from '../../engine/python/version';
import { PartitionDataStore } from '../../playground/model/partition-data';

/** A driver program started by the harness, waiting for steps. */
interface ProgramSession {
  run: ProgramRun;
  channel: BroadcastChannel;
  events: SparkEvent[];
  executorLog: string[];
  output: string[];
  /** Set once `done` arrived. */
  result: { ok: boolean; error?: ProgramError } | null;
  replies: Map<number, (reply: { reply?: unknown; error?: string }) => void>;
  ready: Promise<void>;
  failed: Promise<never>;
  /** performance.now() on this page when the program was started. */
  startedAt: number;
  /** Rows inside partitions, kept as the playground keeps them (when the conf asks tasks to capture them). */
  partitionData: PartitionDataStore;
}

const sessions = new Map<number, ProgramSession>();
let nextSession = 0;
let nextStep = 0;

function describeError(error: ProgramError | undefined): string {
  if (!error) return 'unknown error';
  return `${error.name}: ${error.message}${error.line !== undefined ? ` (line ${error.line})` : ''}`;
}

const api = {
  /** The DataFrame groupBy's hand-written loop on the page's own thread. */
  groupByLoopOnPage(rows: number, users: number): { ms: number; answer: CountDigest } {
    return groupByLoop(rows, users);
  },

  /** The word-count loop on the page's own thread. */
  loopOnPage(url: string): Promise<LoopResult> {
    return countWordsAt(url);
  },

  /** The same loop inside a Web Worker, started once and reused, as executors are. */
  async loopInWorker(url: string): Promise<LoopResult> {
    loopWorker ??= new Worker(new URL('./baselines/wordcount-worker.ts', import.meta.url), { type: 'module' });
    const worker = loopWorker;
    return new Promise((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<LoopResult | { error: string }>) =>
        'error' in event.data ? reject(new Error(event.data.error)) : resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage({ url });
    });
  },

  /**
   * The same loop split over two Web Workers by hand: the file is fetched
   * (not timed), cut at the line end nearest its middle, and each half is
   * counted by its own worker; the two counts are merged. Times the counting
   * and merging only, so it compares with a loop's `ms - readMs`.
   */
  async loopInTwoWorkers(url: string): Promise<{ ms: number; answer: CountDigest }> {
    const response = await fetch(url, { cache: 'no-store' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    let cut = bytes.length >> 1;
    while (cut < bytes.length && bytes[cut - 1] !== 10) cut++;
    const halves = [bytes.slice(0, cut), bytes.slice(cut)];
    halfWorkers ??= [0, 1].map(
      () => new Worker(new URL('./baselines/wordcount-half-worker.ts', import.meta.url), { type: 'module' }),
    );
    const started = performance.now();
    const parts = await Promise.all(
      halfWorkers.map(
        (worker, i) =>
          new Promise<[string, number][]>((resolve, reject) => {
            worker.onmessage = (event: MessageEvent<{ counts: [string, number][] }>) => resolve(event.data.counts);
            worker.onerror = (event) => reject(new Error(event.message));
            worker.postMessage({ bytes: halves[i].buffer }, [halves[i].buffer]);
          }),
      ),
    );
    const merged = new Map<string, number>(parts[0]);
    for (const [word, count] of parts[1]) merged.set(word, (merged.get(word) ?? 0) + count);
    const ms = performance.now() - started;
    return { ms, answer: digestCounts(merged) };
  },

  stopLoopWorker(): void {
    for (const worker of halfWorkers ?? []) worker.terminate();
    halfWorkers = null;
    loopWorker?.terminate();
    loopWorker = null;
  },

  /**
   * Starts a stepped driver program (see programs.ts) with `conf`; resolves
   * with its id once the program waits for its first step.
   */
  async startProgram(stepSource: string, conf: Record<string, string>, fsBase: string): Promise<number> {
    const id = nextSession++;
    const name = `kindling-bench-${id}-${Math.random().toString(36).slice(2)}`;
    const channel = new BroadcastChannel(name);
    let readyResolve!: () => void;
    let fail!: (error: Error) => void;
    const session: ProgramSession = {
      run: null as unknown as ProgramRun,
      channel,
      events: [],
      executorLog: [],
      output: [],
      result: null,
      replies: new Map(),
      ready: new Promise((resolve) => (readyResolve = resolve)),
      failed: new Promise((_, reject) => (fail = reject)),
      startedAt: performance.now(),
      partitionData: new PartitionDataStore(),
    };
    session.failed.catch(() => {});
    channel.onmessage = (event: MessageEvent<{ type: string; id?: number; reply?: unknown; error?: string }>) => {
      const message = event.data;
      if (message.type === 'ready') readyResolve();
      else if (message.type === 'reply' && message.id !== undefined) {
        session.replies.get(message.id)?.(message);
        session.replies.delete(message.id);
      }
    };
    session.run = runProgram(
      { source: steppedProgram(name, stepSource), fileName: 'bench.js', conf, fsBase },
      (message: HostMessage) => {
        switch (message.type) {
          case 'event':
            session.events.push(message.event);
            break;
          case 'stdout':
          case 'stderr':
            session.output.push(JSON.stringify(message.args));
            break;
          case 'executor-log':
            session.executorLog.push(JSON.stringify(message.args));
            break;
          case 'partition-data':
            session.partitionData.add(message.data);
            break;
          case 'done':
            session.result = message.ok ? { ok: true } : { ok: false, error: message.error };
            if (!message.ok) fail(new Error(`the program failed: ${describeError(message.error)}`));
            else fail(new Error('the program ended'));
            break;
        }
      },
    );
    sessions.set(id, session);
    await Promise.race([session.ready, session.failed]);
    return id;
  },

  /** Runs one step of a program; resolves with its reply. */
  async step(id: number, params: unknown): Promise<unknown> {
    const session = sessionOf(id);
    const stepId = nextStep++;
    const answered = new Promise<{ reply?: unknown; error?: string }>((resolve) =>
      session.replies.set(stepId, resolve),
    );
    session.channel.postMessage({ type: 'step', id: stepId, params });
    const message = await Promise.race([answered, session.failed]);
    if (message.error !== undefined) throw new Error(message.error);
    return message.reply;
  },

  /** Ends a program (its SparkContext stops); resolves once the driver is gone. */
  async stopProgram(id: number): Promise<{ ok: boolean; error?: string; events: number }> {
    const session = sessionOf(id);
    session.channel.postMessage({ type: 'stop' });
    await session.run.done;
    session.channel.close();
    sessions.delete(id);
    return {
      ok: session.result?.ok ?? false,
      ...(session.result?.ok ? {} : { error: describeError(session.result?.error) }),
      events: session.events.length,
    };
  },

  /** The raw IndexedDB baseline for a shuffle of `input`, in a fresh Web Worker. */
  rawIdb(input: ShuffleInput): Promise<RawIdbResult> {
    const worker = new Worker(new URL('./baselines/raw-idb-worker.ts', import.meta.url), { type: 'module' });
    return new Promise<RawIdbResult>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<RawIdbResult | { error: string }>) =>
        'error' in event.data ? reject(new Error(event.data.error)) : resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage({ input, name: `kindling-bench-raw-${Math.random().toString(36).slice(2)}` });
    }).finally(() => worker.terminate());
  },

  /** The engine's in-memory size estimate (Spark's SizeEstimator) of one spill_job record, averaged over a sample. */
  pairSize(keys: number, sample: number): number {
    let total = 0;
    for (let i = 0; i < sample; i++) total += estimateSize([`key-${i % keys}`, 'v' + String(i).padStart(31, '0')]);
    return total / sample;
  },

  /**
   * Resolves once `jobs` JobEnd events arrived since event index `since`: the
   * driver sends events in batches, so they can reach the page a few
   * milliseconds after a step's reply, which travels on its own channel.
   */
  async jobsEnded(id: number, since: number, jobs: number): Promise<void> {
    const session = sessionOf(id);
    const deadline = performance.now() + 10_000;
    while (session.events.slice(since).filter((e) => e.Event === 'SparkListenerJobEnd').length < jobs) {
      if (performance.now() > deadline) throw new Error(`${jobs} JobEnd events did not arrive within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  },

  /** How many events a program's driver posted so far (an index for {@link taskTotals}). */
  eventCount(id: number): number {
    return sessionOf(id).events.length;
  },

  /** Task metrics summed over the TaskEnd events posted since event index `since`. */
  taskTotals(id: number, since: number): Record<string, number> {
    const totals: Record<string, number> = {
      tasks: 0,
      memoryBytesSpilled: 0,
      diskBytesSpilled: 0,
      shuffleBytesWritten: 0,
      shuffleRecordsWritten: 0,
      shuffleBytesRead: 0,
      peakExecutionMemory: 0,
    };
    let stage = 0;
    for (const event of sessionOf(id).events.slice(since)) {
      if (event.Event === 'SparkListenerStageCompleted') {
        // Stage wall times, in the order the stages ended: for a groupByKey, the map stage then the reduce stage.
        const info = (event as unknown as { 'Stage Info': Record<string, number> })['Stage Info'];
        totals[`stage${stage++}Ms`] = info['Completion Time'] - info['Submission Time'];
      }
      if (event.Event !== 'SparkListenerTaskEnd') continue;
      // The event is Spark's JSON; only these numeric fields are read.
      const m = (event as unknown as { 'Task Metrics': Record<string, Record<string, number> & number> })[
        'Task Metrics'
      ];
      totals.tasks++;
      totals.memoryBytesSpilled += Number(m['Memory Bytes Spilled']);
      totals.diskBytesSpilled += Number(m['Disk Bytes Spilled']);
      totals.shuffleBytesWritten += Number(m['Shuffle Write Metrics']['Shuffle Bytes Written']);
      totals.shuffleRecordsWritten += Number(m['Shuffle Write Metrics']['Shuffle Records Written']);
      totals.shuffleBytesRead +=
        Number(m['Shuffle Read Metrics']['Local Bytes Read']) + Number(m['Shuffle Read Metrics']['Remote Bytes Read']);
      totals.peakExecutionMemory = Math.max(totals.peakExecutionMemory, Number(m['Peak Execution Memory']));
    }
    return totals;
  },

  /** Task attempts that reported the rows they saw. */
  partitionDataCounts(id: number): { tasks: number } {
    return { tasks: sessionOf(id).partitionData.taskCount };
  },

  /** How many events of each kind a program's driver posted so far. */
  eventCounts(id: number): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const event of sessionOf(id).events) counts[event.Event] = (counts[event.Event] ?? 0) + 1;
    return counts;
  },

  /**
   * Cold start: on this freshly loaded page, starts a driver program whose
   * only job runs one task, and times from the call to `runProgram` (no
   * worker started yet) to (a) the task's TaskStart event reaching the page
   * and (b) the task's function running on its executor, by the clock
   * `performance.timeOrigin + performance.now()` that every context shares.
   */
  async coldStart(
    fsBase: string,
  ): Promise<{ launchedMs: number; runningMs: number; jobDoneMs: number; milestones: Record<string, number> }> {
    const source = `await sc.parallelize([0], 1).foreach(() => console.log(String(performance.timeOrigin + performance.now())));`;
    const started = performance.now();
    const startedAt = performance.timeOrigin + started;
    let launchedMs = NaN;
    let runningMs = NaN;
    let jobDoneMs = NaN;
    let failure: string | null = null;
    // When each step of the start-up reached the page: where the time goes.
    const milestones: Record<string, number> = {};
    let executorsAdded = 0;
    const run = runProgram({ source, fileName: 'cold-start.js', conf: {}, fsBase }, (message: HostMessage) => {
      const at = Math.round((performance.now() - started) * 10) / 10;
      if (message.type === 'event') {
        const name = message.event.Event.replace(/^SparkListener/, '');
        const key = name === 'ExecutorAdded' ? `ExecutorAdded#${++executorsAdded}` : name;
        milestones[key] ??= at;
      }
      if (message.type === 'event' && message.event.Event === 'SparkListenerTaskStart' && Number.isNaN(launchedMs))
        launchedMs = performance.now() - started;
      if (message.type === 'event' && message.event.Event === 'SparkListenerJobEnd')
        jobDoneMs = performance.now() - started;
      if (message.type === 'executor-log') runningMs = Number(fromLoggable(message.args)[0]) - startedAt;
      if (message.type === 'done' && !message.ok) failure = describeError(message.error);
    });
    await run.done;
    if (failure !== null) throw new Error(`the cold-start program failed: ${failure}`);
    return { launchedMs, runningMs, jobDoneMs, milestones };
  },

  /**
   * A Python program's cold start: Python loaded from nothing (no snapshot in this page), the
   * time until the first task's Python function runs on its executor, and when the driver's own
   * Python was up.
   */
  async pythonColdStart(fsBase: string): Promise<{
    runningMs: number;
    jobDoneMs: number;
    pythonStartedMs: number;
    phases: Record<string, number>;
    milestones: Record<string, number>;
  }> {
    const source =
      'import time\nfrom pyspark import SparkContext\nsc = SparkContext.getOrCreate()\nsc.parallelize([0], 1).foreach(lambda _: print(time.time() * 1000))\n';
    const started = performance.now();
    const startedAt = performance.timeOrigin + started;
    let runningMs = NaN;
    let jobDoneMs = NaN;
    let pythonStartedMs = NaN;
    let phases: Record<string, number> = {};
    const milestones: Record<string, number> = {};
    let executorsAdded = 0;
    let failure: string | null = null;
    const pythonExec = new URL(`/${PYODIDE_FOLDER}`, location.href).href;
    const run = runProgram(
      { source, fileName: 'cold-start.py', conf: {}, fsBase, pythonExec },
      (message: HostMessage) => {
        const at = Math.round(performance.now() - started);
        if (message.type === 'python-started') {
          pythonStartedMs = performance.now() - started;
          phases = message.phases;
        }
        if (message.type === 'event') {
          const name = message.event.Event.replace(/^SparkListener/, '');
          milestones[name === 'ExecutorAdded' ? `ExecutorAdded#${++executorsAdded}` : name] ??= at;
        }
        if (message.type === 'event' && message.event.Event === 'SparkListenerJobEnd')
          jobDoneMs = performance.now() - started;
        if (message.type === 'executor-log') runningMs = Number(fromLoggable(message.args)[0]) - startedAt;
        if (message.type === 'done' && !message.ok) failure = describeError(message.error);
      },
    );
    await run.done;
    if (failure !== null) throw new Error(`the Python cold-start program failed: ${failure}`);
    return { runningMs, jobDoneMs, pythonStartedMs, phases, milestones };
  },

  /** Runs a whole program and returns its driver's output lines (the program times itself). */
  async timedProgram(
    source: string,
    fileName: string,
    conf: Record<string, string>,
    fsBase: string,
  ): Promise<string[]> {
    const output: string[] = [];
    let failure: string | null = null;
    const pythonExec = new URL(`/${PYODIDE_FOLDER}`, location.href).href;
    const run = runProgram({ source, fileName, conf, fsBase, pythonExec }, (message: HostMessage) => {
      if (message.type === 'stdout') output.push(String(fromLoggable(message.args)[0]));
      if (message.type === 'done' && !message.ok) failure = describeError(message.error);
    });
    await run.done;
    if (failure !== null) throw new Error(`${fileName} failed: ${failure}`);
    return output;
  },

  /** The events a program's driver posted so far (optionally only those named). */
  events(id: number, names?: string[]): SparkEvent[] {
    const events = sessionOf(id).events;
    return names ? events.filter((event) => names.includes(event.Event)) : events;
  },
};

let loopWorker: Worker | null = null;
let halfWorkers: Worker[] | null = null;

function sessionOf(id: number): ProgramSession {
  const session = sessions.get(id);
  if (!session) throw new Error(`no program ${id}`);
  return session;
}

export type BenchApi = typeof api;

declare global {
  interface Window {
    kindlingBench: BenchApi;
  }
}

window.kindlingBench = api;
