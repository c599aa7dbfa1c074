/**
 * `explain()`'s texts, as Spark's QueryExecution.explainString and
 * ExplainUtils print them: the simple mode (`== Physical Plan ==` and a `+-`
 * tree with `*(n)` before operators of whole-stage codegen stage n), the
 * extended mode (parsed, analyzed, optimized and physical plans) and the
 * formatted mode (a numbered outline, then each operator's details). Tests
 * compare against exactly this code's output.
 */
import type { SparkPlan } from './SparkPlan';
import { InputAdapter, WholeStageCodegenExec } from './WholeStageCodegenExec';
import { AdaptiveSparkPlanExec } from './adaptive/AdaptiveSparkPlanExec';
import { ReusedExchangeExec, ShuffleExchangeExec, BroadcastExchangeExec } from './exchange/ShuffleExchangeExec';
import { ProjectExec, FilterExec, RangeExec } from './basicPhysicalOperators';
import { HashAggregateExec } from './aggregate/HashAggregateExec';
import { SortExec } from './SortExec';
import { SortMergeJoinExec } from './joins/SortMergeJoinExec';
import { BroadcastHashJoinExec, ShuffledHashJoinExec } from './joins/HashJoinExec';
import { RDDScanExec } from './ExistingRDD';
import { list } from './SparkPlan';
import { InMemoryRelationNode, InMemoryTableScanExec } from './columnar/InMemoryTableScanExec';
import { subqueriesOf } from './subquery';

interface PrintedNode {
  plan: SparkPlan;
  codegenId?: number;
  children: PrintedNode[];
  /** Plans printed two levels under the node, as TreeNode.generateTreeString prints innerChildren (a cache's). */
  inner?: PrintedNode[];
  /** An AdaptiveSparkPlan's plans, printed under it as AdaptiveSparkPlanExec.generateTreeString does. */
  adaptive?: { initial: PrintedNode; final?: PrintedNode };
}

/** The tree as printed: codegen wrappers and input adapters folded into their operators' `*(n)`. */
export function printedTree(plan: SparkPlan, codegenId?: number): PrintedNode {
  if (plan instanceof WholeStageCodegenExec) return printedTree(plan.child, plan.codegenStageId);
  if (plan instanceof InputAdapter) return printedTree(plan.child, undefined);
  if (plan instanceof AdaptiveSparkPlanExec)
    return {
      plan,
      codegenId,
      children: [],
      adaptive: {
        initial: printedTree(plan.initialPlan),
        final: plan.finalPlan ? printedTree(plan.finalPlan) : undefined,
      },
    };
  if (plan instanceof InMemoryTableScanExec || plan instanceof InMemoryRelationNode)
    return { plan, codegenId, children: [], inner: plan.innerChildren.map((c) => printedTree(c)) };
  const kids = plan.children.length ? plan.children : plan.innerChildren;
  const subqueries = subqueriesOf(plan);
  return {
    plan,
    codegenId,
    children: kids.map((c) => printedTree(c, plan.supportsCodegen ? codegenId : undefined)),
    // QueryPlan.innerChildren: a node's subqueries, printed two levels under it.
    inner: subqueries.length ? subqueries.map((s) => printedTree(s.plan)) : undefined,
  };
}

function drawTree(root: PrintedNode, line: (n: PrintedNode) => string, indent = ''): string[] {
  const out: string[] = [];
  const walk = (n: PrintedNode, lastChildren: boolean[]) => {
    let prefix = indent;
    if (lastChildren.length > 0) {
      for (const last of lastChildren.slice(0, -1)) prefix += last ? '   ' : ':  ';
      prefix += lastChildren[lastChildren.length - 1] ? '+- ' : ':- ';
    }
    out.push(prefix + line(n));
    const below = indent + lastChildren.map((last) => (last ? '   ' : ':  ')).join('');
    if (n.adaptive?.final) {
      out.push(below + '+- == Final Plan ==', ...drawTree(n.adaptive.final, line, below + ':  '));
      out.push(below + '+- == Initial Plan ==', ...drawTree(n.adaptive.initial, line, below + '   '));
      return;
    }
    if (n.adaptive) return walk(n.adaptive.initial, [...lastChildren, true]);
    const inner = n.inner ?? [];
    inner.forEach((c, i) => walk(c, [...lastChildren, n.children.length === 0, i === inner.length - 1]));
    n.children.forEach((c, i) => walk(c, [...lastChildren, i === n.children.length - 1]));
  };
  walk(root, []);
  return out;
}

/** The physical plan as `explain()` prints it under `== Physical Plan ==`. */
export function physicalTreeString(plan: SparkPlan, verbose = false): string {
  const line = (n: PrintedNode) =>
    (n.codegenId !== undefined ? `*(${n.codegenId}) ` : '') + (verbose ? n.plan.verboseString : n.plan.simpleString);
  return drawTree(printedTree(plan), line).join('\n') + '\n';
}

// ------------------------------------------------------------------ formatted

/** Spark's formatted explain: `* HashAggregate (5)` outline, then `(5) HashAggregate [codegen id : 2]` details. */
export function formattedPlanString(plan: SparkPlan): string {
  const root = plan instanceof AdaptiveSparkPlanExec ? plan.executedPlan : plan;
  const tree = printedTree(root);
  // Operator ids are given children first, left to right (ExplainUtils.generateOperatorIDs).
  const ids = new Map<PrintedNode, number>();
  let next = 1;
  const number = (n: PrintedNode) => {
    n.children.forEach(number);
    ids.set(n, next++);
  };
  number(tree);
  const name = (n: PrintedNode) =>
    `${n.codegenId !== undefined ? '* ' : ''}${n.plan.formattedName.trim()} (${ids.get(n)})`;
  let outline = drawTree(tree, name);
  let adaptiveId: number | undefined;
  if (plan instanceof AdaptiveSparkPlanExec) {
    adaptiveId = next++;
    outline = [`AdaptiveSparkPlan (${adaptiveId})`, ...outline.map((l, i) => (i === 0 ? '+- ' : '   ') + l)];
  }
  const details: string[] = [];
  const ordered = [...ids.entries()].sort((a, b) => a[1] - b[1]);
  for (const [n, id] of ordered) details.push(nodeDetails(n, id));
  if (plan instanceof AdaptiveSparkPlanExec)
    details.push(
      `(${adaptiveId}) AdaptiveSparkPlan\nOutput [${plan.output.length}]: ${list(plan.output)}\nArguments: isFinalPlan=${plan.isFinalPlan}\n`,
    );
  return `== Physical Plan ==\n${outline.join('\n')}\n\n\n${details.join('\n')}\n`;
}

function nodeDetails(n: PrintedNode, id: number): string {
  const p = n.plan;
  const codegen = n.codegenId !== undefined ? ` [codegen id : ${n.codegenId}]` : '';
  const lines = [`(${id}) ${p.formattedName.trim()}${codegen}`];
  const input = p.children.flatMap((c) => c.output);
  if (p instanceof ProjectExec) {
    lines.push(`Output [${p.output.length}]: ${list(p.output)}`, `Input [${input.length}]: ${list(input)}`);
  } else if (p instanceof FilterExec) {
    lines.push(`Input [${input.length}]: ${list(input)}`, `Condition : ${p.condition}`);
  } else if (p instanceof HashAggregateExec) {
    lines.push(
      `Input [${input.length}]: ${list(input)}`,
      `Keys [${p.groupingExpressions.length}]: ${list(p.groupingExpressions)}`,
      `Functions [${p.aggregateExpressions.length}]: ${list(p.aggregateExpressions)}`,
      `Aggregate Attributes [${p.aggregateAttributes.length}]: ${list(p.aggregateAttributes)}`,
      `Results [${p.output.length}]: ${list(p.resultExpressions)}`,
    );
  } else if (p instanceof ShuffleExchangeExec) {
    lines.push(
      `Input [${input.length}]: ${list(input)}`,
      `Arguments: ${p.partitioning}, ${p.shuffleOrigin}, [plan_id=${p.id}]`,
    );
  } else if (p instanceof BroadcastExchangeExec) {
    lines.push(
      `Input [${input.length}]: ${list(input)}`,
      `Arguments: ${p.simpleString.slice('BroadcastExchange '.length)}`,
    );
  } else if (p instanceof SortExec) {
    lines.push(`Input [${input.length}]: ${list(input)}`, `Arguments: ${list(p.sortOrder)}, ${p.global}, 0`);
  } else if (
    p instanceof SortMergeJoinExec ||
    p instanceof BroadcastHashJoinExec ||
    p instanceof ShuffledHashJoinExec
  ) {
    lines.push(
      `Left keys [${p.leftKeys.length}]: ${list(p.leftKeys)}`,
      `Right keys [${p.rightKeys.length}]: ${list(p.rightKeys)}`,
      `Join type: ${p.joinType}`,
      `Join condition: ${p.condition ?? 'None'}`,
    );
  } else if (p instanceof RangeExec || p instanceof RDDScanExec) {
    lines.push(
      `Output [${p.output.length}]: ${list(p.output)}`,
      `Arguments: ${p instanceof RangeExec ? p.simpleString.replace(/splits=(\d+)/, 'splits=Some($1)') : list(p.output, ', ') + ', ' + p.formattedName + ', [plan_id=' + p.id + ']'}`,
    );
  } else if (p instanceof ReusedExchangeExec) {
    lines.push(`Output [${p.output.length}]: ${list(p.output)}`);
  } else {
    if (p.children.length === 0) lines.push(`Output [${p.output.length}]: ${list(p.output)}`);
    else lines.push(`Input [${input.length}]: ${list(input)}`);
    const args = p.simpleString.slice(p.formattedName.length).trim();
    if (args) lines.push(`Arguments: ${args}`);
  }
  return lines.join('\n') + '\n';
}
