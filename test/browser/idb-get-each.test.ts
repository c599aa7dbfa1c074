/** IdbBlockStore.getEach: the shuffle read's per-block promises, from one readonly transaction. */
import { expect, test } from 'vitest';
import { IdbBlockStore } from '../../engine/storage/idb-block-store';

test('getEach gives a promise per key, in order, with the same bytes as get; a missing block is undefined', async () => {
  const store = new IdbBlockStore('test-get-each');
  const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
  await store.put([
    ['e/shuffle_0_1_0', new Uint8Array([1, 2, 3])],
    ['e/shuffle_0_1_1', big],
    ['e/shuffle_0_1_2', new Uint8Array([9])],
  ]);
  const keys = ['e/shuffle_0_1_1', 'e/missing', 'e/shuffle_0_1_0', 'e/shuffle_0_1_2'];
  const pending = store.getEach(keys);
  expect(pending).toHaveLength(4);
  const each = await Promise.all(pending);
  const all = await store.get(keys);
  // Compared as strings: toEqual on megabytes of Uint8Array takes many seconds.
  const text = (b: Uint8Array | undefined) => (b ? new TextDecoder('latin1').decode(b) : 'none');
  expect(each.map(text)).toEqual(all.map(text));
  expect(text(each[0])).toBe(text(big));
  expect(each[1]).toBeUndefined();
  expect(each[2]).toEqual(new Uint8Array([1, 2, 3]));
  // The first block can be taken while the later ones are still pending, and later calls work as well.
  const [first, ...rest] = store.getEach(['e/shuffle_0_1_2', 'e/shuffle_0_1_0']);
  expect(await first).toEqual(new Uint8Array([9]));
  expect(await Promise.all(rest)).toEqual([new Uint8Array([1, 2, 3])]);
  expect(store.getEach([])).toEqual([]);
  await store.destroy();
});
