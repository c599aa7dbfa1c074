/**
 * The files a teacher's course ships besides its lessons: data its programs
 * read (`sc.textFile('data/visits.txt')`, `spark.read.csv('data/orders.csv')`)
 * and images its lesson text shows. `course.json` lists them (a web server
 * cannot list a folder); each is read from the course folder at the path
 * listed, and that path is also the one programs read it by. Lesson text
 * names an image relative to its own lesson folder, as Markdown does (so a
 * teacher's preview on a Git host shows it too).
 *
 * Browser-safe: rules on paths and sizes, and a scan of lesson Markdown.
 */

/** The most one course file may weigh: a data set for a lesson, not a warehouse. */
export const COURSE_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** The most a course's files may weigh together: a learner downloads them all when the course opens. */
export const COURSE_FILES_MAX_BYTES = 30 * 1024 * 1024;

/** What a course file may be, by its name's ending. */
export const COURSE_DATA_EXTENSIONS = ['txt', 'csv', 'tsv', 'json', 'jsonl', 'ndjson', 'parquet', 'log'] as const;
export const COURSE_IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif'] as const;

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Whether a course file is an image (by its name), so lesson text may show it. */
export function isCourseImage(path: string): boolean {
  return (COURSE_IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(path));
}

/**
 * What is wrong with one path of `course.json`'s `files`, or undefined when
 * it is a path a course may ship: relative to the course folder, `/` between
 * folders, each name starting with a letter or digit (Hadoop's input skips
 * names starting with `_` or `.`, so a program could never read them by a
 * pattern), and a data or image file by its ending.
 *
 * @example
 * courseFilePathProblem('data/orders.csv'); // undefined
 * courseFilePathProblem('../secret.txt');   // '"../secret.txt" leaves the course folder …'
 */
export function courseFilePathProblem(path: string): string | undefined {
  if (path.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(path))
    return `"${path}" is not relative to the course folder (write it as data/orders.csv, without / or a scheme first)`;
  if (path.includes('\\')) return `"${path}" has a backslash: separate folders with /`;
  const segments = path.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.'))
    return `"${path}" leaves the course folder or names it oddly: give the path inside it, without . or ..`;
  const bad = segments.find((segment) => !SEGMENT.test(segment));
  if (bad !== undefined)
    return bad === ''
      ? `"${path}" has an empty folder name (// or a / at an end)`
      : `"${path}": "${bad}" must start with a letter or digit and hold only letters, digits, ".", "_" and "-"` +
          (/^[._]/.test(bad) ? ' (Spark skips input files whose names start with "_" or ".")' : '');
  const extension = extensionOf(path);
  if (
    !(COURSE_DATA_EXTENSIONS as readonly string[]).includes(extension) &&
    !(COURSE_IMAGE_EXTENSIONS as readonly string[]).includes(extension)
  )
    return (
      `"${path}" is neither data (.${COURSE_DATA_EXTENSIONS.join(', .')}) ` +
      `nor an image (.${COURSE_IMAGE_EXTENSIONS.join(', .')})`
    );
  return undefined;
}

/**
 * What is wrong with a course's files as found (in a zip, on a server, on
 * disk) against the list in `course.json`: a listed file that is missing, one
 * that is too large, all of them too large together.
 *
 * @param found each listed file's size in bytes; a file not found is absent
 * @example
 * courseFileProblems(['data/a.csv'], new Map()); // ['files: data/a.csv is listed in course.json but missing']
 */
export function courseFileProblems(listed: readonly string[], found: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  let total = 0;
  for (const path of listed) {
    const size = found.get(path);
    if (size === undefined) {
      problems.push(`files: ${path} is listed in course.json but missing`);
      continue;
    }
    total += size;
    if (size > COURSE_FILE_MAX_BYTES)
      problems.push(
        `files: ${path} is ${megabytes(size)}; a course file is at most ${megabytes(COURSE_FILE_MAX_BYTES)}`,
      );
  }
  if (total > COURSE_FILES_MAX_BYTES)
    problems.push(
      `files: together ${megabytes(total)}; a course's files are at most ${megabytes(COURSE_FILES_MAX_BYTES)} ` +
        '(the learner downloads them all when the course opens)',
    );
  return problems;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Every image address a lesson's Markdown names, as written: `![alt](src)`
 * and `<img src="…">` in an HTML block (a block whose first line starts with
 * a tag; HTML inside a paragraph is shown as text), outside code.
 *
 * @example
 * imageReferences('See ![the plan](plan.png) and `![not](code.png)`.'); // ['plan.png']
 */
export function imageReferences(markdown: string): string[] {
  const found: string[] = [];
  let fence: string | undefined;
  let htmlBlock = false;
  let previousBlank = true;
  for (const line of markdown.split('\n')) {
    const fenceMatch = /^\s*(```+|~~~+)/.exec(line);
    if (fenceMatch) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (fenceMatch[1].startsWith(fence)) fence = undefined;
      // A closed fence ends its block as a blank line would.
      previousBlank = fence === undefined;
      continue;
    }
    if (fence !== undefined) continue;
    if (line.trim() === '') {
      htmlBlock = false;
      previousBlank = true;
      continue;
    }
    if (previousBlank && /^\s{0,3}<\/?[A-Za-z]/.test(line)) htmlBlock = true;
    previousBlank = /^#{1,6}\s/.test(line);
    const text = line.replace(/(`+)[\s\S]*?\1/g, '');
    for (const match of text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)/g)) found.push(match[1]);
    if (htmlBlock)
      for (const match of text.matchAll(/<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi))
        found.push(match[1] ?? match[2] ?? match[3]);
  }
  return found;
}

/**
 * The course file an image address in a lesson's text names, read relative
 * to the lesson's folder as Markdown reads it: `plan.png` in lesson
 * `01-joins` is `01-joins/plan.png`, `../images/plan.png` is
 * `images/plan.png`. An address with a scheme (`https:`, `data:`) is not a
 * course file (undefined); one that leaves the course folder, or starts
 * with `/`, is an error.
 *
 * @example
 * courseImagePath('01-joins', '../images/plan.png'); // 'images/plan.png'
 * courseImagePath('01-joins', 'https://example.org/a.png'); // undefined
 */
export function courseImagePath(lessonFolder: string, src: string): string | undefined | Error {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) return undefined;
  if (src.startsWith('/'))
    return new Error(`image "${src}" starts with /: name a course file relative to the lesson folder`);
  const parts = lessonFolder.split('/');
  for (const segment of src.split(/[?#]/, 1)[0].split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return new Error(`image "${src}" leaves the course folder`);
      parts.pop();
    } else {
      let name: string;
      try {
        name = decodeURIComponent(segment);
      } catch {
        return new Error(`image "${src}" is not a valid address`);
      }
      parts.push(name);
    }
  }
  return parts.join('/');
}

/**
 * The problems of one lesson's images in a course: each image its text names
 * by a relative address must be a listed course file, and an image.
 *
 * @example
 * lessonImageProblems('01-joins', '![plan](plan.png)', ['01-joins/plan.png']); // []
 */
export function lessonImageProblems(lessonFolder: string, markdown: string, listed: readonly string[]): string[] {
  const problems: string[] = [];
  for (const src of imageReferences(markdown)) {
    const path = courseImagePath(lessonFolder, src);
    if (path === undefined) continue;
    if (path instanceof Error) problems.push(`lesson.md: ${path.message}`);
    else if (!listed.includes(path))
      problems.push(
        `lesson.md: image "${src}" is ${path} in the course folder, which course.json's "files" does not list` +
          (listed.length > 0 ? ` (it lists ${listed.join(', ')})` : ''),
      );
    else if (!isCourseImage(path)) problems.push(`lesson.md: image "${src}" is not an image file`);
  }
  return problems;
}
