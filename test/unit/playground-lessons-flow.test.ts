/**
 * The lesson flow's rules: reading the prediction form, the run the checks
 * read (from a real run of lesson 1's solution), what counts as an honest
 * try, routes, and the progress kept across reloads.
 */
import { describe, expect, test } from 'vitest';
import { evaluateChecks, gradePredictions, type Question } from '../../engine/lessons';
import { loadLessons } from '../../engine/lessons/load-from-disk';
import {
  appOfHash,
  appOfShare,
  carryMarks,
  draftOf,
  draftOfMarks,
  draftProblem,
  gradesAgainstRun,
  hashOf,
  isShareHash,
  lessonRunOf,
  markChangeText,
  markedQuestionOf,
  marksOfDraft,
  nextLesson,
  readAnswer,
  readAnswers,
  routeOf,
  runVerdict,
  solutionUnlocked,
} from '../../playground/lessons/flow';
import {
  PROGRESS_KEY,
  adoptShared,
  emptyProgress,
  isPassed,
  loadProgress,
  markPassed,
  progressFile,
  readProgress,
  readProgressFile,
  resetLesson,
  saveProgress,
  swapSetAside,
  withAnswers,
  withFailedTry,
  withSource,
} from '../../playground/lessons/progress';
import { lessonConf, lessonShareSettings } from '../../playground/lessons/sharing';
import { decodeShare, encodeShare, toShared } from '../../playground/share/link';
import { sparkConf } from '../../playground/settings';
import { runProgramInNode, type ProgramResult } from './playground-run-program';

const jobs: Question = { id: 'jobs', kind: 'jobs', prompt: 'How many jobs?', answer: 1 };
const lines: Question = { id: 'lines', kind: 'shuffleLines', prompt: 'Which lines?', answer: [4] };
const choice: Question = { id: 'why', kind: 'choice', prompt: 'Why?', options: ['a', 'b', 'c'], answer: 2 };

describe('reading the prediction form', () => {
  test('numbers, line lists (any separator, "none") and picked options', () => {
    expect(readAnswer(jobs, ' 2 ')).toBe(2);
    expect(readAnswer(lines, '6, 4;4 ')).toEqual([4, 6]);
    expect(readAnswer(lines, 'none')).toEqual([]);
    expect(readAnswer(choice, 1)).toBe(1);
  });

  test('blank is unanswered; nonsense is unanswered and explained', () => {
    expect(readAnswer(jobs, '')).toBeUndefined();
    expect(draftProblem(jobs, '')).toBeUndefined();
    expect(readAnswer(jobs, 'two')).toBeUndefined();
    expect(draftProblem(jobs, 'two')).toBe('A whole number.');
    expect(readAnswer(jobs, '-1')).toBeUndefined();
    expect(readAnswer(lines, '3, x')).toBeUndefined();
    expect(draftProblem(lines, '3, x')).toMatch(/Line numbers/);
    expect(readAnswer(choice, 7)).toBeUndefined();
    expect(readAnswer(choice, null)).toBeUndefined();
  });

  test('answers go back into the form as they were typed', () => {
    const drafts = { jobs: '3', lines: '5, 2', why: 0 };
    const answers = readAnswers([jobs, lines, choice], drafts);
    expect(answers).toEqual({ jobs: 3, lines: [2, 5], why: 0 });
    expect([jobs, lines, choice].map((q) => draftOf(q, answers[q.id]))).toEqual(['3', '2, 5', 0]);
    expect(draftOf(lines, [])).toBe('none');
    expect(draftOf(choice, undefined)).toBeNull();
  });
});

describe('the editor’s shuffle marks and the shuffle-lines question', () => {
  test('the gutter answers the first shuffle-lines question; a lesson without one has none', () => {
    const second: Question = { ...lines, id: 'lines-2' };
    expect(markedQuestionOf([jobs, lines, second, choice])?.id).toBe('lines');
    expect(markedQuestionOf([jobs, choice])).toBeUndefined();
  });

  test('typed lines become marks; blank, "none" and unreadable text mark nothing', () => {
    expect(marksOfDraft(lines, '6, 4;4')).toEqual([4, 6]);
    expect(marksOfDraft(lines, '')).toEqual([]);
    expect(marksOfDraft(lines, 'none')).toEqual([]);
    expect(marksOfDraft(lines, '4, x')).toEqual([]);
    expect(marksOfDraft(lines, undefined)).toEqual([]);
  });

  test('marks become the typed text, kept as typed while it already says the same', () => {
    expect(draftOfMarks(lines, '4', [6, 4])).toBe('4, 6');
    expect(draftOfMarks(lines, '6 4', [4, 6])).toBe('6 4');
    expect(draftOfMarks(lines, '4', [])).toBe('');
    expect(draftOfMarks(lines, 'none', [])).toBe('none');
    expect(draftOfMarks(lines, 'none', [2])).toBe('2');
    // Text that is no answer gives way to a mark the learner just made.
    expect(draftOfMarks(lines, '4, x', [3])).toBe('3');
    expect(draftOfMarks(lines, undefined, [])).toBe('');
  });

  test('an answer entered either way reads and grades the same', () => {
    const typed = readAnswers([lines], { lines: '4' });
    const marked = readAnswers([lines], { lines: draftOfMarks(lines, '', [4]) });
    expect(marked).toEqual(typed);
    expect(gradePredictions([lines], marked)).toEqual(gradePredictions([lines], typed));
    expect(gradePredictions([lines], marked)[0].correct).toBe(true);
    const wrong = readAnswers([lines], { lines: draftOfMarks(lines, '', [3, 4]) });
    expect(gradePredictions([lines], wrong)[0].correct).toBe(false);
  });

  test('a replaced program keeps each mark on the same code, nearest its old place; other marks keep their number', () => {
    const starter = 'const a = sc.parallelize([1]);\nconst b = a.map((n) => [n, 1]);\nconst c = b.reduceByKey(add);\n';
    const edited = `// mine\n${starter}console.log(await c.count());\n`;
    // Back to the starter from an edit that moved the mark down a line.
    expect(carryMarks(edited, starter, [4])).toEqual([3]);
    expect(carryMarks(starter, edited, [3])).toEqual([4]);
    // Code the new program lacks, and blank lines, keep their numbers.
    expect(carryMarks(edited, starter, [1, 5])).toEqual([1, 5]);
    expect(carryMarks('a\n\nb', 'b\n\na', [2])).toEqual([2]);
    // The same code twice: the occurrence nearest the mark.
    expect(carryMarks('x\nf();\ny\nz\nf();', 'f();\nq\nq\nq\nq\nf();', [5])).toEqual([6]);
    // Two marks that land on one line count once.
    expect(carryMarks('f();\nf();', 'f();', [1, 2])).toEqual([1]);
  });

  test('one line marked or unmarked is announced; marks moved by an edit are not', () => {
    expect(markChangeText([4], [4, 6])).toBe('Line 6 marked as shuffling. Your answer: 4, 6.');
    expect(markChangeText([4, 6], [6])).toBe('Line 4 unmarked. Your answer: 6.');
    expect(markChangeText([4], [])).toBe('Line 4 unmarked. No line is marked.');
    expect(markChangeText([4, 6], [5, 7])).toBeUndefined();
    expect(markChangeText([4], [5])).toBeUndefined();
  });
});

describe('runs and tries', () => {
  const starter = 'const a = sc.parallelize([1], 1);\nconsole.log(await a.count());\n';

  test('a run of the unchanged starter is no try at the challenge; an edited failing one is', () => {
    const failing = { starter, stopped: false, allChecksPassed: false };
    expect(runVerdict({ ...failing, source: starter.replace(/\n$/, '  \n\n') })).toBe('starter');
    expect(runVerdict({ ...failing, source: starter.replace('1], 1', '1], 2') })).toBe('tried');
    expect(runVerdict({ ...failing, source: starter, allChecksPassed: true })).toBe('passed');
    expect(runVerdict({ ...failing, source: 'x', stopped: true })).toBe('stopped');
  });

  test('the solution is offered only after a failed try, or once passed', () => {
    expect(solutionUnlocked(undefined)).toBe(false);
    expect(solutionUnlocked({})).toBe(false);
    expect(solutionUnlocked({ failedTries: 1 })).toBe(true);
    expect(solutionUnlocked({ passedAt: '2026-01-01T00:00:00.000Z' })).toBe(true);
  });

  test('predictions are graded against a run only when it ran the starter to its end', () => {
    expect(gradesAgainstRun(starter, starter, false)).toBe(true);
    expect(gradesAgainstRun(starter, starter, true)).toBe(false);
    expect(gradesAgainstRun('edited', starter, false)).toBe(false);
  });

  test('the run the checks read: stdout only on the driver, every executor line, the error', () => {
    const run = lessonRunOf({
      events: [],
      driverOutput: [
        { stream: 'stdout', text: 'count: 100' },
        { stream: 'stderr', text: 'a warning' },
      ],
      executorLogs: { '1': [{ stream: 'stdout', text: 'hi' }], '2': [] },
      failure: { name: 'TypeError', message: 'x is not a function' },
    });
    expect(run.driverOutput).toEqual(['count: 100']);
    expect(run.executorOutput).toEqual([{ executorId: '1', text: 'hi' }]);
    expect(run.error).toEqual({ name: 'TypeError', message: 'x is not a function' });
    expect(run.fileName).toBe('lesson.js');
  });
});

test('routes: the list and a lesson, round trip; other hashes are not lessons', () => {
  expect(routeOf('#/lessons')).toEqual({ page: 'list' });
  expect(routeOf('#/lessons/')).toEqual({ page: 'list' });
  expect(routeOf('#/lessons/01-driver')).toEqual({ page: 'lesson', id: '01-driver' });
  expect(routeOf(hashOf({ page: 'lesson', id: '07-partitioners' }))).toEqual({ page: 'lesson', id: '07-partitioners' });
  expect(routeOf('')).toBeUndefined();
  expect(routeOf('#results')).toBeUndefined();
});

describe('share links to lessons', () => {
  const ids = ['01-driver-executors-tasks', '02-narrow-wide-stages'];

  test('a link naming a lesson this build has opens the lesson; any other opens the playground', async () => {
    const hash = `#${await encodeShare({ ...toShared(lessonShareSettings('x', lessonConf({}))), lessonId: ids[1] })}`;
    expect(isShareHash(hash)).toBe(true);
    // Before it is read, the hash alone says playground (no lesson app for an unread link).
    expect(appOfHash(hash)).toBe('playground');
    expect(appOfShare(await decodeShare(hash), ids)).toBe('lessons');
    expect(appOfShare({ lessonId: '99-removed-lesson' }, ids)).toBe('playground');
    expect(appOfShare({}, ids)).toBe('playground');
    // A damaged link: the playground explains it.
    expect(appOfShare(null, ids)).toBe('playground');
    expect(isShareHash('#/lessons/01-driver-executors-tasks')).toBe(false);
    expect(isShareHash('#results')).toBe(false);
  });

  test('the link carries the cluster the lesson runs on, which sparkConf gives back', async () => {
    const conf = lessonConf({
      'spark.executor.instances': '3',
      'spark.default.parallelism': '6',
      'kindling.hosts': '2',
    });
    const settings = lessonShareSettings('await sc.parallelize([1]).count()', conf);
    expect(settings).toMatchObject({ executors: 3, coresPerExecutor: 2, hosts: 2, racks: null });
    expect(settings.conf).toEqual([{ key: 'spark.default.parallelism', value: '6' }]);
    expect(sparkConf(settings)).toEqual(conf);
    const shared = await decodeShare(await encodeShare(toShared(settings, ids[0])));
    expect(shared).toMatchObject({ source: 'await sc.parallelize([1]).count()', executors: 3, lessonId: ids[0] });
  });

  test('taking up a shared program sets the learner’s own aside; the starter is never set aside', () => {
    const mine = withSource(emptyProgress(), 'x', 'my program', 'starter');
    const taken = adoptShared(mine, 'x', 'shared program', 'starter');
    expect(taken.lessons.x).toEqual({ source: 'shared program', setAside: ['my program'] });
    // Another shared program later: both earlier ones kept, newest first.
    const again = adoptShared(taken, 'x', 'second shared', 'starter');
    expect(again.lessons.x).toEqual({ source: 'second shared', setAside: ['shared program', 'my program'] });
    // No program of the learner's (the starter), or the same program: nothing to set aside.
    expect(adoptShared(emptyProgress(), 'x', 'shared program', 'starter').lessons.x).toEqual({
      source: 'shared program',
    });
    expect(adoptShared(mine, 'x', 'my program', 'starter').lessons.x).toEqual({ source: 'my program' });
  });

  test('swapping steps through the set-aside programs and back, losing none', () => {
    let progress = adoptShared(withSource(emptyProgress(), 'x', 'mine', 'starter'), 'x', 'shared', 'starter');
    progress = withSource(progress, 'x', 'shared, edited', 'starter');
    const first = swapSetAside(progress, 'x', 'shared, edited', 'starter')!;
    expect(first.source).toBe('mine');
    expect(first.progress.lessons.x).toEqual({ source: 'mine', setAside: ['shared, edited'] });
    const back = swapSetAside(first.progress, 'x', 'mine', 'starter')!;
    expect(back.source).toBe('shared, edited');
    expect(back.progress.lessons.x).toEqual({ source: 'shared, edited', setAside: ['mine'] });
    // The editor showing a program not saved (a shared one only looked at): the saved one is kept too.
    const looked = swapSetAside(back.progress, 'x', 'only looked at', 'starter')!;
    expect(looked.progress.lessons.x.setAside).toEqual(['only looked at', 'shared, edited']);
    // Swapping away the starter forgets nothing: the starter is always one click away.
    const fromStarter = swapSetAside(withSource(back.progress, 'x', 'starter', 'starter'), 'x', 'starter', 'starter')!;
    expect(fromStarter.progress.lessons.x).toEqual({ source: 'mine' });
    expect(swapSetAside(emptyProgress(), 'x', 'anything', 'starter')).toBeUndefined();
  });

  test('set-aside programs survive a save and a load; a bad list is dropped', () => {
    const progress = adoptShared(withSource(emptyProgress(), 'x', 'mine', 'starter'), 'x', 'shared', 'starter');
    expect(readProgress(JSON.stringify(progress))).toEqual(progress);
    expect(readProgressFile(progressFile(progress))).toEqual(progress);
    const bad = readProgress('{"version":1,"lessons":{"x":{"source":"s","setAside":[1,"kept",null]}}}');
    expect(bad.lessons.x).toEqual({ source: 's', setAside: ['kept'] });
  });
});

test('next lesson follows course order; the last has none', async () => {
  const { lessons } = await loadLessons('lessons');
  expect(nextLesson(lessons, lessons[0].id)?.id).toBe(lessons[1].id);
  expect(nextLesson(lessons, lessons.at(-1)!.id)).toBeUndefined();
  expect(nextLesson(lessons, 'no-such-lesson')).toBeUndefined();
});

describe('progress', () => {
  test('passing, edits, predictions and tries survive a save and a load', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    let progress = emptyProgress();
    progress = markPassed(progress, '01-a', new Date('2026-01-02T03:04:05Z'));
    progress = markPassed(progress, '01-a', new Date('2027-01-01T00:00:00Z'));
    progress = withSource(progress, '02-b', 'edited', 'starter');
    progress = withAnswers(progress, '02-b', { jobs: 2, lines: [3], skipped: undefined });
    progress = withFailedTry(withFailedTry(progress, '02-b'), '02-b');
    expect(saveProgress(storage, progress)).toBe(true);
    const loaded = loadProgress(storage);
    expect(loaded).toEqual({
      version: 1,
      lessons: {
        '01-a': { passedAt: '2026-01-02T03:04:05.000Z' },
        '02-b': { source: 'edited', answers: { jobs: 2, lines: [3] }, failedTries: 2 },
      },
    });
    expect(isPassed(loaded, '01-a')).toBe(true);
    expect(isPassed(loaded, '02-b')).toBe(false);
  });

  test('going back to the starter forgets the edit, so a changed starter reaches the learner', () => {
    const progress = withSource(withSource(emptyProgress(), 'x', 'edited', 'starter'), 'x', 'starter', 'starter');
    expect(progress.lessons.x.source).toBeUndefined();
  });

  test('resetting a lesson forgets only that lesson', () => {
    const progress = resetLesson(markPassed(markPassed(emptyProgress(), 'a'), 'b'), 'a');
    expect(isPassed(progress, 'a')).toBe(false);
    expect(isPassed(progress, 'b')).toBe(true);
  });

  test('unreadable saved progress is dropped field by field, never thrown', () => {
    expect(readProgress('not json')).toEqual(emptyProgress());
    expect(readProgress('[1]')).toEqual(emptyProgress());
    const mixed = readProgress(
      JSON.stringify({
        lessons: { a: { passedAt: 5, source: 'ok', answers: { q: 'x', r: [1, 2] }, failedTries: -1 }, b: 'junk' },
      }),
    );
    expect(mixed.lessons).toEqual({ a: { source: 'ok', answers: { r: [1, 2] } } });
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(loadProgress(broken)).toEqual(emptyProgress());
    expect(saveProgress(broken, emptyProgress())).toBe(false);
    expect(PROGRESS_KEY).toMatch(/^kindling\.lessons\./);
  });
});

test('lesson 1 through lessonRunOf: the solution passes every check, the starter does not, predictions graded on the starter run', async () => {
  const { lessons } = await loadLessons('lessons');
  const lesson = lessons[0];
  const asSession = (result: ProgramResult) =>
    lessonRunOf({
      events: result.events,
      driverOutput: result.stdout.map((text) => ({ stream: 'stdout' as const, text })),
      executorLogs: { 'in-process': result.executorLogs.map(({ text }) => ({ stream: 'stdout' as const, text })) },
      failure: result.error ? { name: result.error.name, message: result.error.message } : null,
    });
  expect(lesson.solution).toBeDefined();
  const solution = asSession(await runProgramInNode(lesson.solution ?? '', lesson.conf));
  expect(evaluateChecks(lesson.checks, solution).filter((r) => !r.passed)).toEqual([]);
  const starterRun = asSession(await runProgramInNode(lesson.starter, lesson.conf));
  expect(evaluateChecks(lesson.checks, starterRun).some((r) => !r.passed)).toBe(true);
  const graded = gradePredictions(
    lesson.questions,
    readAnswers(lesson.questions, { jobs: '1', stages: '2' }),
    starterRun,
  );
  expect(graded.find((g) => g.id === 'jobs')?.correct).toBe(true);
  expect(graded.find((g) => g.id === 'stages')?.correct).toBe(false);
  expect(graded.find((g) => g.id === 'tasks')?.correct).toBeUndefined();
}, 60_000);

describe('progress files', () => {
  test('an exported file imports back to the same progress', () => {
    const progress = withAnswers(markPassed(emptyProgress(), 'a', new Date('2026-03-04T05:06:07Z')), 'b', {
      q: [2, 3],
    });
    const text = progressFile(progress, new Date('2026-03-05T00:00:00Z'));
    expect(JSON.parse(text)).toMatchObject({ format: 'kindling-lessons-progress', version: 1 });
    expect(readProgressFile(text)).toEqual(progress);
  });

  test('other files are refused with a reason, not imported as empty progress', () => {
    expect(() => readProgressFile('hello')).toThrow(/not JSON/);
    expect(() => readProgressFile('{"version":1,"lessons":{}}')).toThrow(/not a Kindling progress file/);
    expect(() => readProgressFile('{"format":"kindling-lessons-progress","version":2,"lessons":{}}')).toThrow(/newer/);
  });
});
