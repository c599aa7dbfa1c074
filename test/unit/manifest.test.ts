import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildManifest, publicDirectory, renderManifest } from '../../scripts/make-manifest';

describe('public/index.json', () => {
  it('lists exactly the files under public/data with their sizes (regenerate: npx tsx scripts/make-manifest.ts)', () => {
    const committed = readFileSync(join(publicDirectory, 'index.json'), 'utf8');
    expect(committed).toBe(renderManifest(buildManifest(publicDirectory)));
  });

  it('lists the books the default playground program reads, by paths relative to the site root', () => {
    const entries = JSON.parse(readFileSync(join(publicDirectory, 'index.json'), 'utf8')) as { path: string }[];
    const books = entries.filter((entry) => /^data\/books\/[^/]+\.txt$/.test(entry.path));
    expect(books.length).toBeGreaterThanOrEqual(3);
    for (const { path } of entries) expect(readFileSync(join(publicDirectory, path)).length).toBeGreaterThan(0);
  });
});

describe('buildManifest', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it('walks nested folders, counts bytes rather than characters, skips dot files and sorts by path', () => {
    root = mkdtempSync(join(tmpdir(), 'manifest-'));
    mkdirSync(join(root, 'data', 'b'), { recursive: true });
    writeFileSync(join(root, 'data', 'z.txt'), 'zzz\n');
    writeFileSync(join(root, 'data', 'b', 'café.txt'), 'café\n'); // é is two bytes in UTF-8
    writeFileSync(join(root, 'data', '.DS_Store'), 'junk');
    writeFileSync(join(root, 'favicon.svg'), '<svg/>'); // outside data/: not visible to textFile

    expect(buildManifest(root)).toEqual([
      { path: 'data/b/café.txt', size: 6 },
      { path: 'data/z.txt', size: 4 },
    ]);
  });
});

describe('renderManifest', () => {
  it('writes one entry per line and round-trips through JSON.parse', () => {
    const entries = [
      { path: 'data/a.txt', size: 3 },
      { path: 'data/"quoted".txt', size: 10 },
    ];
    const text = renderManifest(entries);
    expect(text.split('\n')).toHaveLength(5);
    expect(JSON.parse(text)).toEqual(entries);
    expect(renderManifest([])).toBe('[]\n');
  });
});
