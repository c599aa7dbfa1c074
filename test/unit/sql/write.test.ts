/**
 * df.write over the engine (in-process executors, files in memory): Spark's
 * part files and _SUCCESS, one write task per partition (FileFormatWriter),
 * the save modes with Spark's errors, and every format read back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SparkContext } from '../../../engine/context';
import { MemoryFileSystem } from '../../../engine/fs/file-system';
import { F, SparkSession } from '../../../engine/sql';
import type { SparkEvent } from '../../../engine/events/types';
import { jobTaskCounts } from './session';

const fileSystem = new MemoryFileSystem();
const events: SparkEvent[] = [];
const sc = new SparkContext({ executors: 'in-process', fileSystem, onEvent: (e) => events.push(e) });
const spark = new SparkSession(sc, { print: () => {} });
afterAll(() => sc.stop());

const PART = /^part-(\d{5})-([0-9a-f-]{36})-c000/;
const people = spark.createDataFrame(
  [
    [1, 'Ada', 36.5, true],
    [2, 'Grace', null, false],
    [3, 'Linus, Jr', 28.0, null],
  ],
  'id bigint, name string, score double, active boolean',
);

function filesUnder(folder: string): string[] {
  return fileSystem
    .listSync()
    .map((f) => f.path)
    .filter((p) => p.startsWith(`${folder}/`))
    .map((p) => p.slice(folder.length + 1));
}

const jobsSince = (from: number) => jobTaskCounts(events, from);

describe('df.write', () => {
  it('writes a part file per non-empty partition (partition 0 always) and _SUCCESS, in one job', async () => {
    const from = events.length;
    await people.repartition(4).write.csv('out/people', { header: true });
    const files = filesUnder('out/people');
    expect(files).toContain('_SUCCESS');
    const parts = files.filter((f) => f !== '_SUCCESS');
    // One uuid for the job; names end -c000.csv.
    expect(new Set(parts.map((p) => PART.exec(p)![2])).size).toBe(1);
    expect(parts.every((p) => p.endsWith('-c000.csv'))).toBe(true);
    expect(parts.map((p) => PART.exec(p)![1])).toContain('00000');
    // repartition(4) under adaptive execution: its map-stage job, then the write job over the exchange.
    const jobs = jobsSince(from);
    expect(jobs).toEqual([[4], [4, 4]]);
    const back = await spark.read.csv('out/people', { header: true, inferSchema: true });
    expect(back.dtypes).toEqual([
      ['id', 'int'],
      ['name', 'string'],
      ['score', 'double'],
      ['active', 'boolean'],
    ]);
    const rows = (await back.orderBy('id').collect()).map((r) => r.asDict());
    expect(rows).toEqual([
      { id: 1, name: 'Ada', score: 36.5, active: true },
      { id: 2, name: 'Grace', score: null, active: false },
      { id: 3, name: 'Linus, Jr', score: 28.0, active: null },
    ]);
  });

  it("refuses an existing path with Spark's PATH_ALREADY_EXISTS; ignore, append and overwrite", async () => {
    await expect(people.write.json('out/people')).rejects.toThrow(
      '[PATH_ALREADY_EXISTS] Path out/people already exists. Set mode as "overwrite" to overwrite the existing path. SQLSTATE: 42K04',
    );
    const before = filesUnder('out/people');
    const from = events.length;
    await people.write.mode('ignore').json('out/people');
    expect(jobsSince(from)).toEqual([]);
    expect(filesUnder('out/people')).toEqual(before);
    await people.coalesce(1).write.mode('overwrite').json('out/people');
    const json = filesUnder('out/people').filter((f) => f.endsWith('.json'));
    expect(json.length).toBe(1);
    expect(filesUnder('out/people').some((f) => f.endsWith('.csv'))).toBe(false);
    const text = new TextDecoder().decode(await fileSystem.read(`out/people/${json[0]}`, 0, 1e6));
    expect(text).toBe(
      '{"id":1,"name":"Ada","score":36.5,"active":true}\n{"id":2,"name":"Grace","active":false}\n{"id":3,"name":"Linus, Jr","score":28.0}\n',
    );
    await people.coalesce(1).write.mode('append').json('out/people');
    expect(await (await spark.read.json('out/people')).count()).toBe(6);
    expect(() => people.write.mode('sometimes')).toThrow(
      /^\[INVALID_SAVE_MODE\] The specified save mode "sometimes" is invalid/,
    );
  });

  it('writes Parquet (snappy) that reads back with its types, and text of one string column', async () => {
    const totals = people.groupBy('active').agg(F.count('*').alias('n'), F.max('score').alias('best'));
    await totals.write.parquet('out/totals');
    const parts = filesUnder('out/totals').filter((f) => f !== '_SUCCESS');
    expect(parts.every((p) => p.endsWith('-c000.snappy.parquet'))).toBe(true);
    const back = await spark.read.parquet('out/totals');
    expect(back.dtypes).toEqual([
      ['active', 'boolean'],
      ['n', 'bigint'],
      ['best', 'double'],
    ]);
    const rows = (await back.collect()).map((r) => `${r.active}:${r.n}:${r.best}`).sort();
    expect(rows).toEqual(['false:1:null', 'null:1:28', 'true:1:36.5']);
    await people.select('name').write.text('out/names');
    expect((await (await spark.read.text('out/names')).collect()).map((r) => r.value).sort()).toEqual([
      'Ada',
      'Grace',
      'Linus, Jr',
    ]);
    await expect(people.write.text('out/bad')).rejects.toThrow(
      'Text data source supports only a single column, and you have 4 columns.',
    );
  });
});
