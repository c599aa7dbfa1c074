/**
 * CPU time of every thread of the browser this process started, read from
 * Linux's /proc (utime + stime, in clock ticks of 10 ms). Where the sampled
 * profile of a thread grows when the machine is busy with other work, this
 * counts only the time the thread actually ran, so the cost of the driver or
 * an executor per task can be compared between runs on a shared machine.
 * Elsewhere than Linux it reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One thread's CPU time, in milliseconds, with its process's and its own name. */
export interface ThreadCpu {
  pid: number;
  tid: number;
  /** Chromium's process type (`renderer`, `gpu-process`, …), or the command for the browser itself. */
  process: string;
  /** The thread's name, e.g. `CrRendererMain`, `DedicatedWorker`. */
  thread: string;
  ms: number;
}

const TICK_MS = 10;

function readStat(path: string): { name: string; fields: string[] } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  // The name is in parentheses and may hold spaces; the fields follow the last ')'.
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  return { name: text.slice(open + 1, close), fields: text.slice(close + 2).split(' ') };
}

/** Every process descending from `root`. */
function descendants(root: number): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const stat = readStat(`/proc/${pid}/stat`);
    if (!stat) continue;
    const parent = Number(stat.fields[1]);
    (children.get(parent) ?? children.set(parent, []).get(parent)!).push(pid);
  }
  const out: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function processType(pid: number): string {
  let command: string;
  try {
    // Chromium rewrites its child processes' argv, so flags may be joined by spaces rather than NULs.
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return String(pid);
  }
  const type = /--type=([\w-]+)/.exec(command)?.[1];
  if (type) return type;
  if (command.includes('--renderer-client-id=')) return 'renderer';
  if (command.includes('--gpu-preferences=')) return 'gpu-process';
  return command.split(' ')[0].split('/').pop() ?? String(pid);
}

/**
 * CPU time so far of every thread under this process (Chromium's browser,
 * renderer, GPU and utility processes), keyed by `pid:tid`.
 *
 * @example
 * const before = threadCpuTimes();
 * await work();
 * const used = cpuSince(before); // [{ thread: 'DedicatedWorker', ms: 1840, … }, …]
 */
export function threadCpuTimes(root = process.pid): Map<string, ThreadCpu> {
  const out = new Map<string, ThreadCpu>();
  for (const pid of descendants(root)) {
    const type = processType(pid);
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = readStat(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      // utime and stime are fields 14 and 15 of stat; fields[] starts at field 3.
      const ticks = Number(stat.fields[11]) + Number(stat.fields[12]);
      // A process's main thread carries the process's name; a renderer's is the page's thread.
      const thread = Number(tid) === pid ? (type === 'renderer' ? 'CrRendererMain' : 'main') : stat.name;
      out.set(`${pid}:${tid}`, { pid, tid: Number(tid), process: type, thread, ms: ticks * TICK_MS });
    }
  }
  return out;
}

/** CPU used by each thread since `before`, busiest first, threads under 20 ms left out. */
export function cpuSince(before: Map<string, ThreadCpu>): ThreadCpu[] {
  const now = threadCpuTimes();
  const used: ThreadCpu[] = [];
  for (const [key, thread] of now) {
    const ms = thread.ms - (before.get(key)?.ms ?? 0);
    if (ms >= 20) used.push({ ...thread, ms });
  }
  return used.sort((a, b) => b.ms - a.ms);
}
