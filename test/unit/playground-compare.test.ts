/**
 * Predict, then run: the facts the playground reads from a run's events, and
 * how it grades and explains a learner's predictions. Every event stream here
 * comes from running a real program through the engine (in-process), so the
 * explanations are checked against what the engine actually did.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseEventLog } from '../../engine/events/event-log';
import { comparePrediction, hasPrediction, type Verdict } from '../../playground/model/compare';
import { argumentCount, deriveFacts, parseCallSite, type DataFile } from '../../playground/model/facts';
import { runProgramInNode } from './playground-run-program';

const files = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/index.json'), 'utf8')) as DataFile[];

async function factsOf(source: string, conf: Record<string, string> = {}) {
  const run = await runProgramInNode(source, conf);
  if (run.error) throw run.error;
  return deriveFacts(run.events, { fileName: 'playground.js', files, source });
}

function verdict(verdicts: Verdict[], key: string): Verdict {
  const found = verdicts.find((v) => v.key === key);
  if (!found) throw new Error(`no verdict ${key} among ${verdicts.map((v) => v.key).join(', ')}`);
  return found;
}

const WORD_COUNT = `const lines = sc.textFile("data/books/*.txt");
const counts = lines
  .flatMap((line) => line.split(" "))
  .map((word) => [word, 1])
  .reduceByKey((a, b) => a + b);
console.log(await counts.count());
`;

describe('facts from the event stream', () => {
  test('a word count is one job cut in two stages at reduceByKey, with the line of each', async () => {
    const facts = await factsOf(WORD_COUNT);
    expect(facts.jobs).toHaveLength(1);
    const [job] = facts.jobs;
    expect(job.operator).toBe('count');
    expect(job.line).toBe(6);
    expect(job.ranStages.map((s) => s.numTasks)).toEqual([4, 4]);
    expect(facts.shuffleLines).toEqual([5]);
    expect(job.ranStages[1].whyBoundary).toBe(
      'Stage 1 starts at `reduceByKey` (line 5), which reads the shuffle output of stage 0.',
    );
  });

  test('a task count is traced to textFile splitting the matched files', async () => {
    const facts = await factsOf(WORD_COUNT);
    const mapStage = facts.jobs[0].ranStages[0];
    expect(mapStage.whyTasks).toContain('one per partition of `map` (line 4)');
    expect(mapStage.whyTasks).toContain('keeps the partitions of `textFile` (line 1)');
    expect(mapStage.whyTasks).toContain('read `data/books/*.txt` (4 files, 3574 bytes) as 4 partitions');
    expect(mapStage.whyTasks).toContain('minPartitions defaults to min(defaultParallelism, 2) = 2');
  });

  test('textFile given minPartitions cuts files into more splits, and the explanation says so', async () => {
    const facts = await factsOf('console.log(await sc.textFile("data/books/*.txt", 5).count());\n');
    const [stage] = facts.jobs[0].ranStages;
    expect(stage.numTasks).toBe(8);
    expect(stage.whyTasks).toContain('(4 files, 3574 bytes) as 8 partitions');
    expect(stage.whyTasks).toContain('3574 ÷ 5 = 714 bytes');
    expect(stage.whyTasks).toContain('textFile was given minPartitions = 5');
  });

  test("reduceByKey's default partitioner takes the largest input's partition count", async () => {
    const facts = await factsOf(
      'const a = sc.parallelize([["x", 1], ["y", 2]], 3);\nconst b = sc.parallelize([["x", 3]], 2);\n' +
        'console.log(await a.union(b).reduceByKey((p, q) => p + q).count());\n',
    );
    const reduceStage = facts.jobs[0].ranStages[1];
    expect(reduceStage.numTasks).toBe(5);
    expect(reduceStage.whyTasks).toContain(
      '`reduceByKey` (line 3) was given no partition count, so its default partitioner took the largest input',
    );
    expect(facts.jobs[0].ranStages[0].whyTasks).toContain(
      '`union` (line 3) keeps every partition of its inputs: 3 + 2 = 5',
    );
  });

  test('spark.default.parallelism decides shuffles and parallelize without slices', async () => {
    const facts = await factsOf(
      'const pairs = sc.parallelize([["a", 1], ["b", 2], ["a", 3]]).map((p) => p);\n' +
        'console.log(await pairs.reduceByKey((x, y) => x + y).count());\n',
      { 'spark.default.parallelism': '3' },
    );
    const [mapStage, reduceStage] = facts.jobs[0].ranStages;
    expect(mapStage.whyTasks).toContain(
      '`parallelize` (line 1) was given no slice count, so it used sc.defaultParallelism = 3',
    );
    expect(reduceStage.whyTasks).toContain('its default partitioner used spark.default.parallelism = 3');
  });

  test('parallelize without slices uses executors × cores', async () => {
    const facts = await factsOf('console.log(await sc.parallelize([1, 2, 3]).count());\n', {
      'spark.executor.instances': '3',
      'spark.executor.cores': '2',
    });
    expect(facts.jobs[0].ranStages[0].whyTasks).toContain('sc.defaultParallelism = 6 (3 executors × 2 cores)');
  });

  test('a reduceByKey over partitionBy reuses its partitioner: no shuffle at its line', async () => {
    const facts = await factsOf(
      'const pairs = sc.parallelize([["a", 1], ["b", 2], ["a", 3]], 3);\n' +
        'const parted = pairs.partitionBy(2);\n' +
        'const sums = parted.reduceByKey((a, b) => a + b);\n' +
        'console.log(await sums.collect());\n',
    );
    expect(facts.shuffleLines).toEqual([2]);
    const reduce = facts.operators.find((op) => op.operator === 'reduceByKey');
    expect(reduce?.shuffled).toBe(false);
    expect(reduce?.reusedPartitionerOf).toEqual([
      { operator: 'partitionBy', line: 2, callSite: 'partitionBy at playground.js:2' },
    ]);
    expect(facts.jobs[0].ranStages[1].whyTasks).toContain(
      '`reduceByKey` (line 3) keeps the partitions of `partitionBy` (line 2). `partitionBy` (line 2) was asked for 2 partitions',
    );
  });

  test('a second action over the same shuffle skips the map stage: its output still existed', async () => {
    const facts = await factsOf(
      'const sums = sc.parallelize([["a", 1], ["b", 2]], 2).reduceByKey((a, b) => a + b);\n' +
        'console.log(await sums.count());\nconsole.log(await sums.collect());\n',
    );
    const second = facts.jobs[1];
    expect(second.stages.map((s) => s.stageId)).toEqual([2, 3]);
    expect(second.ranStages.map((s) => s.stageId)).toEqual([3]);
    expect(second.stages[0].whySkipped).toBe(
      'Stage 2 was skipped: its shuffle output from stage 0 (job 0) still existed, so the map side did not run again.',
    );
  });

  test('a cached RDD after the shuffle is why the map stage is skipped', async () => {
    const facts = await factsOf(
      'const sums = sc.parallelize([["a", 1], ["b", 2]], 2).reduceByKey((a, b) => a + b).cache();\n' +
        'console.log(await sums.count());\nconsole.log(await sums.collect());\n',
    );
    expect(facts.jobs[1].stages[0].whySkipped).toBe(
      "Stage 2 was skipped: `reduceByKey` (line 1) was already cached in all 2 partitions, so stage 3 read the cache instead of this stage's output.",
    );
  });

  test("sortByKey's sampling job, take's incremental jobs and zipWithIndex's counting job are told apart", async () => {
    const facts = await factsOf(
      'const sorted = sc.parallelize([["b", 1], ["a", 2], ["c", 3]], 3).sortByKey();\n' +
        'console.log(await sorted.collect());\n' +
        'const few = sc.parallelize(Array.from({ length: 100 }, (_, i) => i), 8).filter((x) => x > 90);\n' +
        'console.log(await few.take(3));\n' +
        'console.log(await sc.parallelize([1, 2, 3], 3).zipWithIndex().collect());\n',
    );
    expect(facts.jobs.map((j) => `${j.operator}:${j.origin}`)).toEqual([
      'sortByKey:sampling',
      'collect:action',
      'take:action',
      'take:incremental',
      'take:incremental',
      'zipWithIndex:index-counting',
      'collect:action',
    ]);
    expect(facts.jobs[0].why).toContain('building its RangePartitioner samples the keys');
    expect(facts.jobs[2].ranStages[0].whyTasks).toBe(
      'Stage 3 has 1 task: `take` asked for only 1 of the 8 partitions (partition 0), because it scans partitions a few at a time and stops once it has enough rows.',
    );
  });

  test('a co-partitioned join reuses both partitioners', async () => {
    const facts = await factsOf(
      'const a = sc.parallelize([["x", 1], ["y", 2]], 2).partitionBy(3);\n' +
        'const b = sc.parallelize([["x", 5]], 2).partitionBy(3);\n' +
        'console.log(await a.join(b).collect());\n',
    );
    const join = facts.operators.find((op) => op.operator === 'join');
    expect(join?.shuffled).toBe(false);
    expect(join?.reusedPartitionerOf?.map((s) => s.line)).toEqual([1, 2]);
    expect(facts.jobs[0].ranStages).toHaveLength(3);
  });

  test('real Spark event logs give their jobs and stages', () => {
    const folder = '/work/shared/spark-events';
    const counts: Record<string, number[]> = {};
    // Files only: corpus/ is a folder of more logs, read by the event-log tests.
    for (const name of readdirSync(folder).filter((n) => n !== 'README.md' && statSync(join(folder, n)).isFile())) {
      const facts = deriveFacts(parseEventLog(readFileSync(join(folder, name), 'utf8'), name));
      counts[name] = facts.jobs.map((j) => j.stages.length);
    }
    expect(counts).toEqual({
      'local-1422981780767': [1, 2, 1],
      'local-1426533911241': [1],
      'local-1430917381534': [2],
      'spark4-sparkpi-events_1': [1],
    });
  });

  test('a count given equal to the default is told as given, not as the default', async () => {
    const facts = await factsOf(
      'const sums = sc.parallelize([["a", 1], ["b", 2]], 4)\n  .reduceByKey((a, b) => a + b, 4);\nconsole.log(await sums.count());\n',
    );
    const [mapStage, reduceStage] = facts.jobs[0].ranStages;
    expect(mapStage.whyTasks).toContain('`parallelize` (line 1) was asked for 4 slices.');
    expect(reduceStage.whyTasks).toContain('`reduceByKey` (line 2) was asked for 4 partitions');
  });

  test('after a lost executor, a map stage re-runs only its missing partitions, and says why', async () => {
    const facts = await factsOf(
      'const counts = sc.parallelize(["a", "b", "c", "d", "e", "f", "g", "h"], 4).map((w) => [w, 1]).reduceByKey((a, b) => a + b, 2);\n' +
        'console.log(await counts.count());\nawait sc.killExecutor("0");\nconsole.log(await counts.count());\n',
    );
    const rerun = facts.jobs[1].ranStages[0];
    expect(rerun.numTasks).toBeLessThan(4);
    expect(rerun.whyTasks).toBe(
      `Stage 2 has ${rerun.numTasks} task${rerun.numTasks === 1 ? '' : 's'}, not one for each of the 4 partitions of \`map\` (line 1): ` +
        `the map output of the other ${4 - rerun.numTasks} still existed, so only the missing ${rerun.numTasks === 1 ? 'one was' : 'ones were'} computed again ` +
        '(map output is lost with the executor that wrote it: executor 0 was lost).',
    );
  });

  test('argument counts are read from the program text, across lines and past nested commas', () => {
    const source =
      'const a = sc.parallelize([1, 2, [3, 4]], 3);\nconst b = a.map((x) => x)\n  .reduceByKey(\n    (p, q) => p + q,\n    "x,y".length,\n  );\nsc.emptyRDD();\n';
    expect(argumentCount(source, 1, 'parallelize')).toBe(2);
    expect(argumentCount(source, 3, 'reduceByKey')).toBe(2);
    expect(argumentCount(source, 7, 'emptyRDD')).toBe(0);
    expect(argumentCount(source, 2, 'reduceByKey')).toBeUndefined();
    expect(argumentCount(undefined, 1, 'parallelize')).toBeUndefined();
  });

  test('call sites parse into operator, file and line', () => {
    expect(parseCallSite('reduceByKey at playground.js:12')).toEqual({
      operator: 'reduceByKey',
      file: 'playground.js',
      line: 12,
    });
    expect(parseCallSite('count at <console>:15')).toEqual({ operator: 'count', file: '<console>', line: 15 });
    expect(parseCallSite(undefined)).toEqual({ operator: 'unknown' });
  });
});

describe('comparing a prediction with the run', () => {
  test('a right prediction is graded right in every part', async () => {
    const facts = await factsOf(WORD_COUNT);
    const comparison = comparePrediction(
      { jobs: 1, stagesPerJob: [2], tasksPerStage: [[4, 4]], shuffleLines: [5] },
      facts,
      WORD_COUNT,
    );
    expect(comparison.verdicts.map((v) => `${v.key}:${v.outcome}`)).toEqual([
      'jobs:right',
      'job-0-stages:right',
      'stage-0-tasks:right',
      'stage-1-tasks:right',
      'line-5:right',
    ]);
    expect(comparison.summary).toBe('5 of 5 predictions right.');
  });

  test('each miss is explained from the run: narrow line marked, shuffle missed, skipped stage counted', async () => {
    const source =
      'const sums = sc.parallelize([["a", 1], ["b", 2]], 2)\n' +
      '  .map((p) => p)\n' +
      '  .reduceByKey((a, b) => a + b);\n' +
      'console.log(await sums.count());\nconsole.log(await sums.collect());\n';
    const facts = await factsOf(source);
    const { verdicts, summary } = comparePrediction(
      { jobs: 1, stagesPerJob: [2, 2], tasksPerStage: [[2, 3]], shuffleLines: [2] },
      facts,
      source,
    );
    expect(verdict(verdicts, 'jobs')).toMatchObject({ predicted: '1', actual: '2', outcome: 'wrong' });
    expect(verdict(verdicts, 'jobs').explanation).toEqual([
      '`count` at line 4 is an action: it ran job 0.',
      '`collect` at line 5 is an action: it ran job 1.',
    ]);
    const second = verdict(verdicts, 'job-1-stages');
    expect(second).toMatchObject({ predicted: '2', actual: '1', outcome: 'wrong' });
    expect(second.explanation[0]).toBe(
      'You counted the skipped stage too: a skipped stage is listed by the job but does not run.',
    );
    expect(verdict(verdicts, 'stage-1-tasks')).toMatchObject({ predicted: '3', actual: '2', outcome: 'wrong' });
    expect(verdict(verdicts, 'stage-1-tasks').explanation[0]).toContain('its input `map` (line 2) had 2');
    expect(verdict(verdicts, 'line-2')).toMatchObject({ outcome: 'wrong' });
    expect(verdict(verdicts, 'line-2').explanation).toEqual([
      '`map` at line 2 is narrow: each output partition comes from one input partition, so it stays in its stage.',
    ]);
    expect(verdict(verdicts, 'line-3')).toMatchObject({
      predicted: 'no shuffle',
      actual: 'shuffles',
      outcome: 'missed',
    });
    expect(summary).toBe('2 of 7 predictions right.');
  });

  test('marking a reused-partitioner line says whose partitioner was reused', async () => {
    const source =
      'const parted = sc.parallelize([["a", 1], ["b", 2]], 3)\n  .partitionBy(2);\n' +
      'const sums = parted.reduceByKey((a, b) => a + b);\nconsole.log(await sums.collect());\n';
    const facts = await factsOf(source);
    const { verdicts } = comparePrediction({ shuffleLines: [2, 3] }, facts, source);
    expect(verdict(verdicts, 'line-2').outcome).toBe('right');
    expect(verdict(verdicts, 'line-3')).toMatchObject({ outcome: 'wrong', actual: 'no shuffle' });
    expect(verdict(verdicts, 'line-3').explanation).toEqual([
      '`reduceByKey` at line 3 reused the partitioner of `partitionBy` at line 2, so no shuffle: the records of each key were already in one partition.',
    ]);
  });

  test('a marked line whose wide operation never ran is explained as lazy', async () => {
    const source =
      'const unused = sc.parallelize([["a", 1]], 2).groupByKey();\nconsole.log(await sc.parallelize([1], 1).count());\n';
    const facts = await factsOf(source);
    const { verdicts } = comparePrediction({ shuffleLines: [1] }, facts, source);
    expect(verdict(verdicts, 'line-1').explanation).toEqual([
      '`groupByKey` at line 1 never ran in a job: transformations are lazy, and no action used its result.',
    ]);
  });

  test('predictions left blank are not graded', async () => {
    const facts = await factsOf(WORD_COUNT);
    expect(hasPrediction({})).toBe(false);
    expect(hasPrediction({ stagesPerJob: [undefined] })).toBe(false);
    expect(hasPrediction({ shuffleLines: [] })).toBe(true);
    const comparison = comparePrediction({ stagesPerJob: [undefined] }, facts, WORD_COUNT);
    expect(comparison.verdicts).toEqual([]);
    expect(comparison.summary).toBe('No predictions to compare.');
  });

  test('a failed job is named in the jobs explanation', async () => {
    const source =
      'const rdd = sc.parallelize([1, 2, 3], 3).map((x) => { if (x === 2) throw new Error("boom"); return x; });\n' +
      'try { await rdd.collect(); } catch (e) { console.log("failed"); }\n';
    const facts = await factsOf(source, { 'spark.task.maxFailures': '2' });
    expect(facts.jobs[0].status).toBe('failed');
    expect(facts.failedTaskAttempts).toBe(2);
    const { verdicts } = comparePrediction({ jobs: 1 }, facts, source);
    expect(verdict(verdicts, 'jobs').explanation).toContain(
      'Job 0 failed, which stopped the program there; later actions never ran.',
    );
  });
});
