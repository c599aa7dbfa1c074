/**
 * The log worker: reads Spark event logs off the page's thread. It finds the
 * applications among the files picked, lists them as the History Server does,
 * and replays the one opened into the same application model a live run
 * builds (engine/events), streaming — the files are decompressed and parsed a
 * chunk at a time, and neither their text nor their events are kept. The model
 * stays here; the page gets its view model in parts (model-transfer.ts).
 */
import { AppModelBuilder } from '../../engine/events/app-model';
import { findLogSources, type LogFile, type LogSource } from '../../engine/history/layout';
import { replayLog } from '../../engine/history/replay';
import { readLog, summarizeApplication } from '../../engine/history/summary';
import { FactReader } from '../model/facts';
import { modelParts } from './model-transfer';
import type { FromLogWorker, ListedApplication, PickedFile, ToLogWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** Call sites in a real log name the application's own files: no line of a playground program. */
const NO_PROGRAM_FILE = '\u0000no program file';
const PROGRESS_INTERVAL_MS = 100;

let sources: LogSource[] = [];
const running = new Map<number, AbortController>();
/** The application opened last, kept whole for questions the page may ask later. */
let opened: AppModelBuilder | null = null;

function post(message: FromLogWorker): void {
  self.postMessage(message);
}

self.addEventListener('message', (event: MessageEvent<ToLogWorker>) => {
  const message = event.data;
  if (message.type === 'cancel') {
    running.get(message.requestId)?.abort(new Error('cancelled'));
    return;
  }
  if (message.type === 'task-metrics') {
    // What the page's views do not hold: an attempt's metrics exactly as logged.
    const task = opened?.model.tasks.get(message.taskId);
    post({ type: 'task-metrics', requestId: message.requestId, metrics: task?.rawMetrics ?? null });
    return;
  }
  const controller = new AbortController();
  running.set(message.requestId, controller);
  const work =
    message.type === 'scan'
      ? scan(message.requestId, message.files, controller.signal)
      : open(message.requestId, message.sourceIndex, controller.signal);
  work
    .catch((error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      post({ type: 'failed', requestId: message.requestId, error: { name: failure.name, message: failure.message } });
    })
    .finally(() => running.delete(message.requestId));
});

function asLogFile(picked: PickedFile): LogFile {
  return { path: picked.path, size: picked.file.size, stream: () => picked.file.stream() };
}

function progress(requestId: number, phase: 'listing' | 'reading', totalBytes: number) {
  let last = 0;
  let base = 0;
  return {
    /** Bytes read before the current source, when several are read in turn. */
    advance(bytes: number) {
      base += bytes;
    },
    report(bytes: number, current: string) {
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      post({ type: 'progress', requestId, phase, bytes: base + bytes, totalBytes, current });
    },
  };
}

async function scan(requestId: number, files: PickedFile[], signal: AbortSignal): Promise<void> {
  const found = findLogSources(files.map(asLogFile));
  sources = found.sources;
  if (sources.length === 0) throw new Error('No event log among the files given.');
  if (sources.length === 1) {
    await open(requestId, 0, signal);
    return;
  }
  const total = sources.reduce((sum, source) => sum + source.size, 0);
  const meter = progress(requestId, 'listing', total);
  const applications: ListedApplication[] = [];
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    const base: ListedApplication = {
      sourceIndex: i,
      path: source.path,
      layout: source.layout,
      files: source.files.map((file) => file.path),
      summary: null,
    };
    try {
      const { model, outcome } = await readLog(source, {
        signal,
        onProgress: (bytes) => meter.report(bytes, source.path),
      });
      applications.push(
        outcome.notAnEventLog
          ? { ...base, notAnEventLog: outcome.notAnEventLog.reason }
          : { ...base, summary: summarizeApplication(source, model, outcome) },
      );
    } catch (error) {
      if (signal.aborted) throw error;
      applications.push({ ...base, notAnEventLog: (error as Error).message });
    }
    meter.advance(source.size);
  }
  post({ type: 'listed', requestId, applications, ignored: found.ignored });
}

async function open(requestId: number, sourceIndex: number, signal: AbortSignal): Promise<void> {
  const source = sources[sourceIndex];
  if (!source) throw new Error(`There is no application ${sourceIndex} in the files given.`);
  opened = null;
  const builder = new AppModelBuilder();
  const facts = new FactReader({ fileName: NO_PROGRAM_FILE });
  const meter = progress(requestId, 'reading', source.size);
  const outcome = await replayLog(
    source,
    (event) => {
      builder.add(event);
      facts.add(event);
    },
    { signal, onProgress: (bytes) => meter.report(bytes, source.path) },
  );
  if (outcome.notAnEventLog) {
    throw new Error(`${outcome.notAnEventLog.file} is not a Spark event log: ${outcome.notAnEventLog.reason}.`);
  }
  builder.refreshSqlMetrics();
  opened = builder;
  for (const part of modelParts(builder.model)) post({ type: 'model-part', requestId, part });
  post({
    type: 'opened',
    requestId,
    log: {
      sourceIndex,
      path: source.path,
      layout: source.layout,
      files: source.files.map((file) => file.path),
      codecs: outcome.codecs,
      events: outcome.events,
      bytes: outcome.bytes,
      problem: outcome.problem ?? null,
      facts: facts.finish(),
      summary: summarizeApplication(source, builder.model, outcome),
    },
  });
}
