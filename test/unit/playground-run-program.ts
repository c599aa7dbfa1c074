/**
 * Runs a learner's driver program in Node, in-process, the way the driver
 * worker runs it in the browser: the program is rewritten so its lambdas carry
 * their free variables, names are in scope, and call sites point at the
 * program's own lines ("reduceByKey at playground.js:5"). For the
 * playground's unit tests, which need real event streams from real programs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { SparkContext } from '../../engine/context';
import { rewriteProgram } from '../../engine/closure/rewrite';
import { CallSiteResolver } from '../../engine/rdd/call-site';
import { PROGRAM_NAMES, programScope } from '../../engine/runner/program-scope';
import { MemoryFileSystem } from '../../engine/fs/file-system';
import type { SparkEvent } from '../../engine/events/types';

export interface ProgramResult {
  events: SparkEvent[];
  stdout: string[];
  executorLogs: { executorId: string; text: string }[];
  error?: Error;
}

const FILE_NAME = 'playground.js';

/** The files of public/data, as the playground's `sc.textFile` sees them. */
function publicData(): MemoryFileSystem {
  const root = join(import.meta.dirname, '../../public');
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else files[path] = readFileSync(join(root, path), 'utf8');
    }
  };
  walk('data');
  return new MemoryFileSystem(files);
}

/**
 * @example
 * const { events } = await runProgramInNode('await sc.parallelize([1, 2], 2).count();');
 */
export async function runProgramInNode(source: string, conf: Record<string, string> = {}): Promise<ProgramResult> {
  const { code, originalColumn } = rewriteProgram(source, { declared: ['sc'] });
  // One line of prefix shares line 1 with the program, so no line moves (as in the driver worker).
  const prefix = `(async (${PROGRAM_NAMES.join(', ')}) => {`;
  const callSites = new CallSiteResolver(FILE_NAME, FILE_NAME, (line, column) =>
    originalColumn(line, line === 1 ? column - prefix.length : column),
  );
  const result: ProgramResult = { events: [], stdout: [], executorLogs: [] };
  const sc = new SparkContext({
    executors: 'in-process',
    conf: { 'spark.executor.instances': '2', 'spark.executor.cores': '2', ...conf },
    fileSystem: publicData(),
    callSites,
    onEvent: (event) => result.events.push(event),
    onExecutorLog: (executorId, _stream, args) =>
      result.executorLogs.push({ executorId, text: args.map(String).join(' ') }),
  });
  const say = (...args: unknown[]) => result.stdout.push(args.map(String).join(' '));
  const programConsole = { log: say, info: say, debug: say, warn: say, error: say };
  const program = runInThisContext(`${prefix}${code}\n})`, { filename: FILE_NAME }) as (
    ...args: unknown[]
  ) => Promise<void>;
  // In-process executors run task functions in this realm, where `console` is Node's: record what tasks print.
  const methods = ['log', 'info', 'debug', 'warn', 'error'] as const;
  const original = methods.map((name) => console[name]);
  for (const name of methods)
    console[name] = (...args: unknown[]) =>
      result.executorLogs.push({ executorId: 'in-process', text: args.map(String).join(' ') });
  try {
    await sc.ready;
    const scope = programScope(sc, programConsole);
    await program(...PROGRAM_NAMES.map((name) => scope[name]));
  } catch (error) {
    result.error = error instanceof Error ? error : new Error(String(error));
  } finally {
    methods.forEach((name, i) => (console[name] = original[i]));
  }
  await sc.stop();
  return result;
}
