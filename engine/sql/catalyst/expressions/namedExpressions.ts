/**
 * Spark's named expressions: attributes (`id#0L`) and aliases
 * (`(id#0L % 10) AS k#8L`). Expression ids come from one counter per driver,
 * as Spark's `NamedExpression.newExprId` is one per JVM.
 */
import { Expression, LeafExpression, UnaryExpression, type AttributeLike, type InternalRow } from './Expression';
import { LongType, type DataType } from '../../types';

let nextExprId = 0;

/** A new expression id (Spark's `NamedExpression.newExprId`). */
export function newExprId(): number {
  return nextExprId++;
}

/** Plans print an `L` after long attributes (Spark's `typeSuffix`). */
function typeSuffix(t: DataType): string {
  return t === LongType ? 'L' : '';
}

/** Backquotes a name for SQL when it is not a plain identifier (Spark's `quoteIfNeeded`). */
export function quoteIfNeeded(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : '`' + name.replace(/`/g, '``') + '`';
}

export interface NamedExpression extends Expression {
  readonly name: string;
  readonly exprId: number;
  readonly qualifier: readonly string[];
  toAttribute(): AttributeReference;
}

export function isNamed(e: Expression): e is NamedExpression {
  return typeof (e as { toAttribute?: unknown }).toAttribute === 'function';
}

/**
 * A column of a plan's output, by id. Evaluating one directly is a planning
 * bug: operators bind attributes to positions first (BoundReference).
 */
export class AttributeReference extends LeafExpression implements AttributeLike, NamedExpression {
  readonly isAttribute = true;
  constructor(
    readonly name: string,
    readonly attrType: DataType,
    readonly isNullable = true,
    readonly exprId: number = newExprId(),
    readonly qualifier: readonly string[] = [],
  ) {
    super();
  }
  get dataType(): DataType {
    return this.attrType;
  }
  override get nullable(): boolean {
    return this.isNullable;
  }
  override get deterministic(): boolean {
    return true;
  }
  toAttribute(): AttributeReference {
    return this;
  }
  withQualifier(qualifier: readonly string[]): AttributeReference {
    return this.copyWith({ qualifier } as Partial<Expression>) as AttributeReference;
  }
  withName(name: string): AttributeReference {
    return this.copyWith({ name } as Partial<Expression>) as AttributeReference;
  }
  withNullability(isNullable: boolean): AttributeReference {
    return this.copyWith({ isNullable } as Partial<Expression>) as AttributeReference;
  }
  /** The same column under a new id (Spark's `newInstance`, used for self-joins). */
  newInstance(): AttributeReference {
    return new AttributeReference(this.name, this.attrType, this.isNullable, newExprId(), this.qualifier);
  }
  eval(_input: InternalRow): unknown {
    throw new Error(`Cannot evaluate unbound attribute ${this}`);
  }
  override toString(): string {
    return `${this.name}#${this.exprId}${typeSuffix(this.attrType)}`;
  }
  override get sql(): string {
    return [...this.qualifier, this.name].map(quoteIfNeeded).join('.');
  }
}

/** `child AS name`: names a computed column. */
export class Alias extends UnaryExpression implements NamedExpression {
  constructor(
    child: Expression,
    readonly name: string,
    readonly exprId: number = newExprId(),
    readonly qualifier: readonly string[] = [],
  ) {
    super(child);
  }
  get dataType(): DataType {
    return this.child.dataType;
  }
  override get nullable(): boolean {
    return this.child.nullable;
  }
  override get foldable(): boolean {
    return false;
  }
  override eval(input: InternalRow): unknown {
    return this.child.eval(input);
  }
  toAttribute(): AttributeReference {
    return new AttributeReference(this.name, this.child.dataType, this.child.nullable, this.exprId, this.qualifier);
  }
  override toString(): string {
    return `${this.child} AS ${this.name}#${this.exprId}${this.resolved ? typeSuffix(this.child.dataType) : ''}`;
  }
  override get sql(): string {
    return `${this.child.sql} AS ${quoteIfNeeded(this.name)}`;
  }
}

/** An attribute bound to its position in the input row, as operators evaluate it. */
export class BoundReference extends LeafExpression {
  constructor(
    readonly ordinal: number,
    readonly boundType: DataType,
    readonly isNullable: boolean,
  ) {
    super();
  }
  get dataType(): DataType {
    return this.boundType;
  }
  override get nullable(): boolean {
    return this.isNullable;
  }
  eval(input: InternalRow): unknown {
    return input[this.ordinal];
  }
  override toString(): string {
    return `input[${this.ordinal}, ${this.boundType.simpleString}, ${this.isNullable}]`;
  }
}

/**
 * Replaces each attribute with its position in `input` (Spark's
 * `BindReferences.bindReference`).
 *
 * @example
 * bindReference(add(a, b), [a, b]).eval([1, 2]); // 3
 */
export function bindReference<E extends Expression>(expr: E, input: readonly AttributeReference[]): E {
  const positions = new Map<number, number>();
  input.forEach((a, i) => {
    if (!positions.has(a.exprId)) positions.set(a.exprId, i);
  });
  return expr.transformUp((e) => {
    if (e instanceof AttributeReference) {
      const ordinal = positions.get(e.exprId);
      if (ordinal === undefined) throw new Error(`Couldn't find ${e} in [${input.join(',')}]`);
      return new BoundReference(ordinal, e.dataType, e.nullable);
    }
    return undefined;
  }) as E;
}
