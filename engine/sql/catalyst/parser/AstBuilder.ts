/**
 * Spark's AstBuilder for the query part of its grammar: parse trees of
 * SELECT (WITH, joins, GROUP BY, HAVING, ORDER BY, LIMIT, windows, CASE,
 * casts, set operations, hints, VALUES) into unresolved logical plans and
 * expressions, each expression marked with where it stands in the text so
 * analysis errors can point at it.
 */
import type { ParserRuleContext, Token } from 'antlr4ng';
import * as P from './generated/SqlBaseParser';
import type { LogicalPlan } from '../plans/logical/LogicalPlan';
import {
  Aggregate,
  Distinct,
  Filter,
  GlobalLimit,
  Join,
  LocalLimit,
  Project,
  RepartitionByExpression,
  Sort,
  SubqueryAlias,
  Union,
  UnresolvedHint,
  UnresolvedRelation,
  UnresolvedWith,
  type JoinType,
} from '../plans/logical/basicLogicalOperators';
import { LocalRelation } from '../plans/logical/relations';
import { UsingJoin } from '../analysis/Analyzer';
import type { Expression } from '../expressions/Expression';
import { Literal } from '../expressions/literals';
import { Alias, AttributeReference } from '../expressions/namedExpressions';
import { Add, Divide, IntegralDivide, Multiply, Remainder, Subtract, UnaryMinus } from '../expressions/arithmetic';
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
} from '../expressions/predicates';
import { Exists, InSubquery, ListQuery, ScalarSubquery } from '../expressions/subquery';
import { Cast } from '../expressions/Cast';
import { CaseWhen } from '../expressions/conditionalExpressions';
import { Concat, Like, StringPredicate, StringUnary, Substring } from '../expressions/stringExpressions';
import { SortOrder } from '../expressions/ordering';
import {
  SpecifiedWindowFrame,
  WindowExpression,
  WindowSpecDefinition,
  type FrameBoundary,
} from '../expressions/windowExpressions';
import { UnresolvedAlias, UnresolvedAttribute, UnresolvedFunction, UnresolvedStar } from '../analysis/unresolved';
import { DatePart } from '../expressions/datetimeExpressions';
import {
  ArrayType,
  BooleanType,
  DateType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  NullType,
  ShortType,
  ByteType,
  StringType,
  TimestampType,
  parseTypeName,
  type DataType,
} from '../../types';
import type { SqlOrigin } from '../../errors';

import { UnsupportedSqlError } from '../../errors';
export { UnsupportedSqlError };

export class AstBuilder {
  /** Named windows of the query being built (`WINDOW w AS (…)`). */
  #windows = new Map<string, WindowSpecDefinition>();

  constructor(readonly sqlText: string) {}

  #origin(ctx: ParserRuleContext): SqlOrigin {
    const start = ctx.start!;
    const stop = ctx.stop ?? start;
    return {
      sqlText: this.sqlText,
      startIndex: start.start,
      stopIndex: stop.stop,
      line: start.line,
      startPosition: start.column,
    };
  }

  #unsupported(what: string): never {
    throw new UnsupportedSqlError(`Kindling does not run ${what} in SQL yet.`);
  }

  // ---------------------------------------------------------------- statements and queries

  singleStatement(ctx: P.SingleStatementContext): LogicalPlan {
    const st = ctx.statement();
    if (!st) this.#unsupported('SET or RESET statements');
    if (st instanceof P.StatementDefaultContext) return this.query(st.query());
    this.#unsupported(`the statement "${this.#text(st).split(/\s+/).slice(0, 3).join(' ')}"`);
  }

  singleExpression(ctx: P.SingleExpressionContext): Expression {
    return this.namedExpression(ctx.namedExpression());
  }

  query(ctx: P.QueryContext): LogicalPlan {
    let plan = this.queryTerm(ctx.queryTerm());
    plan = this.queryOrganization(ctx.queryOrganization(), plan);
    const ctes = ctx.ctes();
    if (ctes) {
      const relations = ctes.namedQuery().map((q): [string, LogicalPlan] => {
        const name = this.#ident(q._name!.identifier());
        return [name, new SubqueryAlias(name, this.query(q.query()))];
      });
      plan = new UnresolvedWith(plan, relations);
    }
    return plan;
  }

  queryOrganization(ctx: P.QueryOrganizationContext, input: LogicalPlan): LogicalPlan {
    let plan = input;
    if (ctx.windowClause()) this.#defineWindows(ctx.windowClause()!);
    if (ctx._order.length > 0)
      plan = new Sort(
        ctx._order.map((s) => this.sortItem(s)),
        true,
        plan,
      );
    if (ctx._distributeBy.length > 0)
      plan = new RepartitionByExpression(
        ctx._distributeBy.map((e) => this.expression(e)),
        plan,
        undefined,
      );
    if (ctx._clusterBy.length > 0) {
      const exprs = ctx._clusterBy.map((e) => this.expression(e));
      plan = new Sort(
        exprs.map((e) => new SortOrder(e)),
        false,
        new RepartitionByExpression(exprs, plan, undefined),
      );
    }
    if (ctx._sort.length > 0)
      plan = new Sort(
        ctx._sort.map((s) => this.sortItem(s)),
        false,
        plan,
      );
    if (ctx._limit) {
      const n = this.expression(ctx._limit);
      if (!(n instanceof Literal) || typeof n.value !== 'number') this.#unsupported('a LIMIT that is not a number');
      plan = new GlobalLimit(n.value as number, new LocalLimit(n.value as number, plan));
    }
    if (ctx._offset) this.#unsupported('OFFSET');
    return plan;
  }

  queryTerm(ctx: P.QueryTermContext): LogicalPlan {
    if (ctx instanceof P.QueryTermDefaultContext) return this.queryPrimary(ctx.queryPrimary());
    if (ctx instanceof P.SetOperationContext) {
      const left = this.queryTerm(ctx._left!);
      const right = this.queryTerm(ctx._right!);
      const all = ctx.setQuantifier()?.ALL() != null;
      const op = ctx._operator!.text!.toUpperCase();
      if (op === 'UNION') {
        const u = new Union([left, right]);
        return all ? u : new Distinct(u);
      }
      this.#unsupported(`${op}`);
    }
    this.#unsupported('the pipe operator |>');
  }

  queryPrimary(ctx: P.QueryPrimaryContext): LogicalPlan {
    if (ctx instanceof P.QueryPrimaryDefaultContext) return this.querySpecification(ctx.querySpecification());
    if (ctx instanceof P.SubqueryContext) return this.query(ctx.query());
    if (ctx instanceof P.TableContext) return this.#relation(ctx.identifierReference());
    if (ctx instanceof P.InlineTableDefault1Context) return this.inlineTable(ctx.inlineTable());
    this.#unsupported('FROM … SELECT statements');
  }

  querySpecification(ctx: P.QuerySpecificationContext): LogicalPlan {
    if (!(ctx instanceof P.RegularQuerySpecificationContext)) this.#unsupported('TRANSFORM');
    if (ctx.lateralView().length > 0) this.#unsupported('LATERAL VIEW');
    if (ctx.windowClause()) this.#defineWindows(ctx.windowClause()!);
    let plan: LogicalPlan = ctx.fromClause() ? this.fromClause(ctx.fromClause()!) : new LocalRelation([], [[]]);
    const where = ctx.whereClause();
    if (where) plan = new Filter(this.booleanExpression(where.booleanExpression()), plan);
    const select = ctx.selectClause();
    const list = select
      .namedExpressionSeq()
      .namedExpression()
      .map((n) => this.#selectItem(n));
    const agg = ctx.aggregationClause();
    if (agg) {
      if (agg._kind || agg._groupingExpressionsWithGroupingAnalytics.some((g) => g.groupingAnalytics()))
        this.#unsupported('ROLLUP, CUBE and GROUPING SETS');
      const groups = agg._groupingExpressions.length
        ? agg._groupingExpressions.map((n) => this.namedExpression(n))
        : agg._groupingExpressionsWithGroupingAnalytics.map((g) => this.expression(g.expression()!));
      plan = new Aggregate(groups, list, plan);
    } else {
      plan = new Project(list, plan);
    }
    const having = ctx.havingClause();
    if (having) {
      const cond = this.booleanExpression(having.booleanExpression());
      if (!(plan instanceof Aggregate))
        plan = new Aggregate([], (plan as Project).projectList, (plan as Project).child);
      plan = new Filter(cond, plan);
    }
    if (select.setQuantifier()?.DISTINCT()) plan = new Distinct(plan);
    for (const h of select._hints)
      for (const st of h._hintStatements)
        plan = new UnresolvedHint(
          this.#ident(st._hintName!),
          st._parameters.map((p) => this.#text(p).replace(/^`|`$/g, '')),
          plan,
        );
    return plan;
  }

  #selectItem(ctx: P.NamedExpressionContext): Expression {
    const e = this.namedExpression(ctx);
    if (e instanceof Alias || e instanceof UnresolvedAttribute || e instanceof UnresolvedStar) return e;
    return new UnresolvedAlias(e).withOrigin(e.origin);
  }

  fromClause(ctx: P.FromClauseContext): LogicalPlan {
    if (ctx.pivotClause() || ctx.unpivotClause() || ctx.lateralView().length > 0)
      this.#unsupported('PIVOT, UNPIVOT and LATERAL VIEW');
    const rels = ctx.relation().map((r) => this.relation(r));
    return rels.reduce((l, r) => new Join(l, r, 'Inner', undefined));
  }

  relation(ctx: P.RelationContext): LogicalPlan {
    let plan = this.relationPrimary(ctx.relationPrimary());
    for (const ext of ctx.relationExtension()) {
      const j = ext.joinRelation();
      if (!j) this.#unsupported('PIVOT and UNPIVOT');
      if (j.NATURAL()) this.#unsupported('NATURAL JOIN');
      const right = this.relationPrimary(j._right!);
      const type = this.#joinType(j.joinType()!);
      const criteria = j.joinCriteria();
      if (criteria?.USING()) {
        const cols = criteria
          .identifierList()!
          .identifierSeq()
          ._ident.map((i) => this.#ident(i.identifier()));
        plan = new UsingJoin(plan, right, type, cols);
      } else {
        const cond = criteria ? this.booleanExpression(criteria.booleanExpression()!) : undefined;
        plan = new Join(plan, right, type === 'Inner' && !cond ? 'Inner' : type, cond);
      }
    }
    return plan;
  }

  #joinType(ctx: P.JoinTypeContext): JoinType {
    if (ctx.CROSS()) return 'Cross';
    if (ctx.SEMI()) return 'LeftSemi';
    if (ctx.ANTI()) return 'LeftAnti';
    if (ctx.FULL()) return 'FullOuter';
    if (ctx.LEFT()) return 'LeftOuter';
    if (ctx.RIGHT()) return 'RightOuter';
    return 'Inner';
  }

  relationPrimary(ctx: P.RelationPrimaryContext): LogicalPlan {
    if (ctx instanceof P.TableNameContext) {
      if (ctx.sample()) this.#unsupported('TABLESAMPLE');
      return this.#aliased(this.#relation(ctx.identifierReference()), ctx.tableAlias());
    }
    if (ctx instanceof P.AliasedQueryContext) {
      const q = this.query(ctx.query());
      const alias = ctx.tableAlias();
      return alias.strictIdentifier()
        ? this.#aliased(q, alias)
        : new SubqueryAlias('__auto_generated_subquery_name', q, []);
    }
    if (ctx instanceof P.AliasedRelationContext) return this.#aliased(this.relation(ctx.relation()), ctx.tableAlias());
    if (ctx instanceof P.InlineTableDefault2Context) return this.inlineTable(ctx.inlineTable());
    this.#unsupported('table-valued functions');
  }

  #relation(ctx: P.IdentifierReferenceContext): LogicalPlan {
    const m = ctx.multipartIdentifier();
    if (!m) this.#unsupported('IDENTIFIER(…)');
    return new UnresolvedRelation(
      m._parts.map((p) => this.#ident(p.identifier())),
      this.#origin(ctx),
    );
  }

  #aliased(plan: LogicalPlan, alias: P.TableAliasContext): LogicalPlan {
    const id = alias.strictIdentifier();
    if (!id) return plan;
    if (alias.identifierList()) this.#unsupported('column aliases on a table alias');
    const name = this.#strictIdent(id);
    return new SubqueryAlias(name, plan, [name]);
  }

  inlineTable(ctx: P.InlineTableContext): LogicalPlan {
    const rows = ctx.expression().map((e) => {
      const x = this.expression(e);
      return x instanceof UnresolvedFunction && x.name === 'struct' ? [...x.children] : [x];
    });
    if (!rows.every((r) => r.every((e) => e.foldable)))
      this.#unsupported('VALUES with expressions that are not constants');
    const width = rows[0].length;
    const types = Array.from(
      { length: width },
      (_, i) => rows.map((r) => r[i].dataType).find((t) => t !== NullType) ?? NullType,
    );
    const alias = ctx.tableAlias();
    const names =
      alias
        .identifierList()
        ?.identifierSeq()
        ._ident.map((i) => this.#ident(i.identifier())) ?? types.map((_, i) => `col${i + 1}`);
    const attrs = names.map((n, i) => new AttributeReference(n, types[i], true));
    const data = rows.map((r) => r.map((e) => e.eval([])));
    const rel = new LocalRelation(attrs, data);
    return alias.strictIdentifier() ? new SubqueryAlias(this.#strictIdent(alias.strictIdentifier()!), rel) : rel;
  }

  #defineWindows(ctx: P.WindowClauseContext): void {
    for (const w of ctx.namedWindow())
      this.#windows.set(this.#ident(w._name!.identifier()).toLowerCase(), this.windowSpec(w.windowSpec()));
  }

  // ---------------------------------------------------------------- expressions

  namedExpression(ctx: P.NamedExpressionContext): Expression {
    const e = this.expression(ctx.expression());
    if (ctx._name) return new Alias(e, this.#ident(ctx._name.identifier())).withOrigin(this.#origin(ctx));
    if (ctx.identifierList()) this.#unsupported('multi-name aliases');
    return e;
  }

  expression(ctx: P.ExpressionContext): Expression {
    return this.booleanExpression(ctx.booleanExpression());
  }

  booleanExpression(ctx: P.BooleanExpressionContext): Expression {
    const o = this.#origin(ctx);
    if (ctx instanceof P.LogicalNotContext)
      return new Not(this.booleanExpression(ctx.booleanExpression())).withOrigin(o);
    if (ctx instanceof P.LogicalBinaryContext) {
      const l = this.booleanExpression(ctx._left!);
      const r = this.booleanExpression(ctx._right!);
      return (ctx._operator!.type === P.SqlBaseParser.AND ? new And(l, r) : new Or(l, r)).withOrigin(o);
    }
    if (ctx instanceof P.PredicatedContext) {
      const v = this.valueExpression(ctx.valueExpression());
      const pred = ctx.predicate();
      return pred ? this.predicate(pred, v).withOrigin(o) : v;
    }
    if (ctx instanceof P.ExistsContext) return new Exists(this.query(ctx.query())).withOrigin(o);
    this.#unsupported(`the expression ${this.#text(ctx)}`);
  }

  predicate(ctx: P.PredicateContext, v: Expression): Expression {
    const not = ctx.errorCapturingNot() != null;
    const wrap = (e: Expression) => (not ? new Not(e) : e);
    const kind = ctx._kind!.type;
    switch (kind) {
      case P.SqlBaseParser.BETWEEN:
        return wrap(
          new And(
            new GreaterThanOrEqual(v, this.valueExpression(ctx._lower!)),
            new LessThanOrEqual(v, this.valueExpression(ctx._upper!)),
          ),
        );
      case P.SqlBaseParser.IN:
        if (ctx.query()) return wrap(new InSubquery(v, new ListQuery(this.query(ctx.query()!))));
        return wrap(
          new In(
            v,
            ctx.expression().map((e) => this.expression(e)),
          ),
        );
      case P.SqlBaseParser.RLIKE:
        return wrap(new StringPredicate(v, this.valueExpression(ctx._pattern!), 'rlike'));
      case P.SqlBaseParser.LIKE:
      case P.SqlBaseParser.ILIKE: {
        if (ctx._quantifier) this.#unsupported('LIKE ANY/ALL');
        const pattern = this.valueExpression(ctx._pattern!);
        const like =
          kind === P.SqlBaseParser.ILIKE
            ? new Like(new StringUnary(v, 'lower'), new StringUnary(pattern, 'lower'))
            : new Like(v, pattern);
        return wrap(like);
      }
      case P.SqlBaseParser.NULL:
        return not ? new IsNotNull(v) : new IsNull(v);
      case P.SqlBaseParser.TRUE:
      case P.SqlBaseParser.FALSE: {
        const is = new EqualNullSafe(v, new Literal(kind === P.SqlBaseParser.TRUE, BooleanType));
        return wrap(is);
      }
      case P.SqlBaseParser.DISTINCT:
        return not
          ? new EqualNullSafe(v, this.valueExpression(ctx._right!))
          : new Not(new EqualNullSafe(v, this.valueExpression(ctx._right!)));
      default:
        this.#unsupported(`the predicate ${this.#text(ctx)}`);
    }
  }

  valueExpression(ctx: P.ValueExpressionContext): Expression {
    const o = this.#origin(ctx);
    if (ctx instanceof P.ValueExpressionDefaultContext) return this.primaryExpression(ctx.primaryExpression());
    if (ctx instanceof P.ArithmeticUnaryContext) {
      const v = this.valueExpression(ctx.valueExpression());
      if (ctx._operator!.type === P.SqlBaseParser.MINUS) {
        if (v instanceof Literal && typeof v.value === 'number') return new Literal(-v.value, v.dataType);
        return new UnaryMinus(v).withOrigin(o);
      }
      if (ctx._operator!.type === P.SqlBaseParser.PLUS) return v;
      this.#unsupported('bitwise NOT (~)');
    }
    if (ctx instanceof P.ArithmeticBinaryContext) {
      const l = this.valueExpression(ctx._left!);
      const r = this.valueExpression(ctx._right!);
      const T = P.SqlBaseParser;
      const make: Record<number, () => Expression> = {
        [T.ASTERISK]: () => new Multiply(l, r),
        [T.SLASH]: () => new Divide(l, r),
        [T.PERCENT]: () => new Remainder(l, r),
        [T.DIV]: () => new IntegralDivide(l, r),
        [T.PLUS]: () => new Add(l, r),
        [T.MINUS]: () => new Subtract(l, r),
        [T.CONCAT_PIPE]: () => new Concat([l, r]),
      };
      const f = make[ctx._operator!.type];
      if (!f) this.#unsupported(`the operator ${ctx._operator!.text}`);
      return f().withOrigin(o);
    }
    if (ctx instanceof P.ComparisonContext) {
      const l = this.valueExpression(ctx._left!);
      const r = this.valueExpression(ctx._right!);
      const op = ctx.comparisonOperator();
      let e: Expression;
      if (op.EQ()) e = new EqualTo(l, r);
      else if (op.NEQ() || op.NEQJ()) e = new Not(new EqualTo(l, r));
      else if (op.LT()) e = new LessThan(l, r);
      else if (op.LTE()) e = new LessThanOrEqual(l, r);
      else if (op.GT()) e = new GreaterThan(l, r);
      else if (op.GTE()) e = new GreaterThanOrEqual(l, r);
      else e = new EqualNullSafe(l, r);
      return e.withOrigin(o);
    }
    this.#unsupported('shift and bitwise operators');
  }

  primaryExpression(ctx: P.PrimaryExpressionContext): Expression {
    const o = this.#origin(ctx);
    if (ctx instanceof P.ConstantDefaultContext) return this.constant(ctx.constant());
    if (ctx instanceof P.ColumnReferenceContext)
      return new UnresolvedAttribute([this.#ident(ctx.identifier())]).withOrigin(o);
    // AstBuilder.visitCurrentLike: unless spark.sql.ansi.enforceReservedKeywords (false by default), `user`,
    // `current_date`… are a column's name first (UnresolvedAttribute.quoted(ctx.name.getText)); the analyzer's
    // LiteralFunctionResolution makes them the functions only where no column has that name.
    if (ctx instanceof P.CurrentLikeContext) return new UnresolvedAttribute([ctx._name!.text!]).withOrigin(o);
    if (ctx instanceof P.DereferenceContext) {
      const base = this.primaryExpression(ctx._base!);
      const field = this.#ident(ctx._fieldName!);
      if (base instanceof UnresolvedAttribute) return new UnresolvedAttribute([...base.nameParts, field]).withOrigin(o);
      this.#unsupported('struct field access');
    }
    if (ctx instanceof P.ParenthesizedExpressionContext) return this.expression(ctx.expression());
    if (ctx instanceof P.StarContext) {
      if (ctx.exceptClause()) this.#unsupported('SELECT * EXCEPT');
      const q = ctx.qualifiedName();
      return new UnresolvedStar(q ? q.identifier().map((i) => this.#ident(i)) : undefined);
    }
    if (ctx instanceof P.FunctionCallContext) return this.functionCall(ctx).withOrigin(o);
    if (ctx instanceof P.SearchedCaseContext) {
      const branches = ctx
        .whenClause()
        .map((w): [Expression, Expression] => [this.expression(w._condition!), this.expression(w._result!)]);
      return new CaseWhen(branches, ctx._elseExpression ? this.expression(ctx._elseExpression) : undefined).withOrigin(
        o,
      );
    }
    if (ctx instanceof P.SimpleCaseContext) {
      const value = this.expression(ctx._value!);
      const branches = ctx
        .whenClause()
        .map((w): [Expression, Expression] => [
          new EqualTo(value, this.expression(w._condition!)),
          this.expression(w._result!),
        ]);
      return new CaseWhen(branches, ctx._elseExpression ? this.expression(ctx._elseExpression) : undefined).withOrigin(
        o,
      );
    }
    if (ctx instanceof P.CastContext)
      return new Cast(
        this.expression(ctx.expression()),
        this.dataType(ctx.dataType()),
        true,
        ctx._name!.type === P.SqlBaseParser.TRY_CAST,
      ).withOrigin(o);
    if (ctx instanceof P.CastByColonContext)
      return new Cast(this.primaryExpression(ctx.primaryExpression()), this.dataType(ctx.dataType()), true).withOrigin(
        o,
      );
    if (ctx instanceof P.FirstContext || ctx instanceof P.LastContext || ctx instanceof P.Any_valueContext) {
      const name = ctx instanceof P.FirstContext ? 'first' : ctx instanceof P.LastContext ? 'last' : 'any_value';
      return new UnresolvedFunction(name, [this.expression(ctx.expression())], false, ctx.IGNORE() != null).withOrigin(
        o,
      );
    }
    if (ctx instanceof P.SubstringContext) {
      const args = [this.valueExpression(ctx._str!), this.valueExpression(ctx._pos!)];
      return new Substring(
        args[0],
        args[1],
        ctx._len ? this.valueExpression(ctx._len) : Literal.create(2147483647),
      ).withOrigin(o);
    }
    if (ctx instanceof P.TrimContext) {
      if (ctx._trimStr) this.#unsupported('TRIM(chars FROM s)');
      const opt = ctx._trimOption?.type;
      const fn = opt === P.SqlBaseParser.LEADING ? 'ltrim' : opt === P.SqlBaseParser.TRAILING ? 'rtrim' : 'trim';
      return new StringUnary(this.valueExpression(ctx._srcStr!), fn).withOrigin(o);
    }
    if (ctx instanceof P.ExtractContext) {
      const field = this.#ident(ctx._field!).toLowerCase();
      const part = field === 'day' ? 'dayofmonth' : field === 'dow' ? 'dayofweek' : field;
      if (!['year', 'month', 'dayofmonth', 'dayofweek', 'hour'].includes(part))
        this.#unsupported(`EXTRACT(${field} …)`);
      return new DatePart(this.valueExpression(ctx._source!), part as 'year').withOrigin(o);
    }
    if (ctx instanceof P.RowConstructorContext)
      return new UnresolvedFunction(
        'struct',
        ctx.namedExpression().map((n) => this.namedExpression(n)),
      );
    if (ctx instanceof P.SubqueryExpressionContext) return new ScalarSubquery(this.query(ctx.query())).withOrigin(o);
    this.#unsupported(`the expression ${this.#text(ctx)}`);
  }

  functionCall(ctx: P.FunctionCallContext): Expression {
    const nameCtx = ctx.functionName();
    const name = nameCtx.qualifiedName()
      ? nameCtx
          .qualifiedName()!
          .identifier()
          .map((i) => this.#ident(i))
          .join('.')
      : this.#text(nameCtx);
    if (ctx._where) this.#unsupported('FILTER (WHERE …) on aggregates');
    const args = ctx._argument.map((a) => {
      if (a.namedArgumentExpression()) this.#unsupported('named arguments');
      return this.expression(a.expression()!);
    });
    const distinct = ctx.setQuantifier()?.DISTINCT() != null;
    const ignoreNulls = ctx._nullsOption?.type === P.SqlBaseParser.IGNORE;
    const fn = new UnresolvedFunction(
      name,
      args.length === 1 && args[0] instanceof UnresolvedStar && name.toLowerCase() === 'count' ? args : args,
      distinct,
      ignoreNulls,
    );
    const spec = ctx.windowSpec();
    if (!spec) return fn;
    return new WindowExpression(fn, this.windowSpec(spec));
  }

  windowSpec(ctx: P.WindowSpecContext): WindowSpecDefinition {
    if (ctx instanceof P.WindowRefContext) {
      const name = this.#ident(ctx._name!.identifier());
      const w = this.#windows.get(name.toLowerCase());
      if (!w)
        throw new UnsupportedSqlError(
          `[INVALID_SQL_SYNTAX.UNRESOLVED_WINDOW_REFERENCE] Invalid SQL syntax: Cannot resolve window reference \`${name}\`. SQLSTATE: 42000`,
        );
      return w;
    }
    const def = ctx as P.WindowDefContext;
    const partition = def._partition.map((e) => this.expression(e));
    const order = def.sortItem().map((s) => this.sortItem(s));
    const frameCtx = def.windowFrame();
    let frame: SpecifiedWindowFrame | undefined;
    if (frameCtx) {
      const bound = (b: P.FrameBoundContext | undefined, dflt: FrameBoundary): FrameBoundary => {
        if (!b) return dflt;
        if (b.UNBOUNDED())
          return b._boundType!.type === P.SqlBaseParser.PRECEDING ? 'unboundedpreceding' : 'unboundedfollowing';
        if (b.CURRENT()) return 'currentrow';
        const v = this.expression(b.expression()!);
        const n = Number((v as Literal).value);
        return b._boundType!.type === P.SqlBaseParser.PRECEDING ? -n : n;
      };
      frame = new SpecifiedWindowFrame(
        frameCtx._frameType!.type === P.SqlBaseParser.ROWS ? 'RowFrame' : 'RangeFrame',
        bound(frameCtx._start, 'unboundedpreceding'),
        bound(frameCtx._end, 'currentrow'),
      );
    }
    return new WindowSpecDefinition(partition, order, frame);
  }

  sortItem(ctx: P.SortItemContext): SortOrder {
    const e = this.expression(ctx.expression());
    const dir = ctx._ordering?.type === P.SqlBaseParser.DESC ? 'DESC' : 'ASC';
    const nulls = ctx._nullOrder
      ? ctx._nullOrder.type === P.SqlBaseParser.LAST
        ? 'NULLS LAST'
        : 'NULLS FIRST'
      : undefined;
    return new SortOrder(e, dir, nulls);
  }

  constant(ctx: P.ConstantContext): Expression {
    if (ctx instanceof P.NullLiteralContext) return new Literal(null, NullType);
    if (ctx instanceof P.BooleanLiteralContext) return new Literal(ctx.booleanValue().TRUE() != null, BooleanType);
    if (ctx instanceof P.StringLiteralContext)
      return new Literal(
        ctx
          .stringLit()
          .map((s) => unescapeSQLString(this.#text(s)))
          .join(''),
        StringType,
      );
    if (ctx instanceof P.NumericLiteralContext) return this.#number(ctx.number());
    if (ctx instanceof P.TypeConstructorContext) {
      const type = this.#text(ctx.literalType()).toUpperCase();
      const value = unescapeSQLString(this.#text(ctx.stringLit()));
      if (type === 'DATE') return new Literal(new Cast(new Literal(value, StringType), DateType).eval([]), DateType);
      if (type.startsWith('TIMESTAMP'))
        return new Literal(new Cast(new Literal(value, StringType), TimestampType).eval([]), TimestampType);
      this.#unsupported(`${type} literals`);
    }
    this.#unsupported(`the literal ${this.#text(ctx)}`);
  }

  #number(ctx: P.NumberContext): Literal {
    const text = this.#text(ctx);
    if (ctx instanceof P.IntegerLiteralContext) {
      const v = Number(text);
      return new Literal(v, v >= -2147483648 && v <= 2147483647 ? IntegerType : LongType);
    }
    const body = text.replace(/(BD|[LSYDF])$/i, '');
    if (ctx instanceof P.BigIntLiteralContext) return new Literal(Number(body), LongType);
    if (ctx instanceof P.SmallIntLiteralContext) return new Literal(Number(body), ShortType);
    if (ctx instanceof P.TinyIntLiteralContext) return new Literal(Number(body), ByteType);
    if (ctx instanceof P.FloatLiteralContext) return new Literal(Math.fround(Number(body)), FloatType);
    // Decimal literals (`1.5`) are DECIMAL in Spark; Kindling keeps decimals as doubles (see types/index.ts).
    return new Literal(Number(body), DoubleType);
  }

  dataType(ctx: P.DataTypeContext): DataType {
    if (ctx instanceof P.ComplexDataTypeContext && ctx._complex!.type === P.SqlBaseParser.ARRAY)
      return new ArrayType(this.dataType(ctx.dataType(0)!));
    if (ctx instanceof P.PrimitiveDataTypeContext) return parseTypeName(this.#text(ctx));
    this.#unsupported(`the type ${this.#text(ctx)}`);
  }

  // ---------------------------------------------------------------- identifiers and text

  #text(ctx: ParserRuleContext | Token): string {
    if ('start' in ctx && typeof (ctx as ParserRuleContext).getChildCount === 'function') {
      const c = ctx as ParserRuleContext;
      return this.sqlText.slice(c.start!.start, (c.stop ?? c.start!).stop + 1);
    }
    return (ctx as Token).text ?? '';
  }

  #ident(ctx: P.IdentifierContext | P.ErrorCapturingIdentifierContext): string {
    const t = this.#text(ctx);
    return t.startsWith('`') ? t.slice(1, -1).replace(/``/g, '`') : t;
  }

  #strictIdent(ctx: P.StrictIdentifierContext): string {
    const t = this.#text(ctx);
    return t.startsWith('`') ? t.slice(1, -1).replace(/``/g, '`') : t;
  }
}

/** Spark's `unescapeSQLString`: quotes off, backslash escapes decoded. */
export function unescapeSQLString(s: string): string {
  const quote = s[0];
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && i + 1 < body.length) {
      const n = body[++i];
      const map: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        b: '\b',
        '0': '\0',
        Z: '\x1a',
        '%': '\\%',
        _: '\\_',
      };
      out += map[n] ?? n;
    } else if (ch === quote && body[i + 1] === quote) {
      out += quote;
      i++;
    } else out += ch;
  }
  return out;
}
