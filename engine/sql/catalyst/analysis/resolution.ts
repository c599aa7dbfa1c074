/**
 * Name resolution as Spark's analyzer does it (LogicalPlan.resolve,
 * package.scala's `resolveExpressionByPlanChildren`): a column name,
 * possibly qualified, against the attributes a node's children produce;
 * case-insensitive unless `spark.sql.caseSensitive`; two different columns of
 * one name are ambiguous.
 */
import type { AttributeReference } from '../expressions/namedExpressions';
import { AnalysisException, toSQLId } from '../../errors';
import type { SQLConf } from '../../internal/SQLConf';
import type { Expression } from '../expressions/Expression';
import { AggregateExpression } from '../expressions/aggregate/interfaces';
import { Cast } from '../expressions/Cast';
import { Literal } from '../expressions/literals';
import { isAttribute } from '../expressions/Expression';
import { NumericType, StringType } from '../../types';
import { Alias, quoteIfNeeded } from '../expressions/namedExpressions';

/**
 * The attribute `nameParts` names among `input`, or undefined when none does.
 * Throws AMBIGUOUS_REFERENCE when two different attributes match.
 */
export function resolveName(
  nameParts: readonly string[],
  input: readonly AttributeReference[],
  conf: SQLConf,
): AttributeReference | undefined {
  const eq = (a: string, b: string) => conf.resolver(a, b);
  const name = nameParts[nameParts.length - 1];
  const qualifier = nameParts.slice(0, -1);
  let matches = input.filter((a) => {
    if (!eq(a.name, name)) return false;
    if (qualifier.length === 0) return true;
    const q = a.qualifier;
    // `t.x` matches an attribute qualified `t` or `db.t`: compare the qualifier's tail.
    return q.length >= qualifier.length && qualifier.every((part, i) => eq(part, q[q.length - qualifier.length + i]));
  });
  // The same attribute reached twice (a using-join's key) is one match.
  matches = matches.filter((a, i) => matches.findIndex((b) => b.exprId === a.exprId) === i);
  if (matches.length > 1)
    throw new AnalysisException('AMBIGUOUS_REFERENCE', {
      name: toSQLId(nameParts),
      referenceNames: `[${matches.map((a) => toSQLId([...a.qualifier, a.name])).join(', ')}]`,
    });
  return matches[0];
}

/** Spark's Levenshtein distance, for "Did you mean" suggestions. */
export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * Spark's `orderSuggestedIdentifiersBySimilarity`: candidates' qualifiers
 * dropped when they all share one, then ordered by edit distance to the
 * missing name (a stable sort).
 */
export function orderSuggestions(missing: string, candidates: readonly (readonly string[])[]): string[] {
  const quote = (parts: readonly string[]) => parts.map((p) => '`' + p.replace(/`/g, '``') + '`').join('.');
  const sameQualifier = new Set(candidates.map((c) => c.slice(0, -1).join('\u0000'))).size <= 1;
  const stripped = sameQualifier ? candidates.map((c) => c.slice(-1)) : candidates;
  const quoted = stripped.map(quote);
  return quoted
    .map((q, i) => ({ q, i, d: levenshtein(q, missing) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .map((x) => x.q);
}

/** UNRESOLVED_COLUMN for `nameParts`, suggesting the closest of `input`'s names. */
export function unresolvedColumn(
  nameParts: readonly string[],
  input: readonly AttributeReference[],
  origin?: import('../../errors').SqlOrigin,
): AnalysisException {
  const missing = nameParts.map(quoteIfNeeded).join('.');
  const proposal = orderSuggestions(
    missing,
    input.map((a) => [...a.qualifier, a.name]),
  ).slice(0, 5);
  if (proposal.length === 0)
    return new AnalysisException('UNRESOLVED_COLUMN.WITHOUT_SUGGESTION', { objectName: toSQLId(nameParts) }, origin);
  return new AnalysisException(
    'UNRESOLVED_COLUMN.WITH_SUGGESTION',
    { objectName: toSQLId(nameParts), proposal: proposal.join(', ') },
    origin,
  );
}

/**
 * Spark's `toPrettySQL`: the SQL of an expression with attributes by plain
 * name, literals as values and casts the analyzer added left out — what an
 * unnamed column is called (`sum(amount)`, `(id % 10)`).
 */
export function toPrettySQL(e: Expression): string {
  return pretty(e);
}

function pretty(e: Expression): string {
  if (isAttribute(e)) return e.name;
  if (e instanceof Literal) {
    if (e.value === null) return 'NULL';
    if (e.dataType === StringType) return String(e.value);
    if (e.dataType instanceof NumericType) return e.toString();
  }
  if (e instanceof Cast && !e.userSpecified) return pretty(e.child);
  if (e instanceof Alias) return pretty(e.child);
  if (e instanceof AggregateExpression) {
    const f = e.aggregateFunction;
    return `${f.prettyName}(${e.isDistinct ? 'DISTINCT ' : ''}${f.children.map(pretty).join(', ')})`;
  }
  // Rebuild this node's SQL with its children printed prettily.
  const kids = e.children;
  if (kids.length === 0) return e.sql;
  const prettyKids = kids.map((k) => new PrettyAttribute(pretty(k), k));
  return e.withNewChildren(prettyKids).sql;
}

/** Stands in for a child when printing SQL prettily: prints as its text. */
class PrettyAttribute extends Literal {
  constructor(
    readonly text: string,
    readonly original: Expression,
  ) {
    super(null, original.resolved ? original.dataType : StringType);
  }
  override get sql(): string {
    return this.text;
  }
  override toString(): string {
    return this.text;
  }
}
