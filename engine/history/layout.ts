/**
 * Which files make up which application's event log, as Spark's
 * `EventLogFileReader` and the History Server's `FsHistoryProvider` see a
 * log folder — plus the layout Databricks writes:
 * - one file: `<appId>[_<attempt>][.<codec>][.inprogress]`;
 * - a rolled log (`spark.eventLog.rolling.enabled`, Spark 4's default): a
 *   folder `eventlog_v2_<appId>[_<attempt>]/` of parts `events_<N>_<appId>…`,
 *   read in order of N from the last compacted part (`….compact`), and a
 *   marker `appstatus_<appId>[.inprogress]` saying whether it is still written;
 * - a Databricks folder: `eventlog-YYYY-MM-DD--HH-MM.gz` parts, oldest first,
 *   then the live `eventlog`.
 * Works on any list of files (picked in a browser, or walked on disk).
 */

/** One file of a log, wherever it lives. */
export interface LogFile {
  /** `/`-separated path relative to what was chosen, folders included: `logs/eventlog_v2_app-1/events_1_app-1.zstd`. */
  path: string;
  size: number;
  /** Its bytes, streamed. */
  stream(): ReadableStream<Uint8Array>;
}

export type LogLayout = 'file' | 'rolled' | 'databricks';

/** The files of one application attempt's log, in the order to read them. */
export interface LogSource {
  /** The file, or the folder of a rolled or Databricks log. */
  path: string;
  layout: LogLayout;
  files: LogFile[];
  /**
   * The log may still be being written, so a cut-off last line is expected,
   * not damage (Spark's `maybeTruncated`): its name says `.inprogress` (a
   * rolled log's `appstatus_….inprogress`), or it is a Databricks live `eventlog`.
   */
  mayBeTruncated: boolean;
  /** Bytes to read. */
  size: number;
}

/** A file left out, and why. */
export interface IgnoredFile {
  path: string;
  reason: string;
}

const ROLLED_FOLDER_PREFIX = 'eventlog_v2_';
const ROLLED_PART = /^events_(\d+)_/;
const APP_STATUS_PREFIX = 'appstatus_';
const IN_PROGRESS_SUFFIX = '.inprogress';
const COMPACTED_SUFFIX = '.compact';
const DATABRICKS_FILE = /^eventlog(?:-(\d{4}-\d{2}-\d{2}--\d{2}-\d{2})(?:\.gz)?)?$/;

/**
 * Groups files into application logs. A rolled folder without parts, or a
 * hidden file (`.DS_Store`, `._x`, `.crc`), is left out with a reason; any
 * other file is taken for a single-file log (reading it tells whether it is one).
 *
 * @example
 * const { sources } = findLogSources(files);
 * sources.map((s) => [s.layout, s.path]) // [['rolled', 'eventlog_v2_app-1'], ['file', 'local-1430917381534']]
 */
export function findLogSources(files: readonly LogFile[]): { sources: LogSource[]; ignored: IgnoredFile[] } {
  const ignored: IgnoredFile[] = [];
  const rolled = new Map<string, LogFile[]>();
  const databricks = new Map<string, LogFile[]>();
  const singles: LogFile[] = [];
  // Spark names a rolled log's folder eventlog_v2_…; one renamed on the way is still known by its parts.
  const rolledFolders = new Set<string>();
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const base = file.path.slice(slash + 1);
    const folderName = file.path.slice(0, Math.max(slash, 0)).split('/').pop() ?? '';
    if (folderName.startsWith(ROLLED_FOLDER_PREFIX) || ROLLED_PART.test(base) || base.startsWith(APP_STATUS_PREFIX)) {
      rolledFolders.add(file.path.slice(0, Math.max(slash, 0)));
    }
  }
  for (const file of files) {
    const segments = file.path.split('/');
    const base = segments[segments.length - 1];
    if (segments.some((segment) => segment.startsWith('.'))) {
      ignored.push({ path: file.path, reason: 'a hidden file' });
      continue;
    }
    const folder = segments.slice(0, -1).join('/');
    if (rolledFolders.has(folder)) group(rolled, folder, file);
    else if (DATABRICKS_FILE.test(base)) group(databricks, folder, file);
    else singles.push(file);
  }

  const sources: LogSource[] = [];
  for (const [folder, inFolder] of rolled) {
    const source = rolledSource(folder, inFolder, ignored);
    if (source) sources.push(source);
  }
  for (const [folder, inFolder] of databricks) sources.push(databricksSource(folder, inFolder));
  for (const file of singles) {
    sources.push({
      path: file.path,
      layout: 'file',
      files: [file],
      mayBeTruncated: file.path.endsWith(IN_PROGRESS_SUFFIX),
      size: file.size,
    });
  }
  sources.sort((a, b) => a.path.localeCompare(b.path));
  return { sources, ignored };
}

function group(map: Map<string, LogFile[]>, key: string, file: LogFile): void {
  const list = map.get(key);
  if (list) list.push(file);
  else map.set(key, [file]);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function rolledSource(folder: string, files: LogFile[], ignored: IgnoredFile[]): LogSource | null {
  const parts: { file: LogFile; index: number; compacted: boolean }[] = [];
  let status: LogFile | undefined;
  for (const file of files) {
    const base = baseName(file.path);
    const match = ROLLED_PART.exec(base);
    if (match) parts.push({ file, index: Number(match[1]), compacted: base.endsWith(COMPACTED_SUFFIX) });
    else if (base.startsWith(APP_STATUS_PREFIX)) status = file;
    else ignored.push({ path: file.path, reason: 'not a part of the rolled log it sits in' });
  }
  if (parts.length === 0) {
    ignored.push({ path: folder, reason: 'a rolled event log folder without events_N_… parts' });
    return null;
  }
  parts.sort((a, b) => a.index - b.index);
  // As Spark's RollingEventLogFilesFileReader: a compacted part stands for every part before it.
  const lastCompacted = parts.findLastIndex((part) => part.compacted);
  const toRead = parts.slice(Math.max(lastCompacted, 0)).map((part) => part.file);
  return {
    path: folder,
    layout: 'rolled',
    files: toRead,
    mayBeTruncated: status !== undefined && status.path.endsWith(IN_PROGRESS_SUFFIX),
    size: toRead.reduce((sum, file) => sum + file.size, 0),
  };
}

function databricksSource(folder: string, files: LogFile[]): LogSource {
  // Dated parts sort by their timestamp's text; the live `eventlog` (no date) comes last.
  const dateOf = (file: LogFile) => DATABRICKS_FILE.exec(baseName(file.path))?.[1] ?? '\uffff';
  const ordered = [...files].sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
  return {
    path: folder || '.',
    layout: 'databricks',
    files: ordered,
    mayBeTruncated: ordered.some((file) => baseName(file.path) === 'eventlog'),
    size: ordered.reduce((sum, file) => sum + file.size, 0),
  };
}
