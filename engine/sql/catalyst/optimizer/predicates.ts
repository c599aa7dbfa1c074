/** Helpers for rules that take conditions apart (Spark's PredicateHelper). */
import type { Expression } from '../expressions/Expression';
import { And } from '../expressions/predicates';
import type { AttributeReference } from '../expressions/namedExpressions';

/** `a AND (b AND c)` as [a, b, c]. */
export function splitConjunctivePredicates(e: Expression): Expression[] {
  if (e instanceof And) return [...splitConjunctivePredicates(e.left), ...splitConjunctivePredicates(e.right)];
  return [e];
}

/** [a, b, c] as `((a AND b) AND c)`, or undefined for none. */
export function conjoin(es: readonly Expression[]): Expression | undefined {
  return es.length === 0 ? undefined : es.reduce((a, b) => new And(a, b));
}

/** True when every attribute `e` reads is among `attrs`. */
export function canEvaluate(e: Expression, attrs: readonly AttributeReference[]): boolean {
  const ids = new Set(attrs.map((a) => a.exprId));
  return e.references.every((r) => ids.has(r.exprId));
}
