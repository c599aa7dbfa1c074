/**
 * Many runs, one browser page:
 *
 *   npm run --silent kindling -- batch -- COMMAND [ARGS…]
 *
 * starts headless Chromium with one runner page, runs COMMAND, and serves
 * every `kindling run` that COMMAND (or anything it starts) makes from that
 * page, one at a time, until COMMAND exits; its exit code is COMMAND's. A
 * `kindling run` finds the service through the environment variable
 * `KINDLING_BATCH_URL` and then launches no browser of its own: its output,
 * exit code and event log are the same as a run of its own.
 *
 * What it saves is start-up: Chromium's, the page's, and Python's, since a
 * page hands the Python snapshot its first Python program made to the next
 * ones (see engine/python/). The conformance suite runs through it. Each
 * program still gets a driver worker, executors and IndexedDB of its own.
 */
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import { ensureBuilt } from './build';
import {
  EXIT_PROGRAM_FAILED,
  EXIT_USAGE,
  filesOrComplaint,
  forward,
  launchBrowser,
  openProgram,
  outcomeReport,
  parseArgs,
  type Outcome,
  type RunOptions,
  type RunSink,
} from './cli';
import type { HostMessage, ProgramOptions } from './protocol';
import { startServer, type FsOverlay, type RunnerServer } from './server';

/** The environment variable that points `kindling run` at a batch service. */
export const BATCH_URL_ENV = 'KINDLING_BATCH_URL';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** One line of a run's answer: NDJSON, in the order the run produced them. */
type BatchLine = { stdout: string } | { stderr: string } | { exit: number };

/** A run request: `kindling run`'s arguments, and the folder its relative paths are from. */
interface BatchRequest {
  argv: string[];
  cwd: string;
}

/**
 * `kindling batch -- COMMAND …`: returns COMMAND's exit code.
 *
 * @example
 * process.exitCode = await batchCommand(['node', '../shared/conformance/check.mjs']);
 */
export async function batchCommand(command: string[]): Promise<number> {
  if (command.length === 0) {
    process.stderr.write('kindling: batch needs a command to run, e.g. batch -- node check.mjs\n');
    return EXIT_USAGE;
  }
  const service = await BatchService.start();
  try {
    return await new Promise<number>((done) => {
      const child = spawn(command[0], command.slice(1), {
        stdio: 'inherit',
        env: { ...process.env, [BATCH_URL_ENV]: service.url },
      });
      child.on('error', (error) => {
        process.stderr.write(`kindling: cannot run ${command[0]}: ${error.message}\n`);
        done(EXIT_USAGE);
      });
      child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
    });
  } finally {
    await service.close();
  }
}

/**
 * A shared runner page for runs made from code (a test grading many lessons): the programs run one after another
 * in one page, as `kindling batch` runs them, so Chromium and Python start once.
 *
 * @example
 * const page = await startBatchPage();
 * const outcome = await page.run({ source, fileName: 'solution.py', conf: {} }, 'public', sink, 120);
 * await page.close();
 */
export interface BatchPage {
  /** Runs one program, with `fsRoot` (and a course's files over it) as what `sc.textFile` reads; never rejects. */
  run(
    program: Omit<ProgramOptions, 'fsBase'>,
    fsRoot: string,
    sink: RunSink,
    timeoutSeconds: number,
    overlay?: FsOverlay,
  ): Promise<Outcome>;
  close(): Promise<void>;
}

/** Starts a {@link BatchPage}; with `readOnly`, the programs it runs can read files but write none (as graded ones). */
export async function startBatchPage(options: { readOnly?: boolean } = {}): Promise<BatchPage> {
  const service = await BatchService.start();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run(program, fsRoot, sink, timeoutSeconds, overlay) {
      const next = queue.then(() => {
        service.files.setFsRoot(fsRoot, overlay);
        service.files.setReadOnly(options.readOnly ?? false);
        return service.runInPage({ ...program, fsBase: `${service.files.url}/fs/` }, sink, timeoutSeconds);
      });
      queue = next.catch(() => {});
      return next;
    },
    close: () => service.close(),
  };
}

/** The shared browser page and the local HTTP endpoint `kindling run` posts to. */
class BatchService {
  #queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly url: string,
    readonly control: Server,
    readonly browser: Browser,
    readonly page: Page,
    readonly files: RunnerServer,
    /** Where the page's messages go: the run in progress. */
    readonly inbox: { deliver: ((batch: string) => void) | null },
  ) {}

  static async start(): Promise<BatchService> {
    const distDir = process.env.KINDLING_RUNNER_DIST
      ? resolve(process.env.KINDLING_RUNNER_DIST)
      : await ensureBuilt(projectRoot);
    const [files, browser] = await Promise.all([startServer({ distDir, fsRoot: projectRoot }), launchBrowser()]);
    const page = await browser.newPage();
    // The control server answers only once the service exists (it listens after this is set).
    const made: { service?: BatchService } = {};
    const inbox: BatchService['inbox'] = { deliver: null };
    await page.exposeFunction('kindlingEmit', (batch: string) => inbox.deliver?.(batch));
    await page.goto(`${files.url}/runner.html`, { waitUntil: 'domcontentloaded' });
    const control = createServer((req, res) => {
      if (req.method !== 'POST' || req.url !== '/run') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const send = (line: BatchLine): void => void res.write(JSON.stringify(line) + '\n');
      readJson(req).then(
        (body) => {
          const service = made.service!;
          const run = () => service.#run(body as BatchRequest, send).then((code) => send({ exit: code }));
          service.#queue = service.#queue.then(run, run).finally(() => res.end());
        },
        (error: Error) => {
          send({ stderr: `kindling: bad batch request: ${error.message}` });
          send({ exit: EXIT_USAGE });
          res.end();
        },
      );
    });
    await new Promise<void>((done) => control.listen(0, '127.0.0.1', done));
    const { port } = control.address() as AddressInfo;
    made.service = new BatchService(`http://127.0.0.1:${port}`, control, browser, page, files, inbox);
    return made.service;
  }

  /** Runs one program in the shared page; resolves with its exit code. */
  async #run({ argv, cwd }: BatchRequest, send: (line: BatchLine) => void): Promise<number> {
    const parsed = parseArgs(argv);
    if (parsed.command !== 'run') {
      send({
        stderr: `kindling: the batch service runs "run" commands only${parsed.command === 'usage-error' ? `: ${parsed.message}` : ''}`,
      });
      return EXIT_USAGE;
    }
    const request: RunOptions = {
      ...parsed.options,
      file: resolve(cwd, parsed.options.file),
      ...(parsed.options.eventLog !== undefined ? { eventLog: resolve(cwd, parsed.options.eventLog) } : {}),
    };
    const file = request.file;
    const fileName = basename(file);
    const opened = await openProgram(
      file,
      request.file,
      request.eventLog,
      (text) => send({ stderr: text }),
      request.conf,
    );
    if (typeof opened === 'number') return opened;
    const { source, eventLog, warning } = opened;
    const files = await filesOrComplaint(file, (text) => send({ stderr: text }));
    if (typeof files === 'number') {
      await eventLog?.close().catch(() => {});
      return files;
    }
    this.files.setFsRoot(files.fsRoot, files.overlay);
    this.files.setReadOnly(files.readOnly);
    const sink: RunSink = {
      stdout: (text) => send({ stdout: text }),
      stderr: (text) => send({ stderr: text }),
      executorLog: (executorId, text) =>
        send({
          stderr: text
            .split('\n')
            .map((line) => `[executor ${executorId}] ${line}`)
            .join('\n'),
        }),
      event: (event) => {
        eventLog?.post(event);
      },
    };
    let outcome: Outcome;
    try {
      outcome = await this.runInPage(
        { source, fileName, conf: request.conf, fsBase: `${this.files.url}/fs/` },
        sink,
        request.timeoutSeconds,
      );
    } finally {
      await eventLog?.close().catch((error: unknown) => {
        send({ stderr: `kindling: could not finish the event log: ${(error as Error).message}` });
      });
    }
    const report = outcomeReport(outcome, { fileName, source, timeoutSeconds: request.timeoutSeconds });
    if (report.text) send({ stderr: report.text.replace(/\n$/, '') });
    if (warning) send({ stderr: warning });
    return report.code;
  }

  runInPage(program: ProgramOptions, sink: RunSink, timeoutSeconds: number): Promise<Outcome> {
    return new Promise<Outcome>((settle) => {
      let settled = false;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inbox.deliver = null;
        if (outcome.kind === 'timed-out' || outcome.kind === 'runner-failed') {
          // A program still running (a runaway loop) must not reach into the next run: start a fresh page.
          void this.page.reload({ waitUntil: 'domcontentloaded' }).then(
            () => settle(outcome),
            () => settle(outcome),
          );
        } else settle(outcome);
      };
      const timer = setTimeout(() => finish({ kind: 'timed-out' }), timeoutSeconds * 1000);
      this.inbox.deliver = (batch) => {
        for (const message of JSON.parse(batch) as HostMessage[]) {
          if (settled) return;
          try {
            const done = forward(message, sink);
            if (done) finish(done);
          } catch (error) {
            finish({ kind: 'runner-failed', message: `could not handle a ${message.type} message: ${String(error)}` });
          }
        }
      };
      this.page
        .evaluate((options) => window.kindlingRun(options), program)
        .then(
          () => finish({ kind: 'runner-failed', message: 'the page finished without reporting "done"' }),
          (error: Error) => finish({ kind: 'runner-failed', message: `the runner page failed: ${error.message}` }),
        );
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => {
      this.control.close(() => done());
      this.control.closeAllConnections();
    });
    await this.browser.close().catch(() => {});
    await this.files.close().catch(() => {});
  }
}

/**
 * `kindling run` inside `kindling batch`: sends the run's arguments to the
 * service and replays its output; resolves with the run's exit code.
 * (scripts/batch-client.mjs does the same without starting TypeScript.)
 */
export function runThroughBatch(url: string, request: BatchRequest): Promise<number> {
  return new Promise<number>((done) => {
    const req = httpRequest(
      `${url}/run`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let buffered = '';
        let code: number = EXIT_PROGRAM_FAILED;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline: number;
          while ((newline = buffered.indexOf('\n')) !== -1) {
            const line = JSON.parse(buffered.slice(0, newline)) as BatchLine;
            buffered = buffered.slice(newline + 1);
            if ('stdout' in line) process.stdout.write(line.stdout + '\n');
            else if ('stderr' in line) process.stderr.write(line.stderr + '\n');
            else code = line.exit;
          }
        });
        res.on('end', () => done(code));
        res.on('error', () => done(EXIT_PROGRAM_FAILED));
      },
    );
    req.on('error', (error) => {
      process.stderr.write(`kindling: the batch service at ${url} did not answer: ${error.message}\n`);
      done(EXIT_PROGRAM_FAILED);
    });
    req.end(JSON.stringify(request));
  });
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((done, fail) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      try {
        done(JSON.parse(body));
      } catch (error) {
        fail(error as Error);
      }
    });
    req.on('error', fail);
  });
}
