/**
 * Every message between the page and the log worker (log-worker.ts), typed
 * once and imported by both sides. The worker reads, decompresses and replays
 * logs and keeps the application model it builds; the page gets what its views
 * show: a list of applications, then one application's view model in parts
 * small enough that no single message keeps the page busy (model-transfer.ts).
 */
import type { ApplicationSummary } from '../../engine/history/summary';
import type { ReplayProblem } from '../../engine/history/replay';
import type { LogCodec } from '../../engine/history/codecs';
import type { IgnoredFile, LogLayout } from '../../engine/history/layout';
import type { TaskMetrics } from '../../engine/events/types';
import type { RunFacts } from '../model/facts';
import type { ModelPart } from './model-transfer';

/** A file the reader picked or dropped, with its path inside the folder chosen. */
export interface PickedFile {
  path: string;
  file: File;
}

export type ToLogWorker =
  /** Find the applications among `files`; one alone is opened at once, several are listed. */
  | { type: 'scan'; requestId: number; files: PickedFile[] }
  /** Open the listed application `sourceIndex` of the last scan. */
  | { type: 'open'; requestId: number; sourceIndex: number }
  /** Stop reading for `requestId`. */
  | { type: 'cancel'; requestId: number }
  /** One task attempt's metrics exactly as the log has them (the page's model holds only their totals). */
  | { type: 'task-metrics'; requestId: number; taskId: number };

/** An application found by a scan: its summary, or why it is not one. */
export interface ListedApplication {
  sourceIndex: number;
  path: string;
  layout: LogLayout;
  files: string[];
  summary: ApplicationSummary | null;
  /** Set when the files are not an event log at all. */
  notAnEventLog?: string;
}

export interface OpenedLog {
  sourceIndex: number;
  path: string;
  layout: LogLayout;
  files: string[];
  codecs: (LogCodec | undefined)[];
  events: number;
  bytes: number;
  /** Where the replay stopped early (damage) or what it skipped. */
  problem: ReplayProblem | null;
  /** What happened, read from the events as they streamed (playground/model/facts.ts). */
  facts: RunFacts;
  summary: ApplicationSummary;
}

export type FromLogWorker =
  | {
      type: 'progress';
      requestId: number;
      phase: 'listing' | 'reading';
      bytes: number;
      totalBytes: number;
      current: string;
    }
  | { type: 'listed'; requestId: number; applications: ListedApplication[]; ignored: IgnoredFile[] }
  | { type: 'model-part'; requestId: number; part: ModelPart }
  | { type: 'opened'; requestId: number; log: OpenedLog }
  | { type: 'task-metrics'; requestId: number; metrics: TaskMetrics | null }
  | { type: 'failed'; requestId: number; error: { name: string; message: string } };
