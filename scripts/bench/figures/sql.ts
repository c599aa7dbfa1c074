/**
 * Spark SQL's figures: a DataFrame groupBy/agg on two executors against the
 * same rows grouped by hand on one thread (sql_groupby_speedup), and one
 * equi-join as DataFrames against the same join as pair RDDs
 * (sql_join_vs_rdd). Both sides of each are checked against each other and
 * against what the rows must give.
 */
import type { CountDigest } from '../digest';
import { SQL_GROUPBY_STEP, SQL_JOIN_STEP } from '../programs';
import { median, round } from '../stats';
import { call, sameCount, withProgram, type Figure } from './common';

export const sqlGroupBySpeedup: Figure = {
  name: 'sql_groupby_speedup',
  page: 'bench',
  unit: '× (loop time / DataFrame time)',
  target: '>= 1.4',
  async run(ctx) {
    const input = { rows: ctx.quick ? 200_000 : 2_000_000, users: 20_000, partitions: 2 };
    const reps = ctx.reps ?? (ctx.quick ? 2 : 5);
    const conf = { 'spark.executor.instances': '2', 'spark.executor.cores': '1' };
    const runs: { loopMs: number; dataFrameMs: number; speedup: number }[] = [];
    await withProgram(ctx, SQL_GROUPBY_STEP, conf, async (program) => {
      for (let i = -1; i < reps; i++) {
        const loop = await call(ctx.page, 'groupByLoopOnPage', input.rows, input.users);
        const engine = (await call(ctx.page, 'step', program, input)) as { ms: number; answer: CountDigest };
        if (loop.answer.distinct !== input.users || loop.answer.total !== input.rows)
          throw new Error(`the loop's groups are wrong: ${JSON.stringify(loop.answer)}`);
        if (!sameCount(engine.answer, loop.answer))
          throw new Error(
            `the two sides disagree: loop ${JSON.stringify(loop.answer)}, DataFrame ${JSON.stringify(engine.answer)}`,
          );
        ctx.log(
          `${i < 0 ? 'warm-up' : `rep ${i + 1}/${reps}`}: loop ${Math.round(loop.ms)} ms, DataFrame ${Math.round(engine.ms)} ms`,
        );
        if (i >= 0)
          runs.push({ loopMs: round(loop.ms), dataFrameMs: round(engine.ms), speedup: round(loop.ms / engine.ms, 2) });
      }
    });
    const value = round(median(runs.map((r) => r.speedup)), 2);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value >= 1.4,
      params: {
        ...input,
        conf,
        dataFrame:
          "spark.range(0, rows, 1, 2).select(concat('user-', id % users) AS user, id % 1000 AS amount).groupBy('user').agg(count(*), sum(amount)).collect()",
        baseline: "the same rows made and grouped by hand on the page's thread (a Map of user → [count, sum])",
        warmup: 1,
      },
      repetitions: runs.length,
      median: {
        loopMs: round(median(runs.map((r) => r.loopMs))),
        dataFrameMs: round(median(runs.map((r) => r.dataFrameMs))),
        speedup: value,
      },
      runs,
    };
  },
};

/** The join's answer: every order meets exactly one user; the sum of amount + weight over the joined rows. */
function expectedJoin(left: number, right: number): { count: number; total: number } {
  let total = 0;
  for (let id = 0; id < left; id++) total += id + 2 * (id % right);
  return { count: left, total };
}

export const sqlJoinVsRdd: Figure = {
  name: 'sql_join_vs_rdd',
  page: 'bench',
  unit: '× (DataFrame time / RDD time)',
  target: '<= 1.2',
  async run(ctx) {
    const input = { left: ctx.quick ? 40_000 : 400_000, right: ctx.quick ? 10_000 : 100_000, partitions: 4 };
    const reps = ctx.reps ?? (ctx.quick ? 2 : 5);
    // Both sides shuffle both inputs into 4 partitions: the DataFrame side may not broadcast its smaller
    // input (which the RDD side cannot do) and uses as many shuffle partitions as the RDD join.
    const conf = {
      'spark.executor.instances': '2',
      'spark.executor.cores': '2',
      'spark.sql.autoBroadcastJoinThreshold': '-1',
      'spark.sql.shuffle.partitions': String(input.partitions),
    };
    const expected = expectedJoin(input.left, input.right);
    const runs: { rddMs: number; dataFrameMs: number; ratio: number }[] = [];
    await withProgram(ctx, SQL_JOIN_STEP, conf, async (program) => {
      for (let i = -1; i < reps; i++) {
        const sides: Record<string, { ms: number; count: number; total: number }> = {};
        for (const side of ['rdd', 'dataframe']) {
          const got = (await call(ctx.page, 'step', program, { side, ...input })) as {
            ms: number;
            count: number;
            total: number;
          };
          if (got.count !== expected.count || got.total !== expected.total)
            throw new Error(`the ${side} join is wrong: ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
          sides[side] = got;
        }
        const { rdd, dataframe } = sides;
        ctx.log(
          `${i < 0 ? 'warm-up' : `rep ${i + 1}/${reps}`}: RDD ${Math.round(rdd.ms)} ms, DataFrame ${Math.round(dataframe.ms)} ms`,
        );
        if (i >= 0)
          runs.push({ rddMs: round(rdd.ms), dataFrameMs: round(dataframe.ms), ratio: round(dataframe.ms / rdd.ms, 2) });
      }
    });
    const value = round(median(runs.map((r) => r.ratio)), 2);
    return {
      figure: this.name,
      value,
      unit: this.unit,
      target: this.target,
      met: value <= 1.2,
      params: {
        ...input,
        conf,
        dataFrame:
          'orders (range(left): id % right AS k, id AS amount) JOIN users (range(right): id AS k, 2·id AS w) USING (k), then count(*), sum(amount + w)',
        rdd: 'the same pairs as sc.range(…).map, orders.join(users, 4), then aggregate (count, sum of amount + w)',
        warmup: 1,
      },
      repetitions: runs.length,
      median: {
        rddMs: round(median(runs.map((r) => r.rddMs))),
        dataFrameMs: round(median(runs.map((r) => r.dataFrameMs))),
        ratio: value,
      },
      runs,
    };
  },
};
