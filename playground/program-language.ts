/**
 * The languages a driver program is written in. The engine tells them apart by
 * the program's file name, so the playground, the widget and the lessons name
 * a program's file after its language.
 */

import { PYODIDE_FOLDER } from '../engine/python/version';

export type ProgramLanguage = 'javascript' | 'python';

export const PROGRAM_LANGUAGES: readonly { id: ProgramLanguage; label: string }[] = [
  { id: 'javascript', label: 'JavaScript' },
  { id: 'python', label: 'Python' },
];

/**
 * The name a program runs under: call sites and stack traces say `reduceByKey at playground.py:5`.
 *
 * @example
 * programFileName('playground', 'python'); // 'playground.py'
 */
export function programFileName(base: string, language: ProgramLanguage): string {
  return `${base}.${language === 'python' ? 'py' : 'js'}`;
}

/** A language from outside (a saved setting, a link, an attribute); JavaScript unless it names Python. */
export function readLanguage(value: unknown): ProgramLanguage {
  return typeof value === 'string' && /^(python|py)$/i.test(value.trim()) ? 'python' : 'javascript';
}

/**
 * Where a page finds the Python runtime: the `pyodide-<version>/` folder at the root of the
 * deployed build (the playground's base, or the folder an embed's script came from).
 *
 * @example
 * pythonExecAt('https://example.org/kindling/'); // 'https://example.org/kindling/pyodide-314.0.8/'
 */
export function pythonExecAt(buildRoot: string): string {
  return new URL(PYODIDE_FOLDER, buildRoot).href;
}
