/**
 * A job's stage DAG as the view draws it, derived from the app model: each
 * stage with its RDDs (the stage's RDD and its narrow ancestors, as Spark's
 * `StageInfo` lists them), edges between RDDs inside a stage, and shuffle
 * edges from a parent stage's RDD to the child stage's RDD that reads it —
 * the picture the Spark UI's job DAG visualization draws.
 */
import type { AppModel, JobModel, RddModel, StageModel } from '../../engine/events';
import type { DagStageStatus } from './colors';
import { plural } from './format';
import { jobCounts, jobSummaryText, stageAttemptsById } from './summary';

export interface DagRdd {
  /** Unique in the job's graph: an RDD can sit in several stages of one job. */
  key: string;
  rddId: number;
  stageId: number;
  /** The operation that created it: `reduceByKey`, `map`, `textFile`, … */
  operator: string;
  /** The RDD class, e.g. `ShuffledRDD`; absent when the log only names it by number. */
  className?: string;
  /** Spark's call site, e.g. `reduceByKey at wordcount.js:4`. */
  callsite: string;
  /** The program line of the call site, if the call site names one. */
  line: number | null;
  numPartitions: number;
  /** Persisted with a storage level other than NONE (Spark UI's "cached" RDD). */
  cached: boolean;
  numCachedPartitions: number;
  /** What a screen reader says for the node. */
  accessibleName: string;
}

export interface DagStage {
  stageId: number;
  /** The attempt shown: the latest one. */
  attemptId: number;
  attempts: number;
  name: string;
  status: DagStageStatus;
  numTasks: number;
  succeeded: number;
  running: number;
  /** Failed task attempts over every attempt of the stage. */
  failedAttempts: number;
  rdds: DagRdd[];
  /** "Stage 1" or "Stage 1 (attempt 2)". */
  title: string;
  /** "4/4 tasks, 1 failed attempt" or "4 tasks, not run". */
  progressText: string;
  accessibleName: string;
}

export interface DagEdge {
  key: string;
  from: string;
  to: string;
  /** Crosses a shuffle: the child RDD reads the parent stage's map output. */
  shuffle: boolean;
}

export interface JobDag {
  jobId: number;
  stages: DagStage[];
  edges: DagEdge[];
  /** False for old logs whose RDD infos carry no parent ids: no edges can be drawn. */
  lineageKnown: boolean;
  /** "Job 0: 2 stages (1 skipped), 6 tasks, 1 failed attempt; succeeded." */
  summary: string;
}

/**
 * Builds the DAG of one job, or `undefined` if the model has no such job.
 *
 * @example
 * const dag = buildJobDag(buildAppModel(events), 0);
 * dag?.stages.map((s) => [s.stageId, s.status]); // [[0, 'skipped'], [1, 'complete']]
 */
export function buildJobDag(model: AppModel, jobId: number): JobDag | undefined {
  const job = model.jobs.get(jobId);
  if (!job) return undefined;
  const attemptsById = stageAttemptsById(model);

  const stages = job.stages.map((jobStage) => {
    const attempts = attemptsById.get(jobStage.stageId) ?? [];
    return dagStage(job, jobStage.stageId, jobStage.skipped, jobStage.name, jobStage.numTasks, attempts);
  });

  // Which stages hold each RDD, for shuffle edges into a stage.
  const stagesByRdd = new Map<number, DagStage[]>();
  for (const stage of stages) {
    for (const rdd of stage.rdds) {
      const list = stagesByRdd.get(rdd.rddId);
      if (list) list.push(stage);
      else stagesByRdd.set(rdd.rddId, [stage]);
    }
  }

  const edges: DagEdge[] = [];
  let anyParents = false;
  for (const stage of stages) {
    const attempts = attemptsById.get(stage.stageId) ?? [];
    const latest = attempts[attempts.length - 1];
    const parentStageIds = new Set(latest?.parentIds ?? []);
    const local = new Set(stage.rdds.map((r) => r.rddId));
    for (const rdd of latest?.rdds ?? []) {
      const to = rddKey(stage.stageId, rdd.rddId);
      for (const parentId of rdd.parentIds) {
        anyParents = true;
        if (local.has(parentId)) {
          edges.push({
            key: `${rddKey(stage.stageId, parentId)}>${to}`,
            from: rddKey(stage.stageId, parentId),
            to,
            shuffle: false,
          });
          continue;
        }
        // Not in this stage: a shuffle dependency, read from the parent stage(s) that computed it.
        const holders = (stagesByRdd.get(parentId) ?? []).filter((s) => s.stageId !== stage.stageId);
        const preferred = holders.filter((s) => parentStageIds.has(s.stageId));
        for (const holder of preferred.length > 0 ? preferred : holders) {
          const from = rddKey(holder.stageId, parentId);
          edges.push({ key: `${from}>${to}`, from, to, shuffle: true });
        }
      }
    }
  }

  const rddCount = stages.reduce((sum, s) => sum + s.rdds.length, 0);
  return {
    jobId,
    stages,
    edges,
    lineageKnown: anyParents || (stages.length <= 1 && rddCount <= 1),
    summary: jobSummaryText(jobCounts(model, job)),
  };
}

/**
 * The program line an RDD or stage was created at, from a Spark call site.
 *
 * @example
 * callsiteLine('reduceByKey at wordcount.js:4'); // 4
 * callsiteLine('map at <console>:14'); // 14
 * callsiteLine('unknown'); // null
 */
export function callsiteLine(callsite: string | undefined): number | null {
  const match = callsite ? /:(\d+)(?::\d+)?\s*$/.exec(callsite) : null;
  if (!match) return null;
  const line = Number(match[1]);
  return line > 0 ? line : null;
}

/** Stable identity of a DAG's shape, to know when it must be laid out again. */
export function dagStructureKey(dag: JobDag): string {
  const stages = dag.stages.map((s) => `${s.stageId}:${s.rdds.map((r) => r.rddId).join(',')}`).join('|');
  return `${stages}#${dag.edges.map((e) => e.key).join('|')}`;
}

export function rddKey(stageId: number, rddId: number): string {
  return `s${stageId}r${rddId}`;
}

// ---------------------------------------------------------------------------

function dagStage(
  job: JobModel,
  stageId: number,
  skippedByJob: boolean,
  listedName: string | undefined,
  listedTasks: number | undefined,
  attempts: StageModel[],
): DagStage {
  const latest = attempts[attempts.length - 1];
  const status = stageStatus(job, skippedByJob, latest);
  const numTasks = latest?.numTasks ?? listedTasks ?? 0;
  const succeeded = latest?.taskCounts.complete ?? 0;
  const running = latest?.taskCounts.active ?? 0;
  const failedAttempts = attempts.reduce((sum, s) => sum + s.taskCounts.failed, 0);
  const attemptId = latest?.attemptId ?? 0;
  const title = attemptId > 0 ? `Stage ${stageId} (attempt ${attemptId + 1})` : `Stage ${stageId}`;

  let progressText: string;
  if (status === 'skipped') progressText = `${plural(listedTasks ?? numTasks, 'task')}, not run`;
  else {
    const parts = [`${succeeded}/${plural(numTasks, 'task')}`];
    if (running > 0) parts.push(`${running} running`);
    if (failedAttempts > 0) parts.push(plural(failedAttempts, 'failed attempt'));
    progressText = parts.join(', ');
  }

  const rdds = [...(latest?.rdds ?? [])].sort((a, b) => a.rddId - b.rddId).map((rdd) => dagRdd(stageId, rdd));
  return {
    stageId,
    attemptId,
    attempts: attempts.length,
    name: latest?.name || listedName || '',
    status,
    numTasks,
    succeeded,
    running,
    failedAttempts,
    rdds,
    title,
    progressText,
    accessibleName: `${title}, ${status}, ${progressText}`,
  };
}

function stageStatus(job: JobModel, skippedByJob: boolean, latest: StageModel | undefined): DagStageStatus {
  if (skippedByJob) return 'skipped';
  const stillRunning = job.status === 'running';
  switch (latest?.status) {
    case 'active':
      return 'running';
    case 'complete':
      return 'complete';
    case 'failed':
      return 'failed';
    case 'pending':
      return stillRunning ? 'pending' : 'skipped';
    case 'skipped':
    case undefined:
      // Skipped for another job; this one may still submit it.
      return stillRunning ? 'pending' : 'skipped';
  }
}

function dagRdd(stageId: number, rdd: RddModel): DagRdd {
  const callsite = rdd.callsite ?? '';
  const callsiteOperator = callsite.includes(' at ') ? callsite.slice(0, callsite.indexOf(' at ')) : undefined;
  // Logs before Spark 1.4 name an RDD by its id, or by its input path.
  const className = rdd.name && rdd.name !== String(rdd.rddId) ? rdd.name : undefined;
  const operator = rdd.scope?.name ?? callsiteOperator ?? className ?? `RDD ${rdd.rddId}`;
  const level = rdd.storageLevel;
  const cached = Boolean(level && (level['Use Memory'] || level['Use Disk'] || level['Use Off Heap']));
  const line = callsiteLine(callsite);
  // The name starts with what the node shows, its two lines (WCAG 2.5.3: a control's name holds its visible
  // text, so a speech user can say what they see), then what the node leaves out.
  const shown = { operator, className, rddId: rdd.rddId, numPartitions: rdd.numPartitions, line };
  const nameParts = [operator, ...rddDetailParts(shown)];
  if (!nameParts.includes(`RDD ${rdd.rddId}`)) nameParts.push(`RDD ${rdd.rddId}`);
  const partitions = plural(rdd.numPartitions, 'partition');
  if (!nameParts.includes(partitions)) nameParts.push(partitions);
  if (cached) nameParts.push(`cached, ${rdd.numCachedPartitions} of ${rdd.numPartitions} partitions in storage`);
  return {
    key: rddKey(stageId, rdd.rddId),
    rddId: rdd.rddId,
    stageId,
    operator,
    className,
    callsite,
    line,
    numPartitions: rdd.numPartitions,
    cached,
    numCachedPartitions: rdd.numCachedPartitions,
    accessibleName: nameParts.join(', '),
  };
}

/**
 * The second line of an RDD node, in parts: its class (or its id, or its
 * partition count when the operator is already "RDD n") and its call-site line.
 *
 * @example
 * rddDetailParts({ operator: 'map', className: 'MapPartitionsRDD', rddId: 3, numPartitions: 4, line: 5 });
 * // ['MapPartitionsRDD', 'line 5']
 */
export function rddDetailParts(
  rdd: Pick<DagRdd, 'operator' | 'className' | 'rddId' | 'numPartitions' | 'line'>,
): string[] {
  const parts: string[] = [];
  if (rdd.className && rdd.className !== rdd.operator) parts.push(rdd.className);
  else if (rdd.operator !== `RDD ${rdd.rddId}`) parts.push(`RDD ${rdd.rddId}`);
  else parts.push(plural(rdd.numPartitions, 'partition'));
  if (rdd.line !== null) parts.push(`line ${rdd.line}`);
  return parts;
}
