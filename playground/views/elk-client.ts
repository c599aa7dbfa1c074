/**
 * Runs ELK off the page's main thread, in elkjs's own worker build
 * (`elk-worker.min.js`, a classic script Vite serves as a URL). This is the
 * few lines of elkjs's `elk-api.js` the DAG needs, typed, and with one thing
 * the original lacks: when the worker dies, every pending layout rejects
 * instead of waiting forever.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { startWorker } from '../../engine/worker/start-worker';

interface Pending {
  resolve: (graph: ElkNode) => void;
  reject: (error: Error) => void;
}

/** Messages elkjs's worker answers: `{ id, data }` or `{ id, error }`. */
interface ElkAnswer {
  id: number;
  data?: unknown;
  error?: { message?: string } | string;
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(error: Error): void {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
  worker?.terminate();
  worker = null; // The next layout starts a fresh worker.
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = startWorker(elkWorkerUrl, { name: 'kindling-elk' });
  w.addEventListener('message', (event: MessageEvent<ElkAnswer>) => {
    const answer = event.data;
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if (answer.error !== undefined) {
      const message = typeof answer.error === 'string' ? answer.error : (answer.error.message ?? 'ELK layout failed');
      waiting.reject(new Error(message));
    } else waiting.resolve(answer.data as ElkNode); // elkjs answers a layout with the laid-out graph
  });
  w.addEventListener('error', (event) => {
    event.preventDefault();
    failAll(new Error(`The layout worker stopped: ${event.message || 'it could not be loaded'}`));
  });
  worker = w;
  // elkjs's worker knows no algorithm until told which to register.
  post({ cmd: 'register', algorithms: ['layered'] }).catch(() => {});
  return w;
}

function post(message: Record<string, unknown>): Promise<ElkNode> {
  const w = worker ?? ensureWorker();
  const id = nextId++;
  return new Promise<ElkNode>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ ...message, id });
  });
}

/**
 * Lays out an ELK graph in the worker.
 *
 * @example
 * const laidOut = await layoutWithElk(toElkGraph(dag, measure));
 */
export function layoutWithElk(graph: ElkNode): Promise<ElkNode> {
  ensureWorker();
  return post({ cmd: 'layout', graph, layoutOptions: {}, options: {} });
}
