/**
 * Spark configuration: string keys and values, as SparkConf holds them.
 *
 * @example
 * const conf = new SparkConf({ 'spark.executor.instances': '3' });
 * conf.getInt('spark.executor.instances', 2); // 3
 */
export class SparkConf {
  readonly #settings = new Map<string, string>();

  constructor(settings: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(settings)) this.set(k, v);
  }

  set(key: string, value: string | number | boolean): this {
    this.#settings.set(key, String(value));
    return this;
  }

  get(key: string): string | undefined;
  get(key: string, defaultValue: string): string;
  get(key: string, defaultValue?: string): string | undefined {
    return this.#settings.get(key) ?? defaultValue;
  }

  contains(key: string): boolean {
    return this.#settings.has(key);
  }

  getInt(key: string, defaultValue: number): number {
    const raw = this.#settings.get(key);
    if (raw === undefined) return defaultValue;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new Error(`${key} must be an integer, got "${raw}"`);
    return n;
  }

  getBoolean(key: string, defaultValue: boolean): boolean {
    const raw = this.#settings.get(key);
    if (raw === undefined) return defaultValue;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw new Error(`${key} must be true or false, got "${raw}"`);
  }

  /** A duration in milliseconds; accepts Spark's suffixes (`3s`, `100ms`, `1min`); a bare number is `defaultUnit`. */
  getTimeMs(key: string, defaultValue: string, defaultUnit: 'ms' | 's' = 'ms'): number {
    return parseDuration(this.#settings.get(key) ?? defaultValue, defaultUnit, key);
  }

  /** A size in bytes; accepts Spark's suffixes (`512k`, `64m`, `1g`); a bare number is `defaultUnit`. */
  getSizeBytes(key: string, defaultValue: string, defaultUnit: 'b' | 'k' | 'm' = 'b'): number {
    return parseSize(this.#settings.get(key) ?? defaultValue, defaultUnit, key);
  }

  getAll(): [string, string][] {
    return [...this.#settings.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  toRecord(): Record<string, string> {
    return Object.fromEntries(this.#settings);
  }
}

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(raw: string, defaultUnit: 'ms' | 's', key = 'duration'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = (m?.[2] || defaultUnit).toLowerCase();
  if (!m || !(unit in TIME_UNITS)) throw new Error(`${key}: cannot read "${raw}" as a duration (try 3s or 100ms)`);
  return Number(m[1]) * TIME_UNITS[unit];
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
};

export function parseSize(raw: string, defaultUnit: 'b' | 'k' | 'm', key = 'size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = (m?.[2] || defaultUnit).toLowerCase();
  if (!m || !(unit in SIZE_UNITS)) throw new Error(`${key}: cannot read "${raw}" as a size (try 64m or 512k)`);
  return Math.round(Number(m[1]) * SIZE_UNITS[unit]);
}
