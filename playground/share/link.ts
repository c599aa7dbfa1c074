/**
 * Share links: a program, its cluster settings and optionally a lesson id,
 * carried in the URL hash so no server ever sees or stores them.
 *
 * The hash is `#share=<version>.<payload>`: the payload is the JSON of a
 * {@link SharedProgram}, deflate-raw compressed (CompressionStream, built into
 * browsers and Node ≥ 18) and base64url encoded. The version is the format of
 * the payload; a reader keeps a decoder for every version it ever wrote, so old
 * links keep opening after upgrades.
 */
import type { ProgramLanguage } from '../program-language';
import { readSettings, type ConfEntry, type Settings } from '../settings';

/**
 * The newest payload format this build reads and writes. Format 2 is format 1
 * with a `language`; a JavaScript program is still written as format 1, so
 * older sites keep opening it, while a Python program's link tells an older
 * site that it is too new rather than opening Python as JavaScript.
 */
export const SHARE_FORMAT_VERSION = 2;
/** The hash parameter that carries a shared program. */
export const SHARE_HASH_KEY = 'share';

/** What a link carries: the program and the cluster it runs on; never the reader's prediction. */
export interface SharedProgram {
  source: string;
  /** The program's language; absent for JavaScript. */
  language?: ProgramLanguage;
  executors: number;
  coresPerExecutor: number;
  hosts: number | null;
  racks: number | null;
  conf: ConfEntry[];
  /** A lesson the link opens in, when the sharer was in one. */
  lessonId?: string;
}

/** The parts of settings a link carries. */
export function toShared(settings: Settings, lessonId?: string): SharedProgram {
  const shared: SharedProgram = {
    source: settings.source,
    ...(settings.language === 'python' ? { language: settings.language } : {}),
    executors: settings.executors,
    coresPerExecutor: settings.coresPerExecutor,
    hosts: settings.hosts,
    racks: settings.racks,
    conf: settings.conf.map(({ key, value }) => ({ key, value })),
  };
  if (lessonId) shared.lessonId = lessonId;
  return shared;
}

/**
 * Encodes a program as the hash of a share link (without the `#`).
 *
 * @example
 * const hash = await encodeShare({ source: 'await sc.parallelize([1]).count()', executors: 2, coresPerExecutor: 2, hosts: null, racks: null, conf: [] });
 * // 'share=1.PcixCoNADAbgV5F_…'
 */
export async function encodeShare(shared: SharedProgram): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(shared));
  const compressed = await transform(bytes, new CompressionStream('deflate-raw'));
  const version = shared.language === 'python' ? 2 : 1;
  return `${SHARE_HASH_KEY}=${version}.${toBase64Url(compressed)}`;
}

/**
 * Reads a share link's hash (with or without the leading `#`), or a whole URL.
 * Returns `null` when there is no shared program in it; throws with a reason a
 * reader can act on when there is one that cannot be read.
 *
 * @example
 * const shared = await decodeShare(location.hash);
 * if (shared) settings = fromShared(shared, settings);
 */
export async function decodeShare(hashOrUrl: string): Promise<SharedProgram | null> {
  const hash = hashOrUrl.includes('#') ? hashOrUrl.slice(hashOrUrl.indexOf('#') + 1) : hashOrUrl;
  const value = new URLSearchParams(hash).get(SHARE_HASH_KEY);
  if (value === null) return null;
  const dot = value.indexOf('.');
  const version = Number(dot < 0 ? NaN : value.slice(0, dot));
  if (!Number.isInteger(version)) throw new Error('This share link is damaged: it has no format version.');
  const decoder = DECODERS[version];
  if (!decoder) {
    throw new Error(
      `This share link was made by a newer Kindling (link format ${version}; this page reads up to ${SHARE_FORMAT_VERSION}), and this site has not been updated to it yet: open the link on the site it came from.`,
    );
  }
  return decoder(value.slice(dot + 1));
}

/**
 * Settings for a shared program: the link's program and cluster, the reader's
 * own prediction draft cleared (a prediction belongs to the program it was made for).
 */
export function fromShared(shared: SharedProgram, defaultSource: string): Settings {
  return readSettings(JSON.stringify({ ...shared, lessonId: undefined }), defaultSource);
}

/** One decoder per payload format ever written; never remove one. */
const DECODERS: Record<number, (payload: string) => Promise<SharedProgram>> = {
  1: decodePayload,
  // Format 1 with a language, which readPayload reads when it is there.
  2: decodePayload,
};

async function decodePayload(payload: string): Promise<SharedProgram> {
  let json: string;
  try {
    const bytes = await transform(fromBase64Url(payload), new DecompressionStream('deflate-raw'));
    json = new TextDecoder().decode(bytes);
  } catch (error) {
    throw new Error('This share link is damaged: its program cannot be decompressed (was it cut short?).', {
      cause: error,
    });
  }
  return readPayload(json);
}

function readPayload(json: string): SharedProgram {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error('This share link is damaged: its program is not readable.', { cause: error });
  }
  if (!value || typeof value !== 'object' || typeof (value as { source?: unknown }).source !== 'string') {
    throw new Error('This share link is damaged: it carries no program.');
  }
  // readSettings repairs and clamps the cluster fields exactly as it does for saved settings.
  const settings = readSettings(json, '');
  const lessonId = (value as { lessonId?: unknown }).lessonId;
  return {
    ...toShared(settings),
    ...(typeof lessonId === 'string' && lessonId ? { lessonId } : {}),
  };
}

async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Write and read at once: awaiting the write first deadlocks once the output fills the stream's queue.
  // A failure shows up on the readable side, which the caller awaits.
  writer
    .write(bytes as Uint8Array<ArrayBuffer>)
    .then(() => writer.close())
    .catch(() => {});
  return new Uint8Array(await new Response(stream.readable).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
