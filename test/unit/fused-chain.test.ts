/**
 * Fused chains of map/filter/flatMap (engine/executor/fused.ts) against the
 * chained iterators they replace (engine/executor/ops.ts), on random chains:
 * the same rows in the same order, the learner's functions called with the
 * same arguments in the same order (side effects interleave row by row, as
 * Spark's chained iterators make them), PENDING passed up with every level
 * keeping its place, a consumer that stops early touching the same rows, and
 * the same counts for the partition view as the capturing iterators give.
 */
import { expect, test } from 'vitest';
import { ExternalAppendOnlyMap } from '../../engine/executor/external';
import { DONE, PENDING, PullIO, drain, type PullTaskLike, type RowIterator } from '../../engine/executor/iterator';
import { buildMapOp } from '../../engine/executor/ops';
import { FusedChains, fusedSource, type FusedOp } from '../../engine/executor/fused';
import { PartitionCapture } from '../../engine/executor/partition-capture';
import { TaskContext } from '../../engine/executor/task-context';
import { emptyMetrics, type MapOp } from '../../engine/rdd/wire';
import { mulberry32 as random } from '../../engine/util/random/mulberry32';
import { MemoryBlockStore } from '../../engine/storage/block-store';

type AnyFn = (...args: unknown[]) => unknown;

/** The rows 0..n-1, answering PENDING before the rows `pendingBefore` holds (once each). */
class Source implements RowIterator {
  #i = 0;
  #paused = new Set<number>();
  constructor(
    readonly n: number,
    readonly pendingBefore: ReadonlySet<number>,
    readonly log: string[],
  ) {}
  next(): unknown {
    if (this.pendingBefore.has(this.#i) && !this.#paused.has(this.#i)) {
      this.#paused.add(this.#i);
      this.log.push(`pending before ${this.#i}`);
      return PENDING;
    }
    if (this.#i >= this.n) return DONE;
    this.log.push(`read ${this.#i}`);
    return this.#i++;
  }
}

/** The functions of a random chain, logging every call with its argument. */
function chainFunctions(ops: FusedOp[], rnd: () => number, log: string[]): AnyFn[] {
  return ops.map((op, j) => {
    const m = 2 + Math.floor(rnd() * 3);
    if (op === 'map')
      return (x: unknown) => {
        log.push(`map${j} ${String(x)}`);
        return `${String(x)}m${j}`;
      };
    if (op === 'filter')
      return (x: unknown) => {
        log.push(`filter${j} ${String(x)}`);
        return String(x).length % m !== 0;
      };
    // flatMap: an array, an empty array, or a generator whose steps are logged.
    const kind = Math.floor(rnd() * 3);
    return (x: unknown) => {
      log.push(`flatMap${j} ${String(x)}`);
      const count = String(x).length % m;
      if (kind === 0) return Array.from({ length: count }, (_, i) => `${String(x)}f${j}.${i}`);
      if (kind === 1) return count === 1 ? [] : [`${String(x)}f${j}`];
      return (function* () {
        for (let i = 0; i < count; i++) {
          log.push(`yield${j} ${String(x)}.${i}`);
          yield `${String(x)}g${j}.${i}`;
        }
      })();
    };
  });
}

/** Pulls up to `limit` rows, pulling again after PENDING (the read is "done" at once). */
function pull(rows: RowIterator, limit: number, log: string[]): unknown[] {
  const out: unknown[] = [];
  while (out.length < limit) {
    const row = rows.next();
    if (row === DONE) break;
    if (row === PENDING) {
      log.push('resume');
      continue;
    }
    log.push(`out ${String(row)}`);
    out.push(row);
  }
  return out;
}

const OPS: FusedOp[] = ['map', 'filter', 'flatMap'];

test('random chains: fused and chained iterators give the same rows, calls, pauses and counts', () => {
  const ctx = new TaskContext(0, 0, 0, 0, 0, {});
  let fusedChains = new FusedChains();
  for (let seed = 1; seed <= 300; seed++) {
    const rnd = random(seed);
    const ops = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => OPS[Math.floor(rnd() * 3)]);
    const n = Math.floor(rnd() * 12);
    const pendingBefore = new Set(Array.from({ length: 3 }, () => Math.floor(rnd() * (n + 1))));
    const limit = rnd() < 0.3 ? Math.floor(rnd() * 4) : Infinity;
    const fnSeed = Math.floor(rnd() * 1e9);
    const capture = rnd() < 0.5;
    if (seed % 50 === 0) fusedChains = new FusedChains();

    const run = (fused: boolean) => {
      const log: string[] = [];
      const fns = chainFunctions(ops, random(fnSeed), log);
      const source = new Source(n, pendingBefore, log);
      const cap = capture ? new PartitionCapture({ rows: 2, chars: 4096 }) : null;
      let rows: RowIterator;
      if (fused) {
        const counters = cap ? ops.map((_, j) => cap.counter(10 + j, 0)) : null;
        rows = fusedChains.build(source, ops, fns, counters);
      } else {
        rows = source;
        ops.forEach((op, j) => {
          const built = buildMapOp(rows, { op, f: { source: '', env: {} } } as MapOp, {
            fn: fns[j],
            partition: 0,
            ctx,
            io: new PullIO(),
          });
          rows = cap ? cap.wrap(10 + j, 0, built) : built;
        });
      }
      const out = pull(rows, limit, log);
      return { out, log, captured: cap?.result() ?? null };
    };
    const chained = run(false);
    const fused = run(true);
    const what = `seed ${seed}: ${ops.join(' → ')} over ${n} rows, limit ${limit}`;
    expect(fused.out, what).toEqual(chained.out);
    expect(fused.log, what).toEqual(chained.log);
    expect(fused.captured, what).toEqual(chained.captured);
  }
});

test('a flatMap that returns something not iterable fails with the chained iterator’s message', () => {
  const rows = new FusedChains().build(new Source(1, new Set(), []), ['flatMap'], [() => 42], null);
  expect(() => rows.next()).toThrow('flatMap function must return an iterable (an array or a generator), got 42');
});

test('the generated source calls each function directly and names its file', () => {
  const source = fusedSource(['flatMap', 'filter', 'map'], false, 'kindling-fused-test.js');
  // The word count's chain: one pull per flatMap segment, the filter and map applied in place.
  expect(source).toContain('if (!f1(row)) continue; row = f2(row); return row;');
  expect(source).toContain('const out = f0(from);');
  expect(source).toMatch(/\/\/# sourceURL=kindling-fused-test\.js$/);
});

/** A PullTaskLike over a fresh TaskContext, for driving pipelines outside a task. */
function pullTask(): PullTaskLike {
  const io = new PullIO();
  return { ctx: new TaskContext(0, 0, 0, 0, 1, {}), io, checkKilled: () => {}, wait: (p) => p };
}

/** `rows` one at a time, answering PENDING (with a read to await) before every 700th. */
function pausing(rows: readonly unknown[], io: PullIO): RowIterator {
  let i = 0;
  let paused = -1;
  return {
    next() {
      if (i % 700 === 0 && paused !== i && i < rows.length) {
        paused = i;
        return io.waitFor(Promise.resolve());
      }
      return i < rows.length ? rows[i++] : DONE;
    },
  };
}

/** Keys of every kind the kernel meets: ints first (KeyMap's int table), then words, and the ones it must hand to combine. */
function combineRecords(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => {
    const kind = i < 200 ? 0 : i % 9;
    const key =
      kind <= 2
        ? i % 37
        : kind <= 5
          ? `w${(i * 7) % 500}`
          : kind === 6
            ? `\u0000${i % 3}`
            : kind === 7
              ? ['a', i % 5]
              : [-0, 0, NaN, 1.5, '', true][i % 6];
    return [key, i];
  });
}

const sum = {
  createCombiner: (v: unknown) => [v],
  mergeValue: (c: unknown, v: unknown) => [...(c as unknown[]), v],
  mergeCombiners: (a: unknown, b: unknown) => [...(a as unknown[]), ...(b as unknown[])],
};

test('a map-side combine through the stage’s compiled kernel: the entries, their order, spills and errors of insert() row by row', async () => {
  const records = combineRecords(12_000);
  const kernel = new FusedChains().combineKernel();
  for (const limitBytes of [1e12, 15_000]) {
    const combineBy = async (compiled: boolean) => {
      const task = pullTask();
      const env = {
        store: new MemoryBlockStore(),
        prefix: '0/spill_1_0',
        limitBytes,
        metrics: emptyMetrics(),
        ctx: task.ctx,
      };
      const map = new ExternalAppendOnlyMap(env, sum, 'values', 'reduceByKey', 3);
      const rows = pausing(records, task.io);
      if (compiled) await map.insertRows(rows, task, kernel);
      else await drain(rows, task, (row) => map.insert(row), map);
      return { entries: await map.result(), metrics: env.metrics };
    };
    const byRow = await combineBy(false);
    const byKernel = await combineBy(true);
    expect(byKernel.entries).toEqual(byRow.entries);
    expect(byKernel.metrics).toEqual(byRow.metrics);
    if (limitBytes < 1e6) expect(byKernel.metrics.diskBytesSpilled).toBeGreaterThan(0);
  }
  // A record that is not a pair names its place in the partition, as insert() does.
  const task = pullTask();
  const env = { store: new MemoryBlockStore(), prefix: 'p', limitBytes: 1e12, metrics: emptyMetrics(), ctx: task.ctx };
  const map = new ExternalAppendOnlyMap(env, sum, 'values', 'reduceByKey', 3);
  const bad = [...records.slice(0, 1500), 'oops'];
  await expect(map.insertRows(pausing(bad, task.io), task, kernel)).rejects.toThrow(
    'reduceByKey needs an RDD of [key, value] pairs (2-element arrays), but record 1500 of partition 3 is "oops"',
  );
});
