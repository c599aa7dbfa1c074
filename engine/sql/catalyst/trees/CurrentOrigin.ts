/**
 * Where in the learner's program a plan node came from, and Spark's
 * `CurrentOrigin`, which hands that place to every node made while it is set.
 *
 * Spark's TreeNode takes `origin = CurrentOrigin.get` when it is constructed,
 * and `transformUp`/`transformDown` run each rule under the origin of the node
 * they are rewriting (TreeNode.scala), so what a rule builds in a node's place
 * inherits its origin: the Exchange that EnsureRequirements puts under a
 * HashAggregate carries the aggregate's origin. Spark 4.0 fills the origin of
 * DataFrame API calls with the caller's stack (`Origin.stackTrace`, shown as a
 * `DataFrameQueryContext`); here it is the program's line and column, which is
 * what the playground needs to say which line caused an exchange.
 */

/** A place in the driver program: 1-based line, 1-based column. */
export interface PlanCallSite {
  line: number;
  column: number;
}

let current: PlanCallSite | undefined;

/**
 * Spark's `CurrentOrigin`. Unlike Spark's (a thread-local reset to empty on
 * exit), `withOrigin` restores what was set before, because physical planning
 * here nests: a node's children are planned inside its own planning.
 *
 * @example
 * const exchange = CurrentOrigin.withOrigin({ line: 7, column: 4 }, () => new ShuffleExchangeExec(p, child));
 * exchange.callSite; // { line: 7, column: 4 }
 */
export const CurrentOrigin = {
  get(): PlanCallSite | undefined {
    return current;
  },

  withOrigin<R>(origin: PlanCallSite | undefined, body: () => R): R {
    const previous = current;
    current = origin;
    try {
      return body();
    } finally {
      current = previous;
    }
  },
};

/**
 * Gives `callSite` to every node of `plan` made without one, from the root
 * down to the nodes an earlier DataFrame already placed (those keep theirs).
 * A DataFrame method builds its new nodes before it knows its call site, so
 * they are stamped when the DataFrame is made.
 *
 * @example
 * stampCallSite(new Aggregate(keys, aggs, parent.logicalPlan), { line: 9, column: 3 });
 */
export function stampCallSite<T extends { callSite?: PlanCallSite; children: readonly T[] }>(
  plan: T,
  callSite: PlanCallSite | undefined,
): T {
  if (!callSite) return plan;
  const visit = (node: T) => {
    if (node.callSite) return;
    node.callSite = callSite;
    for (const child of node.children) visit(child);
  };
  visit(plan);
  return plan;
}

/**
 * Runs `body` under `node`'s origin: for a rule that rebuilds a child of the
 * node it matched, where Spark writes `child.copy(…)` (which keeps the
 * child's origin) and this code writes `new …`.
 *
 * @example
 * return new Project(p.projectList, withOriginOf(j, () => new Join(l, r, j.joinType, j.condition, j.hint)));
 */
export function withOriginOf<R>(node: { callSite?: PlanCallSite }, body: () => R): R {
  return CurrentOrigin.withOrigin(node.callSite, body);
}
