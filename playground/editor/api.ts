/**
 * The driver-program API as the editor offers it: every name a learner can
 * complete, with its signature (PySpark's argument order) and a short doc,
 * and a small reader that tells what a `.` follows (`sc`, an RDD, a
 * StorageLevel, a TaskContext…) so only names that exist there are offered.
 *
 * The names live in catalogs, one per part of the API (`api/core.ts` for
 * Spark core). A catalog gives globals and receivers: a receiver is what a
 * `.` can follow, with the members it offers; an entry's `returns` names the
 * receiver a call (or, for a property, a read) gives, which is how chains
 * are followed (`sc.parallelize(…).map(…).` is an RDD; `api/sql.ts` is the
 * DataFrame API's). To add another part: write a catalog beside them, add it to {@link CATALOGS}, and
 * give its receivers' real objects to `test/unit/playground-api.test.ts`,
 * which checks every receiver against the engine in both directions.
 */
import { CORE_CATALOG } from './api/core';
import { SQL_CATALOG } from './api/sql';

export type ApiKind = 'function' | 'method' | 'class' | 'constant' | 'variable' | 'property';

export interface ApiEntry {
  label: string;
  kind: ApiKind;
  /** The signature, e.g. `(func, numPartitions?) → RDD`. */
  detail: string;
  doc: string;
  /** Wide: cuts a stage unless the input is partitioned alike (shown in the doc as a hint). */
  shuffle?: 'always' | 'unless-partitioned';
  /** An action: runs a job and returns a promise. */
  action?: boolean;
  /**
   * The receiver this gives: a method's result when called (an action's once
   * awaited), a property's or a global's value.
   */
  returns?: string;
}

/** What a `.` can follow, and what it offers. */
export interface ReceiverSpec {
  members: readonly ApiEntry[];
  /**
   * Members the real object has that are deliberately not offered (the
   * engine's own hooks), with the reason; the API test requires every real
   * member to be offered or listed here.
   */
  notOffered?: Readonly<Record<string, string>>;
}

export interface ApiCatalog {
  globals: readonly ApiEntry[];
  receivers: Readonly<Record<string, ReceiverSpec>>;
}

/** Every catalog the editor offers from. */
export const CATALOGS: readonly ApiCatalog[] = [CORE_CATALOG, SQL_CATALOG];

/** Names in scope in every program. */
export const GLOBALS: readonly ApiEntry[] = CATALOGS.flatMap((c) => c.globals);

/** Every receiver of every catalog, by name. */
export const RECEIVERS: ReadonlyMap<string, ReceiverSpec> = new Map(
  CATALOGS.flatMap((c) => Object.entries(c.receivers)),
);

/** What a member access follows: a receiver's name, or null when the API does not know. */
export type Receiver = string | null;

/** RDD members, for tests and the docs. */
export const RDD_METHODS: readonly ApiEntry[] = RECEIVERS.get('rdd')!.members;

/** The members to offer after a `.` that follows `receiver`. */
export function membersOf(receiver: Receiver): readonly ApiEntry[] {
  return (receiver !== null && RECEIVERS.get(receiver)?.members) || [];
}

/**
 * Names the program binds to RDDs, broadcasts and accumulators
 * (`const counts = lines.map(…)`, `const s = await nums.stats()`), in order,
 * so a later `.` after one of them completes the right members.
 *
 * @example
 * knownBindings('const lines = sc.textFile("a.txt");\nconst n = await lines.count();').get('lines') // 'rdd'
 */
export function knownBindings(source: string): Map<string, Receiver> {
  const bindings = new Map<string, Receiver>();
  const declaration = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*/g;
  for (const match of source.matchAll(declaration)) {
    const start = (match.index ?? 0) + match[0].length;
    const expression = expressionAt(source, start);
    const awaited = /^await\b/.test(expression);
    const chain = chainBefore((awaited ? expression.replace(/^await\s*/, '') : expression).trimEnd());
    const kind = chain ? chainKindOf(chain, bindings, awaited) : null;
    if (kind) bindings.set(match[1], kind);
  }
  return bindings;
}

/**
 * What the text before a `.` evaluates to, as far as the API goes.
 *
 * @param before the document up to (not including) the `.`
 * @example
 * receiverBefore('sc.parallelize([1, 2]).map((x) => x)', new Map()) // 'rdd'
 * receiverBefore('TaskContext.get()', new Map()) // 'taskContext'
 */
export function receiverBefore(before: string, bindings: ReadonlyMap<string, Receiver>): Receiver {
  const chain = chainBefore(before);
  return chain ? chainKindOf(chain, bindings, false) : null;
}

interface Chain {
  head: string;
  /** Each following member, and whether it was called. */
  steps: { name: string; called: boolean }[];
}

/**
 * Follows a chain through the catalogs. A method step must be called, and
 * an action's result is only known once awaited (`awaited` applies to the
 * chain's last step).
 */
function chainKindOf(chain: Chain, bindings: ReadonlyMap<string, Receiver>, awaited: boolean): Receiver {
  const global = GLOBALS.find((g) => g.label === chain.head);
  let kind: Receiver = global ? (global.returns ?? null) : (bindings.get(chain.head) ?? null);
  for (const [i, step] of chain.steps.entries()) {
    const entry = membersOf(kind).find((m) => m.label === step.name);
    if (!entry?.returns) return null;
    const isMethod = entry.kind === 'method' || entry.kind === 'function';
    if (isMethod !== step.called) return null;
    if (entry.action && !(awaited && i === chain.steps.length - 1)) return null;
    kind = entry.returns;
  }
  return kind;
}

/** Reads a member chain backwards from the end of `text`: `a.b(…).c` → head `a`, steps b(), c. */
function chainBefore(text: string): Chain | null {
  const steps: Chain['steps'] = [];
  let i = text.length;
  for (;;) {
    i = skipSpace(text, i);
    let called = false;
    if (text[i - 1] === ')') {
      const open = matchingOpen(text, i - 1);
      if (open < 0) return null;
      i = skipSpace(text, open);
      called = true;
    }
    const end = i;
    while (i > 0 && /[\w$]/.test(text[i - 1])) i--;
    const name = text.slice(i, end);
    if (!name || /^\d/.test(name)) return null;
    const before = skipSpace(text, i);
    if (text[before - 1] === '.') {
      steps.unshift({ name, called });
      i = before - 1;
      continue;
    }
    if (called) return null; // a plain function call, e.g. foo(): nothing the API knows
    const keyword = text.slice(0, before).match(/([\w$]+)\s*$/)?.[1];
    if (keyword === 'new') return null;
    return { head: name, steps };
  }
}

function skipSpace(text: string, i: number): number {
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}

/** Index of the bracket that opens the one closing at `close`; -1 when unbalanced. Strings are skipped. */
function matchingOpen(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const start = text.lastIndexOf(c, i - 1);
      if (start < 0) return -1;
      i = start;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The expression starting at `start`: up to the `;` or blank line that ends it at bracket depth 0. */
function expressionAt(source: string, start: number): string {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) return source.slice(start);
      i = end;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth <= 0 && (c === ';' || (c === '\n' && /^\n\s*(?:[^\s.]|$)/.test(source.slice(i, i + 200)))))
      return source.slice(start, i);
  }
  return source.slice(start);
}

/** An entry as CodeMirror offers it: its kind as the icon, actions after the rest. */
export function toCompletion(entry: ApiEntry) {
  return {
    label: entry.label,
    type: entry.kind === 'constant' ? 'constant' : entry.kind === 'class' ? 'class' : entry.kind,
    detail: entry.detail,
    info: completionInfo(entry),
    boost: entry.action ? -1 : 0,
  };
}

/** The doc a completion shows: signature, what it does, and whether it shuffles. */
export function completionInfo(entry: ApiEntry): string {
  const notes: string[] = [];
  if (entry.action) notes.push('Action: runs a job; await it.');
  if (entry.shuffle === 'always') notes.push('Wide: always shuffles (a new stage).');
  if (entry.shuffle === 'unless-partitioned')
    notes.push('Wide: shuffles (a new stage) unless its input is already partitioned by the same partitioner.');
  return [
    `${entry.label}${entry.detail.startsWith('(') ? entry.detail : `: ${entry.detail}`}`,
    entry.doc,
    ...notes,
  ].join('\n');
}
