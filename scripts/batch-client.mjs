#!/usr/bin/env node
// `kindling run` inside `kindling batch`, without starting TypeScript: sends
// its arguments to the batch service named by KINDLING_BATCH_URL and replays
// the run's output and exit code. Used as the conformance checker's --runner:
//
//   npm run --silent kindling -- batch -- node ../shared/conformance/check.mjs --runner "node scripts/batch-client.mjs run"
import { request } from 'node:http';

const url = process.env.KINDLING_BATCH_URL;
if (!url) {
  process.stderr.write('batch-client: KINDLING_BATCH_URL is not set; run me under `kindling batch -- …`\n');
  process.exit(2);
}
const body = JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() });
const req = request(`${url}/run`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
  let buffered = '';
  let code = 1;
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = JSON.parse(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      if ('stdout' in line) process.stdout.write(line.stdout + '\n');
      else if ('stderr' in line) process.stderr.write(line.stderr + '\n');
      else code = line.exit;
    }
  });
  res.on('end', () => {
    process.exitCode = code;
  });
});
req.on('error', (error) => {
  process.stderr.write(`batch-client: the batch service at ${url} did not answer: ${error.message}\n`);
  process.exitCode = 1;
});
req.end(body);
