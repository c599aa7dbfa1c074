/**
 * The benchmark's input text, generated deterministically: the same seed
 * gives the same bytes on every machine, so runs are comparable.
 *
 * Words follow a Zipf law over a vocabulary of made-up words (as word
 * frequencies in real text do), a tenth capitalised, with punctuation, in
 * lines of 8 to 17 words: enough distinct words that counting them is real
 * work, few enough that a count fits in an executor's memory.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** xorshift32: tiny, fast, and the same everywhere. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'shi', 'po', 'da', 've', 'qu', 'zo', 'ber', 'lin', 'th', 'ar'];
const PUNCTUATION = [',', '.', ';', ':', '!', '?', ' -', ' "'];

/**
 * `bytes` bytes (ASCII, `\n`-terminated lines) of word-like text drawn from
 * `vocabulary` words.
 *
 * @example
 * generateText(1000, 500).slice(0, 40); // 'taqu linka pozo, …'
 */
export function generateText(bytes: number, vocabulary = 30_000, seed = 20_240_601): string {
  const next = random(seed);
  const words: string[] = [];
  const seen = new Set<string>();
  while (words.length < vocabulary) {
    let word = '';
    const syllables = 1 + Math.floor(next() * 4);
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    if (next() < 0.05) word += "'s";
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  const cumulative = new Float64Array(vocabulary);
  let sum = 0;
  for (let i = 0; i < vocabulary; i++) cumulative[i] = sum += 1 / (i + 1);
  const pick = (): string => {
    const u = next() * sum;
    let lo = 0;
    let hi = vocabulary - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    let line = '';
    const count = 8 + Math.floor(next() * 10);
    for (let i = 0; i < count; i++) {
      let word = pick();
      if (next() < 0.1) word = word[0].toUpperCase() + word.slice(1);
      line += (i > 0 ? ' ' : '') + word;
      if (next() < 0.1) line += PUNCTUATION[Math.floor(next() * PUNCTUATION.length)];
    }
    line += '\n';
    if (size + line.length > bytes) line = line.slice(0, bytes - size - 1).trimEnd() + '\n';
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

/**
 * Writes the generated text to `path` unless a file of that exact size is
 * there already (the content depends only on the size and the seed).
 * Returns the size in bytes.
 */
export async function ensureText(path: string, bytes: number): Promise<number> {
  if (existsSync(path) && (await stat(path)).size === bytes) return bytes;
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  const text = generateText(bytes);
  await writeFile(partial, text);
  await rename(partial, path);
  return Buffer.byteLength(text);
}
