/**
 * Spark's ReuseExchangeAndSubquery: two exchanges in one query that would
 * compute the same rows (a self-join reads one table twice) are computed
 * once; the second becomes a ReusedExchange of the first. "The same" is
 * compared on canonical plans, where attribute ids are renumbered by first
 * appearance, so the two sides of a self-join match.
 */
import type { SparkPlan } from '../SparkPlan';
import { classKey } from '../../catalyst/trees/TreeNode';
import { BroadcastExchangeExec, ReusedExchangeExec, ShuffleExchangeExec } from './ShuffleExchangeExec';
import { RDDScanExec } from '../ExistingRDD';
import { InputAdapter, WholeStageCodegenExec } from '../WholeStageCodegenExec';

const rddIds = new WeakMap<object, number>();
let nextRddKey = 0;

/** A string equal for plans that compute the same rows. */
export function canonicalPlan(plan: SparkPlan): string {
  const ids = new Map<string, number>();
  const walk = (p: SparkPlan): string => {
    // Codegen stage ids and input adapters say how a plan is compiled, not what it computes.
    if (p instanceof WholeStageCodegenExec || p instanceof InputAdapter) return walk(p.children[0]);
    const kids = p.children.map(walk).join(',');
    let line = p.simpleString.replace(/\[plan_id=\d+\]/g, '');
    if (p instanceof RDDScanExec && typeof p.rdd === 'object' && p.rdd !== null) {
      if (!rddIds.has(p.rdd)) rddIds.set(p.rdd, nextRddKey++);
      line += ` rdd=${rddIds.get(p.rdd)}`;
    }
    line = line.replace(/#(\d+)/g, (_m, id: string) => {
      if (!ids.has(id)) ids.set(id, ids.size);
      return `#${ids.get(id)}`;
    });
    return `${classKey(p)}{${line}}(${kids})`;
  };
  return walk(plan);
}

export function reuseExchange(plan: SparkPlan, enabled: boolean): SparkPlan {
  if (!enabled) return plan;
  const seen = new Map<string, ShuffleExchangeExec | BroadcastExchangeExec>();
  return plan.transformUp((p) => {
    if (!(p instanceof ShuffleExchangeExec) && !(p instanceof BroadcastExchangeExec)) return undefined;
    const key = canonicalPlan(p);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, p);
      return undefined;
    }
    return first === p ? undefined : new ReusedExchangeExec(p.output, first);
  });
}
