// HttpFileSystem in real Chromium, against files Vite serves from
// test/browser/fixtures/fs/ (vitest's browser mode serves the project root).
// Vite cannot take PUTs, so write() is checked against a stub fetch that
// records the request; the MemoryFileSystem tests cover the write semantics.
import { describe, expect, it } from 'vitest';
import { HttpFileSystem, computeSplits, readSplitLines, resolveGlob } from '../../engine/fs';

const BASE = new URL('/test/browser/fixtures/fs/', location.origin).href;
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function wholeFile(path: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(new URL(path, BASE))).arrayBuffer());
}

function truthLines(bytes: Uint8Array): string[] {
  const text = decode(bytes);
  const lines = text.split(/\r\n|\r|\n/u);
  if (/[\r\n]$/u.test(text)) lines.pop();
  return lines;
}

/** A fetch that forwards to the real one and remembers each request. */
function recordingFetch(change?: (init: RequestInit) => RequestInit) {
  const requests: { url: string; method: string; range: string | null }[] = [];
  const wrapped: typeof fetch = async (input, init = {}) => {
    const next = change ? change(init) : init;
    requests.push({
      url: String(input),
      method: next.method ?? 'GET',
      range: new Headers(next.headers).get('Range'),
    });
    return fetch(input, next);
  };
  return { fetch: wrapped, requests };
}

describe('HttpFileSystem over Vite', () => {
  it('lists index.json, and the sizes it gives are the served files’ sizes', async () => {
    const fs = new HttpFileSystem(BASE);
    const files = await fs.list();
    expect(files.map((f) => f.path)).toEqual([
      'data/_SUCCESS',
      'data/lines-a.txt',
      'data/lines-b.txt',
      'notes/readme.md',
    ]);
    // _SUCCESS is only listed (to test the hidden-file filter): Vite answers
    // extension-less paths with its HTML fallback, so it is not fetched here.
    for (const file of files.filter((f) => f.path.includes('.'))) {
      expect((await wholeFile(file.path)).byteLength, file.path).toBe(file.size);
    }
  });

  it('fetches index.json once and reuses it', async () => {
    const { fetch, requests } = recordingFetch();
    const fs = new HttpFileSystem(BASE, { fetch });
    await fs.list();
    await fs.exists('data');
    await resolveGlob(fs, 'data/*.txt');
    expect(requests.filter((r) => r.url.endsWith('index.json'))).toHaveLength(1);
  });

  it('reads byte ranges with a Range header, whether or not the server honours it', async () => {
    const full = await wholeFile('data/lines-b.txt');
    const probe = await fetch(new URL('data/lines-b.txt', BASE), { headers: { Range: 'bytes=2-5' } });
    // Vite's static server (sirv) answers 206; the code also handles 200.
    expect([200, 206]).toContain(probe.status);

    const { fetch: recording, requests } = recordingFetch();
    const fs = new HttpFileSystem(BASE, { fetch: recording });
    expect([...(await fs.read('data/lines-b.txt', 2, 6))]).toEqual([...full.slice(2, 6)]);
    expect([...(await fs.read('data/lines-b.txt', 80, 500))]).toEqual([...full.slice(80)]);
    expect((await fs.read('data/lines-b.txt', 5, 5)).byteLength).toBe(0);
    expect(requests.map((r) => r.range)).toEqual(['bytes=2-5', 'bytes=80-499']);
  });

  it('slices the body when a server ignores Range and sends the whole file, downloading it once', async () => {
    const full = await wholeFile('data/lines-a.txt');
    const { fetch, requests } = recordingFetch((init) => ({ ...init, headers: {} }));
    const fs = new HttpFileSystem(BASE, { fetch });
    expect([...(await fs.read('data/lines-a.txt', 4, 10))]).toEqual([...full.slice(4, 10)]);
    expect([...(await fs.read('data/lines-a.txt', 10, 30))]).toEqual([...full.slice(10, 30)]);
    expect(requests.filter((r) => r.url.endsWith('lines-a.txt'))).toHaveLength(1);
  });

  it('uses Content-Range when a server answers 206 with a wider range than asked', async () => {
    const body = new TextEncoder().encode('0123456789');
    const stub: typeof fetch = async () =>
      new Response(body.slice(2), { status: 206, headers: { 'Content-Range': 'bytes 2-9/10' } });
    const fs = new HttpFileSystem('https://example.test/files', { fetch: stub });
    expect(decode(await fs.read('a.txt', 4, 7))).toBe('456');
  });

  it('fails with the URL and status when a read or the listing fails', async () => {
    const fs = new HttpFileSystem(BASE);
    // Vite answers a missing path with a 404, or with its index.html (200)
    // once the project has one; both must fail the read, not return the page.
    await expect(fs.read('data/missing.txt', 0, 10)).rejects.toThrow(
      /Cannot read .*data\/missing\.txt: (GET answered HTTP 404|the server answered with an HTML page)/,
    );
    const missing = new HttpFileSystem(new URL('/test/browser/fixtures/no-such-folder/', location.origin));
    await expect(missing.list()).rejects.toThrow(
      /Cannot list .*no-such-folder\/: (GET .*index\.json answered HTTP 404|for .*index\.json the server answered with an HTML page)/,
    );
  });

  it('refuses an HTML fallback page in place of a file or of index.json', async () => {
    const page: typeof fetch = async () =>
      new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    const fs = new HttpFileSystem('https://example.test/files/', { fetch: page });
    await expect(fs.read('a.txt', 0, 4)).rejects.toThrow(
      'Cannot read https://example.test/files/a.txt: the server answered with an HTML page instead',
    );
    await expect(fs.list()).rejects.toThrow(/for .*index\.json the server answered with an HTML page instead/);
    // A real HTML file is still readable.
    expect(decode(await fs.read('page.html', 0, 4))).toBe('<!do');
  });

  it('resolves globs and folders against the index, skipping hidden files', async () => {
    const fs = new HttpFileSystem(BASE);
    const paths = async (glob: string) => (await resolveGlob(fs, glob)).map((f) => f.path);
    expect(await paths('data/*.txt')).toEqual(['data/lines-a.txt', 'data/lines-b.txt']);
    expect(await paths('data')).toEqual(['data/lines-a.txt', 'data/lines-b.txt']);
    expect(await paths('{data/lines-b.txt,notes}')).toEqual(['data/lines-b.txt', 'notes/readme.md']);
    await expect(resolveGlob(fs, 'data/*.csv')).rejects.toThrow('Input Pattern data/*.csv matches 0 files');
    expect(await fs.exists('data')).toBe(true);
    expect(await fs.exists('dat')).toBe(false);
  });

  it('reads every line once through many small splits and Range requests', async () => {
    const fs = new HttpFileSystem(BASE);
    const files = await resolveGlob(fs, 'data/*.txt');
    const truth: string[] = [];
    for (const file of files) truth.push(...truthLines(await wholeFile(file.path)));

    for (const blockSize of [7, 16, 33, 1000]) {
      const splits = computeSplits(files, 2, blockSize);
      const lines: string[] = [];
      for (const split of splits) {
        const size = files.find((f) => f.path === split.path)?.size ?? 0;
        lines.push(...(await readSplitLines(fs, split, size, 5)).lines);
      }
      expect(lines, `blockSize ${blockSize}`).toEqual(truth);
    }
    expect(truth).toContain('café € and 😀 cross splits');
    expect(truth).toContain('old mac line');
  });

  it('runs in a module Web Worker', async () => {
    const worker = new Worker(new URL('./fixtures/http-fs-worker.ts', import.meta.url), { type: 'module' });
    try {
      const reply = await new Promise<{ ok: boolean; lines?: string[]; hasDocument?: boolean; message?: string }>(
        (resolve, reject) => {
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message));
          worker.postMessage(BASE);
        },
      );
      expect(reply.message).toBeUndefined();
      expect(reply.hasDocument).toBe(false);
      expect(reply.lines).toEqual([
        ...truthLines(await wholeFile('data/lines-a.txt')),
        ...truthLines(await wholeFile('data/lines-b.txt')),
      ]);
    } finally {
      worker.terminate();
    }
  });
});

describe('HttpFileSystem.write', () => {
  it('PUTs the bytes to the file URL and lists the new file', async () => {
    const puts: { url: string; method?: string; body: Uint8Array }[] = [];
    const stub: typeof fetch = async (input, init) => {
      if (init?.method === 'PUT') {
        puts.push({ url: String(input), method: init.method, body: new Uint8Array(init.body as ArrayBuffer) });
        return new Response(null, { status: 201 });
      }
      return fetch(input, init);
    };
    const fs = new HttpFileSystem(BASE, { fetch: stub });
    await fs.list(); // cache the index first: write must update it
    await fs.write('out/part 00000', new TextEncoder().encode('(a,1)\n'));
    expect(puts).toHaveLength(1);
    expect(puts[0].url).toBe(`${BASE}out/part%2000000`);
    expect(decode(puts[0].body)).toBe('(a,1)\n');
    expect(await fs.list()).toContainEqual({ path: 'out/part 00000', size: 6 });
    expect(await fs.exists('out')).toBe(true);
  });

  it('throws a clear error when the server refuses the PUT', async () => {
    const stub: typeof fetch = async () => new Response('no', { status: 405, statusText: 'Method Not Allowed' });
    const fs = new HttpFileSystem('https://example.test/files/', { fetch: stub });
    await expect(fs.write('out/part-00000', new Uint8Array([1]))).rejects.toThrow(
      'Cannot write https://example.test/files/out/part-00000: PUT answered HTTP 405 Method Not Allowed',
    );
  });
});
