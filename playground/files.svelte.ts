/**
 * The learner's files as the playground shows them: the listing of the
 * IndexedDB file system that runs read from (engine/fs/browser-files.ts), and
 * the ways to add to it. Errors come back as sentences for the learner; a
 * file is never replaced without the learner asking for that name.
 */
import { BrowserFileSystem, LEARNER_FILES_DB, type StoredFileInfo } from '../engine/fs/browser-files';
import { layeredFsBase } from '../engine/fs/layered';

/** How much of a file a preview shows. */
export const PREVIEW_BYTES = 4096;

/** The file-system URL for a run: the site's shipped data with the learner's files on top. */
export function playgroundFsBase(siteUrl: string): string {
  return layeredFsBase(siteUrl, LEARNER_FILES_DB);
}

/** A name no existing file has: `name`, else `name (2).ext`, `name (3).ext`, … */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class LearnerFiles {
  files = $state.raw<StoredFileInfo[]>([]);
  /** The last problem, said in words; cleared by the next success. */
  problem = $state<string | null>(null);
  /** What the last change did, for a live region. */
  announcement = $state('');
  #fs: BrowserFileSystem | null = null;
  #persistAsked = false;

  get #store(): BrowserFileSystem {
    this.#fs ??= new BrowserFileSystem();
    return this.#fs;
  }

  async refresh(): Promise<void> {
    try {
      this.files = await this.#store.listInfo();
    } catch (error) {
      this.problem = `Your files cannot be read: ${messageOf(error)}`;
    }
  }

  /** Adds files (upload, drop): each under its own name, or a free variant of it, never replacing one. */
  async add(files: Iterable<File>): Promise<void> {
    await this.#askToPersist();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a scratch set inside one call, never state
    const taken = new Set(this.files.map((f) => f.path));
    const added: string[] = [];
    for (const file of files) {
      const name = freeName(file.name, taken);
      try {
        await this.#store.write(name, file);
      } catch (error) {
        this.problem = messageOf(error);
        break;
      }
      taken.add(name);
      added.push(name);
    }
    await this.refresh();
    if (added.length > 0) {
      if (added.length === [...files].length) this.problem = null;
      this.announcement = `Added ${added.join(', ')}.`;
    }
  }

  /** Saves pasted text as a file. */
  async addText(name: string, text: string): Promise<boolean> {
    const path = name.trim();
    if (!path) {
      this.problem = 'Give the pasted text a file name, e.g. some_data1.txt.';
      return false;
    }
    if (this.files.some((f) => f.path === path)) {
      this.problem = `${path} already exists: pick another name, or delete that file first.`;
      return false;
    }
    await this.#askToPersist();
    try {
      await this.#store.write(path, new Blob([text]));
    } catch (error) {
      this.problem = messageOf(error);
      return false;
    }
    this.problem = null;
    await this.refresh();
    this.announcement = `Saved the pasted text as ${path}.`;
    return true;
  }

  async rename(from: string, to: string): Promise<boolean> {
    try {
      await this.#store.rename(from, to.trim());
    } catch (error) {
      this.problem = messageOf(error);
      return false;
    }
    this.problem = null;
    await this.refresh();
    this.announcement = `Renamed ${from} to ${to.trim()}.`;
    return true;
  }

  async remove(path: string): Promise<void> {
    try {
      await this.#store.remove(path);
    } catch (error) {
      this.problem = messageOf(error);
      return;
    }
    await this.refresh();
    this.announcement = `Deleted ${path}.`;
  }

  /** The start of a file as text, and whether there is more. */
  async preview(path: string): Promise<{ text: string; truncated: boolean }> {
    const blob = await this.#store.blob(path);
    const head = await blob.slice(0, PREVIEW_BYTES).arrayBuffer();
    return { text: new TextDecoder().decode(head), truncated: blob.size > PREVIEW_BYTES };
  }

  async blob(path: string): Promise<Blob> {
    return this.#store.blob(path);
  }

  /** Asks once for storage the browser will not evict under pressure; a refusal changes nothing else. */
  async #askToPersist(): Promise<void> {
    if (this.#persistAsked) return;
    this.#persistAsked = true;
    try {
      await navigator.storage?.persist?.();
    } catch {
      // Best effort: files still save, the browser may just evict them under pressure.
    }
  }
}
