/**
 * Whole-stage code generation gives what the interpreted operators give.
 * Spark runs the same plan compiled (WholeStageCodegenExec) or, with
 * `spark.sql.codegen.wholeStage=false`, operator by operator (each
 * SparkPlan's doExecute); the answers, the SQL metrics and the errors must
 * not depend on which. Each query here runs both ways on the engine and the
 * rows are compared, over nulls, longs near 2^53, decimals, strings, and
 * expressions without a code template (which the compiled run calls back).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SparkContext } from '../../../engine/context';
import { SparkSession, type DataFrame } from '../../../engine/sql';
import { cachedRuns, generatedSource, SIDE_STARTS, SideStart } from '../../../engine/sql/execution/runtime/codegen';
import { mergeSortedIndexes, runPipeline, type SqlOp } from '../../../engine/sql/execution/runtime/operators';
import { encodeExpr } from '../../../engine/sql/execution/runtime/expressionCodec';
import { AttributeReference, Alias, bindReference } from '../../../engine/sql/catalyst/expressions/namedExpressions';
import { Literal } from '../../../engine/sql/catalyst/expressions/literals';
import { Add, Remainder } from '../../../engine/sql/catalyst/expressions/arithmetic';
import { GreaterThan } from '../../../engine/sql/catalyst/expressions/predicates';
import { AggregateExpression } from '../../../engine/sql/catalyst/expressions/aggregate/interfaces';
import { Count, Sum } from '../../../engine/sql/catalyst/expressions/aggregate/functions';
import { LongType, StringType } from '../../../engine/sql/types';

const sc = new SparkContext({ executors: 'in-process' });
const spark = new SparkSession(sc, { print: () => {} });
afterAll(() => sc.stop());

const BIG = 2 ** 53 - 11;
spark
  .createDataFrame(
    [
      [1, 'apple', 10.25, BIG, 'a'],
      [2, null, 3.5, -BIG, 'b'],
      [3, 'pear', null, 7, 'a'],
      [null, 'fig', 0.1, null, null],
      [5, '', -0.0, 0, 'c'],
      [6, 'Äpfel', 2.675, 1, 'a'],
    ],
    'id int, name string, price double, big bigint, grp string',
  )
  .selectExpr('id', 'name', 'CAST(price AS DECIMAL(10,3)) AS price', 'big', 'grp')
  .createOrReplaceTempView('t');

/** The query's rows with whole-stage codegen on and off, each sorted unless their order is the point. */
async function bothWays(
  query: () => DataFrame,
  ordered = false,
): Promise<{ compiled: unknown[]; interpreted: unknown[] }> {
  const run = async (on: boolean) => {
    spark.conf.set('spark.sql.codegen.wholeStage', String(on));
    const rows = (await query().collect()).map((r) => JSON.stringify(Object.values(r.asDict())));
    return ordered ? rows : rows.sort();
  };
  try {
    return { compiled: await run(true), interpreted: await run(false) };
  } finally {
    spark.conf.set('spark.sql.codegen.wholeStage', 'true');
  }
}

describe('compiled and interpreted operators agree', () => {
  it.each([
    [
      'arithmetic and comparisons with nulls',
      'SELECT id, id + 1, id * 2 - 3, id / 2, id % 4, id div 2, -id, id > 2, id = 3, id <=> NULL, ' +
        'id IN (1, 3, NULL), id BETWEEN 2 AND 5 FROM t',
    ],
    [
      'longs near 2^53 and decimals',
      'SELECT big, big + 10, big - 1, price, price * 2, price + 0.005, round(price, 2) FROM t',
    ],
    [
      'strings: concat, comparison, templates and expressions without one',
      "SELECT concat(name, '-', id), concat('x', cast(id AS string)), name < 'b', name = '', upper(name), " +
        "length(name), name LIKE 'p%', substring(name, 2, 3), coalesce(name, grp, 'none') FROM t",
    ],
    [
      'three-valued logic, CASE and filters',
      'SELECT id, (id > 2 AND price > 1), (id > 2 OR price > 1), NOT (id > 2), ' +
        "CASE WHEN id > 4 THEN 'big' WHEN id > 1 THEN 'mid' END FROM t WHERE name IS NOT NULL OR id IS NULL",
    ],
    [
      'grouped aggregates over nulls',
      'SELECT grp, count(*), count(price), sum(id), sum(price), avg(price), min(name), max(big) FROM t GROUP BY grp',
    ],
    ['two grouping keys', 'SELECT grp, id > 2 AS hi, count(*), sum(big) FROM t GROUP BY grp, id > 2'],
    ['a global aggregate over no rows', 'SELECT count(*), sum(id), avg(price), min(name) FROM t WHERE id > 100'],
    [
      'aggregates without a code template beside ones with',
      'SELECT grp, collect_list(id), count(*) FROM t GROUP BY grp',
    ],
    [
      'a join then an aggregate',
      'SELECT a.grp, count(*), sum(b.id) FROM t a JOIN t b ON a.id = b.id + 1 GROUP BY a.grp',
    ],
  ])('%s', async (_name, query) => {
    const { compiled, interpreted } = await bothWays(() => spark.sql(query));
    expect(compiled.length).toBeGreaterThan(0);
    expect(compiled).toEqual(interpreted);
  });

  it.each([
    ['a join, in the order its probe gives rows', 'SELECT a.id, b.id, b.name FROM t a JOIN t b ON a.grp = b.grp'],
    ['a sort by numbers', 'SELECT id, big FROM t WHERE big IS NOT NULL ORDER BY big DESC'],
    ['a sort by strings', 'SELECT name FROM t WHERE name IS NOT NULL ORDER BY name'],
    ['a sort with nulls and two keys', 'SELECT grp, price FROM t ORDER BY grp DESC NULLS LAST, price'],
  ])('%s', async (_name, query) => {
    spark.conf.set('spark.sql.adaptive.enabled', 'false');
    spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
    try {
      const { compiled, interpreted } = await bothWays(() => spark.sql(query), true);
      expect(compiled.length).toBeGreaterThan(1);
      expect(compiled).toEqual(interpreted);
    } finally {
      spark.conf.set('spark.sql.adaptive.enabled', 'true');
      spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '10MB');
    }
  });

  it('sorts one key of numbers or of strings as the general comparison does', async () => {
    const big = await spark.sql('SELECT big FROM t WHERE big IS NOT NULL ORDER BY big DESC').collect();
    expect(big.map((r) => r.big)).toEqual([BIG, 7, 1, 0, -BIG]);
    const names = await spark.sql('SELECT name FROM t WHERE name IS NOT NULL ORDER BY name').collect();
    expect(names.map((r) => r.name)).toEqual(['', 'apple', 'fig', 'pear', 'Äpfel']);
  });

  it('orders a number key by merging its runs as a stable sort of the indexes would', () => {
    // A few sorted runs with ties (as rows from several map outputs arrive), one run, reversed, and random keys.
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const runs = Array.from({ length: 5 }, () => Array.from({ length: 300 }, (_, i) => Math.floor(i / 3))).flat();
    const inputs = [
      runs,
      Array.from({ length: 1000 }, (_, i) => i),
      Array.from({ length: 1000 }, (_, i) => -i),
      Array.from({ length: 2001 }, () => Math.floor(random() * 50) - 25),
      [0, -0, Infinity, -Infinity, 1.5, -1e300, 0, Infinity],
      [],
      [42],
    ];
    for (const keys of inputs) {
      const expected = keys.map((_, i) => i).sort((i, j) => (keys[i] < keys[j] ? -1 : keys[i] > keys[j] ? 1 : 0));
      expect([...mergeSortedIndexes(Float64Array.from(keys))]).toEqual(expected);
    }
  });

  it('compiles the stages it runs, and the interpreted setting compiles none', async () => {
    const before = cachedRuns();
    spark.conf.set('spark.sql.codegen.wholeStage', 'false');
    // A query no other test runs, so its runs are not cached yet.
    await spark.sql('SELECT grp, sum(id * 7) FROM t WHERE id > 1 GROUP BY grp').collect();
    expect(cachedRuns()).toBe(before);
    spark.conf.set('spark.sql.codegen.wholeStage', 'true');
    await spark.sql('SELECT grp, sum(id * 7) FROM t WHERE id > 1 GROUP BY grp').collect();
    expect(cachedRuns()).toBeGreaterThan(before);
  });

  it('fails a bad cast or a zero divisor with the same error, task and partition', async () => {
    const failure = async (on: boolean, query: string) => {
      spark.conf.set('spark.sql.codegen.wholeStage', String(on));
      try {
        await spark.sql(query).collect();
      } catch (e) {
        // Stage and task ids grow from run to run; the task's index (its partition) and the cause must not change.
        return (e as Error).message
          .split('\n')[0]
          .replace(/stage \d+\.\d+/g, 'stage N')
          .replace(/TID \d+/, 'TID N');
      } finally {
        spark.conf.set('spark.sql.codegen.wholeStage', 'true');
      }
      throw new Error('the query did not fail');
    };
    for (const query of ['SELECT cast(name AS int) FROM t', 'SELECT sum(10 / (id - 3)) FROM t GROUP BY grp']) {
      const compiled = await failure(true, query);
      expect(compiled).toMatch(/^Job aborted due to stage failure: Task \d+ in stage N failed 4 times/);
      expect(compiled).toMatch(/\[CAST_INVALID_INPUT\]|\[DIVIDE_BY_ZERO\]/);
      expect(compiled).toBe(await failure(false, query));
    }
  });
});

describe('a compiled run', () => {
  // range(0, 10) → Project [(id % 3) AS k, id + 1 AS v] → Filter v > 2 → HashAggregate(k; count(1), sum(v)) partial.
  const id = new AttributeReference('id', LongType, false);
  const k = new Alias(new Remainder(id, Literal.create(3)), 'k');
  const v = new Alias(new Add(id, Literal.create(1)), 'v');
  const projected = [k.toAttribute(), v.toAttribute()];
  const count = new AggregateExpression(new Count([Literal.create(1)]), 'Partial');
  const sum = new AggregateExpression(new Sum([projected[1]]), 'Partial');
  const steps: SqlOp[] = [
    { kind: 'wrapValue', metrics: { numOutputRows: 1 } },
    { kind: 'project', exprs: [k, v].map((e) => encodeExpr(bindReference(e, [id]))) },
    {
      kind: 'filter',
      condition: encodeExpr(bindReference(new GreaterThan(projected[1], Literal.create(2)), projected)),
      metrics: { numOutputRows: 2 },
    },
    {
      kind: 'aggregate',
      grouping: [encodeExpr(bindReference(projected[0], projected))],
      aggregates: [count, sum].map((a) => ({
        expr: encodeExpr(a.withNewChildren([bindReference(a.aggregateFunction, projected)])),
        inputOffset: -1,
      })),
      global: false,
      metrics: { numOutputRows: 3 },
    },
  ];

  it('is one loop of JavaScript with no expression objects evaluated per row', () => {
    const source = generatedSource(steps);
    expect(source).not.toMatch(/\.eval\(|nullSafeEval\(id/);
    expect(source.match(/for \(;;\)/g)).toHaveLength(2); // the input, then the groups
  });

  it("gives a join side's rows after its mark, with no pair per row, compiled or not", () => {
    const tag: SqlOp[] = [{ kind: 'wrapValue' }, { kind: 'tag', side: 1 }];
    expect(generatedSource(tag)).not.toMatch(/return \[1, /);
    for (const codegen of [true, false])
      for (const values of [[3, 4], []]) {
        const rows = [...runPipeline(tag, values, 0, undefined, { codegen })];
        expect(rows[0]).toBeInstanceOf(SideStart);
        expect((rows[0] as SideStart).side).toBe(1);
        expect(rows.slice(1)).toEqual(values.map((v) => [v]));
      }
  });

  it('gives the interpreted rows and metrics, counted once per partition', () => {
    const run = (codegen: boolean) => {
      const adds: [number, number][] = [];
      const rows = [
        ...runPipeline(
          steps,
          Array.from({ length: 10 }, (_, i) => i),
          0,
          (i, n) => adds.push([i, n]),
          { codegen },
        ),
      ];
      const totals = new Map<number, number>();
      for (const [i, n] of adds) totals.set(i, (totals.get(i) ?? 0) + n);
      return { rows, totals: [...totals].filter(([i]) => i <= 3), adds: adds.filter(([i]) => i <= 3).length };
    };
    const compiled = run(true);
    expect(compiled.rows).toEqual([
      [2, 3, 3 + 6 + 9],
      [0, 3, 4 + 7 + 10],
      [1, 2, 5 + 8],
    ]);
    expect(compiled.totals).toEqual([
      [1, 10],
      [2, 8],
      [3, 3],
    ]);
    expect(compiled.adds).toBe(3);
    expect(run(false).rows).toEqual(compiled.rows);
    expect(run(false).totals).toEqual(compiled.totals);
  });
});

describe('a compiled shuffled join', () => {
  // Inner join of [k, name] with [k, n] on k, each side's rows after its mark (the tag step) as a SortMergeJoin's are.
  const lk = new AttributeReference('k', LongType, true);
  const name = new AttributeReference('name', StringType, true);
  const rk = new AttributeReference('k', LongType, true);
  const n = new AttributeReference('n', LongType, true);
  const join: SqlOp = {
    kind: 'join',
    joinType: 'Inner',
    leftKeys: [encodeExpr(bindReference(lk, [lk, name]))],
    rightKeys: [encodeExpr(bindReference(rk, [rk, n]))],
    leftWidth: 2,
    rightWidth: 2,
  };
  const run = (left: unknown[], right: unknown[], codegen: boolean) => [
    ...runPipeline(
      [join],
      [SIDE_STARTS[0], ...left.map((k, i) => [k, `l${i}`]), SIDE_STARTS[1], ...right.map((k, i) => [k, i])],
      0,
      undefined,
      { codegen },
    ),
  ];

  it('walks sorted number keys of both sides together (SortMergeJoinExec), in the hash probe order', () => {
    // Duplicates on both sides, keys on one side only, -0 meeting 0, negative keys.
    const left = [-5, -0, 1, 1, 2, 4, 4, 9];
    const right = [-5, -5, 0, 1, 3, 4, 4, 4, 10];
    const compiled = run(left, right, true);
    expect(compiled).toEqual(run(left, right, false));
    expect(compiled.map((r) => (r as unknown[])[1] + ':' + (r as unknown[])[3])).toEqual([
      'l0:0',
      'l0:1',
      'l1:2',
      'l2:3',
      'l3:3',
      'l5:5',
      'l5:6',
      'l5:7',
      'l6:5',
      'l6:6',
      'l6:7',
    ]);
    // The walk needs no hash table: the keys go into typed arrays.
    expect(generatedSource([join])).toMatch(/new Float64Array/);
  });

  it('hashes the right side when keys are not sorted numbers: unsorted, null, NaN or strings', () => {
    for (const [left, right] of [
      [
        [3, 1, 2, 1],
        [1, 2, 3, 1],
      ],
      [
        [1, 2],
        [2, 1, 1],
      ],
      [
        [null, 1, 2],
        [null, 1, 2],
      ],
      [
        [1, NaN, NaN],
        [1, NaN],
      ],
      [
        ['a', 'b'],
        ['a', 'b', 'b'],
      ],
    ]) {
      const compiled = run(left, right, true);
      expect(compiled.length).toBeGreaterThan(0);
      expect(compiled).toEqual(run(left, right, false));
    }
  });
});
