/** Spark's string functions (stringExpressions.scala, regexpExpressions.scala) that learners reach for. */
import { BinaryExpression, Expression, UnaryExpression, type InternalRow } from './Expression';
import { ArrayType, BooleanType, IntegerType, StringType, type DataType } from '../../types';
import { scalaString } from './literals';

/** A string function of one argument: `upper`, `lower`, `trim`, `ltrim`, `rtrim`, `initcap`, `reverse`. */
export class StringUnary extends UnaryExpression {
  constructor(
    child: Expression,
    readonly fn: 'upper' | 'lower' | 'trim' | 'ltrim' | 'rtrim' | 'initcap' | 'reverse',
  ) {
    super(child);
  }
  get dataType(): DataType {
    return StringType;
  }
  override get prettyName(): string {
    return this.fn;
  }
  protected override nullSafeEval(v: unknown): unknown {
    const s = String(v);
    switch (this.fn) {
      case 'upper':
        return s.toUpperCase();
      case 'lower':
        return s.toLowerCase();
      case 'trim':
        return s.replace(/^ +| +$/g, '');
      case 'ltrim':
        return s.replace(/^ +/, '');
      case 'rtrim':
        return s.replace(/ +$/, '');
      case 'initcap':
        return s.toLowerCase().replace(/(^|\s)(\S)/g, (_m, a: string, b: string) => a + b.toUpperCase());
      case 'reverse':
        return [...s].reverse().join('');
    }
  }
}

/** `length(s)`: characters (code points), as Spark counts them. */
export class Length extends UnaryExpression {
  override get prettyName(): string {
    return 'length';
  }
  get dataType(): DataType {
    return IntegerType;
  }
  protected override nullSafeEval(v: unknown): unknown {
    return [...String(v)].length;
  }
}

/** `concat(a, b, …)`: null if any argument is null. */
export class Concat extends Expression {
  override get prettyName(): string {
    return 'concat';
  }
  readonly children: readonly Expression[];
  constructor(children: readonly Expression[]) {
    super();
    this.children = children;
  }
  get dataType(): DataType {
    return StringType;
  }
  override get foldable(): boolean {
    return this.children.every((c) => c.foldable);
  }
  eval(input: InternalRow): unknown {
    let out = '';
    for (const c of this.children) {
      const v = c.eval(input);
      if (v === null || v === undefined) return null;
      out += scalaString(v, c.dataType);
    }
    return out;
  }
}

/** `concat_ws(sep, a, b, …)`: skips nulls. */
export class ConcatWs extends Expression {
  readonly children: readonly Expression[];
  constructor(children: readonly Expression[]) {
    super();
    this.children = children;
  }
  get dataType(): DataType {
    return StringType;
  }
  override get prettyName(): string {
    return 'concat_ws';
  }
  eval(input: InternalRow): unknown {
    const sep = this.children[0].eval(input);
    if (sep === null) return null;
    const parts: string[] = [];
    for (const c of this.children.slice(1)) {
      const v = c.eval(input);
      if (v !== null && v !== undefined) parts.push(scalaString(v, c.dataType));
    }
    return parts.join(String(sep));
  }
}

/** `substring(s, pos, len)`: 1-based; a negative pos counts from the end. */
export class Substring extends Expression {
  override get prettyName(): string {
    return 'substring';
  }
  readonly children: readonly Expression[];
  constructor(str: Expression, pos: Expression, len: Expression) {
    super();
    this.children = [str, pos, len];
  }
  get dataType(): DataType {
    return StringType;
  }
  override get foldable(): boolean {
    return this.children.every((c) => c.foldable);
  }
  eval(input: InternalRow): unknown {
    const [s, p, l] = this.children.map((c) => c.eval(input));
    if (s === null || p === null || l === null) return null;
    const chars = [...String(s)];
    let start = p as number;
    const len = l as number;
    if (start > 0) start -= 1;
    else if (start < 0) start = chars.length + start;
    const end = len === Number.MAX_SAFE_INTEGER ? chars.length : start + len;
    return chars.slice(Math.max(0, start), Math.max(0, end)).join('');
  }
}

/** `s LIKE pattern`: `%` any run, `_` one character, `\` escapes. */
export class Like extends BinaryExpression {
  get dataType(): DataType {
    return BooleanType;
  }
  override toString(): string {
    return `${this.left} LIKE ${this.right}`;
  }
  override get sql(): string {
    return `${this.left.sql} LIKE ${this.right.sql}`;
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    return likeToRegExp(String(r)).test(String(l));
  }
}

const likeCache = new Map<string, RegExp>();

export function likeToRegExp(pattern: string): RegExp {
  let re = likeCache.get(pattern);
  if (re) return re;
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) src += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') src += '[\\s\\S]*';
    else if (ch === '_') src += '[\\s\\S]';
    else src += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`);
  likeCache.set(pattern, re);
  return re;
}

/** `rlike`, `startswith`, `endswith`, `contains`. */
export class StringPredicate extends BinaryExpression {
  constructor(
    left: Expression,
    right: Expression,
    readonly fn: 'rlike' | 'startswith' | 'endswith' | 'contains',
  ) {
    super(left, right);
  }
  get dataType(): DataType {
    return BooleanType;
  }
  override get prettyName(): string {
    return this.fn;
  }
  override toString(): string {
    return this.fn === 'rlike'
      ? `RLIKE(${this.left}, ${this.right})`
      : `${this.fn === 'contains' ? 'Contains' : this.fn === 'startswith' ? 'StartsWith' : 'EndsWith'}(${this.left}, ${this.right})`;
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    const s = String(l);
    const t = String(r);
    switch (this.fn) {
      case 'rlike':
        return new RegExp(t).test(s);
      case 'startswith':
        return s.startsWith(t);
      case 'endswith':
        return s.endsWith(t);
      case 'contains':
        return s.includes(t);
    }
  }
}

/** `split(s, regex)`: an array of strings. */
export class StringSplit extends BinaryExpression {
  get dataType(): DataType {
    return new ArrayType(StringType, false);
  }
  override get prettyName(): string {
    return 'split';
  }
  protected override nullSafeEval(l: unknown, r: unknown): unknown {
    return String(l).split(new RegExp(String(r)));
  }
}
