#!/usr/bin/env node
// `npm run check`: type-checks, lints and checks formatting, the three at once.
//
//   node scripts/check.mjs
//
// Each tool is single-threaded, so on a 2-core machine running them side by
// side takes about half the time of running them one after another. Each
// one's output is printed whole when it ends (never interleaved), with how
// long it took; the exit code is 1 if any of them failed.
//
// The type check is svelte-check alone: given --tsconfig it reports
// TypeScript's errors in every .ts file the tsconfig includes as well as in
// the .svelte files (svelte-check's README, "--tsconfig … errors from
// TypeScript and JavaScript files are reported"), so a separate `tsc --noEmit`
// only checked the same files a second time.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);

const TOOLS = [
  { name: 'svelte-check', command: bin('svelte-check'), args: ['--tsconfig', './tsconfig.json', '--fail-on-warnings'] },
  { name: 'eslint', command: bin('eslint'), args: ['.'] },
  { name: 'prettier', command: bin('prettier'), args: ['--check', '.'] },
];

function run({ name, command, args }) {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) =>
      done({ name, code: 1, output: `cannot start ${command}: ${error.message}\n`, started }),
    );
    child.on('close', (code, signal) => done({ name, code: code ?? (signal ? 128 : 1), output, started }));
  }).then((result) => {
    const seconds = ((Date.now() - result.started) / 1000).toFixed(1);
    const verdict = result.code === 0 ? 'passed' : `FAILED (exit ${result.code})`;
    process.stdout.write(`\n── ${name} ${verdict} in ${seconds} s: ${[command, ...args].join(' ')}\n${result.output}`);
    return result.code;
  });
}

const codes = await Promise.all(TOOLS.map(run));
const failed = TOOLS.filter((_, i) => codes[i] !== 0).map((tool) => tool.name);
process.stdout.write(failed.length ? `\ncheck: ${failed.join(', ')} failed\n` : '\ncheck: all passed\n');
process.exitCode = failed.length ? 1 : 0;
