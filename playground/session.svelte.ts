/**
 * One thing the playground shows: a program run (live, then finished) or a
 * Spark event log opened from files. Holds the event stream, the application
 * model derived from it, the driver's and executors' output, and the run's
 * outcome. Views read `model`, which gets a new reference at most once per
 * animation frame while events stream in.
 */
import { AppModelBuilder, type AppModel } from '../engine/events/app-model';
import type { SparkEvent } from '../engine/events/types';
import { LogReaderClient, type LogProgress } from './logs/log-client';
import type { ListedApplication, OpenedLog, PickedFile } from './logs/protocol';
import { fromLoggable } from '../engine/runner/loggable';
import { runProgram, type ProgramRun } from '../engine/runner/program-host';
import type {
  FaultSpec,
  HostMessage,
  LoggableArgs,
  ProgramError,
  ProgramNote,
  ProgramOptions,
} from '../engine/runner/protocol';
import { formatLogArgs } from './format-browser';
import { FactReader, type FactOptions, type RunFacts } from './model/facts';
import { PartitionDataStore } from './model/partition-data';

export type RunStatus =
  'idle' | 'starting' | 'running' | 'stopping' | 'succeeded' | 'failed' | 'stopped' | 'reading' | 'listed' | 'loaded';

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** A fault asked for, with how it was phrased to the learner. */
export interface FaultRecord {
  fault: FaultSpec;
  description: string;
  /** `armed`: waits for the next run to start; `sent`: given to the running driver. */
  state: 'armed' | 'sent';
}

/** More than this many lines of one log are dropped (the first ones are kept), to keep the page responsive. */
const MAX_LOG_LINES = 5000;

/**
 * @example
 * const session = new Session();
 * session.run({ source, fileName: 'playground.js', conf, fsBase });
 * $effect(() => console.log(session.model.jobs.size));
 */
export class Session {
  status = $state<RunStatus>('idle');
  /** The application model; replaced (same maps inside) whenever events arrived. */
  model = $state.raw<AppModel>(new AppModelBuilder().model);
  /** How many events so far. */
  eventCount = $state(0);
  driverOutput = $state.raw<LogLine[]>([]);
  executorLogs = $state.raw<Record<string, LogLine[]>>({});
  failure = $state.raw<ProgramError | null>(null);
  /** Mistakes the driver noticed (no action, an action not awaited), beside the output. */
  notes = $state.raw<ProgramNote[]>([]);
  elapsedMs = $state<number | null>(null);
  /** Names of the event-log files shown, when showing a log. */
  logFiles = $state.raw<string[]>([]);
  /** The program as it was when the run started (what predictions are graded against). */
  runSource = $state('');
  faults = $state.raw<FaultRecord[]>([]);
  droppedLines = $state(0);
  /** While a log is read (status `reading`): how far. */
  logProgress = $state.raw<LogProgress | null>(null);
  /** The applications found among the files picked, when there were several (status `listed`, and while one is open). */
  applications = $state.raw<ListedApplication[] | null>(null);
  /** Files among those picked that are no part of a log. */
  ignoredFiles = $state.raw<{ path: string; reason: string }[]>([]);
  /** The log shown (status `loaded`): where it came from, how it was read, what happened in it. */
  openedLog = $state.raw<OpenedLog | null>(null);

  /** Every event of the current run or log, in order. Not reactive: read it when needed. */
  events: SparkEvent[] = [];
  /**
   * The rows inside partitions the run's tasks captured (a live run only; a log has none).
   * Not reactive itself: `partitionDataCount` changes when it does.
   */
  partitionData = new PartitionDataStore();
  /** Task attempts whose captured rows have arrived; bumped with the model. */
  partitionDataCount = $state(0);

  #builder = new AppModelBuilder();
  #driver: LogLine[] = [];
  #executors: Record<string, LogLine[]> = {};
  #run: ProgramRun | null = null;
  #runId = 0;
  #startedAt = 0;
  #flushScheduled = false;
  #lastFlush = 0;
  /** Whether the driver's or the executors' output changed since the last flush (copying them costs the whole log). */
  #driverChanged = false;
  #executorsChanged = false;
  #onFinish: ((facts: RunFacts | null) => void) | null = null;
  /** Reads the run's facts as its events arrive, so the end of a big run does not replay them all at once. */
  #facts: FactReader | null = null;
  #logReader: LogReaderClient | null = null;

  get isRunning(): boolean {
    return this.status === 'starting' || this.status === 'running' || this.status === 'stopping';
  }

  /**
   * Starts a program; a run still going is stopped first. `onFinish` is called once it
   * ends, in a task after the one that shows the finished run, with the run's facts
   * (playground/model/facts.ts) when `factOptions` asked for them.
   */
  run(options: ProgramOptions, onFinish?: (facts: RunFacts | null) => void, factOptions?: FactOptions): void {
    this.#run?.stop();
    this.#reset();
    this.applications = null;
    this.#facts = factOptions ? new FactReader(factOptions) : null;
    const runId = ++this.#runId;
    this.status = 'starting';
    this.runSource = options.source;
    this.#startedAt = performance.now();
    this.#onFinish = onFinish ?? null;
    const run = runProgram(options, (message) => {
      if (runId === this.#runId) this.#handle(message);
    });
    this.#run = run;
    // Faults armed before the run reach the driver before its first job: the worker handles messages in order.
    const armed = this.faults.filter((f) => f.state === 'armed');
    for (const record of armed) run.send({ type: 'fault', fault: record.fault });
    this.faults = this.faults.map((f) => (f.state === 'armed' ? { ...f, state: 'sent' } : f));
    run.done.catch((error: unknown) => {
      if (runId !== this.#runId) return;
      const message = error instanceof Error ? error.message : String(error);
      this.#finish({ name: 'Error', message });
    });
  }

  /** Cancels the running jobs (Spark's cancelAllJobs), then ends the driver if it does not finish. */
  stop(): void {
    if (!this.isRunning || !this.#run) return;
    this.status = 'stopping';
    this.#run.stop();
  }

  /** Injects a fault now (during a run) or arms it for the next run. */
  addFault(fault: FaultSpec, description: string): void {
    if (this.isRunning && this.#run) {
      this.#run.send({ type: 'fault', fault });
      this.faults = [...this.faults, { fault, description, state: 'sent' }];
    } else {
      this.faults = [...this.faults, { fault, description, state: 'armed' }];
    }
  }

  removeFault(index: number): void {
    this.faults = this.faults.filter((_, i) => i !== index);
  }

  /**
   * Reads the Spark event logs among `files` in the log worker (off the page's
   * thread, `logProgress` following it). One application is shown at once
   * (status `loaded`); several are listed (status `listed`, `applications`) for
   * {@link openApplication}. Rejects, with a message fit for the reader, when
   * the files hold no readable log; the page is left as it was before.
   */
  async openLogFiles(files: PickedFile[]): Promise<void> {
    const reader = (this.#logReader ??= new LogReaderClient());
    const previous = this.status;
    this.#run?.stop();
    const runId = ++this.#runId;
    this.status = 'reading';
    this.logProgress = null;
    try {
      const found = await reader.scan(files, (progress) => {
        if (runId === this.#runId) this.logProgress = progress;
      });
      if (runId !== this.#runId) return;
      if (found.kind === 'listed') {
        this.#reset();
        this.applications = found.applications;
        this.ignoredFiles = found.ignored;
        this.status = 'listed';
      } else {
        this.applications = null;
        this.ignoredFiles = [];
        this.#showLog(found.log, found.model);
      }
    } catch (error) {
      if (runId === this.#runId) this.status = previous === 'reading' ? 'idle' : previous;
      throw error;
    } finally {
      if (runId === this.#runId) this.logProgress = null;
    }
  }

  /** Opens one of the listed applications. */
  async openApplication(sourceIndex: number): Promise<void> {
    const reader = this.#logReader;
    if (!reader) throw new Error('No log files have been read.');
    const runId = ++this.#runId;
    this.status = 'reading';
    try {
      const { log, model } = await reader.open(sourceIndex, (progress) => {
        if (runId === this.#runId) this.logProgress = progress;
      });
      if (runId === this.#runId) this.#showLog(log, model);
    } catch (error) {
      if (runId === this.#runId) this.status = 'listed';
      throw error;
    } finally {
      if (runId === this.#runId) this.logProgress = null;
    }
  }

  /** Back from an open application to the list it came from. */
  backToApplications(): void {
    if (!this.applications) return;
    this.#runId++;
    this.#reset();
    this.status = 'listed';
  }

  /** One task attempt's metrics exactly as the open log has them (the model here holds their totals). */
  taskMetrics(taskId: number): Promise<unknown> {
    return this.#logReader?.taskMetrics(taskId) ?? Promise.resolve(null);
  }

  #showLog(log: OpenedLog, model: AppModel): void {
    this.#reset();
    this.openedLog = log;
    this.logFiles = log.files;
    this.model = model;
    this.eventCount = log.events;
    this.status = 'loaded';
  }

  /** Back to an empty page (e.g. closing a loaded log). */
  clear(): void {
    this.#run?.stop();
    this.#runId++;
    this.#reset();
    this.applications = null;
    this.ignoredFiles = [];
    this.status = 'idle';
    this.#flush();
  }

  #reset(): void {
    this.#builder = new AppModelBuilder();
    this.#facts = null;
    this.events = [];
    this.partitionData = new PartitionDataStore();
    this.#driver = [];
    this.notes = [];
    this.#executors = {};
    this.#driverChanged = true;
    this.#executorsChanged = true;
    this.failure = null;
    this.elapsedMs = null;
    this.logFiles = [];
    this.openedLog = null;
    this.droppedLines = 0;
    this.faults = this.faults.filter((f) => f.state === 'armed');
    this.#flush();
  }

  #handle(message: HostMessage): void {
    switch (message.type) {
      case 'stdout':
      case 'stderr':
        this.#log(this.#driver, message.type, message.args);
        this.#driverChanged = true;
        break;
      case 'executor-log':
        this.#log((this.#executors[message.executorId] ??= []), message.stream, message.args);
        this.#executorsChanged = true;
        break;
      case 'event':
        if (this.status === 'starting') this.status = 'running';
        this.#addEvent(message.event);
        if (message.event.Event === 'SparkListenerExecutorAdded') {
          const id = (message.event as { 'Executor ID'?: string })['Executor ID'];
          if (id && !this.#executors[id]) {
            this.#executors[id] = [];
            this.#executorsChanged = true;
          }
        }
        break;
      case 'partition-data':
        this.partitionData.add(message.data);
        break;
      case 'note':
        this.notes = [...this.notes, message.note];
        break;
      case 'python-started':
      case 'python-snapshot':
        break;
      case 'done':
        this.#finish(message.ok ? null : message.error);
        return;
    }
    this.#scheduleFlush();
  }

  #log(lines: LogLine[], stream: LogLine['stream'], args: LoggableArgs): void {
    if (lines.length >= MAX_LOG_LINES) {
      this.droppedLines += 1;
      return;
    }
    lines.push({ stream, text: formatLogArgs(fromLoggable(args)) });
  }

  #addEvent(event: SparkEvent): void {
    this.events.push(event);
    this.#builder.add(event);
    this.#facts?.add(event);
  }

  #finish(error: ProgramError | null): void {
    if (!this.isRunning) return;
    const stopped = this.status === 'stopping';
    this.elapsedMs = performance.now() - this.#startedAt;
    this.failure = stopped && error?.name === 'Stopped' ? null : error;
    this.status = stopped ? 'stopped' : error ? 'failed' : 'succeeded';
    this.#run = null;
    this.#flush();
    const onFinish = this.#onFinish;
    this.#onFinish = null;
    const facts = this.#facts?.finish() ?? null;
    this.#facts = null;
    if (!onFinish) return;
    // The finished run's views update in this task; grading and explaining it come in the next,
    // so the two never block the page together.
    const runId = this.#runId;
    setTimeout(() => {
      if (runId === this.#runId) onFinish(facts);
    }, 0);
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    const flush = () => {
      if (!this.#flushScheduled) return;
      this.#flush();
    };
    // Views redo work in proportion to the tasks on every update: with thousands of tasks, update
    // a few times a second rather than every frame, so the page stays smooth while a big job runs.
    const tasks = this.model.tasks.size;
    const interval = tasks > 2000 ? 250 : tasks > 100 ? 100 : 0;
    const wait = Math.max(0, this.#lastFlush + interval - performance.now());
    // A hidden tab gets no animation frames; a timer keeps the model current there too.
    const visible = typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible';
    if (wait === 0 && visible) requestAnimationFrame(flush);
    else setTimeout(flush, visible ? wait : Math.max(wait, 100));
  }

  #flush(): void {
    this.#flushScheduled = false;
    this.#lastFlush = performance.now();
    // O(1) per flush but for output that changed (and SQL metrics of queries that ran tasks):
    // the model's maps are shared, not copied.
    this.#builder.refreshSqlMetrics();
    this.model = { ...this.#builder.model };
    this.eventCount = this.events.length;
    this.partitionDataCount = this.partitionData.taskCount;
    if (this.#driverChanged) this.driverOutput = [...this.#driver];
    if (this.#executorsChanged)
      this.executorLogs = Object.fromEntries(Object.entries(this.#executors).map(([id, lines]) => [id, [...lines]]));
    this.#driverChanged = false;
    this.#executorsChanged = false;
  }
}
