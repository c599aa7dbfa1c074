/**
 * Levenshtein distance: the fewest single-character insertions, deletions and
 * substitutions that turn `a` into `b`. Used to put the nearest names first
 * when a learner mistypes a method or a file (one row of the table at a time,
 * so memory is the length of `b`).
 *
 * @example
 * editDistance('flatmap', 'flatMap'); // 1
 * editDistance('some-data', 'some_data1.txt'); // 6
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
