/**
 * Spark's unresolved expressions (analysis/unresolved.scala): what the
 * parser and the Column API build before the analyzer knows columns'
 * types and ids. Printed with a leading `'`, as Spark prints them.
 */
import { Expression, LeafExpression, UnaryExpression, type InternalRow } from '../expressions/Expression';
import type { DataType } from '../../types';
import { quoteIfNeeded } from '../expressions/namedExpressions';

abstract class Unresolved extends LeafExpression {
  get dataType(): DataType {
    throw new Error(`Invalid call to dataType on unresolved object ${this}`);
  }
  override get resolved(): boolean {
    return false;
  }
  override get nullable(): boolean {
    throw new Error(`Invalid call to nullable on unresolved object ${this}`);
  }
  eval(_input: InternalRow): unknown {
    throw new Error(`Cannot evaluate unresolved ${this}`);
  }
}

/** A column by name, possibly qualified (`t.x`). */
export class UnresolvedAttribute extends Unresolved {
  constructor(readonly nameParts: readonly string[]) {
    super();
  }
  /** Splits `a.b` on dots outside backquotes, as Spark's `UnresolvedAttribute.quotedString` parsing. */
  static quoted(name: string): UnresolvedAttribute {
    const parts: string[] = [];
    let cur = '';
    let inQuote = false;
    for (let i = 0; i < name.length; i++) {
      const ch = name[i];
      if (ch === '`') {
        if (inQuote && name[i + 1] === '`') {
          cur += '`';
          i++;
        } else inQuote = !inQuote;
      } else if (ch === '.' && !inQuote) {
        parts.push(cur);
        cur = '';
      } else cur += ch;
    }
    parts.push(cur);
    return new UnresolvedAttribute(parts);
  }
  get name(): string {
    return this.nameParts.map(quoteIfNeeded).join('.');
  }
  override toString(): string {
    return `'${this.nameParts.join('.')}`;
  }
  override get sql(): string {
    return this.nameParts.map(quoteIfNeeded).join('.');
  }
}

/** `*` or `t.*`. */
export class UnresolvedStar extends Unresolved {
  constructor(readonly target?: readonly string[]) {
    super();
  }
  override toString(): string {
    return this.target ? `${this.target.join('.')}.*` : '*';
  }
  override get sql(): string {
    return this.toString();
  }
}

/** A function call by name: `count(x)`, `upper(name)`. */
export class UnresolvedFunction extends Expression {
  readonly children: readonly Expression[];
  constructor(
    readonly name: string,
    args: readonly Expression[],
    readonly isDistinct = false,
    readonly ignoreNulls = false,
  ) {
    super();
    this.children = args;
  }
  get dataType(): DataType {
    throw new Error(`Invalid call to dataType on unresolved function ${this}`);
  }
  override get resolved(): boolean {
    return false;
  }
  eval(): unknown {
    throw new Error(`Cannot evaluate unresolved ${this}`);
  }
  override toString(): string {
    return `'${this.name}(${this.isDistinct ? 'distinct ' : ''}${this.children.join(', ')})`;
  }
  override get sql(): string {
    return `${this.name}(${this.isDistinct ? 'DISTINCT ' : ''}${this.children.map((c) => c.sql).join(', ')})`;
  }
}

/** An expression the analyzer will name once resolved (Spark's UnresolvedAlias). */
export class UnresolvedAlias extends UnaryExpression {
  get dataType(): DataType {
    throw new Error(`Invalid call to dataType on unresolved alias ${this}`);
  }
  override get resolved(): boolean {
    return false;
  }
  override eval(): unknown {
    throw new Error(`Cannot evaluate unresolved ${this}`);
  }
  override toString(): string {
    return `unresolvedalias(${this.child})`;
  }
  override get sql(): string {
    return this.child.sql;
  }
}

/** A window named in `WINDOW w AS (…)`, referenced by `OVER w`. */
export class UnresolvedWindowReference extends Unresolved {
  constructor(readonly windowName: string) {
    super();
  }
}
