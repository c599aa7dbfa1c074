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
  /**
   * `untranslated`: kept as a comment; `kindling-only`: runs only on Kindling; `unsure`: translated, but on a
   * value the export cannot tell is Spark's object or a plain one (read it before running).
   */
  kind: 'untranslated' | 'kindling-only' | 'unsure';
}

export interface PySparkExport {
  source: string;
  flagged: FlaggedLine[];
  /** The RDD methods the program calls (actions and transformations), sorted: what PySpark runs as RDD code. */
  rddMethods: string[];
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
  // Each pass learns what the program's own functions take and return (Hints) for the next, so a function is
  // translated knowing its callers, even those after it. Each function a value passes through takes a pass
  // or two more; a pass takes milliseconds, so up to 12 run, and the last is kept if they never settle.
  let translator = new Translator(javascript, comments);
  translator.program(program);
  for (let pass = 1; pass < 12; pass++) {
    const next = new Translator(javascript, comments, translator.learnt);
    next.program(program);
    const settled = sameHints(translator.learnt, next.learnt);
    translator = next;
    if (settled) break;
  }

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
  const sql = translator.sqlNames;
  // A program that uses only F or Window still runs in a session: PySpark's functions need one.
  const usesSql = sql.size > 0;
  if (usesSql) sql.add('spark');
  for (const name of Object.keys(SQL_IMPORTS)) if (sql.has(name)) imports.push(SQL_IMPORTS[name]);
  const types = [...sql].filter((name) => SQL_TYPE_NAMES.has(name)).sort();
  if (types.length) imports.push(`from pyspark.sql.types import ${types.join(', ')}`);
  const parts = [header.join('\n'), imports.join('\n')];
  const helpers = helperSource(translator.helpers);
  if (helpers) {
    parts.push(`# JavaScript's meaning, kept where Python's differs.\n${helpers}`);
  }
  parts.push(
    `sc = SparkContext.getOrCreate(SparkConf().setAppName(${pyString(appName)}))` +
      (usesSql ? '\n# The session over sc: DataFrames and Spark SQL.\nspark = SparkSession.builder.getOrCreate()' : ''),
  );
  return {
    source: `${parts.join('\n\n\n')}\n\n${translator.output.join('\n')}\n`,
    flagged: translator.flagged,
    rddMethods: [...translator.rddMethods].sort(),
  };
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

/**
 * What a value is, as far as the export must know to spell its calls: Spark's
 * objects (whose methods keep their names, with PySpark's spellings where they
 * differ) against everything else (arrays, strings, object literals, whose
 * methods become Python's). `instance:Name` is an object of the program's own
 * class `Name`, `class:Name` that class itself (its static methods).
 */
type Kind =
  | 'sc'
  | 'rdd'
  | 'session'
  | 'reader'
  | 'writer'
  | 'conf'
  | 'dataframe'
  | 'grouped'
  | 'column'
  | 'functions'
  | 'window'
  | `instance:${string}`
  | `class:${string}`
  // Sometimes Spark's object, sometimes not: callers disagree, or each branch of a condition gives another kind.
  | 'unknown';

/** The kinds whose calls are Spark SQL's (pyspark.sql). */
const SQL_KINDS = new Set<Kind>([
  'session',
  'reader',
  'writer',
  'conf',
  'dataframe',
  'grouped',
  'column',
  'functions',
  'window',
]);

/** DataFrame methods that give a DataFrame (the rest are actions or give other kinds, below). */
const DATAFRAME_TRANSFORMATIONS = new Set(
  (
    'select selectExpr filter where withColumn withColumns withColumnRenamed drop toDF distinct dropDuplicates ' +
    'drop_duplicates agg orderBy sort sortWithinPartitions limit join crossJoin union unionAll unionByName ' +
    'repartition coalesce hint alias cache persist unpersist'
  ).split(' '),
);

/** JavaScript's Column methods that are Python operators on PySpark's Column: [operator, precedence]. */
const COLUMN_OPERATORS: Record<string, [string, number]> = {
  plus: ['+', PRECEDENCE.additive],
  minus: ['-', PRECEDENCE.additive],
  multiply: ['*', PRECEDENCE.multiplicative],
  divide: ['/', PRECEDENCE.multiplicative],
  // A Column's % is Spark SQL's remainder (the dividend's sign, as JavaScript's), not Python's.
  mod: ['%', PRECEDENCE.multiplicative],
  equalTo: ['==', PRECEDENCE.comparison],
  notEqual: ['!=', PRECEDENCE.comparison],
  gt: ['>', PRECEDENCE.comparison],
  geq: ['>=', PRECEDENCE.comparison],
  lt: ['<', PRECEDENCE.comparison],
  leq: ['<=', PRECEDENCE.comparison],
  and: ['&', PRECEDENCE.bitAnd],
  or: ['|', PRECEDENCE.bitOr],
};

/** JavaScript's Column methods PySpark spells otherwise. */
const COLUMN_RENAMES: Record<string, string> = { startsWith: 'startswith', endsWith: 'endswith', as: 'alias' };

/** Reader and writer methods that take an options object last (PySpark: `.options(**…)` before the call). */
const OPTION_TAKERS = new Set(['csv', 'json', 'text', 'parquet', 'load', 'save']);

/** Spark SQL's names a JavaScript program has without importing them, and where PySpark keeps them. */
const SQL_IMPORTS: Record<string, string> = {
  spark: 'from pyspark.sql import SparkSession',
  F: 'from pyspark.sql import functions as F',
  Window: 'from pyspark.sql import Window',
  Row: 'from pyspark.sql import Row',
};
const SQL_TYPE_NAMES = new Set(
  'StructType StructField StringType IntegerType LongType DoubleType FloatType BooleanType DateType TimestampType ArrayType DecimalType ShortType ByteType'.split(
    ' ',
  ),
);

/**
 * What an earlier pass over the program learnt of its own functions: the kinds
 * its calls pass each parameter (a parameter takes a kind when every call
 * agrees) and the kind each returns, so `function counts(lines) { return
 * lines.map(…) }` called with an RDD is translated as RDD code, and what it
 * returns too.
 */
interface Hints {
  parameters: Map<string, (Kind | null)[]>;
  returns: Map<string, Kind | null>;
  /** Per class, its fields' kinds (from `this.x = …` in any method). */
  fields: Map<string, Map<string, Kind | null>>;
}

function sameHints(a: Hints, b: Hints): boolean {
  const plain = (hints: Hints) =>
    JSON.stringify([
      [...hints.parameters].sort(),
      [...hints.returns].sort(),
      [...hints.fields].map(([name, fields]) => [name, [...fields].sort()]).sort(),
    ]);
  return plain(a) === plain(b);
}

function emptyHints(): Hints {
  return { parameters: new Map(), returns: new Map(), fields: new Map() };
}

/** Merges a kind seen into one recorded: a disagreement (an RDD here, a list there) is `unknown`. */
function mergeKind(recorded: Kind | null | undefined, seen: Kind | null): Kind | null {
  return recorded === undefined || recorded === seen ? seen : 'unknown';
}

/** The kind of a value that is one of two (a condition's branches): `unknown` when they differ. */
function eitherKind(a: Kind | null, b: Kind | null): Kind | null {
  return a === b ? a : 'unknown';
}

interface Scope {
  /** A destructured parameter's element, by its name: the Python expression that reads it. */
  renames: Map<string, string>;
  /** Names bound to Spark's objects (RDDs, DataFrames, …) or the program's own class instances, and their kinds. */
  kinds: Map<string, Kind>;
  /** Names bound to a caught error (`e.message` reads `str(e)`). */
  errors: Set<string>;
}

class Translator {
  readonly output: string[] = [];
  readonly flagged: FlaggedLine[] = [];
  readonly helpers = new Set<string>();
  readonly imports = new Set<string>();
  readonly rddMethods = new Set<string>();
  usesFaults = false;

  readonly #source: string;
  readonly #comments: acorn.Comment[];
  #nextComment = 0;
  /** Defs to write before the statement being translated (one list per statement being translated). */
  #pending: string[][] = [];
  /** Notes for the first line of the statement being translated. */
  #notes: string[][] = [];
  #scopes: Scope[] = [
    {
      renames: new Map(),
      kinds: new Map<string, Kind>([
        ['sc', 'sc'],
        ['spark', 'session'],
        ['F', 'functions'],
        ['Window', 'window'],
      ]),
      errors: new Set(),
    },
  ];
  /** What an earlier pass learnt (read), and what this pass learns (written). */
  readonly #hints: Hints;
  readonly learnt: Hints = emptyHints();
  /** Spark SQL's names the program uses (for the imports and the session). */
  readonly sqlNames = new Set<string>();
  /** Every name the program declares itself (so a program's own `F` is not pyspark.sql.functions). */
  #declared = new Set<string>();
  /** The program's own classes, by name. */
  #classNames = new Set<string>();
  /** The class whose method is being translated (`this` is its instance), innermost last. */
  #classes: string[] = [];
  /** The kinds each function being translated returns, innermost last. */
  #returnKinds: (Kind | null)[][] = [];
  #usedNames = new Set<string>();
  #inFString = 0;
  /** Above 0 while translating where a missing object key reads as None (see #member). */
  #lenientDepth = 0;
  /** Expressions already evaluated into a name (an optional chain's object): written as that name. */
  #standIns = new Map<Node, string>();

  constructor(source: string, comments: acorn.Comment[], hints: Hints = emptyHints()) {
    this.#source = source;
    this.#comments = comments;
    this.#hints = hints;
  }

  program(program: acorn.Program): void {
    walk(program, (node) => {
      if (node.type === 'ClassDeclaration' && node.id) this.#classNames.add(node.id.name);
      if ((node.type === 'ClassDeclaration' || node.type === 'FunctionDeclaration') && node.id)
        this.#declared.add(node.id.name);
      if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') this.#declared.add(node.id.name);
    });
    for (const name of this.#declared) if (this.#scopes[0].kinds.get(name) !== 'sc') this.#scopes[0].kinds.delete(name);
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
            this.#def(this.#name(declaration.id.name), init, indent, lines, { key: declaration.id.name });
            continue;
          }
          if (declaration.id.type === 'Identifier') this.#bind(declaration.id.name, this.#kindOf(init));
          lines.push(`${pad}${this.#target(declaration.id)} = ${this.#expression(init)}`);
        }
        return;
      case 'ClassDeclaration':
        if (!node.id) throw new Untranslatable('an anonymous class');
        this.#class(node as acorn.ClassDeclaration, indent, lines);
        return;
      case 'FunctionDeclaration':
        if (!node.id) throw new Untranslatable('an anonymous function declaration');
        this.#def(this.#name(node.id.name), node as acorn.FunctionDeclaration, indent, lines, { key: node.id.name });
        return;
      case 'ExpressionStatement':
        this.#expressionStatement(node.expression, indent, lines);
        return;
      case 'ReturnStatement':
        this.#returnKinds.at(-1)?.push(node.argument ? this.#kindOf(node.argument) : null);
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
        // Any other for loop: its init, then a while loop that runs the update after the body.
        const update = node.update;
        const updates = !update ? [] : update.type === 'SequenceExpression' ? update.expressions : [update];
        const continues = hasOwnContinue(node.body);
        // A continue must still run the update: the body goes in a try whose finally runs it. The finally
        // also runs after a break, a return or an error, where JavaScript's loop skips the update, so this is
        // exact only when the update changes nothing but the loop's own let variables, unseen after the loop.
        if (continues && !updatesOnlyOwn(node)) {
          throw new Untranslatable('a for loop with continue whose update changes more than its own let variables');
        }
        if (node.init?.type === 'VariableDeclaration') this.#statement(node.init, indent, lines);
        else if (node.init) this.#expressionStatement(node.init, indent, lines);
        lines.push(`${pad}while ${node.test ? this.#expression(node.test) : 'True'}:`);
        if (continues) {
          lines.push(`${pad}    try:`);
          this.#block(node.body, indent + 2, lines);
          lines.push(`${pad}    finally:`);
          for (const step of updates) this.#expressionStatement(step, indent + 2, lines);
        } else {
          this.#block(node.body, indent + 1, lines);
          for (const step of updates) this.#expressionStatement(step, indent + 1, lines);
        }
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
      if (inner.operator === '=') this.#assigned(inner.left as Pattern, inner.right);
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

  /**
   * A class as a Python class: the constructor is `__init__` (its fields set first, as JavaScript sets them
   * before the constructor's body runs; in a subclass, right after `super(…)`, as JavaScript does), methods take
   * `self`, getters and setters are a property, static methods `@staticmethod`; `this` is `self`, `super(…)` is
   * `super().__init__(…)`, and a private `#name` is Python's private `__name` (mangled to the class, as `#` is).
   */
  #class(node: acorn.ClassDeclaration, indent: number, lines: string[]): void {
    const pad = '    '.repeat(indent);
    const inner = '    '.repeat(indent + 1);
    const name = node.id.name;
    let base = '';
    if (node.superClass) {
      if (node.superClass.type !== 'Identifier') throw new Untranslatable('a class extending an expression');
      base = `(${this.#identifier(node.superClass.name)})`;
    }
    const members = node.body.body;
    const body: string[] = [];
    this.#classes.push(name);
    try {
      const fieldLines: string[] = [];
      for (const member of members) {
        if (member.type === 'StaticBlock') throw new Untranslatable('a static block');
        if (member.computed) throw new Untranslatable('a computed member name');
        if (member.type !== 'PropertyDefinition') continue;
        const key = this.#memberName(member.key);
        const value = member.value ? this.#expression(member.value) : 'None';
        if (member.static) body.push(`${inner}${key} = ${value}`);
        else {
          fieldLines.push(`${inner}    self.${key} = ${value}`);
          if (member.value) this.#field(key, member.value);
        }
      }
      const methods = members.filter((member) => member.type === 'MethodDefinition');
      // A getter and a setter of one name make one property, written where the first of them is.
      const accessorsWritten = new Set<string>();
      let hasConstructor = false;
      for (const member of methods) {
        const key = this.#memberName(member.key);
        const method: string[] = [];
        if (member.kind === 'constructor') {
          this.#def('__init__', member.value, indent + 1, method, { key: `${name}.constructor`, method: true });
          this.#fieldsInConstructor(method, fieldLines, node.superClass !== null, inner);
          hasConstructor = true;
        } else if (member.kind === 'get' || member.kind === 'set') {
          if (member.static) throw new Untranslatable('a static getter or setter');
          if (accessorsWritten.has(key)) continue;
          accessorsWritten.add(key);
          const accessor = (kind: 'get' | 'set') =>
            methods.find((other) => other.kind === kind && this.#memberName(other.key) === key);
          const getter = accessor('get');
          const setter = accessor('set');
          if (getter) {
            method.push(`${inner}@property`);
            this.#def(key, getter.value, indent + 1, method, { key: `${name}.${key}`, method: true });
          }
          if (setter) {
            if (getter) method.push(`${inner}@${key}.setter`);
            this.#def(key, setter.value, indent + 1, method, { key: `${name}.set ${key}`, method: true });
            if (!getter) method.push(`${inner}${key} = property(None, ${key})`);
          }
        } else {
          if (member.static) method.push(`${inner}@staticmethod`);
          this.#def(key, member.value, indent + 1, method, { key: `${name}.${key}`, method: !member.static });
        }
        if (body.length) body.push('');
        body.push(...method);
      }
      if (!hasConstructor) {
        this.learnt.returns.set(`${name}.constructor`, null);
        // JavaScript's implicit constructor passes its arguments to the base class's, then sets the fields.
        const init = node.superClass
          ? [`${inner}def __init__(self, *args):`, `${inner}    super().__init__(*args)`, ...fieldLines]
          : [`${inner}def __init__(self):`, ...fieldLines];
        if (fieldLines.length) body.unshift(...init, ...(body.length ? [''] : []));
      }
    } finally {
      this.#classes.pop();
    }
    lines.push(`${pad}class ${name}${base}:`);
    lines.push(...(body.length ? body : [`${inner}pass`]));
  }

  /**
   * Puts a class's field assignments into its `__init__` where JavaScript runs them: first, or in a subclass just
   * after the `super(…)` call (which must then be a statement of the constructor's own body).
   */
  #fieldsInConstructor(constructor: string[], fieldLines: string[], derived: boolean, inner: string): void {
    if (!fieldLines.length) return;
    if (!derived) {
      constructor.splice(1, 0, ...fieldLines);
      return;
    }
    const superCall = constructor.findIndex((line) => line.startsWith(`${inner}    super().__init__(`));
    if (superCall < 0) {
      throw new Untranslatable("fields in a subclass whose constructor's super() is not a statement of its own");
    }
    constructor.splice(superCall + 1, 0, ...fieldLines);
  }

  /** A class member's name in Python: a private `#name` is `__name`. */
  #memberName(key: acorn.Expression | acorn.PrivateIdentifier): string {
    if (key.type === 'PrivateIdentifier') return `__${key.name}`;
    if (key.type === 'Identifier') return key.name;
    throw new Untranslatable('a computed member name');
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

  /**
   * Writes `def name(params):` and its body into `lines`. `key` names the function in the hints (its
   * parameters' kinds from its calls, the kind it returns); a method takes `self` first.
   */
  #def(
    name: string,
    fn: acorn.ArrowFunctionExpression | acorn.FunctionExpression | acorn.FunctionDeclaration,
    indent: number,
    lines: string[],
    { key, method = false }: { key?: string; method?: boolean } = {},
  ): void {
    const pad = '    '.repeat(indent);
    if (fn.async) throw new Untranslatable('an async function inside the program');
    const scope: Scope = { renames: new Map(), kinds: new Map(this.#scope.kinds), errors: new Set() };
    const parameters: string[] = method ? ['self'] : [];
    const unpack: string[] = [];
    const hinted = key === undefined ? undefined : this.#hints.parameters.get(key);
    for (const [i, parameter] of fn.params.entries()) {
      if (parameter.type === 'Identifier') {
        parameters.push(this.#name(parameter.name));
        const kind = hinted?.[i] ?? null;
        if (kind) scope.kinds.set(parameter.name, kind);
        else scope.kinds.delete(parameter.name);
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
    this.#returnKinds.push([]);
    let returned: (Kind | null)[];
    try {
      const inner = '    '.repeat(indent + 1);
      for (const line of unpack) lines.push(inner + line);
      if (fn.body.type === 'BlockStatement') this.#block(fn.body, indent + 1, lines);
      else {
        lines.push(`${inner}return ${this.#expression(fn.body)}`);
        this.#returnKinds.at(-1)!.push(this.#kindOf(fn.body));
      }
    } finally {
      this.#scopes.pop();
      returned = this.#returnKinds.pop()!;
    }
    if (key !== undefined) {
      // A function returns a kind when every return gives it.
      let kind: Kind | null | undefined;
      for (const seen of returned) kind = mergeKind(kind, seen);
      this.learnt.returns.set(key, kind ?? null);
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
        return this.#columnOperator(node) ?? [this.#call(node), PRECEDENCE.atom];
      case 'ThisExpression':
        if (!this.#classes.length) throw new Untranslatable('this outside a class');
        return ['self', PRECEDENCE.atom];
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
    if ((name in SQL_IMPORTS || SQL_TYPE_NAMES.has(name)) && !this.#declared.has(name)) this.sqlNames.add(name);
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
      const scope: Scope = { renames: new Map(), kinds: new Map(this.#scope.kinds), errors: new Set() };
      this.#scopes.push(scope);
      try {
        for (const parameter of node.params) scope.kinds.delete((parameter as acorn.Identifier).name);
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
    if (node.property.type === 'PrivateIdentifier') return `${object}.${this.#memberName(node.property)}`;
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
    const kind = object.type === 'Super' ? null : this.#kindOf(object);
    if (kind !== null && kind !== 'unknown') return true;
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
        if (this.#classNames.has(callee)) {
          this.#called(`${callee}.constructor`, node.arguments);
          return `${this.#identifier(callee)}(${args.join(', ')})`;
        }
        if (SQL_TYPE_NAMES.has(callee) && !this.#declared.has(callee)) {
          this.sqlNames.add(callee);
          return `${callee}(${args.join(', ')})`;
        }
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
      this.#called(name, args);
      return `${this.#identifier(name)}(${translated().join(', ')})`;
    }
    if (callee.type === 'Super') return `super().__init__(${translated().join(', ')})`;
    if (callee.type === 'MemberExpression' && callee.object.type === 'Super' && !callee.computed) {
      return `super().${(callee.property as acorn.Identifier).name}(${translated().join(', ')})`;
    }
    if (callee.type !== 'MemberExpression' || callee.computed || callee.object.type === 'Super') {
      return `${this.#expression(callee as Expression, PRECEDENCE.atom)}(${translated().join(', ')})`;
    }
    const method = this.#memberName(callee.property);
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
          return this.#contextCall('sc', method, translated(), node);
      }
    }

    const kind = this.#kindOf(object);
    if (kind === 'sc') return this.#contextCall(receiver(), method, translated(), node);
    if (kind === 'rdd') return this.#rddCall(receiver(), method, node);
    if (kind && SQL_KINDS.has(kind)) return this.#sqlCall(kind, receiver(), method, node);
    if (kind?.startsWith('instance:') || kind?.startsWith('class:')) {
      // A method of the program's own class keeps its name, whatever an array's method of that name would be.
      this.#called(`${ownClass(kind)}.${method}`, args);
      return `${receiver()}.${method}(${translated().join(', ')})`;
    }
    const receiverText = receiver();
    const asValue = this.#valueMethod(object, receiverText, method, node);
    if (asValue === null) {
      // Anything else keeps its name: broadcast.value, accumulator.add, TaskContext's methods, a program's own objects.
      const args = node.arguments.map((argument) => this.#expression(argument as Expression));
      return `${receiverText}.${method}(${args.join(', ')})`;
    }
    if (kind === 'unknown') this.#unsure(node, object, method);
    return asValue;
  }

  /**
   * A list's or string's method called on a value that is sometimes Spark's object (an RDD, a DataFrame) and
   * sometimes not: it is translated as the list's, which is wrong whenever it is Spark's, so the line is marked.
   */
  #unsure(node: acorn.CallExpression, object: Expression | acorn.Super, method: string): void {
    const line = node.loc!.start.line;
    let text = this.#source.slice(object.start, object.end).replace(/\s+/g, ' ');
    if (text.length > 40) text = `${text.slice(0, 39)}…`;
    const reason = `${text} is an RDD or DataFrame in some uses and a plain value in others; its ${method} is translated as a list's or string's`;
    if (this.flagged.some((flag) => flag.line === line && flag.reason === reason)) return;
    this.flagged.push({ line, reason, kind: 'unsure' });
    this.#notes[this.#notes.length - 1]?.push(`unsure: ${reason}`);
  }

  #contextCall(receiver: string, method: string, args: string[], node: acorn.CallExpression): string {
    switch (method) {
      case 'longAccumulator':
        return `${receiver}.accumulator(0)`;
      case 'doubleAccumulator':
        return `${receiver}.accumulator(0.0)`;
      case 'killExecutor':
        this.usesFaults = true;
        this.flagged.push({
          line: node.loc!.start.line,
          reason: 'killExecutor is Kindling only (on a cluster, the cluster manager decides)',
          kind: 'kindling-only',
        });
        this.#notes[this.#notes.length - 1]?.push('killExecutor exists only on Kindling');
        return `${receiver}.killExecutor(${args.join(', ')})`;
      default:
        return `${receiver}.${method}(${args.join(', ')})`;
    }
  }

  /**
   * A Column's arithmetic, comparison or logic method (`F.col('a').plus(1)`, `c.and(d)`, `c.not()`): PySpark
   * writes them as Python's operators on Column (`F.col("a") + 1`, `c & d`, `~c`). Null for any other call.
   */
  #columnOperator(node: acorn.CallExpression): [string, number] | null {
    const callee = node.callee;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return null;
    if (callee.object.type === 'Super' || this.#kindOf(callee.object) !== 'column') return null;
    const method = callee.property.name;
    const object = callee.object;
    if ((method === 'not' || method === 'negate') && node.arguments.length === 0) {
      return [`${method === 'not' ? '~' : '-'}${this.#expression(object, PRECEDENCE.unary)}`, PRECEDENCE.unary];
    }
    const operator = COLUMN_OPERATORS[method];
    const [argument] = node.arguments;
    if (!operator || node.arguments.length !== 1 || argument.type === 'SpreadElement') return null;
    const [symbol, precedence] = operator;
    // Python chains comparisons (a < b == c): a comparison on either side is parenthesised.
    const leftContext = precedence === PRECEDENCE.comparison ? precedence + 1 : precedence;
    return [
      `${this.#expression(object, leftContext)} ${symbol} ${this.#expression(argument, precedence + 1)}`,
      precedence,
    ];
  }

  /** A call on Spark SQL's objects: PySpark's names are the same but for Column's and the options objects. */
  #sqlCall(kind: Kind, receiver: string, method: string, node: acorn.CallExpression): string {
    const args = node.arguments.slice();
    const last = args.at(-1);
    let options: acorn.ObjectExpression | null = null;
    if (last?.type === 'ObjectExpression') {
      if ((kind === 'reader' || kind === 'writer') && OPTION_TAKERS.has(method)) options = last;
      if (kind === 'dataframe' && ['orderBy', 'sort', 'sortWithinPartitions'].includes(method)) options = last;
      if (options) args.pop();
    }
    // An array literal is a list of columns or names (or rows), never a pair.
    const translated = args.map((argument) =>
      argument.type === 'ArrayExpression' ? this.#list(argument) : this.#expression(argument as Expression),
    );
    if (kind === 'dataframe' && method === 'col' && translated.length === 1) return `${receiver}[${translated[0]}]`;
    const name = kind === 'column' ? (COLUMN_RENAMES[method] ?? method) : method;
    if (options && kind !== 'dataframe') {
      // reader.csv(path, { header: true }) is PySpark's reader.options(header=True).csv(path).
      return `${receiver}.options(${this.#keywords(options)}).${name}(${translated.join(', ')})`;
    }
    if (options) translated.push(this.#keywords(options));
    return `${receiver}.${name}(${translated.join(', ')})`;
  }

  /** An object literal as Python keyword arguments: `{ header: true }` is `header=True`. */
  #keywords(node: acorn.ObjectExpression): string {
    const plain: string[] = [];
    let spread = false;
    for (const property of node.properties) {
      if (property.type !== 'Property' || property.computed || property.kind !== 'init' || property.method) {
        throw new Untranslatable('an options object with spread, computed keys or methods');
      }
      const key =
        property.key.type === 'Identifier' ? property.key.name : String((property.key as acorn.Literal).value);
      if (!/^[A-Za-z_]\w*$/.test(key) || PYTHON_KEYWORDS.has(key)) spread = true;
      plain.push(key);
    }
    const values = node.properties.map((property) =>
      this.#expression((property as acorn.Property).value as Expression),
    );
    if (spread) return `**{${plain.map((key, i) => `${pyString(key)}: ${values[i]}`).join(', ')}}`;
    return plain.map((key, i) => `${key}=${values[i]}`).join(', ');
  }

  #rddCall(receiver: string, method: string, node: acorn.CallExpression): string {
    this.rddMethods.add(method);
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
  /** A list's or string's method as Python's (null when the export keeps the call as it is). */
  #valueMethod(
    object: Expression | acorn.Super,
    receiver: string,
    method: string,
    node: acorn.CallExpression,
  ): string | null {
    const args = node.arguments as Expression[];
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
    return null;
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
      const scope: Scope = { renames: new Map(), kinds: new Map(this.#scope.kinds), errors: new Set() };
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

  /** Whether `node` is an RDD, so its methods are RDD methods. */
  #isRdd(node: Node): boolean {
    return this.#kindOf(node) === 'rdd';
  }

  /** Binds `name` in the current scope to `kind`, or unbinds it (a value of no kind the export tracks). */
  #bind(name: string, kind: Kind | null): void {
    if (kind) this.#scope.kinds.set(name, kind);
    else this.#scope.kinds.delete(name);
  }

  /** `a = value` and `this.a = value`: the name (or the class's field) takes the value's kind. */
  #assigned(target: Pattern, value: Expression): void {
    if (target.type === 'Identifier') {
      // The scope that declared it, else the current one.
      const scope = [...this.#scopes].reverse().find((s) => s.kinds.has(target.name)) ?? this.#scope;
      const kind = this.#kindOf(value);
      if (kind) scope.kinds.set(target.name, kind);
      else scope.kinds.delete(target.name);
    } else if (
      target.type === 'MemberExpression' &&
      target.object.type === 'ThisExpression' &&
      !target.computed &&
      (target.property.type === 'Identifier' || target.property.type === 'PrivateIdentifier') &&
      this.#classes.length > 0
    ) {
      this.#field(this.#memberName(target.property), value);
    }
  }

  /** The current class's field `name` is given `value`: it keeps the value's kind if every such assignment agrees. */
  #field(name: string, value: Expression): void {
    const fields = this.learnt.fields.get(this.#classes.at(-1)!) ?? new Map<string, Kind | null>();
    this.learnt.fields.set(this.#classes.at(-1)!, fields);
    fields.set(name, mergeKind(fields.get(name), this.#kindOf(value)));
  }

  /** Records the kinds a call passes to the program's own function (or method, or constructor) `key`. */
  #called(key: string, args: readonly (Expression | acorn.SpreadElement)[]): void {
    const kinds = args.map((argument) => (argument.type === 'SpreadElement' ? null : this.#kindOf(argument)));
    const recorded = this.learnt.parameters.get(key);
    this.learnt.parameters.set(
      key,
      recorded
        ? Array.from({ length: Math.max(recorded.length, kinds.length) }, (_, i) =>
            mergeKind(recorded[i], kinds[i] ?? null),
          )
        : kinds,
    );
  }

  /** What `node` is, as far as its calls' spelling depends on it (see Kind); null for anything else. */
  #kindOf(node: Node): Kind | null {
    switch (node.type) {
      case 'AwaitExpression':
        // Actions give values; a reader's csv(…) gives its DataFrame through a promise.
        return this.#kindOf(node.argument);
      case 'ParenthesizedExpression':
        return this.#kindOf(node.expression);
      case 'Identifier':
        return (
          this.#scope.kinds.get(node.name) ??
          (this.#classNames.has(node.name) && !this.#scope.renames.has(node.name) ? `class:${node.name}` : null)
        );
      case 'ThisExpression':
        return this.#classes.length ? `instance:${this.#classes.at(-1)!}` : null;
      case 'ConditionalExpression':
        return eitherKind(this.#kindOf(node.consequent), this.#kindOf(node.alternate));
      case 'LogicalExpression':
        return eitherKind(this.#kindOf(node.left), this.#kindOf(node.right));
      case 'NewExpression':
        return node.callee.type === 'Identifier' && this.#classNames.has(node.callee.name)
          ? `instance:${node.callee.name}`
          : null;
      case 'MemberExpression': {
        if (node.computed || node.property.type === 'Literal') return null;
        const property = this.#memberName(node.property);
        const kind = this.#kindOf(node.object);
        if (kind === 'session') {
          if (property === 'read') return 'reader';
          if (property === 'conf') return 'conf';
          if (property === 'sparkContext') return 'sc';
        }
        if (kind === 'dataframe' && property === 'write') return 'writer';
        if (kind?.startsWith('instance:')) return this.#hints.fields.get(ownClass(kind))?.get(property) ?? null;
        return null;
      }
      case 'CallExpression':
        return this.#callKind(node);
      default:
        return null;
    }
  }

  #callKind(node: acorn.CallExpression): Kind | null {
    const callee = node.callee;
    if (callee.type === 'Identifier') return this.#hints.returns.get(callee.name) ?? null;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type === 'Literal') return null;
    const method = this.#memberName(callee.property);
    if (callee.object.type === 'Super') return null;
    const kind = this.#kindOf(callee.object);
    switch (kind) {
      case 'sc':
        return CONTEXT_RDD_METHODS.has(method) ? 'rdd' : null;
      case 'rdd':
        if (method === 'toDF') return 'dataframe';
        return RDD_TRANSFORMATIONS.has(method) ? 'rdd' : null;
      case 'session':
        return ['range', 'sql', 'table', 'createDataFrame'].includes(method) ? 'dataframe' : null;
      case 'reader':
        return ['format', 'option', 'options', 'schema'].includes(method) ? 'reader' : 'dataframe';
      case 'writer':
        return ['mode', 'format', 'option', 'options', 'partitionBy'].includes(method) ? 'writer' : null;
      case 'dataframe':
        if (method === 'groupBy' || method === 'groupby') return 'grouped';
        if (method === 'col') return 'column';
        return DATAFRAME_TRANSFORMATIONS.has(method) ? 'dataframe' : null;
      case 'grouped':
        return 'dataframe';
      case 'functions':
        return method === 'broadcast' ? 'dataframe' : 'column';
      case 'column':
        return method === 'toString' ? null : 'column';
      case 'window':
        return 'window';
      case null:
        return null;
      case 'unknown':
        // What a method of a sometimes-RDD gives is as unsure, where an RDD's would give an RDD.
        return RDD_TRANSFORMATIONS.has(method) || DATAFRAME_TRANSFORMATIONS.has(method) ? 'unknown' : null;
      default:
        // The program's own class: what its method (or static method) returns.
        return this.#hints.returns.get(`${ownClass(kind)}.${method}`) ?? null;
    }
  }
}

/** The class named in an `instance:Name` or `class:Name` kind. */
function ownClass(kind: Kind): string {
  return kind.slice(kind.indexOf(':') + 1);
}

/** Whether a `for` loop's update assigns nothing but variables its init declares with `let`, and calls nothing. */
function updatesOnlyOwn(node: acorn.ForStatement): boolean {
  const init = node.init;
  if (init?.type !== 'VariableDeclaration' || init.kind !== 'let' || !node.update) return false;
  const own = new Set(init.declarations.map((d) => (d.id.type === 'Identifier' ? d.id.name : '')));
  let only = true;
  walk(node.update, (inner) => {
    if (inner.type === 'CallExpression' || inner.type === 'NewExpression') only = false;
    const target =
      inner.type === 'UpdateExpression' ? inner.argument : inner.type === 'AssignmentExpression' ? inner.left : null;
    if (target && !(target.type === 'Identifier' && own.has(target.name))) only = false;
  });
  return only;
}

/** Calls `visit` on every node under `node` (itself included). */
function walk(node: unknown, visit: (node: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (typeof (node as { type?: unknown }).type !== 'string') return;
  visit(node as Node);
  for (const [key, value] of Object.entries(node)) if (key !== 'loc') walk(value, visit);
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
