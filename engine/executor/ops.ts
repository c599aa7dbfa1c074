/**
 * What a MapPartitionsRDD does to its parent's partition, on the executor.
 * User functions run inside `runInTask` so TaskContext.get() and
 * accumulators see the right task.
 */
import type { MapOp } from '../rdd/wire';
import { KeyMap } from '../rdd/key-map';
import { runInTask, type TaskContext } from './task-context';
import { createRandom, poisson } from './random';

type AnyFn = (...args: unknown[]) => unknown;

/** Throws the error a learner needs when a pair operation meets a record that is not [key, value]. */
export function checkPair(rec: unknown, op: string, partition: number, index: number): [unknown, unknown] {
  if (Array.isArray(rec) && rec.length === 2) return rec as [unknown, unknown];
  throw new TypeError(
    `${op} needs an RDD of [key, value] pairs (2-element arrays), but record ${index} of partition ${partition} is ` +
      `${describe(rec)}. Turn records into pairs first, e.g. .map((x) => [x, 1]).`,
  );
}

function describe(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function iterate(value: unknown, what: string): Iterable<unknown> {
  if (value !== null && value !== undefined && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function')
    return value as Iterable<unknown>;
  throw new TypeError(`${what} must return an iterable (an array or a generator), got ${describe(value)}`);
}

export function applyMapOp(
  op: MapOp,
  fn: AnyFn | undefined,
  records: unknown[],
  partition: number,
  ctx: TaskContext,
): unknown[] {
  return runInTask(ctx, () => {
    const out: unknown[] = [];
    switch (op.op) {
      case 'identity':
        return records;
      case 'map':
        for (let i = 0; i < records.length; i++) out.push(fn!(records[i]));
        return out;
      case 'filter':
        for (let i = 0; i < records.length; i++) if (fn!(records[i])) out.push(records[i]);
        return out;
      case 'flatMap':
        for (let i = 0; i < records.length; i++)
          for (const y of iterate(fn!(records[i]), 'flatMap function')) out.push(y);
        return out;
      case 'keyBy':
        for (let i = 0; i < records.length; i++) out.push([fn!(records[i]), records[i]]);
        return out;
      case 'mapValues':
        for (let i = 0; i < records.length; i++) {
          const [k, v] = checkPair(records[i], 'mapValues', partition, i);
          out.push([k, fn!(v)]);
        }
        return out;
      case 'flatMapValues':
        for (let i = 0; i < records.length; i++) {
          const [k, v] = checkPair(records[i], 'flatMapValues', partition, i);
          for (const y of iterate(fn!(v), 'flatMapValues function')) out.push([k, y]);
        }
        return out;
      case 'keys':
        for (let i = 0; i < records.length; i++) out.push(checkPair(records[i], 'keys', partition, i)[0]);
        return out;
      case 'values':
        for (let i = 0; i < records.length; i++) out.push(checkPair(records[i], 'values', partition, i)[1]);
        return out;
      case 'mapPartitions':
        return [...iterate(fn!(records[Symbol.iterator]()), 'mapPartitions function')];
      case 'mapPartitionsWithIndex':
        return [...iterate(fn!(partition, records[Symbol.iterator]()), 'mapPartitionsWithIndex function')];
      case 'glom':
        return [records];
      case 'dedupe': {
        const seen = new KeyMap<unknown, true>();
        for (const r of records)
          if (!seen.has(r)) {
            seen.set(r, true);
            out.push(r);
          }
        return out;
      }
      case 'swapToValueKey':
        return records.map((r) => [r, null]);
      case 'sample':
        return sample(records, op.withReplacement, op.fraction, op.seed + partition);
      case 'distribute': {
        // Spark's repartition: start at a pseudo-random position per partition, then round-robin.
        let position = Math.floor(createRandom(partition).next() * op.numPartitions);
        for (const r of records) {
          position++;
          out.push([position, r]);
        }
        return out;
      }
      case 'sketch': {
        // Spark's RangePartitioner.sketch: reservoir-sample each partition and count it.
        const seed = (partition ^ (op.shift << 16)) >>> 0;
        const k = op.sampleSize;
        const reservoir = records.slice(0, k);
        if (records.length > k) {
          const rnd = createRandom(seed);
          for (let i = k; i < records.length; i++) {
            const j = Math.floor(rnd.next() * (i + 1));
            if (j < k) reservoir[j] = records[i];
          }
        }
        return [[partition, records.length, reservoir]];
      }
      case 'joinFlatten':
        for (let i = 0; i < records.length; i++) {
          const [k, groups] = records[i] as [unknown, unknown[][]];
          const [vs, ws] = groups;
          if (op.kind === 'inner') {
            for (const v of vs) for (const w of ws) out.push([k, [v, w]]);
          } else if (op.kind === 'left') {
            for (const v of vs)
              if (ws.length === 0) out.push([k, [v, null]]);
              else for (const w of ws) out.push([k, [v, w]]);
          } else if (op.kind === 'right') {
            for (const w of ws)
              if (vs.length === 0) out.push([k, [null, w]]);
              else for (const v of vs) out.push([k, [v, w]]);
          } else {
            if (vs.length === 0) for (const w of ws) out.push([k, [null, w]]);
            else if (ws.length === 0) for (const v of vs) out.push([k, [v, null]]);
            else for (const v of vs) for (const w of ws) out.push([k, [v, w]]);
          }
        }
        return out;
      case 'intersectFilter':
        for (const r of records) {
          const [, groups] = r as [unknown, unknown[][]];
          if (groups[0].length > 0 && groups[1].length > 0) out.push(r);
        }
        return out;
    }
  });
}

/** A map operation with its rebuilt function, one link of a chain. */
export interface LiveMapOp {
  op: MapOp;
  fn: AnyFn | undefined;
}

/** Operations that look at one record at a time, so a task can pass records through them one by one. */
const RECORD_AT_A_TIME = new Set<MapOp['op']>([
  'identity',
  'map',
  'filter',
  'flatMap',
  'keyBy',
  'mapValues',
  'flatMapValues',
  'keys',
  'values',
  'swapToValueKey',
]);

export function isRecordAtATime(op: MapOp): boolean {
  return RECORD_AT_A_TIME.has(op.op);
}

/**
 * Chains record-at-a-time operations (see {@link isRecordAtATime}), first to
 * last, into one function that takes a record of the first operation's input
 * and hands whatever comes out of the last to `emit`, as Spark pipelines
 * narrow transformations through iterators: no array between them, and each
 * record goes all the way through before the next one starts. Records come out
 * in the order `applyMapOp` would give them, and errors name the same record
 * (each link counts its own input). The caller runs it inside `runInTask`.
 *
 * @example
 * const out: unknown[] = [];
 * const push = chainOps([{ op: { op: 'filter', f }, fn: (x) => x > 1 }], 0, (r) => out.push(r));
 * [1, 2, 3].forEach(push); // out: [2, 3]
 */
export function chainOps(
  ops: readonly LiveMapOp[],
  partition: number,
  emit: (record: unknown) => void,
): (record: unknown) => void {
  let next = emit;
  for (let i = ops.length - 1; i >= 0; i--) next = link(ops[i], partition, next);
  return next;
}

function link({ op, fn }: LiveMapOp, partition: number, next: (record: unknown) => void): (record: unknown) => void {
  let index = 0;
  switch (op.op) {
    case 'identity':
      return next;
    case 'map':
      return (r) => next(fn!(r));
    case 'filter':
      return (r) => {
        if (fn!(r)) next(r);
      };
    case 'flatMap':
      return (r) => {
        const out = fn!(r);
        if (Array.isArray(out)) for (let i = 0; i < out.length; i++) next(out[i]);
        else for (const y of iterate(out, 'flatMap function')) next(y);
      };
    case 'keyBy':
      return (r) => next([fn!(r), r]);
    case 'mapValues':
      return (r) => {
        const [k, v] = checkPair(r, 'mapValues', partition, index++);
        next([k, fn!(v)]);
      };
    case 'flatMapValues':
      return (r) => {
        const [k, v] = checkPair(r, 'flatMapValues', partition, index++);
        for (const y of iterate(fn!(v), 'flatMapValues function')) next([k, y]);
      };
    case 'keys':
      return (r) => next(checkPair(r, 'keys', partition, index++)[0]);
    case 'values':
      return (r) => next(checkPair(r, 'values', partition, index++)[1]);
    case 'swapToValueKey':
      return (r) => next([r, null]);
    default:
      throw new Error(`${op.op} does not work record by record`);
  }
}

/** Bernoulli sampling without replacement, Poisson with, seeded per partition. */
export function sample(records: unknown[], withReplacement: boolean, fraction: number, seed: number): unknown[] {
  const rnd = createRandom(seed);
  const out: unknown[] = [];
  if (!withReplacement) {
    for (const r of records) if (rnd.next() < fraction) out.push(r);
  } else {
    for (const r of records) {
      const n = poisson(rnd, fraction);
      for (let i = 0; i < n; i++) out.push(r);
    }
  }
  return out;
}

export interface LiveAggregator {
  createCombiner: AnyFn;
  mergeValue: AnyFn;
  mergeCombiners: AnyFn;
  zeroValue?: { value: unknown };
}
