/**
 * Spark's SparkPlanner and its strategies (SparkStrategies.scala,
 * AggUtils.scala, JoinSelection): each logical operator becomes physical
 * ones. Exchanges and sorts are not placed here: EnsureRequirements adds
 * them afterwards from what each operator requires of its children.
 */
import { BatchEvalPython, BatchEvalPythonExec } from './python/BatchEvalPythonExec';
import type { LogicalPlan } from '../catalyst/plans/logical/LogicalPlan';
import { CurrentOrigin } from '../catalyst/trees/CurrentOrigin';
import {
  Aggregate,
  Expand,
  Filter,
  GlobalLimit,
  Join,
  LocalLimit,
  Project,
  Range,
  Repartition,
  RepartitionByExpression,
  Sort,
  Union,
  Window,
  type JoinType,
} from '../catalyst/plans/logical/basicLogicalOperators';
import { LocalRelation, LogicalRDD, LogicalRelation } from '../catalyst/plans/logical/relations';
import type { SparkPlan } from './SparkPlan';
import { CoalesceExec, ExpandExec, FilterExec, ProjectExec, RangeExec, UnionExec } from './basicPhysicalOperators';
import { LocalTableScanExec, RDDScanExec } from './ExistingRDD';
import { SortExec } from './SortExec';
import { CollectLimitExec, GlobalLimitExec, LocalLimitExec, TakeOrderedAndProjectExec } from './limit';
import { HashAggregateExec, type AggregateKind } from './aggregate/HashAggregateExec';
import { SortMergeJoinExec } from './joins/SortMergeJoinExec';
import {
  BroadcastHashJoinExec,
  BroadcastNestedLoopJoinExec,
  CartesianProductExec,
  ShuffledHashJoinExec,
} from './joins/HashJoinExec';
import type { BuildSide } from './joins/joinUtils';
import { ShuffleExchangeExec } from './exchange/ShuffleExchangeExec';
import { WindowExec } from './window/WindowExec';
import { ColumnarToRowExec, FileSourceScanExec } from './datasources/FileSourceScanExec';
import {
  HashPartitioning,
  RangePartitioning,
  RoundRobinPartitioning,
  SinglePartition,
  type Partitioning,
} from '../catalyst/plans/physical/partitioning';
import { SortOrder } from '../catalyst/expressions/ordering';
import type { SQLConf } from '../internal/SQLConf';
import { InMemoryRelation } from './columnar/InMemoryRelation';
import { InMemoryTableScanExec } from './columnar/InMemoryTableScanExec';
import type { Expression } from '../catalyst/expressions/Expression';
import { Alias, AttributeReference, type NamedExpression } from '../catalyst/expressions/namedExpressions';
import { AggregateExpression } from '../catalyst/expressions/aggregate/interfaces';
import { Collect } from '../catalyst/expressions/aggregate/functions';
import { EqualTo, IsNull, Or } from '../catalyst/expressions/predicates';
import { canEvaluate, conjoin, splitConjunctivePredicates } from '../catalyst/optimizer/predicates';
import { ArrayType, BinaryType, MapType, StringType, StructType, type DataType } from '../types';

export interface PlannerContext {
  conf: SQLConf;
  /** `spark.sparkContext.defaultParallelism`: Range's splits when none are given. */
  defaultParallelism: number;
  /** Partitions of an RDD a LogicalRDD scans. */
  numPartitionsOf(rdd: unknown): number;
}

/**
 * The physical plan for `plan`; `isRoot` when it is the whole query being
 * collected (Spark's ReturnAnswer), where a final limit becomes CollectLimit
 * or TakeOrderedAndProject. Each physical operator takes the program line of
 * the logical operator it is planned from (Spark's planner leaves physical
 * origins empty; Kindling keeps them so the SQL view and predictions can name
 * the line behind each operator and each exchange).
 */
export function planLater(plan: LogicalPlan, ctx: PlannerContext, isRoot = false): SparkPlan {
  return CurrentOrigin.withOrigin(plan.callSite, () => planNode(plan, ctx, isRoot));
}

function planNode(plan: LogicalPlan, ctx: PlannerContext, isRoot: boolean): SparkPlan {
  const special = specialLimits(plan, ctx, isRoot);
  if (special) return special;
  const p = plan;
  const cacheScan = inMemoryScans(p);
  if (cacheScan) return cacheScan;
  if (p instanceof Project) return new ProjectExec(p.projectList, planLater(p.child, ctx));
  // Spark's PythonEvals strategy.
  if (p instanceof BatchEvalPython) return new BatchEvalPythonExec(p.udfs, p.resultAttrs, planLater(p.child, ctx));
  if (p instanceof Filter) return new FilterExec(p.condition, planLater(p.child, ctx));
  if (p instanceof Expand) return new ExpandExec(p.projections, p.expandOutput, planLater(p.child, ctx));
  if (p instanceof Range) return new RangeExec(p.start, p.end, p.step, p.numSlices ?? ctx.defaultParallelism, p.output);
  if (p instanceof LogicalRDD) return new RDDScanExec(p.output, p.rdd, ctx.numPartitionsOf(p.rdd));
  if (p instanceof LocalRelation) return new LocalTableScanExec(p.output, p.data);
  if (p instanceof LogicalRelation) {
    const scan = new FileSourceScanExec(p.output, p.relation, ctx.conf, ctx.defaultParallelism);
    return scan.supportsColumnar ? new ColumnarToRowExec(scan) : scan;
  }
  if (p instanceof Sort) return new SortExec(p.order, p.global, planLater(p.child, ctx));
  if (p instanceof GlobalLimit) {
    const child = p.child instanceof LocalLimit ? p.child.child : p.child;
    return new GlobalLimitExec(p.limit, new LocalLimitExec(p.limit, planLater(child, ctx)));
  }
  if (p instanceof LocalLimit) return new LocalLimitExec(p.limit, planLater(p.child, ctx));
  if (p instanceof Union) return new UnionExec(p.children.map((c) => planLater(c, ctx)));
  if (p instanceof Repartition)
    return p.shuffle
      ? new ShuffleExchangeExec(
          new RoundRobinPartitioning(p.numPartitions),
          planLater(p.child, ctx),
          'REPARTITION_BY_NUM',
        )
      : new CoalesceExec(p.numPartitions, planLater(p.child, ctx));
  if (p instanceof RepartitionByExpression)
    return new ShuffleExchangeExec(
      repartitioning(p, ctx),
      planLater(p.child, ctx),
      p.optNumPartitions === undefined ? 'REPARTITION_BY_COL' : 'REPARTITION_BY_NUM',
    );
  if (p instanceof Aggregate) return planAggregate(p, ctx);
  if (p instanceof Join) return planJoin(p, ctx);
  if (p instanceof Window)
    return new WindowExec(
      p.windowExpressions as NamedExpression[],
      p.partitionSpec,
      p.orderSpec,
      planLater(p.child, ctx),
    );
  throw new Error(`No physical plan for ${p.nodeName}: ${p.simpleString}`);
}

/**
 * RepartitionByExpression.partitioning: one partition is SinglePartition; sort orders (repartitionByRange) are
 * RangePartitioning; other expressions (repartition, DISTRIBUTE BY, CLUSTER BY) HashPartitioning.
 */
function repartitioning(p: RepartitionByExpression, ctx: PlannerContext): Partitioning {
  const n = p.optNumPartitions ?? ctx.conf.shufflePartitions;
  if (n === 1) return SinglePartition;
  const exprs = p.partitionExpressions;
  if (exprs.every((e) => e instanceof SortOrder)) return new RangePartitioning(exprs as SortOrder[], n);
  return new HashPartitioning(exprs, n);
}

/**
 * Spark's InMemoryScans strategy (pruneFilterProject over PhysicalOperation): a projection of columns and
 * filters over a cached relation become a scan of just the columns needed, the filters as its predicates
 * and a Filter above it, and a Project only when the projection computes something.
 */
function inMemoryScans(plan: LogicalPlan): SparkPlan | undefined {
  let projectList: readonly Expression[] | undefined;
  let node = plan;
  if (node instanceof Project) [projectList, node] = [node.projectList, node.child];
  const filters: Expression[] = [];
  while (node instanceof Filter) {
    filters.unshift(...splitConjunctivePredicates(node.condition));
    node = node.child;
  }
  if (!(node instanceof InMemoryRelation)) return undefined;
  const relation = node;
  const scanOf = (attrs: readonly AttributeReference[]) => {
    const scan = new InMemoryTableScanExec(attrs, filters, relation);
    return scan.supportsColumnar ? new ColumnarToRowExec(scan) : scan;
  };
  const filtered = (child: SparkPlan) => (filters.length ? new FilterExec(conjoin(filters)!, child) : child);
  const filterRefs = filters.flatMap((f) => f.references as AttributeReference[]);
  const needed = (attrs: readonly AttributeReference[]) =>
    relation.output.filter((a) => attrs.some((x) => x.exprId === a.exprId));
  if (!projectList) return filtered(scanOf(relation.output));
  const onlyColumns = projectList.every((e) => e instanceof AttributeReference);
  const projected = projectList.flatMap((e) => e.references as AttributeReference[]);
  if (onlyColumns && filterRefs.every((f) => projected.some((a) => a.exprId === f.exprId)))
    return filtered(scanOf(projectList as AttributeReference[]));
  return new ProjectExec(projectList, filtered(scanOf(needed([...projected, ...filterRefs]))));
}

/**
 * Spark's SpecialLimits: at the root (ReturnAnswer) a final limit is CollectLimit, which needs no shuffle; anywhere
 * in the query, a limit over a global sort (with or without a projection between them) is TakeOrderedAndProject
 * (`planTakeOrdered`), which keeps each partition's top rows instead of range-partitioning and sorting them all.
 */
function specialLimits(plan: LogicalPlan, ctx: PlannerContext, isRoot: boolean): SparkPlan | undefined {
  if (!(plan instanceof GlobalLimit) || !(plan.child instanceof LocalLimit)) return undefined;
  const n = plan.limit;
  const below = plan.child.child;
  if (n < ctx.conf.topKSortFallbackThreshold) {
    if (below instanceof Sort && below.global)
      return new TakeOrderedAndProjectExec(n, below.order, below.child.output, planLater(below.child, ctx));
    if (below instanceof Project && below.child instanceof Sort && below.child.global)
      return new TakeOrderedAndProjectExec(n, below.child.order, below.projectList, planLater(below.child.child, ctx));
  }
  return isRoot ? new CollectLimitExec(n, planLater(below, ctx)) : undefined;
}

// ------------------------------------------------------------------ aggregates

/** Types a HashAggregate's buffer can hold in place (UnsafeFixedWidthAggregationMap's rule). */
function isMutable(t: DataType): boolean {
  return !(
    t === StringType ||
    t === BinaryType ||
    t instanceof ArrayType ||
    t instanceof MapType ||
    t instanceof StructType
  );
}

function aggregateKind(aggs: readonly AggregateExpression[]): AggregateKind {
  if (aggs.some((a) => a.aggregateFunction instanceof Collect)) return 'ObjectHashAggregate';
  const buffers = aggs.flatMap((a) => a.aggregateFunction.aggBufferAttributes);
  return buffers.every((b) => isMutable(b.dataType)) ? 'HashAggregate' : 'SortAggregate';
}

/** Spark's PhysicalAggregation and AggUtils: a partial aggregate, then (after the Exchange) the final one. */
function planAggregate(agg: Aggregate, ctx: PlannerContext): SparkPlan {
  const groupingAttrs = agg.groupingExpressions.map((g) =>
    g instanceof AttributeReference ? g : new Alias(g, g.toString()).toAttribute(),
  );
  // Every distinct aggregate call once, in order of appearance.
  const aggs: AggregateExpression[] = [];
  for (const e of agg.aggregateExpressions)
    e.foreach((x) => {
      if (x instanceof AggregateExpression && !aggs.some((a) => a.semanticEquals(x) && a.isDistinct === x.isDistinct))
        aggs.push(x);
    });
  const resultExpressions = agg.aggregateExpressions.map((e) =>
    e.transformDown((x) => {
      if (x instanceof AggregateExpression) return aggs.find((a) => a.semanticEquals(x))!.resultAttribute;
      return undefined;
    }),
  ) as NamedExpression[];
  const child = planLater(agg.child, ctx);
  const distinct = aggs.filter((a) => a.isDistinct);
  if (distinct.length === 0) return planWithoutDistinct(groupingAttrs, aggs, resultExpressions, child);
  return planWithOneDistinct(groupingAttrs, aggs, distinct, resultExpressions, child);
}

function planWithoutDistinct(
  grouping: readonly AttributeReference[],
  aggs: readonly AggregateExpression[],
  resultExpressions: readonly NamedExpression[],
  child: SparkPlan,
): SparkPlan {
  const kind = aggregateKind(aggs);
  const partialAggs = aggs.map((a) => a.withMode('Partial'));
  const bufferAttrs = partialAggs.flatMap((a) => a.aggregateFunction.aggBufferAttributes);
  const partial = new HashAggregateExec(
    kind,
    undefined,
    grouping,
    partialAggs,
    bufferAttrs,
    [...grouping, ...bufferAttrs],
    child,
  );
  const finalAggs = aggs.map((a) => a.withMode('Final'));
  return new HashAggregateExec(
    kind,
    grouping,
    grouping,
    finalAggs,
    finalAggs.map((a) => a.resultAttribute),
    resultExpressions,
    partial,
  );
}

/** Spark's planAggregateWithOneDistinct: group by the keys and the distinct column first, then aggregate. */
function planWithOneDistinct(
  grouping: readonly AttributeReference[],
  aggs: readonly AggregateExpression[],
  distinct: readonly AggregateExpression[],
  resultExpressions: readonly NamedExpression[],
  child: SparkPlan,
): SparkPlan {
  const plain = aggs.filter((a) => !a.isDistinct);
  const distinctCols = distinct[0].aggregateFunction.children.filter(
    (c): c is AttributeReference => c instanceof AttributeReference,
  );
  const keys = [...grouping, ...distinctCols.filter((d) => !grouping.some((g) => g.exprId === d.exprId))];
  const kind: AggregateKind = 'HashAggregate';
  const plainBuffers = plain.flatMap((a) => a.aggregateFunction.aggBufferAttributes);
  const partial = new HashAggregateExec(
    kind,
    undefined,
    keys,
    plain.map((a) => a.withMode('Partial')),
    plainBuffers,
    [...keys, ...plainBuffers],
    child,
  );
  const merged = new HashAggregateExec(
    kind,
    keys,
    keys,
    plain.map((a) => a.withMode('PartialMerge')),
    plainBuffers,
    [...keys, ...plainBuffers],
    partial,
  );
  const distinctBuffers = distinct.flatMap((a) => a.aggregateFunction.aggBufferAttributes);
  const partialDistinct = new HashAggregateExec(
    kind,
    undefined,
    grouping,
    [...plain.map((a) => a.withMode('PartialMerge')), ...distinct.map((a) => a.withMode('Partial'))],
    [...plainBuffers, ...distinctBuffers],
    [...grouping, ...plainBuffers, ...distinctBuffers],
    merged,
  );
  const finalAggs = [...plain.map((a) => a.withMode('Final')), ...distinct.map((a) => a.withMode('Final'))];
  return new HashAggregateExec(
    kind,
    grouping,
    grouping,
    finalAggs,
    finalAggs.map((a) => a.resultAttribute),
    resultExpressions,
    partialDistinct,
  );
}

// ------------------------------------------------------------------ joins

/** Spark's ExtractEquiJoinKeys: equalities between the two sides become keys; the rest stays a condition. */
export function extractEquiJoinKeys(join: Join): {
  leftKeys: Expression[];
  rightKeys: Expression[];
  other?: Expression;
} {
  const leftKeys: Expression[] = [];
  const rightKeys: Expression[] = [];
  const other: Expression[] = [];
  for (const c of join.condition ? splitConjunctivePredicates(join.condition) : []) {
    if (c instanceof EqualTo) {
      if (
        canEvaluate(c.left, join.left.output) &&
        canEvaluate(c.right, join.right.output) &&
        c.left.references.length &&
        c.right.references.length
      ) {
        leftKeys.push(c.left);
        rightKeys.push(c.right);
        continue;
      }
      if (
        canEvaluate(c.right, join.left.output) &&
        canEvaluate(c.left, join.right.output) &&
        c.left.references.length &&
        c.right.references.length
      ) {
        leftKeys.push(c.right);
        rightKeys.push(c.left);
        continue;
      }
    }
    other.push(c);
  }
  return { leftKeys, rightKeys, other: conjoin(other) };
}

const canBuildLeft = (t: JoinType) => t === 'Inner' || t === 'Cross' || t === 'RightOuter';
const canBuildRight = (t: JoinType) => ['Inner', 'Cross', 'LeftOuter', 'LeftSemi', 'LeftAnti'].includes(t);

// Spark 4.0's canBuildShuffledHashJoinLeft/Right (JoinSelectionHelper): a shuffled hash join can build either side of
// an outer join, unlike a broadcast.
const canBuildShuffledHashJoinLeft = (t: JoinType) =>
  ['Inner', 'Cross', 'LeftOuter', 'RightOuter', 'FullOuter'].includes(t);
const canBuildShuffledHashJoinRight = (t: JoinType) =>
  ['Inner', 'Cross', 'LeftOuter', 'RightOuter', 'FullOuter', 'LeftSemi', 'LeftAnti'].includes(t);

/**
 * JoinSelectionHelper's canBuildLocalHashMapBySize and muchSmaller: the build side's size under
 * autoBroadcastJoinThreshold × spark.sql.shuffle.partitions, and spark.sql.shuffledHashJoinFactor (3) times
 * smaller than the other side.
 */
function canBuildLocalHashMap(build: LogicalPlan, other: LogicalPlan, conf: SQLConf): boolean {
  const factor = Number(conf.get('spark.sql.shuffledHashJoinFactor') ?? 3);
  const size = build.stats.sizeInBytes;
  return size < conf.autoBroadcastJoinThreshold * conf.shufflePartitions && size * factor <= other.stats.sizeInBytes;
}

function canBroadcastBySize(plan: LogicalPlan, conf: SQLConf): boolean {
  const threshold = conf.autoBroadcastJoinThreshold;
  const size = plan.stats.sizeInBytes;
  return threshold >= 0 && size >= 0 && size <= threshold;
}

/** The build side among the allowed ones: the hinted one, else the smaller (Spark's getBuildSide). */
function buildSide(join: Join, left: boolean, right: boolean): BuildSide | undefined {
  if (left && right) return join.left.stats.sizeInBytes < join.right.stats.sizeInBytes ? 'BuildLeft' : 'BuildRight';
  if (left) return 'BuildLeft';
  if (right) return 'BuildRight';
  return undefined;
}

/**
 * Spark 4's ExtractSingleColumnNullAwareAntiJoin: a left anti join on `(a = b) OR isnull((a = b))` (a one-column
 * NOT IN, as RewritePredicateSubquery writes it) is a broadcast hash join of the right side, whatever its size, with
 * spark.sql.optimizeNullAwareAntiJoin (true by default); the outer and inner keys, or undefined.
 */
function nullAwareAntiJoinKeys(join: Join, conf: SQLConf): [Expression, Expression] | undefined {
  const c = join.condition;
  if (
    join.joinType !== 'LeftAnti' ||
    !(c instanceof Or) ||
    (conf.get('spark.sql.optimizeNullAwareAntiJoin') ?? 'true') !== 'true'
  )
    return undefined;
  const [e, isNull] = c.children;
  if (!(e instanceof EqualTo) || !(isNull instanceof IsNull) || !isNull.child.semanticEquals(e)) return undefined;
  const [a, b] = e.children;
  if (canEvaluate(a, join.left.output) && canEvaluate(b, join.right.output)) return [a, b];
  if (canEvaluate(a, join.right.output) && canEvaluate(b, join.left.output)) return [b, a];
  return undefined;
}

/** Spark's JoinSelection. */
function planJoin(join: Join, ctx: PlannerContext): SparkPlan {
  const { conf } = ctx;
  const t = join.joinType;
  const { leftKeys, rightKeys, other } = extractEquiJoinKeys(join);
  const left = () => planLater(join.left, ctx);
  const right = () => planLater(join.right, ctx);
  const hintL = join.hint.left;
  const hintR = join.hint.right;
  if (leftKeys.length > 0) {
    const bhj = (side: BuildSide) => new BroadcastHashJoinExec(leftKeys, rightKeys, t, side, other, left(), right());
    const hinted = buildSide(join, hintL === 'broadcast' && canBuildLeft(t), hintR === 'broadcast' && canBuildRight(t));
    if (hinted) return bhj(hinted);
    if (hintL === 'shuffle_hash' || hintR === 'shuffle_hash') {
      const side = buildSide(
        join,
        hintL === 'shuffle_hash' && canBuildShuffledHashJoinLeft(t),
        hintR === 'shuffle_hash' && canBuildShuffledHashJoinRight(t),
      );
      if (side) return new ShuffledHashJoinExec(leftKeys, rightKeys, t, side, other, left(), right());
    }
    if (hintL !== 'shuffle_merge' && hintR !== 'shuffle_merge') {
      const bySize = buildSide(
        join,
        canBuildLeft(t) && canBroadcastBySize(join.left, conf),
        canBuildRight(t) && canBroadcastBySize(join.right, conf),
      );
      if (bySize) return bhj(bySize);
      // JoinSelectionHelper.getShuffleHashJoinBuildSide: only when sort-merge is not preferred, for a side small
      // enough to hash per partition and much smaller than the other.
      if (!conf.preferSortMergeJoin) {
        const side = buildSide(
          join,
          canBuildShuffledHashJoinLeft(t) && canBuildLocalHashMap(join.left, join.right, conf),
          canBuildShuffledHashJoinRight(t) && canBuildLocalHashMap(join.right, join.left, conf),
        );
        if (side) return new ShuffledHashJoinExec(leftKeys, rightKeys, t, side, other, left(), right());
      }
    }
    return new SortMergeJoinExec(leftKeys, rightKeys, t, other, left(), right());
  }
  const nullAware = nullAwareAntiJoinKeys(join, conf);
  if (nullAware)
    return new BroadcastHashJoinExec(
      [nullAware[0]],
      [nullAware[1]],
      t,
      'BuildRight',
      undefined,
      left(),
      right(),
    ).copyWith({ isNullAwareAntiJoin: true } as Partial<SparkPlan>);
  // Without keys (JoinSelection's last case): BroadcastNestedLoopJoinExec can build either side of any join type
  // (the side an outer, semi or anti join keeps whole runs defaultJoin), so the hints, then the sizes, decide alone;
  // with both sides allowed, the desired side: the smaller for inner and full joins (getSmallerSide: the right unless
  // larger), the left for a right join, the right for the others. Then a cartesian product for inner joins, and the
  // desired side as the last resort.
  const desired: BuildSide =
    t === 'Inner' || t === 'Cross' || t === 'FullOuter'
      ? join.right.stats.sizeInBytes <= join.left.stats.sizeInBytes
        ? 'BuildRight'
        : 'BuildLeft'
      : canBuildLeft(t)
        ? 'BuildLeft'
        : 'BuildRight';
  const nestedLoop = (l: boolean, r: boolean) => {
    const side = l && r ? desired : l ? 'BuildLeft' : r ? 'BuildRight' : undefined;
    return side && new BroadcastNestedLoopJoinExec(side, t, join.condition, left(), right());
  };
  const hinted = nestedLoop(hintL === 'broadcast', hintR === 'broadcast');
  if (hinted) return hinted;
  if ((hintL === 'shuffle_replicate_nl' || hintR === 'shuffle_replicate_nl') && (t === 'Inner' || t === 'Cross'))
    return new CartesianProductExec(join.condition, left(), right());
  const bySize = nestedLoop(canBroadcastBySize(join.left, conf), canBroadcastBySize(join.right, conf));
  if (bySize) return bySize;
  if (t === 'Inner' || t === 'Cross') return new CartesianProductExec(join.condition, left(), right());
  return new BroadcastNestedLoopJoinExec(desired, t, join.condition, left(), right());
}
