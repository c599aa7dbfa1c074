/**
 * Exporting a JavaScript program as PySpark: what each construct becomes, what
 * is flagged, the one spark-submit line, and — run in Python (Pyodide in Node)
 * — that the helpers keep JavaScript's meaning: `%`, sort order, String(x),
 * and console.log's printing, checked against the playground's own formatter.
 * test/export/round-trip.ts runs every example and lesson both ways.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportToPySpark } from '../../engine/export/pyspark';
import { helperSource, JS_HELPER_NAMES } from '../../engine/export/js-semantics';
import { sparkSubmitLine } from '../../engine/export/spark-submit';
import { formatLogArgs } from '../../playground/format-browser';
import { nodePython, py } from './python-harness';
import { testSession } from './sql/session';
import { Row } from '../../engine/sql';
import { fromLoggable, toLoggable } from '../../engine/runner/loggable';

/** The program's body: what follows the line that makes `sc`. */
function body(javascript: string): string {
  const { source } = exportToPySpark(javascript);
  return source.slice(source.indexOf('\n', source.indexOf('sc = SparkContext.getOrCreate')) + 1).trim();
}

describe('translating statements and expressions', () => {
  it('drops await, makes pairs tuples and console.log js_print', () => {
    expect(
      body(
        'const counts = sc.parallelize(["a", "b"], 2).map((w) => [w, 1]).reduceByKey((a, b) => a + b);\nconsole.log("n:", await counts.count());',
      ),
    ).toBe(
      'counts = sc.parallelize(["a", "b"], 2).map(lambda w: (w, 1)).reduceByKey(lambda a, b: a + b)\njs_print("n:", counts.count())',
    );
  });

  it('writes a def before the statement for a block body or destructured parameters', () => {
    expect(
      body('const pairs = sc.parallelize([["a", 1]]);\nconst top = await pairs.filter(([, n]) => n > 1).collect();'),
    ).toBe(
      'pairs = sc.parallelize([("a", 1)])\ndef fn(pair):\n    _, n = pair\n    return n > 1\ntop = pairs.filter(fn).collect()',
    );
    expect(body('const f = (x) => {\n  let t = 0;\n  for (let i = 0; i < x; i++) t += i;\n  return t;\n};')).toBe(
      'def f(x):\n    t = 0\n    for i in range(x):\n        t += i\n    return t',
    );
  });

  it("keeps JavaScript's meaning for %, sort, template literals and + with a string", () => {
    expect(body('const r = -7 % 3;')).toBe('r = js_rem(-7, 3)');
    expect(body('const s = (await rdd.collect()).sort();')).toBe('s = js_sort(rdd.collect())');
    expect(body('const t = `k-${i % 4}`;')).toBe('t = f"k-{js_str(js_rem(i, 4))}"');
    expect(body('const u = "n=" + n;')).toBe('u = "n=" + js_str(n)');
  });

  it('speaks PySpark where its API differs: partitioners, key functions, accumulators, lineage', () => {
    expect(body('const p = pairs.partitionBy(new HashPartitioner(4));')).toBe('p = pairs.partitionBy(4)');
    expect(body('const rdd = sc.parallelize([1], 1);\nconsole.log(await rdd.top(3, (x) => -x));')).toBe(
      'rdd = sc.parallelize([1], 1)\njs_print(rdd.top(3, key=lambda x: -x))',
    );
    expect(body('const acc = sc.longAccumulator("n");')).toBe('acc = sc.accumulator(0)');
    expect(body('const rdd = sc.range(0, 4);\nconsole.log(rdd.toDebugString());')).toBe(
      'rdd = sc.range(0, 4)\njs_print(rdd.toDebugString().decode())',
    );
  });

  it('reads object literals as dicts, and Spark attributes as attributes', () => {
    expect(body('const o = { amount: 3 };\nconsole.log(o.amount, b.value, sc.defaultParallelism);')).toBe(
      'o = {"amount": 3}\njs_print(o["amount"], b.value, sc.defaultParallelism)',
    );
  });

  it('turns a caught error into except Exception, and its message into str()', () => {
    expect(body('try {\n  await rdd.count();\n} catch (error) {\n  console.log(error.message);\n}')).toBe(
      'try:\n    rdd.count()\nexcept Exception as error:\n    js_print(str(error))',
    );
  });

  it('flags what it does not translate, keeping the statement as a comment at its line', () => {
    const { source, flagged } = exportToPySpark('let a = 1;\ndo a++; while (a < 3);\nconsole.log(a);');
    expect(flagged).toEqual([{ line: 2, reason: 'a do while statement has no translation', kind: 'untranslated' }]);
    expect(source).toContain(
      '# Kindling: not translated (a do while statement has no translation):\n#   do a++; while (a < 3);\njs_print(a)',
    );
  });

  it('runs fault injection only where it exists, and says so in the spark-submit comment', () => {
    const { source, flagged } = exportToPySpark(
      "sc.faults.inject({ kind: 'slowPartition', partition: 0, delayMs: 9 });",
    );
    expect(flagged[0]).toMatchObject({ line: 1, kind: 'kindling-only' });
    expect(source).toContain(
      'if hasattr(sc, "faults"):  # Kindling: fault injection, which a cluster does not have\n    sc.faults.inject({"kind": "slowPartition", "partition": 0, "delayMs": 9})',
    );
    expect(source).toContain('# Left out:\n#   fault injection');
  });

  it('keeps comments and blank lines where they were', () => {
    expect(body('// one\nconst a = 1;\n\n// two\nconst b = 2;')).toBe('# one\na = 1\n\n# two\nb = 2');
  });

  it('says clearly when the program does not parse', () => {
    expect(() => exportToPySpark('const = ;')).toThrow(/does not parse as JavaScript/);
  });
});

describe('the spark-submit line', () => {
  it('carries the cluster shape and spark settings, and leaves out what only Kindling has', () => {
    const line = sparkSubmitLine('job.py', {
      executors: 3,
      coresPerExecutor: 2,
      conf: [
        { key: 'spark.default.parallelism', value: '8' },
        { key: 'kindling.hosts', value: '2' },
        { key: 'spark.executor.memory', value: '16m' },
        { key: 'spark.app.name', value: 'my job' },
        { key: ' ', value: 'ignored' },
      ],
    });
    expect(line.command).toBe(
      "spark-submit --conf spark.executor.instances=3 --conf spark.executor.cores=2 --conf spark.dynamicAllocation.enabled=false --conf spark.default.parallelism=8 --conf 'spark.app.name=my job' job.py",
    );
    // The same decisions as the Python download's script (engine/runner/spark-submit.ts).
    expect(line.leftOut).toHaveLength(2);
    expect(line.leftOut[0]).toMatch(/^kindling\.hosts=2: a Kindling setting/);
    expect(line.leftOut[1]).toMatch(/^spark\.executor\.memory=16m: sized for a browser/);
  });

  it('keeps an executor memory a JVM can run with', () => {
    const line = sparkSubmitLine('job.py', {
      executors: 2,
      coresPerExecutor: 2,
      conf: [{ key: 'spark.executor.memory', value: '2g' }],
    });
    expect(line.command).toContain('--conf spark.executor.memory=2g');
    expect(line.leftOut).toEqual([]);
  });
});

describe("the helpers keep JavaScript's meaning (run in Python)", () => {
  const helpers = helperSource(new Set(['js_print', 'js_rem', 'js_sort']));
  beforeAll(() => nodePython(), 120_000);

  it('% takes the sign of the dividend', async () => {
    expect(await py(`${helpers}\n[js_rem(-7, 3), js_rem(7, -3), js_rem(7, 3)]`)).toEqual([-7 % 3, 7 % -3, 7 % 3]);
  });

  it('sort without a comparator orders by strings, with one by its sign', async () => {
    expect(await py(`${helpers}\njs_sort([10, 9, 1, 100])`)).toEqual([10, 9, 1, 100].sort());
    expect(await py(`${helpers}\njs_sort([("b", 1), ("a", 2)], lambda a, b: b[1] - a[1])`)).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it("console.log prints what the playground's formatter prints", async () => {
    // Each value as JavaScript and as the Python value the export produces (pairs are tuples, objects dicts).
    const cases: [unknown, string][] = [
      [[1, 2, 3], '[1, 2, 3]'],
      [Array.from({ length: 30 }, (_, i) => i * 7), '[i * 7 for i in range(30)]'],
      [Array.from({ length: 130 }, (_, i) => i), 'list(range(130))'],
      [
        [
          ['ada', ['Notes on the Analytical Engine', 'Ada Lovelace']],
          ['edsger', ['Go To Statement Considered Harmful', null]],
        ],
        '[("ada", ("Notes on the Analytical Engine", "Ada Lovelace")), ("edsger", ("Go To Statement Considered Harmful", None))]',
      ],
      [Array.from({ length: 12 }, (_, i) => [`store-${i}`, i * 1000]), '[(f"store-{i}", i * 1000) for i in range(12)]'],
      [{ amount: 3, method: 'card', "it's": [1.5, 2] }, '{"amount": 3, "method": "card", "it\'s": [1.5, 2.0]}'],
      [[[[[1]]]], '[[[[1]]]]'],
      [['a\nb', "it's", 'say "hi"', true, null], '["a\\nb", "it\'s", \'say "hi"\', True, None]'],
      [[], '[]'],
    ];
    for (const [value, python] of cases) {
      const printed = await py(
        `${helpers}\nimport io, contextlib\nbuffer = io.StringIO()\nwith contextlib.redirect_stdout(buffer):\n    js_print("x:", ${python})\nbuffer.getvalue()`,
      );
      expect(printed).toBe(`${formatLogArgs(['x:', value])}\n`);
    }
  });

  it("a Row prints as PySpark's Row.__repr__ from JavaScript, from Kindling's Python and from the export", async () => {
    // pyspark/sql/types.py Row.__repr__: "Row(%s)" % ", ".join("%s=%r" % (k, v) ...), each value as Python's repr
    // of what PySpark holds: a double 2.0, a date datetime.date(…), a decimal Decimal('1.50'), a struct a Row.
    const { spark, stop } = testSession();
    let row: Row;
    try {
      const df = spark.createDataFrame(
        [
          [
            ...[7, 2, 1.5e-5, 1e16, 12345678.9, "it's", 'a\\b"c\n', true],
            ...[new Date(Date.UTC(2024, 0, 2)), new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), 1.5, [1, 2.5], ['Oslo', null]],
          ],
        ],
        'id bigint, score double, tiny double, big double, mid double, name string, path string, ok boolean, ' +
          'day date, at timestamp, price decimal(5,2), xs array<double>, addr struct<city:string,zip:string>',
      );
      [row] = await df.collect();
    } finally {
      await stop();
    }
    expect(row.addr).toBeInstanceOf(Row);
    const python = [
      'import datetime, decimal, io, contextlib',
      'from pyspark.sql.types import Row',
      'r = Row(id=7, score=2.0, tiny=1.5e-05, big=1e16, mid=12345678.9, name="it\'s", path=\'a\\\\b"c\\n\', ok=True,',
      '        day=datetime.date(2024, 1, 2), at=datetime.datetime(2024, 1, 2, 3, 4, 5), price=decimal.Decimal("1.50"),',
      '        xs=[1.0, 2.5], addr=Row(city="Oslo", zip=None))',
      'buffer = io.StringIO()',
      'with contextlib.redirect_stdout(buffer):',
      '    js_print(r)',
      '    js_print("rows:", [r, r])',
      '[repr(r), buffer.getvalue(), js_str(r)]',
    ].join('\n');
    const [repr, printed, text] = (await py(`${helperSource(new Set(['js_print', 'js_str']))}\n${python}`)) as string[];
    expect(repr).toBe(
      'Row(id=7, score=2.0, tiny=1.5e-05, big=1e+16, mid=12345678.9, name="it\'s", path=\'a\\\\b"c\\n\', ok=True, ' +
        "day=datetime.date(2024, 1, 2), at=datetime.datetime(2024, 1, 2, 3, 4, 5), price=Decimal('1.50'), " +
        "xs=[1.0, 2.5], addr=Row(city='Oslo', zip=None))",
    );
    expect(String(row)).toBe(repr);
    expect(`${row}`).toBe(text);
    // What the playground prints for console.log(row) and console.log('rows:', [row, row]) (the driver's worker
    // sends console.log's arguments through toLoggable).
    const logged = (...args: unknown[]) => formatLogArgs(fromLoggable(toLoggable(args)));
    expect(printed).toBe(`${logged(row)}\n${logged('rows:', [row, row])}\n`);
  });
});

describe('?? , optional chaining, string and array lookups and any for loop: translated, and the same in Python', () => {
  beforeAll(() => nodePython(), 120_000);
  const helpers = helperSource(new Set(JS_HELPER_NAMES));
  // Each program leaves its answer in `r`: JavaScript computes it here, Python from the export.
  const programs: Record<string, string> = {
    nullish: 'const m = new Map([["a", 0]]);\nconst r = [m.get("a") ?? 5, m.get("b") ?? 5, null ?? "x"];',
    'optional chaining': [
      'const rows = [{ a: { b: 2 } }, { a: null }, null, { a: {} }];',
      'const r = rows.map((row) => row?.a?.b ?? -1);',
    ].join('\n'),
    'optional call': 'const m = new Map([["k", [1, 2]]]);\nconst r = [m.get("k")?.length, m.get("z")?.length ?? 0];',
    'indexOf and lastIndexOf':
      'const r = ["banana".indexOf("an"), "banana".lastIndexOf("an"), [1, 2, 3].indexOf(4), [1, 2, 1].lastIndexOf(1)];',
    'padStart and padEnd':
      'const r = ["7".padStart(3, "0"), "ab".padEnd(5, "xy"), "long".padStart(2), `${3}`.padStart(4)];',
    'charAt and substring':
      'const r = ["abc".charAt(1), "abc".charAt(5), "abcdef".substring(4, 1), "abcdef".substring(-2, 2)];',
    'find and findIndex':
      'const xs = [5, 8, 12];\nconst r = [xs.find((x) => x > 6), xs.find((x) => x > 20) ?? "none", xs.findIndex((x) => x > 10), xs.findIndex((x) => x > 20)];',
    'a for loop counting down by three': 'let s = 0;\nfor (let i = 10; i > 0; i -= 3) s += i;\nconst r = s;',
    'a for loop with two variables':
      'const seen = [];\nfor (let i = 0, j = 5; i < j; i++, j--) {\n  seen.push([i, j]);\n}\nconst r = seen;',
    'a for loop that continues and breaks':
      'const seen = [];\nfor (let i = 0, j = 9; i < j; i += 2, j--) {\n  if (i === 2) continue;\n  if (i > 6) break;\n  seen.push([i, j]);\n}\nconst r = seen;',
    'a class with fields, a getter, a static method and a subclass': [
      'class Counter {',
      '  total = 0;',
      '  static of(values) {',
      '    const c = new Counter();',
      '    for (const v of values) c.add(v);',
      '    return c;',
      '  }',
      '  add(value) {',
      '    this.total += value;',
      '    return this;',
      '  }',
      '  get doubled() {',
      '    return this.total * 2;',
      '  }',
      '}',
      'class Named extends Counter {',
      '  constructor(name) {',
      '    super();',
      '    this.name = name;',
      '  }',
      '  label() {',
      '    return `${this.name}=${this.total}`;',
      '  }',
      '}',
      'const n = new Named("n").add(4).add(5);',
      // map and filter are the class's own methods here, not an array's.
      'class Bag {',
      '  constructor(items) {',
      '    this.items = items;',
      '  }',
      '  map(f) {',
      '    return new Bag(this.items.map(f));',
      '  }',
      '}',
      'const r = [Counter.of([1, 2, 3]).total, Counter.of([5]).doubled, n.label(), new Bag([1, 2]).map((x) => x * 3).items];',
    ].join('\n'),
    'setters, private members and a subclass with fields': [
      'class Account {',
      '  #balance = 0;',
      '  static #opened = 0;',
      '  constructor(owner) {',
      '    this.owner = owner;',
      '    Account.#opened += 1;',
      '  }',
      '  set deposit(amount) {',
      '    this.#balance += this.#checked(amount);',
      '  }',
      '  get balance() {',
      '    return this.#balance;',
      '  }',
      '  set balance(value) {',
      '    this.#balance = value;',
      '  }',
      '  #checked(amount) {',
      '    return amount < 0 ? 0 : amount;',
      '  }',
      '  static opened() {',
      '    return Account.#opened;',
      '  }',
      '}',
      // A subclass's fields are set right after super() returns; without a constructor, after the implicit one.
      'class Savings extends Account {',
      '  rate = 2;',
      '  history = [this.owner];',
      '  constructor(owner, start) {',
      '    super(owner);',
      '    this.balance = start * this.rate;',
      '  }',
      '}',
      'class Joint extends Account {',
      '  members = [this.owner, "bank"];',
      '}',
      'const a = new Account("ann");',
      'a.deposit = 5;',
      'a.deposit = -3;',
      'const s = new Savings("sam", 10);',
      's.deposit = 1;',
      'const r = [a.balance, s.balance, s.history, new Joint("jo").members, Account.opened()];',
    ].join('\n'),
  };
  for (const [name, program] of Object.entries(programs)) {
    it(name, async () => {
      const exported = exportToPySpark(program);
      expect(exported.flagged).toEqual([]);
      const javascript = new Function(`${program}\nreturn r;`)() as unknown;
      const python = await py(`${helpers}\n${body(program)}\nr`);
      // Pairs are tuples in Python: compare as JSON.
      expect(JSON.stringify(python)).toBe(JSON.stringify(javascript));
    });
  }

  it('a for loop whose body continues is flagged when its update changes more than its own variables', () => {
    const { flagged } = exportToPySpark(
      'let s = 0;\nlet n = 0;\nfor (let i = 0; i < 9; i += 2, n++) {\n  if (i === 4) continue;\n  s += i;\n}',
    );
    expect(flagged.map((flag) => flag.line)).toEqual([3]);
  });
});

describe('knowing what a value is: RDDs through functions and classes, DataFrames and Columns', () => {
  it("reads a function's parameter as an RDD when its callers pass one, and what it returns too", () => {
    const out = body(
      [
        'function wordCounts(lines) {',
        '  return lines.flatMap((l) => l.split(" ")).map((w) => [w, 1]).reduceByKey((a, b) => a + b);',
        '}',
        'const top = (counts, n) => counts.filter(([, c]) => c >= n);',
        'const counts = wordCounts(sc.parallelize(["a b", "b"], 2));',
        'console.log(await top(counts, 2).collect(), [3, 1, 2].map((x) => x + 1));',
      ].join('\n'),
    );
    // RDD methods keep their names (an array's map or filter would be a comprehension).
    expect(out).toContain('return lines.flatMap(lambda l: l.split(" ")).map(lambda w: (w, 1)).reduceByKey(');
    expect(out).toContain('return counts.filter(fn)');
    expect(out).toContain('js_print(top(counts, 2).collect(), [(lambda x: x + 1)(item) for item in [3, 1, 2]])');
  });

  it('keeps array methods for a parameter whose callers pass arrays', () => {
    const { source, flagged } = exportToPySpark('const f = (xs) => xs.map((x) => x * 2);\nf([1, 2]);\nf([3]);');
    expect(source).toContain('return [(lambda x: x * 2)(item) for item in xs]');
    expect(flagged).toEqual([]);
  });

  it('marks a list method on a value that is an RDD in some uses and a list in others, at its line', () => {
    const { source, flagged } = exportToPySpark(
      [
        'function doubled(xs) {',
        '  const out = xs.map((x) => x * 2);',
        '  return out.filter((x) => x > 2);',
        '}',
        'console.log(doubled([1, 2]));',
        'console.log(await doubled(sc.parallelize([1, 2])).collect());',
        'const pick = Math.random() > 2 ? sc.parallelize([3]) : [4];',
        'console.log(pick.map((x) => x + 1), [5].map((x) => x));',
      ].join('\n'),
    );
    // The callers disagree (a list, an RDD): xs is of unknown kind, and so is what its map gives; a condition
    // whose branches differ too. The plain list on line 8 is not marked.
    expect(flagged).toEqual([
      {
        line: 2,
        reason:
          "xs is an RDD or DataFrame in some uses and a plain value in others; its map is translated as a list's or string's",
        kind: 'unsure',
      },
      {
        line: 3,
        reason:
          "out is an RDD or DataFrame in some uses and a plain value in others; its filter is translated as a list's or string's",
        kind: 'unsure',
      },
      {
        line: 8,
        reason:
          "pick is an RDD or DataFrame in some uses and a plain value in others; its map is translated as a list's or string's",
        kind: 'unsure',
      },
    ]);
    expect(source).toContain(
      '    out = [(lambda x: x * 2)(item) for item in xs]  # Kindling: unsure: xs is an RDD or DataFrame in some uses',
    );
    expect(source).toContain(
      'js_print([(lambda x: x + 1)(item) for item in pick], [(lambda x: x)(item) for item in [5]])',
    );
  });

  it("reads an RDD kept in a class's field as an RDD", () => {
    const out = body(
      [
        'class Lines {',
        '  constructor(path) {',
        '    this.rdd = sc.textFile(path);',
        '  }',
        '  longest() {',
        '    return this.rdd.map((l) => l.length).reduce((a, b) => Math.max(a, b));',
        '  }',
        '}',
        'console.log(await new Lines("data/books").longest());',
      ].join('\n'),
    );
    expect(out).toContain('class Lines:\n    def __init__(self, path):\n        self.rdd = sc.textFile(path)');
    expect(out).toContain('return self.rdd.map(lambda l: len(l)).reduce(lambda a, b: max(a, b))');
    expect(out).toContain('js_print(Lines("data/books").longest())');
  });

  it('writes a DataFrame program as PySpark: the session, F, Column operators, options as keywords', () => {
    const { source, flagged } = exportToPySpark(
      [
        "spark.conf.set('spark.sql.shuffle.partitions', 8);",
        "const people = await spark.read.csv('data/people.csv', { header: true, inferSchema: true });",
        'const adults = people',
        "  .filter(F.col('age').geq(18).and(people.col('name').startsWith('A').not()))",
        "  .withColumn('next', F.col('age').plus(1).multiply(2).mod(7))",
        "  .orderBy('age', { ascending: false });",
        "const rows = await adults.groupBy('city').agg(F.count('*').as('n')).collect();",
        "await adults.write.mode('overwrite').parquet('out/adults', { compression: 'zstd' });",
        'console.log(rows.map((r) => r.city), adults.columns);',
      ].join('\n'),
    );
    expect(flagged).toEqual([]);
    expect(source).toContain('from pyspark.sql import SparkSession\nfrom pyspark.sql import functions as F\n');
    expect(source).toContain('spark = SparkSession.builder.getOrCreate()');
    expect(source).toContain('people = spark.read.options(header=True, inferSchema=True).csv("data/people.csv")');
    expect(source).toContain(
      'adults = people.filter((F.col("age") >= 18) & ~people["name"].startswith("A")).withColumn("next", (F.col("age") + 1) * 2 % 7).orderBy("age", ascending=False)',
    );
    expect(source).toContain('rows = adults.groupBy("city").agg(F.count("*").alias("n")).collect()');
    expect(source).toContain('adults.write.mode("overwrite").options(compression="zstd").parquet("out/adults")');
    // A row's field reads as Row["city"] (PySpark's Row takes names), the DataFrame's columns as an attribute.
    expect(source).toContain('js_print([(lambda r: r["city"])(item) for item in rows], adults.columns)');
  });

  it('leaves an RDD program without a session', () => {
    expect(exportToPySpark('console.log(await sc.parallelize([1]).count());').source).not.toContain('SparkSession');
  });
});
