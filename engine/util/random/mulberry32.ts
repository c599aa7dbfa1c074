/**
 * Mulberry32, a small seeded generator of doubles in [0, 1). Not one of Spark's generators (those are
 * java-random.ts and xorshift-random.ts, where a layout depends on them): it serves where only repeatability
 * matters — the size estimator's sample, generated data sets, and tests whose failures must replay.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
