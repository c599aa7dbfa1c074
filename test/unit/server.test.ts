import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, startServer, type RunnerServer } from '../../engine/runner/server';

let base: string;
let fsRoot: string;
let distDir: string;
let server: RunnerServer;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'kindling-server-'));
  fsRoot = join(base, 'program');
  distDir = join(base, 'dist');
  await mkdir(join(fsRoot, 'data', 'nested'), { recursive: true });
  await mkdir(join(fsRoot, 'node_modules', 'pkg'), { recursive: true });
  await mkdir(join(fsRoot, '.git'), { recursive: true });
  await mkdir(join(distDir, 'assets'), { recursive: true });
  await writeFile(join(fsRoot, 'program.js'), 'console.log(1)\n');
  await writeFile(join(fsRoot, 'data', 'a.txt'), '0123456789');
  await writeFile(join(fsRoot, 'data', 'nested', 'b.txt'), 'hello\nworld\n');
  await writeFile(join(fsRoot, 'data', 'empty.txt'), '');
  await writeFile(join(fsRoot, 'node_modules', 'pkg', 'index.js'), 'x');
  await writeFile(join(fsRoot, '.git', 'HEAD'), 'x');
  await writeFile(join(fsRoot, '.hidden'), 'x');
  await writeFile(join(base, 'secret.txt'), 'outside');
  await writeFile(join(distDir, 'runner.html'), '<!doctype html><title>runner</title>');
  await writeFile(join(distDir, 'index.html'), '<!doctype html><title>index</title>');
  await writeFile(join(distDir, 'assets', 'worker-abc.js'), 'export {}');
  await writeFile(join(distDir, 'assets', 'engine.wasm'), Buffer.from([0, 97, 115, 109]));
  server = await startServer({ distDir, fsRoot });
});

afterAll(async () => {
  await server?.close();
  await rm(base, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request: fetch would normalise the paths these tests need to send as written. */
function send(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const url = new URL(server.url);
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

describe('runner server', () => {
  it('listens on 127.0.0.1 with an OS-chosen port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('serves the build with MIME types a module worker and wasm need', async () => {
    const page = await send('GET', '/runner.html');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('runner');
    expect((await send('GET', '/assets/worker-abc.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send('GET', '/assets/engine.wasm')).headers['content-type']).toBe('application/wasm');
    expect((await send('GET', '/')).body).toContain('index');
    expect((await send('GET', '/missing.js')).status).toBe(404);
  });

  it('lists the program folder recursively, skipping node_modules and dot entries', async () => {
    const reply = await send('GET', '/fs/index.json');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toEqual([
      { path: 'data/a.txt', size: 10 },
      { path: 'data/empty.txt', size: 0 },
      { path: 'data/nested/b.txt', size: 12 },
      { path: 'program.js', size: 15 },
    ]);
  });

  it('caps the manifest and says so', async () => {
    const small = await startServer({ distDir, fsRoot, maxManifestFiles: 2 });
    try {
      const reply = await fetch(`${small.url}/fs/index.json`);
      expect(await reply.json()).toHaveLength(2);
      expect(reply.headers.get('x-kindling-manifest-truncated')).toBe('true');
    } finally {
      await small.close();
    }
  });

  it('serves a whole file with Accept-Ranges', async () => {
    const reply = await send('GET', '/fs/data/nested/b.txt');
    expect(reply.status).toBe(200);
    expect(reply.headers['accept-ranges']).toBe('bytes');
    expect(reply.body).toBe('hello\nworld\n');
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    const middle = await send('GET', '/fs/data/a.txt', { headers: { range: 'bytes=2-5' } });
    expect(middle.status).toBe(206);
    expect(middle.headers['content-range']).toBe('bytes 2-5/10');
    expect(middle.headers['content-length']).toBe('4');
    expect(middle.body).toBe('2345');
    const open = await send('GET', '/fs/data/a.txt', { headers: { range: 'bytes=7-' } });
    expect([open.status, open.body]).toEqual([206, '789']);
    const suffix = await send('GET', '/fs/data/a.txt', { headers: { range: 'bytes=-3' } });
    expect([suffix.status, suffix.body, suffix.headers['content-range']]).toEqual([206, '789', 'bytes 7-9/10']);
    const pastEnd = await send('GET', '/fs/data/a.txt', { headers: { range: 'bytes=8-100' } });
    expect([pastEnd.status, pastEnd.body, pastEnd.headers['content-range']]).toEqual([206, '89', 'bytes 8-9/10']);
  });

  it('answers 416 for a range that starts past the end', async () => {
    const reply = await send('GET', '/fs/data/a.txt', { headers: { range: 'bytes=10-20' } });
    expect(reply.status).toBe(416);
    expect(reply.headers['content-range']).toBe('bytes */10');
    expect((await send('GET', '/fs/data/empty.txt', { headers: { range: 'bytes=0-' } })).status).toBe(416);
  });

  it('ignores malformed and multiple ranges, sending the whole file', async () => {
    for (const range of ['bytes=5-2', 'lines=1-2', 'bytes=0-1,4-5']) {
      const reply = await send('GET', '/fs/data/a.txt', { headers: { range } });
      expect([range, reply.status, reply.body]).toEqual([range, 200, '0123456789']);
    }
  });

  it('writes files with PUT, creating parent folders, and serves them back', async () => {
    const created = await send('PUT', '/fs/out/part-00000', { body: 'a\nb\n' });
    expect(created.status).toBe(201);
    expect(await readFile(join(fsRoot, 'out', 'part-00000'), 'utf8')).toBe('a\nb\n');
    const replaced = await send('PUT', '/fs/out/part-00000', { body: 'c\n' });
    expect(replaced.status).toBe(204);
    expect((await send('GET', '/fs/out/part-00000')).body).toBe('c\n');
    const manifest = JSON.parse((await send('GET', '/fs/index.json')).body) as { path: string }[];
    expect(manifest.map((entry) => entry.path)).toContain('out/part-00000');
    expect(manifest.some((entry) => entry.path.includes('partial'))).toBe(false);
  });

  it('deletes a folder with DELETE (a DataFrame overwritten), never the program folder or outside it', async () => {
    await send('PUT', '/fs/gone/part-00000', { body: 'a\n' });
    await send('PUT', '/fs/gone/_SUCCESS', { body: '' });
    expect((await send('DELETE', '/fs/gone')).status).toBe(204);
    await expect(readFile(join(fsRoot, 'gone', 'part-00000'))).rejects.toThrow();
    const manifest = JSON.parse((await send('GET', '/fs/index.json')).body) as { path: string }[];
    expect(manifest.some((entry) => entry.path.startsWith('gone/'))).toBe(false);
    expect((await send('DELETE', '/fs/')).status).toBe(403);
    expect((await send('DELETE', '/fs/data/../../program')).status).toBe(403);
    expect((await send('GET', '/fs/program.js')).status).toBe(200);
  });

  it('refuses paths that escape the folder, for reads and writes', async () => {
    expect((await send('GET', '/fs/../secret.txt')).status).toBe(403);
    expect((await send('GET', '/fs/data/..%2F..%2Fsecret.txt')).status).toBe(403);
    expect((await send('PUT', '/fs/%2E%2E/evil.txt', { body: 'x' })).status).toBe(403);
    expect((await send('PUT', '/fs/data/../../evil.txt', { body: 'x' })).status).toBe(403);
    await expect(readFile(join(base, 'evil.txt'))).rejects.toThrow();
    expect((await send('GET', '/../program/program.js')).status).toBe(403);
  });

  it('refuses PUT outside /fs/', async () => {
    expect((await send('PUT', '/runner.html', { body: 'x' })).status).toBe(405);
  });
});

describe('parseRange', () => {
  it.each([
    [undefined, 10, undefined],
    ['bytes=0-0', 10, [0, 0]],
    ['bytes=0-', 10, [0, 9]],
    ['bytes=-20', 10, [0, 9]],
    ['bytes=-0', 10, 'unsatisfiable'],
    ['bytes=9-9', 10, [9, 9]],
    ['bytes=10-', 10, 'unsatisfiable'],
    ['bytes=0-', 0, 'unsatisfiable'],
    ['bytes=-', 10, undefined],
  ] as const)('%s of %i bytes → %j', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
