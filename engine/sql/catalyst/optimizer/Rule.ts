/**
 * One optimizer rule: a named function from plan to plan (Spark's
 * `Rule[LogicalPlan]`). Each rule lives in a file of its own named after
 * Spark's; Optimizer.ts lists them in Spark's batches.
 */
import type { LogicalPlan } from '../plans/logical/LogicalPlan';
import type { SQLConf } from '../../internal/SQLConf';

export interface Rule {
  readonly ruleName: string;
  apply(plan: LogicalPlan, conf: SQLConf): LogicalPlan;
}
