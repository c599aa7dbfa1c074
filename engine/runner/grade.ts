/**
 * Grading programs against a lesson, headlessly:
 *
 *   npm run --silent kindling -- grade LESSON_DIR [SUBMISSION…] [--json | --csv] [--timeout S] [--event-log PATH]
 *
 * (a submission is a program file, a share link, an exported progress file or
 * a folder of them: see submissions.ts)
 * Runs FILE (by default the lesson's solution.js) through the same path as
 * `run` — headless Chromium, real workers, IndexedDB — with the lesson's
 * cluster settings and the playground's files (`public/`) as what
 * `sc.textFile` sees, then evaluates the lesson's checks on the run's events
 * and output. Node only.
 */
import { basename, resolve } from 'node:path';
import type { Browser } from 'playwright';
import type { SparkEvent } from '../events/types';
import { evaluateChecks } from '../lessons/checks';
import { lessonConf } from '../lessons/conf';
import { CourseFormatError } from '../lessons/course';
import { checksFor, languageOfFile } from '../lessons/language';
import { loadCourseData, loadLessonDir } from '../lessons/load-from-disk';
import { LessonFormatError } from '../lessons/parse';
import { gradePredictions } from '../lessons/predictions';
import type { CheckResult, Lesson, LessonRun } from '../lessons/types';
import { courseIdOf, readSubmissions, type Submission, type SubmissionKind } from './submissions';
import {
  EXIT_OK,
  EXIT_PROGRAM_FAILED,
  EXIT_TIMEOUT,
  EXIT_USAGE,
  describeProgramError,
  launchBrowser,
  openProgram,
  runInBrowser,
  type GradeOptions,
  type Outcome,
  type RunSink,
} from './cli';
import type { BatchPage } from './batch';
import type { FsOverlay } from './server';
import { LESSON_FS_ROOT } from './program-files';

/** Some check did not pass. */
export const EXIT_CHECKS_FAILED = 3;

/** A program to run for a lesson. */
export interface LessonProgram {
  source: string;
  /** As call sites show it, e.g. `solution.js`. */
  fileName: string;
}

export interface LessonRunOptions {
  /** Share one Chromium among many runs (see `launchBrowser`); by default each run launches its own. */
  browser?: Browser;
  /**
   * Run in one shared runner page instead (engine/runner/batch.ts): Python starts once for all the runs. For the
   * project's own lessons in tests; a submission, which may be anyone's, gets a fresh context through `browser`.
   */
  batch?: BatchPage;
  timeoutSeconds?: number;
  /** Called with each event as it arrives, e.g. to write an event log. */
  onEvent?: (event: SparkEvent) => void;
  /** A course's data files (`loadCourseData`), which the program sees over the playground's. */
  courseData?: FsOverlay;
}

/** A run of a lesson program, as the checks see it and as it ended. */
export interface LessonProgramRun {
  run: LessonRun;
  outcome: Outcome;
  /** What the driver wrote to stderr (`console.error`, `console.warn`). */
  driverErrors: string[];
  elapsedMs: number;
}

export interface GradeReport extends LessonProgramRun {
  lesson: Lesson;
  results: CheckResult[];
  /** Every check passed. */
  passed: boolean;
}

/**
 * Runs a program with the lesson's settings and collects what the checks read.
 *
 * @example
 * const { run, outcome } = await runLessonProgram(lesson, { source: lesson.starter, fileName: 'starter.js' });
 */
export async function runLessonProgram(
  lesson: Lesson,
  program: LessonProgram,
  options: LessonRunOptions = {},
): Promise<LessonProgramRun> {
  const events: SparkEvent[] = [];
  const driverOutput: string[] = [];
  const driverErrors: string[] = [];
  const executorOutput: { executorId: string; text: string }[] = [];
  const started = performance.now();
  const sink: RunSink = {
    stdout: (text) => driverOutput.push(text),
    stderr: (text) => driverErrors.push(text),
    executorLog: (executorId, text) => executorOutput.push({ executorId, text }),
    event: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  };
  const timeoutSeconds = options.timeoutSeconds ?? 120;
  const conf = lessonConf(lesson.conf);
  const outcome = options.batch
    ? await options.batch.run(
        { source: program.source, fileName: program.fileName, conf },
        LESSON_FS_ROOT,
        sink,
        timeoutSeconds,
        options.courseData,
      )
    : await runInBrowser(
        {
          source: program.source,
          fileName: program.fileName,
          fsRoot: LESSON_FS_ROOT,
          conf,
          timeoutSeconds,
          // Programs graded here may be anyone's: they read the lesson data and write nothing.
          readOnlyFs: true,
          ...(options.courseData ? { fsOverlay: options.courseData } : {}),
          ...(options.browser ? { browser: options.browser } : {}),
        },
        sink,
      );
  const error = outcomeError(outcome);
  return {
    run: { events, driverOutput, executorOutput, fileName: program.fileName, ...(error ? { error } : {}) },
    outcome,
    driverErrors,
    elapsedMs: performance.now() - started,
  };
}

/**
 * Runs a program for a lesson and evaluates the lesson's checks on the run.
 *
 * @example
 * const report = await gradeProgram(lesson, { source: lesson.solution, fileName: 'solution.js' });
 * report.passed; // true when every check passed
 */
export async function gradeProgram(
  lesson: Lesson,
  program: LessonProgram,
  options: LessonRunOptions = {},
): Promise<GradeReport> {
  const ran = await runLessonProgram(lesson, program, options);
  const results = evaluateChecks(checksFor(lesson, languageOfFile(program.fileName)), ran.run);
  return { ...ran, lesson, results, passed: results.every((result) => result.passed) };
}

function outcomeError(outcome: Outcome): LessonRun['error'] {
  switch (outcome.kind) {
    case 'succeeded':
      return undefined;
    case 'program-failed':
      return { name: outcome.error.name, message: outcome.error.message };
    case 'runner-failed':
      return { name: 'RunnerError', message: outcome.message };
    case 'timed-out':
      return { name: 'Timeout', message: 'the program did not finish in time' };
  }
}

/**
 * The report as the command line prints it: the driver's output, then one
 * line per check (PASS or FAIL, its description, what the run showed) with
 * the hint under each failed one, then a summary line.
 */
export function formatGradeReport(report: GradeReport): string {
  const out: string[] = [];
  out.push(`Lesson ${report.lesson.id}: ${report.lesson.title}`);
  out.push(`Program: ${report.run.fileName ?? '?'} (${(report.elapsedMs / 1000).toFixed(1)} s)`);
  out.push('');
  out.push('Driver output:');
  if (report.run.driverOutput.length === 0) out.push('  (nothing)');
  for (const text of report.run.driverOutput) for (const line of text.split('\n')) out.push(`  | ${line}`);
  if (report.run.error)
    out.push(`  program failed: ${report.run.error.name}: ${report.run.error.message.split('\n')[0]}`);
  out.push('');
  out.push('Checks:');
  for (const result of report.results) {
    out.push(`  ${result.passed ? 'PASS' : 'FAIL'}  ${result.description}`);
    for (const line of result.detail.split('\n')) out.push(`        ${line}`);
    if (!result.passed && result.hint) out.push(`        hint: ${result.hint}`);
  }
  const passed = report.results.filter((result) => result.passed).length;
  out.push('');
  out.push(
    `${passed} of ${report.results.length} checks passed.` +
      (report.passed ? ' The challenge is solved.' : ' The challenge is not solved yet.'),
  );
  return out.join('\n') + '\n';
}

/** One submission's grade, as `--json` writes it. */
export interface SubmissionGrade {
  name: string;
  kind: SubmissionKind;
  from: string;
  passed: boolean;
  /** Why the program could not be graded or did not finish (unreadable, failed, timed out). */
  error?: string;
  elapsedMs?: number;
  /** What the driver printed (the first 200 lines). */
  output: string[];
  checks: { id: string; description: string; passed: boolean; message: string; hint?: string }[];
  /** A progress file's predictions, graded against the lesson's answers. */
  answers?: { id: string; prompt: string; given: string; expected: string; correct: boolean }[];
}

/**
 * The `grade` command: loads the lesson, runs each submission (by default the
 * lesson's solution.js) in a fresh browser context with the lesson's cluster
 * and a time limit, where it can read the lesson data and write nothing, and
 * prints a report per submission (text, `--json` or `--csv`). Exit 0 only when
 * every submission passed every check.
 */
export async function gradeCommand(options: GradeOptions): Promise<number> {
  let lesson: Lesson;
  let courseData: FsOverlay | undefined;
  try {
    lesson = await loadLessonDir(options.lessonDir);
    courseData = await loadCourseData(options.lessonDir);
  } catch (error) {
    const message =
      error instanceof LessonFormatError || error instanceof CourseFormatError
        ? error.message
        : (error as Error).message;
    process.stderr.write(`kindling: cannot read the lesson: ${message}\n`);
    return EXIT_USAGE;
  }
  const runOptions = { timeoutSeconds: options.timeoutSeconds, ...(courseData ? { courseData } : {}) };
  if (options.submissions.length === 0 && lesson.solution === undefined) {
    process.stderr.write(
      `kindling: ${options.lessonDir} has no solution.js to grade (a course may keep it apart): name the submissions to grade, or your solution file\n`,
    );
    return EXIT_USAGE;
  }
  const args = options.submissions.length > 0 ? options.submissions : [resolve(options.lessonDir, 'solution.js')];
  const submissions = await readSubmissions(args, lesson.id, await courseIdOf(options.lessonDir));
  if (submissions.length === 0) {
    process.stderr.write('kindling: no submissions found (an empty folder?)\n');
    return EXIT_USAGE;
  }
  // One program in plain text: the whole report, as a student running it on their own work sees it.
  if (options.format === 'text' && submissions.length === 1 && submissions[0].kind === 'file') {
    return gradeOne(lesson, submissions[0], options, runOptions);
  }
  const browser = await launchBrowser();
  const grades: SubmissionGrade[] = [];
  try {
    for (const submission of submissions) {
      grades.push(await gradeSubmission(lesson, submission, { ...runOptions, browser }));
      if (options.format === 'text') process.stdout.write(formatSubmissionLine(grades[grades.length - 1]));
    }
  } finally {
    await browser.close().catch(() => {});
  }
  const passed = grades.every((grade) => grade.passed);
  if (options.format === 'json') {
    const report = { lesson: { id: lesson.id, title: lesson.title }, passed, submissions: grades };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else if (options.format === 'csv') process.stdout.write(gradesCsv(grades));
  else {
    const count = grades.filter((grade) => grade.passed).length;
    process.stdout.write(`\n${count} of ${grades.length} submissions passed every check of lesson ${lesson.id}.\n`);
  }
  return passed ? EXIT_OK : EXIT_CHECKS_FAILED;
}

/** Runs one submission and grades it; never throws. */
async function gradeSubmission(
  lesson: Lesson,
  submission: Submission,
  runOptions: LessonRunOptions & { browser: Browser },
): Promise<SubmissionGrade> {
  const base = { name: submission.name, kind: submission.kind, from: submission.from };
  const answers = submission.answers
    ? gradePredictions(lesson.questions, submission.answers).flatMap((result) =>
        result.given === undefined
          ? []
          : [
              {
                id: result.id,
                prompt: result.prompt,
                given: result.given,
                expected: result.expected,
                correct: result.correct === true,
              },
            ],
      )
    : undefined;
  if (submission.source === undefined) {
    return {
      ...base,
      passed: false,
      error: submission.problem ?? 'no program',
      output: [],
      checks: [],
      ...(answers ? { answers } : {}),
    };
  }
  const report = await gradeProgram(
    lesson,
    { source: submission.source, fileName: `${submission.name}.${submission.language === 'python' ? 'py' : 'js'}` },
    runOptions,
  );
  const error = report.run.error ? `${report.run.error.name}: ${report.run.error.message.split('\n')[0]}` : undefined;
  return {
    ...base,
    passed: report.passed && report.outcome.kind === 'succeeded',
    ...(error ? { error } : {}),
    elapsedMs: Math.round(report.elapsedMs),
    output: report.run.driverOutput.slice(0, 200),
    checks: report.results.map((result) => ({
      id: result.id,
      description: result.description,
      passed: result.passed,
      message: result.detail,
      ...(result.hint && !result.passed ? { hint: result.hint } : {}),
    })),
    ...(answers ? { answers } : {}),
  };
}

function formatSubmissionLine(grade: SubmissionGrade): string {
  const passedChecks = grade.checks.filter((check) => check.passed).length;
  const lines = [
    `${grade.passed ? 'PASS' : 'FAIL'}  ${grade.name}  (${grade.kind}: ${grade.from.length > 60 ? `${grade.from.slice(0, 57)}…` : grade.from})`,
    `      ${passedChecks} of ${grade.checks.length} checks passed${grade.error ? `; ${grade.error}` : ''}`,
  ];
  for (const check of grade.checks)
    if (!check.passed) lines.push(`      FAIL ${check.description}: ${check.message.split('\n')[0]}`);
  if (grade.answers) {
    const right = grade.answers.filter((answer) => answer.correct).length;
    lines.push(`      predictions: ${right} of ${grade.answers.length} right`);
  }
  return lines.join('\n') + '\n';
}

/** One row per check (and per graded prediction) of every submission. */
export function gradesCsv(grades: readonly SubmissionGrade[]): string {
  const rows = [['student', 'kind', 'item', 'passed', 'message']];
  for (const grade of grades) {
    if (grade.error && grade.checks.length === 0) rows.push([grade.name, grade.kind, 'program', 'false', grade.error]);
    for (const check of grade.checks)
      rows.push([grade.name, grade.kind, `check ${check.id}`, String(check.passed), check.message]);
    for (const answer of grade.answers ?? [])
      rows.push([
        grade.name,
        grade.kind,
        `question ${answer.id}`,
        String(answer.correct),
        `answered ${answer.given}; expected ${answer.expected}`,
      ]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One program file, graded with the full report (and the event log, when asked for). */
async function gradeOne(
  lesson: Lesson,
  submission: Submission,
  options: GradeOptions,
  runOptions: LessonRunOptions,
): Promise<number> {
  const file = submission.from;
  const opened = await openProgram(file, file, options.eventLog);
  if (typeof opened === 'number') return opened;
  const { source, eventLog, warning } = opened;
  if (warning) process.stderr.write(warning + '\n');
  let report: GradeReport;
  try {
    report = await gradeProgram(
      lesson,
      { source, fileName: basename(file) },
      {
        ...runOptions,
        ...(eventLog !== undefined ? { onEvent: (event) => eventLog.post(event) } : {}),
      },
    );
  } finally {
    await eventLog?.close().catch((error: unknown) => {
      process.stderr.write(`kindling: could not finish the event log: ${(error as Error).message}\n`);
    });
  }
  const { outcome } = report;
  if (outcome.kind === 'runner-failed') {
    process.stderr.write(`kindling: ${outcome.message}\n`);
    return EXIT_PROGRAM_FAILED;
  }
  if (outcome.kind === 'timed-out') {
    process.stderr.write(
      `kindling: ${basename(file)} did not finish within ${options.timeoutSeconds} s; stopped it.\n`,
    );
    return EXIT_TIMEOUT;
  }
  if (outcome.kind === 'program-failed') {
    process.stderr.write(describeProgramError(outcome.error, basename(file), source));
  }
  process.stdout.write(formatGradeReport(report));
  return report.passed ? EXIT_OK : EXIT_CHECKS_FAILED;
}
