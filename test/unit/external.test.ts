/** External aggregation and sorting give the same answer however often they spill. */
import { describe, expect, test } from 'vitest';
import { ExternalAppendOnlyMap, ExternalSorter, type SpillEnv } from '../../engine/executor/external';
import { TaskContext } from '../../engine/executor/task-context';
import { MemoryBlockStore } from '../../engine/storage/block-store';
import { emptyMetrics } from '../../engine/rdd/wire';
import type { LiveAggregator } from '../../engine/executor/ops';

function env(limitBytes: number): SpillEnv & { store: MemoryBlockStore } {
  return {
    store: new MemoryBlockStore(),
    prefix: '0/spill_1_0',
    limitBytes,
    metrics: emptyMetrics(),
    ctx: new TaskContext(0, 0, 0, 0, 1, {}),
  };
}

const sumAgg = {
  createCombiner: (v: unknown) => v,
  mergeValue: (a: unknown, b: unknown) => (a as number) + (b as number),
  mergeCombiners: (a: unknown, b: unknown) => (a as number) + (b as number),
};
const listAgg = {
  createCombiner: (v: unknown) => [v],
  mergeValue: (c: unknown, v: unknown) => [...(c as unknown[]), v],
  mergeCombiners: (a: unknown, b: unknown) => [...(a as unknown[]), ...(b as unknown[])],
};

const records = Array.from({ length: 20_000 }, (_, i) => [i % 3 === 0 ? `k${i % 997}` : [i % 13, 'x'], i]);

async function aggregate(limit: number, agg: LiveAggregator) {
  const e = env(limit);
  const map = new ExternalAppendOnlyMap(e, agg, 'values', 'test', 0);
  for (let i = 0; i < records.length; i += 5000) await map.insertAll(records.slice(i, i + 5000));
  const rows = (await map.result()) as [unknown, unknown][];
  return { rows: new Map(rows.map(([k, v]) => [JSON.stringify(k), v])), e };
}

describe('ExternalAppendOnlyMap', () => {
  test('spilling many times gives the same sums as never spilling, and cleans up its files', async () => {
    const inMemory = await aggregate(1e12, sumAgg);
    const spilling = await aggregate(2_000, sumAgg);
    expect(inMemory.e.metrics.diskBytesSpilled).toBe(0);
    expect(spilling.e.metrics.diskBytesSpilled).toBeGreaterThan(0);
    expect(spilling.e.metrics.memoryBytesSpilled).toBeGreaterThan(0);
    expect(spilling.rows).toEqual(inMemory.rows);
    expect(spilling.e.store.blocks.size).toBe(0);
  });

  test('grouped values survive spills: every value once', async () => {
    const { rows } = await aggregate(3_000, listAgg);
    const total = [...rows.values()].reduce((a: number, vs) => a + (vs as unknown[]).length, 0);
    expect(total).toBe(records.length);
    const k5 = records.filter(([k]) => k === 'k5').map(([, v]) => v);
    expect([...(rows.get('"k5"') as number[])].sort((a, b) => a - b)).toEqual(k5);
  });
});

describe('ExternalSorter', () => {
  test('merged runs are in order, ascending and descending', async () => {
    for (const ascending of [true, false]) {
      const e = env(4_000);
      const sorter = new ExternalSorter(e, ascending);
      const rows = Array.from({ length: 10_000 }, (_, i) => [(i * 7919) % 10_000, i]);
      await sorter.insertAll(rows);
      const out = (await sorter.result()) as [number, number][];
      expect(e.metrics.diskBytesSpilled).toBeGreaterThan(0);
      expect(out.map(([k]) => k)).toEqual(Array.from({ length: 10_000 }, (_, i) => (ascending ? i : 9_999 - i)));
    }
  });
});
