/**
 * Spark's TaskSetManager: schedules the tasks of one TaskSet — pending lists
 * per executor, host and "no preference", delay scheduling across locality
 * levels, retries up to spark.task.maxFailures, and the abort message.
 */
import type { SparkConf } from '../conf';
import { bytesToString } from '../rdd/bytes-to-string';
import type { TaskFailureWire } from '../rdd/wire';
import { LOCALITY_ORDER, TaskInfo, isLocalityAllowed, localityRank, type TaskLocality, type TaskSet } from './task-set';

export interface TaskSetManagerHost {
  newTaskId(): number;
  isExecutorAlive(executorId: string): boolean;
  hasExecutorsAliveOnHost(host: string): boolean;
  /** The rack of a host in the virtual topology. */
  rackForHost(host: string): string | undefined;
  hasHostAliveOnRack(rack: string): boolean;
  now(): number;
}

export interface TaskLaunch {
  info: TaskInfo;
  index: number;
}

export class TaskSetManager {
  readonly numTasks: number;
  readonly maxTaskFailures: number;
  readonly #successful: boolean[];
  readonly #numFailures: number[];
  readonly #copiesRunning: number[];
  readonly taskInfos = new Map<number, TaskInfo>();
  readonly #attempts: TaskInfo[][];
  tasksSuccessful = 0;
  isZombie = false;
  runningTasks = 0;

  readonly #forExecutor = new Map<string, number[]>();
  readonly #forHost = new Map<string, number[]>();
  readonly #forRack = new Map<string, number[]>();
  #noPrefs: number[] = [];
  #all: number[] = [];

  myLocalityLevels: TaskLocality[] = [];
  #localityWaits: number[] = [];
  #currentLocalityIndex = 0;
  #lastLocalityWaitResetTime: number;

  constructor(
    readonly taskSet: TaskSet,
    conf: SparkConf,
    readonly host: TaskSetManagerHost,
  ) {
    this.numTasks = taskSet.tasks.length;
    this.maxTaskFailures = conf.getInt('spark.task.maxFailures', 4);
    this.#successful = new Array(this.numTasks).fill(false);
    this.#numFailures = new Array(this.numTasks).fill(0);
    this.#copiesRunning = new Array(this.numTasks).fill(0);
    this.#attempts = Array.from({ length: this.numTasks }, () => []);
    const base = conf.getTimeMs('spark.locality.wait', '3s');
    const waitFor = (level: TaskLocality): number => {
      const key = { PROCESS_LOCAL: 'process', NODE_LOCAL: 'node', RACK_LOCAL: 'rack' }[level as string];
      return key ? conf.getTimeMs(`spark.locality.wait.${key}`, `${base}ms`) : 0;
    };
    for (let i = 0; i < this.numTasks; i++) this.#addPendingTask(i);
    this.#lastLocalityWaitResetTime = host.now();
    this.recomputeLocality(waitFor);
  }

  get name(): string {
    return `TaskSet_${this.taskSet.id}`;
  }

  /** Recomputes the locality levels this task set can use (after executors come or go). */
  recomputeLocality(waitFor?: (level: TaskLocality) => number): void {
    const levels: TaskLocality[] = [];
    if ([...this.#forExecutor.keys()].some((e) => this.host.isExecutorAlive(e))) levels.push('PROCESS_LOCAL');
    if ([...this.#forHost.keys()].some((h) => this.host.hasExecutorsAliveOnHost(h))) levels.push('NODE_LOCAL');
    if (this.#noPrefs.length > 0) levels.push('NO_PREF');
    if ([...this.#forRack.keys()].some((r) => this.host.hasHostAliveOnRack(r))) levels.push('RACK_LOCAL');
    levels.push('ANY');
    const previous = this.myLocalityLevels[this.#currentLocalityIndex];
    this.myLocalityLevels = levels;
    if (waitFor) this.#waitByLevel = waitFor;
    this.#localityWaits = levels.map((l) => this.#waitByLevel(l));
    this.#currentLocalityIndex = previous
      ? Math.max(
          0,
          levels.findIndex((l) => localityRank(l) >= localityRank(previous)),
        )
      : 0;
  }

  #waitByLevel: (level: TaskLocality) => number = () => 0;

  #addPendingTask(index: number): void {
    const locs = this.taskSet.tasks[index].preferredLocations;
    for (const loc of locs) {
      if (loc.executorId !== undefined) push(this.#forExecutor, loc.executorId, index);
      push(this.#forHost, loc.host, index);
      const rack = this.host.rackForHost(loc.host);
      if (rack !== undefined) push(this.#forRack, rack, index);
    }
    if (locs.length === 0) this.#noPrefs.push(index);
    this.#all.push(index);
  }

  get hasPendingTasks(): boolean {
    return !this.isZombie && this.#successful.some((s, i) => !s && this.#copiesRunning[i] === 0);
  }

  /**
   * Spark's getAllowedLocalityLevel: move past a level once nothing is pending
   * there, or once its wait has passed without a launch at that level.
   */
  #getAllowedLocalityLevel(now: number): TaskLocality {
    while (this.#currentLocalityIndex < this.myLocalityLevels.length - 1) {
      const level = this.myLocalityLevels[this.#currentLocalityIndex];
      const more =
        level === 'PROCESS_LOCAL'
          ? this.#anyPending(this.#forExecutor)
          : level === 'NODE_LOCAL'
            ? this.#anyPending(this.#forHost)
            : level === 'RACK_LOCAL'
              ? this.#anyPending(this.#forRack)
              : this.#noPrefs.some((i) => this.#isPending(i));
      if (!more) {
        this.#lastLocalityWaitResetTime = now;
        this.#currentLocalityIndex++;
      } else if (now - this.#lastLocalityWaitResetTime >= this.#localityWaits[this.#currentLocalityIndex]) {
        this.#lastLocalityWaitResetTime += this.#localityWaits[this.#currentLocalityIndex];
        this.#currentLocalityIndex++;
      } else {
        return level;
      }
    }
    return this.myLocalityLevels[this.#currentLocalityIndex];
  }

  /** Milliseconds until delay scheduling would allow a less local level, or null if not waiting. */
  timeUntilLocalityRelaxes(now: number): number | null {
    if (!this.hasPendingTasks || this.#currentLocalityIndex >= this.myLocalityLevels.length - 1) return null;
    return Math.max(0, this.#lastLocalityWaitResetTime + this.#localityWaits[this.#currentLocalityIndex] - now);
  }

  #isPending(index: number): boolean {
    return !this.#successful[index] && this.#copiesRunning[index] === 0;
  }

  #anyPending(lists: Map<string, number[]>): boolean {
    for (const [key, list] of lists) {
      const alive =
        lists === this.#forExecutor
          ? this.host.isExecutorAlive(key)
          : lists === this.#forHost
            ? this.host.hasExecutorsAliveOnHost(key)
            : this.host.hasHostAliveOnRack(key);
      if (alive && list.some((i) => this.#isPending(i))) return true;
    }
    return false;
  }

  #dequeue(list: number[] | undefined): number | undefined {
    if (!list) return undefined;
    for (let i = 0; i < list.length; i++) {
      const index = list[i];
      if (this.#isPending(index)) {
        list.splice(i, 1);
        return index;
      }
    }
    return undefined;
  }

  #dequeueTask(executorId: string, host: string, maxLocality: TaskLocality): [number, TaskLocality] | undefined {
    let index = this.#dequeue(this.#forExecutor.get(executorId));
    if (index !== undefined) return [index, 'PROCESS_LOCAL'];
    if (isLocalityAllowed(maxLocality, 'NODE_LOCAL')) {
      index = this.#dequeue(this.#forHost.get(host));
      if (index !== undefined) return [index, 'NODE_LOCAL'];
    }
    if (isLocalityAllowed(maxLocality, 'NO_PREF')) {
      // Tasks with no preference run "PROCESS_LOCAL" wherever they land, as in Spark.
      index = this.#dequeue(this.#noPrefs);
      if (index !== undefined) return [index, 'PROCESS_LOCAL'];
    }
    if (isLocalityAllowed(maxLocality, 'RACK_LOCAL')) {
      const rack = this.host.rackForHost(host);
      index = rack === undefined ? undefined : this.#dequeue(this.#forRack.get(rack));
      if (index !== undefined) return [index, 'RACK_LOCAL'];
    }
    if (isLocalityAllowed(maxLocality, 'ANY')) {
      index = this.#dequeue(this.#all);
      if (index !== undefined) return [index, 'ANY'];
    }
    return undefined;
  }

  /** Offers one core of `executorId` on `host`; returns the task to launch there, if any. */
  resourceOffer(executorId: string, host: string, maxLocality: TaskLocality): TaskLaunch | null {
    if (this.isZombie) return null;
    const now = this.host.now();
    let allowed = maxLocality;
    if (maxLocality !== 'NO_PREF') {
      allowed = this.#getAllowedLocalityLevel(now);
      if (localityRank(allowed) > localityRank(maxLocality)) allowed = maxLocality;
    }
    let speculative = false;
    let found = this.#dequeueTask(executorId, host, allowed);
    if (!found) {
      found = this.#dequeueSpeculativeTask(executorId, host);
      speculative = found !== undefined;
    }
    if (!found) return null;
    const [index, locality] = found;
    if (maxLocality !== 'NO_PREF') {
      this.#currentLocalityIndex = Math.max(0, this.myLocalityLevels.indexOf(locality));
      if (this.#currentLocalityIndex < 0) this.#currentLocalityIndex = 0;
      this.#lastLocalityWaitResetTime = now;
    }
    const task = this.taskSet.tasks[index];
    const info = new TaskInfo(
      this.host.newTaskId(),
      index,
      this.#attempts[index].length,
      task.partitionId,
      Date.now(),
      executorId,
      host,
      locality,
      speculative,
    );
    this.#attempts[index].push(info);
    this.taskInfos.set(info.taskId, info);
    this.#copiesRunning[index]++;
    this.runningTasks++;
    return { info, index };
  }

  isSuccessful(index: number): boolean {
    return this.#successful[index];
  }

  /** Marks a task successful; returns false if another attempt already succeeded. */
  handleSuccessfulTask(taskId: number): boolean {
    const info = this.taskInfos.get(taskId)!;
    this.#finishAttempt(info);
    if (this.#successful[info.index]) return false;
    this.#successful[info.index] = true;
    this.#successfulDurations.push(info.finishTime - info.launchTime);
    this.tasksSuccessful++;
    if (this.tasksSuccessful === this.numTasks) this.isZombie = true;
    return true;
  }

  /** Other attempts of the same task still running, to kill once one attempt succeeded. */
  otherRunningAttempts(taskId: number): TaskInfo[] {
    const info = this.taskInfos.get(taskId)!;
    return this.#attempts[info.index].filter((a) => a.taskId !== taskId && !a.finished);
  }

  #totalResultSize = 0;
  #calculatedTasks = 0;

  /**
   * Spark's canFetchMoreResults: adds a result's size to the task set's total; returns the abort
   * message once the total passes spark.driver.maxResultSize (0 means no limit).
   */
  canFetchMoreResults(size: number, maxResultSize: number): string | null {
    this.#totalResultSize += size;
    this.#calculatedTasks++;
    if (maxResultSize > 0 && this.#totalResultSize > maxResultSize) {
      this.isZombie = true;
      return (
        `Total size of serialized results of ${this.#calculatedTasks} tasks (${bytesToString(this.#totalResultSize)}) ` +
        `is bigger than spark.driver.maxResultSize (${bytesToString(maxResultSize)})`
      );
    }
    return null;
  }

  // ------------------------------------------------------------ speculation

  readonly #successfulDurations: number[] = [];
  readonly #speculatable = new Set<number>();

  /**
   * Spark's checkSpeculatableTasks: once `quantile` of the tasks have succeeded,
   * a task running longer than max(multiplier × median duration, minTimeMs)
   * gets a speculative copy. Returns true if a new copy is wanted.
   */
  checkSpeculatableTasks(nowMs: number, minTimeMs: number, multiplier: number, quantile: number): boolean {
    if (this.isZombie || this.numTasks === 0) return false;
    const minFinished = Math.max(Math.floor(quantile * this.numTasks), 1);
    if (this.tasksSuccessful < minFinished) return false;
    const sorted = [...this.#successfulDurations].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const threshold = Math.max(multiplier * median, minTimeMs);
    let found = false;
    for (const info of this.taskInfos.values()) {
      const index = info.index;
      if (
        !info.finished &&
        !this.#successful[index] &&
        this.#copiesRunning[index] === 1 &&
        nowMs - info.launchTime > threshold &&
        !this.#speculatable.has(index)
      ) {
        this.#speculatable.add(index);
        found = true;
      }
    }
    return found;
  }

  /** A speculative copy never runs on a host where an attempt of the same task runs. */
  #dequeueSpeculativeTask(executorId: string, host: string): [number, TaskLocality] | undefined {
    for (const index of this.#speculatable) {
      if (this.#successful[index] || this.#copiesRunning[index] !== 1) continue;
      if (this.#attempts[index].some((a) => !a.finished && a.host === host)) continue;
      this.#speculatable.delete(index);
      const locs = this.taskSet.tasks[index].preferredLocations;
      const level: TaskLocality =
        locs.length === 0 || locs.some((l) => l.executorId === executorId)
          ? 'PROCESS_LOCAL'
          : locs.some((l) => l.host === host)
            ? 'NODE_LOCAL'
            : 'ANY';
      return [index, level];
    }
    return undefined;
  }

  /**
   * Records a failed attempt. Returns the abort message when the task has now
   * failed spark.task.maxFailures times, else null (it will be retried).
   */
  handleFailedTask(
    taskId: number,
    failure: TaskFailureWire | { reason: 'ExecutorLostFailure'; exitCausedByApp: boolean; message: string },
  ): string | null {
    const info = this.taskInfos.get(taskId)!;
    this.#finishAttempt(info);
    if (failure.reason === 'TaskKilled') info.killed = true;
    else info.failed = true;
    const index = info.index;
    if (failure.reason === 'FetchFailed') {
      // The DAG scheduler resubmits the map stage; this task set is done.
      if (!this.#successful[index]) {
        this.#successful[index] = true;
        this.tasksSuccessful++;
      }
      this.isZombie = true;
      return null;
    }
    if (this.#successful[index]) return null;
    const countsTowardFailures =
      failure.reason === 'ExceptionFailure' || (failure.reason === 'ExecutorLostFailure' && failure.exitCausedByApp);
    if (countsTowardFailures) {
      this.#numFailures[index]++;
      if (this.#numFailures[index] >= this.maxTaskFailures) {
        const error =
          failure.reason === 'ExceptionFailure'
            ? `${failure.className}: ${failure.description}${failure.stack ? '\n' + stackBody(failure.stack) : ''}`
            : `ExecutorLostFailure (executor ${info.executorId} exited caused by one of the running tasks) Reason: ${failure.message}`;
        const lost = `Lost task ${info.id} in stage ${this.taskSet.id} (TID ${info.taskId}) (${info.host} executor ${info.executorId}): ${error}`;
        this.isZombie = true;
        return `Task ${index} in stage ${this.taskSet.id} failed ${this.maxTaskFailures} times, most recent failure: ${lost}\nDriver stacktrace:`;
      }
    }
    if (!this.isZombie) this.#addPendingTask(index);
    return null;
  }

  /** Running attempts on `executorId` (to fail when it is lost). */
  runningOn(executorId: string): TaskInfo[] {
    return [...this.taskInfos.values()].filter((t) => !t.finished && t.executorId === executorId);
  }

  /** Successful map outputs that lived on a lost executor: mark them to run again (Spark's Resubmitted). */
  resubmitLostSuccesses(executorId: string): TaskInfo[] {
    if (this.taskSet.tasks[0]?.kind !== 'ShuffleMapTask') return [];
    const lost: TaskInfo[] = [];
    for (const info of this.taskInfos.values()) {
      if (
        info.executorId === executorId &&
        info.finished &&
        !info.failed &&
        !info.killed &&
        this.#successful[info.index]
      ) {
        this.#successful[info.index] = false;
        this.tasksSuccessful--;
        this.#addPendingTask(info.index);
        lost.push(info);
      }
    }
    if (lost.length > 0 && this.isZombie && this.tasksSuccessful < this.numTasks) this.isZombie = false;
    return lost;
  }

  runningTaskIds(): number[] {
    return [...this.taskInfos.values()].filter((t) => !t.finished).map((t) => t.taskId);
  }

  #finishAttempt(info: TaskInfo): void {
    if (info.finished) return;
    info.finishTime = Math.max(Date.now(), info.launchTime);
    this.#copiesRunning[info.index]--;
    this.runningTasks--;
  }

  abortSilently(): void {
    this.isZombie = true;
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function stackBody(stack: string): string {
  return stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .map((l) => `\t${l.trim()}`)
    .join('\n');
}

export { LOCALITY_ORDER };
