/** The `grade` command: its arguments, its report, and its exit codes on a real lesson. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { parseArgs } from '../../engine/runner/cli';
import { EXIT_CHECKS_FAILED, gradeCommand } from '../../engine/runner/grade';

const root = resolve(import.meta.dirname, '../..');
const lesson = resolve(root, 'lessons/01-driver-executors-tasks');

describe('parseArgs for grade', () => {
  test('takes LESSON_DIR, an optional FILE, --event-log and --timeout', () => {
    expect(parseArgs(['grade', 'lessons/01'])).toEqual({
      command: 'grade',
      options: { lessonDir: 'lessons/01', timeoutSeconds: 300 },
    });
    expect(parseArgs(['grade', 'lessons/01', 'mine.js', '--event-log=/tmp/e.jsonl', '--timeout', '20'])).toEqual({
      command: 'grade',
      options: { lessonDir: 'lessons/01', file: 'mine.js', eventLog: '/tmp/e.jsonl', timeoutSeconds: 20 },
    });
  });

  test.each([
    [['grade'], /grade needs a LESSON_DIR/],
    [['grade', 'a', 'b.js', 'c.js'], /unexpected argument "c.js"/],
    [['grade', 'a', '--executors', '3'], /unknown option --executors for grade/],
    [['grade', 'a', '--timeout', '0'], /positive number of seconds/],
    [['grade', 'a', '--event-log'], /--event-log needs a value/],
    [['walk'], /unknown command "walk" \(the commands are "run", "grade" and "history"\)/],
  ])('refuses %j', (argv, message) => {
    const parsed = parseArgs(argv);
    expect(parsed.command).toBe('usage-error');
    expect(parsed.command === 'usage-error' && parsed.message).toMatch(message);
  });
});

describe('gradeCommand', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Runs the command with stdout and stderr captured. */
  async function grade(options: Parameters<typeof gradeCommand>[0]) {
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    const code = await gradeCommand(options);
    vi.restoreAllMocks();
    return { code, stdout, stderr };
  }

  test('the solution passes: exit 0, every check PASS, and the event log is written', { timeout: 60_000 }, async () => {
    const eventLog = join(mkdtempSync(join(tmpdir(), 'grade-')), 'events.jsonl');
    const { code, stdout } = await grade({ lessonDir: lesson, eventLog, timeoutSeconds: 60 });
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
      const { code, stdout } = await grade({ lessonDir: lesson, file: join(lesson, 'starter.js'), timeoutSeconds: 60 });
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
    const broken = await grade({ lessonDir: folder, timeoutSeconds: 5 });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/cannot read the lesson: lesson .* has 4 problems/);
    expect(broken.stderr).toContain('starter.js: missing');
    const missing = await grade({ lessonDir: lesson, file: join(folder, 'nope.js'), timeoutSeconds: 5 });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.js/);
  });
});
