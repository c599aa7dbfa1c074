/**
 * Spark's LogicalPlan: what a query means, before anyone decides how to run
 * it. Each node knows its output attributes, whether it is resolved, a size
 * estimate (Spark's `stats.sizeInBytes`, which decides broadcast joins), and
 * its line in `explain(true)`'s plans.
 */
import { TreeNode, treeString } from '../../trees/TreeNode';
import { CurrentOrigin, type PlanCallSite } from '../../trees/CurrentOrigin';
import type { Expression } from '../../expressions/Expression';
import type { AttributeReference } from '../../expressions/namedExpressions';
import { SubqueryExpression } from '../../expressions/subquery';
import { expressionsOf, mapExpressionFields } from '../../trees/expressionFields';

/** Rows and bytes a plan is expected to produce (Spark's Statistics, sizes only: no cost-based optimizer). */
export interface Statistics {
  sizeInBytes: number;
  rowCount?: number;
}

export abstract class LogicalPlan extends TreeNode<LogicalPlan> {
  /** Spark's `origin = CurrentOrigin.get`: stays with the node through copies. */
  override callSite: PlanCallSite | undefined = CurrentOrigin.get();

  abstract get output(): readonly AttributeReference[];

  /** This node's line in a plan: `Filter (x#1 > 3)`. */
  abstract get simpleString(): string;

  /** The node's own expressions (not its children's), found in its fields, as Spark's `expressions`. */
  get expressions(): Expression[] {
    return expressionsOf(this);
  }

  /** The node with `rule` applied to each of its own expressions, bottom up (Spark's transformExpressionsUp). */
  transformExpressions(rule: (e: Expression) => Expression | undefined): LogicalPlan {
    return this.mapExpressions((e) => e.transformUp(rule));
  }

  /** The node with `f` applied to each of its own expressions (Spark's mapExpressions). */
  mapExpressions(f: (e: Expression) => Expression): LogicalPlan {
    return mapExpressionFields<LogicalPlan>(this, f);
  }

  /** Applies `rule` to every expression of every node of the plan. */
  transformAllExpressions(rule: (e: Expression) => Expression | undefined): LogicalPlan {
    return this.transformUp((p) => p.transformExpressions(rule));
  }

  get childrenResolved(): boolean {
    return this.children.every((c) => c.resolved);
  }

  get resolved(): boolean {
    return this.expressions.every((e) => e.resolved) && this.childrenResolved;
  }

  /** Attributes the children produce that this node's expressions may read. */
  get inputSet(): AttributeReference[] {
    return this.children.flatMap((c) => c.output);
  }

  /** Attributes this node's expressions read. */
  get references(): AttributeReference[] {
    return this.expressions.flatMap((e) => e.references) as AttributeReference[];
  }

  /** Spark's `SizeInBytesOnlyStatsPlanVisitor`: by default a node is as large as its children together. */
  get stats(): Statistics {
    if (this.children.length === 0) return { sizeInBytes: Number.MAX_SAFE_INTEGER };
    if (this.children.length === 1) return this.children[0].stats;
    return { sizeInBytes: this.children.reduce((a, c) => a * Math.max(c.stats.sizeInBytes, 1), 1) };
  }

  /** Plans a node lists inside itself, printed under it: its subqueries' plans (Spark's QueryPlan.subqueries). */
  get innerChildren(): readonly LogicalPlan[] {
    const plans: LogicalPlan[] = [];
    for (const e of this.expressions)
      e.foreach((x) => {
        if (x instanceof SubqueryExpression) plans.push(x.plan);
      });
    return plans;
  }

  /**
   * Lines of a physical plan this node holds as an inner child (InMemoryRelation's cached plan), printed two levels
   * under the node at `indent` (the prefix that continues its ancestors' branches).
   */
  innerPhysicalLines(_indent: string): readonly string[] {
    return [];
  }

  /** Spark's `treeString`: the plan as `explain(true)` prints it. */
  treeString(): string {
    return treeString<LogicalPlan>(
      this,
      // Spark's statePrefix: unresolved operators print with a leading quote.
      (n) => (!n.resolved && !n.simpleString.startsWith("'") ? "'" : '') + n.simpleString,
      (n) => n.innerChildren,
      (n, indent) => n.innerPhysicalLines(indent),
    );
  }

  override toString(): string {
    return this.treeString();
  }
}

export abstract class LeafNode extends LogicalPlan {
  readonly children: readonly LogicalPlan[] = [];
}

export abstract class UnaryNode extends LogicalPlan {
  readonly children: readonly LogicalPlan[];
  constructor(child: LogicalPlan) {
    super();
    this.children = [child];
  }
  get child(): LogicalPlan {
    return this.children[0];
  }
}

export abstract class BinaryNode extends LogicalPlan {
  readonly children: readonly LogicalPlan[];
  constructor(left: LogicalPlan, right: LogicalPlan) {
    super();
    this.children = [left, right];
  }
  get left(): LogicalPlan {
    return this.children[0];
  }
  get right(): LogicalPlan {
    return this.children[1];
  }
}

/** Sums the default sizes of a row's columns, plus Spark's 8-byte row overhead (EstimationUtils.getSizePerRow). */
export function rowSize(output: readonly AttributeReference[]): number {
  return 8 + output.reduce((a, att) => a + att.dataType.defaultSize, 0);
}

/** `[a#1, b#2]`, as Spark prints attribute lists. */
export function attrList(attrs: readonly { toString(): string }[]): string {
  return `[${attrs.join(', ')}]`;
}
