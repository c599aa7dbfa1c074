/** Predict first: a learner's answers graded against a run, or against the lesson's answers before any run. */
import { expect, test } from 'vitest';
import { SparkContext } from '../../engine/context';
import type { SparkEvent } from '../../engine/events/types';
import { gradePredictions, measureQuestion } from '../../engine/lessons/predictions';
import { measureRun } from '../../engine/lessons/measure';
import type { LessonRun, Question } from '../../engine/lessons/types';

const questions: Question[] = [
  { id: 'jobs', kind: 'jobs', prompt: 'How many jobs?', answer: 2 },
  { id: 'stages', kind: 'stages', job: 1, prompt: 'Stages of job 1?', answer: 1, explanation: 'One is skipped.' },
  { id: 'skipped', kind: 'skippedStages', job: 1, prompt: 'Skipped in job 1?', answer: 1 },
  { id: 'tasks', kind: 'tasks', stage: 1, prompt: 'Tasks of stage 1?', answer: 3 },
  { id: 'lines', kind: 'shuffleLines', prompt: 'Which lines shuffle?', answer: [7, 4] },
  { id: 'mode', kind: 'choice', prompt: 'Default mode?', options: ['FIFO', 'FAIR'], answer: 0 },
];

/** Two jobs over one shuffle of 3 reduce partitions: job 1 runs 1 stage and skips 1. */
async function twoJobs(): Promise<LessonRun> {
  const events: SparkEvent[] = [];
  const sc = new SparkContext({ executors: 'in-process', onEvent: (e) => events.push(e) });
  await sc.ready;
  try {
    const counts = sc
      .parallelize(['a', 'b', 'a', 'c'], 2)
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((x, y) => x + y, 3);
    await counts.count();
    await counts.collect();
  } finally {
    await sc.stop();
  }
  // Call sites here name this test file, not `program.js`: no line of "the program" reads a shuffle.
  return { events, driverOutput: [], executorOutput: [], fileName: 'program.js' };
}

test('without a run, predictions are graded against the lesson’s answers; unanswered questions are skipped', () => {
  const results = gradePredictions(questions, { jobs: 2, stages: 2, lines: [4, 7, 7], mode: 1 });
  expect(results).toEqual([
    { id: 'jobs', prompt: 'How many jobs?', expected: '2', given: '2', correct: true },
    {
      id: 'stages',
      prompt: 'Stages of job 1?',
      expected: '1',
      given: '2',
      correct: false,
      explanation: 'One is skipped.',
    },
    { id: 'skipped', prompt: 'Skipped in job 1?', expected: '1' },
    { id: 'tasks', prompt: 'Tasks of stage 1?', expected: '3' },
    { id: 'lines', prompt: 'Which lines shuffle?', expected: 'lines 7, 4', given: 'lines 4, 7, 7', correct: true },
    { id: 'mode', prompt: 'Default mode?', expected: 'FIFO', given: 'FAIR', correct: false },
  ]);
});

test('with a run, measurable questions are graded against what the run did', async () => {
  const run = await twoJobs();
  const measures = measureRun(run);
  expect(questions.map((question) => measureQuestion(question, measures))).toEqual([2, 1, 1, 3, [], undefined]);

  // The lesson's answer for `lines` is wrong for this run: the run wins, and so does a learner who predicted it.
  const results = gradePredictions(questions, { jobs: 1, stages: 1, skipped: 1, tasks: 3, lines: [], mode: 0 }, run);
  expect(results.map((r) => [r.id, r.correct, r.expected])).toEqual([
    ['jobs', false, '2'],
    ['stages', true, '1'],
    ['skipped', true, '1'],
    ['tasks', true, '3'],
    ['lines', true, 'no line'],
    ['mode', true, 'FIFO'],
  ]);
});

test('a question about a job or stage the run does not have falls back to the lesson’s answer', async () => {
  const run = await twoJobs();
  const missing: Question[] = [
    { id: 'far-job', kind: 'stages', job: 7, prompt: 'Stages of job 7?', answer: 2 },
    { id: 'far-stage', kind: 'tasks', stage: 40, prompt: 'Tasks of stage 40?', answer: 5 },
  ];
  expect(missing.map((question) => measureQuestion(question, measureRun(run)))).toEqual([undefined, undefined]);
  expect(gradePredictions(missing, { 'far-job': 2, 'far-stage': 4 }, run).map((r) => r.correct)).toEqual([true, false]);
});
