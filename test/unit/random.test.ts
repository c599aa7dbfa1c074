/**
 * Spark's generators and samplers, draw for draw.
 *
 * Where the expected numbers come from: a throwaway Java 17 program (in /tmp,
 * not committed) that ran the JDK's own java.util.Random and Commons Math
 * 3.6.1's own Well19937c, PoissonDistribution and RandomDataGenerator (the jar
 * Spark 4.0 ships), and reproduced by hand, from Spark 4.0's and Scala
 * 2.13's sources, what has no jar here: XORShiftRandom with its MurmurHash3
 * seed hashing (util/random/XORShiftRandom.scala), the samplers
 * (util/random/RandomSampler.scala) and byteswap32 (scala.util.hashing).
 */
import { describe, expect, test } from 'vitest';
import { JavaRandom, randomizeInPlace } from '../../engine/util/random/java-random';
import { XORShiftRandom, hashSeed } from '../../engine/util/random/xorshift-random';
import { PoissonDistribution, RandomDataGenerator, Well19937c } from '../../engine/util/random/poisson-distribution';
import {
  BernoulliCellSampler,
  BernoulliSampler,
  PoissonSampler,
  doubleToInt,
  sampleAll,
} from '../../engine/util/random/random-sampler';
import { computeFractionForSampleSize, reservoirSampleAndCount } from '../../engine/util/random/sampling-utils';
import { ARRAY_SEED, bytesHash, byteswap32 } from '../../engine/util/murmur-hash3';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
/** The 64-bit state hashSeed gives, as the signed long Java prints. */
const asLong = ([high, low]: [number, number]) => BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low));

describe('java.util.Random', () => {
  test('nextLong, nextInt, nextInt(bound), nextDouble from seed 42', () => {
    const r = new JavaRandom(42);
    expect(r.nextLong()).toBe(-5025562857975149833n);
    expect(r.nextLong()).toBe(-5843495416241995736n);
    expect(r.nextInt()).toBe(1325939940);
    expect(r.nextInt(10)).toBe(5);
    expect(r.nextDouble()).toBe(0.27707849007413665);
    expect(r.nextInt(7)).toBe(6);
  });

  test('negative seeds and power-of-two bounds', () => {
    const r = new JavaRandom(-5);
    expect(r.nextLong()).toBe(4967725915334898755n);
    expect(r.nextInt(1 << 20)).toBe(350321);
  });

  test("takeSample's seed stream: nextInt() for the sampling seed, then Utils.randomizeInPlace", () => {
    const r = new JavaRandom(3);
    expect(r.nextInt()).toBe(-1155099828);
    expect([r.nextInt(5), r.nextInt(4), r.nextInt(3), r.nextInt(2)]).toEqual([0, 0, 1, 0]);
    // randomizeInPlace draws nextInt(i + 1) from the last index down: the same four draws.
    const again = new JavaRandom(3);
    again.nextInt();
    // swaps i↔j: 4↔0 → e b c d a; 3↔0 → d b c e a; 2↔1 → d c b e a; 1↔0 → c d b e a
    expect(randomizeInPlace(['a', 'b', 'c', 'd', 'e'], again)).toEqual(['c', 'd', 'b', 'e', 'a']);
  });

  test('a fractional seed is refused: seeds are Java longs', () => {
    expect(() => new JavaRandom(1.5)).toThrow(/must be an integer/);
  });
});

describe('XORShiftRandom', () => {
  test('hashSeed spreads the seed with MurmurHash3.bytesHash', () => {
    expect(bytesHash(new Uint8Array(0), ARRAY_SEED)).toBe(-1579025880);
    expect(asLong(hashSeed(0))).toBe(-9171266021732529057n);
    expect(asLong(hashSeed(1))).toBe(-202554933444998644n);
    expect(asLong(hashSeed(42))).toBe(4037347896089686661n);
    expect(asLong(hashSeed(-1))).toBe(-4346519531656778685n);
    expect(asLong(hashSeed(1234567890123))).toBe(-413901963895740095n);
    expect(asLong(hashSeed(-(2n ** 63n)))).toBe(6693444457504683312n);
  });

  test("repartition's start positions: new XORShiftRandom(index).nextInt(numPartitions)", () => {
    const starts = (n: number) => range(0, 6).map((i) => new XORShiftRandom(i).nextInt(n));
    expect(starts(3)).toEqual([2, 0, 1, 2, 1, 1]);
    expect(starts(4)).toEqual([0, 0, 3, 2, 2, 3]);
    expect(starts(10)).toEqual([8, 3, 8, 7, 3, 5]);
    expect(starts(16)).toEqual([3, 3, 15, 11, 9, 14]);
  });

  test('the derived draws take the low bits of the state', () => {
    const x = new XORShiftRandom(42);
    expect(x.nextInt()).toBe(444206279);
    expect(x.nextLong()).toBe(6477513865386644755n);
    expect(x.nextDouble()).toBe(0.0878356757203187);
    expect(x.nextDouble()).toBe(0.018500449234456484);
    expect(x.nextInt(1000)).toBe(963);
  });

  test('byteswap32, which seeds the sketch of each partition', () => {
    expect([0, 1, 5, -1, 65536].map(byteswap32)).toEqual([0, -1875198074, -11639189, -1634874707, -1196556367]);
  });
});

describe('Commons Math', () => {
  test('Well19937c seeded with a long', () => {
    const w = new Well19937c(42n);
    expect(w.nextDouble()).toBe(0.28813207678514097);
    expect(w.nextDouble()).toBe(0.7223645124852498);
    expect(w.nextInt()).toBe(-748438629);
  });

  test('PoissonDistribution(2.5) reseeded with -3', () => {
    const p = new PoissonDistribution(2.5);
    p.reseedRandomGenerator(-3);
    expect(range(0, 8).map(() => p.sample())).toEqual([2, 2, 4, 6, 1, 2, 1, 2]);
  });

  test("PoissonDistribution with means of 40 and more: Devroye's rejection, with the generator's Gaussian", () => {
    const draws = (mean: number, seed: number, n: number) => {
      const p = new PoissonDistribution(mean);
      p.reseedRandomGenerator(seed);
      return range(0, n).map(() => p.sample());
    };
    expect(draws(40, -3, 8)).toEqual([39, 45, 32, 43, 42, 35, 30, 34]);
    expect(draws(57.3, 42, 8)).toEqual([67, 57, 53, 57, 65, 54, 52, 49]);
    expect(draws(1234.5, 1, 6)).toEqual([1297, 1219, 1264, 1193, 1237, 1236]);
    // One generator behind small and large means (sampleByKey's strata): the Gaussian kept between calls
    // and the uniforms both come from it in Commons Math's order.
    const g = new RandomDataGenerator();
    g.reSeed(100);
    expect([g.nextPoisson(2.5), g.nextPoisson(45.25), g.nextPoisson(300), g.nextPoisson(45.25)]).toEqual([
      2, 50, 303, 51,
    ]);
    expect(g.nextUniform()).toBe(0.2510542760516974);
  });

  test('RandomDataGenerator, as sampleByKey draws from it', () => {
    const g = new RandomDataGenerator();
    g.reSeed(100);
    expect(g.nextUniform()).toBe(0.1904834217843172);
    expect(g.nextPoisson(1.5)).toBe(2);
    expect(g.nextUniform()).toBe(0.6551330713326982);
  });
});

describe("Spark's samplers, with PartitionwiseSampledRDD's per-partition seeds", () => {
  // PartitionwiseSampledRDD.getPartitions: partition i's seed is the (i+1)-th nextLong() of new Random(seed).
  const partitionSeeds = (seed: number, n: number) => {
    const r = new JavaRandom(seed);
    return range(0, n).map(() => r.nextLong());
  };

  test('sample(false, 0.5, 42): a uniform per row (fraction above 0.4)', () => {
    const [s0, s1] = partitionSeeds(42, 2);
    const take = (items: number[], seed: bigint) => {
      const s = new BernoulliSampler(0.5);
      s.setSeed(seed);
      return [...sampleAll(s, items)];
    };
    expect(take(range(0, 5), s0)).toEqual([0, 1, 2]);
    expect(take(range(5, 10), s1)).toEqual([6, 7, 9]);
  });

  test('sample(false, 0.1, 7): gap sampling', () => {
    const [s0, s1] = partitionSeeds(7, 2);
    const take = (items: number[], seed: bigint) => {
      const s = new BernoulliSampler(0.1);
      s.setSeed(seed);
      return [...sampleAll(s, items)];
    };
    expect(take(range(0, 50), s0)).toEqual([22, 36, 40]);
    expect(take(range(50, 100), s1)).toEqual([54, 84, 86]);
  });

  test('sample(true, 0.3, 7): gap sampling with replacement over XORShiftRandom', () => {
    const [s0, s1] = partitionSeeds(7, 2);
    const take = (items: number[], seed: bigint) => {
      const s = new PoissonSampler(0.3);
      s.setSeed(seed);
      return [...sampleAll(s, items)];
    };
    expect(take(range(0, 10), s0)).toEqual([7]);
    expect(take(range(10, 20), s1)).toEqual([11, 17]);
  });

  test("sample(true, 0.7, 7): Commons Math's PoissonDistribution", () => {
    const [s0, s1] = partitionSeeds(7, 2);
    const take = (items: number[], seed: bigint) => {
      const s = new PoissonSampler(0.7);
      s.setSeed(seed);
      return [...sampleAll(s, items)];
    };
    expect(take(range(0, 10), s0)).toEqual([0, 3, 5, 6, 6, 7, 8, 8, 9, 9]);
    expect(take(range(10, 20), s1)).toEqual([10, 10, 10, 11, 12, 14, 15, 15, 19, 19]);
  });

  test('sample(true, 45.5, 7): every row drawn from the large-mean Poisson', () => {
    const [s0, s1] = partitionSeeds(7, 2);
    const counts = (items: number[], seed: bigint) => {
      const s = new PoissonSampler(45.5);
      s.setSeed(seed);
      const drawn = [...sampleAll(s, items)];
      return items.map((item) => drawn.filter((x) => x === item).length);
    };
    expect(counts([0, 1, 2], s0)).toEqual([50, 49, 45]);
    expect(counts([3, 4, 5], s1)).toEqual([41, 52, 54]);
  });

  test('randomSplit([0.3, 0.7], 11): cells of the same draws, seeded seed + partition index', () => {
    const take = (items: number[], lb: number, ub: number, seed: number) => {
      const s = new BernoulliCellSampler(lb, ub);
      s.setSeed(seed);
      return [...sampleAll(s, items)];
    };
    expect([...take(range(0, 5), 0, 0.3, 11), ...take(range(5, 10), 0, 0.3, 12)]).toEqual([0, 1, 4, 8, 9]);
    expect([...take(range(0, 5), 0.3, 1, 11), ...take(range(5, 10), 0.3, 1, 12)]).toEqual([2, 3, 5, 6, 7]);
  });

  test('bounds are checked as Spark checks them', () => {
    expect(() => new BernoulliSampler(1.5)).toThrow('Sampling fraction (1.5) must be on interval [0, 1]');
    expect(() => new BernoulliCellSampler(0.6, 0.5)).toThrow('Lower bound (0.6) must be <= upper bound (0.5)');
    expect(() => new PoissonSampler(-1)).toThrow('Sampling fraction (-1) must be >= 0');
  });

  test("Scala's Double.toInt saturates", () => {
    expect(doubleToInt(1e12)).toBe(2147483647);
    expect(doubleToInt(-2.7)).toBe(-2);
    expect(doubleToInt(NaN)).toBe(0);
  });
});

describe('SamplingUtils', () => {
  test('reservoirSampleAndCount keeps everything up to k, then replaces by XORShiftRandom draws', () => {
    expect(reservoirSampleAndCount([1, 2, 3], 5, 7)).toEqual({ sample: [1, 2, 3], count: 3 });
    // seed byteswap32(1 ^ (3 << 16)): draws ⌊u·4⌋ = 3, ⌊u·5⌋ = 0, ⌊u·6⌋ = 0 with k = 3
    const seed = byteswap32(1 ^ (3 << 16));
    expect(reservoirSampleAndCount(['a', 'b', 'c', 'd', 'e', 'f'], 3, seed)).toEqual({
      sample: ['f', 'b', 'c'],
      count: 6,
    });
  });

  test('computeFractionForSampleSize: PoissonBounds and BinomialBounds', () => {
    // with replacement: (s + 12·√s) / total for s < 6
    expect(computeFractionForSampleSize(4, 100, true)).toBeCloseTo((4 + 12 * 2) / 100, 12);
    // without: p + γ + √(γ² + 2γp), γ = -ln(1e-4)/n
    const gamma = -Math.log(1e-4) / 100;
    expect(computeFractionForSampleSize(3, 100, false)).toBeCloseTo(
      0.03 + gamma + Math.sqrt(gamma * gamma + 2 * gamma * 0.03),
      12,
    );
    expect(computeFractionForSampleSize(90, 100, false)).toBe(1);
  });
});
