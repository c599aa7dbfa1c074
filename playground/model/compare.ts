/**
 * Predict, then run: compares what a learner predicted (jobs, stages per job,
 * tasks per stage, which lines shuffle) with the facts of the run, and
 * explains every answer — above all every miss — from those facts.
 */
import { describeExchange } from '../../engine/events/sql-exchanges';
import {
  ALWAYS_WIDE,
  WIDE_UNLESS_PARTITIONED,
  isPlanOperator,
  list,
  plural,
  type JobFact,
  type RunFacts,
} from './facts';

/** What the learner predicted. Any part left `undefined` was skipped and is not graded. */
export interface Prediction {
  jobs?: number;
  /** Per job, in job order: how many stages it runs (skipped stages do not run). */
  stagesPerJob?: (number | undefined)[];
  /** Per job, in job order: the task count of each stage it runs, in stage order. */
  tasksPerStage?: (number[] | undefined)[];
  /** Lines whose operations cause a shuffle. */
  shuffleLines?: number[];
  /** Shuffle Exchanges in the final plans of all the program's DataFrame queries together. */
  exchanges?: number;
}

export type Outcome = 'right' | 'wrong' | 'missed' | 'skipped';

export interface Verdict {
  /** Stable key, e.g. `jobs`, `job-1-stages`, `stage-3-tasks`, `line-5`. */
  key: string;
  /** What was predicted about, e.g. "Jobs", "Job 1: stages run", "Line 5". */
  subject: string;
  predicted: string;
  actual: string;
  /** `missed`: a shuffle line the learner did not mark. */
  outcome: Outcome;
  /** Why it is so, from the run's events. Backticks mark code. */
  explanation: string[];
}

export interface Comparison {
  verdicts: Verdict[];
  right: number;
  wrong: number;
  /** One line for the page and for screen readers, e.g. "4 of 6 predictions right." */
  summary: string;
}

/** True when the learner predicted anything at all. */
export function hasPrediction(prediction: Prediction): boolean {
  return (
    prediction.jobs !== undefined ||
    (prediction.stagesPerJob ?? []).some((n) => n !== undefined) ||
    (prediction.tasksPerStage ?? []).some((tasks) => tasks !== undefined && tasks.length > 0) ||
    prediction.shuffleLines !== undefined ||
    prediction.exchanges !== undefined
  );
}

/**
 * Grades a prediction against a run.
 *
 * @param source the program, to tell what a marked line holds when no RDD came from it
 * @example
 * const comparison = comparePrediction({ jobs: 1, shuffleLines: [3] }, deriveFacts(events, { fileName }), source);
 * comparison.summary // "2 of 2 predictions right."
 */
export function comparePrediction(prediction: Prediction, facts: RunFacts, source = ''): Comparison {
  const verdicts: Verdict[] = [];
  if (prediction.jobs !== undefined) verdicts.push(jobsVerdict(prediction.jobs, facts));

  const jobs = facts.jobs;
  const predictedJobs = Math.max(prediction.stagesPerJob?.length ?? 0, prediction.tasksPerStage?.length ?? 0);
  for (let i = 0; i < Math.max(predictedJobs, 0); i++) {
    const stages = prediction.stagesPerJob?.[i];
    const tasks = prediction.tasksPerStage?.[i];
    const job = jobs[i];
    if (stages !== undefined) verdicts.push(stagesVerdict(i, stages, job));
    if (tasks !== undefined && tasks.length > 0) verdicts.push(...taskVerdicts(i, tasks, job));
  }

  if (prediction.exchanges !== undefined) verdicts.push(exchangesVerdict(prediction.exchanges, facts));
  if (prediction.shuffleLines !== undefined) verdicts.push(...shuffleVerdicts(prediction.shuffleLines, facts, source));

  const right = verdicts.filter((v) => v.outcome === 'right').length;
  const wrong = verdicts.filter((v) => v.outcome === 'wrong' || v.outcome === 'missed').length;
  const summary =
    verdicts.length === 0
      ? 'No predictions to compare.'
      : `${right} of ${right + wrong} prediction${right + wrong === 1 ? '' : 's'} right.`;
  return { verdicts, right, wrong, summary };
}

// ---------------------------------------------------------------------------

function jobsVerdict(predicted: number, facts: RunFacts): Verdict {
  const actual = facts.jobs.length;
  const explanation: string[] = [];
  if (actual === 0)
    explanation.push('No job ran: only actions (`count`, `collect`, `foreach`, …) run jobs, and none was reached.');
  for (const group of groupJobs(facts.jobs)) explanation.push(group);
  if (predicted > actual && actual > 0)
    explanation.push(
      'Transformations (`map`, `reduceByKey`, …) are lazy: they only describe an RDD. A job starts when an action needs a result.',
    );
  if (predicted < actual && facts.jobs.some((j) => j.origin !== 'action'))
    explanation.push('Some jobs were not started by an action of yours: Spark ran them to set up an operation.');
  const failed = facts.jobs.find((j) => j.status === 'failed');
  if (failed) explanation.push(`Job ${failed.jobId} failed, which stopped the program there; later actions never ran.`);
  return countVerdict('jobs', 'Jobs', predicted, actual, explanation);
}

/** A verdict on a count: right when the run counted the same. */
function countVerdict(key: string, subject: string, predicted: number, actual: number, explanation: string[]): Verdict {
  const outcome = predicted === actual ? 'right' : 'wrong';
  return { key, subject, predicted: String(predicted), actual: String(actual), outcome, explanation };
}

/** Consecutive jobs from the same call (take's incremental scans) told as one sentence. */
function groupJobs(jobs: readonly JobFact[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i];
    let j = i;
    while (j + 1 < jobs.length && jobs[j + 1].origin === 'incremental' && jobs[j + 1].callSite === job.callSite) j++;
    if (j === i) out.push(job.why);
    else {
      const ids = jobs.slice(i, j + 1).map((x) => String(x.jobId));
      const at = job.line !== undefined ? ` at line ${job.line}` : '';
      const sizes = jobs.slice(i, j + 1).map((x) => x.ranStages[x.ranStages.length - 1]?.numTasks ?? 0);
      out.push(
        `\`${job.operator}\`${at} ran jobs ${list(ids)}: it scans partitions incrementally (${sizes.join(', then ')} ` +
          `at a time), starting with 1 and growing while it still needs rows.`,
      );
      i = j;
    }
  }
  return out;
}

function stagesVerdict(index: number, predicted: number, job: JobFact | undefined): Verdict {
  const subject = `Job ${job?.jobId ?? index}: stages run`;
  if (!job)
    return {
      key: `job-${index}-stages`,
      subject,
      predicted: String(predicted),
      actual: 'no such job',
      outcome: 'wrong',
      explanation: [`There was no job ${index}.`],
    };
  const actual = job.ranStages.length;
  const explanation: string[] = [];
  if (job.stages.length === 1)
    explanation.push(
      `Nothing in job ${job.jobId}'s lineage reads a shuffle, so it is one stage: every step is narrow.`,
    );
  else
    explanation.push(
      `Each shuffle dependency cuts a stage: job ${job.jobId} lists ${plural(job.stages.length, 'stage')} ` +
        `(${job.stages.map((s) => `stage ${s.stageId}, ${plural(s.numTasks, 'task')}${s.kind === 'result' ? ', result' : ''}`).join('; ')}).`,
    );
  for (const stage of job.stages) if (stage.whyBoundary) explanation.push(stage.whyBoundary);
  for (const stage of job.stages.filter((s) => !job.ranStages.includes(s)))
    if (stage.whySkipped) explanation.push(stage.whySkipped);
  for (const stage of job.ranStages.filter((s) => s.attempts > 1))
    explanation.push(
      `Stage ${stage.stageId} ran ${stage.attempts} times (a task could not fetch its shuffle input, so the stage was retried); it counts once.`,
    );
  const countedSkipped = predicted === job.stages.length && predicted !== actual;
  if (countedSkipped)
    explanation.unshift(
      `You counted the skipped stage${job.stages.length - actual === 1 ? '' : 's'} too: a skipped stage is listed by the job but does not run.`,
    );
  return {
    key: `job-${index}-stages`,
    subject,
    predicted: String(predicted),
    actual: String(actual),
    outcome: predicted === actual ? 'right' : 'wrong',
    explanation,
  };
}

function taskVerdicts(index: number, predicted: number[], job: JobFact | undefined): Verdict[] {
  if (!job)
    return [
      {
        key: `job-${index}-tasks`,
        subject: `Job ${index}: tasks`,
        predicted: predicted.join(', '),
        actual: 'no such job',
        outcome: 'wrong',
        explanation: [`There was no job ${index}.`],
      },
    ];
  const verdicts: Verdict[] = [];
  const count = Math.max(predicted.length, job.ranStages.length);
  for (let i = 0; i < count; i++) {
    const stage = job.ranStages[i];
    const guess = predicted[i];
    if (!stage) {
      verdicts.push({
        key: `job-${index}-stage-${i}-tasks`,
        subject: `Job ${job.jobId}: stage #${i + 1} tasks`,
        predicted: String(guess),
        actual: 'no such stage',
        outcome: 'wrong',
        explanation: [`Job ${job.jobId} ran only ${plural(job.ranStages.length, 'stage')}.`],
      });
      continue;
    }
    verdicts.push({
      key: `stage-${stage.stageId}-tasks`,
      subject: `Job ${job.jobId}, stage ${stage.stageId}: tasks`,
      predicted: guess === undefined ? '—' : String(guess),
      actual: String(stage.numTasks),
      outcome: guess === undefined ? 'skipped' : guess === stage.numTasks ? 'right' : 'wrong',
      explanation: [stage.whyTasks],
    });
  }
  return verdicts;
}

/** How many shuffle Exchanges the queries' final plans hold, each explained from the plan and its stages. */
function exchangesVerdict(predicted: number, facts: RunFacts): Verdict {
  const actual = facts.queries.reduce((n, q) => n + q.exchanges.length, 0);
  const explanation: string[] = [];
  if (facts.queries.length === 0)
    explanation.push(
      'The program ran no DataFrame or SQL query, so there was no plan and no Exchange: an RDD program shuffles ' +
        'where a wide transformation reads a shuffle (see the lines that shuffle).',
    );
  for (const query of facts.queries) {
    const name = `Query ${query.executionId}${query.description ? ` (\`${query.description.split('\n')[0]}\`)` : ''}`;
    const plan = query.replanned ? 'final adaptive plan' : 'plan';
    if (query.exchanges.length === 0) explanation.push(`${name}: its ${plan} has no Exchange.`);
    else
      explanation.push(
        `${name}: its ${plan} has ${plural(query.exchanges.length, 'Exchange')}.`,
        ...query.exchanges.map(describeExchange),
      );
  }
  if (facts.queries.length > 1)
    explanation.push(
      'Every action plans its query anew: an Exchange in a DataFrame used by two actions is counted in each query ' +
        '(its shuffle files may be reused, but the plan still has it).',
    );
  return countVerdict('exchanges', 'Exchanges', predicted, actual, explanation);
}

function shuffleVerdicts(predictedLines: readonly number[], facts: RunFacts, source: string): Verdict[] {
  const predicted = new Set(predictedLines);
  const actual = new Set(facts.shuffleLines);
  const lines = [...new Set([...predicted, ...actual])].sort((a, b) => a - b);
  const sourceLines = source.split('\n');
  return lines.map((line) => {
    const ops = facts.operators.filter((op) => op.line === line);
    const marked = predicted.has(line);
    const shuffled = actual.has(line);
    const explanation: string[] = [];
    const exchanges = facts.queries.flatMap((q) =>
      q.exchanges.filter((e) => e.lines.includes(line)).map((e) => ({ query: q, exchange: e })),
    );
    for (const { query, exchange } of exchanges)
      explanation.push(`Query ${query.executionId}'s plan: ${describeExchange(exchange)}`);
    const planSaysLines = facts.queries.some((q) => q.exchanges.some((e) => e.lines.length > 0));
    for (const op of ops.filter((o) => o.shuffled && !(planSaysLines && isPlanOperator(o.operator)))) {
      const stages = [...facts.stages.values()].filter((s) =>
        s.shuffleReads.some((read) => op.rddIds.includes(read.rddId)),
      );
      const why = ALWAYS_WIDE.has(op.operator)
        ? 'it always redistributes records across partitions'
        : op.operator === 'partitionBy'
          ? 'it moves every record to the partition its key hashes to'
          : WIDE_UNLESS_PARTITIONED.has(op.operator)
            ? 'it needs all records of a key together, and its input was not already partitioned that way'
            : 'it reads records written by other tasks';
      explanation.push(
        `\`${op.operator}\` at line ${line} read a shuffle: ${why}. Its stage${stages.length === 1 ? '' : 's'} ` +
          `${list(stages.map((s) => String(s.stageId)))} start${stages.length === 1 ? 's' : ''} there, after the map side wrote shuffle files.`,
      );
      // A log that does not say which lines needed each Exchange (a real Spark log) leaves the action's line.
      if (isPlanOperator(op.operator))
        explanation.push(
          `Line ${line} is a DataFrame action's: a query's RDDs are made when its action runs, so they carry the action's ` +
            `line and the plan's operator names. Which DataFrame operations caused the shuffle is in the plan: count ` +
            `its \`Exchange\`s in the SQL tab.`,
        );
    }
    for (const op of ops.filter((o) => !o.shuffled && !isPlanOperator(o.operator))) {
      if (op.reusedPartitionerOf && op.reusedPartitionerOf.length > 0) {
        const from = op.reusedPartitionerOf.map(
          (source) => `\`${source.operator}\`${source.line !== undefined ? ` at line ${source.line}` : ''}`,
        );
        explanation.push(
          `\`${op.operator}\` at line ${line} reused the partitioner of ${list(from)}, so no shuffle: the records of each key were already in one partition.`,
        );
      } else if (WIDE_UNLESS_PARTITIONED.has(op.operator) && marked) {
        explanation.push(
          `\`${op.operator}\` at line ${line} found its input already partitioned as it needed, so it combined within partitions without a shuffle.`,
        );
      } else if (marked && !shuffled) {
        explanation.push(
          `\`${op.operator}\` at line ${line} is narrow: each output partition comes from one input partition, so it stays in its stage.`,
        );
      }
    }
    if (marked && !shuffled && ops.every((o) => isPlanOperator(o.operator)) && planSaysLines)
      explanation.push(...dataFrameLine(line, sourceLines[line - 1] ?? '', facts));
    else if (ops.length === 0 && marked) explanation.push(...unusedLine(line, sourceLines[line - 1] ?? ''));
    return {
      key: `line-${line}`,
      subject: `Line ${line}`,
      predicted: marked ? 'shuffles' : 'no shuffle',
      actual: shuffled ? 'shuffles' : 'no shuffle',
      outcome: marked === shuffled ? 'right' : shuffled ? 'missed' : 'wrong',
      explanation,
    };
  });
}

/** Why a DataFrame line the learner marked needed no Exchange. */
function dataFrameLine(line: number, text: string, facts: RunFacts): string[] {
  if (facts.queries.length === 0) return unusedLine(line, text);
  const calls = [...text.matchAll(/\.\s*([A-Za-z_$][\w$]*)\s*\(/g)].map((m) => m[1]);
  const named = calls.length > 0 ? `\`${calls.join('`, `')}\`` : 'it';
  return [
    `No Exchange of any query's plan comes from line ${line}: ${named} ran within the stages around it ` +
      `(narrow operators such as \`select\`, \`filter\` and \`withColumn\` never shuffle; a \`groupBy\`, \`join\` or ` +
      `\`orderBy\` does not either when its input is already partitioned as it needs, or when the other side is broadcast).`,
  ];
}

/** What a marked line holds when no RDD of any job came from it. */
function unusedLine(line: number, text: string): string[] {
  const calls = [...text.matchAll(/\.\s*([A-Za-z_$][\w$]*)\s*\(/g)].map((m) => m[1]);
  const wide = calls.filter((c) => WIDE_UNLESS_PARTITIONED.has(c) || ALWAYS_WIDE.has(c));
  if (wide.length > 0)
    return [
      `\`${wide[0]}\` at line ${line} never ran in a job: transformations are lazy, and no action used its result.`,
    ];
  if (calls.length > 0)
    return [
      `Line ${line} created no RDD that a job used (\`${calls[0]}\` ${calls.length > 1 ? 'and the rest ' : ''}did not cut a stage).`,
    ];
  return [`Line ${line} creates no RDD, so it cannot shuffle.`];
}
