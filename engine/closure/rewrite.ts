/**
 * The program rewriter. It makes three edits to a learner's driver program:
 *
 * - **Closures.** Every function gets the metadata its task needs to leave
 *   the driver — its source, its line, and a getter for each free variable —
 *   so that the variables can be captured by value when a job is submitted,
 *   as Spark serializes a closure.
 * - **Blocking transformations.** `sortByKey`, `sortBy` and `zipWithIndex`
 *   run a job when they are called, and a JVM driver waits in the call until
 *   it ends. JavaScript cannot block a thread (short of `Atomics.wait`, which
 *   needs cross-origin isolation an embed never has), so where the call
 *   stands in an async context (the program's top level, an async function's
 *   body) it becomes `(await __kindlingSettle(call)).value`: the program
 *   resumes once the job has ended, and `getNumPartitions()` on the next line
 *   is Spark's. Elsewhere (inside a plain callback, a class field, a default
 *   parameter) `await` is not allowed; the call is left as it is, and the
 *   engine still orders jobs as Spark would (SparkContext.runBlocking) — only
 *   what the program reads synchronously right after it may be the value from
 *   before the job (the requested partition count).
 * - **Loop guards.** Every loop body (but `for…in`'s) starts with
 *   `__kindlingLoopGuard(line);`, in the driver program and in the source
 *   shipped with each function, so a runaway loop throws at its own line
 *   (see `loop-guard.ts`).
 *
 * Edits never add or remove a line break, so a stack trace from the rewritten
 * program points at the learner's own line.
 */
import * as acorn from 'acorn';
import MagicString from 'magic-string';
import { analyzeScopes, type FunctionNode } from './free-variables';
import { LOOP_GUARD_NAME } from './loop-guard';

export { LOOP_GUARD_NAME };

/** The runtime function the rewritten program calls; the caller puts it in scope (see `closure.ts`). */
export const CLOSURE_FUNCTION_NAME = '__kindlingClosure';
/** Awaited around a blocking transformation's call; the caller puts it in scope (see `runner/program-scope.ts`). */
export const SETTLE_FUNCTION_NAME = '__kindlingSettle';

/** Transformations that run a job when called, as Spark's do in their constructors. */
const BLOCKING_METHODS = new Set(['sortByKey', 'sortBy', 'zipWithIndex']);

/**
 * A driver program that does not parse. `line` and `column` are both 1-based,
 * and so is the `(line:column)` at the end of the message.
 */
export class ProgramSyntaxError extends Error {
  override name = 'SyntaxError';

  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface RewriteOptions {
  /**
   * Names bound around the program by its host (the driver passes `['sc']`).
   * A function that uses one of them captures it, so that shipping `sc` to an
   * executor is caught as "Task not serializable" instead of failing there.
   */
  declared?: readonly string[];
}

/** acorn settings for a driver program: an ES module body with top-level await. */
const PROGRAM_OPTIONS: acorn.Options = {
  ecmaVersion: 'latest',
  sourceType: 'module',
  allowAwaitOutsideFunction: true,
  locations: true,
};

/**
 * Parses a driver program, turning acorn's error into a {@link ProgramSyntaxError}.
 *
 * @example
 * parseProgram('const x = ;'); // throws ProgramSyntaxError: Unexpected token (1:11), line 1, column 11
 */
export function parseProgram(source: string): acorn.Program {
  try {
    return acorn.parse(source, PROGRAM_OPTIONS);
  } catch (error) {
    throw toProgramSyntaxError(error);
  }
}

function toProgramSyntaxError(error: unknown): unknown {
  const loc = (error as { loc?: { line?: unknown; column?: unknown } } | null)?.loc;
  if (!(error instanceof SyntaxError) || typeof loc?.line !== 'number' || typeof loc.column !== 'number') return error;
  const line = loc.line;
  // acorn counts columns from 0; editors and the rest of Kindling count from 1.
  const column = loc.column + 1;
  const message = error.message.replace(/\s*\(\d+:\d+\)$/, '') + ` (${line}:${column})`;
  return new ProgramSyntaxError(message, line, column, { cause: error });
}

/**
 * Rewrites a driver program so that every function registers its closure
 * metadata with `__kindlingClosure(fn, source, line, env[, name])`.
 *
 * Function expressions and arrows are wrapped where they stand; function
 * declarations keep their hoisting and are registered by a statement at the
 * start of the body that declares them. Methods, accessors and class bodies
 * are left alone. No line break is ever added, so lines keep their numbers.
 *
 * The optional fifth argument is the name the function would have received
 * from its binding (`const double = (x) => …` is named `double`); wrapping
 * it in a call would otherwise leave it anonymous.
 *
 * @throws ProgramSyntaxError when the program does not parse.
 * @example
 * rewriteProgram('const factor = 3;\nrdd.map((x) => x * factor);', { declared: ['sc'] }).code
 * // 'const factor = 3;\nrdd.map(__kindlingClosure((x) => x * factor, "(x) => x * factor", 2, { factor: () => factor }));'
 */
export interface RewriteResult {
  code: string;
  /**
   * The 1-based column in the learner's source of a 1-based position in `code`
   * (lines never move; columns do, where metadata was inserted).
   */
  originalColumn(line: number, column: number): number;
}

export function rewriteProgram(source: string, options: RewriteOptions = {}): RewriteResult {
  const program = parseProgram(source);
  const { freeVariables } = analyzeScopes(program, options.declared ?? []);
  const output = new MagicString(source);
  // The source each function ships with: the learner's text with loop guards only.
  const shipped = new MagicString(source);

  const settled = new Set<acorn.AnyNode>();
  walk(program, [], (node, ancestors) => {
    if (isGuardedLoop(node)) {
      for (const target of [output, shipped]) guardLoop(target, node);
      return;
    }
    if (node.type !== 'CallExpression') return;
    const target = blockingTarget(node, ancestors);
    if (!target || settled.has(target) || !canAwait(node, ancestors)) return;
    settled.add(target);
    output.prependRight(target.start, `(await ${SETTLE_FUNCTION_NAME}(`);
    output.appendLeft(target.end, ')).value');
  });

  const metadata = (fn: FunctionNode) => {
    const names = freeVariables.get(fn) ?? [];
    const env =
      names.length === 0 ? '{}' : `{ ${names.map((name) => `${propertyKey(name)}: () => ${name}`).join(', ')} }`;
    // JSON.stringify escapes line breaks, so the literal never adds a line.
    return `${JSON.stringify(shipped.slice(fn.start, fn.end))}, ${fn.loc!.start.line}, ${env}`;
  };

  walk(program, [], (node, ancestors) => {
    if (
      node.type !== 'FunctionDeclaration' &&
      node.type !== 'FunctionExpression' &&
      node.type !== 'ArrowFunctionExpression'
    ) {
      return;
    }
    const parent = ancestors.at(-1);
    if (node.type === 'FunctionDeclaration') {
      // `export default function () {}` has no binding to register; it cannot be shipped anyway.
      if (!node.id) return;
      const registration = `${CLOSURE_FUNCTION_NAME}(${node.id.name}, ${metadata(node)});`;
      output.appendLeft(registrationPoint(node, ancestors), registration);
      return;
    }
    if (parent && isMethodValue(node, parent)) return;
    const name = node.id ? undefined : inferredName(node, parent);
    // `new function () {}` must stay a construction of the function, not of __kindlingClosure.
    const needsParens = parent?.type === 'NewExpression' && parent.callee === node;
    // Prefixes attach to the right of `start` and suffixes to the left of `end`, visiting
    // inner functions first: `a => b => a + b` closes the inner call before the outer one.
    output.prependRight(node.start, `${needsParens ? '(' : ''}${CLOSURE_FUNCTION_NAME}(`);
    output.appendLeft(
      node.end,
      `, ${metadata(node)}${name === undefined ? '' : `, ${JSON.stringify(name)}`})${needsParens ? ')' : ''}`,
    );
  });

  const code = output.toString();
  let mappings: number[][][] | null = null;
  const originalColumn = (line: number, column: number): number => {
    mappings ??= output.generateDecodedMap({ hires: true }).mappings as number[][][];
    const segments = mappings[line - 1];
    if (!segments || segments.length === 0) return column;
    const col0 = column - 1;
    let best: number[] | undefined;
    for (const seg of segments) {
      if (seg[0] > col0) break;
      best = seg;
    }
    if (!best || best.length < 4) return column;
    // hires maps every original character; inside inserted text the nearest original character before it stands in.
    return best[3] + 1;
  };
  return { code, originalColumn };
}

type LoopNode = acorn.WhileStatement | acorn.DoWhileStatement | acorn.ForStatement | acorn.ForOfStatement;

/** Loops that can run forever: all but `for…in`, which walks a finite set of keys. */
function isGuardedLoop(node: acorn.AnyNode): node is LoopNode {
  return (
    node.type === 'WhileStatement' ||
    node.type === 'DoWhileStatement' ||
    node.type === 'ForStatement' ||
    node.type === 'ForOfStatement'
  );
}

/** Puts the guard first in the loop's body, wrapping a single-statement body in braces. */
function guardLoop(target: MagicString, loop: LoopNode): void {
  const guard = `${LOOP_GUARD_NAME}(${loop.loc!.start.line});`;
  const body = loop.body;
  if (body.type === 'BlockStatement') {
    target.appendLeft(body.start + 1, ` ${guard}`);
  } else {
    target.prependRight(body.start, `{ ${guard} `);
    target.appendLeft(body.end, ' }');
  }
}

/**
 * What to settle for a call of a blocking transformation by name (`x.sortByKey(…)`): the call, or
 * the whole optional chain it is part of (settling `a?.sortBy(f)` alone inside `a?.sortBy(f).map(g)`
 * would break the chain's short circuit). Null for any other call.
 */
function blockingTarget(node: acorn.CallExpression, ancestors: readonly acorn.AnyNode[]): acorn.AnyNode | null {
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return null;
  if (!BLOCKING_METHODS.has(callee.property.name)) return null;
  let child: acorn.AnyNode = node;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i];
    if (ancestor.type === 'ChainExpression') return ancestor;
    const continuesChain =
      (ancestor.type === 'MemberExpression' && ancestor.object === child) ||
      (ancestor.type === 'CallExpression' && ancestor.callee === child);
    if (!continuesChain) break;
    child = ancestor;
  }
  return node;
}

/** Whether `await` may stand at `node`: the module's top level, or an async function's body (not its parameters). */
function canAwait(node: acorn.AnyNode, ancestors: readonly acorn.AnyNode[]): boolean {
  let child = node;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i];
    switch (ancestor.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return ancestor.async && ancestor.body === child;
      case 'PropertyDefinition':
      case 'StaticBlock':
        return false;
      case 'Program':
        return true;
    }
    child = ancestor;
  }
  return true;
}

/** Where a hoisted function's registration goes: before the first statement of its scope, after any directives. */
function registrationPoint(fn: acorn.FunctionDeclaration, ancestors: readonly acorn.AnyNode[]): number {
  let container = ancestors.at(-1);
  if (container?.type === 'ExportNamedDeclaration' || container?.type === 'ExportDefaultDeclaration') {
    container = ancestors.at(-2);
  }
  // A switch's cases share one scope but any case may be jumped to, so register in place.
  if (!container || container.type === 'SwitchCase') return fn.start;
  if (container.type !== 'Program' && container.type !== 'BlockStatement' && container.type !== 'StaticBlock') {
    return fn.start;
  }
  const statements: readonly acorn.AnyNode[] = container.body;
  const first = statements.find(
    (statement) => !(statement.type === 'ExpressionStatement' && statement.directive !== undefined),
  );
  return first?.start ?? fn.start;
}

function isMethodValue(fn: acorn.AnyNode, parent: acorn.AnyNode): boolean {
  if (parent.type === 'MethodDefinition') return true;
  return parent.type === 'Property' && parent.value === fn && (parent.method || parent.kind !== 'init');
}

/** The name JavaScript gives an anonymous function from the binding it is written into. */
function inferredName(fn: acorn.AnyNode, parent: acorn.AnyNode | undefined): string | undefined {
  switch (parent?.type) {
    case 'VariableDeclarator':
      return parent.init === fn && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'AssignmentExpression':
      return parent.right === fn &&
        parent.left.type === 'Identifier' &&
        ['=', '&&=', '||=', '??='].includes(parent.operator)
        ? parent.left.name
        : undefined;
    case 'AssignmentPattern':
      return parent.right === fn && parent.left.type === 'Identifier' ? parent.left.name : undefined;
    case 'Property':
    case 'PropertyDefinition':
      if (parent.value !== fn || parent.computed) return undefined;
      if (parent.key.type === 'Identifier') return parent.key.name;
      if (parent.key.type === 'PrivateIdentifier') return `#${parent.key.name}`;
      if (parent.key.type === 'Literal') return String(parent.key.value);
      return undefined;
    case 'ExportDefaultDeclaration':
      return 'default';
    default:
      return undefined;
  }
}

/** `{ __proto__: … }` would set the prototype instead of defining a getter. */
function propertyKey(name: string): string {
  return name === '__proto__' ? '["__proto__"]' : name;
}

/** Calls `leave` on every node after its children, with the chain of ancestors (root first). */
function walk(
  node: acorn.AnyNode,
  ancestors: acorn.AnyNode[],
  leave: (node: acorn.AnyNode, ancestors: readonly acorn.AnyNode[]) => void,
) {
  ancestors.push(node);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'range') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, ancestors, leave);
    } else if (isNode(value)) {
      walk(value, ancestors, leave);
    }
  }
  ancestors.pop();
  leave(node, ancestors);
}

function isNode(value: unknown): value is acorn.AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
