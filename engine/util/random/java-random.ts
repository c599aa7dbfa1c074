/**
 * `java.util.Random` and the part of its contract Spark's generators
 * inherit: subclasses supply `next(bits)`, and `nextInt`, `nextInt(bound)`,
 * `nextLong` and `nextDouble` are derived from it exactly as in JDK 17, so a
 * generator that overrides `next` (Spark's XORShiftRandom) gives the JVM's
 * numbers too.
 *
 * Java's `long` is a JavaScript `bigint` at the edges (seeds in,
 * `nextLong()` out); `int` is a number in 32-bit two's complement.
 *
 * @module
 */

const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK_48 = (1n << 48n) - 1n;
const DOUBLE_UNIT = 2 ** -53;

/** A JVM `long` from a seed a program passes: an integer number (up to 2^53) or a bigint, wrapped to 64 bits. */
export function toLong(seed: number | bigint): bigint {
  if (typeof seed === 'number' && !Number.isInteger(seed))
    throw new RangeError(`A seed must be an integer (a Java long), got ${seed}`);
  return BigInt.asIntN(64, BigInt(seed));
}

/** A random source with the JDK's derived methods over an overridable `next(bits)`. */
export abstract class JavaRandomBase {
  /** The next `bits` random bits as a non-negative int (or any int when `bits` is 32). */
  protected abstract next(bits: number): number;

  abstract setSeed(seed: number | bigint): void;

  nextInt(bound?: number): number {
    if (bound === undefined) return this.next(32);
    if (!(bound > 0)) throw new RangeError('bound must be positive');
    let r = this.next(31);
    const m = bound - 1;
    // A power of two takes the high bits; multiplying by it is exact in a double.
    if ((bound & m) === 0) return Math.floor((bound * r) / 2147483648);
    // Rejects the top slice of values that would bias the result, as the JDK does.
    for (let u = r; u - (r = u % bound) + m > 0x7fffffff; u = this.next(31));
    return r;
  }

  /** `((long) next(32) << 32) + next(32)`: the second half is added signed. */
  nextLong(): bigint {
    const high = BigInt(this.next(32));
    const low = BigInt(this.next(32));
    return BigInt.asIntN(64, (high << 32n) + low);
  }

  /** 53 random bits, from a 26-bit and a 27-bit draw. */
  nextDouble(): number {
    return (this.next(26) * 134217728 + this.next(27)) * DOUBLE_UNIT;
  }

  nextBoolean(): boolean {
    return this.next(1) !== 0;
  }
}

/**
 * `java.util.Random`: the 48-bit linear congruential generator.
 *
 * @example
 * const r = new JavaRandom(42);
 * r.nextLong(); // -5025562857975149833n
 * r.nextInt(10);
 */
export class JavaRandom extends JavaRandomBase {
  #seed = 0n;

  constructor(seed: number | bigint) {
    super();
    this.setSeed(seed);
  }

  setSeed(seed: number | bigint): void {
    this.#seed = (toLong(seed) ^ MULTIPLIER) & MASK_48;
  }

  protected next(bits: number): number {
    this.#seed = (this.#seed * MULTIPLIER + ADDEND) & MASK_48;
    return Number(BigInt.asIntN(32, this.#seed >> BigInt(48 - bits)));
  }
}

/**
 * Spark's `Utils.randomizeInPlace`: a Fisher–Yates shuffle from the last
 * element down, drawing `rand.nextInt(i + 1)`.
 */
export function randomizeInPlace<T>(array: T[], rand: JavaRandomBase): T[] {
  for (let i = array.length - 1; i >= 1; i--) {
    const j = rand.nextInt(i + 1);
    const tmp = array[j];
    array[j] = array[i];
    array[i] = tmp;
  }
  return array;
}

/** A seed for calls that give none, as Spark's `Utils.random.nextLong` (an unseeded generator). */
export function randomLong(): bigint {
  const high = BigInt(Math.floor(Math.random() * 2 ** 32));
  const low = BigInt(Math.floor(Math.random() * 2 ** 32));
  return BigInt.asIntN(64, (high << 32n) | low);
}
