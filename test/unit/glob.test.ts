import { describe, expect, it } from 'vitest';
import { globToRegExp, hasWildcard, matchGlob, normalizePath, splitPathList, unescapeGlob } from '../../engine/fs/glob';
import { InvalidInputException, MemoryFileSystem, resolveGlob, resolveGlobIn } from '../../engine/fs/file-system';

describe('matchGlob', () => {
  const cases: [glob: string, path: string, matches: boolean][] = [
    ['data/lines-*.txt', 'data/lines-1.txt', true],
    ['data/lines-*.txt', 'data/lines-.txt', true],
    ['data/lines-*.txt', 'data/lines-1.csv', false],
    ['data/*.txt', 'data/sub/a.txt', false], // * stays inside one segment
    ['*', 'a.txt', true],
    ['*', 'data/a.txt', false],
    ['data/?.txt', 'data/a.txt', true],
    ['data/?.txt', 'data/ab.txt', false],
    ['data?a.txt', 'data/a.txt', false], // ? never matches '/'
    ['data/?.txt', 'data/😀.txt', true], // one character, even outside the BMP
    ['data/[abc].txt', 'data/b.txt', true],
    ['data/[abc].txt', 'data/d.txt', false],
    ['data/[a-c].txt', 'data/c.txt', true],
    ['data/[a-c].txt', 'data/C.txt', false],
    ['data/[^a].txt', 'data/b.txt', true],
    ['data/[^a].txt', 'data/a.txt', false],
    ['data/[!a].txt', 'data/a.txt', false], // Hadoop turns [! into [^
    ['data/[!a].txt', 'data/z.txt', true],
    ['data[^a]x', 'data/x', false], // a negated class never matches '/'
    ['data[/]x', 'data/x', false],
    ['data/[]x].txt', 'data/].txt', true], // ']' first in a class is a member
    ['data/[a\\]].txt', 'data/].txt', true],
    ['data/[+-].txt', 'data/-.txt', true], // '-' last is a member
    ['data/{a,b}.txt', 'data/a.txt', true],
    ['data/{a,b}.txt', 'data/b.txt', true],
    ['data/{a,b}.txt', 'data/c.txt', false],
    ['data/{a,b{c,d}}.txt', 'data/bd.txt', true],
    ['data/{a,b{c,d}}.txt', 'data/b.txt', false],
    ['data/{a,}x', 'data/x', true], // an empty alternative
    ['{data,logs}/*.txt', 'logs/x.txt', true],
    ['{data/x,logs}/a', 'data/x/a', true], // a group may hold '/'
    ['data/a\\*.txt', 'data/a*.txt', true],
    ['data/a\\*.txt', 'data/ab.txt', false],
    ['data/\\{a,b\\}', 'data/{a,b}', true],
    ['data/a.txt', 'data/abtxt', false], // '.' is literal
    ['data/(a)+|b$', 'data/(a)+|b$', true], // regex syntax is literal
    ['data/**', 'data/x/y/z.txt', true],
    ['data/**', 'logs/z.txt', false],
    ['data/**/*.txt', 'data/a.txt', true], // **/ may match no folder
    ['data/**/*.txt', 'data/x/y/a.txt', true],
    ['data/**/*.txt', 'data/x/y/a.csv', false],
    ['**/a.txt', 'a.txt', true],
    ['**/a.txt', 'x/y/a.txt', true],
    ['data/**.txt', 'data/x/a.txt', true],
    ['./data//a.txt', 'data/a.txt', true], // both sides are normalized
    ['/data/a.txt', 'data/a.txt', true],
  ];
  it.each(cases)('%s against %s → %s', (glob, path, matches) => {
    expect(matchGlob(glob, path)).toBe(matches);
  });

  it('rejects malformed globs with a SyntaxError naming the glob', () => {
    expect(() => globToRegExp('data/[ab')).toThrow(/Invalid glob "data\/\[ab": unclosed character class/);
    expect(() => globToRegExp('data/{a,b')).toThrow(/unclosed group/);
    expect(() => globToRegExp('data\\')).toThrow(/missing escaped character/);
    expect(() => globToRegExp('[z-a]')).toThrow(SyntaxError);
  });

  it('treats a stray closing brace as a literal', () => {
    expect(matchGlob('a}b', 'a}b')).toBe(true);
  });
});

describe('glob helpers', () => {
  it('normalizePath drops ./, leading, doubled and trailing slashes', () => {
    expect(normalizePath('./data//books/')).toBe('data/books');
    expect(normalizePath('/a/./b')).toBe('a/b');
    expect(normalizePath('.')).toBe('');
  });

  it('hasWildcard ignores escaped characters', () => {
    expect(hasWildcard('data/*.txt')).toBe(true);
    expect(hasWildcard('data/{a,b}')).toBe(true);
    expect(hasWildcard('data/[ab]')).toBe(true);
    expect(hasWildcard('data/a?')).toBe(true);
    expect(hasWildcard('data/a\\*.txt')).toBe(false);
    expect(hasWildcard('data/a.txt')).toBe(false);
  });

  it('unescapeGlob removes backslashes', () => {
    expect(unescapeGlob('a\\{1\\}\\\\b')).toBe('a{1}\\b');
  });

  it('splitPathList splits on commas outside braces', () => {
    expect(splitPathList('a.txt,logs/{x,y}.txt,b')).toEqual(['a.txt', 'logs/{x,y}.txt', 'b']);
    expect(splitPathList('a\\,b')).toEqual(['a\\,b']);
    expect(splitPathList('{a,{b,c}},d')).toEqual(['{a,{b,c}}', 'd']);
  });
});

describe('resolveGlob', () => {
  const fs = new MemoryFileSystem({
    'data/lines-2.txt': 'b',
    'data/lines-10.txt': 'bb',
    'data/lines-1.txt': 'a',
    'data/notes.md': 'n',
    'data/_SUCCESS': '',
    'data/.hidden.txt': 'h',
    'data/books/b.txt': 'book b',
    'data/books/a.txt': 'book a',
    'data/books/deep/c.txt': 'deep',
    'out/part-00001': 'y',
    'out/part-00000': 'x',
    'out/_SUCCESS': '',
    'top.txt': 't',
  });
  const paths = async (glob: string) => (await resolveGlob(fs, glob)).map((f) => f.path);

  it('returns matching files sorted by path, with sizes', async () => {
    expect(await resolveGlob(fs, 'data/lines-*.txt')).toEqual([
      { path: 'data/lines-1.txt', size: 1 },
      { path: 'data/lines-10.txt', size: 2 },
      { path: 'data/lines-2.txt', size: 1 },
    ]);
  });

  it('skips names starting with _ or . as Hadoop hiddenFileFilter does', async () => {
    expect(await paths('data/*.txt')).toEqual(['data/lines-1.txt', 'data/lines-10.txt', 'data/lines-2.txt']);
    expect(await paths('out')).toEqual(['out/part-00000', 'out/part-00001']);
  });

  it('reads a plain file path as that one file', async () => {
    expect(await paths('./data/notes.md')).toEqual(['data/notes.md']);
  });

  it('reads a folder as its direct files', async () => {
    expect(await paths('data/books/deep')).toEqual(['data/books/deep/c.txt']);
  });

  it('fails like Spark on a folder holding a folder: Not a file', async () => {
    await expect(resolveGlob(fs, 'data/books')).rejects.toThrow('Not a file: data/books/deep');
  });

  it('expands a folder a glob matches, in place', async () => {
    expect(await paths('{out,top.txt}')).toEqual(['out/part-00000', 'out/part-00001', 'top.txt']);
    expect(await paths('o*')).toEqual(['out/part-00000', 'out/part-00001']);
  });

  it('** matches files at any depth without expanding folders', async () => {
    expect(await paths('data/books/**')).toEqual(['data/books/a.txt', 'data/books/b.txt', 'data/books/deep/c.txt']);
    expect(await paths('**/*.txt')).toContain('top.txt');
    expect(await paths('**/*.txt')).not.toContain('data/.hidden.txt');
  });

  it('takes a comma-separated list in its order, keeping duplicates as Hadoop does', async () => {
    expect(await paths('top.txt,data/lines-{1,2}.txt,top.txt')).toEqual([
      'top.txt',
      'data/lines-1.txt',
      'data/lines-2.txt',
      'top.txt',
    ]);
  });

  it('reports a missing plain path with Hadoop wording', async () => {
    const error = await resolveGlob(fs, 'data/missing.txt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputException);
    expect((error as InvalidInputException).problems).toEqual(['Input path does not exist: data/missing.txt']);
    expect((error as Error).message.split('\n')[0]).toBe('Input path does not exist: data/missing.txt');
  });

  it('reports a hidden plain path as missing, as Hadoop filters glob results', async () => {
    await expect(resolveGlob(fs, 'data/_SUCCESS')).rejects.toThrow('Input path does not exist: data/_SUCCESS');
  });

  it('reports a glob that matches nothing with Hadoop wording', async () => {
    await expect(resolveGlob(fs, 'data/*.csv')).rejects.toThrow(/^Input Pattern data\/\*\.csv matches 0 files\n/);
    await expect(resolveGlob(fs, 'nowhere/*')).rejects.toThrow('Input Pattern nowhere/* matches 0 files');
  });

  it('reports every failing path of a list, one per line', async () => {
    await expect(resolveGlob(fs, 'a.txt,top.txt,b*.txt')).rejects.toThrow(
      /^Input path does not exist: a\.txt\nInput Pattern b\*\.txt matches 0 files\nFiles that exist/,
    );
  });

  it("after Hadoop's lines, names the files that do exist, nearest names first, hidden ones left out", () => {
    const entries = [
      { path: 'data/books/alice.txt', size: 9 },
      { path: 'out/_SUCCESS', size: 0 },
      { path: 'some_data1.txt', size: 3 },
      { path: 'some_data2.txt', size: 3 },
    ];
    const error = (() => {
      try {
        resolveGlobIn(entries, 'some-data*');
      } catch (e) {
        return e as InvalidInputException;
      }
    })();
    expect(error?.message).toBe(
      'Input Pattern some-data* matches 0 files\n' +
        'Files that exist, nearest names first: some_data1.txt, some_data2.txt, data/books/alice.txt',
    );
    expect(() => resolveGlobIn([], 'x*')).toThrow(/^Input Pattern x\* matches 0 files\nNo files exist yet\.$/);
  });

  it('lets a backslash name a file with glob characters in its name', async () => {
    const odd = new MemoryFileSystem({ 'a{1}.txt': 'x', 'a1.txt': 'y' });
    expect((await resolveGlob(odd, 'a\\{1\\}.txt')).map((f) => f.path)).toEqual(['a{1}.txt']);
    expect((await resolveGlob(odd, 'a{1}.txt')).map((f) => f.path)).toEqual(['a1.txt']);
  });

  it('reads the root when given an empty path or "."', async () => {
    const flat = new MemoryFileSystem({ 'b.txt': 'b', 'a.txt': 'a' });
    expect((await resolveGlob(flat, '.')).map((f) => f.path)).toEqual(['a.txt', 'b.txt']);
  });
});

describe('MemoryFileSystem', () => {
  it('reads byte ranges clamped to the file, and nothing for an empty range', async () => {
    const fs = new MemoryFileSystem({ 'a.txt': 'hello' });
    const text = async (start: number, end: number) => new TextDecoder().decode(await fs.read('a.txt', start, end));
    expect(await text(1, 3)).toBe('el');
    expect(await text(3, 100)).toBe('lo');
    expect(await text(-5, 2)).toBe('he');
    expect(await text(4, 4)).toBe('');
    await expect(fs.read('b.txt', 0, 1)).rejects.toThrow('File does not exist: b.txt');
  });

  it('writes, replaces and lists files sorted, with exists for files and folders', async () => {
    const fs = new MemoryFileSystem();
    expect(await fs.exists('out')).toBe(false);
    await fs.write('/out/part-00001', new Uint8Array([1, 2]));
    await fs.write('out/part-00000', new Uint8Array([3]));
    await fs.write('out/part-00000', new Uint8Array([4, 5, 6]));
    expect(await fs.list()).toEqual([
      { path: 'out/part-00000', size: 3 },
      { path: 'out/part-00001', size: 2 },
    ]);
    expect(await fs.exists('out')).toBe(true);
    expect(await fs.exists('out/')).toBe(true);
    expect(await fs.exists('out/part-00000')).toBe(true);
    expect(await fs.exists('ou')).toBe(false);
    await expect(fs.write('/', new Uint8Array())).rejects.toThrow(/root folder/);
  });

  it('keeps its own copy of written bytes', async () => {
    const data = new Uint8Array([1, 2, 3]);
    const fs = new MemoryFileSystem({ a: data });
    data[0] = 9;
    expect([...(await fs.read('a', 0, 3))]).toEqual([1, 2, 3]);
  });
});

describe('resolveGlobIn', () => {
  it('resolves synchronously over a listing in hand, with the same rules', () => {
    const entries = [
      { path: 'data/b.txt', size: 2 },
      { path: 'data/a.txt', size: 1 },
      { path: 'data/_SUCCESS', size: 0 },
    ];
    expect(resolveGlobIn(entries, 'data')).toEqual([
      { path: 'data/a.txt', size: 1 },
      { path: 'data/b.txt', size: 2 },
    ]);
    expect(() => resolveGlobIn(entries, 'nope')).toThrow('Input path does not exist: nope');
  });

  it('MemoryFileSystem lists synchronously too', async () => {
    const fs = new MemoryFileSystem({ b: 'x', a: 'yy' });
    expect(fs.listSync()).toEqual(await fs.list());
    expect(fs.listSync().map((f) => f.path)).toEqual(['a', 'b']);
  });
});
