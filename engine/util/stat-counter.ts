/**
 * Spark's `StatCounter` (util/StatCounter.scala): count, mean, the running
 * sum of squared differences (Welford), max and min of numbers in one pass,
 * and the merge of two counters that `stats()` uses to combine partitions.
 * The arithmetic is Spark's, step for step, so the numbers match its.
 *
 * @module
 */

/** A StatCounter's fields, as a task sends one back. */
export interface StatCounterFields {
  n: number;
  mu: number;
  m2: number;
  max: number;
  min: number;
}

/**
 * @example
 * const s = new StatCounter([1, 2, 3]);
 * s.mean(); // 2
 * s.stdev(); // 0.816496580927726
 * String(s); // "(count: 3, mean: 2.000000, stdev: 0.816497, max: 3.000000, min: 1.000000)"
 */
export class StatCounter {
  #n = 0;
  #mu = 0;
  #m2 = 0;
  #max = -Infinity;
  #min = Infinity;

  constructor(values: Iterable<number> = []) {
    for (const v of values) this.add(v);
  }

  static fromFields(f: StatCounterFields): StatCounter {
    const s = new StatCounter();
    s.#n = f.n;
    s.#mu = f.mu;
    s.#m2 = f.m2;
    s.#max = f.max;
    s.#min = f.min;
    return s;
  }

  /** StatCounter.merge(value: Double). */
  add(value: number): this {
    const delta = value - this.#mu;
    this.#n += 1;
    this.#mu += delta / this.#n;
    this.#m2 += delta * (value - this.#mu);
    this.#max = Math.max(this.#max, value);
    this.#min = Math.min(this.#min, value);
    return this;
  }

  /** StatCounter.merge(other: StatCounter). */
  merge(other: StatCounter): this {
    if (other === this) return this.merge(StatCounter.fromFields(this.toFields()));
    const n = this.#n;
    const on = other.#n;
    if (n === 0) {
      this.#mu = other.#mu;
      this.#m2 = other.#m2;
      this.#n = on;
      this.#max = other.#max;
      this.#min = other.#min;
    } else if (on !== 0) {
      const delta = other.#mu - this.#mu;
      if (on * 10 < n) this.#mu = this.#mu + (delta * on) / (n + on);
      else if (n * 10 < on) this.#mu = other.#mu - (delta * n) / (n + on);
      else this.#mu = (this.#mu * n + other.#mu * on) / (n + on);
      this.#m2 += other.#m2 + (delta * delta * n * on) / (n + on);
      this.#n += on;
      this.#max = Math.max(this.#max, other.#max);
      this.#min = Math.min(this.#min, other.#min);
    }
    return this;
  }

  toFields(): StatCounterFields {
    return { n: this.#n, mu: this.#mu, m2: this.#m2, max: this.#max, min: this.#min };
  }

  count(): number {
    return this.#n;
  }

  mean(): number {
    return this.#mu;
  }

  sum(): number {
    return this.#n * this.#mu;
  }

  max(): number {
    return this.#max;
  }

  min(): number {
    return this.#min;
  }

  /** The population variance, as `variance` is in Spark. */
  variance(): number {
    return this.#n === 0 ? NaN : this.#m2 / this.#n;
  }

  sampleVariance(): number {
    return this.#n <= 1 ? NaN : this.#m2 / (this.#n - 1);
  }

  stdev(): number {
    return Math.sqrt(this.variance());
  }

  sampleStdev(): number {
    return Math.sqrt(this.sampleVariance());
  }

  /** Scala's `"(count: %d, mean: %f, stdev: %f, max: %f, min: %f)"`. */
  toString(): string {
    return `(count: ${this.#n}, mean: ${fixed(this.#mu)}, stdev: ${fixed(this.stdev())}, max: ${fixed(this.#max)}, min: ${fixed(this.#min)})`;
  }

  [Symbol.for('kindling.inspect')](): string {
    return this.toString();
  }
}

/** Java's `%f`: six decimals, NaN and Infinity spelled as Java spells them. */
function fixed(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return x.toFixed(6);
}
