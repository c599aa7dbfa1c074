/**
 * Listing files synchronously, because `sc.textFile(...)` returns its RDD —
 * and `getNumPartitions()` — at once, as Spark's does. The driver runs in a
 * worker, where a synchronous request for the manifest is allowed.
 */
import { HttpFileSystem, MemoryFileSystem, resolveGlobIn, type FileEntry, type FileSystem } from './file-system';

const manifests = new Map<string, FileEntry[]>();

export function listFilesSync(fs: FileSystem): FileEntry[] {
  const sync = (fs as { listSync?: () => FileEntry[] }).listSync;
  if (typeof sync === 'function') return sync.call(fs);
  if (fs instanceof HttpFileSystem) {
    const url = new URL('index.json', fs.baseUrl).href;
    const cached = manifests.get(url);
    if (cached) return cached;
    if (typeof XMLHttpRequest === 'undefined')
      throw new Error('textFile needs a synchronous manifest read, which this environment cannot do');
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url, false);
    xhr.send();
    if (xhr.status !== 200) throw new Error(`Cannot list files: GET ${url} answered ${xhr.status}`);
    const entries = JSON.parse(xhr.responseText) as FileEntry[];
    manifests.set(url, entries);
    return entries;
  }
  void MemoryFileSystem;
  throw new Error('This file system cannot list its files synchronously');
}

/**
 * Forgets the listing read so far, after files were written behind the driver's back (a job's
 * tasks wrote them), so the next read lists them: `df.write` calls it when its job is committed.
 */
export async function refreshListing(fs: FileSystem): Promise<void> {
  if (fs instanceof HttpFileSystem) {
    manifests.delete(new URL('index.json', fs.baseUrl).href);
    fs.forgetIndex();
  }
  const refresh = (fs as { refresh?: () => Promise<void> }).refresh;
  if (typeof refresh === 'function') await refresh.call(fs);
}

/** The files `glob` names, or Hadoop's "Input path does not exist" error. */
export function selectFiles(entries: FileEntry[], glob: string): FileEntry[] {
  return resolveGlobIn(entries, glob);
}
