import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { shellNamesUsed, sparkSubmitScript, submitScriptName } from '../../engine/runner/spark-submit';

/** A `spark-submit` on PATH that prints each argument it gets on a line of its own. */
const fakeBin = mkdtempSync(join(tmpdir(), 'kindling-submit-'));
writeFileSync(join(fakeBin, 'spark-submit'), '#!/bin/sh\nfor a in "$@"; do printf \'%s\\n\' "$a"; done\n');
chmodSync(join(fakeBin, 'spark-submit'), 0o755);

/** The words the shell passes to spark-submit when it runs the script. */
function submittedWords(script: string): string[] {
  const out = execFileSync('sh', ['-c', script], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}` },
  });
  return out.split('\n').slice(0, -1);
}

describe('sparkSubmitScript', () => {
  test("keeps the cluster's shape and the program's Spark settings, with dynamic allocation off", () => {
    const script = sparkSubmitScript({
      fileName: 'wordcount.py',
      settings: [
        { key: 'spark.executor.instances', value: '3' },
        { key: 'spark.executor.cores', value: '2' },
        { key: 'spark.task.maxFailures', value: '2' },
        { key: 'spark.executor.memory', value: '2g' },
      ],
    });
    expect(submittedWords(script)).toEqual([
      '--conf',
      'spark.executor.instances=3',
      '--conf',
      'spark.executor.cores=2',
      '--conf',
      'spark.dynamicAllocation.enabled=false',
      '--conf',
      'spark.default.parallelism=6',
      '--conf',
      'spark.task.maxFailures=2',
      '--conf',
      'spark.executor.memory=2g',
      'wordcount.py',
    ]);
    expect(script).toMatch(/^#!\/bin\/sh\n# Runs wordcount\.py on a Spark cluster .*\n# 3 executors × 2 cores\./);
    expect(script).not.toContain('Left out');
  });

  test("leaves out Kindling's settings, its browser-sized executor memory and injected faults, saying so", () => {
    const script = sparkSubmitScript({
      fileName: 'prog.py',
      settings: [
        { key: 'kindling.hosts', value: '3' },
        { key: 'spark.executor.memory', value: '16m' },
        { key: 'spark.master', value: 'local[4]' },
        { key: 'kindling.task.timeout', value: '10s' },
      ],
      faults: 2,
    });
    // Nothing Kindling-only reaches spark-submit; the default shape (2 × 2) does.
    expect(submittedWords(script)).toEqual([
      '--conf',
      'spark.executor.instances=2',
      '--conf',
      'spark.executor.cores=2',
      '--conf',
      'spark.dynamicAllocation.enabled=false',
      '--conf',
      'spark.default.parallelism=4',
      'prog.py',
    ]);
    const comments = script.split('\n').filter((l) => l.startsWith('#   '));
    expect(comments).toEqual([
      '#   kindling.hosts=3: a Kindling setting, no cluster knows it',
      "#   spark.executor.memory=16m: sized for a browser; Spark needs at least 450m, so the cluster's default applies",
      "#   spark.master=local[4]: the cluster's own master applies (pass --master to choose one)",
      '#   kindling.task.timeout=10s: a Kindling setting, no cluster knows it',
      '#   2 injected faults (killed executors, slow or failing tasks): Kindling injects them; a cluster has its own',
    ]);
  });

  test('an explicit default parallelism is kept as given, and 450m of executor memory is enough for Spark', () => {
    const words = submittedWords(
      sparkSubmitScript({
        fileName: 'p.py',
        settings: [
          { key: 'spark.default.parallelism', value: '8' },
          { key: 'spark.executor.memory', value: '450m' },
          { key: 'spark.executor.instances', value: '1' },
          { key: 'spark.executor.cores', value: '1' },
        ],
      }),
    );
    expect(words.filter((w) => w.startsWith('spark.default.parallelism'))).toEqual(['spark.default.parallelism=8']);
    expect(words).toContain('spark.executor.memory=450m');
  });

  test('values and file names the shell would split or expand are quoted', () => {
    const words = submittedWords(
      sparkSubmitScript({
        fileName: "my program's $HOME.py",
        settings: [{ key: 'spark.app.name', value: 'word count; rm -rf /' }],
      }),
    );
    expect(words).toContain('spark.app.name=word count; rm -rf /');
    expect(words.at(-1)).toBe("my program's $HOME.py");
  });

  test('names the script after the program', () => {
    expect(submitScriptName('wordcount.py')).toBe('wordcount.submit.sh');
    expect(submitScriptName('dir/prog')).toBe('prog.submit.sh');
  });
});

describe('shellNamesUsed', () => {
  test('finds sc and spark used without being made, as the pyspark shell allows', () => {
    expect(shellNamesUsed('print(sc.parallelize([1]).count())\nspark.range(3).show()')).toEqual(['sc', 'spark']);
    expect(shellNamesUsed('sc = SparkContext.getOrCreate()\nprint(sc.parallelize([1]).count())')).toEqual([]);
    expect(
      shellNamesUsed('spark = (SparkSession.builder\n  .getOrCreate())\nsc = spark.sparkContext\nsc.stop()'),
    ).toEqual([]);
    // A comment or another object's attribute is not a use.
    expect(shellNamesUsed('# sc.parallelize\nx = self.sc.parallelize([1])')).toEqual([]);
  });

  test("the script says how to make the shell's names under spark-submit", () => {
    const script = sparkSubmitScript({ fileName: 'p.py', settings: [], source: 'print(sc.parallelize([1]).count())' });
    expect(script).toContain('# Note: the program uses sc without creating it');
    expect(script).toContain('#   from pyspark import SparkContext; sc = SparkContext.getOrCreate()');
  });
});
