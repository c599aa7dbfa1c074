/**
 * Reading the files of a Spark event log the learner picked or dropped: one
 * JSON-lines file, or the files of a rolled `eventlog_v2_*` folder (picked
 * together, picked as a folder, or dropped as a folder).
 */
import type { EventLogFile } from '../engine/events/event-log';

/**
 * Reads picked files, keeping the folder in the name when a folder was picked.
 *
 * @example
 * const files = await readPickedFiles(input.files);
 */
export async function readPickedFiles(list: FileList | readonly File[]): Promise<EventLogFile[]> {
  const files = [...list].filter((file) => !isHidden(file.name));
  return Promise.all(
    files.map(async (file) => ({ name: file.webkitRelativePath || file.name, text: await file.text() })),
  );
}

/**
 * Reads what was dropped: files as they are, folders walked (one level of
 * nesting is all a rolled log has, but any depth is read).
 */
export async function readDroppedItems(transfer: DataTransfer): Promise<EventLogFile[]> {
  const entries = [...transfer.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((entry): entry is FileSystemEntry => !!entry);
  if (entries.length === 0) return readPickedFiles([...transfer.files]);
  const files: EventLogFile[] = [];
  for (const entry of entries) await collect(entry, files);
  return files;
}

async function collect(entry: FileSystemEntry, out: EventLogFile[]): Promise<void> {
  if (isHidden(entry.name)) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ name: entry.fullPath.replace(/^\//, '') || file.name, text: await file.text() });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns a batch at a time; an empty batch means the folder is done.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await collect(child, out);
  }
}

/** `.DS_Store`, `._x` and other dot files are never part of a log. */
function isHidden(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return base.startsWith('.');
}
