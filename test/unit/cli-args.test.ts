import { describe, expect, it } from 'vitest';
import { describeProgramError, parseArgs } from '../../engine/runner/cli';

const defaults = { 'spark.executor.instances': '2', 'spark.executor.cores': '2' };

describe('parseArgs', () => {
  it('runs FILE with 2 executors × 2 cores and a 300 s timeout by default', () => {
    expect(parseArgs(['run', 'wordcount.js'])).toEqual({
      command: 'run',
      options: { file: 'wordcount.js', conf: defaults, timeoutSeconds: 300 },
    });
  });

  it('maps --executors and --cores to Spark settings', () => {
    const parsed = parseArgs(['run', 'p.js', '--executors', '3', '--cores=1']);
    expect(parsed).toMatchObject({
      options: { conf: { 'spark.executor.instances': '3', 'spark.executor.cores': '1' } },
    });
  });

  it('collects repeated --conf KEY=VALUE, keeping "=" inside values', () => {
    const parsed = parseArgs(['run', '--conf', 'spark.default.parallelism=6', 'p.js', '--conf=spark.app.name=a=b']);
    expect(parsed).toEqual({
      command: 'run',
      options: {
        file: 'p.js',
        conf: { ...defaults, 'spark.default.parallelism': '6', 'spark.app.name': 'a=b' },
        timeoutSeconds: 300,
      },
    });
  });

  it('lets the later of --executors and --conf spark.executor.instances win', () => {
    expect(parseArgs(['run', 'p.js', '--executors', '3', '--conf', 'spark.executor.instances=5'])).toMatchObject({
      options: { conf: { 'spark.executor.instances': '5' } },
    });
    expect(parseArgs(['run', 'p.js', '--conf', 'spark.executor.instances=5', '--executors', '3'])).toMatchObject({
      options: { conf: { 'spark.executor.instances': '3' } },
    });
  });

  it('takes --event-log and --timeout', () => {
    expect(parseArgs(['run', 'p.js', '--event-log', '/tmp/e.jsonl', '--timeout', '2.5'])).toMatchObject({
      options: { eventLog: '/tmp/e.jsonl', timeoutSeconds: 2.5 },
    });
  });

  it('reads the conformance checker’s argument order', () => {
    const parsed = parseArgs(['run', '/x/01.js', '--executors', '2', '--cores', '2', '--event-log', '/tmp/01.jsonl']);
    expect(parsed).toEqual({
      command: 'run',
      options: { file: '/x/01.js', conf: defaults, eventLog: '/tmp/01.jsonl', timeoutSeconds: 300 },
    });
  });

  it('answers --help and -h anywhere', () => {
    expect(parseArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['run', 'p.js', '-h'])).toEqual({ command: 'help' });
  });

  it.each([
    [[], /no command/],
    [['walk', 'p.js'], /unknown command "walk"/],
    [['run'], /needs a FILE/],
    [['run', 'a.js', 'b.js'], /unexpected argument "b.js"/],
    [['run', 'p.js', '--verbose'], /unknown option --verbose/],
    [['run', 'p.js', '--executors'], /--executors needs a value/],
    [['run', 'p.js', '--executors', '0'], /positive whole number/],
    [['run', 'p.js', '--cores', '1.5'], /positive whole number/],
    [['run', 'p.js', '--conf', 'novalue'], /KEY=VALUE/],
    [['run', 'p.js', '--conf', '=x'], /KEY=VALUE/],
    [['run', 'p.js', '--timeout', 'soon'], /positive number of seconds/],
    [['run', 'p.js', '--timeout', '-1'], /positive number of seconds/],
  ])('refuses %j', (argv, message) => {
    const parsed = parseArgs(argv);
    expect(parsed.command).toBe('usage-error');
    expect(parsed.command === 'usage-error' && parsed.message).toMatch(message);
  });
});

describe('describeProgramError', () => {
  const source = 'const a = 1;\nconst n = await sc.parallelize([1]).map((x) => x.foo()).count();\n';

  it('names the file, line and column, shows the line with a caret, then the error', () => {
    const text = describeProgramError(
      {
        name: 'TypeError',
        message: 'x.foo is not a function',
        line: 2,
        column: 49,
        stack:
          'TypeError: x.foo is not a function\n    at eval (program.js:2:49)\n    at run (http://127.0.0.1:1/assets/driver.js:1:99)',
      },
      'program.js',
      source,
    );
    expect(text).toBe(
      'program.js:2:49\n' +
        '    const n = await sc.parallelize([1]).map((x) => x.foo()).count();\n' +
        '                                                    ^\n' +
        '\n' +
        'TypeError: x.foo is not a function\n' +
        '    at eval (program.js:2:49)\n',
    );
  });

  it('leaves out the caret when the column is past the end of the line', () => {
    const text = describeProgramError({ name: 'Error', message: 'x', line: 1, column: 80 }, 'p.js', source);
    expect(text).toBe('p.js:1:80\n    const a = 1;\n\nError: x\n');
  });

  it('prints only the error when its line is unknown', () => {
    expect(describeProgramError({ name: 'SparkException', message: 'Job aborted' }, 'p.js', source)).toBe(
      'SparkException: Job aborted\n',
    );
  });
});
