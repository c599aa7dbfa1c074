/**
 * The export round trip compares each Python export with a recorded run of its
 * JavaScript program (test/export/expected-js.json): every example and lesson
 * solution has one, recorded from the program as it is now.
 */
import { describe, expect, test } from 'vitest';
import { needsOwnContext, readRecorded, roundTripPrograms, shippedPrograms, sourceDigest } from '../export/programs';

const RECORD = 'npm run test:export:record --';

describe("the export round trip's recorded JavaScript runs", () => {
  const recorded = readRecorded();
  const programs = roundTripPrograms();

  test('cover every example and lesson solution, and nothing else', () => {
    expect(programs.length).toBeGreaterThanOrEqual(31);
    // None is left out: RDD and DataFrame programs alike.
    const left = shippedPrograms().filter((program) => !programs.some((p) => p.id === program.id));
    expect(left.map((program) => program.id)).toEqual([]);
    for (const program of programs) expect(program.source, program.id).toMatch(/\b(sc|spark)\b/);
    expect(Object.keys(recorded), `run ${RECORD}`).toEqual(programs.map((program) => program.id));
  });

  test('were recorded from the programs as they are now', () => {
    const stale = programs
      .filter((program) => recorded[program.id]?.digest !== sourceDigest(program.source))
      .map((program) => program.id);
    expect(stale, `changed since recorded; run ${RECORD} ${stale.join(' ')}`).toEqual([]);
  });

  test('are successful runs with output and jobs', () => {
    for (const program of programs) {
      const run = recorded[program.id];
      expect(run.status, program.id).toBe(0);
      expect(run.stdout.trim(), program.id).not.toBe('');
      expect(run.jobs.length, program.id).toBeGreaterThan(0);
    }
  });

  test('programs that inject faults or kill an executor are the ones run with a context of their own', () => {
    expect(programs.filter((program) => needsOwnContext(program.source)).map((program) => program.id)).toEqual([
      'lost-executor',
      '04-more-partitions-than-cores',
      '10-locality-delay-scheduling',
      '11-failures-retries-lineage',
      '12-stragglers-speculation',
    ]);
  });
});
