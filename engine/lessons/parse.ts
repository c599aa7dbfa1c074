/**
 * Reads a lesson folder's files into a {@link Lesson}, checking everything a
 * teacher can get wrong — a misspelt check field, a question without an
 * answer, a missing section — and reporting every problem at once, each
 * naming its file. Works on text, so the playground (files bundled by Vite)
 * and the command line (files read from disk) share it.
 */
import { FrontMatterError, parseFrontMatter, type FrontMatterValue } from './front-matter';
import { inLanguage, languageMarkerProblem } from './language';
import {
  LESSON_FILE_NAMES,
  LOCALITY_LEVELS,
  REQUIRED_LESSON_FILES,
  METRIC_NAMES,
  SECTION_HEADINGS,
  type Check,
  type CheckKind,
  type Lesson,
  type LessonFiles,
  type LessonText,
  type Question,
  type QuestionKind,
} from './types';

/** A lesson that cannot be used, with everything wrong in it. */
export class LessonFormatError extends Error {
  constructor(
    readonly lessonId: string,
    readonly problems: string[],
  ) {
    super(
      `lesson ${lessonId} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'LessonFormatError';
  }
}

/**
 * Parses and validates one lesson.
 *
 * @param id the lesson's folder name, e.g. `01-driver-executors-tasks`
 * @throws LessonFormatError listing every problem found
 * @example
 * const lesson = parseLesson('01-driver-executors-tasks', files);
 * lesson.conf; // { 'spark.executor.instances': '2', 'spark.executor.cores': '2' }
 */
export function parseLesson(id: string, files: LessonFiles): Lesson {
  const problems: string[] = [];
  const meta = parseMarkdown(files['lesson.md'], problems);
  const questions = parseJsonArray('questions.json', files['questions.json'], problems, validateQuestion) as Question[];
  const checks = parseJsonArray('checks.json', files['checks.json'], problems, validateCheck) as Check[];
  for (const name of ['starter.js', 'solution.js', 'starter.py', 'solution.py'] as const) {
    if (files[name]?.trim() === '') problems.push(`${name}: is empty`);
  }
  if (files['solution.py'] !== undefined && files['starter.py'] === undefined)
    problems.push('solution.py: a lesson in Python needs its starter.py too');
  if (checks.length === 0 && !problems.some((p) => p.startsWith('checks.json'))) {
    problems.push('checks.json: a lesson needs at least one check for its challenge');
  }
  if (problems.length > 0 || !meta) throw new LessonFormatError(id, problems);
  return {
    id,
    ...meta,
    starter: files['starter.js'],
    ...(files['solution.js'] !== undefined ? { solution: files['solution.js'] } : {}),
    ...(files['starter.py'] !== undefined
      ? {
          python: {
            starter: files['starter.py'],
            ...(files['solution.py'] !== undefined ? { solution: files['solution.py'] } : {}),
          },
        }
      : {}),
    questions,
    checks,
  };
}

/**
 * Groups files by lesson folder and parses each lesson; the shape Vite's
 * `import.meta.glob('/lessons/*\/*', { query: '?raw', import: 'default', eager: true })` returns.
 * Lessons come back sorted by `order`, then id; broken ones are reported, not thrown.
 *
 * @example
 * const { lessons, broken } = lessonsFromFiles({ '/lessons/01-x/lesson.md': '…', '/lessons/01-x/starter.js': '…', … });
 */
export function lessonsFromFiles(files: Record<string, string>): {
  lessons: Lesson[];
  broken: LessonFormatError[];
} {
  const byLesson = new Map<string, Partial<Record<string, string>>>();
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/').filter((part) => part !== '');
    if (parts.length < 2) continue;
    const [folder, name] = parts.slice(-2);
    const entry = byLesson.get(folder) ?? {};
    entry[name] = text;
    byLesson.set(folder, entry);
  }
  const lessons: Lesson[] = [];
  const broken: LessonFormatError[] = [];
  for (const [id, found] of byLesson) {
    // A folder with none of the lesson files (assets, notes) is not a lesson.
    if (LESSON_FILE_NAMES.every((name) => found[name] === undefined)) continue;
    const read = readLessonFiles(id, found);
    if (read instanceof LessonFormatError) broken.push(read);
    else lessons.push(read);
  }
  lessons.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { lessons, broken };
}

// ---------------------------------------------------------------------------
// lesson.md

type LessonMeta = Pick<Lesson, 'title' | 'order' | 'summary' | 'conf' | 'markdown' | 'text'>;

function parseMarkdown(text: string, problems: string[]): LessonMeta | undefined {
  let front;
  try {
    front = parseFrontMatter(text);
  } catch (error) {
    if (error instanceof FrontMatterError) {
      problems.push(`lesson.md: ${error.message}`);
      return undefined;
    }
    throw error;
  }
  const { data, body } = front;
  const problem = (message: string) => problems.push(`lesson.md: ${message}`);
  for (const key of Object.keys(data)) {
    if (!['title', 'order', 'summary', 'conf'].includes(key))
      problem(`unknown front matter key "${key}" (known: title, order, summary, conf)`);
  }
  const title = stringField(data.title);
  if (!title) problem('front matter needs a "title"');
  const order = Number(stringField(data.order));
  if (!Number.isInteger(order)) problem('front matter needs an "order" that is a whole number');
  const summary = stringField(data.summary);
  if (data.summary !== undefined && summary === undefined) problem('"summary" must be text');
  let conf: Record<string, string> = {};
  if (data.conf !== undefined) {
    if (typeof data.conf === 'string') problem('"conf" must be indented "key: value" lines below it');
    else conf = { ...data.conf };
  }
  for (const key of Object.keys(conf)) {
    if (!/^[A-Za-z][\w-]*(\.[\w-]+)+$/.test(key)) problem(`conf key "${key}" does not look like a setting`);
  }
  const markers = languageMarkerProblem(body);
  if (markers) problem(markers);
  const sections = splitSections(body, problem);
  if (!title || !Number.isInteger(order) || !sections) return undefined;
  return { title, order, ...(summary !== undefined ? { summary } : {}), conf, markdown: body, text: sections };
}

function stringField(value: FrontMatterValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Cuts the body at `## ` headings (not inside fenced code) into the lesson's parts. */
function splitSections(body: string, problem: (message: string) => void): LessonText | undefined {
  const parts: { heading?: string; lines: string[] }[] = [{ lines: [] }];
  let fence: string | undefined;
  for (const line of body.split('\n')) {
    const fenceMatch = /^\s*(```+|~~~+)/.exec(line);
    if (fenceMatch) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (fenceMatch[1].startsWith(fence)) fence = undefined;
    }
    const heading = fence === undefined ? /^##\s+(.+?)\s*#*\s*$/.exec(line) : null;
    if (heading && !line.startsWith('###')) parts.push({ heading: heading[1], lines: [] });
    else parts[parts.length - 1].lines.push(line);
  }
  const text = (part: { lines: string[] }) => part.lines.join('\n').trim();
  const required = [SECTION_HEADINGS.predict, SECTION_HEADINGS.explain, SECTION_HEADINGS.challenge];
  const found = parts.slice(1).map((part) => part.heading);
  let ok = true;
  for (const heading of required) {
    const count = found.filter((h) => h === heading).length;
    if (count !== 1) {
      problem(`needs exactly one "## ${heading}" section (found ${count})`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  const positions = required.map((heading) => found.indexOf(heading));
  if (positions[0] !== 0 || positions[1] !== 1 || positions[2] !== 2) {
    problem(`its sections must be "## ${required.join('", "## ')}" in this order, other "## " sections after them`);
    return undefined;
  }
  const [intro, predict, explain, challenge, ...rest] = parts;
  if (text(intro) === '') problem('needs an introduction before "## Predict first"');
  return {
    intro: text(intro),
    predict: text(predict),
    explain: text(explain),
    challenge: text(challenge),
    more: rest.map((part) => ({ heading: part.heading ?? '', markdown: text(part) })),
  };
}

// ---------------------------------------------------------------------------
// questions.json and checks.json

/**
 * Where a JSON.parse error is, as `line:column` (1-based), from the character
 * offset V8 puts in its message (the end of the text when it gives none, as for
 * "Unexpected end of JSON input"), so an author can go straight to it.
 *
 * @example
 * jsonErrorPlace('[\n  {"id": 1,}\n]', 'Expected double-quoted property name in JSON at position 13') // '2:13'
 */
export function jsonErrorPlace(text: string, message: string): string {
  const match = /at position (\d+)/.exec(message);
  const offset = Math.min(match ? Number(match[1]) : text.length, text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `${line}:${column}`;
}

type Problems = (message: string) => void;
type JsonObject = Record<string, unknown>;

function parseJsonArray(
  file: string,
  text: string,
  problems: string[],
  validate: (item: JsonObject, problem: Problems) => void,
): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    problems.push(
      `${file}:${jsonErrorPlace(text, message)}: not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`,
    );
    return [];
  }
  if (!Array.isArray(value)) {
    problems.push(`${file}: must be a JSON array`);
    return [];
  }
  const ids = new Set<string>();
  value.forEach((item: unknown, index) => {
    const where = `${file}: item ${index}${isObject(item) && typeof item.id === 'string' ? ` ("${item.id}")` : ''}`;
    const problem = (message: string) => problems.push(`${where}: ${message}`);
    if (!isObject(item)) {
      problem('must be an object');
      return;
    }
    if (typeof item.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(item.id))
      problem('needs an "id" of lower-case letters, digits and dashes');
    else if (ids.has(item.id)) problem(`the id "${item.id}" is used twice`);
    else ids.add(item.id);
    validate(item, problem);
    if (item.python !== undefined) validatePythonFields(item, validate, problem);
  });
  return value;
}

/**
 * A check's or question's `python` object: the fields that differ for the lesson's Python programs. The item as
 * Python programs see it must be valid on its own; problems it shares with the item as written are said once.
 */
function validatePythonFields(
  item: JsonObject,
  validate: (item: JsonObject, problem: Problems) => void,
  problem: Problems,
): void {
  const python = item.python;
  if (!isObject(python)) {
    problem('"python" must be an object holding the fields that differ for the Python programs');
    return;
  }
  if ('skip' in python) {
    if (!nonEmptyString(python.skip) || Object.keys(python).length > 1)
      problem('"python": { "skip": … } holds only the reason why the Python programs skip it');
    return;
  }
  for (const field of ['id', 'kind', 'python']) if (field in python) problem(`"python" cannot change "${field}"`);
  const common: string[] = [];
  validate(item, (message) => common.push(message));
  validate(inLanguage(item as unknown as Check, 'python') as unknown as JsonObject, (message) => {
    if (!common.includes(message)) problem(`in Python: ${message}`);
  });
}

const QUESTION_FIELDS: Record<QuestionKind, string[]> = {
  jobs: [],
  stages: ['job'],
  skippedStages: ['job'],
  tasks: ['stage'],
  shuffleLines: [],
  choice: ['options'],
  exchanges: ['execution'],
  exchangeOperators: ['execution', 'options'],
};

function validateQuestion(item: JsonObject, problem: Problems): void {
  const kind = item.kind as QuestionKind;
  if (typeof kind !== 'string' || !(kind in QUESTION_FIELDS)) {
    problem(`unknown "kind" ${JSON.stringify(item.kind)} (known: ${Object.keys(QUESTION_FIELDS).join(', ')})`);
    return;
  }
  allowOnly(item, ['id', 'kind', 'prompt', 'answer', 'explanation', 'python', ...QUESTION_FIELDS[kind]], problem);
  if (!nonEmptyString(item.prompt)) problem('needs a "prompt"');
  if (item.explanation !== undefined && !nonEmptyString(item.explanation)) problem('"explanation" must be text');
  if (kind === 'stages' || kind === 'skippedStages') requireWhole(item, 'job', problem);
  if (kind === 'tasks') requireWhole(item, 'stage', problem);
  if (kind === 'exchanges' || kind === 'exchangeOperators') requireWhole(item, 'execution', problem);
  if (kind === 'exchangeOperators') {
    const options = item.options;
    const answer = item.answer;
    if (!Array.isArray(options) || options.length < 2 || !options.every(nonEmptyString))
      problem('"options" must be a list of at least two operator names');
    else if (
      !Array.isArray(answer) ||
      !answer.every(
        (index) => Number.isInteger(index) && (index as number) >= 0 && (index as number) < options.length,
      ) ||
      new Set(answer).size !== answer.length
    )
      problem(`"answer" must be a list of distinct option indices (0 to ${options.length - 1}; may be empty)`);
  } else if (kind === 'shuffleLines') {
    if (!Array.isArray(item.answer) || !item.answer.every((line) => Number.isInteger(line) && (line as number) >= 1))
      problem('"answer" must be a list of line numbers (may be empty)');
  } else if (kind === 'choice') {
    const options = item.options;
    if (!Array.isArray(options) || options.length < 2 || !options.every(nonEmptyString))
      problem('"options" must be a list of at least two texts');
    else if (!Number.isInteger(item.answer) || (item.answer as number) < 0 || (item.answer as number) >= options.length)
      problem(`"answer" must be the index (0 to ${options.length - 1}) of the right option`);
  } else if (!Number.isInteger(item.answer) || (item.answer as number) < 0) {
    problem('"answer" must be a whole number');
  }
}

/** Fields each check kind may have, besides id, kind, description and hint. */
const CHECK_FIELDS: Record<CheckKind, string[]> = {
  jobs: ['equals', 'atLeast', 'atMost'],
  stages: ['job', 'equals', 'atLeast', 'atMost'],
  skippedStages: ['job', 'equals', 'atLeast', 'atMost'],
  tasks: ['stage', 'job', 'equals', 'atLeast', 'atMost'],
  metric: ['metric', 'per', 'job', 'stage', 'equals', 'atLeast', 'atMost'],
  locality: ['every', 'some', 'none', 'job', 'stage'],
  failedTasks: ['reason', 'job', 'stage', 'equals', 'atLeast', 'atMost'],
  retriedTasks: ['job', 'stage', 'equals', 'atLeast', 'atMost'],
  speculativeTasks: ['status', 'job', 'stage', 'equals', 'atLeast', 'atMost'],
  maxConcurrentTasks: ['job', 'stage', 'equals', 'atLeast', 'atMost'],
  accumulator: ['name', 'equals', 'atLeast', 'atMost'],
  executorsLost: ['equals', 'atLeast', 'atMost'],
  mapStageReruns: ['equals', 'atLeast', 'atMost'],
  output: ['stream', 'equals', 'includes', 'excludes', 'matches'],
  succeeded: [],
  failed: ['matches'],
};

/** Kinds that count occurrences and pass on "at least 1" when no bound is given. */
export const DEFAULT_AT_LEAST_ONE = new Set<CheckKind>([
  'skippedStages',
  'retriedTasks',
  'speculativeTasks',
  'executorsLost',
  'mapStageReruns',
]);

const FAILURE_REASONS = ['ExceptionFailure', 'ExecutorLostFailure', 'FetchFailed', 'TaskResultLost'];

function validateCheck(item: JsonObject, problem: Problems): void {
  const kind = item.kind as CheckKind;
  if (typeof kind !== 'string' || !(kind in CHECK_FIELDS)) {
    problem(`unknown "kind" ${JSON.stringify(item.kind)} (known: ${Object.keys(CHECK_FIELDS).join(', ')})`);
    return;
  }
  const fields = CHECK_FIELDS[kind];
  allowOnly(item, ['id', 'kind', 'description', 'hint', 'python', ...fields], problem);
  if (!nonEmptyString(item.description)) problem('needs a "description" (what must be true)');
  if (!nonEmptyString(item.hint)) problem('needs a "hint" (shown when the check fails)');

  if (fields.includes('equals') && kind !== 'output') {
    const bounds = ['equals', 'atLeast', 'atMost'].filter((bound) => item[bound] !== undefined);
    for (const bound of bounds) {
      if (typeof item[bound] !== 'number' || !Number.isFinite(item[bound])) problem(`"${bound}" must be a number`);
    }
    if (bounds.length === 0 && !DEFAULT_AT_LEAST_ONE.has(kind))
      problem('needs a bound: "equals", "atLeast" or "atMost"');
  }
  if (fields.includes('job')) {
    const required = kind === 'stages' || kind === 'skippedStages';
    if (item.job === undefined) {
      if (required) problem('needs a "job" (a job id, or "last")');
    } else if (item.job !== 'last' && !(Number.isInteger(item.job) && (item.job as number) >= 0)) {
      problem('"job" must be a job id (0, 1, …) or "last"');
    }
  }
  if (fields.includes('stage')) {
    if (item.stage === undefined) {
      if (kind === 'tasks') problem('needs a "stage" (a stage id, or "result" with a "job")');
    } else if (item.stage === 'result') {
      if (item.job === undefined) problem('"stage": "result" needs a "job" to take the result stage of');
    } else if (!(Number.isInteger(item.stage) && (item.stage as number) >= 0)) {
      problem('"stage" must be a stage id (0, 1, …) or "result"');
    }
  }
  switch (kind) {
    case 'metric':
      if (!(METRIC_NAMES as readonly unknown[]).includes(item.metric))
        problem(`"metric" must be one of ${METRIC_NAMES.join(', ')}`);
      if (item.per !== undefined && item.per !== 'stage' && item.per !== 'task')
        problem('"per" must be "stage" or "task"');
      break;
    case 'locality': {
      const given = ['every', 'some', 'none'].filter((field) => item[field] !== undefined);
      if (given.length !== 1) problem('needs exactly one of "every", "some" or "none"');
      for (const field of given) {
        if (!(LOCALITY_LEVELS as readonly unknown[]).includes(item[field]))
          problem(`"${field}" must be one of ${LOCALITY_LEVELS.join(', ')}`);
      }
      break;
    }
    case 'speculativeTasks':
      if (item.status !== undefined && !['success', 'killed', 'failed'].includes(item.status as string))
        problem('"status" must be "success", "killed" or "failed"');
      break;
    case 'accumulator':
      if (!nonEmptyString(item.name)) problem('needs the accumulator\'s "name"');
      break;
    case 'failedTasks':
      if (item.reason !== undefined && !FAILURE_REASONS.includes(item.reason as string))
        problem(`"reason" must be one of ${FAILURE_REASONS.join(', ')}`);
      break;
    case 'output': {
      if (item.stream !== undefined && item.stream !== 'driver' && item.stream !== 'executors')
        problem('"stream" must be "driver" or "executors"');
      const given = ['equals', 'includes', 'excludes', 'matches'].filter((field) => item[field] !== undefined);
      if (given.length === 0) problem('needs one of "equals", "includes", "excludes" or "matches"');
      for (const field of given) if (typeof item[field] !== 'string') problem(`"${field}" must be text`);
      if (typeof item.matches === 'string') checkRegExp(item.matches, problem);
      break;
    }
    case 'failed':
      if (item.matches !== undefined) {
        if (typeof item.matches !== 'string') problem('"matches" must be text (a regular expression)');
        else checkRegExp(item.matches, problem);
      }
      break;
    default:
      break;
  }
}

function allowOnly(item: JsonObject, allowed: string[], problem: Problems): void {
  for (const key of Object.keys(item)) {
    if (!allowed.includes(key))
      problem(`unknown field "${key}" for kind "${String(item.kind)}" (allowed: ${allowed.join(', ')})`);
  }
}

function requireWhole(item: JsonObject, field: string, problem: Problems): void {
  if (!Number.isInteger(item[field]) || (item[field] as number) < 0) problem(`needs "${field}" (a whole number)`);
}

function checkRegExp(source: string, problem: Problems): void {
  try {
    new RegExp(source);
  } catch (error) {
    problem(`"matches" is not a valid regular expression: ${(error as Error).message}`);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * One lesson folder's files (by file name) as a lesson, or the error listing
 * what is missing or wrong: for readers that gather a lesson's files
 * themselves (a course, a site's folders), so one broken lesson is reported
 * and the others still load.
 *
 * @example
 * const read = readLessonFiles('01-first-job', { 'lesson.md': '…', 'starter.js': '…', … });
 * if (read instanceof LessonFormatError) console.log(read.message);
 */
export function readLessonFiles(id: string, found: Partial<Record<string, string>>): Lesson | LessonFormatError {
  const missing = REQUIRED_LESSON_FILES.filter((name) => found[name] === undefined);
  if (missing.length > 0)
    return new LessonFormatError(
      id,
      missing.map((name) => `${name}: missing`),
    );
  try {
    return parseLesson(id, found as unknown as LessonFiles);
  } catch (error) {
    if (error instanceof LessonFormatError) return error;
    throw error;
  }
}
