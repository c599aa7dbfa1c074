/**
 * `kindling check-lesson LESSON_DIR`: whether a lesson folder, anywhere on
 * disk, is one a learner can trust. In order:
 *
 * 1. its files have the lesson format (JSON errors at their line:column);
 * 2. its solution passes every check;
 * 3. its starter runs to its end and fails at least one check (else there is
 *    no challenge);
 * 4. every measurable answer in questions.json (jobs, stages, skipped stages,
 *    tasks, shuffle lines) equals what a real run of the starter shows, the
 *    question named when not; multiple-choice answers are checked for form
 *    only (the format check), since no run can say which option is right.
 *
 * Both programs run as `grade` runs them: headless Chromium, real workers,
 * the lesson's cluster, one browser for both.
 *
 * A lesson in Python too (`starter.py`, maybe `solution.py`) has steps 2–4
 * checked again for its Python programs, against the checks and questions as
 * they apply to Python, each finding naming the `.py` file.
 *
 * A course's lesson may leave `solution.js` out (the teacher keeps it): then
 * `--solution FILE` names it, or step 2 is reported as not checked — the
 * other steps still hold, but nothing shows the checks can be passed.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Browser } from 'playwright';
import { CourseFormatError } from '../lessons/course';
import { loadCourseData, loadLessonDir } from '../lessons/load-from-disk';
import { measureRun } from '../lessons/measure';
import { LessonFormatError } from '../lessons/parse';
import { measureQuestion } from '../lessons/predictions';
import { questionsFor } from '../lessons/language';
import type { Lesson, Question } from '../lessons/types';
import { EXIT_OK, EXIT_USAGE, launchBrowser, type CheckLessonOptions } from './cli';
import { EXIT_CHECKS_FAILED, gradeProgram, type GradeReport } from './grade';

/** One finding: a step of the list above, whether it holds, and what was seen. */
export interface LessonFinding {
  step: 'format' | 'solution' | 'starter' | 'questions';
  ok: boolean;
  /** The step could not be checked (a lesson without its solution); `ok` is true, the reason in `message`. */
  skipped?: boolean;
  message: string;
}

/**
 * Checks a lesson and returns every finding; never throws for a bad lesson.
 *
 * @example
 * const findings = await checkLesson('my-course/03-joins', { timeoutSeconds: 120 });
 * findings.every((finding) => finding.ok); // the lesson is sound
 */
export async function checkLesson(
  lessonDir: string,
  options: { timeoutSeconds: number; browser?: Browser; solution?: { source: string; fileName: string } },
): Promise<LessonFinding[]> {
  let lesson: Lesson;
  let courseData: Awaited<ReturnType<typeof loadCourseData>>;
  try {
    lesson = await loadLessonDir(lessonDir);
    courseData = await loadCourseData(lessonDir);
  } catch (error) {
    const message =
      error instanceof LessonFormatError || error instanceof CourseFormatError
        ? error.message
        : (error as Error).message;
    return [{ step: 'format', ok: false, message }];
  }
  const findings: LessonFinding[] = [
    {
      step: 'format',
      ok: true,
      message:
        `${lesson.questions.length} questions, ${lesson.checks.length} checks, cluster ${describeConf(lesson)}` +
        (courseData ? `; the course's files: ${courseData.paths.join(', ')}` : ''),
    },
  ];
  const browser = options.browser ?? (await launchBrowser());
  try {
    const run = (source: string, fileName: string) =>
      gradeProgram(
        lesson,
        { source, fileName },
        { browser, timeoutSeconds: options.timeoutSeconds, ...(courseData ? { courseData } : {}) },
      );
    const given = options.solution;
    const javascriptSolution = given && !given.fileName.endsWith('.py') ? given : undefined;
    const pythonSolution = given?.fileName.endsWith('.py') ? given : undefined;
    findings.push(
      ...(await checkPrograms(
        lesson,
        run,
        javascriptSolution ??
          (lesson.solution !== undefined ? { source: lesson.solution, fileName: 'solution.js' } : undefined),
        { source: lesson.starter, fileName: 'starter.js' },
      )),
    );
    if (lesson.python)
      findings.push(
        ...(await checkPrograms(
          lesson,
          run,
          pythonSolution ??
            (lesson.python.solution !== undefined
              ? { source: lesson.python.solution, fileName: 'solution.py' }
              : undefined),
          { source: lesson.python.starter, fileName: 'starter.py' },
        )),
      );
  } finally {
    if (!options.browser) await browser.close().catch(() => {});
  }
  return findings;
}

/** Steps 2–4 for the lesson's programs in one language: its solution, its starter, the answer key. */
async function checkPrograms(
  lesson: Lesson,
  run: (source: string, fileName: string) => Promise<GradeReport>,
  program: { source: string; fileName: string } | undefined,
  starterProgram: { source: string; fileName: string },
): Promise<LessonFinding[]> {
  const findings: LessonFinding[] = [];
  const python = starterProgram.fileName.endsWith('.py');
  const named = (message: string) => (python ? `${starterProgram.fileName}: ${message}` : message);
  if (program === undefined) {
    findings.push({
      step: 'solution',
      ok: true,
      skipped: true,
      message:
        `not checked: the folder has no ${python ? 'solution.py' : 'solution.js'}, so nothing shows that the checks can all be passed ` +
        '(name the solution you keep elsewhere with --solution FILE). The format, the starter and the answer key are checked.',
    });
  } else {
    const solution = await run(program.source, program.fileName);
    const failedBySolution = solution.results.filter((result) => !result.passed);
    findings.push({
      step: 'solution',
      ok: solution.outcome.kind === 'succeeded' && failedBySolution.length === 0,
      message:
        (program.fileName === 'solution.js' ? '' : `${program.fileName}: `) +
        (outcomeProblem(solution) ??
          (failedBySolution.length === 0
            ? `passes all ${solution.results.length} checks`
            : `fails ${failedBySolution.map((result) => `"${result.id}" (${result.detail.split('\n')[0]})`).join(', ')}`)),
    });
  }

  const starter = await run(starterProgram.source, starterProgram.fileName);
  const failedByStarter = starter.results.filter((result) => !result.passed).length;
  const starterProblem = outcomeProblem(starter);
  findings.push({
    step: 'starter',
    ok: starterProblem === undefined && failedByStarter > 0,
    message: named(
      starterProblem ??
        (failedByStarter > 0
          ? `runs and fails ${failedByStarter} of ${starter.results.length} checks, as a challenge should`
          : 'passes every check already: the challenge asks for nothing'),
    ),
  });
  const questions = questionsFor(lesson, python ? 'python' : 'javascript');
  if (starterProblem === undefined)
    findings.push(...questionFindings(questions, starter).map((f) => ({ ...f, message: named(f.message) })));
  else
    findings.push({
      step: 'questions',
      ok: false,
      message: named('not checked: the starter did not run to its end'),
    });
  return findings;
}

/** One finding per measurable question whose answer key differs from the run, or one saying all agree. */
function questionFindings(questions: readonly Question[], starter: GradeReport): LessonFinding[] {
  const measures = measureRun(starter.run);
  const findings: LessonFinding[] = [];
  let measured = 0;
  for (const question of questions) {
    const truth = measureQuestion(question, measures);
    if (truth === undefined) continue;
    measured += 1;
    if (JSON.stringify(truth) !== JSON.stringify(question.answer))
      findings.push({
        step: 'questions',
        ok: false,
        message: `question "${question.id}" (${question.prompt}): questions.json says ${JSON.stringify(question.answer)}, a run of the starter shows ${JSON.stringify(truth)}`,
      });
  }
  if (findings.length === 0)
    findings.push({
      step: 'questions',
      ok: true,
      message: `all ${measured} measurable answers match a run of the starter (${questions.length - measured} multiple-choice checked for form)`,
    });
  return findings;
}

function outcomeProblem(report: GradeReport): string | undefined {
  switch (report.outcome.kind) {
    case 'succeeded':
      return undefined;
    case 'program-failed':
      return `does not run: ${report.outcome.error.name}: ${report.outcome.error.message.split('\n')[0]}${report.outcome.error.line !== undefined ? ` (line ${report.outcome.error.line})` : ''}`;
    case 'timed-out':
      return 'did not finish in time';
    case 'runner-failed':
      return `could not be run: ${report.outcome.message}`;
  }
}

function describeConf(lesson: Lesson): string {
  const executors = lesson.conf['spark.executor.instances'] ?? '2';
  const cores = lesson.conf['spark.executor.cores'] ?? '2';
  return `${executors} executors × ${cores} cores`;
}

/**
 * The command: prints one line per finding (`ok` or `FAIL`, the step, what
 * was seen); exit 0 when all hold, 3 when any does not, 2 for a folder that
 * is not there.
 */
export async function checkLessonCommand(options: CheckLessonOptions): Promise<number> {
  if (!(await stat(options.lessonDir).catch(() => undefined))?.isDirectory()) {
    process.stderr.write(`kindling: no lesson folder at ${options.lessonDir}\n`);
    return EXIT_USAGE;
  }
  let solution: { source: string; fileName: string } | undefined;
  if (options.solutionFile !== undefined) {
    const source = await readFile(options.solutionFile, 'utf8').catch(() => undefined);
    if (source === undefined) {
      process.stderr.write(`kindling: cannot read the solution ${options.solutionFile}\n`);
      return EXIT_USAGE;
    }
    solution = { source, fileName: basename(options.solutionFile) };
  }
  const findings = await checkLesson(options.lessonDir, {
    timeoutSeconds: options.timeoutSeconds,
    ...(solution ? { solution } : {}),
  });
  for (const finding of findings)
    process.stdout.write(
      `${finding.skipped ? 'skip' : finding.ok ? 'ok  ' : 'FAIL'}  ${finding.step}: ${finding.message.replace(/\n/g, '\n        ')}\n`,
    );
  const bad = findings.filter((finding) => !finding.ok).length;
  const skipped = findings.some((finding) => finding.skipped);
  process.stdout.write(
    bad > 0
      ? `${bad} problem${bad === 1 ? '' : 's'} found.\n`
      : skipped
        ? 'No problem found in what could be checked (see "skip" above).\n'
        : 'The lesson is sound.\n',
  );
  return bad === 0 ? EXIT_OK : EXIT_CHECKS_FAILED;
}
