/**
 * Spark's SparkPlan: a physical operator. This is the one small interface
 * every operator implements (DataFusion's ExecutionPlan is the model for
 * its size): output attributes, how its output is partitioned and ordered,
 * what it requires of its children, whether it joins a whole-stage codegen
 * stage, its SQL metrics, and its line in `explain()`. How an operator runs
 * on executors is apart from this (execution/…/*.ts `execute`), so planning
 * code and tests need no engine.
 */
import { TreeNode } from '../catalyst/trees/TreeNode';
import { CurrentOrigin, type PlanCallSite } from '../catalyst/trees/CurrentOrigin';
import type { AttributeReference } from '../catalyst/expressions/namedExpressions';
import type { SortOrder } from '../catalyst/expressions/ordering';
import {
  UnknownPartitioning,
  UnspecifiedDistribution,
  type Distribution,
  type Partitioning,
} from '../catalyst/plans/physical/partitioning';

let nextPlanId = 0;

/** A new plan id (Spark's `SparkPlan.newPlanId`): what `[plan_id=…]` prints. */
export function newPlanId(): number {
  return nextPlanId++;
}

/** The kinds of SQL metric, as the Spark UI formats them. */
export type MetricType = 'sum' | 'size' | 'timing' | 'nsTiming' | 'average';

export interface MetricDefinition {
  /** Spark's display name: "number of output rows", "data size". */
  name: string;
  type: MetricType;
}

export abstract class SparkPlan extends TreeNode<SparkPlan> {
  /** Stays with the node through copies, like the `[plan_id=…]` an Exchange keeps in every printed plan. */
  id: number = newPlanId();

  /** The program's line this operator comes from, inherited from the logical operator it was planned from. */
  override callSite: PlanCallSite | undefined = CurrentOrigin.get();

  abstract get output(): readonly AttributeReference[];

  /** This operator's line in `explain()`. */
  abstract get simpleString(): string;

  /** The line `explain(true)` prints (adds the output for aggregates). */
  get verboseString(): string {
    return this.simpleString;
  }

  get outputPartitioning(): Partitioning {
    return new UnknownPartitioning(0);
  }

  get outputOrdering(): readonly SortOrder[] {
    return [];
  }

  get requiredChildDistribution(): readonly Distribution[] {
    return this.children.map(() => UnspecifiedDistribution);
  }

  get requiredChildOrdering(): readonly (readonly SortOrder[])[] {
    return this.children.map(() => []);
  }

  /** True for operators Spark compiles into a whole-stage codegen stage (Spark's CodegenSupport). */
  get supportsCodegen(): boolean {
    return false;
  }

  /** Spark's SQL metrics of this operator, by key. */
  get metricDefinitions(): Record<string, MetricDefinition> {
    return {};
  }

  /** Plans printed under this one that are not its children (a cached relation's plan). */
  get innerChildren(): readonly SparkPlan[] {
    return [];
  }

  /** The node's name in `explain("formatted")` and the SQL view (`Exchange`, `HashAggregate`). */
  get formattedName(): string {
    return this.simpleString.split(/[ ([]/)[0];
  }
}

export abstract class LeafExecNode extends SparkPlan {
  readonly children: readonly SparkPlan[] = [];
}

export abstract class UnaryExecNode extends SparkPlan {
  readonly children: readonly SparkPlan[];
  constructor(child: SparkPlan) {
    super();
    this.children = [child];
  }
  get child(): SparkPlan {
    return this.children[0];
  }
  override get outputPartitioning(): Partitioning {
    return this.child.outputPartitioning;
  }
}

export abstract class BinaryExecNode extends SparkPlan {
  readonly children: readonly SparkPlan[];
  constructor(left: SparkPlan, right: SparkPlan) {
    super();
    this.children = [left, right];
  }
  get left(): SparkPlan {
    return this.children[0];
  }
  get right(): SparkPlan {
    return this.children[1];
  }
}

/** Spark's metric for rows an operator produced, the one nearly every operator has. */
export const NUM_OUTPUT_ROWS: Record<string, MetricDefinition> = {
  numOutputRows: { name: 'number of output rows', type: 'sum' },
};

/** `[a#1, b#2]`. */
export function list(items: readonly { toString(): string }[], sep = ', '): string {
  return `[${items.join(sep)}]`;
}
