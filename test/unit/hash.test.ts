import { describe, expect, it } from 'vitest';
import { hashCode, nonNegativeMod } from '../../engine/rdd/hash';

// Every expected value below is what the JVM gives; the comments show the
// arithmetic, done in Java's 32-bit (int) or 64-bit (long) two's complement.

describe('hashCode of strings: java.lang.String.hashCode', () => {
  it('"a" is its char code', () => {
    expect(hashCode('a')).toBe(97);
  });

  it('"" is 0', () => {
    expect(hashCode('')).toBe(0);
  });

  it('"spark" without overflow', () => {
    // h = 31·h + c:  s=115  →  115
    //                p=112  →  115·31 + 112     = 3677
    //                a=97   →  3677·31 + 97     = 114084
    //                r=114  →  114084·31 + 114  = 3536718
    //                k=107  →  3536718·31 + 107 = 109638365
    expect(hashCode('spark')).toBe(109638365);
  });

  it('"hello world" wraps around 2^32 several times', () => {
    // "hello" = 99162322 (no overflow yet), then:
    // ' '=32:  99162322·31 + 32   =   3074032014 → − 2^32        = -1220935282
    // 'w'=119: -1220935282·31 + 119 = -37848993623 → + 9·2^32     =   805712041
    // 'o'=111: 805712041·31 + 111   =  24977073382 → − 6·2^32     =  -792730394
    // 'r'=114: -792730394·31 + 114  = -24574642100 → + 6·2^32     =  1195161676
    // 'l'=108: 1195161676·31 + 108  =  37050012064 → − 9·2^32     = -1604693600
    // 'd'=100: -1604693600·31 + 100 = -49745501500 → + 12·2^32    =  1794106052
    expect(hashCode('hello')).toBe(99162322);
    expect(hashCode('hello world')).toBe(1794106052);
  });

  it('"polygenelubricants" hashes to Integer.MIN_VALUE', () => {
    // A well-known Java example: the running hash ends on exactly -2^31.
    expect(hashCode('polygenelubricants')).toBe(-2147483648);
  });

  it('counts UTF-16 code units, not code points', () => {
    // "😀" is the surrogate pair 0xD83D 0xDE00: 55357·31 + 56832 = 1772899.
    expect(hashCode('😀')).toBe(1772899);
  });

  it('"Aa" and "BB" collide, as in Java', () => {
    // 65·31 + 97 = 2112 = 66·31 + 66
    expect(hashCode('Aa')).toBe(2112);
    expect(hashCode('BB')).toBe(2112);
  });
});

describe('hashCode of numbers', () => {
  it('int32 values hash to themselves (Integer.hashCode)', () => {
    expect(hashCode(0)).toBe(0);
    expect(hashCode(42)).toBe(42);
    expect(hashCode(-1)).toBe(-1);
    expect(hashCode(2147483647)).toBe(2147483647);
    expect(hashCode(-2147483648)).toBe(-2147483648);
  });

  it('-0 hashes as 0 (not as Double -0.0, which would be -2147483648)', () => {
    expect(Object.is(hashCode(-0), 0)).toBe(true);
  });

  it('larger integers hash as Long.hashCode: (int)(v ^ (v >>> 32))', () => {
    // 2^32 = 0x1_0000_0000: high word 1, low word 0 → 1 ^ 0 = 1
    expect(hashCode(2 ** 32)).toBe(1);
    // 5_000_000_000 = 0x1_2A05_F200: 0x2A05F200 ^ 0x1 = 0x2A05F201 = 705032705
    expect(hashCode(5_000_000_000)).toBe(705032705);
    // 2^31 = 0x0000_0000_8000_0000: 0x80000000 ^ 0 → (int) = -2147483648
    expect(hashCode(2 ** 31)).toBe(-2147483648);
    // -2^32 = 0xFFFF_FFFF_0000_0000: 0x00000000 ^ 0xFFFFFFFF → (int) = -1
    expect(hashCode(-(2 ** 32))).toBe(-1);
    // -5_000_000_000 = 0xFFFF_FFFE_D5FA_0E00: 0xD5FA0E00 ^ 0xFFFFFFFE = 0x2A05F1FE = 705032702
    expect(hashCode(-5_000_000_000)).toBe(705032702);
    // -2^31 - 1 = 0xFFFF_FFFF_7FFF_FFFF: 0x7FFFFFFF ^ 0xFFFFFFFF = 0x80000000 → -2147483648
    expect(hashCode(-(2 ** 31) - 1)).toBe(-2147483648);
    // 2^53 = 0x0020_0000_0000_0000: 0 ^ 0x00200000 = 2097152
    expect(hashCode(2 ** 53)).toBe(2097152);
  });

  it('fractions and non-finite values hash as Double.hashCode: (int)(bits ^ (bits >>> 32))', () => {
    // 1.5 = 0x3FF8_0000_0000_0000 → 0x3FF80000 ^ 0 = 1073217536
    expect(hashCode(1.5)).toBe(1073217536);
    // 0.1 = 0x3FB9_9999_9999_999A → 0x3FB99999 ^ 0x9999999A = 0xA6200003 → (int) = 0xA6200003 - 2^32 = -1507852285
    expect(hashCode(0.1)).toBe(-1507852285);
    // -0.1 = 0xBFB9_9999_9999_999A → 0xBFB99999 ^ 0x9999999A = 0x26200003 = 639631363
    expect(hashCode(-0.1)).toBe(639631363);
    // Infinity = 0x7FF0_0000_0000_0000 → 0x7FF00000 = 2146435072
    expect(hashCode(Infinity)).toBe(2146435072);
    // -Infinity = 0xFFF0_0000_0000_0000 → 0xFFF00000 → (int) = -1048576
    expect(hashCode(-Infinity)).toBe(-1048576);
    // NaN is canonical 0x7FF8_0000_0000_0000 → 0x7FF80000 = 2146959360
    expect(hashCode(NaN)).toBe(2146959360);
    expect(hashCode(Number('not a number'))).toBe(2146959360);
  });

  it('integers beyond 2^53 hash as doubles', () => {
    // 2^60 = 0x43B0_0000_0000_0000 as a double → 0x43B00000 = 1135607808
    expect(hashCode(2 ** 60)).toBe(1135607808);
  });
});

describe('hashCode of other primitives', () => {
  it('booleans as Boolean.hashCode', () => {
    expect(hashCode(true)).toBe(1231);
    expect(hashCode(false)).toBe(1237);
  });

  it('null and undefined are 0', () => {
    expect(hashCode(null)).toBe(0);
    expect(hashCode(undefined)).toBe(0);
  });

  it('bigints within 64 bits as Long.hashCode', () => {
    expect(hashCode(5n)).toBe(5);
    // -1L = 0xFFFF_FFFF_FFFF_FFFF → 0xFFFFFFFF ^ 0xFFFFFFFF = 0 (the number -1 hashes as an Integer: -1)
    expect(hashCode(-1n)).toBe(0);
    // Long.MAX_VALUE = 0x7FFF_FFFF_FFFF_FFFF → 0xFFFFFFFF ^ 0x7FFFFFFF = 0x80000000 → -2147483648
    expect(hashCode(2n ** 63n - 1n)).toBe(-2147483648);
    expect(hashCode(5_000_000_000n)).toBe(hashCode(5_000_000_000));
  });

  it('bigints beyond 64 bits as BigInteger.hashCode over big-endian int words', () => {
    // 2^64: mag = [1, 0, 0] → ((1)·31 + 0)·31 + 0 = 961
    expect(hashCode(2n ** 64n)).toBe(961);
    // times the signum
    expect(hashCode(-(2n ** 64n))).toBe(-961);
    // 2^64 + 5: mag = [1, 0, 5] → 961 + 5 = 966
    expect(hashCode(2n ** 64n + 5n)).toBe(966);
    // 2^70 = 64·2^64: mag = [64, 0, 0] → 64·961 = 61504
    expect(hashCode(2n ** 70n)).toBe(61504);
    // 2^63 (one past Long.MAX_VALUE): mag = [0x80000000, 0]
    //   h = (int)(0·31 + 2147483648) = -2147483648; h = (int)(-2147483648·31 + 0) = -2147483648
    expect(hashCode(2n ** 63n)).toBe(-2147483648);
  });

  it('functions and symbols cannot be keys', () => {
    expect(() => hashCode(() => 1)).toThrow(TypeError);
    expect(() => hashCode(Symbol('k'))).toThrow(/cannot hash a symbol/);
  });
});

describe('hashCode of structured keys', () => {
  // Arrays stand for Scala tuples. Expected values: Scala 2.13's MurmurHash3.productHash
  // (seed 0xcafebabe, mix "TupleN".hashCode, mix each element's ##, finalizeHash(h, N)) and
  // seqHash, written out in a throwaway Java program from scala/util/hashing/MurmurHash3.scala
  // (not committed), since no Scala library is installed here.
  it('pairs hash as Scala 2.13 Tuple2s (MurmurHash3.productHash)', () => {
    expect(hashCode(['a', 1])).toBe(-1734940110);
    expect(hashCode([1, 2])).toBe(1316541600);
    expect(hashCode(['a', null])).toBe(1176439076);
    // true.## = 1231; 1.5.## = Double.hashCode(1.5)
    expect(hashCode([true, 1.5])).toBe(-464505380);
    // a tuple inside a tuple hashes as its own product hash
    expect(hashCode([[1, 2], 3])).toBe(-1833777083);
  });

  it('arrays of 1 to 22 elements hash as TupleN, others as a Scala Vector', () => {
    expect(hashCode(['x', 'y', 'z'])).toBe(-1157131619);
    expect(hashCode([5])).toBe(164595395);
    expect(hashCode([[1]])).toBe(1472213962);
    expect(hashCode([])).toBe(473519988);
    // holes hash like undefined, as null (0)
    // eslint-disable-next-line no-sparse-arrays
    expect(hashCode([, 1])).toBe(hashCode([null, 1]));
    const long = Array.from({ length: 23 }, (_, i) => i);
    expect(hashCode(long)).not.toBe(hashCode(long.slice(0, 22)));
  });

  it('a pair key lands in the partition Scala puts the tuple in', () => {
    // nonNegativeMod(-1734940110, 4): -1734940110 % 4 = -2 → 2
    expect(nonNegativeMod(hashCode(['a', 1]), 4)).toBe(2);
  });

  it('typed arrays hash as java.util.Arrays.hashCode of their elements (Java primitive arrays)', () => {
    // 31·(31·1 + 1) + 2 = 994
    expect(hashCode(new Int32Array([1, 2]))).toBe(994);
    // Arrays.hashCode([1..10]) in exact arithmetic is 31^10 + Σ i·31^(10-i) = 847859927976806;
    // mod 2^32 that is 3318975334, which as an int is 3318975334 - 2^32 = -975991962.
    expect(hashCode(new Int32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).toBe(-975991962);
  });

  it('Dates as Long.hashCode of getTime()', () => {
    expect(hashCode(new Date(0))).toBe(0);
    expect(hashCode(new Date(5_000_000_000))).toBe(705032705);
    // A Date's time is a long even when small: Long.hashCode(-1L) = 0xFFFFFFFF ^ 0xFFFFFFFF = 0
    expect(hashCode(new Date(-1))).toBe(0);
    // An invalid Date's NaN time hashes as Double NaN
    expect(hashCode(new Date(NaN))).toBe(2146959360);
  });

  it('plain objects and Maps as AbstractMap.hashCode: Σ hash(k) ^ hash(v), whatever the order', () => {
    // "a" ^ 1 = 97 ^ 1 = 96
    expect(hashCode({ a: 1 })).toBe(96);
    // + ("b" ^ 2) = 98 ^ 2 = 96 → 192
    expect(hashCode({ a: 1, b: 2 })).toBe(192);
    expect(hashCode({ b: 2, a: 1 })).toBe(192);
    expect(
      hashCode(
        new Map<unknown, unknown>([
          ['a', 1],
          ['b', 2],
        ]),
      ),
    ).toBe(192);
    expect(
      hashCode(
        new Map<unknown, unknown>([
          ['b', 2],
          ['a', 1],
        ]),
      ),
    ).toBe(192);
    // swapped values differ: (97 ^ 2) + (98 ^ 1) = 99 + 99 = 198
    expect(hashCode({ a: 2, b: 1 })).toBe(198);
    expect(hashCode({})).toBe(0);
  });

  it('Sets as AbstractSet.hashCode: Σ hash(e)', () => {
    expect(hashCode(new Set([1, 2, 3]))).toBe(6);
    expect(hashCode(new Set([3, 2, 1]))).toBe(6);
    expect(hashCode(new Set(['a', ['b']]))).toBe(97 + hashCode(['b']));
  });

  it('RegExps by their source text', () => {
    expect(hashCode(/ab/g)).toBe(hashCode('/ab/g'));
  });

  it('always returns a 32-bit signed integer', () => {
    const keys: unknown[] = [
      'x'.repeat(1000),
      2 ** 52 + 1,
      -(2 ** 53),
      1e308,
      -Number.MIN_VALUE,
      3n ** 99n,
      -(3n ** 99n),
      [1e300, 'q', [true]],
      { k: [1.5, 2 ** 40] },
      new Map([[1.5, 'x']]),
    ];
    for (const key of keys) {
      const h = hashCode(key);
      expect(Number.isInteger(h) && h >= -(2 ** 31) && h < 2 ** 31, String(key)).toBe(true);
      expect(hashCode(key)).toBe(h); // deterministic
    }
  });
});

describe('nonNegativeMod (Utils.nonNegativeMod)', () => {
  it('is x mod n for non-negative x', () => {
    expect(nonNegativeMod(0, 4)).toBe(0);
    expect(nonNegativeMod(97, 4)).toBe(1);
    expect(nonNegativeMod(109638365, 4)).toBe(1); // "spark": 109638365 = 4·27409591 + 1
  });

  it('adds n to a negative remainder', () => {
    // -7 % 3 = -1 → -1 + 3 = 2
    expect(nonNegativeMod(-7, 3)).toBe(2);
    // 0.1's hash -1507852285 % 4 = -1 (1507852285 = 4·376963071 + 1) → 3
    expect(nonNegativeMod(hashCode(0.1), 4)).toBe(3);
    // "polygenelubricants": -2147483648 % 10 = -8 → 2
    expect(nonNegativeMod(hashCode('polygenelubricants'), 10)).toBe(2);
  });

  it('never returns -0 (JS gives -0 for -4 % 2)', () => {
    expect(Object.is(nonNegativeMod(-4, 2), 0)).toBe(true);
    // -2^31 is divisible by 4
    expect(Object.is(nonNegativeMod(-2147483648, 4), 0)).toBe(true);
  });

  it('stays in [0, n) for many hashes (seeded)', () => {
    let state = 12345;
    const wrong: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      state = (Math.imul(state, 1103515245) + 12345) | 0;
      const n = 1 + (i % 17);
      const r = nonNegativeMod(state, n);
      // in range, an integer, and congruent to the hash
      if (!(r >= 0 && r < n && Number.isInteger(r) && ((r - state) % n) + 0 === 0))
        wrong.push(`${state} mod ${n} = ${r}`);
    }
    expect(wrong).toEqual([]);
  });

  it('places keys where HashPartitioner(3) would', () => {
    // "a" → 97 % 3 = 1; "b" → 98 % 3 = 2; "c" → 99 % 3 = 0
    expect(['a', 'b', 'c'].map((k) => nonNegativeMod(hashCode(k), 3))).toEqual([1, 2, 0]);
  });
});
