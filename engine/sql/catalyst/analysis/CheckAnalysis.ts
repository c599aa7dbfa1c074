/**
 * Spark's CheckAnalysis: after the analyzer's rules, anything still
 * unresolved or ill-typed becomes an AnalysisException with Spark's error
 * class, checked bottom-up so the first error is the innermost one, as in Spark.
 */
import type { LogicalPlan } from '../plans/logical/LogicalPlan';
import { Aggregate, Filter, UnresolvedRelation } from '../plans/logical/basicLogicalOperators';
import { UnresolvedAttribute, UnresolvedFunction } from './unresolved';
import { unresolvedColumn, toPrettySQL } from './resolution';
import { AnalysisException, UnsupportedSqlError, toSQLId } from '../../errors';
import { AggregateExpression } from '../expressions/aggregate/interfaces';
import { Alias, AttributeReference } from '../expressions/namedExpressions';
import type { Expression } from '../expressions/Expression';
import { BooleanType } from '../../types';
import { InSubquery } from '../expressions/subquery';

/**
 * The names Spark's LiteralFunctionResolution turns into functions when no column has them (the parser's
 * visitCurrentLike makes them attributes first). Kindling has none of these functions yet.
 */
const LITERAL_FUNCTIONS = new Set([
  'current_date',
  'current_timestamp',
  'current_time',
  'current_user',
  'user',
  'session_user',
]);

export function checkAnalysis(plan: LogicalPlan): void {
  for (const child of plan.children) checkAnalysis(child);
  if (plan instanceof UnresolvedRelation)
    throw new AnalysisException(
      'TABLE_OR_VIEW_NOT_FOUND',
      { relationName: toSQLId(plan.multipartIdentifier) },
      plan.origin,
    );
  for (const e of plan.expressions) {
    const missing = e.find((x) => x instanceof UnresolvedAttribute) as UnresolvedAttribute | undefined;
    if (missing && missing.nameParts.length === 1 && LITERAL_FUNCTIONS.has(missing.nameParts[0].toLowerCase()))
      throw new UnsupportedSqlError(`Kindling does not run ${missing.nameParts[0]} in SQL yet.`);
    if (missing) throw unresolvedColumn(missing.nameParts, plan.inputSet, missing.origin);
    const fn = e.find((x) => x instanceof UnresolvedFunction);
    if (fn) throw new AnalysisException('INTERNAL_ERROR', { message: `Unresolved function ${fn}` });
    checkTypes(e);
    const inSubquery = e.find((x) => x instanceof InSubquery) as InSubquery | undefined;
    const right = inSubquery?.query.plan.output;
    if (right && right.length !== 1)
      throw new AnalysisException('DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH', {
        sqlExpr: `"${toPrettySQL(inSubquery)}"`,
        leftLength: '1',
        rightLength: String(right.length),
        leftColumns: `"${toPrettySQL(inSubquery.value)}"`,
        rightColumns: right.map((a) => `"${a.name}"`).join(', '),
      });
  }
  if (plan instanceof Filter && plan.condition.resolved && plan.condition.dataType !== BooleanType)
    throw new AnalysisException('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE', {
      sqlExpr: `"${toPrettySQL(plan.condition)}"`,
      paramIndex: 'first',
      requiredType: '"BOOLEAN"',
      inputSql: `"${toPrettySQL(plan.condition)}"`,
      inputType: `"${plan.condition.dataType.sql}"`,
    });
  if (plan instanceof Aggregate) checkAggregate(plan);
}

/** The innermost expression whose inputs have the wrong types. */
function checkTypes(e: Expression): void {
  for (const c of e.children) checkTypes(c);
  if (!e.childrenResolved) return;
  const failure = e.checkInputDataTypes();
  if (failure)
    throw new AnalysisException(
      `DATATYPE_MISMATCH.${failure.errorSubClass}`,
      { sqlExpr: `"${toPrettySQL(e)}"`, ...failure.messageParameters },
      e.origin,
    );
}

/** Every column an aggregate's result reads must be grouped, or inside an aggregate function. */
function checkAggregate(agg: Aggregate): void {
  for (const g of agg.groupingExpressions) {
    const inner = g.find((x) => x instanceof AggregateExpression);
    if (inner) throw new AnalysisException('GROUP_BY_AGGREGATE', { sqlExpr: `"${toPrettySQL(inner)}"` });
  }
  const check = (e: Expression): void => {
    if (e instanceof AggregateExpression) return;
    if (agg.groupingExpressions.some((g) => g.semanticEquals(e))) return;
    if (e instanceof AttributeReference) {
      throw new AnalysisException(
        'MISSING_AGGREGATION',
        { expression: `"${toPrettySQL(e)}"`, expressionAnyValue: `"any_value(${toPrettySQL(e)})"` },
        e.origin,
      );
    }
    e.children.forEach(check);
  };
  for (const e of agg.aggregateExpressions) check(e instanceof Alias ? e.child : e);
}
