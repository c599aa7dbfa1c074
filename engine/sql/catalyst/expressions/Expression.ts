/**
 * Spark's Expression: a node of a column's computation tree. Each knows its
 * type, whether it can be null, whether it is resolved, how it prints in a
 * plan (`toString`: `(id#0L % 10)`) and in SQL (`sql`: `(id % 10)`, what
 * column names are made of), and how to evaluate itself against a row.
 */
import { TreeNode, classKey } from '../trees/TreeNode';
import type { DataType } from '../../types';
import type { SqlOrigin } from '../../errors';

/** A row as operators pass it: one value per column of the operator's output. */
export type InternalRow = readonly unknown[];

/** Why an expression's input types are wrong: an error class and its parameters (see TypeCheckResult). */
export interface TypeCheckFailure {
  errorSubClass: string;
  messageParameters: Record<string, string>;
}

export abstract class Expression extends TreeNode<Expression> {
  /** Where this expression came from in a SQL text, for error messages. */
  origin?: SqlOrigin;

  abstract get dataType(): DataType;

  get nullable(): boolean {
    return this.children.some((c) => c.nullable);
  }

  /** True when the expression can be evaluated once at planning time (ConstantFolding). */
  get foldable(): boolean {
    return false;
  }

  get deterministic(): boolean {
    return this.children.every((c) => c.deterministic);
  }

  get childrenResolved(): boolean {
    return this.children.every((c) => c.resolved);
  }

  get resolved(): boolean {
    return this.childrenResolved && this.checkInputDataTypes() === null;
  }

  /** null when the children's types suit this expression. */
  checkInputDataTypes(): TypeCheckFailure | null {
    return null;
  }

  /** The value of this expression for one input row. */
  abstract eval(input: InternalRow): unknown;

  /** Spark's `prettyName`: the function name in plans and SQL. */
  get prettyName(): string {
    return this.nodeName.toLowerCase();
  }

  /** How plans print it: `sum(x#3L)`. */
  override toString(): string {
    return `${this.prettyName}(${this.children.join(', ')})`;
  }

  /** How SQL prints it: `sum(x)`; names of generated columns are made from this (toPrettySQL). */
  get sql(): string {
    return `${this.prettyName}(${this.children.map((c) => c.sql).join(', ')})`;
  }

  /** The attributes this expression reads. */
  get references(): AttributeLike[] {
    const out: AttributeLike[] = [];
    this.foreach((e) => {
      if (isAttribute(e)) out.push(e);
    });
    return out;
  }

  /** This expression marked as coming from `origin` in a SQL text (for error messages). */
  withOrigin<T extends Expression>(this: T, origin: SqlOrigin | undefined): T {
    if (!origin || this.origin === origin) return this;
    const copy = this.copyWith({} as Partial<Expression>) as T;
    copy.origin = origin;
    return copy;
  }

  /** Equal up to cosmetic differences (Spark's `semanticEquals`): same tree, same attribute ids. */
  semanticEquals(other: Expression): boolean {
    return this.deterministic && other.deterministic && canonical(this) === canonical(other);
  }
}

/** A leaf: no children. */
export abstract class LeafExpression extends Expression {
  readonly children: readonly Expression[] = [];
}

/** One child; null in gives null out unless the subclass says otherwise. */
export abstract class UnaryExpression extends Expression {
  readonly children: readonly Expression[];
  constructor(child: Expression) {
    super();
    this.children = [child];
  }
  get child(): Expression {
    return this.children[0];
  }
  override get foldable(): boolean {
    return this.child.foldable;
  }
  eval(input: InternalRow): unknown {
    const v = this.child.eval(input);
    return v === null || v === undefined ? null : this.nullSafeEval(v);
  }
  protected nullSafeEval(_v: unknown): unknown {
    throw new Error(`${this.nodeName} must override eval or nullSafeEval`);
  }
}

/** Two children; null on either side gives null unless the subclass says otherwise. */
export abstract class BinaryExpression extends Expression {
  readonly children: readonly Expression[];
  constructor(left: Expression, right: Expression) {
    super();
    this.children = [left, right];
  }
  get left(): Expression {
    return this.children[0];
  }
  get right(): Expression {
    return this.children[1];
  }
  override get foldable(): boolean {
    return this.left.foldable && this.right.foldable;
  }
  eval(input: InternalRow): unknown {
    const l = this.left.eval(input);
    if (l === null || l === undefined) return null;
    const r = this.right.eval(input);
    if (r === null || r === undefined) return null;
    return this.nullSafeEval(l, r);
  }
  protected nullSafeEval(_l: unknown, _r: unknown): unknown {
    throw new Error(`${this.nodeName} must override eval or nullSafeEval`);
  }
}

/** An infix operator: prints `(left symbol right)` in plans and in SQL. */
export abstract class BinaryOperator extends BinaryExpression {
  abstract get symbol(): string;
  get sqlOperator(): string {
    return this.symbol;
  }
  override toString(): string {
    return `(${this.left} ${this.symbol} ${this.right})`;
  }
  override get sql(): string {
    return `(${this.left.sql} ${this.sqlOperator} ${this.right.sql})`;
  }
}

/** What attributes have in common (AttributeReference, and the analyzer's PrettyAttribute). */
export interface AttributeLike extends Expression {
  readonly name: string;
  readonly exprId: number;
  readonly qualifier: readonly string[];
}

export function isAttribute(e: Expression): e is AttributeLike {
  return (e as { isAttribute?: boolean }).isAttribute === true;
}

/** A string that is the same for semantically equal expressions: aliases' names and qualifiers left out. */
export function canonical(e: Expression): string {
  if (isAttribute(e)) return `#${e.exprId}`;
  const args: string[] = [];
  for (const [k, v] of Object.entries(e)) {
    if (k === 'children' || k === 'origin' || v === undefined) continue;
    if (v === null || typeof v !== 'object') args.push(`${k}=${String(v)}`);
    else if (typeof (v as { simpleString?: unknown }).simpleString === 'string')
      args.push(`${k}=${(v as { simpleString: string }).simpleString}`);
  }
  return `${classKey(e)}[${args.join(',')}](${e.children.map(canonical).join(',')})`;
}
