/**
 * SparkOptimizer's "Extract Python UDFs" batch (org.apache.spark.sql.execution.python's
 * ExtractPythonUDFs.scala and ExtractPythonUDFFromJoinCondition), after the operator optimizations:
 * - ExtractPythonUDFFromJoinCondition: a condition of an inner join that calls a UDF needing both sides
 *   becomes a Filter over the join (with no other condition, a cross join); any other join type with such a
 *   condition fails with Spark's UNSUPPORTED_FEATURE.PYTHON_UDF_IN_ON_CLAUSE.
 * - ExtractPythonUDFFromAggregate: a UDF over an aggregate's result or a grouping key (`udf(sum(x))`) runs
 *   after the Aggregate, in a Project above it.
 * - ExtractPythonUDFs: any other operator that calls UDFs gets, under the child that has their arguments, a
 *   BatchEvalPython that computes them (a UDF whose only argument is another UDF chains with it, `f(g(x))` being
 *   one evaluation; one whose arguments mix a UDF with other columns waits for a later one) as the columns
 *   `pythonUDF0`, `pythonUDF1`, …, which the operator reads instead; so a UDF in an aggregate's arguments runs
 *   below the Aggregate, in its map stage, and one in a join condition that reads one side runs on that side.
 *   When the operator's output changed, a Project keeps the columns it had.
 * (PullOutGroupingExpressions already moved a UDF in a grouping key into a Project below its Aggregate, which
 * Spark's ExtractGroupingPythonUDFFromAggregate would do here.)
 */
import type { Rule } from '../../catalyst/optimizer/Rule';
import { Aggregate, Filter, Join, Project } from '../../catalyst/plans/logical/basicLogicalOperators';
import type { LogicalPlan } from '../../catalyst/plans/logical/LogicalPlan';
import { canonical, type Expression } from '../../catalyst/expressions/Expression';
import { Alias, AttributeReference, isNamed, type NamedExpression } from '../../catalyst/expressions/namedExpressions';
import { AggregateExpression } from '../../catalyst/expressions/aggregate/interfaces';
import { And } from '../../catalyst/expressions/predicates';
import { PythonUDF } from '../../catalyst/expressions/PythonUDF';
import { splitConjunctivePredicates } from '../../catalyst/optimizer/predicates';
import { AnalysisException } from '../../errors';
import { BatchEvalPython } from './BatchEvalPythonExec';

const hasPythonUDF = (e: Expression) => e.exists((x) => x instanceof PythonUDF);

/** Whether every attribute `e` reads is among `attrs` (Spark's `references.subsetOf`). */
function readsOnly(e: Expression, attrs: readonly AttributeReference[]): boolean {
  return e.references.every((r) => attrs.some((a) => a.exprId === (r as AttributeReference).exprId));
}

// ------------------------------------------------------------ ExtractPythonUDFFromJoinCondition

/** A UDF in `e` that neither side of `join` can evaluate alone. */
function hasUnevaluableUDF(e: Expression, join: Join): boolean {
  return e.exists((x) => x instanceof PythonUDF && !readsOnly(x, join.left.output) && !readsOnly(x, join.right.output));
}

/** Spark's `JoinType.sql`, as `toSQLStmt` quotes it in the error. */
const JOIN_SQL: Record<string, string> = {
  LeftOuter: 'LEFT OUTER',
  RightOuter: 'RIGHT OUTER',
  FullOuter: 'FULL OUTER',
  LeftSemi: 'LEFT SEMI',
  LeftAnti: 'LEFT ANTI',
};

function extractFromJoinCondition(plan: LogicalPlan): LogicalPlan {
  return plan.transformUp((p) => {
    if (!(p instanceof Join) || !p.condition || !hasUnevaluableUDF(p.condition, p)) return undefined;
    if (p.joinType !== 'Inner' && p.joinType !== 'Cross')
      // Run after the join, its condition would keep rows an outer join must not (QueryCompilationErrors).
      throw new AnalysisException('UNSUPPORTED_FEATURE.PYTHON_UDF_IN_ON_CLAUSE', {
        joinType: `"${JOIN_SQL[p.joinType] ?? p.joinType.toUpperCase()}"`,
      });
    const conjuncts = splitConjunctivePredicates(p.condition);
    const udf = conjuncts.filter((c) => hasUnevaluableUDF(c, p));
    const rest = conjuncts.filter((c) => !hasUnevaluableUDF(c, p));
    const join = new Join(
      p.left,
      p.right,
      p.joinType,
      rest.length ? rest.reduce((a, b) => new And(a, b)) : undefined,
      p.hint,
    );
    return new Filter(
      udf.reduce((a, b) => new And(a, b)),
      join,
    );
  });
}

// ------------------------------------------------------------ ExtractPythonUDFFromAggregate

/** An expression only the Aggregate can give: an aggregate function's result or a grouping key. */
function belongsToAggregate(e: Expression, agg: Aggregate): boolean {
  return e instanceof AggregateExpression || agg.groupingExpressions.some((g) => g.semanticEquals(e));
}

function hasUDFOverAggregate(e: Expression, agg: Aggregate): boolean {
  return e.exists(
    (x) => x instanceof PythonUDF && (x.references.length === 0 || x.exists((y) => belongsToAggregate(y, agg))),
  );
}

function extractFromAggregate(plan: LogicalPlan): LogicalPlan {
  return plan.transformUp((agg) => {
    if (!(agg instanceof Aggregate) || !agg.aggregateExpressions.some((e) => hasUDFOverAggregate(e, agg)))
      return undefined;
    const projectList: Expression[] = [];
    const aggregates: NamedExpression[] = [];
    for (const e of agg.aggregateExpressions as NamedExpression[]) {
      if (!hasUDFOverAggregate(e, agg)) {
        aggregates.push(e);
        projectList.push(e.toAttribute());
        continue;
      }
      // The UDF can run only once the Aggregate has given what it reads.
      projectList.push(
        e.transformDown((x) => {
          if (!belongsToAggregate(x, agg)) return undefined;
          const alias = isNamed(x) ? x : new Alias(x, 'agg');
          aggregates.push(alias);
          return alias.toAttribute();
        }),
      );
    }
    return new Project(projectList, new Aggregate(agg.groupingExpressions, aggregates, agg.child));
  });
}

// ------------------------------------------------------------ ExtractPythonUDFs

/**
 * Spark's `canEvaluateInPython`: a UDF whose only argument is another UDF chains with it (both run in one
 * evaluation, the inner one's result handed straight to the outer one); any other UDF needs arguments that call
 * no UDF.
 */
function canEvaluateInPython(u: PythonUDF): boolean {
  const [only] = u.children;
  if (u.children.length === 1 && only instanceof PythonUDF) return canEvaluateInPython(only);
  return !u.children.some(hasPythonUDF);
}

/** Each Python function's number, for the keys of {@link udfKey}. */
const functionIds = new WeakMap<object, number>();
let nextFunctionId = 0;

/**
 * Spark's `canonicalizeDeterministic`: a deterministic call is known by its function, name, type and arguments,
 * not by its result's id, so two calls of one UDF on the same arguments are one evaluation (an ExpressionSet);
 * a nondeterministic call is only itself.
 */
function udfKey(u: PythonUDF): PythonUDF | string {
  if (!u.deterministic) return u;
  let id = functionIds.get(u.func);
  if (id === undefined) functionIds.set(u.func, (id = nextFunctionId++));
  const args = u.children.map((c) => (c instanceof PythonUDF ? String(udfKey(c)) : canonical(c)));
  return `${id}:${u.name}:${u.dataType.simpleString}(${args.join(',')})`;
}

/**
 * The UDFs of `exprs` that can run now (Spark's `collectEvaluableUDFs`, kept as an ExpressionSet): top down, the
 * first UDF on each path that Python can evaluate, with the UDFs it chains below it, so `f(g(x))` is one UDF of
 * the BatchEvalPython; a second call of the same UDF on the same arguments is not another one.
 */
function evaluable(exprs: readonly Expression[]): PythonUDF[] {
  const found: PythonUDF[] = [];
  const keys = new Set<PythonUDF | string>();
  const visit = (e: Expression): void => {
    if (e instanceof PythonUDF && canEvaluateInPython(e)) {
      const key = udfKey(e);
      if (!keys.has(key)) {
        keys.add(key);
        found.push(e);
      }
      return;
    }
    e.children.forEach(visit);
  };
  exprs.forEach(visit);
  return found;
}

function extract(plan: LogicalPlan): LogicalPlan {
  const inputs = plan.inputSet;
  // A UDF reading what this operator's children do not give is another operator's (an Aggregate's second phase).
  const udfs = evaluable(plan.expressions).filter((u) => readsOnly(u, inputs));
  if (udfs.length === 0) return plan;
  const results = new Map<PythonUDF | string, AttributeReference>();
  const children = plan.children.map((child) => {
    const here = udfs.filter((u) => readsOnly(u, child.output));
    if (here.length === 0) return child;
    const attrs = here.map((u, i) => new AttributeReference(`pythonUDF${i}`, u.dataType, true));
    here.forEach((u, i) => results.set(udfKey(u), attrs[i]));
    return new BatchEvalPython(here, attrs, child);
  });
  const stranded = udfs.find((u) => !results.has(udfKey(u)));
  if (stranded)
    throw new AnalysisException('INTERNAL_ERROR', {
      message: `Invalid PythonUDF ${stranded}, requires attributes from more than one child.`,
    });
  // Top down, as Spark's transformExpressions: a chain `f(g(x))` is replaced whole, even where `g(x)` alone is
  // another UDF of the BatchEvalPython.
  const rewritten = plan
    .withNewChildren(children)
    .mapExpressions((e) => e.transformDown((x) => (x instanceof PythonUDF ? results.get(udfKey(x)) : undefined)));
  // UDFs over UDFs' results: the next BatchEvalPython goes above this one.
  const next = extract(rewritten);
  const same =
    next.output.length === plan.output.length && next.output.every((a, i) => a.exprId === plan.output[i].exprId);
  return same ? next : new Project([...plan.output], next);
}

function extractPythonUDFs(plan: LogicalPlan): LogicalPlan {
  return plan.transformUp((p) => (p instanceof BatchEvalPython ? p : extract(p)));
}

/** The batch, in Spark's order; a plan that calls no Python UDF comes back as it was. */
export const ExtractPythonUDFs: Rule = {
  ruleName: 'ExtractPythonUDFs',
  apply(plan: LogicalPlan): LogicalPlan {
    if (!plan.exists((p) => p.expressions.some(hasPythonUDF))) return plan;
    return extractPythonUDFs(extractFromAggregate(extractFromJoinCondition(plan)));
  },
};
