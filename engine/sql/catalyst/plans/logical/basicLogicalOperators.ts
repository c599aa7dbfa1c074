/** Spark's basic logical operators (basicLogicalOperators.scala), with the lines `explain(true)` prints. */
import { BinaryNode, LeafNode, LogicalPlan, UnaryNode, attrList, rowSize, type Statistics } from './LogicalPlan';
import type { Expression } from '../../expressions/Expression';
import { AttributeReference, isNamed, type NamedExpression } from '../../expressions/namedExpressions';
import type { SortOrder } from '../../expressions/ordering';
import { LongType } from '../../../types';
import { AggregateExpression } from '../../expressions/aggregate/interfaces';
import type { WindowExpression } from '../../expressions/windowExpressions';

export class Project extends UnaryNode {
  constructor(
    readonly projectList: readonly Expression[],
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): AttributeReference[] {
    return this.projectList.map((e) => (e as NamedExpression).toAttribute());
  }
  override get resolved(): boolean {
    return super.resolved && this.projectList.every(isNamed);
  }
  get simpleString(): string {
    return `Project ${attrList(this.projectList)}`;
  }
  override get stats(): Statistics {
    const c = this.child.stats;
    const ratio = rowSize(this.output) / Math.max(rowSize(this.child.output), 1);
    return { sizeInBytes: Math.ceil(c.sizeInBytes * ratio), rowCount: c.rowCount };
  }
}

export class Filter extends UnaryNode {
  constructor(
    readonly condition: Expression,
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  get simpleString(): string {
    return `Filter ${this.condition}`;
  }
}

export class Aggregate extends UnaryNode {
  constructor(
    readonly groupingExpressions: readonly Expression[],
    readonly aggregateExpressions: readonly Expression[],
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): AttributeReference[] {
    return this.aggregateExpressions.map((e) => (e as NamedExpression).toAttribute());
  }
  override get resolved(): boolean {
    return super.resolved && this.aggregateExpressions.every(isNamed);
  }
  get simpleString(): string {
    return `Aggregate ${attrList(this.groupingExpressions)}, ${attrList(this.aggregateExpressions)}`;
  }
  override get stats(): Statistics {
    if (this.groupingExpressions.length === 0) return { sizeInBytes: rowSize(this.output), rowCount: 1 };
    const c = this.child.stats;
    const ratio = rowSize(this.output) / Math.max(rowSize(this.child.output), 1);
    return { sizeInBytes: Math.ceil(c.sizeInBytes * ratio) };
  }
}

export type JoinType = 'Inner' | 'LeftOuter' | 'RightOuter' | 'FullOuter' | 'LeftSemi' | 'LeftAnti' | 'Cross';

/** A join hint as Spark keeps it on the join (`leftHint=(strategy=broadcast)`). */
export interface JoinHint {
  left?: string;
  right?: string;
}

export class Join extends BinaryNode {
  constructor(
    left: LogicalPlan,
    right: LogicalPlan,
    readonly joinType: JoinType,
    readonly condition: Expression | undefined,
    readonly hint: JoinHint = {},
  ) {
    super(left, right);
  }
  get output(): AttributeReference[] {
    const l = this.left.output;
    const r = this.right.output;
    switch (this.joinType) {
      case 'LeftSemi':
      case 'LeftAnti':
        return [...l];
      case 'LeftOuter':
        return [...l, ...r.map((a) => a.withNullability(true))];
      case 'RightOuter':
        return [...l.map((a) => a.withNullability(true)), ...r];
      case 'FullOuter':
        return [...l, ...r].map((a) => a.withNullability(true));
      default:
        return [...l, ...r];
    }
  }
  get simpleString(): string {
    const hints = [
      this.hint.left && `leftHint=(strategy=${this.hint.left})`,
      this.hint.right && `rightHint=(strategy=${this.hint.right})`,
    ].filter(Boolean);
    return `Join ${this.joinType}${this.condition ? `, ${this.condition}` : ''}${hints.length ? `, ${hints.join(', ')}` : ''}`;
  }
  override get stats(): Statistics {
    if (this.joinType === 'LeftSemi' || this.joinType === 'LeftAnti') return this.left.stats;
    return super.stats;
  }
}

/** `global`: a total order (orderBy); otherwise within partitions (sortWithinPartitions). */
export class Sort extends UnaryNode {
  constructor(
    readonly order: readonly SortOrder[],
    readonly global: boolean,
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  get simpleString(): string {
    return `Sort ${attrList(this.order)}, ${this.global}`;
  }
}

export class GlobalLimit extends UnaryNode {
  constructor(
    readonly limit: number,
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  get simpleString(): string {
    return `GlobalLimit ${this.limit}`;
  }
  override get stats(): Statistics {
    return { sizeInBytes: Math.max(1, this.limit) * rowSize(this.output), rowCount: this.limit };
  }
}

export class LocalLimit extends UnaryNode {
  constructor(
    readonly limit: number,
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  get simpleString(): string {
    return `LocalLimit ${this.limit}`;
  }
}

/** `spark.range(start, end, step, numPartitions)`: one bigint column `id`. */
export class Range extends LeafNode {
  readonly rangeOutput: readonly AttributeReference[];
  constructor(
    readonly start: number,
    readonly end: number,
    readonly step: number,
    readonly numSlices: number | undefined,
    output?: readonly AttributeReference[],
  ) {
    super();
    this.rangeOutput = output ?? [new AttributeReference('id', LongType, false)];
  }
  get output(): readonly AttributeReference[] {
    return this.rangeOutput;
  }
  get numElements(): number {
    return Math.max(0, Math.ceil((this.end - this.start) / this.step));
  }
  get simpleString(): string {
    return `Range (${this.start}, ${this.end}, step=${this.step}, splits=${this.numSlices === undefined ? 'None' : `Some(${this.numSlices})`})`;
  }
  override get stats(): Statistics {
    return { sizeInBytes: this.numElements * 8, rowCount: this.numElements };
  }
}

/** A table or view name, or a CTE's, given an alias: `SubqueryAlias spark_catalog.default.t`. */
export class SubqueryAlias extends UnaryNode {
  constructor(
    readonly alias: string,
    child: LogicalPlan,
    readonly qualifier: readonly string[] = [alias],
  ) {
    super(child);
  }
  get output(): AttributeReference[] {
    return this.child.output.map((a) => a.withQualifier(this.qualifier));
  }
  get simpleString(): string {
    return `SubqueryAlias ${this.qualifier.join('.')}`;
  }
}

export class Union extends LogicalPlan {
  constructor(
    readonly children: readonly LogicalPlan[],
    readonly byName = false,
    readonly allowMissingCol = false,
  ) {
    super();
  }
  get output(): AttributeReference[] {
    const first = this.children[0].output;
    return first.map((a, i) => a.withNullability(this.children.some((c) => c.output[i]?.nullable ?? true)));
  }
  get simpleString(): string {
    return `Union ${this.byName}, ${this.allowMissingCol}`;
  }
  override get stats(): Statistics {
    return { sizeInBytes: this.children.reduce((a, c) => a + c.stats.sizeInBytes, 0) };
  }
}

/** `distinct()`: replaced by an Aggregate on every column (ReplaceDistinctWithAggregate). */
export class Distinct extends UnaryNode {
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  get simpleString(): string {
    return 'Distinct';
  }
}

/** `dropDuplicates(cols)`: the first row of each key (ReplaceDeduplicateWithAggregate). */
export class Deduplicate extends UnaryNode {
  constructor(
    readonly keys: readonly AttributeReference[],
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  get simpleString(): string {
    return `Deduplicate ${attrList(this.keys)}`;
  }
}

/** `repartition(n)` (shuffle) and `coalesce(n)` (no shuffle). */
export class Repartition extends UnaryNode {
  constructor(
    readonly numPartitions: number,
    readonly shuffle: boolean,
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  get simpleString(): string {
    return `Repartition ${this.numPartitions}, ${this.shuffle}`;
  }
}

/** `repartition(n?, cols…)`: hash partitioning by expressions; n defaults to spark.sql.shuffle.partitions. */
export class RepartitionByExpression extends UnaryNode {
  constructor(
    readonly partitionExpressions: readonly Expression[],
    child: LogicalPlan,
    readonly optNumPartitions: number | undefined,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  get simpleString(): string {
    return `RepartitionByExpression ${attrList(this.partitionExpressions)}${this.optNumPartitions !== undefined ? `, ${this.optNumPartitions}` : ''}`;
  }
}

/** Window functions over one partitioning and ordering: the child's columns plus one per window expression. */
export class Window extends UnaryNode {
  constructor(
    readonly windowExpressions: readonly Expression[],
    readonly partitionSpec: readonly Expression[],
    readonly orderSpec: readonly SortOrder[],
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): AttributeReference[] {
    return [...this.child.output, ...this.windowExpressions.map((e) => (e as NamedExpression).toAttribute())];
  }
  get simpleString(): string {
    return `Window ${attrList(this.windowExpressions)}, ${attrList(this.partitionSpec)}, ${attrList(this.orderSpec)}`;
  }
}

/** A hint on a subtree (`F.broadcast(df)`, `/*+ BROADCAST(t) *\/`). */
export class ResolvedHint extends UnaryNode {
  constructor(
    readonly strategy: string,
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  get simpleString(): string {
    return `ResolvedHint (strategy=${this.strategy})`;
  }
}

/** A hint by name before the analyzer finds what it names. */
export class UnresolvedHint extends UnaryNode {
  constructor(
    readonly name: string,
    readonly parameters: readonly string[],
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get resolved(): boolean {
    return false;
  }
  get simpleString(): string {
    return `'UnresolvedHint ${this.name}, [${this.parameters.join(', ')}]`;
  }
}

/** A table or view by name, before the analyzer looks it up. */
export class UnresolvedRelation extends LeafNode {
  constructor(
    readonly multipartIdentifier: readonly string[],
    /** Where the name is in the SQL text, for TABLE_OR_VIEW_NOT_FOUND. */
    readonly origin?: import('../../../errors').SqlOrigin,
  ) {
    super();
  }
  get output(): readonly AttributeReference[] {
    return [];
  }
  override get resolved(): boolean {
    return false;
  }
  get simpleString(): string {
    return `'UnresolvedRelation [${this.multipartIdentifier.join(', ')}], [], false`;
  }
}

/** `WITH name AS (…) query`: the CTE definitions, substituted by the analyzer (CTESubstitution). */
export class UnresolvedWith extends UnaryNode {
  constructor(
    child: LogicalPlan,
    readonly cteRelations: readonly [string, LogicalPlan][],
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.child.output;
  }
  override get resolved(): boolean {
    return false;
  }
  override get innerChildren(): readonly LogicalPlan[] {
    return this.cteRelations.map(([, p]) => p);
  }
  get simpleString(): string {
    return `'UnresolvedWith [${this.cteRelations.map(([n]) => n).join(', ')}]`;
  }
}

/** True when an expression holds an aggregate function (Spark's `AggregateExpression.containsAggregate`). */
export function containsAggregate(e: Expression): boolean {
  return e.exists((x) => x instanceof AggregateExpression);
}

/** True when an expression holds a window expression. */
export function containsWindow(e: Expression): boolean {
  return e.exists((x) => (x as WindowExpression).windowSpec !== undefined && x.constructor.name === 'WindowExpression');
}

/**
 * Spark's Expand: every input row once per projection, each projection giving the same `expandOutput` columns
 * (RewriteDistinctAggregates makes one per aggregation group, nulling the columns the others read).
 */
export class Expand extends UnaryNode {
  constructor(
    readonly projections: readonly (readonly Expression[])[],
    readonly expandOutput: readonly AttributeReference[],
    child: LogicalPlan,
  ) {
    super(child);
  }
  get output(): readonly AttributeReference[] {
    return this.expandOutput;
  }
  /** What the projections read; the output is made here, not read (Spark's Expand.references). */
  override get references(): AttributeReference[] {
    return this.projections.flat().flatMap((e) => e.references) as AttributeReference[];
  }
  get simpleString(): string {
    return `Expand ${attrList(this.projections.map(attrList))}, ${attrList(this.expandOutput)}`;
  }
  /** Expand.computeStats: the child's size once per projection. */
  override get stats(): Statistics {
    return { sizeInBytes: this.child.stats.sizeInBytes * this.projections.length };
  }
}
