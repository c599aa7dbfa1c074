/**
 * One order-independent digest of a word count, computed the same way on both
 * sides of a comparison: the engine's driver program embeds this source, the
 * baselines call the function built from it. Equal digests, totals and
 * distinct counts mean the two sides counted the same words the same number
 * of times.
 */

/**
 * JavaScript source of `digestCounts(entries)`: takes `[word, count]` pairs in
 * any order and returns `{ distinct, total, digest }`, where `digest` is the
 * sum (mod 2³²) of an FNV-1a hash of each `word:count`.
 */
export const DIGEST_SOURCE = `function digestCounts(entries) {
  let distinct = 0;
  let total = 0;
  let digest = 0;
  for (const [word, count] of entries) {
    const text = word + ':' + count;
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    digest = (digest + (h >>> 0)) >>> 0;
    distinct += 1;
    total += count;
  }
  return { distinct, total, digest };
}`;

/** A word count's summary: what both sides of a comparison must agree on. */
export interface CountDigest {
  distinct: number;
  total: number;
  digest: number;
}

/**
 * The digest function itself, for the baselines.
 *
 * @example
 * digestCounts(new Map([['a', 2]])); // { distinct: 1, total: 2, digest: … }
 */
export const digestCounts = new Function(`return ${DIGEST_SOURCE}`)() as (
  entries: Iterable<[string, number]>,
) => CountDigest;
