/**
 * Whole-stage code generation, as Spark's WholeStageCodegenExec does it: a
 * run of a stage's operators (scan row conversion, Project, Filter, the
 * partial or final HashAggregate, an exchange's partition ids) becomes one
 * JavaScript function with one loop over the input, in which every
 * expression is JavaScript source rather than a tree of objects evaluated
 * per row, columns live in local variables between operators (no array per
 * operator per row), and the aggregation's hash map is updated inline
 * (Spark's HashAggregateExec.doConsumeWithKeys). The function is a generator
 * that yields only what leaves the run: an aggregate's groups, or each row
 * when nothing in the run holds rows.
 *
 * What cannot be compiled falls back to the interpreted operators
 * (operators.ts), as Spark falls back for operators without CodegenSupport
 * or aggregates that are not declarative: an expression without a code
 * template here is called through its own `eval` (or `nullSafeEval` for the
 * null-propagating shapes), an aggregate over functions other than count,
 * sum, avg, min and max runs interpreted, and so does everything after it.
 * Errors are thrown by the same expression methods the interpreter calls
 * (a zero divisor, a malformed cast), so their messages do not change.
 *
 * SQL metrics are counted in local variables and reported once per
 * partition, when the rows end or the reader stops (Spark adds to its
 * SQLMetric accumulators without timing rows): no clock is read per row.
 *
 * The source depends only on the plan, never on a task, so a compiled
 * function is kept per source text on each executor thread and reused by
 * every task of the stage (Spark's CodeGenerator cache); constants travel
 * beside it. `new Function` runs on the task threads, which are module
 * workers without a Content-Security-Policy; if a policy ever forbids it,
 * compilation throws and the interpreted path runs instead.
 */
import { BinaryExpression, UnaryExpression, type Expression } from '../../catalyst/expressions/Expression';
import { Alias, BoundReference } from '../../catalyst/expressions/namedExpressions';
import { Literal } from '../../catalyst/expressions/literals';
import {
  Add,
  Divide,
  IntegralDivide,
  Multiply,
  Pmod,
  Remainder,
  Subtract,
  UnaryMinus,
} from '../../catalyst/expressions/arithmetic';
import {
  And,
  EqualNullSafe,
  EqualTo,
  GreaterThan,
  GreaterThanOrEqual,
  In,
  IsNotNull,
  IsNull,
  LessThan,
  LessThanOrEqual,
  Not,
  Or,
} from '../../catalyst/expressions/predicates';
import { Cast } from '../../catalyst/expressions/Cast';
import { CaseWhen, Coalesce } from '../../catalyst/expressions/conditionalExpressions';
import { Concat } from '../../catalyst/expressions/stringExpressions';
import { compareValues } from '../../catalyst/expressions/ordering';
import { scalaString } from '../../catalyst/expressions/literals';
import type { AggregateExpression } from '../../catalyst/expressions/aggregate/interfaces';
import { Average, Count, MinMax, Sum } from '../../catalyst/expressions/aggregate/functions';
import { NumericType, StringType, type DataType } from '../../types';
import { decodeExpr, type ExprWire } from './expressionCodec';
import { partitionOf } from './murmur3';
import { report, unsafeRowSize, type MetricIds, type MetricSink } from './metrics';
import type { SqlOp } from './operators';

/** The kinds of step a compiled run can hold. */
const COMPILABLE = new Set<SqlOp['kind']>([
  'join',
  'scan',
  'wrapValue',
  'project',
  'filter',
  'aggregate',
  'hashPartition',
  'roundRobin',
  'singlePartition',
  'exchangeRead',
  'tag',
  'duration',
]);

/**
 * Steps that end a compiled run: an exchange's partitioning gives `[partition, row]` pairs; a join side's tag
 * gives its {@link SideStart} mark, then the side's rows as they are (no pair per row).
 */
export const PAIR_STEPS = new Set<SqlOp['kind']>(['hashPartition', 'roundRobin', 'singlePartition', 'tag']);

/** What a compiled run is called with. */
export interface RunArgs {
  /** The input: `next()` gives a row, or `done` after the last. */
  source: { next(): unknown };
  done: unknown;
  /** What the run's `next()` gives after its last row. */
  end: unknown;
  /** Stops the input early (a reader downstream stopped). */
  close?: () => void;
  sink: MetricSink;
  /** When the task began computing (Spark's BufferedRowIterator.startTimeNs), for the stage's duration. */
  started: number;
}

/**
 * The mark a sort-merge or shuffled hash join's side gives before its rows in each partition (the `tag` step):
 * the join's input is both sides' partitions one after the other, and the rows after a mark are that side's.
 */
export class SideStart {
  constructor(readonly side: number) {}
}

/** The marks of the left (0) and right (1) sides. */
export const SIDE_STARTS: readonly SideStart[] = [new SideStart(0), new SideStart(1)];

/** Functions the generated code calls. */
interface Helpers {
  SideStart: typeof SideStart;
  cmp: typeof compareValues;
  keyString: (values: readonly unknown[]) => string;
  partitionOf: typeof partitionOf;
  rowSize: typeof unsafeRowSize;
  report: typeof report;
  now: () => number;
  scalaString: typeof scalaString;
  /** No matches. */
  none: readonly number[];
}

/** Whether `op` can be part of a compiled run (an aggregate only over the functions with templates). */
export function compilable(op: SqlOp): boolean {
  if (!COMPILABLE.has(op.kind)) return false;
  // Spark generates code for the inner hash joins' probe (HashJoin.codegenInner); the other types run interpreted.
  if (op.kind === 'join')
    return op.joinType === 'Inner' && op.leftKeys.length > 0 && (!op.broadcast || op.broadcast.side === 'right');
  if (op.kind === 'aggregate')
    return op.aggregates.every(({ expr }) => {
      const agg = decodeExpr<AggregateExpression>(expr);
      const fn = agg.aggregateFunction;
      // An aggregate FILTER (RewriteDistinctAggregates' `FILTER (WHERE (gid = 1))`) runs interpreted.
      return !agg.filter && (fn instanceof Count || fn instanceof Sum || fn instanceof Average || fn instanceof MinMax);
    });
  return true;
}

/** The current row: its columns in local variables, or an array. */
type RowRef = { vars: string[] } | { array: string } | { left: string; right: string; leftWidth: number };

/** Builds one run's source. */
class Generator {
  readonly consts: unknown[] = [];
  #n = 0;
  /** Statements reporting metrics, run when the rows end or the reader stops. */
  readonly finals: string[] = [];
  /** Declarations before the loop. */
  readonly setup: string[] = [];
  /** Statements at the start of every `next()` (after the end check). */
  readonly prologue: string[] = [];

  fresh(prefix: string): string {
    return `${prefix}${this.#n++}`;
  }

  constant(v: unknown): string {
    this.consts.push(v);
    return `K[${this.consts.length - 1}]`;
  }

  /** A per-partition counter reported into metric `key` of `ids` at the end. */
  counter(ids: MetricIds | undefined, key: string): string | null {
    if (ids?.[key] === undefined) return null;
    const name = this.fresh('m');
    this.setup.push(`let ${name} = 0;`);
    this.finals.push(`H.report(sink, ${this.constant(ids)}, ${JSON.stringify(key)}, ${name});`);
    return name;
  }
}

function column(row: RowRef, i: number): string {
  if ('vars' in row) return row.vars[i] ?? 'undefined';
  if ('array' in row) return `${row.array}[${i}]`;
  return i < row.leftWidth ? `${row.left}[${i}]` : `${row.right}[${i - row.leftWidth}]`;
}

/** The row as an array, declaring it in `out` when its columns are in variables. */
function arrayOf(row: RowRef, g: Generator, out: string[]): string {
  if ('array' in row) return row.array;
  const name = g.fresh('r');
  if ('left' in row) out.push(`const ${name} = ${row.left}.concat(${row.right});`);
  else out.push(`const ${name} = [${row.vars.join(', ')}];`);
  return name;
}

/** Compiles expressions against one row, materialising the row as an array at most once. */
class ExprCompiler {
  #array: string | null = null;
  constructor(
    readonly g: Generator,
    readonly row: RowRef,
  ) {}

  rowArray(out: string[]): string {
    this.#array ??= arrayOf(this.row, this.g, out);
    return this.#array;
  }

  /** Appends statements computing `e` to `out`; gives a JavaScript expression (a name or a literal) of its value. */
  compile(e: Expression, out: string[]): string {
    const g = this.g;
    if (e instanceof BoundReference) return column(this.row, e.ordinal);
    if (e instanceof Alias) return this.compile(e.child, out);
    if (e instanceof Literal) return literal(e.value, g);
    const v = g.fresh('v');
    if (e instanceof And || e instanceof Or) {
      // Three-valued logic, the right side only evaluated when the left does not decide (And.eval, Or.eval).
      const [stop, other] = e instanceof And ? ['false', 'true'] : ['true', 'false'];
      const l = this.compile(e.left, out);
      const right: string[] = [];
      const r = this.compile(e.right, right);
      out.push(
        `let ${v};`,
        `if (${l} === ${stop}) ${v} = ${stop};`,
        `else {`,
        ...right,
        `  ${v} = ${r} === ${stop} ? ${stop} : ${l} === null || ${r} === null ? null : ${other};`,
        `}`,
      );
      return v;
    }
    if (e instanceof IsNull || e instanceof IsNotNull) {
      const c = this.compile(e.child, out);
      out.push(`const ${v} = ${c} ${e instanceof IsNull ? '==' : '!='} null;`);
      return v;
    }
    if (e instanceof EqualNullSafe) {
      const l = this.compile(e.left, out);
      const r = this.compile(e.right, out);
      out.push(
        `const ${v} = ${l} === null || ${r} === null ? ${l} === null && ${r} === null : H.cmp(${l}, ${r}) === 0;`,
      );
      return v;
    }
    if (e instanceof Coalesce) {
      out.push(`let ${v} = null;`);
      let close = '';
      for (const child of e.children) {
        const c = this.compile(child, out);
        out.push(`if (${c} !== null && ${c} !== undefined) ${v} = ${c}; else {`);
        close += '}';
      }
      out.push(close);
      return v;
    }
    if (e instanceof CaseWhen) {
      out.push(`let ${v};`);
      let close = '';
      for (const [cond, value] of e.branches) {
        const c = this.compile(cond, out);
        const body: string[] = [];
        const b = this.compile(value, body);
        out.push(`if (${c} === true) { ${body.join(' ')} ${v} = ${b}; } else {`);
        close += '}';
      }
      const body: string[] = [];
      const b = e.elseValue ? this.compile(e.elseValue, body) : 'null';
      out.push(`${body.join(' ')} ${v} = ${b};`, close);
      return v;
    }
    if (e instanceof In) {
      // In.eval: null for a null value; true on a match; else null if the list held a null.
      const value = this.compile(e.value, out);
      const sawNull = g.fresh('n');
      out.push(`let ${v} = null;`, `if (${value} !== null) {`, `let ${sawNull} = false; ${v} = false;`);
      let close = '';
      for (const item of e.list) {
        const x = this.compile(item, out);
        out.push(`if (${x} === null) ${sawNull} = true; else if (H.cmp(${value}, ${x}) === 0) ${v} = true; else {`);
        close += '}';
      }
      out.push(close, `if (${v} === false && ${sawNull}) ${v} = null;`, `}`);
      return v;
    }
    if (e instanceof Concat) {
      // Concat.eval: null if any argument is null; each value as Scala prints it.
      out.push(`let ${v} = '';`);
      let close = '';
      for (const child of e.children) {
        const c = this.compile(child, out);
        out.push(
          `if (${c} === null || ${c} === undefined) ${v} = null; else {`,
          `${v} += ${asString(c, child.dataType, g)};`,
        );
        close += '}';
      }
      out.push(close);
      return v;
    }
    if (e instanceof UnaryExpression && e.eval === UnaryExpression.prototype.eval) {
      // Null in gives null out (UnaryExpression.eval); the value itself by a template or the expression's own method.
      const c = this.compile(e.child, out);
      out.push(`let ${v} = null;`, `if (${c} !== null && ${c} !== undefined) ${v} = ${this.unary(e, c)};`);
      return v;
    }
    if (e instanceof BinaryExpression && e.eval === BinaryExpression.prototype.eval) {
      // BinaryExpression.eval: the right side is evaluated only when the left is not null.
      const l = this.compile(e.left, out);
      const right: string[] = [];
      const r = this.compile(e.right, right);
      out.push(
        `let ${v} = null;`,
        `if (${l} !== null && ${l} !== undefined) {`,
        ...right,
        `if (${r} !== null && ${r} !== undefined) ${v} = ${this.binary(e, l, r)};`,
        `}`,
      );
      return v;
    }
    // No template: the expression evaluates itself against the row, as the interpreter does.
    const row = this.rowArray(out);
    out.push(`const ${v} = ${g.constant(e)}.eval(${row});`);
    return v;
  }

  /** A non-null operand's result for a null-propagating unary expression. */
  unary(e: UnaryExpression, c: string): string {
    if (e instanceof UnaryMinus) return `-${c}`;
    if (e instanceof Not) return `!${c}`;
    if (e instanceof Cast && !e.tryCast) {
      const from = e.child.dataType;
      if (from.equals(e.targetType)) return c;
      // castValue gives Scala's string of a whole number: String(v).
      if (e.targetType === StringType && integral(from)) return `String(${c})`;
    }
    return `${this.g.constant(e)}.nullSafeEval(${c})`;
  }

  /** Non-null operands' result for a null-propagating binary expression. */
  binary(e: BinaryExpression, l: string, r: string): string {
    const self = () => `${this.g.constant(e)}.nullSafeEval(${l}, ${r})`;
    if (e instanceof Add) return `${l} + ${r}`;
    if (e instanceof Subtract) return `${l} - ${r}`;
    if (e instanceof Multiply) return `${l} * ${r}`;
    // A zero divisor goes to the expression itself, which throws Spark's DIVIDE_BY_ZERO.
    if (e instanceof Divide) return `${r} === 0 ? ${self()} : ${l} / ${r}`;
    if (e instanceof Remainder) return `${r} === 0 ? ${self()} : ${l} % ${r}`;
    if (e instanceof IntegralDivide) return `${r} === 0 ? ${self()} : Math.trunc(${l} / ${r})`;
    if (e instanceof Pmod) return self();
    // compareValues' order for numbers (NaN above everything, equal to itself) and strings, inline.
    const numbers = `typeof ${l} === 'number' && typeof ${r} === 'number'`;
    const strings = `typeof ${l} === 'string' && typeof ${r} === 'string'`;
    const cmp = `H.cmp(${l}, ${r})`;
    if (e instanceof EqualTo)
      return `(${numbers}) ? (${l} === ${r} || (${l} !== ${l} && ${r} !== ${r})) : (${strings}) ? ${l} === ${r} : ${cmp} === 0`;
    if (e instanceof LessThan)
      return `(${numbers}) ? (${l} < ${r} || (${r} !== ${r} && ${l} === ${l})) : (${strings}) ? ${l} < ${r} : ${cmp} < 0`;
    if (e instanceof GreaterThanOrEqual)
      return `(${numbers}) ? !(${l} < ${r} || (${r} !== ${r} && ${l} === ${l})) : (${strings}) ? ${l} >= ${r} : ${cmp} >= 0`;
    if (e instanceof GreaterThan)
      return `(${numbers}) ? (${l} > ${r} || (${l} !== ${l} && ${r} === ${r})) : (${strings}) ? ${l} > ${r} : ${cmp} > 0`;
    if (e instanceof LessThanOrEqual)
      return `(${numbers}) ? !(${l} > ${r} || (${l} !== ${l} && ${r} === ${r})) : (${strings}) ? ${l} <= ${r} : ${cmp} <= 0`;
    return self();
  }
}

function integral(t: DataType): boolean {
  return t instanceof NumericType && t.integral;
}

/** How a non-null value of type `t` is written into a string (scalaString), inline where that is String(v). */
function asString(c: string, t: DataType, g: Generator): string {
  if (t === StringType || integral(t)) return `String(${c})`;
  return `H.scalaString(${c}, ${g.constant(t)})`;
}

function literal(value: unknown, g: Generator): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return g.constant(value);
}

/** Aggregate functions as code: buffer slots in the group's array after its key. */
interface AggCode {
  init: string[];
  update: (g: string, slot: number, compile: (e: Expression, out: string[]) => string, out: string[]) => void;
  merge: (g: string, slot: number, input: (i: number) => string, out: string[]) => void;
  evaluate: (g: string, slot: number) => string;
}

function aggCode(fn: Expression, gen: Generator): AggCode {
  if (fn instanceof Count)
    return {
      init: ['0'],
      // Count.update: only rows where every argument is not null.
      update: (g, s, compile, out) => {
        const values = fn.children.map((c) => compile(c, out));
        const test = values.map((x) => `${x} !== null && ${x} !== undefined`).join(' && ');
        out.push(test ? `if (${test}) ${g}[${s}] += 1;` : `${g}[${s}] += 1;`);
      },
      merge: (g, s, input, out) => void out.push(`${g}[${s}] += ${input(0)};`),
      evaluate: (g, s) => `${g}[${s}]`,
    };
  if (fn instanceof Sum)
    return {
      init: ['null'],
      update: (g, s, compile, out) => {
        const x = compile(fn.children[0], out);
        out.push(
          `if (${x} !== null && ${x} !== undefined) ${g}[${s}] = ${g}[${s}] === null ? Number(${x}) : ${g}[${s}] + Number(${x});`,
        );
      },
      merge: (g, s, input, out) => {
        const o = gen.fresh('o');
        out.push(
          `const ${o} = ${input(0)};`,
          `if (${o} !== null) ${g}[${s}] = ${g}[${s}] === null ? ${o} : ${g}[${s}] + ${o};`,
        );
      },
      evaluate: (g, s) => `${g}[${s}]`,
    };
  if (fn instanceof Average)
    return {
      init: ['0', '0'],
      update: (g, s, compile, out) => {
        const x = compile(fn.children[0], out);
        out.push(`if (${x} !== null && ${x} !== undefined) { ${g}[${s}] += Number(${x}); ${g}[${s + 1}] += 1; }`);
      },
      merge: (g, s, input, out) => void out.push(`${g}[${s}] += ${input(0)};`, `${g}[${s + 1}] += ${input(1)};`),
      evaluate: (g, s) => `(${g}[${s + 1}] === 0 ? null : ${g}[${s}] / ${g}[${s + 1}])`,
    };
  if (fn instanceof MinMax) {
    const op = fn.fn === 'min' ? '<' : '>';
    return {
      init: ['null'],
      update: (g, s, compile, out) => {
        const x = compile(fn.children[0], out);
        out.push(
          `if (${x} !== null && ${x} !== undefined && (${g}[${s}] === null || H.cmp(${x}, ${g}[${s}]) ${op} 0)) ${g}[${s}] = ${x};`,
        );
      },
      merge: (g, s, input, out) => {
        const o = gen.fresh('o');
        out.push(
          `const ${o} = ${input(0)};`,
          `if (${o} !== null && (${g}[${s}] === null || H.cmp(${o}, ${g}[${s}]) ${op} 0)) ${g}[${s}] = ${o};`,
        );
      },
      evaluate: (g, s) => `${g}[${s}]`,
    };
  }
  throw new Error(`${fn.prettyName} has no code template`);
}

/** A run's code in its parts: per input row, once after the input, per group of an aggregate. */
interface RunCode {
  /**
   * Loops one after another: the input's, then a join's probe or an
   * aggregate's groups. Each loop's `head` finds its next item or breaks, and
   * keeps its place in the factory's scope, so the loop resumes after a row
   * left by `return`; `post` runs once when the loop ends.
   */
  phases: { head: string[]; body: string[]; post: string[] }[];
  durationIds?: MetricIds;
}

/**
 * The code of one run of steps: a loop over the input, then (after an
 * aggregate) a loop over its groups. Rows leave by `return`, so the run is
 * pulled like the engine's row iterators, one output row per `next()`.
 */
function generate(ops: readonly SqlOp[], g: Generator): RunCode {
  const first = ops[0];
  let row: RowRef;
  let rest = ops;
  const input = {
    head: ['const v = source.next();', 'if (v === done) break;'],
    body: [] as string[],
    post: [] as string[],
  };
  const code: RunCode = { phases: [input] };
  if (first.kind === 'wrapValue') row = { vars: ['v'] };
  else row = { array: 'v' };
  if (first.kind === 'wrapValue' || first.kind === 'exchangeRead') {
    rest = ops.slice(1);
    countOutput(first, g, input.body);
  }
  let target = input.body;
  let aggregated = false;
  let ended = false;
  for (const op of rest) {
    if (ended) throw new Error('internal: a compiled run continues after its pairs');
    switch (op.kind) {
      case 'scan':
        break;
      case 'duration':
        code.durationIds = op.metrics;
        break;
      case 'project': {
        const c: ExprCompiler = new ExprCompiler(g, row);
        const vars: string[] = op.exprs.map((e) => c.compile(decodeExpr(e), target));
        // Each projected value in a name of its own, so later steps read a fixed value.
        row = { vars: vars.map((x) => (isName(x) ? x : copy(x, g, target))) };
        break;
      }
      case 'filter': {
        const c = new ExprCompiler(g, row);
        const cond = c.compile(decodeExpr(op.condition), target);
        target.push(`if (${cond} !== true) continue;`);
        break;
      }
      case 'aggregate': {
        if (aggregated) throw new Error('internal: one aggregate per compiled run');
        aggregated = true;
        const groups = { head: [] as string[], body: [] as string[], post: [] as string[] };
        row = aggregate(op, row, g, target, code.phases[code.phases.length - 1].post, groups);
        code.phases.push(groups);
        target = groups.body;
        break;
      }
      case 'join': {
        if (op !== ops[0]) throw new Error('internal: a compiled join starts its run');
        const probe = { head: [] as string[], body: [] as string[], post: [] as string[] };
        row = join(op, g, input.body, input.post, probe);
        code.phases.push(probe);
        target = probe.body;
        break;
      }
      case 'hashPartition': {
        const c = new ExprCompiler(g, row);
        const keys = op.keys.map((e) => c.compile(decodeExpr(e), target));
        const arr = c.rowArray(target);
        target.push(`const p = H.partitionOf([${keys.join(', ')}], ${g.constant(op.kinds)}, ${op.numPartitions});`);
        emitPair('p', arr, op, g, target);
        ended = true;
        break;
      }
      case 'roundRobin': {
        const pos = g.fresh('pos');
        g.setup.push(`let ${pos} = ${op.seed};`);
        const arr = arrayOf(row, g, target);
        const n = op.numPartitions;
        target.push(`${pos}++;`, `const p = ((${pos} % ${n}) + ${n}) % ${n};`);
        emitPair('p', arr, op, g, target);
        ended = true;
        break;
      }
      case 'singlePartition':
        emitPair('0', arrayOf(row, g, target), op, g, target);
        ended = true;
        break;
      case 'tag': {
        // The side's mark first, even when the partition has no rows.
        const marked = g.fresh('marked');
        g.setup.push(`let ${marked} = false;`);
        g.prologue.push(`if (!${marked}) { ${marked} = true; return ${g.constant(SIDE_STARTS[op.side])}; }`);
        target.push(`return ${arrayOf(row, g, target)};`);
        ended = true;
        break;
      }
      default:
        throw new Error(`internal: ${op.kind} cannot be compiled`);
    }
    if (op.kind !== 'aggregate' && op.kind !== 'join' && op.kind !== 'duration' && !PAIR_STEPS.has(op.kind))
      countOutput(op, g, target);
  }
  if (!ended) target.push(`return ${arrayOf(row, g, target)};`);
  return code;
}

function isName(x: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(x);
}

/** The factory's source: state in its scope, a `next()` that resumes where the last row left. */
function assemble(code: RunCode, g: Generator): string {
  const duration = code.durationIds?.pipelineTime !== undefined ? g.constant(code.durationIds) : null;
  const last = code.phases.length;
  const loops = code.phases.flatMap((p, i) => [
    `if (phase === ${i}) {`,
    'for (;;) {',
    ...p.head,
    ...p.body,
    '}',
    ...p.post,
    `phase = ${i + 1};`,
    '}',
  ]);
  return [
    'const { source, sink, done, end } = args;',
    ...g.setup,
    // Which loop runs; the last number is the end.
    'let phase = 0;',
    'let closed = false;',
    'const finish = () => {',
    'if (closed) return;',
    'closed = true;',
    'if (args.close) args.close();',
    ...g.finals,
    '};',
    'const next = () => {',
    `if (phase === ${last}) return end;`,
    ...g.prologue,
    'try {',
    ...loops,
    // Spark adds a stage's duration when its iterator ends (WholeStageCodegenExec.doExecute), from its start.
    ...(duration ? [`H.report(sink, ${duration}, 'pipelineTime', Math.floor(H.now() - args.started));`] : []),
    'finish();',
    'return end;',
    '} catch (e) {',
    `phase = ${last};`,
    'finish();',
    'throw e;',
    '}',
    '};',
    'return { next, close: finish };',
  ].join('\n');
}

function copy(x: string, g: Generator, out: string[]): string {
  const name = g.fresh('c');
  out.push(`const ${name} = ${x};`);
  return name;
}

function countOutput(op: SqlOp, g: Generator, out: string[]): void {
  const n = g.counter(op.metrics, 'numOutputRows');
  if (n) out.push(`${n}++;`);
}

function emitPair(id: string, arr: string, op: SqlOp, g: Generator, out: string[]): void {
  const size = g.counter(op.metrics, 'dataSize');
  if (size) out.push(`${size} += H.rowSize(${arr});`);
  countOutput(op, g, out);
  out.push(`return [${id}, ${arr}];`);
}

/**
 * HashAggregate: the input loop updates the group's buffers in place; after
 * it, a loop over the groups gives each group's row (partial: keys then
 * buffers; final: the result expressions over keys then values).
 */
function aggregate(
  op: Extract<SqlOp, { kind: 'aggregate' }>,
  row: RowRef,
  g: Generator,
  loop: string[],
  post: string[],
  body: RunCode['phases'][number],
): RowRef {
  const grouping = op.grouping.map((e) => decodeExpr(e));
  const aggs = op.aggregates.map((a) => ({ expr: decodeExpr<AggregateExpression>(a.expr), offset: a.inputOffset }));
  const nKeys = grouping.length;
  const map = g.fresh('map');
  const start = g.fresh('t');
  g.setup.push(`const ${map} = new Map();`, `const ${start} = H.now();`);
  const codes = aggs.map((a) => aggCode(a.expr.aggregateFunction, g));
  const slots: number[] = [];
  let next = nKeys;
  for (const c of codes) {
    slots.push(next);
    next += c.init.length;
  }
  const inits = codes.flatMap((c) => c.init);
  const c = new ExprCompiler(g, row);
  const grp = g.fresh('g');
  if (op.global) {
    // One group, there even without input rows.
    g.setup.push(`const ${grp} = [${inits.join(', ')}];`, `${map}.set('', ${grp});`);
  } else {
    const keys = grouping.map((e) => c.compile(e, loop));
    const k = g.fresh('k');
    if (nKeys === 1) {
      // One grouping column groups by its value when it is a primitive, as the interpreted aggregate does.
      const x = keys[0];
      loop.push(
        `const ${k} = ${x} === null || ${x} === undefined ? null : typeof ${x} === 'number' || typeof ${x} === 'string' || typeof ${x} === 'boolean' ? ${x} : H.keyString([${x}]);`,
      );
    } else loop.push(`const ${k} = H.keyString([${keys.join(', ')}]);`);
    loop.push(
      `let ${grp} = ${map}.get(${k});`,
      `if (${grp} === undefined) { ${grp} = [${[...keys, ...inits].join(', ')}]; ${map}.set(${k}, ${grp}); }`,
    );
  }
  const merges = (mode: string) => mode === 'Final' || mode === 'PartialMerge';
  aggs.forEach((a, i) => {
    if (merges(a.expr.mode)) codes[i].merge(grp, slots[i], (j) => column(row, a.offset + j), loop);
    else codes[i].update(grp, slots[i], (e, out) => c.compile(e, out), loop);
  });
  // Spark's aggTime covers building the hash map; Kindling's aggregation never spills.
  if (op.metrics) {
    const ids = g.constant(op.metrics);
    post.push(
      `H.report(sink, ${ids}, 'aggTime', Math.round(H.now() - ${start}));`,
      `H.report(sink, ${ids}, 'spillSize', 0);`,
    );
  }
  const it = g.fresh('groups');
  g.setup.push(`let ${it} = null;`);
  post.push(`${it} = ${map}.values();`);
  body.head.push(`const n = ${it}.next();`, 'if (n.done) break;', 'const a = n.value;');
  countOutput(op, g, body.body);
  if (!op.result) return { array: 'a' };
  const values = aggs.map((a, i) => copy(codes[i].evaluate('a', slots[i]), g, body.body));
  const keyVars = grouping.map((_, i) => copy(`a[${i}]`, g, body.body));
  const rc = new ExprCompiler(g, { vars: [...keyVars, ...values] });
  const exprs = op.result.map((r) => rc.compile(decodeExpr(r), body.body));
  return { vars: exprs.map((x) => (isName(x) ? x : copy(x, g, body.body))) };
}

/**
 * An inner equi-join, as the run's first step: the input is collected (both
 * sides, each after its mark, for a shuffled join; the streamed side for a broadcast one),
 * the right side's rows hashed by key, then a probe loop walks the left rows
 * and their matches in the order the interpreted join gives them; the joined
 * row is never built unless a later step needs it whole.
 */
function join(
  op: Extract<SqlOp, { kind: 'join' }>,
  g: Generator,
  collect: string[],
  post: string[],
  probe: RunCode['phases'][number],
): RowRef {
  const [L, R, table, li, cands, ci] = ['L', 'R', 'table', 'li', 'cands', 'ci'].map((n) => g.fresh(n));
  const l = g.fresh('l');
  const r = g.fresh('r');
  g.setup.push(
    `const ${L} = [];`,
    `const ${R} = ${op.broadcast ? g.constant(op.broadcast.rows) : '[]'};`,
    `const ${table} = new Map();`,
    `let ${li} = 0, ${ci} = 0, ${cands} = null, ${l} = null, ${r} = null;`,
  );
  if (op.broadcast) collect.push(`${L}.push(v);`);
  else {
    // Each side's rows follow its mark.
    const into = g.fresh('into');
    g.setup.push(`let ${into} = null;`);
    collect.push(`if (v instanceof H.SideStart) ${into} = v.side === 0 ? ${L} : ${R}; else ${into}.push(v);`);
  }
  // The key as the interpreted join compares it: a primitive itself, else its canonical string; null never matches.
  const keyOf = (keys: ExprWire[], row: string, out: string[]): string => {
    const c = new ExprCompiler(g, { array: row });
    const values = keys.map((k) => c.compile(decodeExpr(k), out));
    const k = g.fresh('k');
    if (values.length === 1) {
      const x = values[0];
      out.push(
        `const ${k} = ${x} === null || ${x} === undefined ? null : typeof ${x} === 'number' || typeof ${x} === 'string' || typeof ${x} === 'boolean' ? ${x} : H.keyString([${x}]);`,
      );
    } else {
      const nulls = values.map((x) => `${x} === null || ${x} === undefined`).join(' || ');
      out.push(`const ${k} = ${nulls} ? null : H.keyString([${values.join(', ')}]);`);
    }
    return k;
  };
  const start = g.fresh('t');
  const build: string[] = [];
  const rk = keyOf(op.rightKeys, 'rr', build);
  const hashRight = [
    `for (let i = 0; i < ${R}.length; i++) {`,
    `const rr = ${R}[i];`,
    ...build,
    `if (${rk} === null) continue;`,
    `const list = ${table}.get(${rk});`,
    `if (list === undefined) ${table}.set(${rk}, [i]); else list.push(i);`,
    '}',
  ];
  const [merged, LK, RK, ce, rp] = ['merged', 'LK', 'RK', 'ce', 'rp'].map((n) => g.fresh(n));
  g.setup.push(`let ${merged} = false, ${LK} = null, ${RK} = null, ${ce} = 0, ${rp} = 0;`);
  post.push(`const ${start} = H.now();`);
  if (op.leftKeys.length === 1 && !op.broadcast) {
    // Both sides' keys in arrays when every one is a number (no null, no NaN) in ascending order, as a sort-merge
    // join's sorted inputs are (SortMergeJoinExec): the right rows meeting a left key are then a run of them, found
    // by walking both sides together, in the order the hash table would give, with no table built.
    const sortedKeys = (rows: string, keys: ExprWire[], into: string) => {
      const out: string[] = [];
      const k = keyOf(keys, 'kr', out);
      return [
        `${into} = new Float64Array(${rows}.length);`,
        `for (let i = 0; i < ${rows}.length; i++) {`,
        `const kr = ${rows}[i];`,
        ...out,
        `if (typeof ${k} !== 'number' || ${k} !== ${k} || (i > 0 && ${k} < ${into}[i - 1])) { ${merged} = false; break; }`,
        `${into}[i] = ${k};`,
        '}',
      ];
    };
    post.push(
      `${merged} = true;`,
      ...sortedKeys(R, op.rightKeys, RK),
      `if (${merged}) {`,
      ...sortedKeys(L, op.leftKeys, LK),
      '}',
      `if (!${merged}) {`,
      ...hashRight,
      '}',
    );
  } else post.push(...hashRight);
  // A shuffled hash join's build-side metrics (the build side is the right's rows here).
  if (op.metrics?.buildTime !== undefined) {
    const ids = g.constant(op.metrics);
    post.push(
      `H.report(sink, ${ids}, 'buildTime', Math.round(H.now() - ${start}));`,
      `let bytes = 0;`,
      `for (const rr of ${R}) bytes += H.rowSize(rr);`,
      `H.report(sink, ${ids}, 'buildDataSize', bytes);`,
    );
  }
  const head = probe.head;
  const lookup: string[] = [];
  const lk = keyOf(op.leftKeys, l, lookup);
  head.push(
    `if (${ci} >= ${ce}) {`,
    `if (${li} >= ${L}.length) break;`,
    `${l} = ${L}[${li}++];`,
    `if (${merged}) {`,
    `const k = ${LK}[${li} - 1];`,
    `while (${rp} < ${RK}.length && ${RK}[${rp}] < k) ${rp}++;`,
    `${ci} = ${rp};`,
    `${ce} = ${rp};`,
    `while (${ce} < ${RK}.length && ${RK}[${ce}] === k) ${ce}++;`,
    '} else {',
    ...lookup,
    `${cands} = ${lk} === null ? H.none : (${table}.get(${lk}) ?? H.none);`,
    `${ci} = 0;`,
    `${ce} = ${cands}.length;`,
    '}',
    'continue;',
    '}',
    `${r} = ${R}[${merged} ? ${ci}++ : ${cands}[${ci}++]];`,
  );
  const row: RowRef = { left: l, right: r, leftWidth: op.leftWidth };
  if (op.condition) {
    const cond = new ExprCompiler(g, row).compile(decodeExpr(op.condition), head);
    head.push(`if (${cond} !== true) continue;`);
  }
  countOutput(op, g, head);
  return row;
}

/** A compiled run's rows: `next()` gives the next row, or the run's `end` after the last. */
export class CompiledRows implements Iterable<unknown> {
  constructor(
    readonly pull: { next(): unknown; close(): void },
    readonly end: unknown,
  ) {}
  next(): unknown {
    return this.pull.next();
  }
  [Symbol.iterator](): Iterator<unknown> {
    return {
      next: () => {
        const row = this.pull.next();
        return row === this.end ? { done: true, value: undefined } : { done: false, value: row };
      },
      return: () => {
        this.pull.close();
        return { done: true, value: undefined };
      },
    };
  }
}

type Factory = (K: readonly unknown[], H: Helpers, args: RunArgs) => { next(): unknown; close(): void };

const CACHE = new Map<string, Factory>();
const CACHE_LIMIT = 256;

/**
 * Compiles `ops` (all {@link compilable}) into rows pulled from `args.source`,
 * or gives null when compiling is not possible here (then the caller interprets them).
 */
export function compileRun(ops: readonly SqlOp[]): ((args: RunArgs) => CompiledRows) | null {
  const g = new Generator();
  let source: string;
  try {
    source = assemble(generate(ops, g), g);
  } catch {
    return null;
  }
  let factory = CACHE.get(source);
  if (!factory) {
    try {
      factory = new Function('K', 'H', 'args', source) as Factory;
    } catch {
      // A Content-Security-Policy without 'unsafe-eval' forbids it: the interpreted path runs.
      return null;
    }
    if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
    CACHE.set(source, factory);
  }
  const make = factory;
  const consts = g.consts;
  return (args) => new CompiledRows(make(consts, HELPERS, args), args.end);
}

/** Several values as one Map key: their JSON, with dates and non-finite numbers told apart. */
export function keyString(values: readonly unknown[]): string {
  return JSON.stringify(values, (_k, v) =>
    v instanceof Date ? `D${v.getTime()}` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
}

const HELPERS: Helpers = {
  SideStart,
  cmp: compareValues,
  keyString,
  partitionOf,
  rowSize: unsafeRowSize,
  report,
  now: () => performance.now(),
  scalaString,
  none: [],
};

/** The source a run of steps compiles to (for tests and for reading). */
export function generatedSource(ops: readonly SqlOp[]): string {
  const g = new Generator();
  return assemble(generate(ops, g), g);
}

/** How many compiled runs this thread keeps (each source text compiled once). */
export function cachedRuns(): number {
  return CACHE.size;
}
