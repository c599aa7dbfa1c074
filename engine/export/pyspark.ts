/**
 * A JavaScript driver program exported as a PySpark program, statement by
 * statement, so a learner can take it to a cluster with `spark-submit`.
 *
 * What translates: `const`/`let`, functions and arrow functions (a block body
 * or destructured parameters become a `def` just before the statement that
 * uses it), pairs as tuples (a two-element array literal), object literals,
 * string and array methods, `Math`, template literals, `console.log`, `for`,
 * `for…of`, `if`, `try`/`catch`, generators; `await` is dropped, since
 * PySpark's actions return their values. RDD and SparkContext calls keep
 * their names, with PySpark's spellings where they differ (`partitionBy(new
 * HashPartitioner(4))` is `partitionBy(4)`, `top(3, f)` is `top(3, key=f)`,
 * `longAccumulator` is `accumulator(0)`).
 *
 * Where JavaScript and Python disagree, the export keeps JavaScript's meaning
 * through a small helper written at the top of the file (see
 * js-semantics.ts): `%` on negative numbers, the default sort order, printing
 * arrays and objects, `String(x)` in template literals. JavaScript's `/` is
 * Python's `/` (there is no integer division in JavaScript).
 *
 * Anything else is not guessed at: the statement is kept as a comment at its
 * line with the reason, and listed in `flagged`. Kindling-only calls (fault
 * injection, killing an executor) run only where they exist, with a comment.
 */
import * as acorn from 'acorn';
import { helperSource } from './js-semantics';
import { sparkSubmitLine, submitComment, type ClusterShape } from './spark-submit';

export interface ExportOptions {
  /** The Python file's name, for the spark-submit line; default `program.py`. */
  fileName?: string;
  /** `spark.app.name`; default the file name without its extension. */
  appName?: string;
  /** The cluster the program ran on; default 2 executors × 2 cores. */
  shape?: ClusterShape;
}

export interface FlaggedLine {
  /** 1-based line of the JavaScript program. */
  line: number;
  reason: string;
  /** `untranslated`: kept as a comment; `kindling-only`: runs only on Kindling. */
  kind: 'untranslated' | 'kindling-only';
}

export interface PySparkExport {
  source: string;
  flagged: FlaggedLine[];
}

/**
 * Exports a JavaScript driver program as a PySpark script.
 *
 * @example
 * const { source, flagged } = exportToPySpark('console.log(await sc.parallelize([1, 2], 2).count());');
 * // source ends with: js_print(sc.parallelize([1, 2], 2).count())
 */
export function exportToPySpark(javascript: string, options: ExportOptions = {}): PySparkExport {
  const fileName = options.fileName ?? 'program.py';
  const comments: acorn.Comment[] = [];
  let program: acorn.Program;
  try {
    program = acorn.parse(javascript, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowAwaitOutsideFunction: true,
      locations: true,
      onComment: comments,
    });
  } catch (cause) {
    throw new Error(`The program does not parse as JavaScript, so it cannot be exported: ${(cause as Error).message}`, {
      cause,
    });
  }
  const translator = new Translator(javascript, comments);
  translator.program(program);

  const submit = sparkSubmitLine(fileName, options.shape ?? { executors: 2, coresPerExecutor: 2, conf: [] }, {
    faultInjection: translator.usesFaults,
  });
  const appName = options.appName ?? fileName.replace(/\.py$/, '');
  const header = [
    `# ${fileName}: a Kindling program exported to PySpark, statement by statement.`,
    ...submitComment(submit),
  ];
  if (translator.flagged.length > 0) {
    header.push(`# Lines marked "Kindling:" were not translated or run only on Kindling; read them first.`);
  }
  const imports = [...translator.imports].sort().map((module) => `import ${module}`);
  imports.push(`from pyspark import SparkConf, SparkContext, StorageLevel, TaskContext`);
  const parts = [header.join('\n'), imports.join('\n')];
  const helpers = helperSource(translator.helpers);
  if (helpers) {
    parts.push(`# JavaScript's meaning, kept where Python's differs.\n${helpers}`);
  }
  parts.push(`sc = SparkContext.getOrCreate(SparkConf().setAppName(${pyString(appName)}))`);
  return { source: `${parts.join('\n\n\n')}\n\n${translator.output.join('\n')}\n`, flagged: translator.flagged };
}

// ---------------------------------------------------------------------------

type Node = acorn.AnyNode;
type Expression = acorn.Expression;
type Pattern = acorn.Pattern;

/** A construct the export does not translate; the statement holding it is kept as a comment. */
class Untranslatable extends Error {}

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield print len str list dict set map filter sum min max range sorted type id'.split(
    ' ',
  ),
);

/** SparkContext methods that make RDDs. */
const CONTEXT_RDD_METHODS = new Set(['parallelize', 'textFile', 'range', 'union', 'emptyRDD', 'wholeTextFiles']);

/** RDD methods that return RDDs, so the calls chained on them are RDD calls too. */
const RDD_TRANSFORMATIONS = new Set(
  (
    'map flatMap filter mapPartitions mapPartitionsWithIndex mapValues flatMapValues keys values distinct sample ' +
    'union intersection subtract subtractByKey cartesian glom zip zipWithIndex zipWithUniqueId keyBy groupBy ' +
    'reduceByKey groupByKey aggregateByKey foldByKey combineByKey sortByKey sortBy partitionBy repartition ' +
    'coalesce join leftOuterJoin rightOuterJoin fullOuterJoin cogroup cache persist unpersist setName pipe'
  ).split(' '),
);

/** Attributes of Spark's objects a program reads without calling them (broadcast and accumulator values, context facts). */
const API_ATTRIBUTES = new Set([
  'value',
  'defaultParallelism',
  'defaultMinPartitions',
  'applicationId',
  'version',
  'startTime',
  'master',
  'appName',
  'partitioner',
]);

/** RDD actions whose last argument is a key function (PySpark's `key=`). */
const KEY_FUNCTION_ACTIONS = new Set(['top', 'takeOrdered']);

const MATH_FUNCTIONS: Record<string, string> = {
  floor: 'math.floor',
  ceil: 'math.ceil',
  abs: 'abs',
  max: 'max',
  min: 'min',
  sqrt: 'math.sqrt',
  pow: 'math.pow',
  log: 'math.log',
  exp: 'math.exp',
  trunc: 'math.trunc',
};

/** Python's precedence levels, low to high, for parenthesising only where needed. */
const PRECEDENCE = {
  lambda: 0,
  conditional: 1,
  or: 2,
  and: 3,
  not: 4,
  comparison: 5,
  bitOr: 6,
  bitXor: 7,
  bitAnd: 8,
  shift: 9,
  additive: 10,
  multiplicative: 11,
  unary: 12,
  power: 13,
  atom: 20,
} as const;

const BINARY: Record<string, [string, number]> = {
  '===': ['==', PRECEDENCE.comparison],
  '==': ['==', PRECEDENCE.comparison],
  '!==': ['!=', PRECEDENCE.comparison],
  '!=': ['!=', PRECEDENCE.comparison],
  '<': ['<', PRECEDENCE.comparison],
  '<=': ['<=', PRECEDENCE.comparison],
  '>': ['>', PRECEDENCE.comparison],
  '>=': ['>=', PRECEDENCE.comparison],
  '+': ['+', PRECEDENCE.additive],
  '-': ['-', PRECEDENCE.additive],
  '*': ['*', PRECEDENCE.multiplicative],
  '/': ['/', PRECEDENCE.multiplicative],
  '**': ['**', PRECEDENCE.power],
  '|': ['|', PRECEDENCE.bitOr],
  '^': ['^', PRECEDENCE.bitXor],
  '&': ['&', PRECEDENCE.bitAnd],
  '<<': ['<<', PRECEDENCE.shift],
  '>>': ['>>', PRECEDENCE.shift],
};

interface Scope {
  /** A destructured parameter's element, by its name: the Python expression that reads it. */
  renames: Map<string, string>;
  /** Names bound to RDDs. */
  rdds: Set<string>;
  /** Names bound to a caught error (`e.message` reads `str(e)`). */
  errors: Set<string>;
}

class Translator {
  readonly output: string[] = [];
  readonly flagged: FlaggedLine[] = [];
  readonly helpers = new Set<string>();
  readonly imports = new Set<string>();
  usesFaults = false;

  readonly #source: string;
  readonly #comments: acorn.Comment[];
  #nextComment = 0;
  /** Defs to write before the statement being translated (one list per statement being translated). */
  #pending: string[][] = [];
  /** Notes for the first line of the statement being translated. */
  #notes: string[][] = [];
  #scopes: Scope[] = [{ renames: new Map(), rdds: new Set(['sc']), errors: new Set() }];
  #usedNames = new Set<string>();
  #inFString = 0;
  /** Above 0 while translating where a missing object key reads as None (see #member). */
  #lenientDepth = 0;
  /** Expressions already evaluated into a name (an optional chain's object): written as that name. */
  #standIns = new Map<Node, string>();

  constructor(source: string, comments: acorn.Comment[]) {
    this.#source = source;
    this.#comments = comments;
  }

  program(program: acorn.Program): void {
    let previousEnd = -1;
    for (const statement of program.body) {
      const between = previousEnd < 0 ? '' : this.#source.slice(previousEnd, statement.start);
      if (/\n[ \t]*\n/.test(between.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ''))) this.output.push('');
      this.#statementWithComments(statement as Node, 0);
      previousEnd = statement.end;
    }
    this.#commentsBefore(Number.POSITIVE_INFINITY, 0);
  }

  // --- statements ----------------------------------------------------------

  #statementWithComments(statement: Node, indent: number): void {
    this.#commentsBefore(statement.start, indent);
    const lines: string[] = [];
    this.#pending.push([]);
    this.#notes.push([]);
    let failed: Untranslatable | null = null;
    try {
      this.#statement(statement, indent, lines);
    } catch (error) {
      if (!(error instanceof Untranslatable)) throw error;
      failed = error;
    }
    const defs = this.#pending.pop()!;
    const notes = this.#notes.pop()!;
    const pad = '    '.repeat(indent);
    if (failed) {
      const line = statement.loc!.start.line;
      this.flagged.push({ line, reason: failed.message, kind: 'untranslated' });
      this.output.push(`${pad}# Kindling: not translated (${failed.message}):`);
      for (const text of this.#source.slice(statement.start, statement.end).split('\n')) {
        this.output.push(`${pad}#   ${text}`);
      }
      if (indent > 0) this.output.push(`${pad}pass`);
      return;
    }
    for (const def of defs) this.output.push(...def.split('\n').map((text) => (text ? pad + text : text)));
    if (notes.length > 0 && lines.length > 0) lines[0] += `  # Kindling: ${notes.join('; ')}`;
    this.output.push(...lines);
  }

  #commentsBefore(position: number, indent: number): void {
    while (this.#nextComment < this.#comments.length && this.#comments[this.#nextComment].start < position) {
      const comment = this.#comments[this.#nextComment++];
      const pad = '    '.repeat(indent);
      for (const text of comment.value.split('\n')) {
        const trimmed = comment.type === 'Block' ? text.replace(/^\s*\*?\s?/, '') : text.replace(/^ /, '');
        this.output.push(`${pad}#${trimmed ? ` ${trimmed}` : ''}`);
      }
    }
  }

  #block(body: Node, indent: number, lines: string[]): void {
    const statements = body.type === 'BlockStatement' ? body.body : [body];
    const start = lines.length;
    // Nested statements are written into `lines` through output: swap it in.
    const saved = this.output.splice(0);
    for (const statement of statements) this.#statementWithComments(statement as Node, indent);
    if (body.type === 'BlockStatement') this.#commentsBefore(body.end, indent);
    const nested = this.output.splice(0);
    this.output.push(...saved);
    lines.push(...nested);
    if (lines.length === start || lines.slice(start).every((line) => line.trim().startsWith('#') || !line.trim())) {
      lines.push(`${'    '.repeat(indent)}pass`);
    }
  }

  #statement(node: Node, indent: number, lines: string[]): void {
    const pad = '    '.repeat(indent);
    switch (node.type) {
      case 'VariableDeclaration':
        for (const declaration of node.declarations) {
          if (!declaration.init) {
            lines.push(`${pad}${this.#target(declaration.id)} = None`);
            continue;
          }
          const init = declaration.init;
          if (
            declaration.id.type === 'Identifier' &&
            (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression')
          ) {
            this.#def(this.#name(declaration.id.name), init, indent, lines);
            continue;
          }
          if (declaration.id.type === 'Identifier' && this.#isRdd(init)) this.#scope.rdds.add(declaration.id.name);
          lines.push(`${pad}${this.#target(declaration.id)} = ${this.#expression(init)}`);
        }
        return;
      case 'FunctionDeclaration':
        if (!node.id) throw new Untranslatable('an anonymous function declaration');
        this.#def(this.#name(node.id.name), node as acorn.FunctionDeclaration, indent, lines);
        return;
      case 'ExpressionStatement':
        this.#expressionStatement(node.expression, indent, lines);
        return;
      case 'ReturnStatement':
        lines.push(`${pad}return${node.argument ? ` ${this.#expression(node.argument)}` : ''}`);
        return;
      case 'IfStatement': {
        lines.push(`${pad}if ${this.#expression(node.test)}:`);
        this.#block(node.consequent, indent + 1, lines);
        let alternate = node.alternate;
        while (alternate) {
          if (alternate.type === 'IfStatement') {
            lines.push(`${pad}elif ${this.#expression(alternate.test)}:`);
            this.#block(alternate.consequent, indent + 1, lines);
            alternate = alternate.alternate;
          } else {
            lines.push(`${pad}else:`);
            this.#block(alternate, indent + 1, lines);
            alternate = null;
          }
        }
        return;
      }
      case 'ForOfStatement': {
        if (node.await) throw new Untranslatable('for await');
        const left = node.left.type === 'VariableDeclaration' ? node.left.declarations[0].id : node.left;
        lines.push(`${pad}for ${this.#target(left as Pattern)} in ${this.#expression(node.right)}:`);
        this.#block(node.body, indent + 1, lines);
        return;
      }
      case 'ForStatement': {
        const range = this.#rangeLoop(node);
        if (range !== null) {
          lines.push(`${pad}for ${range}:`);
          this.#block(node.body, indent + 1, lines);
          return;
        }
        // Any other for loop: its init, then a while loop that runs the update after the body. A continue
        // would skip that update, so a loop with one is not translated.
        if (hasOwnContinue(node.body))
          throw new Untranslatable('a for loop with continue, other than for (let i = a; i < b; i++)');
        if (node.init?.type === 'VariableDeclaration') this.#statement(node.init, indent, lines);
        else if (node.init) this.#expressionStatement(node.init, indent, lines);
        lines.push(`${pad}while ${node.test ? this.#expression(node.test) : 'True'}:`);
        this.#block(node.body, indent + 1, lines);
        const update = node.update;
        const updates = !update ? [] : update.type === 'SequenceExpression' ? update.expressions : [update];
        for (const step of updates) this.#expressionStatement(step, indent + 1, lines);
        return;
      }
      case 'WhileStatement':
        lines.push(`${pad}while ${this.#expression(node.test)}:`);
        this.#block(node.body, indent + 1, lines);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        if (node.label) throw new Untranslatable('labelled break or continue');
        lines.push(`${pad}${node.type === 'BreakStatement' ? 'break' : 'continue'}`);
        return;
      case 'ThrowStatement': {
        const argument = node.argument;
        if (
          argument.type === 'NewExpression' &&
          argument.callee.type === 'Identifier' &&
          argument.callee.name === 'Error'
        ) {
          lines.push(
            `${pad}raise Exception(${argument.arguments.map((a) => this.#expression(a as Expression)).join(', ')})`,
          );
        } else {
          lines.push(`${pad}raise Exception(${this.#expression(argument)})`);
        }
        return;
      }
      case 'TryStatement': {
        lines.push(`${pad}try:`);
        this.#block(node.block, indent + 1, lines);
        if (node.handler) {
          const parameter = node.handler.param;
          if (parameter && parameter.type !== 'Identifier') throw new Untranslatable('a destructured catch parameter');
          const name = parameter ? this.#name(parameter.name) : null;
          lines.push(`${pad}except Exception${name ? ` as ${name}` : ''}:`);
          if (parameter) this.#scope.errors.add(parameter.name);
          this.#block(node.handler.body, indent + 1, lines);
        }
        if (node.finalizer) {
          lines.push(`${pad}finally:`);
          this.#block(node.finalizer, indent + 1, lines);
        }
        return;
      }
      case 'BlockStatement':
        this.#block(node, indent, lines);
        return;
      case 'EmptyStatement':
        return;
      default:
        throw new Untranslatable(`${describe(node.type)} has no translation`);
    }
  }

  #expressionStatement(expression: Expression, indent: number, lines: string[]): void {
    const pad = '    '.repeat(indent);
    const inner = expression.type === 'AwaitExpression' ? expression.argument : expression;
    if (inner.type === 'AssignmentExpression') {
      const target = this.#target(inner.left as Pattern);
      const value = this.#expression(inner.right);
      if (inner.operator === '%=') {
        this.helpers.add('js_rem');
        lines.push(`${pad}${target} = js_rem(${target}, ${value})`);
      } else if (['=', '+=', '-=', '*=', '/=', '**=', '|=', '&=', '^='].includes(inner.operator)) {
        lines.push(`${pad}${target} ${inner.operator} ${value}`);
      } else {
        throw new Untranslatable(`the ${inner.operator} operator`);
      }
      return;
    }
    if (inner.type === 'UpdateExpression') {
      lines.push(`${pad}${this.#target(inner.argument as Pattern)} ${inner.operator === '++' ? '+=' : '-='} 1`);
      return;
    }
    if (inner.type === 'YieldExpression') {
      const yielded = inner.argument ? ` ${this.#expression(inner.argument)}` : '';
      lines.push(`${pad}${inner.delegate ? `yield from${yielded}` : `yield${yielded}`}`);
      return;
    }
    // sc.faults.inject({...}): Kindling only, and skipped where it does not exist.
    if (isCallTo(inner, ['sc', 'faults', 'inject'])) {
      this.usesFaults = true;
      const line = expression.loc!.start.line;
      this.flagged.push({ line, reason: 'fault injection exists only on Kindling', kind: 'kindling-only' });
      lines.push(`${pad}if hasattr(sc, "faults"):  # Kindling: fault injection, which a cluster does not have`);
      lines.push(`${pad}    ${this.#expression(inner)}`);
      return;
    }
    lines.push(`${pad}${this.#expression(inner)}`);
  }

  /** `for (let i = a; i < b; i++)` as `i in range(a, b)`; null for any other `for`. */
  #rangeLoop(node: acorn.ForStatement): string | null {
    const init = node.init;
    const test = node.test;
    const update = node.update;
    if (
      init?.type === 'VariableDeclaration' &&
      init.declarations.length === 1 &&
      init.declarations[0].id.type === 'Identifier' &&
      init.declarations[0].init &&
      test?.type === 'BinaryExpression' &&
      (test.operator === '<' || test.operator === '<=') &&
      test.left.type === 'Identifier' &&
      test.left.name === init.declarations[0].id.name &&
      update?.type === 'UpdateExpression' &&
      update.operator === '++' &&
      update.argument.type === 'Identifier' &&
      update.argument.name === test.left.name
    ) {
      const name = this.#name(test.left.name);
      const start = this.#expression(init.declarations[0].init);
      const end = this.#expression(test.right, PRECEDENCE.additive);
      const bound = test.operator === '<=' ? `${end} + 1` : end;
      return start === '0' ? `${name} in range(${bound})` : `${name} in range(${start}, ${bound})`;
    }
    return null;
  }

  /** Writes `def name(params):` and its body into `lines`. */
  #def(
    name: string,
    fn: acorn.ArrowFunctionExpression | acorn.FunctionExpression | acorn.FunctionDeclaration,
    indent: number,
    lines: string[],
  ): void {
    const pad = '    '.repeat(indent);
    if (fn.async) throw new Untranslatable('an async function inside the program');
    const scope: Scope = { renames: new Map(), rdds: new Set(this.#scope.rdds), errors: new Set() };
    const parameters: string[] = [];
    const unpack: string[] = [];
    for (const [i, parameter] of fn.params.entries()) {
      if (parameter.type === 'Identifier') {
        parameters.push(this.#name(parameter.name));
      } else if (parameter.type === 'ArrayPattern') {
        const name = this.#fresh(i === 0 ? 'pair' : `pair${i + 1}`);
        parameters.push(name);
        unpack.push(`${this.#target(parameter)} = ${name}`);
      } else {
        throw new Untranslatable('a default, rest or object parameter');
      }
    }
    lines.push(`${pad}def ${name}(${parameters.join(', ')}):`);
    this.#scopes.push(scope);
    try {
      const inner = '    '.repeat(indent + 1);
      for (const line of unpack) lines.push(inner + line);
      if (fn.body.type === 'BlockStatement') this.#block(fn.body, indent + 1, lines);
      else lines.push(`${inner}return ${this.#expression(fn.body)}`);
    } finally {
      this.#scopes.pop();
    }
  }

  // --- expressions ---------------------------------------------------------

  get #scope(): Scope {
    return this.#scopes[this.#scopes.length - 1];
  }

  #expression(node: Expression | acorn.SpreadElement | acorn.PrivateIdentifier | acorn.Super, context = 0): string {
    const [text, precedence] = this.#expressionWithPrecedence(node);
    return precedence < context ? `(${text})` : text;
  }

  #expressionWithPrecedence(node: Node): [string, number] {
    const named = this.#standIns.get(node);
    if (named !== undefined) return [named, PRECEDENCE.atom];
    switch (node.type) {
      case 'Literal':
        return [this.#literal(node), PRECEDENCE.atom];
      case 'Identifier':
        return [this.#identifier(node.name), PRECEDENCE.atom];
      case 'TemplateLiteral':
        return [this.#template(node), PRECEDENCE.atom];
      case 'ArrayExpression': {
        const list = this.#list(node);
        // Pairs are tuples in PySpark.
        return [node.elements.length === 2 ? `(${list.slice(1, -1)})` : list, PRECEDENCE.atom];
      }
      case 'ObjectExpression':
        return [this.#object(node), PRECEDENCE.atom];
      case 'AwaitExpression':
        return this.#expressionWithPrecedence(node.argument);
      case 'ParenthesizedExpression':
        return this.#expressionWithPrecedence(node.expression);
      case 'UnaryExpression': {
        if (node.operator === '!') return [`not ${this.#expression(node.argument, PRECEDENCE.not)}`, PRECEDENCE.not];
        if (node.operator === '-' || node.operator === '+' || node.operator === '~') {
          return [`${node.operator}${this.#expression(node.argument, PRECEDENCE.unary)}`, PRECEDENCE.unary];
        }
        throw new Untranslatable(`the ${node.operator} operator`);
      }
      case 'BinaryExpression':
        return this.#binary(node);
      case 'LogicalExpression': {
        if (node.operator === '??') {
          // JavaScript's null and undefined are Python's None; the left side is evaluated once.
          const name = this.#fresh('value');
          const left = this.#lenient(() => this.#expression(node.left));
          return [
            `${name} if (${name} := ${left}) is not None else ${this.#expression(node.right, PRECEDENCE.conditional)}`,
            PRECEDENCE.conditional,
          ];
        }
        const [op, precedence] = node.operator === '&&' ? ['and', PRECEDENCE.and] : ['or', PRECEDENCE.or];
        return [
          `${this.#expression(node.left, precedence)} ${op} ${this.#expression(node.right, precedence + 1)}`,
          precedence,
        ];
      }
      case 'ConditionalExpression':
        return [
          `${this.#expression(node.consequent, PRECEDENCE.or)} if ${this.#expression(node.test, PRECEDENCE.or)} else ${this.#expression(node.alternate, PRECEDENCE.conditional)}`,
          PRECEDENCE.conditional,
        ];
      case 'UpdateExpression': {
        // i++ inside an expression: Python's assignment expression, then the old value.
        if (node.argument.type !== 'Identifier') throw new Untranslatable('++ or -- on a property');
        const name = this.#identifier(node.argument.name);
        const step = node.operator === '++' ? '+' : '-';
        const assign = `(${name} := ${name} ${step} 1)`;
        return node.prefix
          ? [assign, PRECEDENCE.atom]
          : [`${assign} ${step === '+' ? '-' : '+'} 1`, PRECEDENCE.additive];
      }
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.#function(node);
      case 'ChainExpression':
        return this.#chain(node.expression);
      case 'MemberExpression':
        return [this.#member(node), PRECEDENCE.atom];
      case 'CallExpression':
        return [this.#call(node), PRECEDENCE.atom];
      case 'NewExpression':
        return [this.#new(node), PRECEDENCE.atom];
      default:
        throw new Untranslatable(`${describe(node.type)} has no translation`);
    }
  }

  #list(node: acorn.ArrayExpression): string {
    const elements = node.elements.map((element) => {
      if (!element) throw new Untranslatable('an array with holes');
      return element.type === 'SpreadElement' ? `*${this.#expression(element.argument)}` : this.#expression(element);
    });
    return `[${elements.join(', ')}]`;
  }

  #literal(node: acorn.Literal): string {
    if ('regex' in node && node.regex) throw new Untranslatable('a regular expression outside split, replace or test');
    const value = node.value;
    if (typeof value === 'string') return pyString(value, this.#inFString > 0 ? "'" : '"');
    if (typeof value === 'number') return String(value);
    if (typeof value === 'boolean') return value ? 'True' : 'False';
    if (value === null) return 'None';
    throw new Untranslatable('a bigint literal');
  }

  #identifier(name: string): string {
    for (let i = this.#scopes.length - 1; i >= 0; i--) {
      const renamed = this.#scopes[i].renames.get(name);
      if (renamed) return renamed;
    }
    if (name === 'undefined') return 'None';
    if (name === 'NaN') return 'float("nan")';
    if (name === 'Infinity') return 'float("inf")';
    return this.#name(name);
  }

  /** A JavaScript name as a Python one (Python keywords and builtins get a trailing underscore). */
  #name(name: string): string {
    const python = PYTHON_KEYWORDS.has(name) ? `${name}_` : name;
    this.#usedNames.add(python);
    return python;
  }

  #fresh(base: string): string {
    let name = base;
    for (let i = 2; this.#usedNames.has(name) || /[^\w]/.test(name); i++) name = `${base}_${i}`;
    this.#usedNames.add(name);
    return name;
  }

  #template(node: acorn.TemplateLiteral): string {
    const quote = this.#inFString > 0 ? "'" : '"';
    let text = '';
    this.#inFString += 1;
    try {
      for (const [i, quasi] of node.quasis.entries()) {
        text += escapeForString(quasi.value.cooked ?? '', quote)
          .replaceAll('{', '{{')
          .replaceAll('}', '}}');
        if (i < node.expressions.length) {
          this.helpers.add('js_str');
          text += `{js_str(${this.#expression(node.expressions[i])})}`;
        }
      }
    } finally {
      this.#inFString -= 1;
    }
    return node.expressions.length === 0
      ? `${quote}${text.replaceAll('{{', '{').replaceAll('}}', '}')}${quote}`
      : `f${quote}${text}${quote}`;
  }

  #object(node: acorn.ObjectExpression): string {
    const entries = node.properties.map((property) => {
      if (property.type !== 'Property' || property.kind !== 'init' || property.method) {
        throw new Untranslatable('an object with spread, methods or accessors');
      }
      let key: string;
      if (property.computed) key = this.#expression(property.key as Expression);
      else if (property.key.type === 'Identifier') key = pyString(property.key.name, this.#inFString > 0 ? "'" : '"');
      else key = this.#expression(property.key as Expression);
      return `${key}: ${this.#expression(property.value as Expression)}`;
    });
    return `{${entries.join(', ')}}`;
  }

  #binary(node: acorn.BinaryExpression): [string, number] {
    if (node.left.type === 'PrivateIdentifier') throw new Untranslatable('a private field');
    if (node.operator === '%') {
      this.helpers.add('js_rem');
      return [`js_rem(${this.#expression(node.left)}, ${this.#expression(node.right)})`, PRECEDENCE.atom];
    }
    const known = BINARY[node.operator];
    if (!known) throw new Untranslatable(`the ${node.operator} operator`);
    const [op, precedence] = known;
    let left = this.#expression(node.left, precedence);
    let right = this.#expression(node.right, precedence + 1);
    if (op === '+' && (isStringy(node.left) || isStringy(node.right))) {
      // JavaScript's + turns the other side into a string; Python's refuses.
      this.helpers.add('js_str');
      if (!isStringy(node.left)) left = `js_str(${this.#expression(node.left)})`;
      if (!isStringy(node.right)) right = `js_str(${this.#expression(node.right)})`;
    }
    return [`${left} ${op} ${right}`, precedence];
  }

  #function(node: acorn.ArrowFunctionExpression | acorn.FunctionExpression): [string, number] {
    const simple = node.params.every((parameter) => parameter.type === 'Identifier');
    if (simple && node.body.type !== 'BlockStatement' && !node.async) {
      const scope: Scope = { renames: new Map(), rdds: new Set(this.#scope.rdds), errors: new Set() };
      this.#scopes.push(scope);
      try {
        const parameters = node.params.map((parameter) => this.#name((parameter as acorn.Identifier).name));
        const body = this.#expression(node.body, PRECEDENCE.lambda);
        return [`lambda${parameters.length ? ` ${parameters.join(', ')}` : ''}: ${body}`, PRECEDENCE.lambda];
      } finally {
        this.#scopes.pop();
      }
    }
    // A block body or destructured parameters: a def written before the statement.
    const pending = this.#pending[this.#pending.length - 1];
    if (!pending) throw new Untranslatable('a function outside a statement');
    const name = this.#fresh(node.type === 'FunctionExpression' && node.id ? node.id.name : 'fn');
    const lines: string[] = [];
    this.#pending.push([]);
    try {
      this.#def(name, node, 0, lines);
    } finally {
      const inner = this.#pending.pop()!;
      pending.push(...inner);
    }
    pending.push(lines.join('\n'));
    return [name, PRECEDENCE.atom];
  }

  /**
   * An optional chain (`a?.b`, `m.get(k)?.length`, `f?.()`): its outermost `?.` link's object is evaluated
   * once into a name, and the chain is None when that is None, as JavaScript's is undefined. Links inside
   * that object are chains of their own, translated the same way.
   */
  #chain(node: Expression): [string, number] {
    let link: Node = node;
    let optional: acorn.MemberExpression | acorn.CallExpression | null = null;
    while (link.type === 'MemberExpression' || link.type === 'CallExpression') {
      if (link.optional) {
        optional = link;
        break;
      }
      link = link.type === 'MemberExpression' ? link.object : link.callee;
    }
    if (!optional) return this.#expressionWithPrecedence(node);
    const object = (optional.type === 'MemberExpression' ? optional.object : optional.callee) as Expression;
    const name = this.#fresh('value');
    const objectText = this.#chain(object)[0];
    this.#standIns.set(object, name);
    try {
      const rest = this.#lenient(() => this.#expression(node, PRECEDENCE.conditional));
      return [`None if (${name} := ${objectText}) is None else ${rest}`, PRECEDENCE.conditional];
    } finally {
      this.#standIns.delete(object);
    }
  }

  #lenient<T>(translate: () => T): T {
    this.#lenientDepth += 1;
    try {
      return translate();
    } finally {
      this.#lenientDepth -= 1;
    }
  }

  #member(node: acorn.MemberExpression): string {
    if (node.object.type === 'Super') throw new Untranslatable('super');
    if (node.optional && !this.#standIns.has(node.object)) throw new Untranslatable('optional chaining');
    const object = this.#expression(node.object, PRECEDENCE.atom);
    if (node.computed) return `${object}[${this.#expression(node.property as Expression)}]`;
    const property = (node.property as acorn.Identifier).name;
    if (property === 'length') return `len(${this.#expression(node.object)})`;
    if (property === 'message' && node.object.type === 'Identifier' && this.#isError(node.object.name)) {
      return `str(${object})`;
    }
    if (node.object.type === 'Identifier' && node.object.name === 'Math') {
      const constants: Record<string, string> = { PI: 'math.pi', E: 'math.e' };
      if (constants[property]) {
        this.imports.add('math');
        return constants[property];
      }
      throw new Untranslatable(`Math.${property}`);
    }
    if (!this.#keepsAttribute(node.object, property)) {
      // An object literal is a dict in Python (plain, so it pickles anywhere, broadcasts included).
      const key = pyString(property, this.#inFString > 0 ? "'" : '"');
      // Where JavaScript's missing key (undefined) is expected — the rest of an optional chain, the left of
      // ?? — read it as None; elsewhere a missing key is a KeyError, as the program's own mistake.
      return this.#lenientDepth > 0 ? `${object}.get(${key})` : `${object}[${key}]`;
    }
    return `${object}.${property}`;
  }

  /** Property reads that are Spark API attributes keep their dot; any other is a read of an object literal's key. */
  #keepsAttribute(object: Expression | acorn.Super, property: string): boolean {
    if (API_ATTRIBUTES.has(property)) return true;
    if (object.type === 'Identifier') {
      return ['sc', 'StorageLevel', 'TaskContext', 'spark'].includes(object.name) || this.#isRdd(object);
    }
    return false;
  }

  #isError(name: string): boolean {
    return this.#scopes.some((scope) => scope.errors.has(name));
  }

  #new(node: acorn.NewExpression): string {
    const callee = node.callee.type === 'Identifier' ? node.callee.name : '';
    const args = node.arguments.map((argument) => this.#expression(argument as Expression));
    switch (callee) {
      case 'HashPartitioner':
        // PySpark's partitionBy takes the partition count and hashes with portable_hash.
        return args[0];
      case 'Error':
        return `Exception(${args.join(', ')})`;
      case 'Map':
        if (args.length === 0) return '{}';
        return `dict(${args[0]})`;
      case 'Set':
        return args.length === 0 ? 'set()' : `set(${args[0]})`;
      default:
        throw new Untranslatable(`new ${callee || 'expression'}`);
    }
  }

  #call(node: acorn.CallExpression): string {
    if (node.optional && !this.#standIns.has(node.callee)) throw new Untranslatable('optional chaining');
    const args = node.arguments;
    const callee = node.callee;
    const standIn = this.#standIns.get(callee);
    if (standIn !== undefined)
      return `${standIn}(${args.map((argument) => this.#expression(argument as Expression)).join(', ')})`;
    // An array literal passed to a call is a list of elements (`sc.parallelize(["a", "b"])`), never a pair.
    const translated = () =>
      args.map((argument) =>
        argument.type === 'ArrayExpression' ? this.#list(argument) : this.#expression(argument as Expression),
      );
    if (callee.type === 'Identifier') {
      const name = callee.name;
      if (name === 'Number' || name === 'parseFloat') return `float(${translated().join(', ')})`;
      if (name === 'parseInt') return `int(${translated()[0]})`;
      if (name === 'String') {
        this.helpers.add('js_str');
        return `js_str(${translated()[0]})`;
      }
      return `${this.#identifier(name)}(${translated().join(', ')})`;
    }
    if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type === 'Super') {
      return `${this.#expression(callee as Expression, PRECEDENCE.atom)}(${translated().join(', ')})`;
    }
    const method = (callee.property as acorn.Identifier).name;
    const object = callee.object;
    const receiver = () => this.#expression(object, PRECEDENCE.atom);

    if (object.type === 'Identifier') {
      switch (object.name) {
        case 'console':
          if (['log', 'info', 'warn', 'error'].includes(method)) {
            if (args[0]?.type === 'Literal' && typeof args[0].value === 'string' && args[0].value.includes('%')) {
              throw new Untranslatable("console.log's % substitutions");
            }
            this.helpers.add('js_print');
            return `js_print(${translated().join(', ')})`;
          }
          break;
        case 'Math':
          if (method === 'round') {
            this.imports.add('math');
            return `math.floor(${this.#expression(args[0] as Expression, PRECEDENCE.additive)} + 0.5)`;
          }
          if (method === 'random') {
            this.imports.add('random');
            return 'random.random()';
          }
          if (MATH_FUNCTIONS[method]) {
            if (MATH_FUNCTIONS[method].startsWith('math.')) this.imports.add('math');
            return `${MATH_FUNCTIONS[method]}(${translated().join(', ')})`;
          }
          throw new Untranslatable(`Math.${method}`);
        case 'Array':
          if (method === 'from') return this.#arrayFrom(node);
          if (method === 'isArray') return `isinstance(${translated()[0]}, (list, tuple))`;
          break;
        case 'Object':
          if (method === 'keys') return `list(${translated()[0]}.keys())`;
          if (method === 'values') return `list(${translated()[0]}.values())`;
          if (method === 'entries') return `list(${translated()[0]}.items())`;
          break;
        case 'JSON':
          if (method === 'stringify') {
            this.imports.add('json');
            return `json.dumps(${translated()[0]}, separators=(",", ":"))`;
          }
          break;
        case 'sc':
          return this.#contextCall(method, translated(), node);
      }
    }

    if (this.#isRdd(object)) return this.#rddCall(receiver(), method, node);
    return this.#valueCall(object, method, node);
  }

  #contextCall(method: string, args: string[], node: acorn.CallExpression): string {
    switch (method) {
      case 'longAccumulator':
        return 'sc.accumulator(0)';
      case 'doubleAccumulator':
        return 'sc.accumulator(0.0)';
      case 'killExecutor':
        this.usesFaults = true;
        this.flagged.push({
          line: node.loc!.start.line,
          reason: 'killExecutor is Kindling only (on a cluster, the cluster manager decides)',
          kind: 'kindling-only',
        });
        this.#notes[this.#notes.length - 1]?.push('killExecutor exists only on Kindling');
        return `sc.killExecutor(${args.join(', ')})`;
      default:
        return `sc.${method}(${args.join(', ')})`;
    }
  }

  #rddCall(receiver: string, method: string, node: acorn.CallExpression): string {
    const args = node.arguments.map((argument) =>
      argument.type === 'ArrayExpression' ? this.#list(argument) : this.#expression(argument as Expression),
    );
    if (KEY_FUNCTION_ACTIONS.has(method) && args.length === 2)
      return `${receiver}.${method}(${args[0]}, key=${args[1]})`;
    if (method === 'toDebugString') return `${receiver}.toDebugString().decode()`;
    if (method === 'persist' && args.length === 0) return `${receiver}.persist()`;
    return `${receiver}.${method}(${args.join(', ')})`;
  }

  /** A method on a driver-side value: a string, an array, a Map, a broadcast or accumulator. */
  #valueCall(object: Expression | acorn.Super, method: string, node: acorn.CallExpression): string {
    const args = node.arguments as Expression[];
    const receiver = this.#expression(object as Expression, PRECEDENCE.atom);
    const arg = (i: number, context = 0) => this.#expression(args[i], context);
    const regex = (i: number): string | null => {
      const node = args[i];
      if (node?.type === 'Literal' && 'regex' in node && node.regex) {
        if (node.regex.flags.replace('g', '') !== '')
          throw new Untranslatable(`a /${node.regex.flags} regular expression`);
        this.imports.add('re');
        return `r${pyString(node.regex.pattern, '"')}`;
      }
      return null;
    };
    switch (method) {
      case 'toLowerCase':
        return `${receiver}.lower()`;
      case 'toUpperCase':
        return `${receiver}.upper()`;
      case 'trim':
        return `${receiver}.strip()`;
      case 'startsWith':
        return `${receiver}.startswith(${arg(0)})`;
      case 'endsWith':
        return `${receiver}.endswith(${arg(0)})`;
      case 'split': {
        const pattern = regex(0);
        if (pattern) return `re.split(${pattern}, ${this.#expression(object as Expression)})`;
        if (args.length === 0) return `[${this.#expression(object as Expression)}]`;
        if (args[0].type === 'Literal' && args[0].value === '')
          return `list(${this.#expression(object as Expression)})`;
        return `${receiver}.split(${arg(0)})`;
      }
      case 'replace':
      case 'replaceAll': {
        const pattern = regex(0);
        const global = args[0]?.type === 'Literal' && 'regex' in args[0] && args[0].regex?.flags.includes('g');
        if (pattern) {
          return `re.sub(${pattern}, ${arg(1)}, ${this.#expression(object as Expression)}${global || method === 'replaceAll' ? '' : ', count=1'})`;
        }
        return `${receiver}.replace(${arg(0)}, ${arg(1)}${method === 'replace' ? ', 1' : ''})`;
      }
      case 'test': {
        const pattern = this.#regexObject(object);
        return `(re.search(${pattern}, ${arg(0)}) is not None)`;
      }
      case 'includes':
        return `${arg(0, PRECEDENCE.comparison + 1)} in ${receiver}`;
      case 'join': {
        this.helpers.add('js_str');
        const separator = args.length === 0 ? '","' : arg(0);
        return `${separator}.join(js_str(item) for item in ${receiver})`;
      }
      case 'slice':
        if (args.length === 0) return `${receiver}[:]`;
        return `${receiver}[${arg(0)}:${args.length > 1 ? arg(1) : ''}]`;
      case 'push':
        if (args.length !== 1) throw new Untranslatable('push of several values');
        return `${receiver}.append(${arg(0)})`;
      case 'sort':
        this.helpers.add('js_sort');
        return `js_sort(${this.#expression(object as Expression)}${args.length ? `, ${arg(0)}` : ''})`;
      case 'reverse':
        return `${receiver}.reverse()`;
      case 'concat':
        return `[*${receiver}, ${args.map((_, i) => `*${arg(i)}`).join(', ')}]`;
      case 'map':
      case 'filter':
      case 'flatMap':
      case 'forEach':
      case 'some':
      case 'every':
        return this.#arrayLoop(receiver, method, args);
      case 'reduce':
        this.imports.add('functools');
        return args.length > 1
          ? `functools.reduce(${arg(0)}, ${receiver}, ${arg(1)})`
          : `functools.reduce(${arg(0)}, ${receiver})`;
      case 'get':
        if (args.length === 1) return `${receiver}.get(${arg(0)})`;
        break;
      case 'has':
        return `${arg(0, PRECEDENCE.comparison + 1)} in ${receiver}`;
      case 'set':
        throw new Untranslatable('Map.set in an expression');
      case 'toString':
        this.helpers.add('js_str');
        return `js_str(${this.#expression(object as Expression)})`;
      case 'toFixed':
        return `f"{${this.#expression(object as Expression)}:.${args.length ? arg(0) : '0'}f}"`;
      case 'padStart':
      case 'padEnd': {
        this.helpers.add('js_pad');
        const [length, fill] = [args.length > 0 ? arg(0) : '0', args.length > 1 ? arg(1) : '" "'];
        return `js_pad(${this.#expression(object as Expression)}, ${length}, ${fill}, ${method === 'padStart' ? 'True' : 'False'})`;
      }
      case 'indexOf':
      case 'lastIndexOf':
      case 'charAt':
      case 'substring': {
        // Each has a helper with JavaScript's rules (a missing value is -1, a fill is cut to fit, …).
        const helper = `js_${method.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
        this.helpers.add(helper);
        return `${helper}(${[this.#expression(object as Expression), ...args.map((_, i) => arg(i))].join(', ')})`;
      }
      case 'find':
      case 'findIndex': {
        if (args.length !== 1) throw new Untranslatable(`${method} with ${args.length} arguments`);
        const test = this.#expression(args[0], PRECEDENCE.atom);
        return method === 'find'
          ? `next((item for item in ${receiver} if ${test}(item)), None)`
          : `next((i for i, item in enumerate(${receiver}) if ${test}(item)), -1)`;
      }
    }
    // Anything else keeps its name: broadcast.value, accumulator.add, TaskContext's methods, a program's own objects.
    return `${receiver}.${method}(${args.map((_, i) => arg(i)).join(', ')})`;
  }

  #regexObject(node: Expression | acorn.Super): string {
    if (node.type === 'Literal' && 'regex' in node && node.regex) {
      this.imports.add('re');
      return `r${pyString(node.regex.pattern, '"')}`;
    }
    throw new Untranslatable('test on something other than a regular expression literal');
  }

  /** An array's `map`/`filter`/`flatMap`/`forEach`/`some`/`every` with a function: a comprehension over it. */
  #arrayLoop(receiver: string, method: string, args: Expression[]): string {
    const fn = args[0];
    if (args.length !== 1 || !fn) throw new Untranslatable(`${method} with ${args.length} arguments`);
    const apply = this.#expression(fn, PRECEDENCE.atom);
    const call = (item: string) => `${apply}(${item})`;
    switch (method) {
      case 'map':
        return `[${call('item')} for item in ${receiver}]`;
      case 'filter':
        return `[item for item in ${receiver} if ${call('item')}]`;
      case 'flatMap':
        return `[out for item in ${receiver} for out in ${call('item')}]`;
      case 'some':
        return `any(${call('item')} for item in ${receiver})`;
      case 'every':
        return `all(${call('item')} for item in ${receiver})`;
      default:
        // forEach: run for the effects; the list it builds is thrown away.
        return `[${call('item')} for item in ${receiver}] and None`;
    }
  }

  /** `Array.from({ length: n }, (_, i) => …)` as a list comprehension; `Array.from(x)` as `list(x)`. */
  #arrayFrom(node: acorn.CallExpression): string {
    const [source, mapper] = node.arguments as Expression[];
    let count: string | null = null;
    if (source?.type === 'ObjectExpression' && source.properties.length === 1) {
      const property = source.properties[0];
      if (property.type === 'Property' && property.key.type === 'Identifier' && property.key.name === 'length') {
        count = this.#expression(property.value as Expression);
      }
    }
    if (count === null) {
      const list = `list(${this.#expression(source)})`;
      return mapper ? `[${this.#expression(mapper, PRECEDENCE.atom)}(item) for item in ${list}]` : list;
    }
    if (!mapper) return `[None] * ${count}`;
    if (
      (mapper.type === 'ArrowFunctionExpression' || mapper.type === 'FunctionExpression') &&
      mapper.body.type !== 'BlockStatement' &&
      mapper.params.every((parameter) => parameter.type === 'Identifier')
    ) {
      const [, index] = mapper.params as acorn.Identifier[];
      const scope: Scope = { renames: new Map(), rdds: new Set(this.#scope.rdds), errors: new Set() };
      this.#scopes.push(scope);
      try {
        const name = index ? this.#name(index.name) : '_';
        const first = (mapper.params[0] as acorn.Identifier | undefined)?.name;
        if (first && first !== '_') scope.renames.set(first, 'None');
        return `[${this.#expression(mapper.body, PRECEDENCE.conditional)} for ${name} in range(${count})]`;
      } finally {
        this.#scopes.pop();
      }
    }
    return `[${this.#expression(mapper, PRECEDENCE.atom)}(None, i) for i in range(${count})]`;
  }

  /** An assignment target: a name, a property, or an array pattern (`a, b`; `_` for a hole). */
  #target(pattern: Pattern): string {
    switch (pattern.type) {
      case 'Identifier':
        return this.#identifier(pattern.name);
      case 'ArrayPattern': {
        const names = pattern.elements.map((element) => (element ? this.#target(element) : '_'));
        // A one-element pattern takes the first element of a longer tuple.
        return names.length === 1 ? `${names[0]}, *_` : names.map((n) => (n.includes(',') ? `(${n})` : n)).join(', ');
      }
      case 'MemberExpression':
        return this.#member(pattern);
      default:
        throw new Untranslatable(`${describe(pattern.type)} as a target`);
    }
  }

  /** Whether `node` is an RDD (or the SparkContext making one), so its methods are RDD methods. */
  #isRdd(node: Node): boolean {
    if (node.type === 'AwaitExpression') return false;
    if (node.type === 'Identifier')
      return this.#scopes.some((scope) => scope.rdds.has(node.name)) && node.name !== 'sc';
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
    const method = node.callee.property.type === 'Identifier' ? node.callee.property.name : '';
    const object = node.callee.object;
    if (object.type === 'Identifier' && object.name === 'sc') return CONTEXT_RDD_METHODS.has(method);
    return RDD_TRANSFORMATIONS.has(method) && this.#isRdd(object);
  }
}

/** Whether a loop body has a `continue` of its own (not one inside a nested loop or function). */
function hasOwnContinue(node: Node): boolean {
  let found = false;
  const visit = (current: unknown): void => {
    if (found || !current || typeof current !== 'object') return;
    if (Array.isArray(current)) {
      current.forEach(visit);
      return;
    }
    const type = (current as { type?: unknown }).type;
    if (typeof type !== 'string') return;
    if (type === 'ContinueStatement') {
      found = true;
      return;
    }
    if (/^(For|ForIn|ForOf|While|DoWhile)Statement$|Function/.test(type)) return;
    for (const [key, value] of Object.entries(current)) if (key !== 'loc') visit(value);
  };
  visit(node);
  return found;
}

function isCallTo(node: Node, path: string[]): boolean {
  if (node.type !== 'CallExpression') return false;
  let current: Node = node.callee;
  for (let i = path.length - 1; i > 0; i--) {
    if (current.type !== 'MemberExpression' || current.property.type !== 'Identifier') return false;
    if (current.property.name !== path[i]) return false;
    current = current.object;
  }
  return current.type === 'Identifier' && current.name === path[0];
}

function isStringy(node: Node): boolean {
  return (node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateLiteral';
}

function describe(type: string): string {
  return `a ${type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
}

function escapeForString(text: string, quote: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** A Python string literal. */
function pyString(text: string, quote = '"'): string {
  return `${quote}${escapeForString(text, quote)}${quote}`;
}
