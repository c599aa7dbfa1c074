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
 * `lessonsFromFiles` expects.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

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

export function kindlingLessons(projectRoot: string): Plugin {
  const folder = lessonsFolder(projectRoot);
  return {
    name: 'kindling:lessons',
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
      return `export default ${JSON.stringify(files)};`;
    },
  };
}
