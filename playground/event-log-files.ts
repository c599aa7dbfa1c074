/**
 * The files of Spark event logs the reader picked or dropped: single files,
 * rolled `eventlog_v2_*` folders, Databricks folders, or a folder of those.
 * Only handles are gathered here; the log worker reads them as streams.
 */
import type { PickedFile } from './logs/protocol';

/**
 * Picked files, keeping the folder in the path when a folder was picked.
 *
 * @example
 * const files = pickedFiles(input.files);
 */
export function pickedFiles(list: FileList | readonly File[]): PickedFile[] {
  return [...list]
    .map((file) => ({ path: file.webkitRelativePath || file.name, file }))
    .filter((picked) => !isHidden(picked.path));
}

/**
 * What was dropped: files as they are, folders walked (to any depth).
 */
export async function droppedFiles(transfer: DataTransfer): Promise<PickedFile[]> {
  const entries = [...transfer.items]
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((entry): entry is FileSystemEntry => !!entry);
  if (entries.length === 0) return pickedFiles([...transfer.files]);
  const files: PickedFile[] = [];
  for (const entry of entries) await collect(entry, files);
  return files;
}

async function collect(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (isHidden(entry.name)) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: entry.fullPath.replace(/^\//, '') || file.name, file });
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
function isHidden(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'));
}
