/**
 * The programs of the export round trip (every shipped JavaScript example and
 * lesson solution), and the file that holds what their JavaScript runs gave:
 * `test/export/expected-js.json`, written by
 *
 *   npm run test:export:record [-- ID ...]
 *
 * Each entry keeps the digest of the program it was recorded from, so an
 * edited example or solution is caught as stale (test/unit/export-round-trip-expected.test.ts)
 * instead of being compared with another program's output.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLES } from '../../playground/examples';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the JavaScript side's recorded runs live. */
export const EXPECTED_FILE = join(ROOT, 'test/export/expected-js.json');

export interface Program {
  id: string;
  source: string;
}

/** Per job (in id order), its stages in id order: task count and whether it was skipped. */
export type Layout = { stages: { tasks: number; skipped: boolean }[] }[];

/** What one JavaScript program's run gave, as recorded. */
export interface RecordedRun {
  /** {@link sourceDigest} of the program that was run. */
  digest: string;
  status: number | null;
  stdout: string;
  jobs: Layout;
}

export type Recorded = Record<string, RecordedRun>;

/** Every shipped example and lesson solution, by id: the examples first, then the lessons in order. */
export function shippedPrograms(): Program[] {
  const list: Program[] = EXAMPLES.map((example) => ({ id: example.id, source: example.source }));
  const lessons = join(ROOT, 'lessons');
  for (const folder of readdirSync(lessons).sort()) {
    const solution = join(lessons, folder, 'solution.js');
    if (existsSync(solution)) list.push({ id: folder, source: readFileSync(solution, 'utf8') });
  }
  return list;
}

/** Programs written for the round trip itself (test/export/cases/), for constructs no shipped program uses. */
export function casePrograms(): Program[] {
  const folder = join(ROOT, 'test/export/cases');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => ({ id: `case-${name.slice(0, -3)}`, source: readFileSync(join(folder, name), 'utf8') }));
}

/** The programs of the round trip: every shipped program, then the cases. */
export function roundTripPrograms(): Program[] {
  return [...shippedPrograms(), ...casePrograms()];
}

/**
 * Names a program's text: a recorded run belongs to the program with this digest.
 *
 * @example
 * sourceDigest('console.log(1);'); // '5d9f…' (sha-256, hex)
 */
export function sourceDigest(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

export function readRecorded(): Recorded {
  return JSON.parse(readFileSync(EXPECTED_FILE, 'utf8')) as Recorded;
}

/**
 * Programs that inject faults or kill an executor change their SparkContext
 * for whatever runs after them: each gets a run (and a context) of its own.
 */
export function needsOwnContext(source: string): boolean {
  return /\bsc\.faults\b|\bkillExecutor\b/.test(source);
}
