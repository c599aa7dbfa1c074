/** The `grade` command: its arguments, its report, and its exit codes on a real lesson. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { EXIT_PROGRAM_FAILED, parseArgs, runFile } from '../../engine/runner/cli';
import { programFiles } from '../../engine/runner/program-files';
import { checkLessonCommand } from '../../engine/runner/check-lesson';
import { EXIT_CHECKS_FAILED, gradeCommand, type SubmissionGrade } from '../../engine/runner/grade';
import { encodeShare } from '../../playground/share/link';
import { progressFile } from '../../playground/lessons/progress';

const root = resolve(import.meta.dirname, '../..');
const lesson = resolve(root, 'lessons/01-driver-executors-tasks');

describe('parseArgs for grade', () => {
  test('takes LESSON_DIR, submissions, --json or --csv, --event-log and --timeout', () => {
    expect(parseArgs(['grade', 'lessons/01'])).toEqual({
      command: 'grade',
      options: { lessonDir: 'lessons/01', submissions: [], format: 'text', timeoutSeconds: 120 },
    });
    expect(parseArgs(['grade', 'lessons/01', 'mine.js', '--event-log=/tmp/e.jsonl', '--timeout', '20'])).toEqual({
      command: 'grade',
      options: {
        lessonDir: 'lessons/01',
        submissions: ['mine.js'],
        format: 'text',
        eventLog: '/tmp/e.jsonl',
        timeoutSeconds: 20,
      },
    });
    expect(parseArgs(['grade', 'l', 'a.js', 'class/', '--csv'])).toMatchObject({
      options: { submissions: ['a.js', 'class/'], format: 'csv' },
    });
    expect(parseArgs(['check-lesson', 'l', '--timeout=30'])).toEqual({
      command: 'check-lesson',
      options: { lessonDir: 'l', timeoutSeconds: 30 },
    });
    expect(parseArgs(['check-lesson', 'l', '--solution', 'kept/solution.js'])).toEqual({
      command: 'check-lesson',
      options: { lessonDir: 'l', solutionFile: 'kept/solution.js', timeoutSeconds: 120 },
    });
  });

  test.each([
    [['grade'], /grade needs a LESSON_DIR/],
    [['grade', 'a', 'b.js', 'c.js', '--event-log', 'e'], /--event-log needs a single program/],
    [['grade', 'a', '--json', '--csv'], /one of --json and --csv/],
    [['check-lesson'], /check-lesson needs a LESSON_DIR/],
    [['check-lesson', 'a', '--json'], /unknown option --json for check-lesson/],
    [['grade', 'a', '--executors', '3'], /unknown option --executors for grade/],
    [['grade', 'a', '--timeout', '0'], /positive number of seconds/],
    [['grade', 'a', '--event-log'], /--event-log needs a value/],
    [['walk'], /unknown command "walk" \(the commands are "run", "grade", "check-lesson", "history" and "batch"\)/],
  ])('refuses %j', (argv, message) => {
    const parsed = parseArgs(argv);
    expect(parsed.command).toBe('usage-error');
    expect(parsed.command === 'usage-error' && parsed.message).toMatch(message);
  });
});

/** Runs a command with stdout and stderr captured. */
async function captured<T>(command: (options: T) => Promise<number>, options: T) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await command(options);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('gradeCommand', () => {
  afterEach(() => vi.restoreAllMocks());

  const grade = (options: Parameters<typeof gradeCommand>[0]) => captured(gradeCommand, options);

  test('the solution passes: exit 0, every check PASS, and the event log is written', { timeout: 60_000 }, async () => {
    const eventLog = join(mkdtempSync(join(tmpdir(), 'grade-')), 'events.jsonl');
    const { code, stdout } = await grade({
      lessonDir: lesson,
      submissions: [],
      format: 'text',
      eventLog,
      timeoutSeconds: 60,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Lesson 01-driver-executors-tasks: Driver, executors and tasks');
    expect(stdout).toContain('  | sum of squares: 338350');
    expect(stdout).toMatch(/PASS {2}The program runs 2 jobs\n {8}the program ran 2 jobs\n/);
    expect(stdout).not.toContain('FAIL');
    expect(stdout).toContain('5 of 5 checks passed. The challenge is solved.');
    const events = readFileSync(eventLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { Event: string });
    expect(events.filter((event) => event.Event === 'SparkListenerJobStart')).toHaveLength(2);
  });

  test(
    'the starter fails: exit 3, each failed check with what the run showed and its hint',
    { timeout: 60_000 },
    async () => {
      const { code, stdout } = await grade({
        lessonDir: lesson,
        submissions: [join(lesson, 'starter.js')],
        format: 'text',
        timeoutSeconds: 60,
      });
      expect(code).toBe(EXIT_CHECKS_FAILED);
      expect(stdout).toContain(
        'FAIL  The program runs 2 jobs\n        the program ran 1 job; expected exactly 2\n' +
          '        hint: Every action (`count`, `reduce`, `collect`, …) starts one job. Two results need two actions.\n',
      );
      expect(stdout).toContain('0 of 5 checks passed. The challenge is not solved yet.');
    },
  );

  test('a broken lesson or a missing file is a usage error (exit 2), before anything runs', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lesson-'));
    writeFileSync(join(folder, 'lesson.md'), '# no front matter');
    const broken = await grade({ lessonDir: folder, submissions: [], format: 'text', timeoutSeconds: 5 });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/cannot read the lesson: lesson .* has 3 problems/);
    expect(broken.stderr).toContain('starter.js: missing');
    const missing = await grade({
      lessonDir: lesson,
      submissions: [join(folder, 'nope.js')],
      format: 'text',
      timeoutSeconds: 5,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.js/);
  });
});

describe('grading a class', () => {
  const solution = readFileSync(join(lesson, 'solution.js'), 'utf8');
  const starter = readFileSync(join(lesson, 'starter.js'), 'utf8');

  test(
    'a file, a share link and a folder (a link file and a progress file): one result per student in --json, exit 3',
    { timeout: 180_000 },
    async () => {
      const work = mkdtempSync(join(tmpdir(), 'class-'));
      writeFileSync(join(work, 'ada.js'), solution);
      // The link carries a cluster of its own (1 × 1); the lesson's (2 × 2) must apply anyway.
      const linked = `${solution}\nconsole.log('cores', sc.defaultParallelism);`;
      const link = `https://kindling.example/#${await encodeShare({ source: linked, executors: 1, coresPerExecutor: 1, hosts: null, racks: null, conf: [] })}`;
      const folder = join(work, 'class');
      mkdirSync(folder);
      writeFileSync(
        join(folder, 'bob.txt'),
        `${`https://kindling.example/#${await encodeShare({ source: starter, executors: 2, coresPerExecutor: 2, hosts: null, racks: null, conf: [] })}`}\n`,
      );
      writeFileSync(
        join(folder, 'cy.json'),
        progressFile({
          version: 1,
          lessons: { '01-driver-executors-tasks': { source: solution, answers: { jobs: 1, stages: 2 } } },
        }),
      );
      writeFileSync(join(folder, '.DS_Store'), 'not a submission');
      const { code, stdout } = await captured(gradeCommand, {
        lessonDir: lesson,
        submissions: [join(work, 'ada.js'), link, folder],
        format: 'json',
        timeoutSeconds: 60,
      });
      expect(code).toBe(EXIT_CHECKS_FAILED);
      const report = JSON.parse(stdout) as { passed: boolean; submissions: SubmissionGrade[] };
      expect(report.passed).toBe(false);
      expect(report.submissions.map((s) => [s.name, s.kind, s.passed])).toEqual([
        ['ada', 'file', true],
        ['link 1', 'link', true],
        ['bob', 'link', false],
        ['cy', 'progress', true],
      ]);
      const [ada, fromLink, bob, cy] = report.submissions;
      expect(ada.checks).toHaveLength(5);
      expect(ada.checks.every((check) => check.passed && check.message.length > 0)).toBe(true);
      // The lesson's cluster (2 executors × 2 cores) ran the link's program, not the 1 × 1 the link carries.
      expect(fromLink.output).toContain('cores 4');
      expect(bob.checks.find((check) => check.description === 'The program runs 2 jobs')).toMatchObject({
        passed: false,
        message: 'the program ran 1 job; expected exactly 2',
      });
      expect(cy.answers).toEqual([
        expect.objectContaining({ id: 'jobs', given: '1', expected: '1', correct: true }),
        expect.objectContaining({ id: 'stages', given: '2', expected: '1', correct: false }),
      ]);
    },
  );

  test('a submission cannot write files', { timeout: 60_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'class-'));
    writeFileSync(
      join(work, 'eve.js'),
      "await sc.parallelize(['x'], 1).saveAsTextFile('out');\nconsole.log('wrote');\n",
    );
    const { stdout } = await captured(gradeCommand, {
      lessonDir: lesson,
      submissions: [join(work, 'eve.js')],
      format: 'json',
      timeoutSeconds: 60,
    });
    const [eve] = (JSON.parse(stdout) as { submissions: SubmissionGrade[] }).submissions;
    expect(eve.passed).toBe(false);
    expect(eve.error).toMatch(/Cannot write .*\/fs\/out\/part-00000: PUT answered HTTP 403/);
    expect(existsSync(join(root, 'public', 'out'))).toBe(false);
  });
});

describe('check-lesson', () => {
  // A sound lesson's "questions: all … match" and exit 0 are in the course-lesson test below; every built-in lesson
  // is checked the same way by lessons-grade.test.ts.
  test(
    'a copied lesson whose answer key is wrong: the other steps ok, the question named, exit 3',
    { timeout: 120_000 },
    async () => {
      const copy = join(mkdtempSync(join(tmpdir(), 'course-')), 'my-lesson');
      cpSync(lesson, copy, { recursive: true });
      const questions = JSON.parse(readFileSync(join(copy, 'questions.json'), 'utf8')) as {
        id: string;
        answer: unknown;
      }[];
      questions.find((question) => question.id === 'tasks')!.answer = 8;
      writeFileSync(join(copy, 'questions.json'), JSON.stringify(questions, null, 2));
      const { code, stdout } = await captured(checkLessonCommand, { lessonDir: copy, timeoutSeconds: 60 });
      expect(stdout).toMatch(/^ok {4}format: /m);
      expect(stdout).toMatch(/^ok {4}solution: passes all 5 checks/m);
      expect(stdout).toMatch(/^ok {4}starter: runs and fails/m);
      expect(stdout).toContain(
        'FAIL  questions: question "tasks" (How many tasks does stage 0 run?): questions.json says 8, a run of the starter shows 4',
      );
      // The lesson's Python programs are checked too, each finding naming its file.
      expect(stdout).toMatch(/^ok {4}solution: solution\.py: passes all 5 checks/m);
      expect(stdout).toContain('FAIL  questions: starter.py: question "tasks" (How many tasks does stage 0 run?)');
      expect(code).toBe(EXIT_CHECKS_FAILED);
    },
  );

  test(
    'a course lesson without solution.js: the solution step is skipped and says why, the rest checked; --solution checks one kept elsewhere',
    { timeout: 180_000 },
    async () => {
      const noSolution = resolve(root, 'test/e2e/fixtures/course/02-fewer-tasks');
      const skipped = await captured(checkLessonCommand, { lessonDir: noSolution, timeoutSeconds: 60 });
      expect(skipped.stdout).toMatch(/^skip {2}solution: not checked: the folder has no solution\.js/m);
      expect(skipped.stdout).toMatch(/^ok {4}starter: runs and fails 1 of 2 checks/m);
      expect(skipped.stdout).toMatch(/^ok {4}questions: all 1 measurable answers match/m);
      expect(skipped.stdout).toContain('No problem found in what could be checked');
      expect(skipped.code).toBe(0);

      const kept = join(mkdtempSync(join(tmpdir(), 'kept-')), 'two-tasks.js');
      writeFileSync(
        kept,
        "const numbers = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8], 3);\nconsole.log('count:', await numbers.count());\n",
      );
      const wrong = await captured(checkLessonCommand, {
        lessonDir: noSolution,
        solutionFile: kept,
        timeoutSeconds: 60,
      });
      expect(wrong.stdout).toMatch(/^FAIL {2}solution: two-tasks\.js: fails "two-tasks"/m);
      expect(wrong.code).toBe(EXIT_CHECKS_FAILED);

      const grade = await captured(gradeCommand, {
        lessonDir: noSolution,
        submissions: [],
        format: 'text',
        timeoutSeconds: 5,
      });
      expect(grade.code).toBe(2);
      expect(grade.stderr).toMatch(/has no solution\.js to grade .*name the submissions/);
    },
  );

  test(
    'a course lesson that reads the course’s own CSV: grade serves the listed files and the solution passes; without them the run fails, naming the path',
    { timeout: 180_000 },
    async () => {
      const withFiles = resolve(root, 'test/e2e/fixtures/course-with-files/01-orders-by-city');
      const graded = await captured(gradeCommand, {
        lessonDir: withFiles,
        submissions: [],
        format: 'text',
        timeoutSeconds: 60,
      });
      expect(graded.stdout).toContain("| [ [ 'Lyon', 698 ], [ 'Oslo', 424 ], [ 'Porto', 228 ] ]");
      expect(graded.code).toBe(0);

      // The same lesson in a course whose course.json does not list the CSV: the program cannot see it.
      const copy = mkdtempSync(join(tmpdir(), 'course-files-'));
      cpSync(resolve(withFiles, '..'), copy, { recursive: true });
      const courseFile = join(copy, 'course.json');
      writeFileSync(courseFile, readFileSync(courseFile, 'utf8').replace('"data/shop-orders.csv", ', ''));
      const unlisted = await captured(gradeCommand, {
        lessonDir: join(copy, '01-orders-by-city'),
        submissions: [],
        format: 'text',
        timeoutSeconds: 60,
      });
      expect(unlisted.stdout).toMatch(/program failed: .*data\/shop-orders\.csv/);
      expect(unlisted.code).toBe(EXIT_CHECKS_FAILED);
    },
  );

  test(
    '`run` of a course lesson’s program reads the course’s files over the playground’s and writes nothing; other programs read their own folder',
    { timeout: 120_000 },
    async () => {
      const course = mkdtempSync(join(tmpdir(), 'course-run-'));
      cpSync(resolve(root, 'test/e2e/fixtures/course-with-files'), course, { recursive: true });
      const program = join(course, '01-orders-by-city', 'mine.js');
      writeFileSync(
        program,
        "console.log('orders', await sc.textFile('data/shop-orders.csv').count());\n" +
          "console.log('books', (await sc.wholeTextFiles('data/books/*.txt').keys().collect()).length > 0);\n" +
          "await sc.parallelize(['x'], 1).saveAsTextFile('out');\n",
      );
      expect(await programFiles(program)).toEqual({
        fsRoot: resolve(root, 'public'),
        overlay: { root: course, paths: ['data/shop-orders.csv', 'images/two-stages.png'] },
        readOnly: true,
      });
      expect(await programFiles(join(tmpdir(), 'wc.js'))).toEqual({ fsRoot: tmpdir(), readOnly: false });
      const { code, stdout, stderr } = await captured(runFile, { file: program, conf: {}, timeoutSeconds: 60 });
      // The CSV's 25 lines (a header and 24 orders), read from the course; the playground's books beside it.
      expect(stdout).toBe('orders 25\nbooks true\n');
      expect(stderr).toMatch(/Cannot write .*\/fs\/out\/part-00000: PUT answered HTTP 403/);
      expect(code).toBe(EXIT_PROGRAM_FAILED);
      expect(existsSync(join(course, '01-orders-by-city', 'out'))).toBe(false);
    },
  );

  test('a lesson file that is not JSON: its line and column, before anything runs', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'course-')), 'broken');
    cpSync(lesson, copy, { recursive: true });
    writeFileSync(join(copy, 'checks.json'), '[\n  { "id": "a", }\n]');
    const { code, stdout } = await captured(checkLessonCommand, { lessonDir: copy, timeoutSeconds: 5 });
    expect(code).toBe(EXIT_CHECKS_FAILED);
    expect(stdout).toContain('checks.json:2:16: not valid JSON');
  });
});

test('an unknown option prints one line and where the help is, not the whole help', { timeout: 30_000 }, () => {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'engine/runner/cli.ts'), 'run', 'x.js', '--bogus'],
    {
      encoding: 'utf8',
    },
  );
  expect(result.status).toBe(2);
  expect(result.stderr).toBe('kindling: unknown option --bogus\nSee: npm run --silent kindling -- --help\n');
});
