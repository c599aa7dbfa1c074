/**
 * Task threads as Web Workers, seen from their executor's worker. The driver
 * starts an executor's thread workers beside the executor's own (so they load
 * at the same time, and go when the executor goes) and gives the executor a
 * MessagePort to each (thread-protocol.ts). The executor sends tasks, kills
 * and block drops, and answers the thread's requests for binaries,
 * broadcasts, map statuses and cached blocks from its own state. A thread
 * posts its tasks' outcomes to the driver itself and tells the executor when
 * it is free. Only the driver can stop a worker it started: replacing a
 * thread (a runaway task, one that does not stop when killed) asks the driver
 * for a fresh one.
 */
import type { TaskOutcome } from '../rdd/wire';
import type { Executor, TaskThreadEvents, TaskThreadFactory, TaskThreadHandle } from './executor';
import type { FromThread, ServiceCall, ToThread, WireError } from './thread-protocol';
import type { ExecutorServices } from './task-thread';

export interface PortThreadOptions {
  /**
   * The port of each slot's first thread: given at once for the threads the driver started with
   * the executor, later (a promise) for those it starts once the executor is up.
   */
  ports: (MessagePort | Promise<MessagePort>)[];
  /** Has the driver stop slot `index`'s thread worker and start a fresh one; resolves with its port. */
  restart(index: number): Promise<MessagePort>;
}

function errorOf(e: unknown): WireError {
  const error = e instanceof Error ? e : new Error(String(e));
  return { name: error.name, message: error.message, stack: error.stack };
}

/** Answers one request of a thread from the executor's services; the second value is what to transfer. */
async function serve(services: ExecutorServices, call: ServiceCall): Promise<[unknown, Transferable[]]> {
  switch (call.name) {
    case 'getStageBinary':
      return [await services.getStageBinary(call.stageKey), []];
    case 'getBroadcast':
      // The executor keeps its copy for its other threads: this one gets a clone.
      return [await services.getBroadcast(call.id), []];
    case 'getMapStatuses':
      return [await services.getMapStatuses(call.shuffleId), []];
    case 'getBlock': {
      // A fresh copy (from memory) or a fresh read (from disk): it moves to the thread.
      const block = await services.getBlock(call.blockId);
      return [block, block ? [block.bytes.buffer as ArrayBuffer] : []];
    }
    case 'putBlock':
      return [await services.putBlock(call.blockId, call.bytes, call.size, call.level), []];
  }
}

export function portThreads(options: PortThreadOptions): TaskThreadFactory {
  const firstPortTaken = new Set<number>();
  return (_executor: Executor, index: number, services: ExecutorServices): TaskThreadHandle => {
    const given = options.ports[index];
    if (!firstPortTaken.has(index) && given === undefined) throw new Error(`no port for task thread ${index}`);
    const port = firstPortTaken.has(index) ? options.restart(index) : Promise.resolve(given!);
    firstPortTaken.add(index);
    let alive = true;
    let current: {
      taskId: number;
      resolve: (o: TaskOutcome | null) => void;
      events: TaskThreadEvents;
    } | null = null;
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const send = (message: ToThread, transfer: Transferable[] = []) =>
      void port.then((p) => {
        if (alive) p.postMessage(message, transfer);
      });
    const receive = (message: FromThread) => {
      switch (message.t) {
        case 'ready':
          markReady();
          break;
        case 'startingUp':
          current?.events.startingUp(message.on);
          break;
        case 'beat':
          current?.events.beat();
          break;
        case 'request':
          serve(services, message.call).then(
            ([value, transfer]) => send({ t: 'reply', id: message.id, value }, transfer),
            (error: unknown) => send({ t: 'reply', id: message.id, error: errorOf(error) }),
          );
          break;
        case 'done': {
          const waiting = current;
          if (!waiting || waiting.taskId !== message.taskId) break;
          current = null;
          waiting.resolve(null);
          break;
        }
      }
    };
    void port.then((p) => {
      p.addEventListener('message', (e: MessageEvent<FromThread>) => {
        if (alive) receive(e.data);
      });
      p.start();
    });
    return {
      ready,
      run(desc, executionMemoryBytes, events) {
        return new Promise<TaskOutcome | null>((resolve) => {
          current = { taskId: desc.taskId, resolve, events };
          send({ t: 'run', desc, executionMemoryBytes }, [desc.payloads.buffer as ArrayBuffer]);
        });
      },
      kill: (taskId, reason) => send({ t: 'kill', taskId, reason }),
      terminate() {
        // The worker itself is stopped by the driver (see restart); this side stops listening.
        alive = false;
        void port.then((p) => p.close());
      },
      dropBlocks: (prefix) => send({ t: 'drop', prefix }),
    };
  };
}
