/** Mistakes a learner makes, said in words at their line, through the real driver worker. */
import { describe, expect, test } from 'vitest';
import { runProgram } from '../../engine/runner/program-host';
import { fromLoggable } from '../../engine/runner/loggable';
import type { HostMessage, ProgramError, ProgramNote } from '../../engine/runner/protocol';

const fsBase = new URL('/test/browser/fixtures/fs/', location.origin).href;

async function run(source: string) {
  const out = { stdout: [] as unknown[][], notes: [] as ProgramNote[], error: null as ProgramError | null };
  const r = runProgram({ source, fileName: 'mine.js', conf: {}, fsBase }, (m: HostMessage) => {
    if (m.type === 'stdout') out.stdout.push(fromLoggable(m.args));
    else if (m.type === 'note') out.notes.push(m.note);
    else if (m.type === 'done' && !m.ok) out.error = m.error;
  });
  await r.done;
  return out;
}

describe('mistakes explained', () => {
  test('no action: transformations are lazy, nothing ran, at the last transformation', async () => {
    const r = await run(
      'const lines = sc.textFile("data/*.txt");\nconst words = lines.flatMap((l) => l.split(" "));\n',
    );
    expect(r.error).toBeNull();
    expect(r.notes).toEqual([
      expect.objectContaining({
        kind: 'no-action',
        line: 2,
        message: expect.stringMatching(/^Transformations are lazy: nothing ran\. flatMap at line 2/),
      }),
    ]);
  });

  test('an action not awaited: said at its line, printed or not; awaited actions say nothing', async () => {
    const r = await run(
      [
        'const rdd = sc.parallelize([1, 2, 3], 2);',
        'console.log(rdd.count());',
        'const n = rdd.sum();',
        'console.log(await rdd.count(), await Promise.all([rdd.max()]));',
      ].join('\n'),
    );
    expect(r.error).toBeNull();
    expect(r.notes.map((n) => [n.kind, n.line])).toEqual([
      ['not-awaited', 2],
      ['not-awaited', 3],
    ]);
    expect(r.notes[0].message).toMatch(/^count\(\) returns a Promise/);
    expect(r.notes[1].message).toMatch(/^sum\(\) returns a Promise/);
    expect(r.stdout[1]).toEqual([3, [3]]);
  });

  test('a method that does not exist: the nearest that do, from the API', async () => {
    const r = await run('const lines = sc.parallelize(["a b"]);\nawait lines.flatmap((l) => l.split(" ")).count();');
    expect(r.error?.name).toBe('TypeError');
    expect(r.error?.line).toBe(2);
    expect(r.error?.hint).toMatch(/^RDD has no method "flatmap"\. Did you mean flatMap/);
  });

  test("toDF works on an RDD and gets a hint on an action's result; pasted PySpark gets a hint", async () => {
    // A SparkSession gives RDDs toDF (PySpark's does the same); inferring the types runs first()'s job, so it is awaited.
    const df = await run('const df = await sc.parallelize([[1, 2]]).toDF(["a", "b"]);\nconsole.log(df.columns);');
    expect(df.error).toBeNull();
    expect(df.stdout).toEqual([[['a', 'b']]]);
    const rows = await run('const rows = await sc.parallelize([[1, 2]]).collect();\nrows.toDF();');
    expect(rows.error?.line).toBe(2);
    expect(rows.error?.hint).toMatch(
      /^toDF is a method of an RDD .* and this value is not an RDD: call it before the action/,
    );
    const py = await run('rdd = sc.parallelize([1, 2])\nrdd.map(lambda x: x * 2).collect()');
    expect(py.error?.name).toBe('SyntaxError');
    expect(py.error?.hint).toMatch(/^This looks like Python \(PySpark\)/);
  });
});
