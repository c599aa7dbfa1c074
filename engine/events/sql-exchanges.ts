/**
 * Where a query's exchanges are, read from its plan graph and metrics alone
 * (so a live run and a real Spark log say the same): each shuffle
 * `Exchange` of the plan, what it partitions by, the operator that needed it,
 * and the stages that wrote and read its shuffle. Predict-first questions
 * about DataFrame programs are graded and explained with these facts.
 */
import type { SqlExecutionModel, SqlPlanGraph, SqlPlanNode } from './sql-model';

/** Spark's ShuffleExchangeExec metrics that the map side's tasks report (SQLShuffleWriteMetricsReporter). */
export const SHUFFLE_WRITE_METRICS: ReadonlySet<string> = new Set([
  'shuffle records written',
  'shuffle bytes written',
  'shuffle write time',
]);

/** …and those the reducers' tasks report (SQLShuffleReadMetricsReporter). */
export const SHUFFLE_READ_METRICS: ReadonlySet<string> = new Set([
  'records read',
  'local blocks read',
  'remote blocks read',
  'local bytes read',
  'remote bytes read',
  'remote bytes read to disk',
  'fetch wait time',
]);

/** One shuffle exchange of a plan. */
export interface ExchangeFact {
  /** The node's id in its graph. */
  nodeId: number;
  /** Its simple string without the plan id: `Exchange hashpartitioning(pid#1, 200), ENSURE_REQUIREMENTS`. */
  text: string;
  /** `hashpartitioning(pid#1, 200)`, `rangepartitioning(…)`, `SinglePartition`, `RoundRobinPartitioning(4)`. */
  partitioning: string;
  /** Spark's `ShuffleOrigin`: `ENSURE_REQUIREMENTS` (added by the planner) or `REPARTITION_BY_NUM`/`REPARTITION_BY_COL`… (asked for). */
  origin: string;
  /**
   * The operators that needed it: for the planner's exchanges, the nearest operator above it that is not
   * a read of its output or a sort within partitions (`HashAggregate`, `SortMergeJoin`, a global `Sort`,
   * `Window`…); for an asked-for one, `repartition`. Several when the exchange is reused.
   */
  neededBy: string[];
  /** The same operators' simple strings, for explanations. */
  neededByText: string[];
  /**
   * Adaptive execution changed the join above it after its map side ran (a sort-merge join became a broadcast
   * hash join): its output is read locally (`AQEShuffleRead local`), and `neededBy` names the operator of the plan
   * as it started, which asked for the exchange.
   */
  readLocally: boolean;
  /**
   * The program lines that caused it, ascending: the line of the operator that needed it (its `groupBy…agg`,
   * `join`, `orderBy`, `repartition`), as the plan's nodes carry it; several for a reused exchange; empty when the
   * log does not say (a real Spark log).
   */
  lines: number[];
  /** Stages whose tasks wrote its shuffle, and those that read it, ascending (known once they reported metrics). */
  writtenBy: number[];
  readBy: number[];
}

/** Operators between an exchange and the operator that needed it: reads of the shuffle, and sorts within partitions. */
function passesThrough(node: SqlPlanNode): boolean {
  if (node.name === 'AQEShuffleRead' || node.name === 'CustomShuffleReader' || node.name === 'ShuffleQueryStage')
    return true;
  // SortExec's simple string ends with its `global` flag and the spill threshold (`Sort [k#1 ASC NULLS FIRST], false, 0`):
  // a sort within partitions only orders what the exchange below already grouped.
  return node.name === 'Sort' && /,\s*false,\s*\d+$/.test(node.desc);
}

/**
 * The shuffle exchanges of a plan graph, in plan order (root first).
 * ShuffleExchangeExec's `nodeName` is `Exchange`; a `BroadcastExchange` is
 * not a shuffle and is not listed. A reused exchange is one node of the graph
 * (buildSparkPlanGraph points its readers at it), so it counts once.
 *
 * @example
 * planExchanges(execution.plan, execution).map((e) => e.neededBy[0]); // ['HashAggregate', 'SortMergeJoin', 'SortMergeJoin']
 */
export function planExchanges(graph: SqlPlanGraph, execution?: SqlExecutionModel): ExchangeFact[] {
  const stagesOf = (node: SqlPlanNode, names: ReadonlySet<string>): number[] =>
    [
      ...new Set(
        node.metrics.flatMap((m) => (names.has(m.name) ? (execution?.metricStages.get(m.accumulatorId) ?? []) : [])),
      ),
    ].sort((a, b) => a - b);

  return graph.nodes
    .filter((node) => node.name === 'Exchange')
    .map((node) => {
      const text = node.desc.replace(/,\s*\[plan_id=\d+\]$/, '');
      const match = /^Exchange (.*), ([A-Z_]+)$/.exec(text);
      const partitioning = match?.[1] ?? text.replace(/^Exchange /, '');
      const origin = match?.[2] ?? 'ENSURE_REQUIREMENTS';
      const asked = origin !== 'ENSURE_REQUIREMENTS';
      const { needers: above, local } = neededAbove(graph, node.id);
      // A join switched at run time reads this exchange locally; the plan as it started says what asked for it.
      const initial = execution?.initialPlan.nodes.find((n) => n.name === 'Exchange' && n.desc === node.desc);
      const needers = local && initial && execution ? neededAbove(execution.initialPlan, initial.id).needers : above;
      return {
        nodeId: node.id,
        text,
        partitioning,
        origin,
        // `SortMergeJoin(skew=true)` is a SortMergeJoin whose skewed partitions adaptive execution split.
        neededBy: asked ? ['repartition'] : [...new Set(needers.map((n) => n.name.replace(/\(.*\)$/, '')))],
        neededByText: asked ? [] : needers.map((n) => n.desc.replace(/,\s*\[plan_id=\d+\]$/, '')),
        readLocally: local,
        lines: [
          ...new Set((asked ? [node] : [node, ...needers]).flatMap((n) => (n.callSite ? [n.callSite.line] : []))),
        ].sort((a, b) => a - b),
        writtenBy: stagesOf(node, SHUFFLE_WRITE_METRICS),
        readBy: stagesOf(node, SHUFFLE_READ_METRICS),
      };
    });
}

/** The operators above an exchange that needed it, and whether a local shuffle read lies between. */
function neededAbove(graph: SqlPlanGraph, exchangeId: number): { needers: SqlPlanNode[]; local: boolean } {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const needers: SqlPlanNode[] = [];
  let local = false;
  const seen = new Set<number>();
  const climb = (id: number) => {
    for (const edge of graph.edges) {
      if (edge.fromId !== id || seen.has(edge.toId)) continue;
      const parent = byId.get(edge.toId);
      if (!parent) continue;
      seen.add(parent.id);
      if (parent.name === 'AQEShuffleRead' && /\blocal\b/.test(parent.desc)) local = true;
      if (passesThrough(parent)) climb(parent.id);
      else needers.push(parent);
    }
  };
  climb(exchangeId);
  return { needers, local };
}

/**
 * One sentence per exchange, saying what it partitions by, what needed it and
 * which stages wrote and read it; backticks mark code.
 *
 * @example
 * describeExchange(fact); // '`Exchange hashpartitioning(category#4, 200)`, needed by `HashAggregate` (…): written by stage 1, read by stage 3.'
 */
export function describeExchange(exchange: ExchangeFact): string {
  const why =
    exchange.origin === 'ENSURE_REQUIREMENTS'
      ? exchange.neededBy.length > 0
        ? `added by the planner (EnsureRequirements) because ${exchange.neededBy.map((n) => `\`${n}\``).join(' and ')} needs its input ${
            exchange.partitioning.startsWith('rangepartitioning')
              ? 'sorted across partitions'
              : exchange.partitioning === 'SinglePartition'
                ? 'in one partition'
                : 'partitioned by its keys'
          }`
        : 'added by the planner (EnsureRequirements)'
      : `asked for by the program (${exchange.origin}: \`repartition\`)`;
  const switched = exchange.readLocally
    ? '; adaptive execution then turned the join into a broadcast hash join, so its output is read locally (`AQEShuffleRead local`)'
    : '';
  const stages =
    exchange.writtenBy.length + exchange.readBy.length > 0
      ? `; ${stageWords('written by', exchange.writtenBy)}${exchange.readBy.length > 0 ? `, ${stageWords('read by', exchange.readBy)}` : ''}`
      : '';
  const lines =
    exchange.lines.length > 0
      ? ` (line${exchange.lines.length === 1 ? '' : 's'} ${exchange.lines.join(' and ')} of the program)`
      : '';
  return `\`${exchange.text}\`${lines}: ${why}${switched}${stages}.`;
}

function stageWords(verb: string, stages: readonly number[]): string {
  if (stages.length === 0) return `${verb} no stage yet`;
  const ids = stages.map(String);
  const joined = ids.length === 1 ? ids[0] : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
  return `${verb} stage${stages.length === 1 ? '' : 's'} ${joined}`;
}
