/**
 * Sizes as Spark prints them, shared by the engine (toDebugString, task-set
 * warnings) and the playground (tables, lineage). Imports nothing, so the
 * playground can use it without pulling in the engine.
 */

/**
 * Spark's `Utils.bytesToString`: one decimal, binary units, and a unit only
 * once the size reaches twice it ("1536.0 B", "2.0 KiB").
 *
 * @example
 * bytesToString(204) // '204.0 B'
 * bytesToString(5000) // '4.9 KiB'
 */
export function bytesToString(size: number): string {
  const units: [number, string][] = [
    [2 ** 60, 'EiB'],
    [2 ** 50, 'PiB'],
    [2 ** 40, 'TiB'],
    [2 ** 30, 'GiB'],
    [2 ** 20, 'MiB'],
    [2 ** 10, 'KiB'],
  ];
  for (const [bytes, unit] of units) if (size >= 2 * bytes) return `${(size / bytes).toFixed(1)} ${unit}`;
  return `${size.toFixed(1)} B`;
}
