/**
 * The data inside partitions, as the run's tasks captured it (engine side:
 * engine/executor/partition-capture.ts): kept per task attempt as it arrives,
 * and read back per RDD (each of its partitions, as one stage computed it) or
 * per task (every RDD of its stage, for its partition). Pure TypeScript, so
 * the choices (which attempt is shown, what each number means) are tested in
 * Node.
 */
import type { AppModel, RddModel, StageModel } from '../../engine/events/app-model';
import type { PartitionDataWire, TaskPartitionData } from '../../engine/rdd/wire';

/** The conf a playground run gets so its tasks capture rows: 20 a partition (and 4k characters, the default). */
export const PARTITION_DATA_CONF: Readonly<Record<string, string>> = { 'kindling.partitionData.rows': '20' };

/** What the page keeps of rows at most, over the whole run (counts are always kept). */
export const PAGE_CHARS = 16 * 1024 * 1024;

/** What the partition view shows: one RDD's partitions (as a stage computed them), or one task's. */
export type PartitionTarget = { kind: 'rdd'; rddId: number; stageId: number | null } | { kind: 'task'; taskId: number };

/** One partition as one task attempt saw it. */
export interface PartitionSeen extends Omit<PartitionDataWire, 'cut'> {
  task: Omit<TaskPartitionData, 'partitions'>;
  /** Which bound left rows out: the task's (see PartitionDataWire) or the page's own (`page`). */
  cut?: PartitionDataWire['cut'] | 'page';
}

/**
 * Every capture of a run, by task attempt and by RDD partition.
 *
 * @example
 * const store = new PartitionDataStore();
 * store.add(message.data); // for each 'partition-data' message
 * store.partitions(model, 4, 1); // RDD 4's partitions as stage 1 computed them
 */
export class PartitionDataStore {
  readonly #byTask = new Map<number, PartitionSeen[]>();
  /** rddId → partition → captures in arrival order. */
  readonly #byRdd = new Map<number, Map<number, PartitionSeen[]>>();
  #chars = 0;

  constructor(readonly maxChars = PAGE_CHARS) {}

  /** How many task attempts reported what they saw. */
  get taskCount(): number {
    return this.#byTask.size;
  }

  add(data: TaskPartitionData): void {
    const { partitions, ...task } = data;
    const seen = partitions.map((p): PartitionSeen => {
      const chars = p.rows.reduce((n, r) => n + r.length, 0);
      if (this.#chars + chars > this.maxChars && p.rows.length > 0) return { ...p, rows: [], task, cut: 'page' };
      this.#chars += chars;
      return { ...p, task };
    });
    this.#byTask.set(task.taskId, seen);
    for (const p of seen) {
      let byPartition = this.#byRdd.get(p.rddId);
      if (!byPartition) this.#byRdd.set(p.rddId, (byPartition = new Map()));
      let list = byPartition.get(p.partition);
      if (!list) byPartition.set(p.partition, (list = []));
      list.push(p);
    }
  }

  /** What one task attempt saw, in the order it opened the partitions; undefined when it reported nothing. */
  task(taskId: number): readonly PartitionSeen[] | undefined {
    return this.#byTask.get(taskId);
  }

  /** Stages (ids, ascending) whose tasks computed some partition of the RDD. */
  stagesOf(rddId: number): number[] {
    const ids = new Set<number>();
    for (const list of this.#byRdd.get(rddId)?.values() ?? []) for (const p of list) ids.add(p.task.stageId);
    return [...ids].sort((a, b) => a - b);
  }

  /**
   * The RDD's partitions as `stageId`'s tasks computed them: for each
   * partition, the last successful attempt (or the last attempt, when every
   * one failed); null for a partition the stage never computed.
   */
  partitions(rddId: number, stageId: number, numPartitions: number): (PartitionSeen | null)[] {
    const byPartition = this.#byRdd.get(rddId);
    return Array.from({ length: numPartitions }, (_, partition) => {
      const list = (byPartition?.get(partition) ?? []).filter((p) => p.task.stageId === stageId);
      return list.findLast((p) => p.task.successful) ?? list.at(-1) ?? null;
    });
  }
}

/** The RDD's latest description in any stage of the model, or null if no stage lists it. */
export function findRdd(model: AppModel, rddId: number): RddModel | null {
  let found: RddModel | null = null;
  for (const stage of model.stages.values()) for (const rdd of stage.rdds) if (rdd.rddId === rddId) found = rdd;
  return found;
}

/**
 * Where the RDD stands to a shuffle in `stage`: its rows were read from one
 * (`after`: a parent lies in another stage), or are what the stage writes to
 * one (`before`: the final RDD of a stage another stage reads).
 */
export function shuffleSide(model: AppModel, stage: StageModel, rddId: number): 'after' | 'before' | null {
  const inStage = new Set(stage.rdds.map((r) => r.rddId));
  const rdd = stage.rdds.find((r) => r.rddId === rddId);
  if (!rdd) return null;
  if (rdd.parentIds.some((id) => !inStage.has(id))) return 'after';
  const isFinal = !stage.rdds.some((r) => r.parentIds.includes(rddId));
  const isMapStage = [...model.stages.values()].some((s) => s.parentIds.includes(stage.stageId));
  return isFinal && isMapStage ? 'before' : null;
}

function rows(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;
}

/**
 * How many rows the partition had, in words: a whole count, or how far the
 * task read (an action that stopped early, a failure).
 *
 * @example
 * countText({ count: 3, complete: false, task: { successful: true } }); // '3 rows read: the action stopped once it had what it needed'
 */
export function countText(p: Pick<PartitionSeen, 'count' | 'complete'> & { task: { successful: boolean } }): string {
  if (p.complete) return rows(p.count);
  if (!p.task.successful) return `${rows(p.count)} read before the task failed`;
  return `${rows(p.count)} read: the action stopped once it had what it needed`;
}

/** Why fewer rows are shown than the partition had, or null when all are shown. */
export function shownText(p: Pick<PartitionSeen, 'rows' | 'count' | 'cut'>): string | null {
  if (p.rows.length >= p.count) return null;
  const first = `first ${p.rows.length} shown`;
  switch (p.cut) {
    case 'chars':
      return `${first}: the text kept per partition is limited (kindling.partitionData.size)`;
    case 'task':
      return 'rows not kept: this task had already kept its share of text (it read many partitions)';
    case 'page':
      return `rows not kept: the page keeps ${PAGE_CHARS / 1024 / 1024} MB of rows at most`;
    default:
      return first;
  }
}

/** The cached block a partition came from or went to, in words. */
export function blockText(block: NonNullable<PartitionSeen['block']>): string {
  switch (block.status) {
    case 'read':
      return `read from the cached block ${block.blockId} (in ${block.memory ? 'memory' : 'disk storage'}), not computed again`;
    case 'stored':
      return `computed, then cached as ${block.blockId} (${block.memory ? 'in memory' : 'on disk'})`;
    case 'not-stored':
      return `computed but not cached: ${block.blockId} did not fit in storage memory`;
  }
}

/** What the rows are, beside the shuffle (see shuffleSide). */
export function shuffleText(side: 'after' | 'before', stageId: number): string {
  return side === 'after'
    ? `After the shuffle: stage ${stageId}'s tasks built these rows from the map output they fetched, each key in the partition its partitioner chose.`
    : `Before the shuffle: stage ${stageId} writes these rows as map output (split by key into the next stage's partitions).`;
}
