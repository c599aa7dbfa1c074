/**
 * What a lesson is: the files a teacher writes (lessons/<id>/lesson.md,
 * starter.js, solution.js, questions.json, checks.json; starter.py and
 * solution.py for the lesson in Python) as typed data, and
 * what a run of a lesson's program is checked against. Types only.
 */
import type { SparkEvent } from '../events/types';

/**
 * The files of one lesson folder, as text. `solution.js` may be left out: a
 * course published for students keeps its solutions on the teacher's side
 * (the lesson then offers no solution, and `grade` needs the submissions named).
 */
export interface LessonFiles {
  'lesson.md': string;
  'starter.js': string;
  'solution.js'?: string;
  /** The starter as a PySpark program (a spark-submit script), graded by the same checks. */
  'starter.py'?: string;
  /** The solution as a PySpark program; only with `starter.py`. */
  'solution.py'?: string;
  'questions.json': string;
  'checks.json': string;
}

/** The file names a lesson folder may hold. */
export const LESSON_FILE_NAMES = [
  'lesson.md',
  'starter.js',
  'solution.js',
  'starter.py',
  'solution.py',
  'questions.json',
  'checks.json',
] as const satisfies readonly (keyof LessonFiles)[];

/** The file names every lesson folder must hold (all but `solution.js`). */
export const REQUIRED_LESSON_FILES = [
  'lesson.md',
  'starter.js',
  'questions.json',
  'checks.json',
] as const satisfies readonly (keyof LessonFiles)[];

/** The parts of `lesson.md`, cut at its `## ` headings. */
export interface LessonText {
  /** Everything before `## Predict first`: the idea of the lesson. */
  intro: string;
  /** `## Predict first`: what to predict about the starter program, before running it. */
  predict: string;
  /** `## What happened`: the explanation, for after the run. */
  explain: string;
  /** `## Challenge`: what to change; the checks grade it. */
  challenge: string;
  /** Any other `## ` sections after the challenge (e.g. `## In Spark`), in order. */
  more: { heading: string; markdown: string }[];
}

/** The headings `lesson.md` must have, in this order. */
export const SECTION_HEADINGS = {
  predict: 'Predict first',
  explain: 'What happened',
  challenge: 'Challenge',
} as const;

/** One lesson, parsed and validated. */
export interface Lesson {
  /** The folder name, e.g. `01-driver-executors-tasks`. */
  id: string;
  title: string;
  /** Position in the course; lessons are listed by it. */
  order: number;
  /** One sentence for the lesson list. */
  summary?: string;
  /** Spark settings the lesson's programs run with (the front matter's `conf`), e.g. `spark.executor.cores: "2"`. */
  conf: Record<string, string>;
  /** `lesson.md` without its front matter. */
  markdown: string;
  text: LessonText;
  starter: string;
  /** A program that passes every check; absent when the folder leaves `solution.js` out. */
  solution?: string;
  /**
   * The lesson in Python (`starter.py`, `solution.py`): PySpark programs that run unchanged under spark-submit,
   * graded by the same checks; absent for a lesson in JavaScript only.
   */
  python?: { starter: string; solution?: string };
  questions: Question[];
  checks: Check[];
}

// ---------------------------------------------------------------------------
// Prediction questions (questions.json)

interface QuestionBase {
  /** Unique in the lesson; progress is kept under it. */
  id: string;
  /** The question, e.g. "How many stages does job 0 run?". Markdown (backticks for code). */
  prompt: string;
  /** Shown once the learner has answered: why the answer is what it is. */
  explanation?: string;
  /**
   * The fields that differ for the lesson's Python starter (its line numbers, an answer PySpark's layout changes,
   * a prompt naming Python code); see engine/lessons/language.ts.
   */
  python?: Record<string, unknown>;
}

/**
 * A question about the starter program whose answer a run measures. `answer`
 * is the teacher's; the test suite checks it against a real run of the starter.
 */
export type Question =
  /** How many jobs the program runs. */
  | (QuestionBase & { kind: 'jobs'; answer: number })
  /** How many stages job `job` runs (skipped stages do not run). */
  | (QuestionBase & { kind: 'stages'; job: number; answer: number })
  /** How many stages job `job` skips. */
  | (QuestionBase & { kind: 'skippedStages'; job: number; answer: number })
  /** How many tasks stage `stage` runs (its first attempt). */
  | (QuestionBase & { kind: 'tasks'; stage: number; answer: number })
  /** The lines of the starter program whose operation reads a shuffle (starts a new stage). */
  | (QuestionBase & { kind: 'shuffleLines'; answer: number[] })
  /** A free multiple-choice question; `answer` is the index of the right option. */
  | (QuestionBase & { kind: 'choice'; options: string[]; answer: number })
  /**
   * How many shuffle `Exchange`s the final physical plan of SQL execution `execution` has (each DataFrame
   * action is one execution, numbered from 0 as the Spark UI's SQL tab numbers them).
   */
  | (QuestionBase & { kind: 'exchanges'; execution: number; answer: number })
  /**
   * Which operators of SQL execution `execution`'s final plan needed an `Exchange` under them:
   * `options` are operator names (`HashAggregate`, `SortMergeJoin`, `Sort`, `Window`, `repartition`…),
   * `answer` the indices of the right ones.
   */
  | (QuestionBase & { kind: 'exchangeOperators'; execution: number; options: string[]; answer: number[] });

export type QuestionKind = Question['kind'];

/** A learner's answer: a number, a list of line numbers, or the index of an option. */
export type PredictionAnswer = number | number[];

// ---------------------------------------------------------------------------
// Checks (checks.json)

/**
 * A job: its id (jobs are numbered from 0 in the order they were submitted),
 * or `"last"` for the last job.
 */
export type JobRef = number | 'last';

/**
 * A stage: its id, as the Spark UI shows it, or `"result"` for the result
 * stage (the highest id) of the check's `job`. `"result"` keeps a check true
 * when a learner's change adds stages and so moves the ids.
 */
export type StageRef = number | 'result';

/** A number compared against what the run measured; at least one bound is given. */
export interface NumberBounds {
  equals?: number;
  atLeast?: number;
  atMost?: number;
}

/** Where a task-level check looks: one stage, one job's stages, or (neither) the whole run. */
export interface TaskScope {
  job?: JobRef;
  stage?: StageRef;
}

/** Spark's locality levels, best first. */
export type LocalityLevel = 'PROCESS_LOCAL' | 'NODE_LOCAL' | 'NO_PREF' | 'RACK_LOCAL' | 'ANY';

export const LOCALITY_LEVELS: readonly LocalityLevel[] = [
  'PROCESS_LOCAL',
  'NODE_LOCAL',
  'NO_PREF',
  'RACK_LOCAL',
  'ANY',
];

/** Task metrics a `metric` check can read (summed over task attempts, as Spark's stage totals). */
export const METRIC_NAMES = [
  'shuffleWriteBytes',
  'shuffleWriteRecords',
  'shuffleReadBytes',
  'shuffleReadRecords',
  'shuffleRemoteBytesRead',
  'shuffleLocalBytesRead',
  'memoryBytesSpilled',
  'diskBytesSpilled',
  'inputBytes',
  'inputRecords',
  'outputBytes',
  'outputRecords',
  'resultSize',
  'executorRunTime',
  'peakExecutionMemory',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

/** Task end reasons a `failedTasks` check can count, as Spark's `TaskEndReason` names them. */
export type FailureReason = 'ExceptionFailure' | 'ExecutorLostFailure' | 'FetchFailed' | 'TaskResultLost';

interface CheckBase {
  /** Unique in the lesson. */
  id: string;
  /** What must be true, said to the learner, e.g. "Job 0 runs 2 stages". */
  description: string;
  /** Shown when the check fails: a nudge, not the answer. */
  hint: string;
  /**
   * The fields that differ for the lesson's Python programs (Python's printed form, a bound PySpark's layout
   * changes); `null` removes a field. See engine/lessons/language.ts.
   */
  python?: Record<string, unknown>;
}

/**
 * One declarative check of a run. Counting checks take {@link NumberBounds};
 * those marked "(default: at least 1)" pass on any occurrence when no bound is given.
 */
export type Check = CheckBase &
  (
    | /** How many jobs ran. */ ({ kind: 'jobs' } & NumberBounds)
    | /** How many stages job `job` ran (not counting skipped ones). */ ({ kind: 'stages'; job: JobRef } & NumberBounds)
    | /** How many stages job `job` skipped. (default: at least 1) */ ({
        kind: 'skippedStages';
        job: JobRef;
      } & NumberBounds)
    | /** How many tasks stage `stage` (of job `job`, for `"result"`) has, as its first attempt ran them. */ ({
        kind: 'tasks';
        stage: StageRef;
        job?: JobRef;
      } & NumberBounds)
    | /**
       * A task metric summed over the scope's task attempts; with `per: "stage"`,
       * every stage in the scope must be within the bounds on its own; with
       * `per: "task"`, every successful task attempt.
       */ ({ kind: 'metric'; metric: MetricName; per?: 'stage' | 'task' } & TaskScope & NumberBounds)
    | /** The locality of the scope's task attempts: all of them, at least one, or none at a level. */ ({
        kind: 'locality';
        every?: LocalityLevel;
        some?: LocalityLevel;
        none?: LocalityLevel;
      } & TaskScope)
    | /** Failed task attempts, of any reason or of one. */ ({
        kind: 'failedTasks';
        reason?: FailureReason;
      } & TaskScope &
        NumberBounds)
    | /** Tasks that failed and then succeeded on a later attempt. (default: at least 1) */ ({
        kind: 'retriedTasks';
      } & TaskScope &
        NumberBounds)
    | /** Speculative task attempts launched, or only those that ended with `status`. (default: at least 1) */ ({
        kind: 'speculativeTasks';
        status?: 'success' | 'killed' | 'failed';
      } & TaskScope &
        NumberBounds)
    | /** The most task attempts of the scope running at one moment. */ ({
        kind: 'maxConcurrentTasks';
      } & TaskScope &
        NumberBounds)
    | /** The final value of the named accumulator (`sc.longAccumulator(name)`), as the driver holds it. */ ({
        kind: 'accumulator';
        name: string;
      } & NumberBounds)
    | /** Executors removed (killed, crashed or lost). (default: at least 1) */ ({
        kind: 'executorsLost';
      } & NumberBounds)
    | /**
       * Shuffle map stages that ran again after their output had been computed
       * once: a retry after a fetch failure, or a later job re-running the map
       * tasks whose output was lost. (default: at least 1)
       */ ({ kind: 'mapStageReruns' } & NumberBounds)
    | /**
       * The driver's output (`console.log`, one line per call, as Node prints it),
       * or with `stream: "executors"` what tasks printed. `equals` ignores
       * leading and trailing white space; `matches` is a regular expression.
       */ {
        kind: 'output';
        stream?: 'driver' | 'executors';
        equals?: string;
        includes?: string;
        excludes?: string;
        matches?: string;
      }
    | /** The program ran to its end without an error. */ { kind: 'succeeded' }
    | /** The program failed, with an error whose `Name: message` matches `matches` when given. */ {
        kind: 'failed';
        matches?: string;
      }
  );

export type CheckKind = Check['kind'];

// ---------------------------------------------------------------------------
// Runs and results

/**
 * What a lesson's checks read from one run of a program: the event stream,
 * the output, and how the program ended. The headless grader and the
 * playground both build one.
 */
export interface LessonRun {
  /** Every Spark listener event of the run, in order. */
  events: readonly SparkEvent[];
  /** The driver's output: one entry per `console.log` call, formatted as Node prints it. */
  driverOutput: readonly string[];
  /** What tasks printed, one entry per call. */
  executorOutput: readonly { executorId: string; text: string }[];
  /** Set when the program did not finish: the error it ended with. */
  error?: { name: string; message: string };
  /** The program's file name in call sites (`reduceByKey at solution.js:4`), to find its lines. */
  fileName?: string;
}

/** How one check went. */
export interface CheckResult {
  id: string;
  description: string;
  passed: boolean;
  /** What the run showed, e.g. "job 0 ran 3 stages". */
  detail: string;
  /** The check's hint, when it failed. */
  hint?: string;
}

/** How one prediction compares with the truth. */
export interface PredictionResult {
  id: string;
  prompt: string;
  /** Undefined when the learner skipped the question. */
  correct?: boolean;
  given?: string;
  /** The right answer, as the run measured it (or the lesson states it). */
  expected: string;
  explanation?: string;
  /** What the run itself showed that decides the answer (its plan's exchanges…), when the question reads a plan. */
  measured?: string;
}
