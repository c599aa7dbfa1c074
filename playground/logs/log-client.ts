/**
 * The page's side of the log worker: one worker for the page's life, one
 * request at a time per call, every pending call rejected if the worker dies.
 * A model arriving in parts is put back together one part per message, so
 * the page stays responsive while a big log comes in.
 */
import { startWorker } from '../../engine/worker/start-worker';
import type { AppModel } from '../../engine/events/app-model';
import type { TaskMetrics } from '../../engine/events/types';
import type { IgnoredFile } from '../../engine/history/layout';
import { ModelAssembler } from './model-transfer';
import type { FromLogWorker, ListedApplication, OpenedLog, PickedFile, ToLogWorker } from './protocol';
import logWorkerUrl from './log-worker.ts?worker&url';

export interface LogProgress {
  phase: 'listing' | 'reading';
  bytes: number;
  totalBytes: number;
  /** The file or folder being read. */
  current: string;
}

/** What a scan found: one application, opened; or several, listed. */
export type ScanResult =
  | { kind: 'opened'; log: OpenedLog; model: AppModel }
  | { kind: 'listed'; applications: ListedApplication[]; ignored: IgnoredFile[] };

interface Pending {
  onProgress?: (progress: LogProgress) => void;
  assembler: ModelAssembler;
  resolve: (message: FromLogWorker) => void;
  reject: (error: Error) => void;
}

/**
 * @example
 * const client = new LogReaderClient();
 * const found = await client.scan(files, (p) => (bar.value = p.bytes / p.totalBytes));
 * if (found.kind === 'listed') await client.open(found.applications[0].sourceIndex);
 */
export class LogReaderClient {
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  /** Finds the applications among `files`; a lone one is opened and its model returned. */
  async scan(files: PickedFile[], onProgress?: (progress: LogProgress) => void): Promise<ScanResult> {
    const { message, assembler } = await this.#request((requestId) => ({ type: 'scan', requestId, files }), onProgress);
    if (message.type === 'listed')
      return { kind: 'listed', applications: message.applications, ignored: message.ignored };
    if (message.type === 'opened') return { kind: 'opened', log: message.log, model: assembler.model };
    throw new Error(`The log worker answered ${message.type} to a scan.`);
  }

  /** Opens an application the last scan listed. */
  async open(
    sourceIndex: number,
    onProgress?: (progress: LogProgress) => void,
  ): Promise<{ log: OpenedLog; model: AppModel }> {
    const { message, assembler } = await this.#request(
      (requestId) => ({ type: 'open', requestId, sourceIndex }),
      onProgress,
    );
    if (message.type !== 'opened') throw new Error(`The log worker answered ${message.type} to open.`);
    return { log: message.log, model: assembler.model };
  }

  /** One attempt's metrics as logged, from the model the worker keeps. */
  async taskMetrics(taskId: number): Promise<TaskMetrics | null> {
    const { message } = await this.#request((requestId) => ({ type: 'task-metrics', requestId, taskId }));
    return message.type === 'task-metrics' ? message.metrics : null;
  }

  /** Stops whatever is being read; its call rejects. */
  cancel(): void {
    for (const id of this.#pending.keys())
      this.#worker?.postMessage({ type: 'cancel', requestId: id } satisfies ToLogWorker);
  }

  #request(
    make: (requestId: number) => ToLogWorker,
    onProgress?: (progress: LogProgress) => void,
  ): Promise<{ message: FromLogWorker; assembler: ModelAssembler }> {
    const worker = this.#ensureWorker();
    const requestId = this.#nextId++;
    const assembler = new ModelAssembler();
    return new Promise((resolve, reject) => {
      this.#pending.set(requestId, {
        onProgress,
        assembler,
        resolve: (message) => resolve({ message, assembler }),
        reject,
      });
      worker.postMessage(make(requestId));
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker(logWorkerUrl, { type: 'module', name: 'kindling-logs' });
    worker.addEventListener('message', (event: MessageEvent<FromLogWorker>) => this.#handle(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#failAll(new Error(`The log reader stopped: ${event.message || 'it could not be loaded'}`));
    });
    this.#worker = worker;
    return worker;
  }

  #handle(message: FromLogWorker): void {
    const pending = this.#pending.get(message.requestId);
    if (!pending) return;
    switch (message.type) {
      case 'progress':
        pending.onProgress?.(message);
        return;
      case 'model-part':
        pending.assembler.add(message.part);
        return;
      case 'failed': {
        this.#pending.delete(message.requestId);
        const error = new Error(message.error.message);
        error.name = message.error.name;
        pending.reject(error);
        return;
      }
      default:
        this.#pending.delete(message.requestId);
        pending.resolve(message);
    }
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#worker?.terminate();
    this.#worker = null;
  }
}
