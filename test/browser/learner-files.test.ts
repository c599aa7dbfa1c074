/**
 * The learner's own files (IndexedDB) under a real program run: read by plain
 * names beside the shipped data, written by saveAsTextFile as Spark lays its
 * output out, refused when the output exists, read back.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { BrowserFileSystem } from '../../engine/fs/browser-files';
import { layeredFsBase } from '../../engine/fs/layered';
import { runProgram } from '../../engine/runner/program-host';
import { fromLoggable } from '../../engine/runner/loggable';
import type { HostMessage, ProgramError } from '../../engine/runner/protocol';

const DB = `kindling-files-test-${Math.random().toString(36).slice(2)}`;
const fsBase = layeredFsBase(new URL('/test/browser/fixtures/fs/', location.origin).href, DB);
const files = new BrowserFileSystem(DB);
const text = (s: string) => new TextEncoder().encode(s);

afterAll(async () => {
  await files.close();
  indexedDB.deleteDatabase(DB);
});

async function run(source: string): Promise<{ stdout: unknown[][]; error: ProgramError | null }> {
  const out = { stdout: [] as unknown[][], error: null as ProgramError | null };
  const r = runProgram({ source, fileName: 'mine.js', conf: {}, fsBase }, (m: HostMessage) => {
    if (m.type === 'stdout') out.stdout.push(fromLoggable(m.args));
    else if (m.type === 'done' && !m.ok) out.error = m.error;
  });
  await r.done;
  return out;
}

describe("the learner's files", () => {
  test('textFile("some_data*") reads them by plain name; the shipped data is still there', async () => {
    await files.write('some_data1.txt', text('a b c\nd e\n'));
    await files.write('some_data2.txt', new Blob(['f g\nh\n']));
    const r = await run(
      [
        'const words = sc.textFile("some_data*").flatMap((l) => l.split(" "));',
        'console.log(await words.count(), words.getNumPartitions());',
        'console.log(await sc.textFile("data/*.txt").count());',
      ].join('\n'),
    );
    expect(r.error).toBeNull();
    // 15 bytes, minPartitions 2: goal 7 (Hadoop's long division); some_data1 (10 B > 1.1 × 7) is cut in two.
    expect(r.stdout[0]).toEqual([8, 3]);
    expect(r.stdout[1][0]).toBeGreaterThan(0);
  });

  test('saveAsTextFile writes out/part-0000N and _SUCCESS; a second save fails as Hadoop does; textFile reads it back', async () => {
    const first = await run(
      [
        'await sc.parallelize(["x", "y", "z"], 2).saveAsTextFile("out");',
        'console.log(await sc.textFile("out").collect());',
      ].join('\n'),
    );
    expect(first.error).toBeNull();
    expect(first.stdout[0][0]).toEqual(['x', 'y', 'z']);
    expect((await files.list()).filter((f) => f.path.startsWith('out/'))).toEqual([
      { path: 'out/_SUCCESS', size: 0 },
      { path: 'out/part-00000', size: 2 },
      { path: 'out/part-00001', size: 4 },
    ]);
    const again = await run('await sc.parallelize([1], 1).saveAsTextFile("out");');
    expect(again.error?.name).toBe('FileAlreadyExistsException');
    expect(again.error?.message).toBe('Output directory out already exists');
    expect(again.error?.line).toBe(1);
  });

  test('a path that matches nothing names the files that exist, nearest first', async () => {
    const r = await run('sc.textFile("some-data*");');
    expect(r.error?.message).toMatch(
      /^Input Pattern some-data\* matches 0 files\nFiles that exist, nearest names first: some_data1\.txt, some_data2\.txt, /,
    );
  });

  test('rename refuses to overwrite; remove takes a folder with it', async () => {
    await expect(files.rename('some_data1.txt', 'some_data2.txt')).rejects.toThrow('some_data2.txt already exists');
    await files.rename('out', 'saved');
    expect((await files.list()).map((f) => f.path)).toContain('saved/part-00000');
    await files.remove('saved');
    expect((await files.list()).map((f) => f.path)).toEqual(['some_data1.txt', 'some_data2.txt']);
  });
});
