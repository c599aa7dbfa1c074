/**
 * The front matter of `lesson.md`: a small, strict subset of YAML, enough for
 * a lesson's title, order and settings, and readable by a teacher:
 *
 *   ---
 *   title: Caching and skipped stages
 *   order: 9
 *   conf:
 *     spark.executor.instances: 2
 *     spark.locality.wait: 1s
 *   ---
 *
 * `key: value` lines, values optionally in single or double quotes, `#`
 * comment lines, and one level of nesting: a key with no value followed by
 * indented `key: value` lines. Anything else is an error naming its line.
 */

/** A front-matter value: text, or a map of text (one level deep). */
export type FrontMatterValue = string | Record<string, string>;

export interface FrontMatter {
  data: Record<string, FrontMatterValue>;
  /** The document after the closing `---`. */
  body: string;
  /** 1-based line of `lesson.md` where `body` starts, to place errors in it. */
  bodyLine: number;
}

/** A problem with a file a teacher wrote; the message names the place. */
export class FrontMatterError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'FrontMatterError';
  }
}

/**
 * Splits `text` into its front matter and body.
 *
 * @throws FrontMatterError when there is no front matter or a line is not understood.
 * @example
 * parseFrontMatter('---\ntitle: Caching\nconf:\n  spark.executor.cores: 1\n---\nText');
 * // { data: { title: 'Caching', conf: { 'spark.executor.cores': '1' } }, body: 'Text', bodyLine: 6 }
 */
export function parseFrontMatter(text: string): FrontMatter {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') throw new FrontMatterError('lesson.md must start with a front matter line "---"', 1);
  const close = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (close === -1) throw new FrontMatterError('the front matter is not closed by a line "---"', lines.length);

  const data: Record<string, FrontMatterValue> = {};
  let openMap: { key: string; map: Record<string, string> } | undefined;
  for (let i = 1; i < close; i++) {
    const lineNumber = i + 1;
    const raw = lines[i];
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    if (raw.includes('\t')) throw new FrontMatterError('indent with spaces, not tabs', lineNumber);
    const indented = /^\s/.test(raw);
    const entry = /^\s*([^:\s][^:]*?)\s*:(?:\s+(.*?))?\s*$/.exec(raw);
    if (!entry) throw new FrontMatterError(`expected "key: value", got "${raw.trim()}"`, lineNumber);
    const key = entry[1];
    const value = entry[2] === undefined || entry[2] === '' ? undefined : unquote(entry[2], lineNumber);
    if (indented) {
      if (!openMap) throw new FrontMatterError(`"${key}" is indented but belongs to no key`, lineNumber);
      if (value === undefined)
        throw new FrontMatterError(`"${key}" needs a value (only one level of nesting)`, lineNumber);
      if (key in openMap.map) throw new FrontMatterError(`"${key}" is given twice in ${openMap.key}`, lineNumber);
      openMap.map[key] = value;
      continue;
    }
    if (key in data) throw new FrontMatterError(`"${key}" is given twice`, lineNumber);
    if (value === undefined) {
      openMap = { key, map: {} };
      data[key] = openMap.map;
    } else {
      openMap = undefined;
      data[key] = value;
    }
  }
  return { data, body: lines.slice(close + 1).join('\n'), bodyLine: close + 2 };
}

function unquote(value: string, lineNumber: number): string {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return value;
  if (value.length < 2 || value[value.length - 1] !== quote)
    throw new FrontMatterError(`unterminated ${quote === '"' ? 'double' : 'single'} quote`, lineNumber);
  const inner = value.slice(1, -1);
  if (quote === "'") return inner.replaceAll("''", "'");
  try {
    return JSON.parse(value) as string;
  } catch {
    throw new FrontMatterError(`bad escape in ${value}`, lineNumber);
  }
}
