import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readSubmissions } from '../../engine/runner/submissions';
import { encodeShare } from '../../playground/share/link';

describe('a submission keeps its language', () => {
  test('a .py file and a link to a Python program are graded as Python; a .js file as JavaScript', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-submissions-'));
    writeFileSync(join(dir, 'ada.py'), 'print(sc.parallelize([1]).count())\n');
    writeFileSync(join(dir, 'bob.js'), 'console.log(await sc.parallelize([1]).count());\n');
    const cluster = { executors: 2, coresPerExecutor: 2, hosts: null, racks: null, conf: [] };
    const link = `https://example.org/#${await encodeShare({ source: 'print(1)', language: 'python', ...cluster })}`;
    const jsLink = `https://example.org/#${await encodeShare({ source: 'console.log(1)', ...cluster })}`;
    const submissions = await readSubmissions([dir, link, jsLink], '01-driver-executors-tasks');
    expect(submissions.map((s) => [s.name, s.language ?? 'javascript'])).toEqual([
      ['ada', 'python'],
      ['bob', 'javascript'],
      ['link 1', 'python'],
      ['link 2', 'javascript'],
    ]);
  });
});
