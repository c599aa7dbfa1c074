/**
 * The word-count baseline: what a programmer writes by hand on one thread,
 * doing the same work as the engine's word count. It reads the same file
 * over HTTP from the same server, splits it into the same lines, lowercases
 * and splits each line with the same regular expression, and counts in a Map.
 * It runs on the page (`wordcount_speedup`) and inside one Web Worker
 * (`engine_overhead_1core`).
 */
import { digestCounts, type CountDigest } from '../digest';

/** The word-count loop's result: its summary and how long its parts took. */
export interface LoopResult {
  answer: CountDigest;
  /** Everything, from the request to the last word counted. */
  ms: number;
  /** Of which fetching and decoding the file. */
  readMs: number;
}

/**
 * Fetches `url` (the same file the engine reads) and counts its words.
 *
 * @example
 * const { answer, ms } = await countWordsAt('/fs/data/words.txt');
 */
export async function countWordsAt(url: string): Promise<LoopResult> {
  const started = performance.now();
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const text = await response.text();
  const read = performance.now();
  const counts = countWords(text);
  const ms = performance.now() - started;
  // The digest is not timed: the engine's side computes it after its clock stops too.
  return { answer: digestCounts(counts), ms, readMs: read - started };
}

/**
 * Counts the words of `text` line by line, exactly as the engine's program
 * does per record: `line.toLowerCase().split(/[^a-z']+/)`, empty words dropped.
 * Lines end at `\n`, `\r\n` or `\r`, as Hadoop's line reader ends them.
 */
export function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const separator = /[^a-z']+/;
  const length = text.length;
  let start = 0;
  // A BOM opening the file is not part of its first line.
  if (text.charCodeAt(0) === 0xfeff) start = 1;
  while (start < length) {
    let end = start;
    let code = 0;
    while (end < length && (code = text.charCodeAt(end)) !== 10 && code !== 13) end++;
    const words = text.slice(start, end).toLowerCase().split(separator);
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      if (word.length > 0) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    start = end < length && code === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
  return counts;
}
