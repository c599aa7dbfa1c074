/**
 * Spark's AdaptiveSparkPlanExec as plans show it: the root of every query
 * when `spark.sql.adaptive.enabled` (Spark 3.2+ default). Before execution
 * it holds the initial plan (`isFinalPlan=false`, no codegen ids yet: stages
 * are compiled one query stage at a time); after, the final plan beside it.
 */
import { SparkPlan } from '../SparkPlan';
import type { AttributeReference } from '../../catalyst/expressions/namedExpressions';

export class AdaptiveSparkPlanExec extends SparkPlan {
  readonly children: readonly SparkPlan[] = [];
  constructor(
    readonly initialPlan: SparkPlan,
    readonly finalPlan: SparkPlan | undefined = undefined,
  ) {
    super();
  }
  get isFinalPlan(): boolean {
    return this.finalPlan !== undefined;
  }
  get output(): readonly AttributeReference[] {
    return this.initialPlan.output;
  }
  /** The plan now current: the final one once execution has finished. */
  get executedPlan(): SparkPlan {
    return this.finalPlan ?? this.initialPlan;
  }
  get simpleString(): string {
    return `AdaptiveSparkPlan isFinalPlan=${this.isFinalPlan}`;
  }
}
