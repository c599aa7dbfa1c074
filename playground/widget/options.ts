/**
 * The embed widget's options, read the same way from a custom element's
 * attributes and from the iframe route's query string, so both embeds accept
 * the same words.
 */

import { readLanguage, type ProgramLanguage } from '../program-language';

/** `editor`: edit and run; `output`: a Run button and the output only; `readonly`: the program shown, not editable. */
export type WidgetMode = 'editor' | 'output' | 'readonly';

/** `light`/`dark` force one; `auto` follows the reader's OS; `null` (no attribute) follows the page, then the OS. */
export type WidgetTheme = 'light' | 'dark' | 'auto' | null;

export interface WidgetOptions {
  mode: WidgetMode;
  /** Show the stage DAG of the last job. */
  dag: boolean;
  /** Show the task timeline. */
  timeline: boolean;
  /** The widget's greatest CSS height (it scrolls inside beyond it); `null` grows with its content. */
  height: string | null;
  executors: number;
  cores: number;
  theme: WidgetTheme;
  /** The program's language: `lang="python"` runs a PySpark program. */
  lang: ProgramLanguage;
}

/** Every option's attribute (and query parameter) name. */
export const OPTION_NAMES = ['mode', 'dag', 'timeline', 'height', 'executors', 'cores', 'theme', 'lang'] as const;

const MODES: readonly WidgetMode[] = ['editor', 'output', 'readonly'];

/**
 * Reads widget options from attribute-like strings (missing ones are `null`).
 * Booleans accept `on`/`off`, `true`/`false`, `1`/`0`, and a bare attribute (empty string) as on.
 *
 * @example
 * readWidgetOptions((name) => element.getAttribute(name))
 * readWidgetOptions((name) => new URLSearchParams(location.search).get(name))
 */
export function readWidgetOptions(get: (name: string) => string | null): WidgetOptions {
  const mode = get('mode');
  return {
    mode: MODES.includes(mode as WidgetMode) ? (mode as WidgetMode) : 'editor',
    dag: flag(get('dag')),
    timeline: flag(get('timeline')),
    height: cssLength(get('height')),
    executors: count(get('executors'), 2),
    cores: count(get('cores'), 2),
    theme: theme(get('theme')),
    lang: readLanguage(get('lang')),
  };
}

function theme(value: string | null): WidgetTheme {
  const word = value?.trim().toLowerCase();
  return word === 'light' || word === 'dark' || word === 'auto' ? word : null;
}

function flag(value: string | null): boolean {
  if (value === null) return false;
  return !['off', 'false', '0', 'no'].includes(value.trim().toLowerCase());
}

/** A bare number is pixels; anything else must look like a CSS length, or it is ignored. */
export function cssLength(value: string | null): string | null {
  if (value === null || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return `${text}px`;
  return /^\d+(\.\d+)?(px|em|rem|vh|%)$/.test(text) ? text : null;
}

function count(value: string | null, fallback: number): number {
  const number = Number(value);
  return value !== null && Number.isInteger(number) && number >= 1 && number <= 8 ? number : fallback;
}

/**
 * A program written inside the tag, indented to match the page around it:
 * the common leading indentation and the blank first and last lines removed.
 *
 * @example
 * dedent('\n    const a = 1;\n      a;\n  ') // 'const a = 1;\n  a;'
 */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(cut)).join('\n');
}
