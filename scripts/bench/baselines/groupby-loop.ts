/**
 * The DataFrame groupBy figure's baseline: the same rows made and grouped by
 * hand on one thread, as a programmer would without an engine — for each id,
 * the user `'user-' + id % users` and the amount `id % 1000`, counted and
 * summed per user in a `Map`.
 */
import { digestCounts, type CountDigest } from '../digest';

/**
 * Groups `rows` generated rows by user; times making and grouping them (the
 * digest is not timed, as the engine's side computes it after its clock stops).
 *
 * @example
 * groupByLoop(10, 3).answer.distinct; // 3
 */
export function groupByLoop(rows: number, users: number): { ms: number; answer: CountDigest } {
  const started = performance.now();
  const groups = new Map<string, [number, number]>();
  for (let id = 0; id < rows; id++) {
    const user = 'user-' + (id % users);
    const amount = id % 1000;
    const group = groups.get(user);
    if (group === undefined) groups.set(user, [1, amount]);
    else {
      group[0]++;
      group[1] += amount;
    }
  }
  const ms = performance.now() - started;
  return { ms, answer: digestCounts([...groups].map(([user, [n, total]]) => [`${user}:${total}`, n])) };
}
