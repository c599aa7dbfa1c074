/**
 * Spark's TaskSchedulerImpl with a coarse-grained backend folded in: keeps
 * each executor's free cores, offers them to task sets in FIFO order (job id,
 * then stage id) level by level, launches tasks on executors and routes their
 * outcomes back to the DAG scheduler.
 */
import type { SparkConf } from '../conf';
import { ExecutorLostError, type ExecutorHandle } from '../executor/backend';
import {
  emptyMetrics,
  type TaskDescription,
  type TaskFailureWire,
  type TaskFault,
  type TaskOutcome,
} from '../rdd/wire';
import { TaskSetManager } from './task-set-manager';
import { sortTaskSets } from './pools';
import type { TaskInfo, TaskSet } from './task-set';

export interface TaskSchedulerListener {
  taskStarted(taskSet: TaskSet, info: TaskInfo): void;
  taskGettingResult(taskSet: TaskSet, info: TaskInfo): void;
  taskEnded(taskSet: TaskSet, info: TaskInfo, outcome: TaskEndOutcome): void;
  taskSetFailed(taskSet: TaskSet, message: string): void;
}

export type TaskEndOutcome =
  | { kind: 'success'; outcome: Extract<TaskOutcome, { status: 'success' }> }
  | { kind: 'failed'; failure: TaskFailureWire; outcome?: Extract<TaskOutcome, { status: 'failed' }> }
  | { kind: 'executorLost'; executorId: string; reason: string; exitCausedByApp: boolean }
  | { kind: 'resubmitted' };

interface ExecutorSlot {
  handle: ExecutorHandle;
  freeCores: number;
  alive: boolean;
  stagesSent: Set<string>;
}

export class TaskScheduler {
  readonly #executors = new Map<string, ExecutorSlot>();
  readonly #taskSets: TaskSetManager[] = [];
  #nextTaskId = 0;
  #reviveTimer: ReturnType<typeof setTimeout> | null = null;
  #reviveScheduled = false;

  /** Reads (and removes) an indirect task result from the block store. */
  fetchIndirectResult: (blockKey: string) => Promise<Uint8Array> = () => Promise.reject(new Error('no block store'));

  /** The virtual topology's rack of a host (hosts without executors too). */
  rackForHost: (host: string) => string | undefined = () => undefined;

  /** Decides injected faults for each launched attempt. */
  taskFault: (stageId: number, partition: number, attempt: number) => TaskFault | undefined = () => undefined;

  constructor(
    readonly conf: SparkConf,
    readonly listener: TaskSchedulerListener,
  ) {}

  addExecutor(handle: ExecutorHandle): void {
    this.#executors.set(handle.spec.id, { handle, freeCores: handle.spec.cores, alive: true, stagesSent: new Set() });
    for (const tsm of this.#taskSets) tsm.recomputeLocality();
    this.reviveOffers();
  }

  get aliveExecutors(): ExecutorHandle[] {
    return [...this.#executors.values()].filter((e) => e.alive).map((e) => e.handle);
  }

  executor(id: string): ExecutorHandle | undefined {
    const e = this.#executors.get(id);
    return e?.alive ? e.handle : undefined;
  }

  get totalCores(): number {
    return this.aliveExecutors.reduce((a, e) => a + e.spec.cores, 0);
  }

  #speculationTimer: ReturnType<typeof setInterval> | null = null;

  /** Spark's speculation check, every spark.speculation.interval while task sets run. */
  #startSpeculation(): void {
    if (this.#speculationTimer || !this.conf.getBoolean('spark.speculation', false)) return;
    const interval = this.conf.getTimeMs('spark.speculation.interval', '100ms');
    const minTime = this.conf.getTimeMs('spark.speculation.minTaskRuntime', '100ms');
    const multiplier = Number(this.conf.get('spark.speculation.multiplier', '3'));
    const quantile = Number(this.conf.get('spark.speculation.quantile', '0.9'));
    this.#speculationTimer = setInterval(() => {
      this.#removeFinishedTaskSets();
      if (this.#taskSets.length === 0) {
        clearInterval(this.#speculationTimer!);
        this.#speculationTimer = null;
        return;
      }
      const now = Date.now();
      let found = false;
      for (const tsm of this.#taskSets) found = tsm.checkSpeculatableTasks(now, minTime, multiplier, quantile) || found;
      if (found) this.reviveOffers();
    }, interval);
  }

  submitTasks(taskSet: TaskSet): void {
    const tsm = new TaskSetManager(taskSet, this.conf, {
      newTaskId: () => this.#nextTaskId++,
      isExecutorAlive: (id) => this.#executors.get(id)?.alive === true,
      hasExecutorsAliveOnHost: (host) => this.aliveExecutors.some((e) => e.spec.host === host),
      rackForHost: (host) => this.rackForHost(host),
      hasHostAliveOnRack: (rack) => this.aliveExecutors.some((e) => this.rackForHost(e.spec.host) === rack),
      now: () => performance.now(),
    });
    this.#taskSets.push(tsm);
    this.#startSpeculation();
    this.reviveOffers();
  }

  /**
   * Spark's cancelTasks: kills the running attempts of a stage (their threads stop) and drops
   * its task sets (a job cancelled or aborted). The attempts end TaskKilled with Spark's reason,
   * "Stage cancelled: " and why (TaskSchedulerImpl.killAllTaskAttempts).
   */
  cancelTasks(stageId: number, reason: string): void {
    for (const tsm of this.#taskSets.filter((t) => t.taskSet.stageId === stageId)) {
      tsm.abortSilently();
      for (const info of tsm.taskInfos.values())
        if (!info.finished)
          this.#executors.get(info.executorId)?.handle.killTask(info.taskId, `Stage cancelled: ${reason}`);
    }
    this.#removeFinishedTaskSets();
  }

  /** Coalesces revive requests into one pass after the current event is handled. */
  reviveOffers(): void {
    if (this.#reviveScheduled) return;
    this.#reviveScheduled = true;
    queueMicrotask(() => {
      this.#reviveScheduled = false;
      this.#resourceOffers();
    });
  }

  #resourceOffers(): void {
    this.#removeFinishedTaskSets();
    const offers = [...this.#executors.values()].filter((e) => e.alive && e.freeCores > 0);
    if (offers.length === 0) return;
    const sorted = sortTaskSets(
      this.conf,
      this.#taskSets.map((tsm) => ({
        tsm,
        name: tsm.name,
        runningTasks: tsm.runningTasks,
        priority: tsm.taskSet.priority,
        stageId: tsm.taskSet.stageId,
        pool: tsm.taskSet.properties['spark.scheduler.pool'] ?? 'default',
      })),
    ).map((t) => t.tsm);
    for (const tsm of sorted) {
      for (const level of tsm.myLocalityLevels) {
        let launched: boolean;
        do {
          launched = false;
          for (const slot of offers) {
            if (slot.freeCores <= 0 || !slot.alive) continue;
            const launch = tsm.resourceOffer(slot.handle.spec.id, slot.handle.spec.host, level);
            if (launch) {
              launched = true;
              slot.freeCores--;
              this.#launch(tsm, slot, launch.info);
            }
          }
        } while (launched);
      }
    }
    this.#scheduleLocalityTimer();
  }

  /** Delay scheduling: wake up when a task set's locality wait expires. */
  #scheduleLocalityTimer(): void {
    if (this.#reviveTimer) clearTimeout(this.#reviveTimer);
    this.#reviveTimer = null;
    const now = performance.now();
    const hasFree = [...this.#executors.values()].some((e) => e.alive && e.freeCores > 0);
    if (!hasFree) return;
    const waits = this.#taskSets.map((t) => t.timeUntilLocalityRelaxes(now)).filter((w): w is number => w !== null);
    if (waits.length === 0) return;
    this.#reviveTimer = setTimeout(
      () => {
        this.#reviveTimer = null;
        this.reviveOffers();
      },
      Math.min(...waits) + 1,
    );
  }

  #launch(tsm: TaskSetManager, slot: ExecutorSlot, info: TaskInfo): void {
    const taskSet = tsm.taskSet;
    const spec = taskSet.tasks[info.index];
    const stageKey = taskSet.binary.stageKey;
    const needsBinary = !slot.stagesSent.has(stageKey);
    slot.stagesSent.add(stageKey);
    const desc: TaskDescription = {
      taskId: info.taskId,
      attemptNumber: info.attemptNumber,
      stageId: taskSet.stageId,
      stageAttemptId: taskSet.stageAttemptId,
      jobId: taskSet.priority,
      partitionId: spec.partitionId,
      index: info.index,
      kind: spec.kind,
      stageKey,
      binary: needsBinary ? taskSet.binary : undefined,
      payloads: spec.payloads.slice(),
      properties: taskSet.properties,
      fault: this.taskFault(taskSet.stageId, spec.partitionId, info.attemptNumber),
    };
    this.listener.taskStarted(taskSet, info);
    slot.handle.runTask(desc).then(
      (outcome) => this.#resultArrived(tsm, slot, info, outcome),
      (err: unknown) => {
        if (err instanceof ExecutorLostError) return; // handled by executorLost
        const e = err instanceof Error ? err : new Error(String(err));
        this.#statusUpdate(tsm, slot, info, {
          status: 'failed',
          failure: { reason: 'ExceptionFailure', className: e.name, description: e.message, stack: e.stack ?? '' },
          metrics: emptyMetrics(),
          accumUpdates: [],
        });
      },
    );
  }

  /**
   * Spark's TaskResultGetter: checks spark.driver.maxResultSize before accepting a result, and
   * fetches an indirect one from the block store first (posting TaskGettingResult).
   */
  #resultArrived(tsm: TaskSetManager, slot: ExecutorSlot, info: TaskInfo, outcome: TaskOutcome): void {
    if (outcome.status !== 'success' || tsm.taskSet.tasks[info.index].kind !== 'ResultTask') {
      this.#statusUpdate(tsm, slot, info, outcome);
      return;
    }
    const size = outcome.indirectResult?.size ?? outcome.result?.byteLength ?? 0;
    const abort = tsm.canFetchMoreResults(size, this.conf.getSizeBytes('spark.driver.maxResultSize', '1g', 'b'));
    if (abort) {
      this.#statusUpdate(tsm, slot, info, {
        status: 'failed',
        failure: { reason: 'TaskKilled', killReason: 'Tasks result size has exceeded maxResultSize' },
        metrics: outcome.metrics,
        accumUpdates: [],
      });
      this.listener.taskSetFailed(tsm.taskSet, abort);
      return;
    }
    const indirect = outcome.indirectResult;
    if (!indirect) {
      this.#statusUpdate(tsm, slot, info, outcome);
      return;
    }
    info.gettingResultTime = Date.now();
    this.listener.taskGettingResult(tsm.taskSet, info);
    this.fetchIndirectResult(indirect.blockKey).then(
      (result) => this.#statusUpdate(tsm, slot, info, { ...outcome, result, indirectResult: undefined }),
      (e: Error) =>
        this.#statusUpdate(tsm, slot, info, {
          status: 'failed',
          failure: { reason: 'ExceptionFailure', className: 'TaskResultLost', description: e.message, stack: '' },
          metrics: outcome.metrics,
          accumUpdates: [],
        }),
    );
  }

  #statusUpdate(tsm: TaskSetManager, slot: ExecutorSlot, info: TaskInfo, outcome: TaskOutcome): void {
    if (info.finished) return;
    if (slot.alive) slot.freeCores++;
    const taskSet = tsm.taskSet;
    if (outcome.status === 'success') {
      const first = tsm.handleSuccessfulTask(info.taskId);
      if (first) {
        this.listener.taskEnded(taskSet, info, { kind: 'success', outcome });
        // The first attempt to finish wins; the others (speculative copies) are killed.
        for (const other of tsm.otherRunningAttempts(info.taskId))
          this.#executors.get(other.executorId)?.handle.killTask(other.taskId, 'another attempt succeeded');
      } else
        this.listener.taskEnded(taskSet, info, {
          kind: 'failed',
          failure: { reason: 'TaskKilled', killReason: 'another attempt succeeded' },
        });
    } else {
      const abort = tsm.handleFailedTask(info.taskId, outcome.failure);
      this.listener.taskEnded(taskSet, info, { kind: 'failed', failure: outcome.failure, outcome });
      if (abort) this.listener.taskSetFailed(taskSet, abort);
    }
    this.reviveOffers();
  }

  /**
   * An executor is gone: running attempts there fail with ExecutorLostFailure;
   * finished map outputs it held are resubmitted.
   */
  executorLost(executorId: string, reason: string, exitCausedByApp: boolean): void {
    const slot = this.#executors.get(executorId);
    if (!slot || !slot.alive) return;
    slot.alive = false;
    slot.freeCores = 0;
    for (const tsm of [...this.#taskSets]) {
      for (const info of tsm.resubmitLostSuccesses(executorId))
        this.listener.taskEnded(tsm.taskSet, info, { kind: 'resubmitted' });
      for (const info of tsm.runningOn(executorId)) {
        const abort = tsm.handleFailedTask(info.taskId, {
          reason: 'ExecutorLostFailure',
          exitCausedByApp,
          message: reason,
        });
        this.listener.taskEnded(tsm.taskSet, info, { kind: 'executorLost', executorId, reason, exitCausedByApp });
        if (abort) this.listener.taskSetFailed(tsm.taskSet, abort);
      }
      tsm.recomputeLocality();
    }
    this.reviveOffers();
  }

  #removeFinishedTaskSets(): void {
    for (let i = this.#taskSets.length - 1; i >= 0; i--) {
      const t = this.#taskSets[i];
      if (t.isZombie && t.runningTasks === 0) this.#taskSets.splice(i, 1);
    }
  }

  get hasRunningWork(): boolean {
    return this.#taskSets.length > 0;
  }

  stop(): void {
    if (this.#speculationTimer) clearInterval(this.#speculationTimer);
    this.#speculationTimer = null;
    if (this.#reviveTimer) clearTimeout(this.#reviveTimer);
    this.#reviveTimer = null;
  }
}
