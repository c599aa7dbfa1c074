/**
 * Spark's physical subqueries (execution/subquery.scala, SubqueryExec in basicPhysicalOperators.scala): a scalar
 * subquery is planned as a query of its own under a `Subquery` node, run before the query that reads it (Spark's
 * prepare/waitForSubqueries) with `executeTake(2)` (two rows are enough to know there is more than one, an error),
 * and its value then stands in the expression as a literal wherever the expression is evaluated or shipped to
 * executors. explain() prints each subquery under the operator holding it, two levels down.
 */
import { LeafExpression } from '../catalyst/expressions/Expression';
import { expressionsOf, mapExpressionFields } from '../catalyst/trees/expressionFields';
import { Literal } from '../catalyst/expressions/literals';
import { ScalarSubquery as LogicalScalarSubquery } from '../catalyst/expressions/subquery';
import type { AttributeReference } from '../catalyst/expressions/namedExpressions';
import { UnaryExecNode, type MetricDefinition, type SparkPlan } from './SparkPlan';
import type { Partitioning } from '../catalyst/plans/physical/partitioning';
import type { DataType } from '../types';
import { SparkException } from '../errors';

/** The plan of a subquery, named `scalar-subquery#5` (or `subquery#5` under adaptive execution). */
export class SubqueryExec extends UnaryExecNode {
  constructor(
    readonly name: string,
    child: SparkPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get outputPartitioning(): Partitioning {
    return this.child.outputPartitioning;
  }
  override get metricDefinitions(): Record<string, MetricDefinition> {
    return {
      dataSize: { name: 'data size', type: 'size' },
      collectTime: { name: 'time to collect', type: 'timing' },
    };
  }
  get simpleString(): string {
    return `Subquery ${this.name}, [id=#${this.id}]`;
  }
  override get formattedName(): string {
    return 'Subquery';
  }
}

/** Spark's execution.ScalarSubquery: the value of its plan's one row and column, once the plan has run. */
export class ScalarSubqueryExec extends LeafExpression {
  /** Set once the plan has run (fields, not #private ones: expression copies keep them). */
  result: unknown = null;
  updated = false;
  constructor(
    /** Replaced by the plan as adaptive execution left it, once it has run. */
    public plan: SubqueryExec,
    readonly exprId: number,
  ) {
    super();
  }
  get dataType(): DataType {
    return this.plan.output[0].dataType;
  }
  override get nullable(): boolean {
    return true;
  }
  override get foldable(): boolean {
    return false;
  }
  override toString(): string {
    return this.plan.simpleString;
  }
  override get sql(): string {
    return `scalarsubquery()`;
  }
  /** ScalarSubquery.updateResult: more than one row is Spark's SCALAR_SUBQUERY_TOO_MANY_ROWS, none is null. */
  updateResult(rows: readonly (readonly unknown[])[]): void {
    if (rows.length > 1) throw new SparkException('SCALAR_SUBQUERY_TOO_MANY_ROWS', {});
    this.result = rows.length === 1 ? rows[0][0] : null;
    this.updated = true;
  }
  eval(): unknown {
    if (!this.updated) throw new Error(`${this} has not finished`);
    return this.result;
  }
  /** What travels to executors in its place. */
  toLiteral(): Literal {
    return new Literal(this.eval(), this.dataType);
  }
}

/** The scalar subqueries of a plan's own expressions (Spark's SparkPlan.subqueries). */
export function subqueriesOf(plan: SparkPlan): ScalarSubqueryExec[] {
  const out: ScalarSubqueryExec[] = [];
  for (const e of expressionsOf(plan))
    e.foreach((x) => {
      if (x instanceof ScalarSubqueryExec && !out.includes(x)) out.push(x);
    });
  return out;
}

/** Every scalar subquery in the plan, its subqueries' plans included, innermost first. */
export function allSubqueries(plan: SparkPlan): ScalarSubqueryExec[] {
  const out: ScalarSubqueryExec[] = [];
  plan.foreach((node) => {
    for (const s of subqueriesOf(node)) {
      for (const inner of allSubqueries(s.plan.child)) if (!out.includes(inner)) out.push(inner);
      if (!out.includes(s)) out.push(s);
    }
  });
  return out;
}

/**
 * Spark's PlanSubqueries / PlanAdaptiveSubqueries: each logical scalar subquery in the physical plan's expressions
 * becomes a ScalarSubqueryExec over its own prepared plan (`plan` plans and prepares one subquery's logical plan).
 */
export function planSubqueries(
  root: SparkPlan,
  adaptive: boolean,
  plan: (logical: LogicalScalarSubquery) => SparkPlan,
): SparkPlan {
  return root.transformUp((node) => {
    const planned = mapExpressionFields<SparkPlan>(node, (e) =>
      e.transformUp((x) => {
        if (!(x instanceof LogicalScalarSubquery)) return undefined;
        const name = `${adaptive ? 'subquery' : 'scalar-subquery'}#${x.exprId}`;
        return new ScalarSubqueryExec(new SubqueryExec(name, plan(x)), x.exprId);
      }),
    );
    return planned === node ? undefined : planned;
  });
}
