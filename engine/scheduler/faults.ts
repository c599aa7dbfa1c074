/**
 * Faults a lesson or the playground injects on purpose: kill an executor at a
 * chosen point, fail one task attempt, slow a partition. Deterministic: the
 * same program with the same faults fails the same way every run.
 */
import type { SparkEvent } from '../events/types';
import type { TaskFault } from '../rdd/wire';

export type FaultSpec =
  /** Kill an executor now, or once stage `afterStage` completes, or once `afterTasks` tasks of stage `stageId` have succeeded. */
  | { kind: 'killExecutor'; executorId: string; afterStage?: number; stageId?: number; afterTasks?: number }
  /** Make attempt `attempt` (default 0) of the task computing `partition` (of stage `stageId`, or of any stage) throw. */
  | { kind: 'failTask'; partition: number; stageId?: number; attempt?: number; message?: string }
  /**
   * Make the task computing `partition` (of stage `stageId`, or of any stage) take `delayMs` longer:
   * every attempt, or only attempt `attempt` (a slow machine rather than slow data: a speculative copy then wins).
   */
  | { kind: 'slowPartition'; partition: number; stageId?: number; attempt?: number; delayMs: number };

type KillSpec = Extract<FaultSpec, { kind: 'killExecutor' }>;

/**
 * @example
 * sc.faults.inject({ kind: 'killExecutor', executorId: '1', stageId: 0, afterTasks: 2 });
 * sc.faults.inject({ kind: 'failTask', stageId: 1, partition: 0 });
 */
export class FaultInjector {
  readonly #pendingKills: KillSpec[] = [];
  readonly #taskFaults: Exclude<FaultSpec, KillSpec>[] = [];
  readonly #succeededPerStage = new Map<number, number>();

  constructor(readonly killExecutor: (executorId: string) => Promise<boolean>) {}

  inject(spec: FaultSpec): void {
    if (spec.kind === 'killExecutor') {
      if (spec.afterStage === undefined && spec.afterTasks === undefined)
        void this.killExecutor(String(spec.executorId));
      else this.#pendingKills.push({ ...spec, executorId: String(spec.executorId) });
    } else this.#taskFaults.push(spec);
  }

  /** Removes every fault not yet triggered. */
  clear(): void {
    this.#pendingKills.length = 0;
    this.#taskFaults.length = 0;
  }

  /** What a task attempt must suffer, decided when it is launched. */
  taskFault(stageId: number, partition: number, attempt: number): TaskFault | undefined {
    let fault: TaskFault | undefined;
    for (const f of this.#taskFaults) {
      if (f.partition !== partition || (f.stageId !== undefined && f.stageId !== stageId)) continue;
      if (f.kind === 'slowPartition') {
        if (f.attempt === undefined || f.attempt === attempt) (fault ??= {}).delayMs = (fault.delayMs ?? 0) + f.delayMs;
      } else if ((f.attempt ?? 0) === attempt)
        (fault ??= {}).fail = f.message ?? `injected failure of partition ${partition}, attempt ${attempt}`;
    }
    return fault;
  }

  /** Watches the event stream for the points where pending kills fire. */
  onEvent(e: SparkEvent): void {
    if (this.#pendingKills.length === 0) return;
    const ev = e as Record<string, unknown>;
    if (ev.Event === 'SparkListenerStageCompleted') {
      const info = ev['Stage Info'] as Record<string, unknown>;
      if (info['Failure Reason'] === undefined) this.#fire((k) => k.afterStage === info['Stage ID']);
    } else if (
      ev.Event === 'SparkListenerTaskEnd' &&
      (ev['Task End Reason'] as { Reason: string }).Reason === 'Success'
    ) {
      const stageId = ev['Stage ID'] as number;
      const n = (this.#succeededPerStage.get(stageId) ?? 0) + 1;
      this.#succeededPerStage.set(stageId, n);
      this.#fire((k) => k.stageId === stageId && k.afterTasks === n);
    }
  }

  #fire(matches: (k: KillSpec) => boolean): void {
    for (let i = this.#pendingKills.length - 1; i >= 0; i--) {
      const k = this.#pendingKills[i];
      if (matches(k)) {
        this.#pendingKills.splice(i, 1);
        void this.killExecutor(k.executorId);
      }
    }
  }
}
