/**
 * Reading CPU profiles out of a Chromium trace (Playwright's
 * `browser.startTracing` with V8's sampling profiler on): which functions the
 * page, the driver worker and each executor spent their time in. The trace
 * itself can be opened in Chrome DevTools' Performance panel.
 */

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  id?: string;
  ts?: number;
  /** Thread (CPU) time of a complete event, in microseconds. */
  tdur?: number;
  args?: {
    name?: string;
    data?: {
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber?: number; columnNumber?: number };
}

/** One thread's profile, summarised. */
export interface ThreadProfile {
  thread: string;
  /**
   * CPU time the thread used, in milliseconds: the thread time of its
   * top-level tasks. Unlike the sampled busy time, it does not grow when the
   * machine is busy with other work and the thread waits for a core.
   */
  cpuMs: number | null;
  /** Sampled time in milliseconds, idle excluded. */
  busyMs: number;
  idleMs: number;
  /** Functions by self time, largest first. */
  top: { fn: string; selfMs: number; share: number }[];
  /** Functions by total (inclusive) time, largest first. */
  topTotal: { fn: string; totalMs: number; share: number }[];
}

/**
 * Summarises every sampled thread of a trace: busy time, and the functions
 * with the most self and total time.
 *
 * @example
 * const threads = summariseTrace(JSON.parse(readFileSync('trace.json', 'utf8')), 15);
 */
export function summariseTrace(trace: { traceEvents?: TraceEvent[] } | TraceEvent[], topN = 15): ThreadProfile[] {
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  const threadNames = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) threadNames.set(`${e.pid}:${e.tid}`, e.args.name);

  interface Profile {
    thread: string;
    threadKey: string;
    nodes: Map<number, ProfileNode>;
    self: Map<number, number>;
  }
  const profiles = new Map<string, Profile>();
  for (const e of events) {
    if (e.name === 'Profile' && e.id !== undefined) {
      const key = `${e.pid}:${e.id}`;
      const name = threadNames.get(`${e.pid}:${e.tid}`) ?? `thread ${e.tid}`;
      profiles.set(key, {
        thread: `${name} (${e.pid}:${e.tid})`,
        threadKey: `${e.pid}:${e.tid}`,
        nodes: new Map(),
        self: new Map(),
      });
    }
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.id === undefined) continue;
    const profile = profiles.get(`${e.pid}:${e.id}`);
    const data = e.args?.data;
    if (!profile || !data) continue;
    for (const node of data.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++)
      profile.self.set(samples[i], (profile.self.get(samples[i]) ?? 0) + Math.max(0, deltas[i] ?? 0));
  }

  const cpu = new Map<string, number>();
  for (const e of events)
    // DevTools' RunTask events are each thread's top-level tasks; their thread time is CPU time.
    if (e.ph === 'X' && e.name === 'RunTask' && e.tdur !== undefined) {
      const key = `${e.pid}:${e.tid}`;
      cpu.set(key, (cpu.get(key) ?? 0) + e.tdur);
    }

  const out: ThreadProfile[] = [];
  for (const profile of profiles.values()) {
    const selfByFn = new Map<string, number>();
    const totalByFn = new Map<string, number>();
    let busy = 0;
    let idle = 0;
    for (const [nodeId, micros] of profile.self) {
      const node = profile.nodes.get(nodeId);
      if (!node) continue;
      const name = describe(node);
      if (name === '(idle)' || name === '(program)') {
        idle += micros;
        continue;
      }
      busy += micros;
      selfByFn.set(name, (selfByFn.get(name) ?? 0) + micros);
      // Inclusive time: every distinct function on the stack gets the sample once.
      const seen = new Set<string>();
      for (
        let at: ProfileNode | undefined = node;
        at;
        at = at.parent !== undefined ? profile.nodes.get(at.parent) : undefined
      ) {
        const fn = describe(at);
        if (seen.has(fn)) continue;
        seen.add(fn);
        totalByFn.set(fn, (totalByFn.get(fn) ?? 0) + micros);
      }
    }
    if (busy < 1000) continue; // threads that did nothing worth reading (under a millisecond)
    const rank = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, topN);
    const cpuMicros = cpu.get(profile.threadKey);
    out.push({
      thread: profile.thread,
      cpuMs: cpuMicros === undefined ? null : round(cpuMicros / 1000),
      busyMs: round(busy / 1000),
      idleMs: round(idle / 1000),
      top: rank(selfByFn).map(([fn, micros]) => ({ fn, selfMs: round(micros / 1000), share: round(micros / busy) })),
      topTotal: rank(totalByFn)
        .filter(([fn]) => fn !== '(root)')
        .map(([fn, micros]) => ({ fn, totalMs: round(micros / 1000), share: round(micros / busy) })),
    });
  }
  return out.sort((a, b) => b.busyMs - a.busyMs);
}

function describe(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.slice(url.lastIndexOf('/') + 1) : '';
  const name = functionName || '(anonymous)';
  return file ? `${name} ${file}:${(lineNumber ?? 0) + 1}` : name;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A profile summary as lines of text, for the terminal. */
export function formatProfiles(threads: ThreadProfile[]): string {
  const lines: string[] = [];
  for (const t of threads) {
    lines.push(`\n== ${t.thread}: cpu ${t.cpuMs ?? '?'} ms; sampled busy ${t.busyMs} ms, idle ${t.idleMs} ms`);
    lines.push('   self ms   share  function');
    for (const f of t.top)
      lines.push(`  ${f.selfMs.toFixed(1).padStart(8)}  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.fn}`);
    lines.push('  total ms   share  function');
    for (const f of t.topTotal.slice(0, 10))
      lines.push(`  ${f.totalMs.toFixed(1).padStart(8)}  ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.fn}`);
  }
  return lines.join('\n');
}
