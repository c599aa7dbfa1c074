/**
 * Opening the playground from a share link: the link's program replaces the
 * saved one, and the hash is left in place so a reload shows the same program.
 * Nothing runs; the reader presses Run.
 */
import type { Settings } from '../settings';
import { decodeShare, fromShared } from './link';

/** What a share link opened: the settings to show and the lesson to open, if any. */
export interface OpenedShare {
  settings: Settings;
  lessonId?: string;
}

/**
 * Reads a shared program from `hash` (location.hash), or `null` when there is none.
 * A damaged link yields `{ error }` so the page can say why it shows the saved program instead.
 *
 * @example
 * const opened = await readShareFromHash(location.hash, DEFAULT_EXAMPLE.source);
 * if (opened && 'settings' in opened) settings = opened.settings;
 */
export async function readShareFromHash(
  hash: string,
  defaultSource: string,
): Promise<OpenedShare | { error: string } | null> {
  try {
    const shared = await decodeShare(hash);
    if (!shared) return null;
    return { settings: fromShared(shared, defaultSource), ...(shared.lessonId ? { lessonId: shared.lessonId } : {}) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
