/**
 * "Where are the exchanges": predict-first questions about a DataFrame
 * program, measured and explained from the physical plan and the events of a
 * real run of the queries (in-process executors), never from the lesson's
 * stated answer.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import { planExchanges } from '../../engine/events/sql-exchanges';
import type { SparkEvent } from '../../engine/events/types';
import { measureRun } from '../../engine/lessons/measure';
import { LessonFormatError, parseLesson } from '../../engine/lessons/parse';
import { gradePredictions, measureQuestion } from '../../engine/lessons/predictions';
import type { LessonRun, Question } from '../../engine/lessons/types';
import { F, SparkSession } from '../../engine/sql';
import { readAnswer } from '../../playground/lessons/flow';
import { comparePrediction } from '../../playground/model/compare';
import { deriveFacts } from '../../playground/model/facts';
import { smallShop, sourceLine } from './sql/session';

const OPERATORS = ['`Filter`', '`SortMergeJoin`', '`HashAggregate`', '`Sort`', '`BroadcastHashJoin`', '`repartition`'];

const questions: Question[] = [
  { id: 'count-0', kind: 'exchanges', execution: 0, prompt: 'How many exchanges in query 0?', answer: 0 },
  {
    id: 'ops-0',
    kind: 'exchangeOperators',
    execution: 0,
    options: OPERATORS,
    prompt: 'Which operators needed an exchange?',
    answer: [],
  },
  { id: 'count-1', kind: 'exchanges', execution: 1, prompt: 'How many exchanges in query 1?', answer: 0 },
  {
    id: 'ops-1',
    kind: 'exchangeOperators',
    execution: 1,
    options: OPERATORS,
    prompt: 'Which operators needed an exchange?',
    answer: [],
  },
  { id: 'count-2', kind: 'exchanges', execution: 2, prompt: 'How many exchanges in query 2?', answer: 0 },
  {
    id: 'ops-2',
    kind: 'exchangeOperators',
    execution: 2,
    options: OPERATORS,
    prompt: 'Which operators needed an exchange?',
    answer: [],
  },
];

let run: LessonRun;

beforeAll(async () => {
  const events: SparkEvent[] = [];
  // AQE off: the static plan, as Spark plans it when spark.sql.adaptive.enabled=false.
  const sc = new SparkContext({
    executors: 'in-process',
    conf: { 'spark.sql.adaptive.enabled': 'false', 'spark.sql.shuffle.partitions': '4' },
    onEvent: (e) => events.push(e),
  });
  const spark = new SparkSession(sc, { print: () => {} });
  try {
    const { orders, products } = smallShop(spark);
    // Query 0: a sort-merge join (an exchange on each side), a groupBy on another key, a global sort.
    await orders
      .join(products, 'product_id')
      .groupBy('category')
      .agg(F.sum('amount').alias('revenue'))
      .orderBy(F.desc('revenue'))
      .collect();
    // Query 1: the small side broadcast (a BroadcastExchange is no shuffle), grouped by the join key.
    await orders.join(F.broadcast(products), 'product_id').groupBy('product_id').count().collect();
    // Query 2: repartition by the grouping key: the aggregate finds its distribution in place.
    await orders.repartition(3, 'product_id').groupBy('product_id').count().collect();
  } finally {
    await sc.stop();
  }
  run = { events, driverOutput: [], executorOutput: [], fileName: 'program.js' };
}, 60_000);

describe('measuring the exchanges of a run', () => {
  test('counts the shuffle exchanges of each query and finds the operators that needed them', () => {
    const measures = measureRun(run);
    expect(questions.map((question) => measureQuestion(question, measures))).toEqual([
      4,
      [1, 2, 3], // SortMergeJoin (both sides), HashAggregate, the global Sort
      1,
      [2], // only the aggregate's partial → final exchange
      1,
      [5], // the asked-for one; the aggregate needs none more
    ]);
  });

  test('names each exchange with its partitioning and the stages that wrote and read it', () => {
    const measures = measureRun(run);
    const query0 = measures.app.sqlExecutions.get(0)!;
    const exchanges = planExchanges(query0.plan, query0);
    expect(exchanges.map((e) => e.partitioning.replace(/#\d+L?/g, ''))).toEqual([
      'rangepartitioning(revenue DESC NULLS LAST, 4)',
      'hashpartitioning(category, 4)',
      'hashpartitioning(product_id, 4)',
      'hashpartitioning(product_id, 4)',
    ]);
    // Every exchange was written by one stage and read by another, later one, of the query's jobs.
    for (const exchange of exchanges) {
      expect(exchange.writtenBy.length).toBe(1);
      expect(exchange.readBy.length).toBeGreaterThan(0);
      expect(Math.min(...exchange.readBy)).toBeGreaterThan(exchange.writtenBy[0]);
      for (const stage of [...exchange.writtenBy, ...exchange.readBy]) expect(query0.stageIds).toContain(stage);
    }
  });
});

describe('grading predictions against the run', () => {
  test('right and wrong answers, with what the run showed', () => {
    const results = gradePredictions(questions, { 'count-0': 4, 'ops-0': [1, 2], 'count-1': 2, 'ops-2': [5] }, run);
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get('count-0')).toMatchObject({ correct: true, expected: '4', given: '4' });
    // Missing the global sort's exchange is wrong, and the expected answer names all three operators.
    expect(byId.get('ops-0')).toMatchObject({
      correct: false,
      given: '`SortMergeJoin`, `HashAggregate`',
      expected: '`SortMergeJoin`, `HashAggregate`, `Sort`',
    });
    expect(byId.get('count-1')).toMatchObject({ correct: false, expected: '1', given: '2' });
    expect(byId.get('ops-2')).toMatchObject({ correct: true });
    expect(byId.get('ops-1')!.correct).toBeUndefined();
    // The explanation comes from the run: the query, each exchange, what needed it and its stages.
    const measured = byId.get('count-0')!.measured!;
    expect(measured).toMatch(/^Query 0 \(`collect at .+`\): its plan has 4 Exchanges\./);
    expect(measured).toMatch(/`Exchange rangepartitioning\(revenue#\d+L? DESC NULLS LAST, 4\), ENSURE_REQUIREMENTS`/);
    expect(measured).toMatch(
      /because `Sort` needs its input sorted across partitions; written by stage \d+, read by stage \d+/,
    );
    expect(measured).toMatch(/because `SortMergeJoin` needs its input partitioned by its keys/);
    expect(byId.get('ops-2')!.measured).toMatch(/asked for by the program \(REPARTITION_BY_NUM: `repartition`\)/);
  });

  test('a question about a query the run does not have falls back to the lesson’s answer', () => {
    const missing: Question = { id: 'q9', kind: 'exchanges', execution: 9, prompt: '?', answer: 2 };
    expect(measureQuestion(missing, measureRun(run))).toBeUndefined();
    const [result] = gradePredictions([missing], { q9: 2 }, run);
    expect(result).toMatchObject({ correct: true, expected: '2', measured: 'The run has no query 9.' });
  });
});

describe('the question format', () => {
  const lesson = (questions: unknown): string[] => {
    try {
      parseLesson('x', {
        'lesson.md':
          '---\ntitle: x\norder: 1\n---\n\nIntro.\n\n## Predict first\n\nP.\n\n## What happened\n\nW.\n\n## Challenge\n\nC.\n',
        'starter.js': 'console.log(1);',
        'questions.json': JSON.stringify(questions),
        'checks.json': JSON.stringify([{ id: 'ok', kind: 'succeeded', description: 'd', hint: 'h' }]),
      });
      return [];
    } catch (error) {
      if (error instanceof LessonFormatError) return error.problems;
      throw error;
    }
  };

  test('accepts both kinds and refuses a missing execution, bad options and bad answers', () => {
    expect(lesson(questions)).toEqual([]);
    const ops = { id: 'o', kind: 'exchangeOperators', execution: 0, prompt: 'p', options: ['`Sort`', '`Filter`'] };
    expect(lesson([{ id: 'c', kind: 'exchanges', prompt: 'p', answer: 1 }]).join()).toMatch(/needs "execution"/);
    expect(lesson([{ ...ops, answer: [2] }]).join()).toMatch(/distinct option indices \(0 to 1/);
    expect(lesson([{ ...ops, answer: [0, 0] }]).join()).toMatch(/distinct option indices/);
    expect(lesson([{ ...ops, options: ['`Sort`'], answer: [] }]).join()).toMatch(/at least two operator names/);
    expect(lesson([{ ...ops, answer: 1 }]).join()).toMatch(/distinct option indices/);
  });

  test('the form reads ticked options, and “none”', () => {
    const question = questions[1];
    expect(readAnswer(question, '2, 0')).toEqual([0, 2]);
    expect(readAnswer(question, 'none')).toEqual([]);
    expect(readAnswer(question, '9')).toBeUndefined();
    expect(readAnswer(question, '')).toBeUndefined();
  });
});

describe('jobs, stages and tasks of a DataFrame program, adaptive execution on', () => {
  test('every job a query ran is explained: the broadcast, each query stage, the sort’s sampling, the action', async () => {
    const events: SparkEvent[] = [];
    const sc = new SparkContext({ executors: 'in-process', onEvent: (e) => events.push(e) });
    const spark = new SparkSession(sc, { print: () => {} });
    try {
      const { orders, products } = smallShop(spark);
      const joined = orders.join(F.broadcast(products), 'product_id'); // @join
      const revenue = joined.groupBy('category').agg(F.sum('amount').alias('revenue')); // @agg
      const sorted = revenue.orderBy('revenue'); // @sort
      await sorted.collect();
    } finally {
      await sc.stop();
    }
    const [joinLine, aggLine, sortLine] = ['join', 'agg', 'sort'].map((m) => sourceLine(import.meta.url, m));
    const facts = deriveFacts(events);
    // The broadcast's collect; the aggregate's exchange as a query stage; the range exchange's sampling job,
    // then its own query stage; the action's job, which lists the query stages it did not run again as skipped.
    expect(facts.jobs.map((job) => job.origin)).toEqual([
      'broadcast',
      'query-stage',
      'sampling',
      'query-stage',
      'action',
    ]);
    expect(facts.jobs.every((job) => job.sqlExecutionId === 0)).toBe(true);
    const last = facts.jobs[facts.jobs.length - 1];
    expect(last.ranStages.length).toBe(1);
    expect(last.stages.length).toBeGreaterThan(1);

    const comparison = comparePrediction({ jobs: 1, stagesPerJob: [1, 1, 1, 1, 2] }, facts);
    const jobs = comparison.verdicts.find((v) => v.key === 'jobs')!;
    expect(jobs).toMatchObject({ outcome: 'wrong', predicted: '1', actual: '5' });
    expect(jobs.explanation.join(' ')).toMatch(
      /Job 0 collected the small side of a broadcast join for query 0 \(`collect`/,
    );
    expect(jobs.explanation.join(' ')).toMatch(
      /Job 1 ran the map side of an `Exchange` of query 0 \(`collect` at line \d+\) as a query stage/,
    );
    expect(jobs.explanation.join(' ')).toMatch(/Job 2 sampled the sort keys/);
    expect(jobs.explanation.join(' ')).toMatch(/`collect` at line \d+ is the action of query 0: it ran job 4\./);
    expect(jobs.explanation.join(' ')).toMatch(/Some jobs were not started by an action of yours/);
    // Lines that shuffle: the plan's exchanges name the lines of the aggregate and the sort that needed them
    // (the broadcast join needs none), not the action's line that the query's RDDs carry.
    expect(facts.shuffleLines).toEqual([aggLine, sortLine]);
    expect(facts.queries.map((q) => q.exchanges.map((e) => e.lines))).toEqual([[[sortLine], [aggLine]]]);
    const graded = comparePrediction({ shuffleLines: [joinLine, aggLine], exchanges: 3 }, facts, '');
    const verdict = (key: string) => graded.verdicts.find((v) => v.key === key)!;
    expect(verdict(`line-${aggLine}`).outcome).toBe('right');
    expect(verdict(`line-${aggLine}`).explanation.join(' ')).toMatch(
      new RegExp(
        `Query 0's plan: \`Exchange hashpartitioning\\(category#\\d+, 200\\), ENSURE_REQUIREMENTS\` \\(line ${aggLine} of the program\\): added by the planner \\(EnsureRequirements\\) because \`HashAggregate\` needs`,
      ),
    );
    expect(verdict(`line-${sortLine}`)).toMatchObject({ outcome: 'missed', actual: 'shuffles' });
    expect(verdict(`line-${joinLine}`)).toMatchObject({ outcome: 'wrong', actual: 'no shuffle' });
    expect(verdict(`line-${joinLine}`).explanation.join(' ')).toMatch(
      /No Exchange of any query's plan comes from line/,
    );
    expect(verdict('exchanges')).toMatchObject({ outcome: 'wrong', predicted: '3', actual: '2' });
    expect(verdict('exchanges').explanation[0]).toMatch(
      /^Query 0 \(`collect at .+`\): its final adaptive plan has 2 Exchanges\.$/,
    );
    // The last job's skipped stages are not counted: it runs 1 stage, and predicting 2 is wrong.
    expect(comparison.verdicts.find((v) => v.key === 'job-4-stages')).toMatchObject({ outcome: 'wrong', actual: '1' });
  });
});
