/**
 * Predict first: compares a learner's answers to a lesson's questions with
 * what a run of the starter program measured (or, before any run, with the
 * answers the lesson states).
 */
import { describeExchange, planExchanges } from '../events/sql-exchanges';
import { findJob, measureRun, shuffleLines, stageTaskCount, stagesRan, type RunMeasures } from './measure';
import type { LessonRun, PredictionAnswer, PredictionResult, Question } from './types';

/**
 * The true answer to a question as a run shows it; `undefined` for a
 * multiple-choice question (the lesson's answer is the truth) or when the run
 * has no such job or stage.
 *
 * @example
 * measureQuestion({ id: 'jobs', kind: 'jobs', prompt: 'How many jobs?', answer: 2 }, measureRun(run)); // 2
 */
export function measureQuestion(question: Question, measures: RunMeasures): number | number[] | undefined {
  switch (question.kind) {
    case 'jobs':
      return measures.jobs.length;
    case 'stages':
    case 'skippedStages': {
      const job = findJob(measures, question.job);
      if (!job.ok) return undefined;
      const ran = stagesRan(job.value).length;
      return question.kind === 'stages' ? ran : job.value.stages.length - ran;
    }
    case 'tasks':
      return measures.app.stages.has(`${question.stage}.0`) ? stageTaskCount(measures, question.stage) : undefined;
    case 'shuffleLines':
      return shuffleLines(measures);
    case 'choice':
      return undefined;
    case 'exchanges':
    case 'exchangeOperators': {
      const execution = measures.app.sqlExecutions.get(question.execution);
      if (!execution) return undefined;
      const exchanges = planExchanges(execution.plan, execution);
      if (question.kind === 'exchanges') return exchanges.length;
      const needed = new Set(exchanges.flatMap((exchange) => exchange.neededBy));
      return question.options.flatMap((option, index) => (needed.has(operatorName(option)) ? [index] : []));
    }
  }
}

/** An option as the operator it names: `` `SortMergeJoin` `` is `SortMergeJoin`. */
function operatorName(option: string): string {
  return option.replace(/`/g, '').trim();
}

/**
 * What a run showed that decides a plan question: the query and each of its
 * exchanges, with what needed it and the stages that wrote and read it.
 */
export function measuredExplanation(question: Question, measures: RunMeasures): string | undefined {
  if (question.kind !== 'exchanges' && question.kind !== 'exchangeOperators') return undefined;
  const execution = measures.app.sqlExecutions.get(question.execution);
  if (!execution) return `The run has no query ${question.execution}.`;
  const exchanges = planExchanges(execution.plan, execution);
  const query = `Query ${execution.executionId}${execution.description ? ` (\`${execution.description.split('\n')[0]}\`)` : ''}`;
  const final = execution.planUpdates > 0 ? 'final adaptive plan' : 'plan';
  if (exchanges.length === 0) return `${query}: its ${final} has no Exchange, so it ran without a shuffle.`;
  return [
    `${query}: its ${final} has ${exchanges.length} Exchange${exchanges.length === 1 ? '' : 's'}.`,
    ...exchanges.map(describeExchange),
  ].join(' ');
}

/**
 * Grades a learner's predictions. With a run of the starter program the
 * measurable questions are graded against it; otherwise against the answers
 * in questions.json. Questions without an answer in `answers` are skipped.
 *
 * @example
 * gradePredictions(lesson.questions, { jobs: 1, shuffles: [4] }, { ...run, fileName: 'starter.js' });
 * // [{ id: 'jobs', correct: true, given: '1', expected: '1', … }, …]
 */
export function gradePredictions(
  questions: readonly Question[],
  answers: Readonly<Record<string, PredictionAnswer | undefined>>,
  run?: LessonRun,
): PredictionResult[] {
  const measures = run ? measureRun(run) : undefined;
  return questions.map((question) => {
    const truth = (measures && measureQuestion(question, measures)) ?? question.answer;
    const given = answers[question.id];
    const result: PredictionResult = {
      id: question.id,
      prompt: question.prompt,
      expected: show(question, truth),
      ...(question.explanation !== undefined ? { explanation: question.explanation } : {}),
    };
    const measured = measures && measuredExplanation(question, measures);
    if (measured !== undefined) result.measured = measured;
    if (given === undefined) return result;
    return { ...result, given: show(question, given), correct: sameAnswer(given, truth) };
  });
}

function sameAnswer(given: PredictionAnswer, truth: PredictionAnswer): boolean {
  if (Array.isArray(given) || Array.isArray(truth)) {
    const a = [...new Set([given].flat())].sort((x, y) => x - y);
    const b = [...new Set([truth].flat())].sort((x, y) => x - y);
    return a.length === b.length && a.every((value, i) => value === b[i]);
  }
  return given === truth;
}

function show(question: Question, answer: PredictionAnswer): string {
  if (question.kind === 'choice' && typeof answer === 'number') return question.options[answer] ?? String(answer);
  if (question.kind === 'exchangeOperators') {
    const picked = [answer].flat().map((index) => question.options[index] ?? String(index));
    return picked.length === 0 ? 'none' : picked.join(', ');
  }
  if (question.kind === 'shuffleLines') {
    const lines = [answer].flat();
    return lines.length === 0 ? 'no line' : `line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}`;
  }
  return String(answer);
}
