/**
 * Hadoop-style path globs, as `sc.textFile` accepts them.
 *
 * The syntax follows Hadoop's `GlobPattern` (org.apache.hadoop.fs):
 *
 * | glob      | matches                                                        |
 * |-----------|----------------------------------------------------------------|
 * | `*`       | any run of characters inside one path segment (never `/`)      |
 * | `?`       | one character (never `/`)                                      |
 * | `[abc]`   | one of the listed characters; `[a-z]` a range                  |
 * | `[^a]`    | one character not listed; `[!a]` is the same (Hadoop accepts both) |
 * | `{a,b}`   | either alternative; groups nest (`{a,b{c,d}}`)                 |
 * | `\x`      | the character `x` itself                                       |
 * | `**`      | Kindling's addition (Hadoop has none): any characters, `/` included; a whole `**` segment may also match no folder at all, so `data`, `**`, `*.txt` joined by slashes matches `data/a.txt` |
 *
 * Hadoop matches a glob one path segment at a time, so nothing but `**` can
 * cross a `/`; the regular expressions built here keep that rule.
 *
 * @module
 */

/**
 * Puts a path into the form the file systems use: `/`-separated, relative to
 * the root, no leading `./` or `/`, no `.` segments, no doubled or trailing `/`.
 * Hadoop's Globber merges doubled slashes the same way.
 *
 * @example
 * normalizePath('./data//books/') // 'data/books'
 */
export function normalizePath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/**
 * Whether `glob` has an unescaped wildcard (`*`, `?`, `[` or `{`), which is
 * Hadoop's test for telling "a path that does not exist" from "a pattern that
 * matched nothing".
 *
 * @example
 * hasWildcard('data/*.txt') // true
 * hasWildcard('data/a\\*.txt') // false: the star is escaped
 */
export function hasWildcard(glob: string): boolean {
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[' || c === '{') return true;
  }
  return false;
}

/**
 * Removes glob escapes, giving the literal path a wildcard-free glob names
 * (Hadoop's `unquotePathComponent`).
 *
 * @example
 * unescapeGlob('data/a\\{1\\}.txt') // 'data/a{1}.txt'
 */
export function unescapeGlob(glob: string): string {
  return glob.replace(/\\(.)/gsu, '$1');
}

/**
 * Splits the comma-separated path list `sc.textFile` accepts into single paths.
 * Like Hadoop's `FileInputFormat.getPathStrings`, a comma inside `{…}` belongs
 * to the group rather than separating paths; an escaped comma (`\,`) does not
 * separate either.
 *
 * @example
 * splitPathList('a.txt,logs/{x,y}.txt') // ['a.txt', 'logs/{x,y}.txt']
 */
export function splitPathList(paths: string): string[] {
  const result: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < paths.length; i++) {
    const c = paths[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      result.push(paths.slice(from, i));
      from = i + 1;
    }
  }
  result.push(paths.slice(from));
  return result;
}

/** Characters that mean something in a regular expression outside a class. */
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/gu;

function escapeRegex(text: string): string {
  return text.replace(REGEX_SYNTAX, '\\$&');
}

/** Characters that mean something inside a regular-expression class. */
function escapeClassChar(char: string): string {
  return /[\\\]^[-]/u.test(char) ? `\\${char}` : char;
}

/**
 * Translates the `[...]` class that opens at `glob[open]`. Returns the regular
 * expression and the index just past the closing `]`.
 */
function translateClass(glob: string, open: number): { source: string; next: number } {
  let i = open + 1;
  // Step by code point so a class can hold characters outside the BMP.
  const takeChar = (): string => {
    const char = String.fromCodePoint(glob.codePointAt(i) ?? 0);
    i += char.length;
    return char;
  };
  const takeMember = (): string => {
    const char = takeChar();
    return char === '\\' && i < glob.length ? takeChar() : char;
  };
  let negated = false;
  if (glob[i] === '^' || glob[i] === '!') {
    negated = true;
    i++;
  }
  let members = '';
  let first = true;
  while (i < glob.length) {
    // As in POSIX, a ']' right after the opening bracket is a member.
    if (glob[i] === ']' && !first) {
      i++;
      // A class must not match '/', because Hadoop matches segment by segment.
      const source = negated ? `[^${members}/]` : `(?:(?!/)[${members}])`;
      return { source, next: i };
    }
    first = false;
    members += escapeClassChar(takeMember());
    if (glob[i] === '-' && i + 1 < glob.length && glob[i + 1] !== ']') {
      i++;
      members += `-${escapeClassChar(takeMember())}`;
    }
  }
  throw new SyntaxError(`Invalid glob "${glob}": unclosed character class at position ${open}`);
}

/**
 * Compiles a glob into an anchored regular expression over whole
 * `/`-separated paths (see the module comment for the syntax).
 *
 * @throws SyntaxError for an unclosed `[` or `{`, a trailing `\`, or an
 *   invalid range such as `[z-a]`.
 * @example
 * globToRegExp('data/lines-*.txt').test('data/lines-1.txt') // true
 * globToRegExp('data/*.txt').test('data/sub/a.txt') // false
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let depth = 0;
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '\\') {
      const escaped = glob.codePointAt(i + 1);
      if (escaped === undefined) {
        throw new SyntaxError(`Invalid glob "${glob}": missing escaped character at position ${i + 1}`);
      }
      const char = String.fromCodePoint(escaped);
      source += escapeRegex(char);
      i += 1 + char.length;
    } else if (c === '*') {
      let j = i + 1;
      while (glob[j] === '*') j++;
      if (j - i === 1) source += '[^/]*';
      else if (glob[j] === '/') {
        source += '(?:.*/)?';
        j++;
      } else source += '.*';
      i = j;
    } else if (c === '?') {
      source += '[^/]';
      i++;
    } else if (c === '[') {
      const translated = translateClass(glob, i);
      source += translated.source;
      i = translated.next;
    } else if (c === '{') {
      source += '(?:';
      depth++;
      i++;
    } else if (c === ',' && depth > 0) {
      source += '|';
      i++;
    } else if (c === '}' && depth > 0) {
      source += ')';
      depth--;
      i++;
    } else {
      const char = String.fromCodePoint(glob.codePointAt(i) ?? 0);
      source += escapeRegex(char);
      i += char.length;
    }
  }
  if (depth > 0) throw new SyntaxError(`Invalid glob "${glob}": unclosed group`);
  try {
    return new RegExp(`^${source}$`, 'su');
  } catch (error) {
    throw new SyntaxError(`Invalid glob "${glob}": ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Whether `path` matches `glob`. Both are normalized first (see
 * {@link normalizePath}), so `./data/a.txt` and `data/a.txt` are the same.
 *
 * @example
 * matchGlob('data/{a,b}-[0-9].txt', 'data/b-7.txt') // true
 * matchGlob('data/**', 'data/x/y/z.txt') // true
 */
export function matchGlob(glob: string, path: string): boolean {
  return globToRegExp(normalizePath(glob)).test(normalizePath(path));
}
