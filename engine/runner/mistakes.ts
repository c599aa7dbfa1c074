/**
 * Mistakes a Spark learner makes that JavaScript itself reports badly or not
 * at all, noticed in the driver and said in words at their line:
 *
 * - no action: transformations are lazy, so a program of transformations only
 *   runs nothing ("0 jobs");
 * - an action not awaited: its value is a Promise, printed as
 *   `Promise { <pending> }`;
 * - a method that does not exist (`flatmap`): the nearest that do, read from
 *   the API's own prototypes, so the list stays right as the API grows;
 * - PySpark pasted in (`lambda x: …`), and `toDF()` called on what is not an RDD.
 *
 * @module
 */
import type { CallSite } from '../rdd/call-site';
import type { ProgramNote } from './protocol';
import { editDistance } from '../util/edit-distance';

/** A class whose public methods a learner calls: the RDD, the SparkContext, later DataFrames. */
export interface ApiSurface {
  /** How a learner names it: `RDD`, `SparkContext`. */
  name: string;
  prototype: object;
}

/** Public method names of a surface, its prototype chain included (not Object's). */
export function methodNames(surface: ApiSurface): string[] {
  const names = new Set<string>();
  for (let proto = surface.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name === 'constructor' || name.startsWith('_') || typeof descriptor?.value !== 'function') continue;
      names.add(name);
    }
  }
  return [...names].sort();
}

/**
 * The methods nearest to a name that does not exist, nearest first: a case
 * slip counts least, then edit distance; only plausible ones (within a third
 * of the name's length, at least 2).
 *
 * @example
 * nearestMethods('flatmap', ['filter', 'flatMap', 'flatMapValues', 'map']); // ['flatMap', 'map', 'flatMapValues']
 */
export function nearestMethods(name: string, candidates: readonly string[], limit = 3): string[] {
  const lower = name.toLowerCase();
  const within = Math.max(2, Math.ceil(name.length / 3));
  return candidates
    .map((candidate) => {
      const caseOnly = candidate.toLowerCase() === lower;
      const distance = caseOnly ? 0.5 : editDistance(lower, candidate.toLowerCase());
      // A name that starts the same way ("flatMapValues" for "flatmap") is a likely meaning too.
      const prefix = candidate.toLowerCase().startsWith(lower) || lower.startsWith(candidate.toLowerCase());
      return { candidate, score: prefix && !caseOnly ? Math.min(distance, within) : distance };
    })
    .filter((c) => c.score <= within)
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((c) => c.candidate);
}

const NOT_A_FUNCTION = /(?:^|[\s.])([A-Za-z_$][\w$]*) is not a function/;

/**
 * A hint for "x.flatmap is not a function": the nearest methods that exist on
 * the API's surfaces, or what to do instead of a method from elsewhere
 * (`toDF`, PySpark's snake_case names).
 *
 * @example
 * missingMethodHint('lines.flatmap is not a function', [{ name: 'RDD', prototype: RDD.prototype }]);
 * // 'RDD has no method "flatmap". Did you mean flatMap, map or flatMapValues?'
 */
export function missingMethodHint(message: string, surfaces: readonly ApiSurface[]): string | undefined {
  const name = NOT_A_FUNCTION.exec(message)?.[1];
  if (!name) return undefined;
  if (name === 'toDF')
    return 'toDF is a method of an RDD (a SparkSession gives RDDs toDF, as in PySpark), and this value is not an RDD: call it before the action, e.g. sc.parallelize(rows).toDF(["name", "age"]), or use spark.createDataFrame(rows, columnNames).';
  if (name === 'createDataFrame')
    return 'createDataFrame is a method of spark (the SparkSession), not of sc: spark.createDataFrame(rows, columnNames).';
  if (name === 'toPandas') return 'toPandas() needs pandas, which Kindling does not have: use collect() for the rows.';
  for (const surface of surfaces) {
    if (methodNames(surface).includes(name))
      return `${name} is a method of ${surface.name}, but the value it was called on is not one (an action's result is a plain value: an array, a number; did you mean to call it before the action?).`;
  }
  const matches = surfaces
    .map((surface) => ({ surface, near: nearestMethods(name, methodNames(surface)) }))
    .filter((m) => m.near.length > 0);
  if (matches.length === 0) return undefined;
  const best = matches[0];
  const list =
    best.near.length === 1
      ? best.near[0]
      : `${best.near.slice(0, -1).join(', ')} or ${best.near[best.near.length - 1]}`;
  return `${best.surface.name} has no method "${name}". Did you mean ${list}?`;
}

/** Signs of Python in a program that failed to parse as JavaScript. */
const PYTHON_SIGNS = [
  /\blambda\b[^:\n]*:/,
  /^\s*def\s+\w+\s*\(.*\)\s*:/m,
  /^\s*from\s+pyspark\b/m,
  /^\s*import\s+\w+\s*$/m,
];

/**
 * A hint for a program that does not parse because it is PySpark.
 *
 * @example
 * pythonHint('rdd.map(lambda x: x * 2)'); // 'This looks like Python (PySpark): …'
 */
export function pythonHint(source: string): string | undefined {
  if (!PYTHON_SIGNS.some((sign) => sign.test(source))) return undefined;
  return (
    'This looks like Python (PySpark). Programs here are JavaScript: write `(x) => x * 2` for `lambda x: x * 2`, ' +
    'pairs as arrays `[k, v]` for tuples `(k, v)`, `await` before each action, and `console.log` for `print`.'
  );
}

/**
 * A promise an action returned, which tells whether anyone waited on it:
 * `await` (and `Promise.all`, `.then`) call `then` on a promise of another
 * class, so overriding `then` sees it.
 */
class ActionPromise<T> extends Promise<T> {
  static override get [Symbol.species]() {
    return Promise;
  }
  awaited = false;
  site: CallSite | null = null;

  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.awaited = true;
    return super.then(onFulfilled, onRejected);
  }
}

const WATCHED = Symbol('kindling.mistakes.watched');

export interface ProgramWatch {
  /** For the driver's console: a printed promise is an action not awaited. */
  printed(args: readonly unknown[], site: { line: number } | undefined): void;
  /** Once the program has ended without an error: what it did not do. */
  finished(jobsRan: number): void;
}

/**
 * Watches a program's calls into the API: remembers the last transformation
 * (a method that returned a new dataset) and every action's promise. Wraps
 * the prototypes' methods in place: call it once per driver worker, before
 * the program runs.
 */
export function watchProgram(options: {
  /** Surfaces whose methods build datasets (RDD, SparkContext). */
  surfaces: readonly ApiSurface[];
  /** Whether a value is a dataset (an RDD) — what a transformation returns. */
  isDataset: (value: unknown) => boolean;
  /** Where in the program the current call comes from. */
  siteOf: (method: string) => CallSite;
  note: (note: ProgramNote) => void;
}): ProgramWatch {
  let lastTransformation: CallSite | null = null;
  const actions: ActionPromise<unknown>[] = [];
  const reported = new Set<number>();

  for (const surface of options.surfaces) {
    const proto = surface.prototype as Record<string | symbol, unknown>;
    if (proto[WATCHED]) continue;
    proto[WATCHED] = true;
    for (const name of methodNames(surface)) {
      const owner = ownerOf(proto, name);
      const original = owner[name] as (...args: unknown[]) => unknown;
      owner[name] = function (this: unknown, ...args: unknown[]) {
        const result = original.apply(this, args);
        // Whatever returns a promise is an action (or waits like one), whatever its source was compiled to.
        if (result instanceof Promise) {
          const tracked = new ActionPromise<unknown>((resolve, reject) => result.then(resolve, reject));
          tracked.site = options.siteOf(name);
          actions.push(tracked);
          return tracked;
        }
        if (options.isDataset(result) && result !== this) {
          const site = options.siteOf(name);
          if (site.line > 0) lastTransformation = site;
        }
        return result;
      };
    }
  }

  const notAwaited = (action: ActionPromise<unknown>, line: number | undefined) => {
    const at = line ?? action.site?.line;
    if (at === undefined || at <= 0 || reported.has(at)) return;
    reported.add(at);
    const method = action.site?.method ?? 'an action';
    options.note({
      kind: 'not-awaited',
      line: at,
      message: `${method}() returns a Promise, and nothing awaited it here, so its value was not there yet (Node prints it as Promise { <pending> }). Write \`await\` before it: \`console.log(await rdd.${method}())\`.`,
    });
  };

  return {
    printed(args, site) {
      for (const arg of args) if (arg instanceof ActionPromise) notAwaited(arg, site?.line);
    },
    finished(jobsRan) {
      for (const action of actions)
        if (!action.awaited && action.site && action.site.line > 0) notAwaited(action, undefined);
      if (jobsRan === 0 && lastTransformation) {
        options.note({
          kind: 'no-action',
          line: lastTransformation.line,
          message: `Transformations are lazy: nothing ran. ${lastTransformation.method} at line ${lastTransformation.line} only described a new RDD; Spark runs a job when an action asks for a result, e.g. \`console.log(await rdd.count())\` or \`await rdd.collect()\`.`,
        });
      }
    },
  };
}

function ownerOf(proto: Record<string | symbol, unknown>, name: string): Record<string | symbol, unknown> {
  for (let p = proto; p; p = Object.getPrototypeOf(p) as Record<string | symbol, unknown>)
    if (Object.prototype.hasOwnProperty.call(p, name)) return p;
  return proto;
}
