/**
 * Pyodide in Node for unit tests of the `pyspark` package's pure-Python parts
 * (pickling, serializers, the task worker), without a browser. The driver's
 * synchronous actions need JSPI, which Node 20 lacks: those are tested in
 * Chromium (test/browser/python.test.ts) and by the conformance programs.
 */
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { startInterpreter, type Interpreter } from '../../engine/python/python-interpreter';

let started: Promise<Interpreter> | null = null;

/** One interpreter per test file, started on first use (a few seconds). */
export function nodePython(): Promise<Interpreter> {
  started ??= startInterpreter({
    pythonExec: dirname(createRequire(import.meta.url).resolve('pyodide/package.json')) + '/',
  });
  return started;
}

/** Runs Python source in a fresh namespace and returns the value of its last expression, converted to JS. */
export async function py(source: string): Promise<unknown> {
  const interpreter = await nodePython();
  const namespace = interpreter.globals.get('dict')();
  try {
    const result = interpreter.runPython(source, { globals: namespace });
    return result && typeof result === 'object' && 'toJs' in result
      ? (result as { toJs(o: object): unknown }).toJs({ dict_converter: Object.fromEntries })
      : result;
  } finally {
    namespace.destroy();
  }
}
