/**
 * The export round trip: every shipped JavaScript example and lesson solution
 * is exported to PySpark, and both programs run on Kindling (`kindling run`
 * through one `kindling batch` browser page, so Chromium and Python start
 * once). The Python program must print what the JavaScript one printed and,
 * where PySpark lays a program out as Spark core does, run the same jobs with
 * the same stages and task counts.
 *
 *   npm run --silent kindling -- batch -- npx tsx test/export/round-trip.ts [ID ...]
 *
 * What is not compared, and why, is listed here rather than hidden:
 * - lineage (`toDebugString`): PySpark's RDDs are PythonRDDs over the JVM's;
 * - the text of a caught job failure past its gist (aborted, or not
 *   serializable): PySpark's carries a Python traceback;
 * - layouts of programs using operations PySpark builds in Python
 *   (`pyspark/core/rdd.py`): joins are a union and a groupByKey, sortByKey runs
 *   a count and a sample job, zipWithIndex counts every partition;
 * - the differences in KNOWN_DIFFERENCES, each with its reason;
 * - DataFrame programs (the SQL lessons' solutions): the export translates the
 *   RDD API, not `spark`, `F` and DataFrames yet (issue 14), so they are listed
 *   as skipped, with that reason, instead of run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportToPySpark } from '../../engine/export/pyspark';
import { EXAMPLES } from '../../playground/examples';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Operations whose PySpark layout is not Spark core's (pyspark/core/rdd.py builds them in Python). */
const PYSPARK_OWN_LAYOUT =
  /\.(join|leftOuterJoin|rightOuterJoin|fullOuterJoin|cogroup|sortByKey|sortBy|zipWithIndex|countByKey|countByValue|intersection|subtract)\(/;

/** Where a PySpark program rightly differs from its JavaScript original, by example or lesson id. */
const KNOWN_DIFFERENCES: Record<
  string,
  { order?: string; line?: { prefix: string; reason: string }; layout?: string }
> = {
  // PySpark hashes keys with portable_hash, the JVM with hashCode: keys land in other partitions, so collect() lists them in another order.
  joins: { order: 'keys placed by portable_hash' },
  'partitioner-reuse': { order: 'keys placed by portable_hash' },
  skew: { order: 'keys placed by portable_hash' },
  // Words tied on their count come in collect()'s order, which the partitioner decides (see above).
  'word-count': { line: { prefix: 'most common:', reason: 'ties among the top five come in collect() order' } },
  caching: { line: { prefix: 'top 3:', reason: 'ties for third place come in partition order' } },
  // PySpark's coalesce(shuffle=True) deals out pickled batches of rows, not rows (pyspark/core/rdd.py coalesce).
  '13-skew-repartition-coalesce': {
    line: { prefix: 'errors per partition:', reason: 'repartition deals out batches of rows in PySpark' },
  },
  // PySpark pickles the function on the driver and refuses the SparkContext there, before any job; Spark core starts the job and aborts it.
  'not-serializable': { layout: 'PySpark refuses to pickle sc before submitting a job' },
};

interface Program {
  id: string;
  source: string;
}

/** A program that uses the DataFrame API, which the export does not translate yet. */
const DATAFRAME_PROGRAM = /\b(?:spark\.(?:read\b|range\(|createDataFrame\(|sql\(|table\(|conf\.|catalog\.)|F\.\w+\()/;

function programs(): Program[] {
  const list: Program[] = EXAMPLES.map((example) => ({ id: example.id, source: example.source }));
  const lessons = join(root, 'lessons');
  for (const folder of readdirSync(lessons).sort()) {
    const solution = join(lessons, folder, 'solution.js');
    if (existsSync(solution)) list.push({ id: folder, source: readFileSync(solution, 'utf8') });
  }
  return list;
}

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
  jobs: { stages: { tasks: number; skipped: boolean }[] }[];
}

function run(file: string, log: string): Run {
  const result = spawnSync('node', [join(root, 'scripts/batch-client.mjs'), 'run', file, '--event-log', log], {
    encoding: 'utf8',
    cwd: dirname(file),
  });
  return {
    stdout: result.stdout,
    stderr: result.stderr,
    status: result.status,
    jobs: existsSync(log) ? layout(log) : [],
  };
}

/** Per job (in id order), its stages in id order: task count and whether it was skipped. */
function layout(log: string): Run['jobs'] {
  const events = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const submitted = new Set<number>();
  for (const event of events) {
    if (event.Event === 'SparkListenerStageSubmitted') {
      submitted.add((event['Stage Info'] as { 'Stage ID': number })['Stage ID']);
    }
  }
  return events
    .filter((event) => event.Event === 'SparkListenerJobStart')
    .sort((a, b) => (a['Job ID'] as number) - (b['Job ID'] as number))
    .map((event) => ({
      stages: (event['Stage Infos'] as { 'Stage ID': number; 'Number of Tasks': number }[])
        .slice()
        .sort((a, b) => a['Stage ID'] - b['Stage ID'])
        .map((stage) => ({ tasks: stage['Number of Tasks'], skipped: !submitted.has(stage['Stage ID']) })),
    }));
}

/** The output with lineage removed (PySpark's is PythonRDDs) and caught job failures reduced to their first words. */
function comparable(stdout: string): string[] {
  const lines: string[] = [];
  let inLineage = false;
  for (const line of stdout.split('\n')) {
    const lineageStart = /^\(\d+\) \S+\[\d+\]/.test(line);
    if (lineageStart || (inLineage && /^\s*(\||\+-)/.test(line))) {
      if (lineageStart) lines.push('<lineage>');
      inLineage = true;
      continue;
    }
    inLineage = false;
    lines.push(line);
  }
  return lines;
}

/** Caught failures: both say the job was aborted (or the task not serializable); the rest is each language's own. */
function failureGist(line: string): string | null {
  if (/not serializable|SparkContext can only be used on the driver/i.test(line)) return '<not serializable>';
  if (/Job aborted due to stage failure/.test(line)) return '<job aborted>';
  return null;
}

/** Each failure's text reduced to its gist: the lines after it that the other output lacks are its own detail. */
function gist(lines: string[], other: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let inFailure = false;
  for (const line of lines) {
    if (/^An error occurred while calling /.test(line)) continue; // Py4J's first line, before Spark's message.
    const failure = failureGist(line);
    if (failure) {
      if (out[out.length - 1] !== failure) out.push(failure);
      inFailure = true;
      continue;
    }
    if (inFailure && (!other.has(line) || /^(Driver stacktrace:|\s*)$/.test(line))) continue;
    inFailure = false;
    out.push(line);
  }
  return out;
}

function sameOutput(
  jsLines: string[],
  pyLines: string[],
  known: (typeof KNOWN_DIFFERENCES)[string] = {},
): string | null {
  let js = gist(jsLines, new Set(pyLines));
  let py = gist(pyLines, new Set(jsLines));
  if (known.line) {
    // The line, and the rest of what the same console.log printed (indented lines and the closing bracket).
    const drop = (lines: string[]) => {
      const out: string[] = [];
      let dropping = false;
      for (const line of lines) {
        if (line.startsWith(known.line!.prefix)) dropping = true;
        else if (dropping && !/^(\s|\])/.test(line)) dropping = false;
        if (!dropping) out.push(line);
      }
      return out;
    };
    js = drop(js);
    py = drop(py);
  }
  if (known.order) {
    // The same elements in another order: compare the printed tokens as multisets.
    const tokens = (lines: string[]) =>
      lines
        .join(' ')
        .split(/[\s,[\]]+/)
        .filter(Boolean)
        .sort()
        .join(' ');
    return tokens(js) === tokens(py)
      ? null
      : `(in any order) JavaScript ${JSON.stringify(js)}, Python ${JSON.stringify(py)}`;
  }
  for (let i = 0; i < Math.max(js.length, py.length); i++) {
    if (js[i] !== py[i])
      return `line ${i + 1}: JavaScript printed ${JSON.stringify(js[i])}, Python ${JSON.stringify(py[i])}`;
  }
  return null;
}

function main(): number {
  const only = new Set(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'kindling-export-'));
  // textFile paths resolve against the program's folder: the examples read data/books there, as on the site.
  cpSync(join(root, 'public/data'), join(work, 'data'), { recursive: true });
  const started = Date.now();
  let failures = 0;
  let passed = 0;
  let skipped = 0;
  try {
    for (const program of programs()) {
      if (only.size && !only.has(program.id)) continue;
      if (DATAFRAME_PROGRAM.test(program.source)) {
        skipped += 1;
        console.log(`skip ${program.id}: a DataFrame program (the export translates the RDD API only)`);
        continue;
      }
      const jsFile = join(work, `${program.id}.js`);
      const pyFile = join(work, `${program.id.replaceAll('-', '_')}.py`);
      writeFileSync(jsFile, program.source);
      const exported = exportToPySpark(program.source, { fileName: pyFile.split('/').pop()! });
      writeFileSync(pyFile, exported.source);
      const problems: string[] = [];
      const untranslated = exported.flagged.filter((flag) => flag.kind === 'untranslated');
      if (untranslated.length) {
        problems.push(`not translated: ${untranslated.map((flag) => `line ${flag.line} (${flag.reason})`).join('; ')}`);
      }
      const js = run(jsFile, join(work, `${program.id}.js.log`));
      const py = run(pyFile, join(work, `${program.id}.py.log`));
      const known = KNOWN_DIFFERENCES[program.id] ?? {};
      const tail = (text: string) => text.split('\n').slice(-12).join('\n    ');
      if (js.status !== 0) problems.push(`the JavaScript program exited ${js.status}:\n    ${tail(js.stderr)}`);
      if (py.status !== 0) problems.push(`the Python program exited ${py.status}:\n    ${tail(py.stderr)}`);
      const difference = sameOutput(comparable(js.stdout), comparable(py.stdout), known);
      if (difference) problems.push(`output differs at ${difference}`);
      const compareLayout = !PYSPARK_OWN_LAYOUT.test(program.source) && !known.layout;
      if (compareLayout && JSON.stringify(js.jobs) !== JSON.stringify(py.jobs)) {
        problems.push(
          `layouts differ:\n  JavaScript ${JSON.stringify(js.jobs)}\n  Python     ${JSON.stringify(py.jobs)}`,
        );
      }
      if (problems.length) {
        failures += 1;
        console.log(`FAIL ${program.id}\n  ${problems.join('\n  ')}`);
      } else {
        passed += 1;
        console.log(
          `ok   ${program.id}${compareLayout ? ` (${js.jobs.length} jobs, same layout)` : ' (output; PySpark lays it out its own way)'}`,
        );
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`export round trip: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failures ? 1 : 0;
}

process.exitCode = main();
