/**
 * An application model crossing from the log worker to the page in parts:
 * first everything but the task attempts, then the attempts a few thousand at
 * a time. Each part is one message, so the page deserialises and files away
 * one part per task and never blocks for long, however big the log. What the
 * views do not read stays in the worker: each attempt's metrics exactly as
 * logged (`rawMetrics`; its totals cross) and the SQL metrics' per-task values
 * (their printed aggregates cross).
 */
import type {
  AppModel,
  ApplicationModel,
  ExecutorModel,
  JobModel,
  StageModel,
  TaskModel,
} from '../../engine/events/app-model';
import type { SqlExecutionModel } from '../../engine/events/sql-model';
import type { RddStorageModel } from '../../engine/events/storage-model';

export type ModelPart =
  | {
      kind: 'head';
      application: ApplicationModel;
      executors: ExecutorModel[];
      jobs: JobModel[];
      stages: StageModel[];
      sqlExecutions: SqlExecutionModel[];
      storage: RddStorageModel[];
      taskCount: number;
    }
  | { kind: 'tasks'; tasks: TaskModel[] };

/** Attempts per part: about 2–4 MB of structured clone, a few milliseconds to read on the page. */
export const TASKS_PER_PART = 400;

/**
 * The parts of a model, in the order to send them.
 *
 * @example
 * for (const part of modelParts(builder.model)) postMessage({ type: 'model-part', requestId, part });
 */
export function* modelParts(model: AppModel, tasksPerPart = TASKS_PER_PART): Generator<ModelPart> {
  yield {
    kind: 'head',
    application: model.application,
    executors: [...model.executors.values()],
    jobs: [...model.jobs.values()],
    stages: [...model.stages.values()],
    sqlExecutions: [...model.sqlExecutions.values()],
    storage: [...model.storage.values()],
    taskCount: model.tasks.size,
  };
  let batch: TaskModel[] = [];
  for (const task of model.tasks.values()) {
    const { rawMetrics: _raw, ...light } = task;
    void _raw;
    batch.push(light);
    if (batch.length === tasksPerPart) {
      yield { kind: 'tasks', tasks: batch };
      batch = [];
    }
  }
  if (batch.length > 0) yield { kind: 'tasks', tasks: batch };
}

/**
 * Puts a model back together from its parts on the page.
 *
 * @example
 * const assembler = new ModelAssembler();
 * worker.onmessage = (e) => { if (e.data.type === 'model-part') assembler.add(e.data.part); };
 * // after the last part: assembler.model
 */
export class ModelAssembler {
  #model: AppModel | null = null;
  #tasks = new Map<number, TaskModel>();
  #expectedTasks = 0;

  add(part: ModelPart): void {
    if (part.kind === 'head') {
      this.#tasks = new Map();
      this.#expectedTasks = part.taskCount;
      this.#model = {
        application: part.application,
        executors: new Map(part.executors.map((executor) => [executor.executorId, executor])),
        jobs: new Map(part.jobs.map((job) => [job.jobId, job])),
        stages: new Map(part.stages.map((stage) => [stage.key, stage])),
        tasks: this.#tasks,
        sqlExecutions: new Map(part.sqlExecutions.map((execution) => [execution.executionId, execution])),
        storage: new Map(part.storage.map((rdd) => [rdd.rddId, rdd])),
      };
      return;
    }
    for (const task of part.tasks) this.#tasks.set(task.taskId, task);
  }

  /** Whether every part has come. */
  get complete(): boolean {
    return this.#model !== null && this.#tasks.size >= this.#expectedTasks;
  }

  /** The model put back together; throws before the head part came. */
  get model(): AppModel {
    if (!this.#model) throw new Error('No model has arrived yet.');
    return this.#model;
  }
}
