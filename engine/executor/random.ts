/** A small seeded PRNG (mulberry32): sampling is reproducible for a given seed and partition. */
export function createRandom(seed: number): { next(): number } {
  let a = (seed ^ 0x9e3779b9) >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A Poisson-distributed count with mean `lambda` (Knuth's method; fine for sampling fractions). */
export function poisson(rnd: { next(): number }, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rnd.next();
  while (p > limit) {
    k++;
    p *= rnd.next();
  }
  return k;
}
