/**
 * Spark's subquery expressions (subquery.scala): a query inside an expression, `EXISTS (…)`, `x IN (SELECT …)` and
 * a scalar `(SELECT max(x) FROM …)`. The query is a logical plan held beside the expression's children, which are
 * the outer query's attributes it reads (`outerAttrs`), so the outer plan's pruning keeps them. Inside the query an
 * outer column is an {@link OuterReference}. None of these is evaluated row by row: the optimizer rewrites EXISTS
 * and IN into semi and anti joins (RewritePredicateSubquery), and a scalar subquery runs as a query of its own whose
 * one value is put in its place (execution's ScalarSubquery).
 */
import { Expression, LeafExpression, type InternalRow } from './Expression';
import { AttributeReference, newExprId } from './namedExpressions';
import type { LogicalPlan } from '../plans/logical/LogicalPlan';
import { BooleanType, type DataType } from '../../types';

/** A column of the outer query read inside a subquery (Spark's OuterReference): prints `outer(uid#1)`. */
export class OuterReference extends LeafExpression {
  constructor(readonly attribute: AttributeReference) {
    super();
  }
  get dataType(): DataType {
    return this.attribute.dataType;
  }
  override get nullable(): boolean {
    return this.attribute.nullable;
  }
  override get prettyName(): string {
    return 'outer';
  }
  override toString(): string {
    return `outer(${this.attribute})`;
  }
  override get sql(): string {
    return `outer(${this.attribute.sql})`;
  }
  eval(): unknown {
    throw new Error(`${this} cannot be evaluated: its subquery must be rewritten first`);
  }
}

/** What EXISTS, IN and scalar subqueries share: the plan, the outer attributes it reads and an id. */
export abstract class SubqueryExpression extends Expression {
  readonly children: readonly Expression[];
  constructor(
    readonly plan: LogicalPlan,
    outerAttrs: readonly Expression[] = [],
    readonly exprId: number = newExprId(),
  ) {
    super();
    this.children = outerAttrs;
  }
  get outerAttrs(): readonly Expression[] {
    return this.children;
  }
  /** True when the query reads a column of the outer query. */
  get isCorrelated(): boolean {
    return this.children.length > 0;
  }
  override get resolved(): boolean {
    return this.childrenResolved && this.plan.resolved;
  }
  override get foldable(): boolean {
    return false;
  }
  /** The same expression over another plan (the analyzer's or optimizer's version of it). */
  withNewPlan(plan: LogicalPlan, outerAttrs: readonly Expression[] = this.children): this {
    return this.copyWith({ plan, children: outerAttrs } as unknown as Partial<Expression>) as this;
  }
  protected get conditionString(): string {
    return `[${this.children.join(' && ')}]`;
  }
  eval(_input: InternalRow): unknown {
    throw new Error(`${this} cannot be evaluated row by row: it must be rewritten or executed first`);
  }
}

/** `EXISTS (query)`: true when the query (for this outer row, if correlated) has a row. */
export class Exists extends SubqueryExpression {
  get dataType(): DataType {
    return BooleanType;
  }
  override get nullable(): boolean {
    return false;
  }
  override toString(): string {
    return `exists#${this.exprId} ${this.conditionString}`;
  }
  override get sql(): string {
    return `exists(${this.children.map((c) => c.sql).join(', ')})`;
  }
}

/** The query of `x IN (query)` (Spark's ListQuery). */
export class ListQuery extends SubqueryExpression {
  get dataType(): DataType {
    return this.plan.output[0]?.dataType ?? BooleanType;
  }
  override toString(): string {
    return `list#${this.exprId} ${this.conditionString}`;
  }
  override get sql(): string {
    return `listquery(${this.children.map((c) => c.sql).join(', ')})`;
  }
}

/** `value IN (query)` (Spark's InSubquery); `NOT IN` is its Not. */
export class InSubquery extends Expression {
  readonly children: readonly Expression[];
  constructor(value: Expression, query: ListQuery) {
    super();
    this.children = [value, query];
  }
  get value(): Expression {
    return this.children[0];
  }
  get query(): ListQuery {
    return this.children[1] as ListQuery;
  }
  get dataType(): DataType {
    return BooleanType;
  }
  override get foldable(): boolean {
    return false;
  }
  override toString(): string {
    return `${this.value} IN (${this.query})`;
  }
  override get sql(): string {
    return `(${this.value.sql} IN (${this.query.sql}))`;
  }
  eval(): unknown {
    throw new Error(`${this} cannot be evaluated row by row: it must be rewritten first`);
  }
}

/** `(SELECT one value FROM …)`: null when the query has no row; more than one row is an error. */
export class ScalarSubquery extends SubqueryExpression {
  get dataType(): DataType {
    return this.plan.output[0]?.dataType ?? BooleanType;
  }
  override get nullable(): boolean {
    return true;
  }
  override toString(): string {
    return `scalar-subquery#${this.exprId} ${this.conditionString}`;
  }
  override get sql(): string {
    return `scalarsubquery(${this.children.map((c) => c.sql).join(', ')})`;
  }
}

/** Whether the expression holds a subquery (Spark's SubqueryExpression.hasSubquery). */
export function hasSubquery(e: Expression): boolean {
  return e.exists((x) => x instanceof SubqueryExpression);
}
