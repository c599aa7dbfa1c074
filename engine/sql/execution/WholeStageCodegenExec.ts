/**
 * Spark's whole-stage code generation, as plans show it: operators that
 * support it are fused into stages numbered `*(1)`, `*(2)`… (children's
 * stages first); an operator that does not (an Exchange, a window) ends a
 * stage, and its parent starts reading through an InputAdapter. Kindling
 * interprets the fused operators row by row rather than compiling them;
 * the stages decide how plans print and which operators share a pipeline.
 */
import { SparkPlan, UnaryExecNode, type MetricDefinition } from './SparkPlan';
import type { AttributeReference } from '../catalyst/expressions/namedExpressions';
import type { SortOrder } from '../catalyst/expressions/ordering';
import type { Partitioning } from '../catalyst/plans/physical/partitioning';
import { SortMergeJoinExec } from './joins/SortMergeJoinExec';
import { ShuffledHashJoinExec } from './joins/HashJoinExec';

export class WholeStageCodegenExec extends UnaryExecNode {
  constructor(
    child: SparkPlan,
    readonly codegenStageId: number,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputOrdering(): readonly SortOrder[] {
    return this.child.outputOrdering;
  }
  override get outputPartitioning(): Partitioning {
    return this.child.outputPartitioning;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return { pipelineTime: { name: 'duration', type: 'timing' } };
  }
  get simpleString(): string {
    return `WholeStageCodegen (${this.codegenStageId})`;
  }
}

/** Where a codegen stage reads rows from an operator outside it. */
export class InputAdapter extends UnaryExecNode {
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputOrdering(): readonly SortOrder[] {
    return this.child.outputOrdering;
  }
  get simpleString(): string {
    return 'InputAdapter';
  }
}

/**
 * Spark's CollapseCodegenStages.
 *
 * @example
 * collapseCodegenStages(plan, { next: 1 }); // stages numbered from 1
 */
export function collapseCodegenStages(plan: SparkPlan, counter: { next: number }): SparkPlan {
  const insertWholeStageCodegen = (p: SparkPlan): SparkPlan => {
    if (p.supportsCodegen) {
      const inner = insertInputAdapter(p);
      return new WholeStageCodegenExec(inner, counter.next++);
    }
    return p.withNewChildren(p.children.map(insertWholeStageCodegen));
  };
  const insertInputAdapter = (p: SparkPlan): SparkPlan => {
    if (!p.supportsCodegen) return new InputAdapter(insertWholeStageCodegen(p));
    if (p instanceof SortMergeJoinExec || p instanceof ShuffledHashJoinExec)
      return p.withNewChildren(p.children.map((c) => new InputAdapter(insertWholeStageCodegen(c))));
    return p.withNewChildren(p.children.map(insertInputAdapter));
  };
  return insertWholeStageCodegen(plan);
}
