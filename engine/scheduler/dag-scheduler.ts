/**
 * Spark's DAGScheduler: turns each job into stages cut at shuffle
 * dependencies, submits stages whose parents are available, tracks task
 * completions and map outputs, skips stages whose output already exists, and
 * fails jobs with Spark's messages. Events are handled one at a time, in
 * order, like Spark's single event-loop thread.
 */
import type { SparkConf } from '../conf';
import { decodeValue, encodeValue } from '../codec/codec';
import { ShuffleDependency, NarrowDependency } from '../rdd/dependency';
import { ShuffledRDD, aggregatorWire, type RDD, type ResultFunc, type WireSerializer } from '../rdd/rdd';
import type { CallSite } from '../rdd/call-site';
import type {
  AccumulatorUpdate,
  BlockUpdate,
  DependencyWire,
  RDDWire,
  ResultFuncWire,
  TaskBinary,
  TaskPartitionData,
} from '../rdd/wire';
import { ActiveJob, SparkException } from './job';
import { MapOutputTracker } from './map-output-tracker';
import { ResultStage, ShuffleMapStage, Stage, type StageInfo } from './stage';
import { TaskSet, type TaskInfo, type TaskLocation, type TaskSpec } from './task-set';
import type { TaskEndOutcome, TaskScheduler, TaskSchedulerListener } from './task-scheduler';
import { rddInfoJson, stageRdds, taskEndReasonJson, taskMetricsJson, type CacheStatus, type Json } from './events-json';
import { emptyMetrics } from '../rdd/wire';

export interface DAGSchedulerDeps {
  conf: SparkConf;
  post(event: Json): void;
  tracker: MapOutputTracker;
  /** Executors holding a cached block of this RDD partition. */
  cacheLocations(rdd: RDD, partition: number): TaskLocation[];
  cacheStatus(rdd: RDD): CacheStatus | null;
  /** A serializer for one task binary; records the broadcasts it references. */
  newSerializer(): { ser: WireSerializer; broadcastIds: Set<number> };
  applyAccumulatorUpdates(info: TaskInfo, stageInfo: StageInfo, updates: AccumulatorUpdate[]): void;
  registerBlocks(executorId: string, host: string, updates: BlockUpdate[]): void;
  isExecutorAlive(executorId: string): boolean;
  /** The rows a task saw in its partitions, when executors capture them (kindling.partitionData.rows). */
  partitionDataCaptured?(data: TaskPartitionData): void;
}

/** Spark's MapOutputStatistics, with each map's sizes as the MapOutputTracker keeps them. */
export interface MapOutputStatistics {
  shuffleId: number;
  /** Bytes written for each reduce partition, over all maps. */
  bytesByPartitionId: number[];
  /** Bytes each map wrote for each reduce partition: `sizesByMap[map][reducer]`. */
  sizesByMap: number[][];
}

export class DAGScheduler implements TaskSchedulerListener {
  #nextJobId = 0;
  #nextStageId = 0;
  readonly stageIdToStage = new Map<number, Stage>();
  readonly shuffleIdToMapStage = new Map<number, ShuffleMapStage>();
  readonly jobIdToActiveJob = new Map<number, ActiveJob>();
  readonly jobIdToStageIds = new Map<number, Set<number>>();
  readonly waitingStages = new Set<Stage>();
  readonly runningStages = new Set<Stage>();
  readonly failedStages = new Set<Stage>();
  readonly #queue: (() => void)[] = [];
  #processing = false;
  #resubmitTimer: ReturnType<typeof setTimeout> | null = null;
  taskScheduler!: TaskScheduler;

  constructor(readonly deps: DAGSchedulerDeps) {}

  get activeJobCount(): number {
    return this.jobIdToActiveJob.size;
  }

  /** Submits a job and resolves with one result per requested partition, in order. */
  runJob(
    rdd: RDD,
    func: ResultFunc,
    partitions: number[],
    callSite: CallSite,
    properties: Record<string, string>,
  ): Promise<unknown[]> {
    const jobId = this.#nextJobId++;
    return new Promise((resolve, reject) => {
      this.#post(() => this.#handleJobSubmitted(jobId, rdd, func, partitions, callSite, properties, resolve, reject));
    });
  }

  /**
   * Spark's `submitMapStage`: a job that computes one shuffle's map outputs
   * (running its parent stages first) and no result stage, as adaptive query
   * execution materialises each query stage. Resolves with the bytes written
   * for each reduce partition (Spark's MapOutputStatistics).
   */
  submitMapStage(
    dep: ShuffleDependency,
    callSite: CallSite,
    properties: Record<string, string>,
  ): Promise<MapOutputStatistics> {
    const jobId = this.#nextJobId++;
    return new Promise((resolve, reject) => {
      this.#post(() =>
        this.#handleMapStageSubmitted(jobId, dep, callSite, properties, (r) => resolve(r[0] as never), reject),
      );
    });
  }

  cancelAllJobs(): void {
    this.#post(() => {
      for (const job of [...this.jobIdToActiveJob.values()])
        this.#failJobAndIndependentStages(job, `Job ${job.jobId} cancelled as part of cancellation of all jobs`);
    });
  }

  /** DAGScheduler.handleJobGroupCancelled: every active job whose `spark.jobGroup.id` is `groupId`. */
  cancelJobGroup(groupId: string): void {
    this.#post(() => {
      for (const job of [...this.jobIdToActiveJob.values()])
        if (job.properties['spark.jobGroup.id'] === groupId)
          this.#failJobAndIndependentStages(job, `Job ${job.jobId} cancelled part of cancelled job group ${groupId}`);
    });
  }

  // ------------------------------------------------------------ TaskSchedulerListener

  taskStarted(taskSet: TaskSet, info: TaskInfo): void {
    this.#post(() =>
      this.deps.post({
        Event: 'SparkListenerTaskStart',
        'Stage ID': taskSet.stageId,
        'Stage Attempt ID': taskSet.stageAttemptId,
        'Task Info': taskInfoJson(info),
      }),
    );
  }

  taskGettingResult(_taskSet: TaskSet, info: TaskInfo): void {
    this.#post(() => this.deps.post({ Event: 'SparkListenerTaskGettingResult', 'Task Info': taskInfoJson(info) }));
  }

  taskEnded(taskSet: TaskSet, info: TaskInfo, outcome: TaskEndOutcome): void {
    this.#post(() => this.#handleTaskCompletion(taskSet, info, outcome));
  }

  taskSetFailed(taskSet: TaskSet, message: string): void {
    this.#post(() => {
      const stage = this.stageIdToStage.get(taskSet.stageId);
      if (stage) this.#abortStage(stage, message);
    });
  }

  executorLost(executorId: string): void {
    this.#post(() => {
      this.deps.tracker.removeOutputsOnExecutor(executorId);
    });
  }

  // ------------------------------------------------------------ event loop

  #post(handler: () => void): void {
    this.#queue.push(handler);
    if (this.#processing) return;
    this.#processing = true;
    try {
      while (this.#queue.length > 0) {
        const next = this.#queue.shift()!;
        try {
          next();
        } catch (e) {
          console.error('DAGScheduler: error while handling an event', e);
        }
      }
    } finally {
      this.#processing = false;
    }
  }

  // ------------------------------------------------------------ jobs and stages

  #handleJobSubmitted(
    jobId: number,
    rdd: RDD,
    func: ResultFunc,
    partitions: number[],
    callSite: CallSite,
    properties: Record<string, string>,
    resolve: (r: unknown[]) => void,
    reject: (e: Error) => void,
  ): void {
    if (partitions.length === 0) {
      const time = Date.now();
      this.deps.post({
        Event: 'SparkListenerJobStart',
        'Job ID': jobId,
        'Submission Time': time,
        'Stage Infos': [],
        'Stage IDs': [],
        Properties: properties,
      });
      this.deps.post({
        Event: 'SparkListenerJobEnd',
        'Job ID': jobId,
        'Completion Time': time,
        'Job Result': { Result: 'JobSucceeded' },
      });
      resolve([]);
      return;
    }
    let finalStage: ResultStage;
    try {
      finalStage = this.#createResultStage(rdd, func, partitions, jobId, callSite);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    const job = new ActiveJob(jobId, finalStage, callSite, properties, resolve, reject);
    finalStage.activeJob = job;
    this.jobIdToActiveJob.set(jobId, job);
    this.#postJobStart(jobId, rdd, callSite, properties);
    this.#submitStage(finalStage);
  }

  /** SparkListenerJobStart with every stage of the job (run or to be skipped) and the action's scope. */
  #postJobStart(jobId: number, rdd: RDD, callSite: CallSite, properties: Record<string, string>): void {
    const stageIds = [...(this.jobIdToStageIds.get(jobId) ?? [])].sort((a, b) => a - b);
    this.deps.post({
      Event: 'SparkListenerJobStart',
      'Job ID': jobId,
      'Submission Time': Date.now(),
      'Stage Infos': stageIds.map((id) => this.#stageInfoJson(this.stageIdToStage.get(id)!.latestInfo)),
      'Stage IDs': stageIds,
      Properties: {
        ...properties,
        'spark.rdd.scope': JSON.stringify({ id: String(rdd.scope.id), name: callSite.method }),
      },
    });
  }

  #handleMapStageSubmitted(
    jobId: number,
    dep: ShuffleDependency,
    callSite: CallSite,
    properties: Record<string, string>,
    resolve: (r: unknown[]) => void,
    reject: (e: Error) => void,
  ): void {
    let stage: ShuffleMapStage;
    try {
      stage = this.#getOrCreateShuffleMapStage(dep, jobId);
      this.#updateJobIdStageIdMaps(jobId, stage);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    const job = new ActiveJob(jobId, stage, callSite, properties, resolve, reject);
    this.jobIdToActiveJob.set(jobId, job);
    this.#postJobStart(jobId, dep.rdd, callSite, properties);
    this.#submitStage(stage);
    // Outputs that already exist (an exchange reused by a later query) end the job at once, as in Spark.
    if (stage.isAvailable) this.#markMapStageJobsAsFinished(stage);
  }

  /** Ends every map-stage job waiting for `stage` (Spark's markMapStageJobAsFinished). */
  #markMapStageJobsAsFinished(stage: ShuffleMapStage): void {
    for (const job of [...this.jobIdToActiveJob.values()]) {
      if (job.finalStage !== stage || !job.isMapStageJob) continue;
      const shuffleId = stage.shuffleDep.shuffleId;
      const statuses = this.deps.tracker.getStatuses(shuffleId);
      const n = stage.shuffleDep.partitioner.numPartitions;
      const bytesByPartitionId = new Array<number>(n).fill(0);
      for (const s of statuses) if (s) s.sizes.forEach((b, i) => (bytesByPartitionId[i] += b));
      this.#cleanupStateForJobAndIndependentStages(job);
      this.deps.post({
        Event: 'SparkListenerJobEnd',
        'Job ID': job.jobId,
        'Completion Time': Date.now(),
        'Job Result': { Result: 'JobSucceeded' },
      });
      // Each map's block sizes too: adaptive execution splits a skewed reducer by maps (getMapSizesForReduceId).
      const sizesByMap = statuses.map((s) => (s ? [...s.sizes] : new Array<number>(n).fill(0)));
      job.resolve([{ shuffleId, bytesByPartitionId, sizesByMap } satisfies MapOutputStatistics]);
    }
  }

  #createResultStage(rdd: RDD, func: ResultFunc, partitions: number[], jobId: number, callSite: CallSite): ResultStage {
    const parents = this.#getOrCreateParentStages(rdd, jobId);
    const id = this.#nextStageId++;
    const stage = new ResultStage(id, rdd, func, partitions, parents, jobId, callSite);
    this.stageIdToStage.set(id, stage);
    this.#updateJobIdStageIdMaps(jobId, stage);
    return stage;
  }

  /** The shuffle dependencies reachable from `rdd` through narrow dependencies. */
  #shuffleDependencies(rdd: RDD): ShuffleDependency[] {
    const parents: ShuffleDependency[] = [];
    const visited = new Set<number>();
    const waiting: RDD[] = [rdd];
    while (waiting.length > 0) {
      const r = waiting.shift()!;
      if (visited.has(r.id())) continue;
      visited.add(r.id());
      for (const d of r.dependencies) {
        if (d instanceof ShuffleDependency) {
          if (!parents.includes(d)) parents.push(d);
        } else waiting.push(d.rdd);
      }
    }
    return parents;
  }

  #getOrCreateParentStages(rdd: RDD, firstJobId: number): Stage[] {
    return this.#shuffleDependencies(rdd).map((d) => this.#getOrCreateShuffleMapStage(d, firstJobId));
  }

  #getOrCreateShuffleMapStage(dep: ShuffleDependency, firstJobId: number): ShuffleMapStage {
    const existing = this.shuffleIdToMapStage.get(dep.shuffleId);
    if (existing) return existing;
    const rdd = dep.rdd;
    const parents = this.#getOrCreateParentStages(rdd, firstJobId);
    const id = this.#nextStageId++;
    const numTasks = rdd.getNumPartitions();
    const stage = new ShuffleMapStage(id, rdd, numTasks, parents, firstJobId, rdd.creationSite, dep, this.deps.tracker);
    this.stageIdToStage.set(id, stage);
    this.shuffleIdToMapStage.set(dep.shuffleId, stage);
    this.#updateJobIdStageIdMaps(firstJobId, stage);
    this.deps.tracker.registerShuffle(dep.shuffleId, numTasks);
    return stage;
  }

  #updateJobIdStageIdMaps(jobId: number, stage: Stage): void {
    const pending = [stage];
    while (pending.length > 0) {
      const s = pending.pop()!;
      s.jobIds.add(jobId);
      let ids = this.jobIdToStageIds.get(jobId);
      if (!ids) this.jobIdToStageIds.set(jobId, (ids = new Set()));
      ids.add(s.id);
      for (const p of s.parents) if (!p.jobIds.has(jobId)) pending.push(p);
    }
  }

  #activeJobForStage(stage: Stage): number | undefined {
    return [...stage.jobIds].filter((id) => this.jobIdToActiveJob.has(id)).sort((a, b) => a - b)[0];
  }

  #submitStage(stage: Stage): void {
    const jobId = this.#activeJobForStage(stage);
    if (jobId === undefined) {
      this.#abortStage(stage, `No active job for stage ${stage.id}`);
      return;
    }
    if (this.waitingStages.has(stage) || this.runningStages.has(stage) || this.failedStages.has(stage)) return;
    const missing = this.#getMissingParentStages(stage).sort((a, b) => a.id - b.id);
    if (missing.length === 0) this.#submitMissingTasks(stage, jobId);
    else {
      for (const parent of missing) this.#submitStage(parent);
      this.waitingStages.add(stage);
    }
  }

  #getMissingParentStages(stage: Stage): Stage[] {
    const missing = new Set<Stage>();
    const visited = new Set<number>();
    const waiting: RDD[] = [stage.rdd];
    while (waiting.length > 0) {
      const rdd = waiting.pop()!;
      if (visited.has(rdd.id())) continue;
      visited.add(rdd.id());
      // A fully cached RDD needs nothing upstream: the walk stops here.
      if (this.#isFullyCached(rdd)) continue;
      for (const dep of rdd.dependencies) {
        if (dep instanceof ShuffleDependency) {
          const mapStage = this.#getOrCreateShuffleMapStage(dep, stage.firstJobId);
          if (!mapStage.isAvailable) missing.add(mapStage);
        } else waiting.push(dep.rdd);
      }
    }
    return [...missing];
  }

  #isFullyCached(rdd: RDD): boolean {
    if (!rdd.getStorageLevel().isValid) return false;
    for (let p = 0; p < rdd.getNumPartitions(); p++) if (this.deps.cacheLocations(rdd, p).length === 0) return false;
    return true;
  }

  #submitMissingTasks(stage: Stage, jobId: number): void {
    const partitionsToCompute = stage.findMissingPartitions();
    const job = this.jobIdToActiveJob.get(jobId)!;
    this.runningStages.add(stage);
    stage.makeNewStageAttempt(partitionsToCompute.length);
    if (partitionsToCompute.length > 0) stage.latestInfo.submissionTime = Date.now();
    this.deps.post({
      Event: 'SparkListenerStageSubmitted',
      'Stage Info': this.#stageInfoJson(stage.latestInfo),
      Properties: job.properties,
    });
    let binary: TaskBinary;
    let tasks: TaskSpec[];
    try {
      binary = this.#serializeStage(stage);
      tasks = partitionsToCompute.map((id, index) => {
        const partitionId = stage instanceof ResultStage ? stage.partitions[id] : id;
        return {
          index,
          partitionId,
          kind: stage instanceof ShuffleMapStage ? 'ShuffleMapTask' : 'ResultTask',
          outputId: id,
          preferredLocations: this.#getPreferredLocs(stage.rdd, partitionId, new Set()),
          payloads: encodeValue(collectPayloads(stage.rdd, partitionId)),
        } satisfies TaskSpec;
      });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const reason = /^Task not serializable/.test(err.message) ? err.message : `Task not serializable: ${err.message}`;
      this.#abortStage(stage, reason, err);
      this.runningStages.delete(stage);
      return;
    }
    if (tasks.length > 0) {
      if (stage instanceof ShuffleMapStage) {
        stage.pendingPartitions.clear();
        for (const t of tasks) stage.pendingPartitions.add(t.partitionId);
      }
      this.taskScheduler.submitTasks(
        new TaskSet(tasks, stage.id, stage.latestInfo.attemptNumber, jobId, job.properties, binary),
      );
    } else {
      this.#markStageAsFinished(stage);
      this.#submitWaitingChildStages(stage);
    }
  }

  #serializeStage(stage: Stage): TaskBinary {
    const { ser, broadcastIds } = this.deps.newSerializer();
    const rdds: RDDWire[] = stageRdds(stage.rdd).map((rdd) => ({
      ...rdd.kindWire(ser),
      id: rdd.id(),
      name: rdd.name() ?? rdd.typeName,
      numPartitions: rdd.getNumPartitions(),
      storageLevel: rdd.getStorageLevel().isValid ? rdd.getStorageLevel().toJSON() : null,
      deps: rdd.dependencies.map((d) => dependencyWire(d, ser)),
    }));
    const stageKey = `${stage.id}.${stage.latestInfo.attemptNumber}`;
    const binary: TaskBinary = { stageKey, rootRdd: stage.rdd.id(), rdds, broadcastIds: [] };
    if (stage instanceof ShuffleMapStage)
      binary.shuffleDep = dependencyWire(stage.shuffleDep, ser) as TaskBinary['shuffleDep'];
    else if (stage instanceof ResultStage) binary.resultFunc = resultFuncWire(stage.func, ser, stage.callSite);
    binary.broadcastIds = [...broadcastIds];
    return binary;
  }

  #getPreferredLocs(rdd: RDD, partition: number, visited: Set<string>): TaskLocation[] {
    const key = `${rdd.id()}:${partition}`;
    if (visited.has(key)) return [];
    visited.add(key);
    const cached = this.deps.cacheLocations(rdd, partition);
    if (cached.length > 0) return cached;
    const hosts = rdd.preferredLocations(partition);
    if (hosts.length > 0) return hosts.map((host) => ({ host }));
    const blocks = rdd.shuffleBlocksRead(partition);
    if (blocks?.maps) {
      const statuses = this.deps.tracker.getStatuses(blocks.shuffleId).slice(...blocks.maps);
      const mapHosts = [...new Set(statuses.flatMap((s) => (s ? [s.host] : [])))];
      if (mapHosts.length > 0) return mapHosts.map((host) => ({ host }));
    } else if (blocks?.reducers && this.deps.conf.getBoolean('spark.shuffle.reduceLocality.enabled', true)) {
      const reducerHosts = blocks.reducers.flatMap((r) =>
        this.deps.tracker.preferredHostsForReducer(blocks.shuffleId, r, blocks.numReducers),
      );
      if (reducerHosts.length > 0) return [...new Set(reducerHosts)].map((host) => ({ host }));
    }
    if (
      rdd instanceof ShuffledRDD &&
      !rdd.sameKeyPartitioning &&
      this.deps.conf.getBoolean('spark.shuffle.reduceLocality.enabled', true)
    ) {
      const dep = rdd.dependencies[0] as ShuffleDependency;
      const prefs = this.deps.tracker.preferredHostsForReducer(dep.shuffleId, partition, rdd.getNumPartitions());
      if (prefs.length > 0) return prefs.map((host) => ({ host }));
    }
    for (const dep of rdd.dependencies) {
      if (dep instanceof NarrowDependency)
        for (const p of dep.getParents(partition)) {
          const locs = this.#getPreferredLocs(dep.rdd, p, visited);
          if (locs.length > 0) return locs;
        }
    }
    return [];
  }

  #markStageAsFinished(stage: Stage, errorMessage?: string): void {
    const info = stage.latestInfo;
    info.completionTime = Date.now();
    if (errorMessage) info.failureReason = errorMessage;
    this.deps.post({ Event: 'SparkListenerStageCompleted', 'Stage Info': this.#stageInfoJson(info) });
    this.runningStages.delete(stage);
  }

  #submitWaitingChildStages(parent: Stage): void {
    const children = [...this.waitingStages]
      .filter((s) => s.parents.includes(parent))
      .sort((a, b) => a.firstJobId - b.firstJobId);
    for (const child of children) {
      this.waitingStages.delete(child);
      this.#submitStage(child);
    }
  }

  // ------------------------------------------------------------ task completion

  #handleTaskCompletion(taskSet: TaskSet, info: TaskInfo, end: TaskEndOutcome): void {
    const stage = this.stageIdToStage.get(taskSet.stageId);
    const task = taskSet.tasks[info.index];
    if (end.kind === 'success' && stage) {
      this.deps.applyAccumulatorUpdates(info, stage.latestInfo, end.outcome.accumUpdates);
      this.deps.registerBlocks(info.executorId, info.host, end.outcome.blockUpdates);
    }
    this.#postTaskEnd(taskSet, info, end);
    const captured = end.kind === 'success' || end.kind === 'failed' ? end.outcome?.partitionData : undefined;
    if (captured && this.deps.partitionDataCaptured)
      this.deps.partitionDataCaptured({
        taskId: info.taskId,
        stageId: taskSet.stageId,
        stageAttemptId: taskSet.stageAttemptId,
        partitionId: task.partitionId,
        attemptNumber: info.attemptNumber,
        executorId: info.executorId,
        successful: end.kind === 'success',
        partitions: captured,
      });
    if (!stage) return;

    if (end.kind === 'success') {
      if (stage instanceof ResultStage) {
        const job = stage.activeJob;
        if (!job || job.finished[task.outputId]) return;
        job.results[task.outputId] = end.outcome.result ? decodeValue(end.outcome.result) : undefined;
        job.finished[task.outputId] = true;
        job.numFinished++;
        if (job.numFinished === job.numPartitions) {
          this.#markStageAsFinished(stage);
          this.#cleanupStateForJobAndIndependentStages(job);
          this.deps.post({
            Event: 'SparkListenerJobEnd',
            'Job ID': job.jobId,
            'Completion Time': Date.now(),
            'Job Result': { Result: 'JobSucceeded' },
          });
          job.resolve(job.results);
        }
      } else if (stage instanceof ShuffleMapStage) {
        const status = end.outcome.mapStatus!;
        stage.pendingPartitions.delete(task.partitionId);
        // Output written by an executor lost since then is already gone: don't register it.
        if (this.deps.isExecutorAlive(status.executorId))
          this.deps.tracker.registerMapOutput(stage.shuffleDep.shuffleId, task.partitionId, status);
        if (
          this.runningStages.has(stage) &&
          stage.pendingPartitions.size === 0 &&
          taskSet.stageAttemptId === stage.latestInfo.attemptNumber
        ) {
          this.#markStageAsFinished(stage);
          if (!stage.isAvailable) this.#submitStage(stage);
          else {
            this.#markMapStageJobsAsFinished(stage);
            this.#submitWaitingChildStages(stage);
          }
        }
      }
      return;
    }
    if (end.kind === 'resubmitted') {
      if (stage instanceof ShuffleMapStage) stage.pendingPartitions.add(task.partitionId);
      return;
    }
    if (end.kind === 'failed' && end.failure.reason === 'FetchFailed') {
      this.#handleFetchFailure(stage, taskSet, end.failure);
    }
  }

  #handleFetchFailure(
    failedStage: Stage,
    taskSet: TaskSet,
    f: Extract<import('../rdd/wire').TaskFailureWire, { reason: 'FetchFailed' }>,
  ): void {
    const mapStage = this.shuffleIdToMapStage.get(f.shuffleId);
    if (failedStage.latestInfo.attemptNumber !== taskSet.stageAttemptId) return;
    const reason =
      `FetchFailed(${f.executorId ? `BlockManagerId(${f.executorId}, ${f.host}, 7337)` : 'null'}, shuffleId=${f.shuffleId}, ` +
      `mapIndex=${f.mapIndex}, mapId=${f.mapId}, reduceId=${f.reduceId}, message=\n${f.message}\n)`;
    if (this.runningStages.has(failedStage)) {
      // Its other running tasks finish as a zombie attempt, as in Spark; their results still count.
      failedStage.failedAttemptIds.add(taskSet.stageAttemptId);
      this.#markStageAsFinished(failedStage, reason);
    }
    const maxAttempts = this.deps.conf.getInt('spark.stage.maxConsecutiveAttempts', 4);
    if (failedStage.failedAttemptIds.size >= maxAttempts) {
      this.#abortStage(
        failedStage,
        `${failedStage.description} (${failedStage.name}) has failed the maximum allowable number of times: ${maxAttempts}. Most recent failure reason:\n${reason}`,
      );
      return;
    }
    this.failedStages.add(failedStage);
    if (mapStage) this.failedStages.add(mapStage);
    if (f.mapIndex >= 0) this.deps.tracker.unregisterMapOutput(f.shuffleId, f.mapIndex);
    // Without an external shuffle service, a fetch failure means the executor's files are gone.
    if (f.executorId) this.deps.tracker.removeOutputsOnExecutor(f.executorId);
    if (!this.#resubmitTimer)
      this.#resubmitTimer = setTimeout(() => {
        this.#resubmitTimer = null;
        this.#post(() => this.#resubmitFailedStages());
      }, 200);
  }

  #resubmitFailedStages(): void {
    const failed = [...this.failedStages].sort((a, b) => a.firstJobId - b.firstJobId);
    this.failedStages.clear();
    for (const stage of failed) this.#submitStage(stage);
  }

  #postTaskEnd(taskSet: TaskSet, info: TaskInfo, end: TaskEndOutcome): void {
    const task = taskSet.tasks[info.index];
    let reason: Json;
    let metrics = emptyMetrics();
    if (end.kind === 'success') {
      reason = taskEndReasonJson(null);
      metrics = end.outcome.metrics;
    } else if (end.kind === 'resubmitted') reason = { Reason: 'Resubmitted' };
    else if (end.kind === 'executorLost')
      reason = taskEndReasonJson(null, { executorId: end.executorId, reason: end.reason });
    else {
      reason = taskEndReasonJson(end.failure);
      if (end.outcome) metrics = end.outcome.metrics;
    }
    const taskMetrics = taskMetricsJson(metrics);
    if (end.kind === 'success' && end.outcome.blockUpdates.length > 0)
      taskMetrics['Updated Blocks'] = end.outcome.blockUpdates.map((b) => ({
        'Block ID': b.blockId,
        Status: {
          'Storage Level': {
            'Use Disk': b.storageLevel.useDisk,
            'Use Memory': b.storageLevel.useMemory,
            'Use Off Heap': false,
            Deserialized: b.storageLevel.deserialized,
            Replication: b.storageLevel.replication,
          },
          'Memory Size': b.memSize,
          'Disk Size': b.diskSize,
        },
      }));
    this.deps.post({
      Event: 'SparkListenerTaskEnd',
      'Stage ID': taskSet.stageId,
      'Stage Attempt ID': taskSet.stageAttemptId,
      'Task Type': task.kind,
      'Task End Reason': reason,
      'Task Info': taskInfoJson(info),
      'Task Executor Metrics': {},
      'Task Metrics': taskMetrics,
    });
  }

  // ------------------------------------------------------------ failure

  #abortStage(failedStage: Stage, reason: string, cause?: Error): void {
    if (!this.stageIdToStage.has(failedStage.id)) return;
    const dependentJobs = [...this.jobIdToActiveJob.values()].filter((job) =>
      stageDependsOn(job.finalStage, failedStage),
    );
    failedStage.latestInfo.completionTime = Date.now();
    for (const job of dependentJobs)
      this.#failJobAndIndependentStages(job, `Job aborted due to stage failure: ${reason}`, cause);
  }

  #failJobAndIndependentStages(job: ActiveJob, message: string, cause?: Error): void {
    const stageIds = this.jobIdToStageIds.get(job.jobId) ?? new Set<number>();
    for (const id of stageIds) {
      const stage = this.stageIdToStage.get(id);
      if (!stage) continue;
      const otherJobs = [...stage.jobIds].filter((j) => j !== job.jobId && this.jobIdToActiveJob.has(j));
      if (otherJobs.length === 0 && this.runningStages.has(stage)) {
        this.taskScheduler.cancelTasks(stage.id, message);
        this.#markStageAsFinished(stage, message);
      }
    }
    this.#cleanupStateForJobAndIndependentStages(job);
    const error = new SparkException(message, cause ? { cause } : undefined);
    this.deps.post({
      Event: 'SparkListenerJobEnd',
      'Job ID': job.jobId,
      'Completion Time': Date.now(),
      'Job Result': { Result: 'JobFailed', Exception: { Message: message, 'Stack Trace': [] } },
    });
    job.reject(error);
  }

  #cleanupStateForJobAndIndependentStages(job: ActiveJob): void {
    const ids = this.jobIdToStageIds.get(job.jobId) ?? new Set<number>();
    for (const id of ids) {
      const stage = this.stageIdToStage.get(id);
      if (!stage) continue;
      stage.jobIds.delete(job.jobId);
      if (stage.jobIds.size === 0) {
        this.runningStages.delete(stage);
        this.waitingStages.delete(stage);
        this.failedStages.delete(stage);
        if (stage instanceof ShuffleMapStage && this.shuffleIdToMapStage.get(stage.shuffleDep.shuffleId) === stage)
          this.shuffleIdToMapStage.delete(stage.shuffleDep.shuffleId);
        this.stageIdToStage.delete(id);
      }
    }
    this.jobIdToStageIds.delete(job.jobId);
    this.jobIdToActiveJob.delete(job.jobId);
    if (job.finalStage instanceof ResultStage) job.finalStage.activeJob = null;
  }

  // ------------------------------------------------------------ JSON

  #stageInfoJson(info: StageInfo): Json {
    const stage = info.stage;
    const json: Json = {
      'Stage ID': stage.id,
      'Stage Attempt ID': info.attemptNumber,
      'Stage Name': stage.name,
      'Number of Tasks': info.numTasks,
      'RDD Info': stageRdds(stage.rdd).map((r) => rddInfoJson(r, this.deps.cacheStatus(r))),
      'Parent IDs': stage.parents.map((p) => p.id),
      Details: stage.callSite.longForm,
    };
    if (info.submissionTime !== undefined) json['Submission Time'] = info.submissionTime;
    if (info.completionTime !== undefined) json['Completion Time'] = info.completionTime;
    if (info.failureReason !== undefined) json['Failure Reason'] = info.failureReason;
    json.Accumulables = [...info.accumulables.entries()].map(([id, a]) => ({
      ID: id,
      Name: a.name,
      Value: a.value,
      Internal: false,
      'Count Failed Values': false,
    }));
    json['Resource Profile Id'] = 0;
    json['Shuffle Push Enabled'] = false;
    json['Shuffle Push Mergers Count'] = 0;
    return json;
  }

  stop(): void {
    if (this.#resubmitTimer) clearTimeout(this.#resubmitTimer);
  }
}

function stageDependsOn(stage: Stage, target: Stage): boolean {
  if (stage === target) return true;
  return stage.parents.some((p) => stageDependsOn(p, target));
}

export function taskInfoJson(info: TaskInfo): Json {
  return {
    'Task ID': info.taskId,
    Index: info.index,
    Attempt: info.attemptNumber,
    'Partition ID': info.partitionId,
    'Launch Time': info.launchTime,
    'Executor ID': info.executorId,
    Host: info.host,
    Locality: info.taskLocality,
    Speculative: info.speculative,
    'Getting Result Time': info.gettingResultTime,
    'Finish Time': info.finishTime,
    Failed: info.failed,
    Killed: info.killed,
    Accumulables: info.accumulables.map((a) => ({
      ID: a.id,
      Name: a.name,
      Update: a.update,
      Value: a.value,
      Internal: false,
      'Count Failed Values': false,
    })),
  };
}

/** Per-task data for every RDD of the stage that this task's partition reads. */
function collectPayloads(rdd: RDD, partition: number): Record<number, Record<number, unknown>> {
  const out: Record<number, Record<number, unknown>> = {};
  const visit = (r: RDD, p: number) => {
    const payload = r.partitionPayload(p);
    if (payload !== undefined) (out[r.id()] ??= {})[p] = payload;
    for (const d of r.dependencies)
      if (d instanceof NarrowDependency) for (const pp of d.getParents(p)) visit(d.rdd, pp);
  };
  visit(rdd, partition);
  return out;
}

function dependencyWire(d: import('../rdd/dependency').Dependency, ser: WireSerializer): DependencyWire {
  if (!(d instanceof ShuffleDependency)) return { kind: 'narrow', rdd: d.rdd.id() };
  const where = `a function of ${d.rdd.creationSite.shortForm}`;
  return {
    kind: 'shuffle',
    rdd: d.rdd.id(),
    shuffleId: d.shuffleId,
    numMaps: d.rdd.getNumPartitions(),
    partitioner: d.partitioner.toWire(),
    aggregator: d.aggregator && aggregatorWire(d.aggregator, ser, where),
    mapSideCombine: d.mapSideCombine,
    keyOrdering: d.keyOrdering,
    ...(d.sqlMetrics ? { sqlMetrics: d.sqlMetrics } : {}),
  };
}

function resultFuncWire(f: ResultFunc, ser: WireSerializer, site: CallSite): ResultFuncWire {
  const where = `the function passed to ${site.method} at ${site.file}:${site.line}`;
  switch (f.kind) {
    case 'foreach':
    case 'foreachPartition':
    case 'reduce':
      return { kind: f.kind, f: ser.fn(f.f, where) };
    case 'fold':
      return { kind: 'fold', zero: ser.value(f.zero, where), f: ser.fn(f.f, where) };
    case 'aggregate':
      return {
        kind: 'aggregate',
        zero: ser.value(f.zero, where),
        seqOp: ser.fn(f.seqOp, where),
        combOp: ser.fn(f.combOp, where),
      };
    case 'takeOrdered':
      return { kind: 'takeOrdered', n: f.n, descending: f.descending, key: f.key && ser.fn(f.key, where) };
    default:
      return f;
  }
}
