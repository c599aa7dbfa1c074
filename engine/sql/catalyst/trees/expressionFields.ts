/**
 * A plan node's own expressions, found in its fields (Spark's `QueryPlan.expressions` and `mapExpressions`), for
 * logical and physical plans alike: every field but `children` that holds an expression or an array of them.
 */
import { Expression } from '../expressions/Expression';
import type { TreeNode } from './TreeNode';

/** The node's own expressions (not its children's). */
export function expressionsOf(node: object): Expression[] {
  const out: Expression[] = [];
  const visit = (v: unknown) => {
    if (v instanceof Expression) out.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
  };
  for (const [k, v] of Object.entries(node)) if (k !== 'children') visit(v);
  return out;
}

/** The node with `f` applied to each of its own expressions; the node itself when none changed. */
export function mapExpressionFields<T extends TreeNode<T>>(node: T, f: (e: Expression) => Expression): T {
  let changed = false;
  const map = (v: unknown): unknown => {
    if (v instanceof Expression) {
      const n = f(v);
      if (n !== v) changed = true;
      return n;
    }
    if (Array.isArray(v)) return v.map(map);
    return v;
  };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'children') fields[k] = map(v);
  return changed ? node.copyWith(fields as Partial<T>) : node;
}
