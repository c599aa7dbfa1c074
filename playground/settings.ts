/**
 * The playground's saved state: the program, the cluster it runs on, extra
 * Spark configuration, and the learner's last prediction. Kept in
 * localStorage so a reload brings everything back; anything unreadable falls
 * back to the defaults rather than breaking the page.
 */
import type { Prediction } from './model/compare';
import { readLanguage, type ProgramLanguage } from './program-language';

export interface ConfEntry {
  key: string;
  value: string;
}

export interface Settings {
  source: string;
  /** The language `source` is written in. */
  language: ProgramLanguage;
  /** The program last written in the other language, brought back when the learner switches to it. */
  otherSource: string | null;
  executors: number;
  coresPerExecutor: number;
  /** `kindling.hosts`: how many virtual hosts the executors spread over; `null` = one host per executor. */
  hosts: number | null;
  /** `kindling.racks`: how many racks the hosts spread over; `null` = one rack. */
  racks: number | null;
  /** Further Spark configuration, in the order the learner entered it. */
  conf: ConfEntry[];
  prediction: PredictionDraft;
}

/** A prediction as typed: strings, so a half-typed field survives a reload. */
export interface PredictionDraft {
  jobs: string;
  /** Per job: stages that run. */
  stages: string[];
  /** Per job: task counts of its stages, comma-separated ("4, 4"). */
  tasks: string[];
  /** Lines marked as causing a shuffle; `null` when the learner skipped that part. */
  shuffleLines: number[] | null;
  /** How many shuffle Exchanges the program's DataFrame queries plan, all queries together (blank: skipped). */
  exchanges: string;
}

export const LIMITS = {
  executors: { min: 1, max: 8 },
  cores: { min: 1, max: 8 },
  hosts: { min: 1, max: 8 },
  racks: { min: 1, max: 8 },
} as const;

/** The common `spark.*` keys, with Spark's defaults and what they change here. */
export const KNOWN_CONF_KEYS: readonly { key: string; example: string; doc: string }[] = [
  {
    key: 'spark.default.parallelism',
    example: '8',
    doc: 'Partitions of parallelize() without a count and of shuffles without one. Default: total executor cores.',
  },
  { key: 'spark.task.maxFailures', example: '4', doc: 'Attempts of one task before its job is aborted. Default 4.' },
  {
    key: 'spark.locality.wait',
    example: '3s',
    doc: 'How long a task waits for a better locality level before taking a worse one. Default 3s.',
  },
  { key: 'spark.speculation', example: 'true', doc: 'Launch copies of slow tasks on other executors. Default false.' },
  { key: 'spark.scheduler.mode', example: 'FAIR', doc: 'FIFO (the default) or FAIR scheduling between jobs.' },
  {
    key: 'spark.executor.memory',
    example: '512m',
    doc: "Each executor's memory; a share of it holds cached blocks. Default 1g.",
  },
  {
    key: 'spark.stage.maxConsecutiveAttempts',
    example: '4',
    doc: 'Times a stage may fail on fetch failures before its job is aborted. Default 4.',
  },
  {
    key: 'spark.speculation.multiplier',
    example: '3',
    doc: 'How many times slower than the median a task must be to be speculated. Default 3.',
  },
  {
    key: 'spark.speculation.quantile',
    example: '0.9',
    doc: 'Fraction of tasks that must finish before speculation starts. Default 0.9.',
  },
];

export const DEFAULT_PREDICTION: PredictionDraft = {
  jobs: '',
  stages: [],
  tasks: [],
  shuffleLines: null,
  exchanges: '',
};

/** What a first visit starts with. */
export function defaultSettings(source: string): Settings {
  return {
    source,
    language: 'javascript',
    otherSource: null,
    executors: 2,
    coresPerExecutor: 2,
    hosts: null,
    racks: null,
    conf: [],
    prediction: structuredClone(DEFAULT_PREDICTION),
  };
}

/** Clamps a typed number into `limits`; `fallback` when it is empty or not a number. */
export function clamp(value: unknown, limits: { min: number; max: number }, fallback: number): number {
  if (value === null || value === undefined || value === '') return fallback;
  const number = Math.round(Number(value));
  return Number.isFinite(number) ? Math.min(limits.max, Math.max(limits.min, number)) : fallback;
}

/**
 * Reads saved settings, repairing what it can and defaulting the rest.
 *
 * @example
 * readSettings(localStorage.getItem(KEY), EXAMPLE_SOURCE)
 */
export function readSettings(saved: string | null, defaultSource: string): Settings {
  const defaults = defaultSettings(defaultSource);
  let value: unknown;
  try {
    value = JSON.parse(saved ?? 'null');
  } catch {
    return defaults;
  }
  if (!value || typeof value !== 'object') return defaults;
  const s = value as Record<string, unknown>;
  const optional = (v: unknown, limits: { min: number; max: number }) =>
    v === null || v === undefined || v === '' ? null : clamp(v, limits, limits.min);
  return {
    source: typeof s.source === 'string' ? s.source : defaults.source,
    language: readLanguage(s.language),
    otherSource: typeof s.otherSource === 'string' ? s.otherSource : null,
    executors: clamp(s.executors, LIMITS.executors, defaults.executors),
    coresPerExecutor: clamp(s.coresPerExecutor ?? s.cores, LIMITS.cores, defaults.coresPerExecutor),
    hosts: optional(s.hosts, LIMITS.hosts),
    racks: optional(s.racks, LIMITS.racks),
    conf: Array.isArray(s.conf)
      ? s.conf
          .filter((e): e is ConfEntry => !!e && typeof e.key === 'string' && typeof e.value === 'string')
          .map((e) => ({ key: e.key, value: e.value }))
      : [],
    prediction: readPrediction(s.prediction),
  };
}

function readPrediction(value: unknown): PredictionDraft {
  if (!value || typeof value !== 'object') return structuredClone(DEFAULT_PREDICTION);
  const p = value as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : '')) : []);
  return {
    jobs: typeof p.jobs === 'string' ? p.jobs : '',
    stages: strings(p.stages),
    tasks: strings(p.tasks),
    shuffleLines: Array.isArray(p.shuffleLines)
      ? p.shuffleLines.filter((n): n is number => Number.isInteger(n) && n > 0)
      : null,
    exchanges: typeof p.exchanges === 'string' ? p.exchanges : '',
  };
}

/**
 * The Spark configuration a run gets: the cluster fields, then the learner's
 * entries (blank keys dropped). The cluster fields win over entries for the same key.
 *
 * @example
 * sparkConf({ ...settings, executors: 3 })['spark.executor.instances'] // '3'
 */
export function sparkConf(settings: Settings): Record<string, string> {
  const conf: Record<string, string> = {};
  for (const { key, value } of settings.conf) if (key.trim()) conf[key.trim()] = value.trim();
  conf['spark.executor.instances'] = String(settings.executors);
  conf['spark.executor.cores'] = String(settings.coresPerExecutor);
  if (settings.hosts !== null) conf['kindling.hosts'] = String(settings.hosts);
  else delete conf['kindling.hosts'];
  if (settings.racks !== null) conf['kindling.racks'] = String(settings.racks);
  else delete conf['kindling.racks'];
  return conf;
}

/**
 * Conf entries that will not do what the learner wants: duplicates, and keys
 * set by the cluster fields (which win).
 */
export function confProblems(entries: readonly ConfEntry[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Map<string, number>();
  const owned: Record<string, string> = {
    'spark.executor.instances': 'Executors',
    'spark.executor.cores': 'Cores each',
    'kindling.hosts': 'Hosts',
    'kindling.racks': 'Racks',
  };
  entries.forEach(({ key }, i) => {
    const k = key.trim();
    if (!k) return;
    if (owned[k]) problems.set(i, `Set by the ${owned[k]} field above; this entry is ignored.`);
    else if (seen.has(k)) problems.set(i, `Also set above; the last one wins.`);
    else if (!/^[\w.-]+$/.test(k)) problems.set(i, 'A configuration key has no spaces.');
    seen.set(k, i);
  });
  return problems;
}

/**
 * The prediction to grade: blank fields are skipped, numbers parsed.
 *
 * @example
 * toPrediction({ jobs: '2', stages: ['2', ''], tasks: ['4, 4'], shuffleLines: [5] })
 * // { jobs: 2, stagesPerJob: [2, undefined], tasksPerStage: [[4, 4]], shuffleLines: [5] }
 */
export function toPrediction(draft: PredictionDraft): Prediction {
  const number = (text: string | undefined) => {
    if (text === undefined || text.trim() === '') return undefined;
    const n = Number(text.trim());
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const jobs = number(draft.jobs);
  const count = Math.max(draft.stages.length, draft.tasks.length);
  const stagesPerJob = Array.from({ length: count }, (_, i) => number(draft.stages[i]));
  const tasksPerStage = Array.from({ length: count }, (_, i) => {
    const text = draft.tasks[i]?.trim();
    if (!text) return undefined;
    const parts = text
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map(Number);
    return parts.every((n) => Number.isInteger(n) && n >= 0) ? parts : undefined;
  });
  return {
    jobs,
    stagesPerJob: stagesPerJob.some((n) => n !== undefined) ? stagesPerJob : undefined,
    tasksPerStage: tasksPerStage.some((t) => t !== undefined) ? tasksPerStage : undefined,
    shuffleLines: draft.shuffleLines === null ? undefined : [...draft.shuffleLines].sort((a, b) => a - b),
    exchanges: number(draft.exchanges),
  };
}
