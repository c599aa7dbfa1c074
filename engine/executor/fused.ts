/**
 * A chain of `map`, `filter` and `flatMap` fused into one iterator, as Spark
 * SQL's whole-stage code generation fuses a stage's operators: the chain's
 * `next()` is generated as source per shape of chain and compiled once per
 * stage on each task thread, so the learner's functions are called directly
 * from one piece of code instead of through one shared iterator class per
 * operation (whose call sites see every job's functions and iterators, and
 * which V8 then cannot inline).
 *
 * The rows and their order are exactly those of the chained iterators
 * (`ops.ts`): one row at a time through every operation, the learner's
 * functions called with the same argument in the same order, a flatMap's
 * array walked in place and any other iterable pulled lazily, DONE and
 * PENDING passed up with each level keeping its place.
 *
 * When the task captures the rows inside partitions (`partition-capture.ts`),
 * each RDD of the chain is counted in place, where the unfused chain passed
 * every row through one capturing iterator per RDD.
 */
import { isPrimitiveStoreKey, type KeyMap } from '../rdd/key-map';
import { DONE, PENDING, Stretch, type RowIterator } from './iterator';
import { iterate } from './ops';

type AnyFn = (...args: unknown[]) => unknown;

/** The operations a fused chain is made of. */
export type FusedOp = 'map' | 'filter' | 'flatMap';

const FUSED_OPS: ReadonlySet<string> = new Set<FusedOp>(['map', 'filter', 'flatMap']);

/** Whether a MapPartitionsRDD's operation can be part of a fused chain. */
export function isFusedOp(op: string): op is FusedOp {
  return FUSED_OPS.has(op);
}

/**
 * An RDD partition's row count kept in place by fused code (a capture's
 * sample): `count` rows went through, `done` once its last row did, and while
 * `keep` > 0 each row is handed to `take`, which lowers `keep`.
 */
export interface RowCounter {
  count: number;
  done: boolean;
  keep: number;
  take(row: unknown): void;
}

type FusedFactory = (input: RowIterator, fns: readonly AnyFn[], counters: readonly RowCounter[] | null) => RowIterator;

/** A code fragment that counts the row in `row` for level `j`. */
function counted(j: number, capture: boolean): string {
  return capture ? `c${j}.count++; if (c${j}.keep > 0) c${j}.take(row); ` : '';
}

/** The operations `ops[from..to)` (maps and filters only) applied to `row`; a filter's reject `continue`s. */
function straight(ops: readonly FusedOp[], from: number, to: number, capture: boolean): string {
  let code = '';
  for (let j = from; j < to; j++) {
    code += ops[j] === 'map' ? `row = f${j}(row); ` : `if (!f${j}(row)) continue; `;
    code += counted(j, capture);
  }
  return code;
}

/**
 * The factory's source. Segments split the chain at each flatMap: `pull0`
 * reads the input and applies the operations before the first flatMap; each
 * later `pullK` walks its flatMap's output (the array in place, an iterable
 * through its iterator), applies the maps and filters after it, and asks the
 * segment below for the next input row when the output is used up. The last
 * segment's pull is the iterator's `next`.
 */
export function fusedSource(ops: readonly FusedOp[], capture: boolean, name: string): string {
  const flatMaps = ops.flatMap((op, j) => (op === 'flatMap' ? [j] : []));
  const starts = [0, ...flatMaps];
  let code = `(DONE, PENDING, iterate) => function fused(input, fns, counters) {\n"use strict";\n`;
  for (let j = 0; j < ops.length; j++) {
    code += `const f${j} = fns[${j}];\n`;
    if (capture) code += `const c${j} = counters[${j}];\n`;
  }
  const allDone = capture ? ops.map((_, j) => `c${j}.done = true; `).join('') : '';
  // Segment 0: the input and the maps and filters before the first flatMap.
  const firstEnd = flatMaps.length > 0 ? flatMaps[0] : ops.length;
  code +=
    `function pull0() { for (;;) { let row = input.next(); ` +
    `if (row === DONE) { ${allDone}return row; } if (row === PENDING) return row; ` +
    `${straight(ops, 0, firstEnd, capture)}return row; } }\n`;
  for (let s = 1; s < starts.length; s++) {
    const k = starts[s];
    const end = s + 1 < starts.length ? starts[s + 1] : ops.length;
    const rest = counted(k, capture) + straight(ops, k + 1, end, capture);
    code +=
      `let a${s} = null, p${s} = 0, t${s} = null;\n` +
      `function pull${s}() { for (;;) {\n` +
      `  if (a${s} !== null) { if (p${s} < a${s}.length) { let row = a${s}[p${s}++]; ${rest}return row; } a${s} = null; }\n` +
      `  else if (t${s} !== null) { const r = t${s}.next(); if (!r.done) { let row = r.value; ${rest}return row; } t${s} = null; }\n` +
      `  const from = pull${s - 1}(); if (from === DONE || from === PENDING) return from;\n` +
      `  const out = f${k}(from);\n` +
      `  if (Array.isArray(out)) { a${s} = out; p${s} = 0; } else t${s} = iterate(out, 'flatMap function')[Symbol.iterator]();\n` +
      `} }\n`;
  }
  code += `return { next: pull${starts.length - 1} };\n}\n//# sourceURL=${name}`;
  return code;
}

/**
 * One synchronous stretch of a map-side combine (ExternalAppendOnlyMap's
 * `insertRows`): pulls `[key, value]` rows from `rows` into `map` until the
 * rows end (STOP), a source reads (READ) or `budget` rows went in (SETTLE);
 * `done.n` is set to the rows that went in. A row that is not a pair is
 * handed to `notPair` with the number of rows before it, which throws.
 */
export type CombineKernel = (
  rows: RowIterator,
  map: KeyMap<unknown, unknown>,
  create: (value: unknown) => unknown,
  merge: (combiner: unknown, value: unknown) => unknown,
  budget: number,
  done: { n: number },
  notPair: (row: unknown, before: number) => never,
) => number;

/**
 * The kernel's source. It does what `KeyMap.combine` does for each row, with
 * a key that `isPrimitiveStoreKey` accepts (the usual word or id) looked up in
 * the map's native store directly, where the stage's `create` and `merge` are its own call
 * sites; any other key goes through `combine`.
 */
export function combineSource(name: string): string {
  return (
    `(DONE, PENDING, STOP, READ, SETTLE, primitive) => function combineRows(rows, map, create, merge, budget, done, notPair) {\n` +
    `"use strict";\n` +
    `let store = map.primitiveStore();\n` +
    `for (let n = 0; ; n++) {\n` +
    `  if (n >= budget) { done.n = n; return SETTLE; }\n` +
    `  const row = rows.next();\n` +
    `  if (row === DONE) { done.n = n; return STOP; }\n` +
    `  if (row === PENDING) { done.n = n; return READ; }\n` +
    `  if (!Array.isArray(row) || row.length !== 2) notPair(row, n);\n` +
    `  const key = row[0], value = row[1];\n` +
    `  if (store !== null && primitive(key)) {\n` +
    `    const current = store.get(key);\n` +
    `    if (current !== undefined || store.has(key)) {\n` +
    `      const merged = merge(current, value);\n` +
    `      if (merged !== current) store.set(key, merged);\n` +
    `    } else store.set(key, create(value));\n` +
    `  } else {\n` +
    `    map.combine(key, value, create, merge);\n` +
    `    store = map.primitiveStore();\n` +
    `  }\n` +
    `}\n}\n//# sourceURL=${name}`
  );
}

let compiled = 0;

/**
 * Fused chains compiled for one stage, by shape. A stage's tasks on a thread
 * share them; another stage compiles its own, so each stage's code has type
 * feedback of its own (the learner's functions of that stage only).
 */
export class FusedChains {
  readonly #byShape = new Map<string, FusedFactory>();

  /** `input` through `ops` (bottom first), with `fns[j]` the function of `ops[j]`. */
  build(
    input: RowIterator,
    ops: readonly FusedOp[],
    fns: readonly AnyFn[],
    counters: readonly RowCounter[] | null,
  ): RowIterator {
    const shape = `${ops.join(',')}${counters ? '+capture' : ''}`;
    let factory = this.#byShape.get(shape);
    if (!factory) {
      const source = fusedSource(ops, counters !== null, `kindling-fused-${++compiled}.js`);
      // Indirect eval, as revive.ts rebuilds the learner's functions: global scope, nothing captured.
      const make = (0, eval)(source) as (done: symbol, pending: symbol, it: typeof iterate) => FusedFactory;
      this.#byShape.set(shape, (factory = make(DONE, PENDING, iterate)));
    }
    return factory(input, fns, counters);
  }

  #combine: CombineKernel | null = null;

  /** The stage's map-side combine loop (see {@link CombineKernel}). */
  combineKernel(): CombineKernel {
    if (!this.#combine) {
      const make = (0, eval)(combineSource(`kindling-combine-${++compiled}.js`)) as (
        ...constants: unknown[]
      ) => CombineKernel;
      this.#combine = make(DONE, PENDING, Stretch.STOP, Stretch.READ, Stretch.SETTLE, isPrimitiveStoreKey);
    }
    return this.#combine;
  }
}
