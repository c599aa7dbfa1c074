/**
 * Physical plans as `explain()` prints them, against the shape Spark 4 gives
 * for the same program (ids renumbered by first appearance). The comment
 * over each case names the Spark class whose rule decides the layout.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { F, Window, type DataFrame } from '../../../engine/sql';
import { lines, normalizeIds, testSession } from './session';

const { spark, printed, stop } = testSession();
afterAll(stop);

const ordersDf = spark.createDataFrame([[1, 'a', 10.5, 'r1']], ['order_id', 'product_id', 'amount', 'order_ref']);
const productsDf = spark.createDataFrame([['a', 'apple', 2.5]], ['product_id', 'name', 'price']);
const orders = () => ordersDf;
const products = () => productsDf;

function explain(adaptive: boolean, make: () => DataFrame): string {
  spark.conf.set('spark.sql.adaptive.enabled', String(adaptive));
  printed.length = 0;
  make().explain();
  return normalizeIds(printed.join(''));
}

describe('physical plans (explain)', () => {
  // AggUtils.planAggregateWithoutDistinct, EnsureRequirements, PullOutGroupingExpressions
  it('a grouped count is a partial and a final HashAggregate around Exchange hashpartitioning(keys, spark.sql.shuffle.partitions)', () => {
    expect(explain(false, () => spark.range(0, 100, 1, 4).groupBy(F.col('id').mod(10).alias('k')).count())).toBe(
      lines(`
        == Physical Plan ==
        *(2) HashAggregate(keys=[_groupingexpression#0L], functions=[count(1)])
        +- Exchange hashpartitioning(_groupingexpression#0L, 200), ENSURE_REQUIREMENTS, [plan_id=0]
           +- *(1) HashAggregate(keys=[_groupingexpression#0L], functions=[partial_count(1)])
              +- *(1) Project [(id#1L % 10) AS _groupingexpression#0L]
                 +- *(1) Range (0, 100, step=1, splits=4)
      `),
    );
  });

  // InsertAdaptiveSparkPlan, AdaptiveSparkPlanExec
  it('with adaptive execution on, the plan before execution is the initial plan, without codegen ids', () => {
    expect(explain(true, () => spark.range(0, 100, 1, 4).groupBy(F.col('id').mod(10).alias('k')).count())).toBe(
      lines(`
        == Physical Plan ==
        AdaptiveSparkPlan isFinalPlan=false
        +- HashAggregate(keys=[_groupingexpression#0L], functions=[count(1)])
           +- Exchange hashpartitioning(_groupingexpression#0L, 200), ENSURE_REQUIREMENTS, [plan_id=0]
              +- HashAggregate(keys=[_groupingexpression#0L], functions=[partial_count(1)])
                 +- Project [(id#1L % 10) AS _groupingexpression#0L]
                    +- Range (0, 100, step=1, splits=4)
      `),
    );
  });

  // InsertAdaptiveSparkPlan.shouldApplyAQE
  it('a plan with no exchange and no required distribution is not adaptive', () => {
    expect(explain(true, () => orders().filter('amount > 5').select('order_id'))).toBe(
      lines(`
        == Physical Plan ==
        *(1) Project [order_id#0L]
        +- *(1) Filter (isnotnull(amount#1) AND (amount#1 > 5.0))
           +- *(1) Scan ExistingRDD[order_id#0L,product_id#2,amount#1,order_ref#3]
      `),
    );
  });

  // SortExec.requiredChildDistribution (OrderedDistribution)
  it('a global sort is Exchange rangepartitioning then Sort', () => {
    expect(explain(false, () => spark.range(0, 100, 1, 4).select(F.col('id').mod(7).alias('m')).orderBy('m'))).toBe(
      lines(`
        == Physical Plan ==
        *(2) Sort [m#0L ASC NULLS FIRST], true, 0
        +- Exchange rangepartitioning(m#0L ASC NULLS FIRST, 200), ENSURE_REQUIREMENTS, [plan_id=0]
           +- *(1) Project [(id#1L % 7) AS m#0L]
              +- *(1) Range (0, 100, step=1, splits=4)
      `),
    );
  });

  // RangeExec.outputPartitioning/outputOrdering
  it('ordering range by id needs no exchange: RangeExec is range-partitioned and sorted by id', () => {
    expect(explain(false, () => spark.range(0, 100, 1, 4).orderBy('id'))).toBe(
      lines(`
        == Physical Plan ==
        *(1) Sort [id#0L ASC NULLS FIRST], true, 0
        +- *(1) Range (0, 100, step=1, splits=4)
      `),
    );
  });

  // SpecialLimits
  it('a final limit is CollectLimit, with no shuffle', () => {
    expect(explain(false, () => spark.range(0, 100, 1, 4).limit(5))).toBe(
      lines(`
        == Physical Plan ==
        CollectLimit 5
        +- *(1) Range (0, 100, step=1, splits=4)
      `),
    );
  });

  // SpecialLimits
  it('orderBy then limit is TakeOrderedAndProject', () => {
    expect(explain(false, () => spark.range(0, 100, 1, 4).orderBy(F.desc('id')).limit(5))).toBe(
      lines(`
        == Physical Plan ==
        TakeOrderedAndProject(limit=5, orderBy=[id#0L DESC NULLS LAST], output=[id#0L])
        +- *(1) Range (0, 100, step=1, splits=4)
      `),
    );
  });

  // SpecialLimits.planTakeOrdered matches Limit over a global Sort anywhere, not only under ReturnAnswer; the
  // SinglePartition of TakeOrderedAndProjectExec satisfies the aggregate's ClusteredDistribution (no Exchange)
  it('orderBy then limit inside a query is TakeOrderedAndProject, with no range exchange and no exchange above', () => {
    expect(
      explain(false, () =>
        spark.range(0, 100, 1, 4).orderBy(F.desc('id')).limit(3).groupBy(F.col('id').mod(2).alias('odd')).count(),
      ),
    ).toBe(
      lines(`
        == Physical Plan ==
        *(2) HashAggregate(keys=[_groupingexpression#0L], functions=[count(1)])
        +- *(2) HashAggregate(keys=[_groupingexpression#0L], functions=[partial_count(1)])
           +- *(2) Project [(id#1L % 2) AS _groupingexpression#0L]
              +- TakeOrderedAndProject(limit=3, orderBy=[id#1L DESC NULLS LAST], output=[id#1L])
                 +- *(1) Range (0, 100, step=1, splits=4)
      `),
    );
    // spark.sql.execution.topKSortFallbackThreshold: a limit at or above it is a sort and then a limit.
    spark.conf.set('spark.sql.execution.topKSortFallbackThreshold', '3');
    try {
      expect(explain(false, () => spark.range(0, 100, 1, 4).orderBy(F.desc('id')).limit(3).select('id'))).toBe(
        lines(`
          == Physical Plan ==
          CollectLimit 3
          +- *(2) Sort [id#0L DESC NULLS LAST], true, 0
             +- Exchange rangepartitioning(id#0L DESC NULLS LAST, 200), ENSURE_REQUIREMENTS, [plan_id=0]
                +- *(1) Range (0, 100, step=1, splits=4)
        `),
      );
    } finally {
      spark.conf.unset('spark.sql.execution.topKSortFallbackThreshold');
    }
  });

  // JoinSelection, SortMergeJoinExec.requiredChildDistribution/Ordering, InferFiltersFromConstraints
  it('an equi-join of two unknown-size sides is a SortMergeJoin with an exchange and a sort on each side', () => {
    expect(
      explain(false, () => orders().join(products(), orders().col('product_id').equalTo(products().col('product_id')))),
    ).toBe(
      lines(`
        == Physical Plan ==
        *(5) SortMergeJoin [product_id#0], [product_id#1], Inner
        :- *(2) Sort [product_id#0 ASC NULLS FIRST], false, 0
        :  +- Exchange hashpartitioning(product_id#0, 200), ENSURE_REQUIREMENTS, [plan_id=0]
        :     +- *(1) Filter isnotnull(product_id#0)
        :        +- *(1) Scan ExistingRDD[order_id#2L,product_id#0,amount#3,order_ref#4]
        +- *(4) Sort [product_id#1 ASC NULLS FIRST], false, 0
           +- Exchange hashpartitioning(product_id#1, 200), ENSURE_REQUIREMENTS, [plan_id=1]
              +- *(3) Filter isnotnull(product_id#1)
                 +- *(3) Scan ExistingRDD[product_id#1,name#5,price#6]
      `),
    );
  });

  // JoinSelection (hints), BroadcastExchangeExec
  it('F.broadcast makes a BroadcastHashJoin: the other side is not shuffled', () => {
    expect(explain(false, () => orders().join(F.broadcast(products()), 'product_id'))).toBe(
      lines(`
        == Physical Plan ==
        *(2) Project [product_id#0, order_id#1L, amount#2, order_ref#3, name#4, price#5]
        +- *(2) BroadcastHashJoin [product_id#0], [product_id#6], Inner, BuildRight, false
           :- *(2) Filter isnotnull(product_id#0)
           :  +- *(2) Scan ExistingRDD[order_id#1L,product_id#0,amount#2,order_ref#3]
           +- BroadcastExchange HashedRelationBroadcastMode(List(input[0, string, true]),false), [plan_id=0]
              +- *(1) Filter isnotnull(product_id#6)
                 +- *(1) Scan ExistingRDD[product_id#6,name#4,price#5]
      `),
    );
  });

  // InferFiltersFromConstraints.inferJoinConstraints
  it('a left outer join filters null keys only on the right side', () => {
    expect(explain(false, () => orders().join(products(), 'product_id', 'left'))).toBe(
      lines(`
        == Physical Plan ==
        *(5) Project [product_id#0, order_id#1L, amount#2, order_ref#3, name#4, price#5]
        +- *(5) SortMergeJoin [product_id#0], [product_id#6], LeftOuter
           :- *(2) Sort [product_id#0 ASC NULLS FIRST], false, 0
           :  +- Exchange hashpartitioning(product_id#0, 200), ENSURE_REQUIREMENTS, [plan_id=0]
           :     +- *(1) Scan ExistingRDD[order_id#1L,product_id#0,amount#2,order_ref#3]
           +- *(4) Sort [product_id#6 ASC NULLS FIRST], false, 0
              +- Exchange hashpartitioning(product_id#6, 200), ENSURE_REQUIREMENTS, [plan_id=1]
                 +- *(3) Filter isnotnull(product_id#6)
                    +- *(3) Scan ExistingRDD[product_id#6,name#4,price#5]
      `),
    );
  });

  // JoinSelection, ShuffledHashJoinExec
  it('a shuffle_hash hint gives ShuffledHashJoin: exchanges, no sorts', () => {
    expect(explain(false, () => orders().join(products().hint('shuffle_hash'), 'product_id'))).toBe(
      lines(`
        == Physical Plan ==
        *(3) Project [product_id#0, order_id#1L, amount#2, order_ref#3, name#4, price#5]
        +- *(3) ShuffledHashJoin [product_id#0], [product_id#6], Inner, BuildRight
           :- Exchange hashpartitioning(product_id#0, 200), ENSURE_REQUIREMENTS, [plan_id=0]
           :  +- *(1) Filter isnotnull(product_id#0)
           :     +- *(1) Scan ExistingRDD[order_id#1L,product_id#0,amount#2,order_ref#3]
           +- Exchange hashpartitioning(product_id#6, 200), ENSURE_REQUIREMENTS, [plan_id=1]
              +- *(2) Filter isnotnull(product_id#6)
                 +- *(2) Scan ExistingRDD[product_id#6,name#4,price#5]
      `),
    );
  });

  // EnsureRequirements (HashPartitioning.satisfies ClusteredDistribution)
  // ColumnPruning prunes below the repartition (its case for an operator passing its child's columns on).
  it('repartition by the grouping key before groupBy needs no second exchange', () => {
    expect(explain(false, () => orders().repartition(8, 'product_id').groupBy('product_id').count())).toBe(
      lines(`
        == Physical Plan ==
        *(2) HashAggregate(keys=[product_id#0], functions=[count(1)])
        +- *(2) HashAggregate(keys=[product_id#0], functions=[partial_count(1)])
           +- Exchange hashpartitioning(product_id#0, 8), REPARTITION_BY_NUM, [plan_id=0]
              +- *(1) Project [product_id#0]
                 +- *(1) Scan ExistingRDD[order_id#1L,product_id#0,amount#2,order_ref#3]
      `),
    );
  });

  // BasicOperators
  it('repartition(n) is a round-robin exchange, coalesce(n) none', () => {
    expect(explain(false, () => orders().repartition(3).coalesce(1))).toBe(
      lines(`
        == Physical Plan ==
        Coalesce 1
        +- Exchange RoundRobinPartitioning(3), REPARTITION_BY_NUM, [plan_id=0]
           +- *(1) Scan ExistingRDD[order_id#0L,product_id#1,amount#2,order_ref#3]
      `),
    );
  });

  // AllTuples → SinglePartition
  it('an aggregate without grouping gathers into SinglePartition', () => {
    expect(explain(false, () => orders().agg(F.sum('amount')))).toBe(
      lines(`
        == Physical Plan ==
        *(2) HashAggregate(keys=[], functions=[sum(amount#0)])
        +- Exchange SinglePartition, ENSURE_REQUIREMENTS, [plan_id=0]
           +- *(1) HashAggregate(keys=[], functions=[partial_sum(amount#0)])
              +- *(1) Project [amount#0]
                 +- *(1) Scan ExistingRDD[order_id#1L,product_id#2,amount#0,order_ref#3]
      `),
    );
  });

  // AggUtils.planAggregateWithOneDistinct
  it('countDistinct groups by the key and the distinct column first: four aggregates, two exchanges', () => {
    expect(explain(false, () => orders().groupBy('product_id').agg(F.countDistinct('order_id')))).toBe(
      lines(`
        == Physical Plan ==
        *(3) HashAggregate(keys=[product_id#0], functions=[count(distinct order_id#1L)])
        +- Exchange hashpartitioning(product_id#0, 200), ENSURE_REQUIREMENTS, [plan_id=0]
           +- *(2) HashAggregate(keys=[product_id#0], functions=[partial_count(distinct order_id#1L)])
              +- *(2) HashAggregate(keys=[product_id#0, order_id#1L], functions=[])
                 +- Exchange hashpartitioning(product_id#0, order_id#1L, 200), ENSURE_REQUIREMENTS, [plan_id=1]
                    +- *(1) HashAggregate(keys=[product_id#0, order_id#1L], functions=[])
                       +- *(1) Project [order_id#1L, product_id#0]
                          +- *(1) Scan ExistingRDD[order_id#1L,product_id#0,amount#2,order_ref#3]
      `),
    );
  });

  // Dataset.repartitionByRange (columns as ascending SortOrders), RepartitionByExpression.partitioning
  it('repartitionByRange is Exchange rangepartitioning; repartition to one partition is SinglePartition', () => {
    expect(explain(false, () => spark.range(0, 100, 1, 4).repartitionByRange(3, 'id'))).toBe(
      lines(`
        == Physical Plan ==
        Exchange rangepartitioning(id#0L ASC NULLS FIRST, 3), REPARTITION_BY_NUM, [plan_id=0]
        +- *(1) Range (0, 100, step=1, splits=4)
      `),
    );
    expect(explain(false, () => spark.range(0, 100, 1, 4).repartition(1, 'id'))).toBe(
      lines(`
        == Physical Plan ==
        Exchange SinglePartition, REPARTITION_BY_NUM, [plan_id=0]
        +- *(1) Range (0, 100, step=1, splits=4)
      `),
    );
  });

  // RewriteDistinctAggregates (Expand, gid, FILTER (WHERE (gid = n))), then AggUtils.planAggregateWithoutDistinct twice
  it('two distinct aggregates over different columns are an Expand under two aggregations, one per exchange', () => {
    const df = () =>
      orders()
        .groupBy('product_id')
        .agg(F.countDistinct('order_id'), F.countDistinct('order_ref'), F.sum('amount'), F.count('*'));
    expect(explain(false, df)).toBe(
      lines(`
        == Physical Plan ==
        *(3) HashAggregate(keys=[product_id#0], functions=[count(order_id#1L) FILTER (WHERE (gid#2 = 1)), count(order_ref#3) FILTER (WHERE (gid#2 = 2)), first(sum(amount)#4) ignore nulls FILTER (WHERE (gid#2 = 0)), first(count(1)#5L) ignore nulls FILTER (WHERE (gid#2 = 0))])
        +- Exchange hashpartitioning(product_id#0, 200), ENSURE_REQUIREMENTS, [plan_id=0]
           +- *(2) HashAggregate(keys=[product_id#0], functions=[partial_count(order_id#1L) FILTER (WHERE (gid#2 = 1)), partial_count(order_ref#3) FILTER (WHERE (gid#2 = 2)), partial_first(sum(amount)#4) ignore nulls FILTER (WHERE (gid#2 = 0)), partial_first(count(1)#5L) ignore nulls FILTER (WHERE (gid#2 = 0))])
              +- *(2) HashAggregate(keys=[product_id#0, order_id#1L, order_ref#3, gid#2], functions=[sum(amount#6), count(1)])
                 +- Exchange hashpartitioning(product_id#0, order_id#1L, order_ref#3, gid#2, 200), ENSURE_REQUIREMENTS, [plan_id=1]
                    +- *(1) HashAggregate(keys=[product_id#0, order_id#1L, order_ref#3, gid#2], functions=[partial_sum(amount#6), partial_count(1)])
                       +- *(1) Expand [[product_id#0, null, null, 0, amount#7], [product_id#0, order_id#8L, null, 1, null], [product_id#0, null, order_ref#9, 2, null]], [product_id#0, order_id#1L, order_ref#3, gid#2, amount#6]
                          +- *(1) Scan ExistingRDD[order_id#8L,product_id#0,amount#7,order_ref#9]
      `),
    );
  });

  // RewriteDistinctAggregates: count(DISTINCT a, b) is one group of two columns; with no grouping keys the second
  // aggregate needs AllTuples (Exchange SinglePartition); with no regular aggregate, no gid 0 projection
  it('count(DISTINCT a, b) beside count(DISTINCT a): an Expand with one projection per group', () => {
    ordersDf.createOrReplaceTempView('orders');
    const query = 'SELECT count(DISTINCT product_id, order_ref) AS pairs, count(DISTINCT product_id) AS n FROM orders';
    expect(explain(false, () => spark.sql(query))).toBe(
      lines(`
        == Physical Plan ==
        *(3) HashAggregate(keys=[], functions=[count(orders.product_id#0, orders.order_ref#1) FILTER (WHERE (gid#2 = 1)), count(orders.product_id#0) FILTER (WHERE (gid#2 = 2))])
        +- Exchange SinglePartition, ENSURE_REQUIREMENTS, [plan_id=0]
           +- *(2) HashAggregate(keys=[], functions=[partial_count(orders.product_id#0, orders.order_ref#1) FILTER (WHERE (gid#2 = 1)), partial_count(orders.product_id#0) FILTER (WHERE (gid#2 = 2))])
              +- *(2) HashAggregate(keys=[orders.product_id#0, orders.order_ref#1, gid#2], functions=[])
                 +- Exchange hashpartitioning(orders.product_id#0, orders.order_ref#1, gid#2, 200), ENSURE_REQUIREMENTS, [plan_id=1]
                    +- *(1) HashAggregate(keys=[orders.product_id#0, orders.order_ref#1, gid#2], functions=[])
                       +- *(1) Expand [[product_id#3, order_ref#4, 1], [product_id#3, null, 2]], [orders.product_id#0, orders.order_ref#1, gid#2]
                          +- *(1) Project [product_id#3, order_ref#4]
                             +- *(1) Scan ExistingRDD[order_id#5L,product_id#3,amount#6,order_ref#4]
      `),
    );
  });

  // AggUtils.createAggregate
  it('collect_list is an ObjectHashAggregate; max of a string a SortAggregate with sorts', () => {
    expect(explain(false, () => orders().groupBy('product_id').agg(F.collect_list('amount'), F.max('order_ref')))).toBe(
      lines(`
        == Physical Plan ==
        ObjectHashAggregate(keys=[product_id#0], functions=[collect_list(amount#1), max(order_ref#2)])
        +- Exchange hashpartitioning(product_id#0, 200), ENSURE_REQUIREMENTS, [plan_id=0]
           +- ObjectHashAggregate(keys=[product_id#0], functions=[partial_collect_list(amount#1), partial_max(order_ref#2)])
              +- *(1) Project [product_id#0, amount#1, order_ref#2]
                 +- *(1) Scan ExistingRDD[order_id#3L,product_id#0,amount#1,order_ref#2]
      `),
    );
  });

  // WindowExec.requiredChildDistribution/Ordering
  it('a window is clustered by its partition keys and sorted by them and its order', () => {
    expect(
      explain(false, () =>
        orders().withColumn('rn', F.row_number().over(Window.partitionBy('product_id').orderBy(F.desc('amount')))),
      ),
    ).toBe(
      lines(`
        == Physical Plan ==
        Window [row_number() windowspecdefinition(product_id#0, amount#1 DESC NULLS LAST, specifiedwindowframe(RowFrame, unboundedpreceding$(), currentrow$())) AS rn#2], [product_id#0], [amount#1 DESC NULLS LAST]
        +- *(2) Sort [product_id#0 ASC NULLS FIRST, amount#1 DESC NULLS LAST], false, 0
           +- Exchange hashpartitioning(product_id#0, 200), ENSURE_REQUIREMENTS, [plan_id=0]
              +- *(1) Scan ExistingRDD[order_id#3L,product_id#0,amount#1,order_ref#4]
      `),
    );
  });

  // RewritePredicateSubquery (optimizer/subquery.scala) in the RewriteSubquery batch, after InferFiltersFromConstraints:
  // IN is a left semi join on (value = column) with no inferred isnotnull filters; JoinSelection plans it as any join.
  it('x IN (subquery) is a left semi join, sort-merge for two sides of unknown size', () => {
    ordersDf.createOrReplaceTempView('orders');
    productsDf.createOrReplaceTempView('products');
    expect(
      explain(false, () =>
        spark.sql('SELECT order_id FROM orders WHERE product_id IN (SELECT product_id FROM products)'),
      ),
    ).toBe(
      lines(`
        == Physical Plan ==
        *(5) Project [order_id#0L]
        +- *(5) SortMergeJoin [product_id#1], [product_id#2], LeftSemi
           :- *(2) Sort [product_id#1 ASC NULLS FIRST], false, 0
           :  +- Exchange hashpartitioning(product_id#1, 200), ENSURE_REQUIREMENTS, [plan_id=0]
           :     +- *(1) Project [order_id#0L, product_id#1]
           :        +- *(1) Scan ExistingRDD[order_id#0L,product_id#1,amount#3,order_ref#4]
           +- *(4) Sort [product_id#2 ASC NULLS FIRST], false, 0
              +- Exchange hashpartitioning(product_id#2, 200), ENSURE_REQUIREMENTS, [plan_id=1]
                 +- *(3) Project [product_id#2]
                    +- *(3) Scan ExistingRDD[product_id#2,name#5,price#6]
      `),
    );
  });

  // RewritePredicateSubquery writes NOT IN as LeftAnti on ((a = b) OR isnull((a = b))); Spark 4's JoinSelection plans
  // that as ExtractSingleColumnNullAwareAntiJoin: a broadcast hash join of the right side whatever its size, its
  // isNullAwareAntiJoin printed last, and HashedRelationBroadcastMode(…, isNullAware = true)
  it('x NOT IN (subquery) is a null-aware anti join: BroadcastHashJoin … LeftAnti, BuildRight, true', () => {
    expect(
      explain(false, () =>
        spark.sql('SELECT order_id FROM orders WHERE product_id NOT IN (SELECT product_id FROM products)'),
      ),
    ).toBe(
      lines(`
        == Physical Plan ==
        *(2) Project [order_id#0L]
        +- *(2) BroadcastHashJoin [product_id#1], [product_id#2], LeftAnti, BuildRight, true
           :- *(2) Project [order_id#0L, product_id#1]
           :  +- *(2) Scan ExistingRDD[order_id#0L,product_id#1,amount#3,order_ref#4]
           +- BroadcastExchange HashedRelationBroadcastMode(List(input[0, string, true]),true), [plan_id=0]
              +- *(1) Project [product_id#2]
                 +- *(1) Scan ExistingRDD[product_id#2,name#5,price#6]
      `),
    );
  });

  // ResolveSubquery (outer references), PullupCorrelatedPredicates (the correlated predicate leaves the subquery for
  // the join's condition), RewritePredicateSubquery: correlated EXISTS is a left semi join on the pulled predicate;
  // the analyzed plan prints the subquery under its Filter (QueryPlan.innerChildren, at depth + 2)
  it('a correlated EXISTS reads the outer row as outer(…) and becomes a left semi join on the pulled predicate', () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    printed.length = 0;
    spark
      .sql(
        'SELECT order_id FROM orders o WHERE NOT EXISTS (SELECT * FROM products p WHERE p.product_id = o.product_id AND price > 2)',
      )
      .explain(true);
    const text = normalizeIds(printed.join(''));
    expect(text).toContain(
      lines(`
        == Analyzed Logical Plan ==
        order_id: bigint
        Project [order_id#1L]
        +- Filter NOT exists#0 [product_id#2]
           :  +- Project [product_id#3, name#4, price#5]
           :     +- Filter ((product_id#3 = outer(product_id#2)) AND (price#5 > cast(2 as double)))
           :        +- SubqueryAlias p
           :           +- SubqueryAlias products
           :              +- LogicalRDD [product_id#3, name#4, price#5], false
           +- SubqueryAlias o
              +- SubqueryAlias orders
                 +- LogicalRDD [order_id#1L, product_id#2, amount#6, order_ref#7], false
      `),
    );
    expect(text).toContain(
      lines(`
        == Optimized Logical Plan ==
        Project [order_id#1L]
        +- Join LeftAnti, (product_id#3 = product_id#2)
           :- Project [order_id#1L, product_id#2]
           :  +- LogicalRDD [order_id#1L, product_id#2, amount#6, order_ref#7], false
           +- Project [product_id#3]
              +- Filter (isnotnull(price#5) AND (price#5 > 2.0))
                 +- LogicalRDD [product_id#3, name#4, price#5], false
      `),
    );
  });

  // PlanSubqueries: a scalar subquery is SubqueryExec `scalar-subquery#N` over its own prepared plan (codegen ids of
  // its own), printed under the operator that reads it two levels down (QueryPlan.innerChildren); a Range's id is not
  // nullable, so no isnotnull is inferred
  it('a scalar subquery is planned apart and printed under its Filter as Subquery scalar-subquery#N', () => {
    spark.range(0, 100, 1, 4).createOrReplaceTempView('ids');
    expect(explain(false, () => spark.sql('SELECT id FROM ids WHERE id > (SELECT avg(id) FROM ids)'))).toBe(
      lines(`
        == Physical Plan ==
        *(1) Filter (cast(id#0L as double) > Subquery scalar-subquery#1, [id=#2])
        :  +- Subquery scalar-subquery#1, [id=#2]
        :     +- *(2) HashAggregate(keys=[], functions=[avg(id#3L)])
        :        +- Exchange SinglePartition, ENSURE_REQUIREMENTS, [plan_id=0]
        :           +- *(1) HashAggregate(keys=[], functions=[partial_avg(id#3L)])
        :              +- *(1) Range (0, 100, step=1, splits=4)
        +- *(1) Range (0, 100, step=1, splits=4)
      `),
    );
  });

  // ReuseExchangeAndSubquery, DeduplicateRelations
  it('a self-join reads one exchange twice: the second is a ReusedExchange', () => {
    expect(
      explain(false, () =>
        (() => {
          const o = orders();
          return o.alias('a').join(o.alias('b'), F.col('a.order_id').equalTo(F.col('b.order_id')));
        })(),
      ),
    ).toBe(
      lines(`
        == Physical Plan ==
        *(5) SortMergeJoin [order_id#0L], [order_id#1L], Inner
        :- *(2) Sort [order_id#0L ASC NULLS FIRST], false, 0
        :  +- Exchange hashpartitioning(order_id#0L, 200), ENSURE_REQUIREMENTS, [plan_id=0]
        :     +- *(1) Filter isnotnull(order_id#0L)
        :        +- *(1) Scan ExistingRDD[order_id#0L,product_id#2,amount#3,order_ref#4]
        +- *(4) Sort [order_id#1L ASC NULLS FIRST], false, 0
           +- ReusedExchange [order_id#1L, product_id#5, amount#6, order_ref#7], Exchange hashpartitioning(order_id#0L, 200), ENSURE_REQUIREMENTS, [plan_id=0]
      `),
    );
  });
});

describe('explain modes', () => {
  it('extended prints the parsed, analyzed (with its schema), optimized and physical plans', () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    printed.length = 0;
    spark.range(0, 10, 1, 2).filter('id > 3').select(F.col('id').multiply(2).alias('twice')).explain(true);
    expect(normalizeIds(printed.join(''))).toBe(
      lines(`
        == Parsed Logical Plan ==
        'Project [('id * 2) AS twice#0]
        +- Filter (id#1L > cast(3 as bigint))
           +- Range (0, 10, step=1, splits=Some(2))

        == Analyzed Logical Plan ==
        twice: bigint
        Project [(id#1L * cast(2 as bigint)) AS twice#0L]
        +- Filter (id#1L > cast(3 as bigint))
           +- Range (0, 10, step=1, splits=Some(2))

        == Optimized Logical Plan ==
        Project [(id#1L * 2) AS twice#0L]
        +- Filter (id#1L > 3)
           +- Range (0, 10, step=1, splits=Some(2))

        == Physical Plan ==
        *(1) Project [(id#1L * 2) AS twice#0L]
        +- *(1) Filter (id#1L > 3)
           +- *(1) Range (0, 10, step=1, splits=2)
      `),
    );
  });

  it('formatted prints a numbered outline, then each operator with its codegen stage', () => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    printed.length = 0;
    spark.range(0, 10, 1, 2).groupBy().count().explain('formatted');
    const text = normalizeIds(printed.join(''));
    expect(text.split('\n\n\n')[0]).toBe(
      lines(`
        == Physical Plan ==
        * HashAggregate (5)
        +- Exchange (4)
           +- * HashAggregate (3)
              +- * Project (2)
                 +- * Range (1)
      `).trimEnd(),
    );
    expect(text).toContain(
      '(4) Exchange\nInput [1]: [count#1L]\nArguments: SinglePartition, ENSURE_REQUIREMENTS, [plan_id=0]\n',
    );
    expect(text).toContain('(5) HashAggregate [codegen id : 2]\nInput [1]: [count#1L]\nKeys [0]: []\n');
  });
});
