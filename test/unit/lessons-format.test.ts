/**
 * The lesson format: front matter, the required sections, questions and
 * checks, and every way a teacher's typo is reported instead of ignored.
 * Also: the course in lessons/ itself parses and is in order.
 */
import { describe, expect, test } from 'vitest';
import { FrontMatterError, parseFrontMatter } from '../../engine/lessons/front-matter';
import { loadLessonDir, loadLessons } from '../../engine/lessons/load-from-disk';
import { LessonFormatError, lessonsFromFiles, parseLesson } from '../../engine/lessons/parse';
import {
  checksFor,
  inLanguage,
  languageMarkerProblem,
  languageOfFile,
  markdownIn,
  questionsFor,
  textIn,
} from '../../engine/lessons/language';
import type { LessonFiles } from '../../engine/lessons/types';

const markdown = `---
title: Caching and skipped stages
order: 9
summary: "What a second job reuses: shuffle files, cached blocks"
# settings of the lesson's cluster
conf:
  spark.executor.instances: 2
  spark.locality.wait: '1s'
---

The idea.

## Predict first

Look at line 3.

\`\`\`js
// ## not a heading inside code
\`\`\`

## What happened

It skipped a stage.

### A sub-section

Still part of "What happened".

## Challenge

Cache it.

## In Spark

The Storage tab.
`;

const questions = [
  { id: 'jobs', kind: 'jobs', prompt: 'How many jobs?', answer: 2 },
  { id: 'stages', kind: 'stages', job: 1, prompt: 'Stages of job 1?', answer: 1, explanation: 'Skipped.' },
  { id: 'lines', kind: 'shuffleLines', prompt: 'Which lines?', answer: [6] },
  { id: 'pick', kind: 'choice', prompt: 'Which?', options: ['A', 'B'], answer: 1 },
];

const checks = [
  { id: 'local', kind: 'locality', job: 1, every: 'PROCESS_LOCAL', description: 'All local', hint: 'Cache it.' },
  { id: 'tasks', kind: 'tasks', job: 'last', stage: 'result', equals: 4, description: '4 tasks', hint: 'Partitions.' },
];

function files(overrides: Partial<Record<keyof LessonFiles, unknown>> = {}): LessonFiles {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  return {
    'lesson.md': text(overrides['lesson.md'] ?? markdown),
    'starter.js': text(overrides['starter.js'] ?? 'console.log(1);'),
    'solution.js': text(overrides['solution.js'] ?? 'console.log(2);'),
    'questions.json': text(overrides['questions.json'] ?? questions),
    'checks.json': text(overrides['checks.json'] ?? checks),
    ...(overrides['starter.py'] !== undefined ? { 'starter.py': text(overrides['starter.py']) } : {}),
    ...(overrides['solution.py'] !== undefined ? { 'solution.py': text(overrides['solution.py']) } : {}),
  };
}

/** The problems parseLesson reports, or [] when it accepts the files. */
function problems(overrides: Partial<Record<keyof LessonFiles, unknown>>): string[] {
  try {
    parseLesson('x', files(overrides));
    return [];
  } catch (error) {
    if (error instanceof LessonFormatError) return error.problems;
    throw error;
  }
}

describe('front matter', () => {
  test('keys, quoted values, comments and one level of nesting', () => {
    const { data, body, bodyLine } = parseFrontMatter(markdown);
    expect(data).toEqual({
      title: 'Caching and skipped stages',
      order: '9',
      summary: 'What a second job reuses: shuffle files, cached blocks',
      conf: { 'spark.executor.instances': '2', 'spark.locality.wait': '1s' },
    });
    expect(body.startsWith('\nThe idea.')).toBe(true);
    expect(bodyLine).toBe(10);
  });

  test.each([
    ['no opening line', 'title: x\n---\n', /line 1: lesson.md must start/],
    ['not closed', '---\ntitle: x\n', /not closed/],
    ['no colon', '---\ntitle x\n---\n', /line 2: expected "key: value"/],
    ['indented without a parent', '---\n  a: 1\n---\n', /line 2: "a" is indented but belongs to no key/],
    ['tabs', '---\nconf:\n\ta: 1\n---\n', /line 3: indent with spaces/],
    ['a key twice', '---\ntitle: a\ntitle: b\n---\n', /line 3: "title" is given twice/],
    ['unterminated quote', '---\ntitle: "a\n---\n', /unterminated double quote/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseFrontMatter(text)).toThrow(FrontMatterError);
    expect(() => parseFrontMatter(text)).toThrow(message);
  });
});

describe('parseLesson', () => {
  test('reads the metadata, the four parts of the text, the questions and the checks', () => {
    const lesson = parseLesson('09-caching', files());
    expect(lesson).toMatchObject({
      id: '09-caching',
      title: 'Caching and skipped stages',
      order: 9,
      summary: 'What a second job reuses: shuffle files, cached blocks',
      conf: { 'spark.executor.instances': '2', 'spark.locality.wait': '1s' },
      starter: 'console.log(1);',
      solution: 'console.log(2);',
      questions,
      checks,
    });
    expect(lesson.text.intro).toBe('The idea.');
    expect(lesson.text.predict).toContain('// ## not a heading inside code');
    expect(lesson.text.explain).toBe('It skipped a stage.\n\n### A sub-section\n\nStill part of "What happened".');
    expect(lesson.text.challenge).toBe('Cache it.');
    expect(lesson.text.more).toEqual([{ heading: 'In Spark', markdown: 'The Storage tab.' }]);
  });

  test('a lesson in Python: starter.py and solution.py become lesson.python; a solution.py needs its starter.py', () => {
    const lesson = parseLesson('x', files({ 'starter.py': 'print(1)\n', 'solution.py': 'print(2)\n' }));
    expect(lesson.python).toEqual({ starter: 'print(1)\n', solution: 'print(2)\n' });
    expect(parseLesson('x', files({})).python).toBeUndefined();
    expect(problems({ 'solution.py': 'print(2)\n' })).toEqual([
      'solution.py: a lesson in Python needs its starter.py too',
    ]);
    expect(problems({ 'starter.py': ' \n' })).toEqual(['starter.py: is empty']);
  });

  test('a check or question may hold the fields that differ in Python; Python programs get them, JavaScript ones not', () => {
    const pair = {
      id: 'pair',
      kind: 'output',
      equals: "[ 'a', 1 ]",
      description: 'prints the pair',
      hint: 'h',
      python: { equals: "('a', 1)" },
    };
    const named = {
      id: 'named',
      kind: 'accumulator',
      name: 'total',
      equals: 3,
      description: 'd',
      hint: 'h',
      python: { skip: "PySpark's accumulators have no name" },
    };
    const lines = { id: 'lines', kind: 'shuffleLines', prompt: 'Which lines?', answer: [4], python: { answer: [7] } };
    const lesson = parseLesson('x', files({ 'checks.json': [pair, named], 'questions.json': [lines] }));
    expect(checksFor(lesson, 'javascript').map((check) => [check.id, 'equals' in check && check.equals])).toEqual([
      ['pair', "[ 'a', 1 ]"],
      ['named', 3],
    ]);
    expect(checksFor(lesson, 'python')).toEqual([
      { id: 'pair', kind: 'output', equals: "('a', 1)", description: 'prints the pair', hint: 'h' },
    ]);
    expect(questionsFor(lesson, 'python')).toEqual([
      { id: 'lines', kind: 'shuffleLines', prompt: 'Which lines?', answer: [7] },
    ]);
    expect(questionsFor(lesson, languageOfFile('starter.js'))[0]).not.toHaveProperty('python');
    // `null` takes a field out; the item as Python sees it must be valid on its own.
    expect(inLanguage({ ...pair, python: { equals: null, includes: "('a'" } } as never, 'python')).toMatchObject({
      includes: "('a'",
    });
    expect(
      problems({
        'checks.json': [
          { ...pair, python: { equals: 3, kind: 'jobs' } },
          { ...named, python: { skip: 'why', equals: 2 } },
          { ...pair, id: 'p2', python: { atMost: 2 } },
          { ...pair, id: 'p3', python: 'no' },
        ],
        'questions.json': [{ ...lines, python: { answer: 'seven' } }],
      }),
    ).toEqual([
      'questions.json: item 0 ("lines"): in Python: "answer" must be a list of line numbers (may be empty)',
      'checks.json: item 0 ("pair"): "python" cannot change "kind"',
      'checks.json: item 1 ("named"): "python": { "skip": … } holds only the reason why the Python programs skip it',
      'checks.json: item 2 ("p2"): in Python: unknown field "atMost" for kind "output" (allowed: id, kind, description, hint, python, stream, equals, includes, excludes, matches)',
      'checks.json: item 3 ("p3"): "python" must be an object holding the fields that differ for the Python programs',
    ]);
  });

  test('reports every problem at once, naming the file and the item', () => {
    const found = problems({
      'lesson.md': markdown.replace('order: 9', 'order: nine').replace('## Challenge', '## The challenge'),
      'starter.js': '  \n',
      'questions.json': [{ id: 'jobs', kind: 'jobs', prompt: 'How many?' }],
      'checks.json': [{ id: 'c', kind: 'jobs', atleast: 1, description: 'd', hint: 'h' }],
    });
    expect(found).toEqual([
      'lesson.md: front matter needs an "order" that is a whole number',
      'lesson.md: needs exactly one "## Challenge" section (found 0)',
      'questions.json: item 0 ("jobs"): "answer" must be a whole number',
      'checks.json: item 0 ("c"): unknown field "atleast" for kind "jobs" (allowed: id, kind, description, hint, python, equals, atLeast, atMost)',
      'checks.json: item 0 ("c"): needs a bound: "equals", "atLeast" or "atMost"',
      'starter.js: is empty',
    ]);
  });

  test.each([
    ['an unknown check kind', { 'checks.json': [{ ...checks[0], kind: 'stagez' }] }, /unknown "kind" "stagez"/],
    ['a check without a hint', { 'checks.json': [{ ...checks[0], hint: '' }] }, /needs a "hint"/],
    ['two checks with one id', { 'checks.json': [checks[0], checks[0]] }, /the id "local" is used twice/],
    ['"result" without a job', { 'checks.json': [{ ...checks[1], job: undefined }] }, /"result" needs a "job"/],
    ['a bad locality level', { 'checks.json': [{ ...checks[0], every: 'LOCAL' }] }, /"every" must be one of/],
    [
      'two locality conditions',
      { 'checks.json': [{ ...checks[0], some: 'ANY' }] },
      /exactly one of "every", "some" or "none"/,
    ],
    [
      'an unknown metric',
      { 'checks.json': [{ id: 'm', kind: 'metric', metric: 'bytes', atMost: 1, description: 'd', hint: 'h' }] },
      /"metric" must be one of/,
    ],
    [
      'a bad regular expression',
      { 'checks.json': [{ id: 'o', kind: 'output', matches: '([', description: 'd', hint: 'h' }] },
      /not a valid regular expression/,
    ],
    [
      'an output check with nothing to compare',
      { 'checks.json': [{ id: 'o', kind: 'output', description: 'd', hint: 'h' }] },
      /needs one of "equals", "includes"/,
    ],
    ['no checks at all', { 'checks.json': [] }, /at least one check/],
    ['checks.json that is not JSON', { 'checks.json': '[{' }, /checks.json:1:3: not valid JSON/],
    [
      'questions.json with a stray comma, at its line and column',
      { 'questions.json': '[\n  {"id": "a",}\n]' },
      /questions.json:2:14: not valid JSON \(Expected double-quoted property name\)/,
    ],
    [
      'a choice answer out of range',
      { 'questions.json': [{ id: 'q', kind: 'choice', prompt: 'p', options: ['A', 'B'], answer: 2 }] },
      /index \(0 to 1\) of the right option/,
    ],
    [
      'a question id with capitals',
      { 'questions.json': [{ id: 'Jobs', kind: 'jobs', prompt: 'p', answer: 1 }] },
      /needs an "id" of lower-case letters/,
    ],
    [
      'a stages question without a job',
      { 'questions.json': [{ id: 'q', kind: 'stages', prompt: 'p', answer: 1 }] },
      /needs "job"/,
    ],
    [
      'shuffle lines that are not line numbers',
      { 'questions.json': [{ id: 'q', kind: 'shuffleLines', prompt: 'p', answer: [0] }] },
      /list of line numbers/,
    ],
    [
      'sections out of order',
      {
        'lesson.md': markdown
          .replace('## What happened', '## TEMP')
          .replace('## Challenge', '## What happened')
          .replace('## TEMP', '## Challenge'),
      },
      /sections must be "## Predict first", "## What happened", "## Challenge" in this order/,
    ],
    [
      'a missing section',
      {
        'lesson.md': markdown.replace('## Predict first', '## Predict').replace('## What happened', '## Predict first'),
      },
      /needs exactly one "## What happened"/,
    ],
    [
      'an unknown front matter key',
      { 'lesson.md': markdown.replace('order: 9', 'order: 9\nlevel: 2') },
      /unknown front matter key "level"/,
    ],
    [
      'a conf key that is not a setting',
      { 'lesson.md': markdown.replace('spark.locality.wait', 'wait') },
      /conf key "wait" does not look like a setting/,
    ],
  ])('refuses %s', (_name, overrides, message) => {
    const found = problems(overrides);
    expect(
      found.some((p) => message.test(p)),
      found.join('\n'),
    ).toBe(true);
  });
});

describe('lesson text in the chosen language', () => {
  test('{js}…{/js} is kept for JavaScript only and {py}…{/py} for Python only, inline or across lines', () => {
    const text = 'Print it with {js}`console.log(x)`{/js}{py}`print(x)`{/py}.\n\n{py}A Python\nparagraph.{/py}';
    expect(markdownIn(text, 'javascript')).toBe('Print it with `console.log(x)`.\n\n');
    expect(markdownIn(text, 'python')).toBe('Print it with `print(x)`.\n\nA Python\nparagraph.');
  });

  test('a marker left open, closed without opening or nested is reported with its line', () => {
    expect(languageMarkerProblem('a {js}b{/js} c')).toBeNull();
    expect(languageMarkerProblem('one\n{py}two')).toBe('{py} on line 2 is never closed with {/py}');
    expect(languageMarkerProblem('{/js}')).toBe('{/js} on line 1 closes nothing opened');
    expect(languageMarkerProblem('{js}{py}x{/py}{/js}')).toBe('{py} on line 1 is inside the {js} opened on line 1');
    expect(problems({ 'lesson.md': markdown.replace('The idea.', 'The {py}idea.') })).toEqual([
      expect.stringMatching(/^lesson\.md: \{py\} on line \d+ is never closed with \{\/py\}$/),
    ]);
  });

  test("the course's Python text quotes no JavaScript, and its JavaScript text no Python", async () => {
    const { lessons } = await loadLessons('lessons');
    const javascriptOnly = /console\.log|\bawait\b|new HashPartitioner|longAccumulator|inject\(\{|=>/;
    for (const lesson of lessons) {
      for (const [language, banned] of [
        ['python', javascriptOnly],
        ['javascript', /\bprint\(|kind="|sc\.accumulator\(/],
      ] as const) {
        const text = textIn(lesson.text, language);
        const all = [text.intro, text.predict, text.explain, text.challenge, ...text.more.map((m) => m.markdown)];
        for (const part of all) expect(banned.exec(part)?.[0], `${lesson.id} in ${language}`).toBeUndefined();
      }
    }
  });
});

describe('lessonsFromFiles', () => {
  test('groups files by folder, sorts by order, and reports broken or incomplete lessons', () => {
    const withPrefix = (folder: string, lesson: LessonFiles) =>
      Object.fromEntries(Object.entries(lesson).map(([name, text]) => [`/lessons/${folder}/${name}`, text]));
    const second = files({ 'lesson.md': markdown.replace('order: 9', 'order: 2') });
    const first = files({ 'lesson.md': markdown.replace('order: 9', 'order: 1') });
    const { 'checks.json': _dropped, ...incomplete } = files();
    const { lessons, broken } = lessonsFromFiles({
      ...withPrefix('b-second', second),
      ...withPrefix('a-first', first),
      ...withPrefix('c-broken', files({ 'questions.json': '{}' })),
      ...Object.fromEntries(Object.entries(incomplete).map(([name, text]) => [`/lessons/d-incomplete/${name}`, text])),
      '/lessons/README.md': '# not a lesson',
      '/lessons/assets/picture.svg': '<svg/>',
    });
    expect(lessons.map((lesson) => [lesson.id, lesson.order])).toEqual([
      ['a-first', 1],
      ['b-second', 2],
    ]);
    expect(broken.map((error) => [error.lessonId, error.problems])).toEqual([
      ['c-broken', ['questions.json: must be a JSON array']],
      ['d-incomplete', ['checks.json: missing']],
    ]);
  });
});

describe('the course in lessons/', () => {
  test('every lesson parses; there are at least 12, numbered 1, 2, 3, … in folder order', async () => {
    const { lessons, broken } = await loadLessons('lessons');
    expect(broken.map((error) => error.message)).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(12);
    expect(lessons.map((lesson) => lesson.order)).toEqual(lessons.map((_, i) => i + 1));
    const folders = lessons.map((lesson) => lesson.id);
    expect(folders).toEqual([...folders].sort());
    for (const lesson of lessons) {
      expect(lesson.id).toMatch(new RegExp(`^${String(lesson.order).padStart(2, '0')}-[a-z0-9-]+$`));
      expect(lesson.questions.length, lesson.id).toBeGreaterThan(0);
      expect(lesson.solution, `${lesson.id}: Kindling's own lessons ship their solution`).toBeDefined();
      expect(lesson.starter, lesson.id).not.toBe(lesson.solution);
    }
  });

  test('loadLessonDir names what is missing', async () => {
    await expect(loadLessonDir('lessons/no-such-lesson')).rejects.toThrow(/lesson.md: missing/);
    const lesson = await loadLessonDir('lessons/01-driver-executors-tasks');
    expect(lesson.title).toBe('Driver, executors and tasks');
  });
});
