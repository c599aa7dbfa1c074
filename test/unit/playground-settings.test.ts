/** The playground's saved settings, the Spark configuration a run gets, and predictions as typed. */
import { describe, expect, test } from 'vitest';
import { DEFAULT_PREDICTION, confProblems, readSettings, sparkConf, toPrediction } from '../../playground/settings';

describe('saved settings', () => {
  test('nothing saved, or junk saved, gives the defaults', () => {
    for (const saved of [null, 'not json', '42', '"text"']) {
      const settings = readSettings(saved, 'PROGRAM');
      expect(settings).toMatchObject({
        source: 'PROGRAM',
        executors: 2,
        coresPerExecutor: 2,
        hosts: null,
        racks: null,
        conf: [],
      });
      expect(settings.prediction).toEqual({ jobs: '', stages: [], tasks: [], shuffleLines: null, exchanges: '' });
    }
  });

  test('saved values are read back, out-of-range numbers clamped and bad entries dropped', () => {
    const settings = readSettings(
      JSON.stringify({
        source: 'mine',
        executors: 99,
        coresPerExecutor: 0,
        hosts: 3,
        racks: '',
        conf: [{ key: 'spark.default.parallelism', value: '6' }, { key: 3 }, null],
        prediction: { jobs: '2', stages: ['2', 5], tasks: ['4, 4'], shuffleLines: [5, -1, 2.5, 9], exchanges: 7 },
      }),
      'PROGRAM',
    );
    expect(settings).toMatchObject({ source: 'mine', executors: 8, coresPerExecutor: 1, hosts: 3, racks: null });
    expect(settings.conf).toEqual([{ key: 'spark.default.parallelism', value: '6' }]);
    expect(settings.prediction).toEqual({
      jobs: '2',
      stages: ['2', ''],
      tasks: ['4, 4'],
      shuffleLines: [5, 9],
      exchanges: '',
    });
  });

  test("the first playground's saved cores field is still understood", () => {
    expect(readSettings(JSON.stringify({ source: 'x', executors: 3, cores: 4 }), '').coresPerExecutor).toBe(4);
  });
});

describe('the Spark configuration of a run', () => {
  const base = readSettings(null, '');

  test('cluster fields become spark.executor.* and kindling.hosts/racks; entries are added', () => {
    expect(
      sparkConf({
        ...base,
        executors: 3,
        coresPerExecutor: 1,
        hosts: 2,
        racks: 2,
        conf: [
          { key: ' spark.speculation ', value: ' true ' },
          { key: '', value: 'x' },
        ],
      }),
    ).toEqual({
      'spark.executor.instances': '3',
      'spark.executor.cores': '1',
      'kindling.hosts': '2',
      'kindling.racks': '2',
      'spark.speculation': 'true',
    });
  });

  test('the cluster fields win over entries for the same key, and the problem is pointed out', () => {
    const conf = [
      { key: 'spark.executor.cores', value: '8' },
      { key: 'spark.locality.wait', value: '1s' },
      { key: 'spark.locality.wait', value: '0s' },
      { key: 'bad key', value: '1' },
    ];
    expect(sparkConf({ ...base, conf })['spark.executor.cores']).toBe('2');
    expect([...confProblems(conf).entries()]).toEqual([
      [0, 'Set by the Cores each field above; this entry is ignored.'],
      [2, 'Also set above; the last one wins.'],
      [3, 'A configuration key has no spaces.'],
    ]);
  });
});

describe('a prediction as typed', () => {
  test('blanks are skipped, numbers parsed, lines sorted', () => {
    expect(
      toPrediction({ jobs: '2', stages: ['2', ''], tasks: ['4, 4', 'x'], shuffleLines: [9, 5], exchanges: '' }),
    ).toEqual({
      jobs: 2,
      stagesPerJob: [2, undefined],
      tasksPerStage: [[4, 4], undefined],
      shuffleLines: [5, 9],
    });
  });

  test('an untouched form predicts nothing; an empty line list predicts "no shuffle"', () => {
    expect(toPrediction({ jobs: '', stages: [], tasks: [], shuffleLines: null, exchanges: '' })).toEqual({
      jobs: undefined,
      stagesPerJob: undefined,
      tasksPerStage: undefined,
      shuffleLines: undefined,
      exchanges: undefined,
    });
    expect(
      toPrediction({ jobs: ' ', stages: [''], tasks: [''], shuffleLines: [], exchanges: '' }).shuffleLines,
    ).toEqual([]);
    expect(toPrediction({ ...DEFAULT_PREDICTION, exchanges: ' 3 ' }).exchanges).toBe(3);
  });
});
