/**
 * Which lessons a build of the site carries: the built-in ones (`lessons/`)
 * or a teacher's course folder instead, named by the KINDLING_LESSONS
 * environment variable (or `npm run build -- --lessons DIR`, which sets it):
 *
 *   KINDLING_LESSONS=../my-course npm run build
 *
 * The folder holds lesson folders in the same format (lessons/README.md). The
 * playground imports `virtual:kindling-lessons`: every file of every lesson
 * folder as text, keyed `/lessons/<folder>/<file>` as the engine's
 * `lessonsFromFiles` expects, and `courseFiles`, the paths of the data and
 * image files the folder's `course.json` lists (`files`). The site carries
 * those at the same paths (built, or served by `npm run dev`) and lists them in
 * its `index.json` over the site's own, so programs read them as they read the
 * site's data, offline too, and lesson text shows the images.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';
import { COURSE_FILE_NAME, CourseFormatError, parseCourseFile } from '../engine/lessons/course';
import { courseFileProblems } from '../engine/lessons/course-files';
import { renderManifest, type ManifestEntry } from './make-manifest';

const VIRTUAL_ID = 'virtual:kindling-lessons';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/** The lessons folder a build uses: KINDLING_LESSONS (relative to where the command was typed) or `lessons/`. */
export function lessonsFolder(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.KINDLING_LESSONS;
  if (!chosen) return join(projectRoot, 'lessons');
  return resolve(env.INIT_CWD ?? process.cwd(), chosen);
}

/**
 * Every file of every lesson folder under `folder` (folders and files whose names start with a dot skipped).
 *
 * @example
 * readLessonFiles('lessons')['/lessons/01-driver-executors-tasks/lesson.md'] // '---\ntitle: …'
 */
export function readLessonFiles(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const lesson of readdirSync(folder).sort()) {
    const dir = join(folder, lesson);
    if (lesson.startsWith('.') || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (!name.startsWith('.') && statSync(path).isFile())
        files[`/lessons/${lesson}/${name}`] = readFileSync(path, 'utf8');
    }
  }
  return files;
}

/** One of a course's own files, as a build carries it. */
export interface CourseFileContent {
  /** Inside the course folder, `/`-separated: where programs and lesson text find it on the site too. */
  path: string;
  content: Buffer;
}

/**
 * The files `folder/course.json` lists (`files`), read; none when the folder has no course.json (the built-in
 * lessons). A path that names one of the site's own files outside `data/` (its `index.json`, an icon) is refused,
 * since the course's file would replace it.
 *
 * @throws CourseFormatError when course.json is broken, or a listed file is missing, too large or refused
 * @example
 * readCourseFiles('../my-course'); // [{ path: 'data/orders.csv', content: <Buffer …> }]
 */
export function readCourseFiles(folder: string, publicDir?: string): CourseFileContent[] {
  const courseJson = join(folder, COURSE_FILE_NAME);
  if (!existsSync(courseJson)) return [];
  const { files } = parseCourseFile(readFileSync(courseJson, 'utf8'));
  const root = resolve(folder);
  const contents = new Map<string, Buffer>();
  for (const path of files) {
    const target = resolve(root, path);
    if (target.startsWith(root + sep) && existsSync(target) && statSync(target).isFile())
      contents.set(path, readFileSync(target));
  }
  const problems = courseFileProblems(files, new Map([...contents].map(([path, content]) => [path, content.length])));
  for (const path of files)
    if (publicDir && !path.startsWith('data/') && existsSync(join(publicDir, path)))
      problems.push(`${path}: the site has a file of its own there; put the course's under data/ or another folder`);
  if (problems.length > 0) throw new CourseFormatError(problems.map((problem) => `${problem} (in ${root})`));
  return files.map((path) => ({ path, content: contents.get(path)! }));
}

/**
 * The site's manifest of readable files (`index.json`) with the course's files added; one of the same path
 * replaces the site's, as a course opened by URL lays its files over the site's.
 *
 * @example
 * withCourseFiles([{ path: 'data/a.txt', size: 3 }], [{ path: 'data/b.csv', content }]);
 * // [{ path: 'data/a.txt', size: 3 }, { path: 'data/b.csv', size: content.length }]
 */
export function withCourseFiles(site: readonly ManifestEntry[], course: readonly CourseFileContent[]): ManifestEntry[] {
  const byPath = new Map(site.map((entry) => [entry.path, entry]));
  for (const file of course) byPath.set(file.path, { path: file.path, size: file.content.length });
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function kindlingLessons(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Plugin {
  const folder = lessonsFolder(projectRoot, env);
  let publicDir = join(projectRoot, 'public');
  /** The site's build (not the headless runner's build of runner.html), which carries the course's files. */
  let isSiteBuild = false;
  let courseFiles: CourseFileContent[] | undefined;
  const readCourse = (fail: (message: string) => never): CourseFileContent[] => {
    try {
      courseFiles ??= readCourseFiles(folder, publicDir);
    } catch (error) {
      fail(`cannot read the course files of ${folder} (KINDLING_LESSONS): ${(error as Error).message}`);
    }
    return courseFiles;
  };
  const siteManifest = (): ManifestEntry[] => {
    const path = join(publicDir, 'index.json');
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ManifestEntry[]) : [];
  };
  return {
    name: 'kindling:lessons',
    configResolved(config) {
      publicDir = config.publicDir || publicDir;
      const input = config.build.rollupOptions.input;
      isSiteBuild = config.command === 'build' && typeof input === 'object' && input !== null && 'main' in input;
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      let files: Record<string, string>;
      try {
        files = readLessonFiles(folder);
      } catch (error) {
        this.error(`cannot read the lessons folder ${folder} (KINDLING_LESSONS): ${(error as Error).message}`);
      }
      // Rebuild (and reload in dev) when a lesson file changes.
      for (const path of Object.keys(files)) this.addWatchFile(join(folder, path.slice('/lessons/'.length)));
      const paths = readCourse((message) => this.error(message)).map((file) => file.path);
      return `export default ${JSON.stringify(files)};\nexport const courseFiles = ${JSON.stringify(paths)};`;
    },
    generateBundle() {
      if (!isSiteBuild) return;
      const course = readCourse((message) => this.error(message));
      if (course.length === 0) return;
      // Emitted after public/ is copied, so these replace the site's index.json and any data file of the same path.
      for (const file of course) this.emitFile({ type: 'asset', fileName: file.path, source: file.content });
      this.emitFile({
        type: 'asset',
        fileName: 'index.json',
        source: renderManifest(withCourseFiles(siteManifest(), course)),
      });
    },
    configureServer(server) {
      // `npm run dev` serves them as a build carries them.
      const course = readCourse((message) => {
        throw new Error(message);
      });
      if (course.length === 0) return;
      const byPath = new Map(course.map((file) => [`/${file.path}`, file.content]));
      server.middlewares.use((request, response, next) => {
        const path = decodeURIComponent((request.url ?? '').split('?')[0]);
        const content =
          path === '/index.json' ? renderManifest(withCourseFiles(siteManifest(), course)) : byPath.get(path);
        if (content === undefined) return next();
        response.setHeader('cache-control', 'no-cache');
        response.end(content);
      });
    },
  };
}
