/**
 * The export round trip: every shipped JavaScript example and lesson solution,
 * RDD and DataFrame programs alike, is exported to PySpark and run on Kindling's Python runtime; the Python
 * program must print what the JavaScript one printed and, where PySpark lays a
 * program out as Spark core does, run the same jobs with the same stages and
 * task counts.
 *
 *   npm run --silent kindling -- batch -- npx tsx test/export/round-trip.ts [ID ...]
 *   npm run --silent kindling -- batch -- npx tsx test/export/round-trip.ts --record [ID ...]
 *
 * The JavaScript side is recorded, not rerun: `--record` runs each JavaScript
 * program with `kindling run` and writes its output, exit status and layout
 * to expected-js.json with the digest of the program it ran (a unit test fails
 * when an example or solution changed since; see programs.ts). The check runs
 * the Python side only, and runs it the way a PySpark test suite does: the
 * programs one after another in one Python driver with one SparkContext, so
 * Python and the executors' interpreters start once. Each program gets fresh
 * globals, its output is told apart by a marker line and its jobs by a local
 * property (`kindling.roundTrip.program`, carried in each JobStart), what
 * it cached is unpersisted after it, and the settings it gave the session
 * (`spark.conf.set`) are taken back. Programs that inject faults or kill an
 * executor change their context for what follows, so each of them runs alone.
 *
 * What is not compared, and why, is listed here rather than hidden:
 * - lineage (`toDebugString`): PySpark's RDDs are PythonRDDs over the JVM's;
 * - expression ids and plan ids in printed plans (`category#4`,
 *   `[plan_id=13]`): they are numbered as they are made, and the shared
 *   driver has made other programs' first (Spark's own runs differ the same
 *   way);
 * - whole-stage codegen ids (`*(2)`) in adaptive plans: Kindling numbers a
 *   query stage's codegen stages when it plans the stage, and under adaptive
 *   execution which stage is planned first varies from run to run (in our
 *   runs the same exported program numbered them differently twice);
 * - the text of a caught job failure past its gist (aborted, or not
 *   serializable): PySpark's carries a Python traceback;
 * - layouts of programs using operations PySpark builds in Python
 *   (`pyspark/core/rdd.py`): joins are a union and a groupByKey, sortByKey runs
 *   a count and a sample job, zipWithIndex counts every partition;
 * - the differences in KNOWN_DIFFERENCES, each with its reason.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exportToPySpark } from '../../engine/export/pyspark';
import {
  EXPECTED_FILE,
  needsOwnContext,
  readRecorded,
  ROOT as root,
  roundTripPrograms,
  sourceDigest,
  type Layout,
  type Program,
  type Recorded,
} from './programs';

/**
 * RDD operations whose PySpark layout is not Spark core's (pyspark/core/rdd.py builds them in Python). A
 * DataFrame's join or sort is Spark SQL's in both languages, so only the RDD calls the export made count.
 */
const PYSPARK_OWN_LAYOUT = new Set(
  'join leftOuterJoin rightOuterJoin fullOuterJoin cogroup sortByKey sortBy zipWithIndex countByKey countByValue intersection subtract'.split(
    ' ',
  ),
);

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

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
  jobs: Layout;
}

/** The local property that names, in each JobStart, the program whose job it is. */
const PROGRAM_PROPERTY = 'kindling.roundTrip.program';
/** Starts and ends each program's output in the shared Python run. */
const MARK = '\u241ekindling-round-trip';

/** `kindling run FILE` through the batch page; what it printed, how it exited, and the event log. */
function run(
  file: string,
  log: string,
  timeoutSeconds = 300,
): { stdout: string; stderr: string; status: number | null; events: Event[] } {
  const result = spawnSync(
    'node',
    [join(root, 'scripts/batch-client.mjs'), 'run', file, '--event-log', log, '--timeout', String(timeoutSeconds)],
    { encoding: 'utf8', cwd: dirname(file), maxBuffer: 256 * 1024 * 1024 },
  );
  return {
    stdout: result.stdout,
    stderr: result.stderr,
    status: result.status,
    events: existsSync(log) ? readEvents(log) : [],
  };
}

type Event = Record<string, unknown>;

function readEvents(log: string): Event[] {
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Event);
}

/** Per job (in id order), its stages in id order: task count and whether it was skipped; only `program`'s jobs when named. */
function layout(events: Event[], program?: string): Layout {
  const submitted = new Set<number>();
  for (const event of events) {
    if (event.Event === 'SparkListenerStageSubmitted') {
      submitted.add((event['Stage Info'] as { 'Stage ID': number })['Stage ID']);
    }
  }
  return events
    .filter((event) => event.Event === 'SparkListenerJobStart')
    .filter(
      (event) =>
        program === undefined ||
        (event.Properties as Record<string, string> | undefined)?.[PROGRAM_PROPERTY] === program,
    )
    .sort((a, b) => (a['Job ID'] as number) - (b['Job ID'] as number))
    .map((event) => ({
      stages: (event['Stage Infos'] as { 'Stage ID': number; 'Number of Tasks': number }[])
        .slice()
        .sort((a, b) => a['Stage ID'] - b['Stage ID'])
        .map((stage) => ({ tasks: stage['Number of Tasks'], skipped: !submitted.has(stage['Stage ID']) })),
    }));
}

/**
 * One Python driver that runs every exported program in turn, as `spark-submit`
 * would run each file (`__main__`, its own globals, its file name in
 * tracebacks), with the one SparkContext their `getOrCreate` finds.
 */
function sharedDriver(programs: { id: string; fileName: string; source: string }[]): string {
  // JSON strings are Python string literals.
  const table = programs
    .map((p) => `    (${JSON.stringify(p.id)}, ${JSON.stringify(p.fileName)}, ${JSON.stringify(p.source)}),`)
    .join('\n');
  return `import sys
import traceback
from pyspark import SparkContext

sc = SparkContext.getOrCreate()
PROGRAMS = [
${table}
]
for program_id, file_name, source in PROGRAMS:
    print(${JSON.stringify(MARK)} + " start " + program_id, flush=True)
    sc.setLocalProperty(${JSON.stringify(PROGRAM_PROPERTY)}, program_id)
    namespace = {"__name__": "__main__", "__file__": file_name}
    # The settings a DataFrame program gives its session (spark.conf.set) would stay for the next one.
    session = sys.modules["pyspark.sql.session"].SparkSession._instantiatedSession if "pyspark.sql.session" in sys.modules else None
    settings = dict(session._options) if session is not None else {}
    status = 0
    failure = ""
    try:
        exec(compile(source, file_name, "exec", dont_inherit=True), namespace)
    except SystemExit as exit:
        status = 0 if exit.code in (None, 0) else 1
    except BaseException:
        status = 1
        failure = traceback.format_exc()
    sys.stdout.flush()
    if failure:
        print(${JSON.stringify(MARK)} + " failure " + program_id, flush=True)
        print(failure, flush=True)
    session = sys.modules["pyspark.sql.session"].SparkSession._instantiatedSession if "pyspark.sql.session" in sys.modules else None
    if session is not None:
        for key in [key for key in session._options if key not in settings]:
            session.conf.unset(key)
        for key, value in settings.items():
            session.conf.set(key, value)
    # What it cached would take the next program's executor memory.
    for value in list(namespace.values()):
        if getattr(value, "is_cached", False) is True and hasattr(value, "unpersist"):
            value.unpersist()
    print(${JSON.stringify(MARK)} + " end " + program_id + " " + str(status), flush=True)
`;
}

/** The shared run's output cut at the markers: each program's lines, its exit status and its traceback. */
function splitShared(stdout: string): Map<string, { stdout: string; status: number; failure: string }> {
  const out = new Map<string, { stdout: string; status: number; failure: string }>();
  let current: { id: string; lines: string[]; failure: string[] | null } | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${MARK} start `)) {
      current = { id: line.slice(`${MARK} start `.length), lines: [], failure: null };
    } else if (line.startsWith(`${MARK} failure `) && current) {
      current.failure = [];
    } else if (line.startsWith(`${MARK} end `) && current) {
      out.set(current.id, {
        stdout: current.lines.map((l) => `${l}\n`).join(''),
        status: Number(line.split(' ').at(-1)),
        failure: (current.failure ?? []).join('\n'),
      });
      current = null;
    } else if (current) {
      (current.failure ?? current.lines).push(line);
    }
  }
  return out;
}

/** The output with lineage removed (PySpark's is PythonRDDs), expression ids blanked and caught job failures reduced to their first words. */
function comparable(stdout: string): string[] {
  const lines: string[] = [];
  let inLineage = false;
  for (const printed of stdout.split('\n')) {
    // An attribute in a plan is its name and expression id (NamedExpression.toString: name#id, L for a long).
    const line = printed
      .replace(/(\w)#\d+(L?\b)/g, '$1#_$2')
      .replace(/\*\(\d+\) /g, '*(_) ')
      .replace(/\[plan_id=\d+\]/g, '[plan_id=_]');
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

/** `--record`: runs each JavaScript program and writes what it gave to expected-js.json. */
function record(programs: Program[], work: string): number {
  const recorded: Recorded = existsSync(EXPECTED_FILE) ? readRecorded() : {};
  let failures = 0;
  for (const program of programs) {
    const jsFile = join(work, `${program.id}.js`);
    writeFileSync(jsFile, program.source);
    const js = run(jsFile, join(work, `${program.id}.js.log`));
    if (js.status !== 0) {
      failures += 1;
      console.log(`FAIL ${program.id}: the JavaScript program exited ${js.status}:\n  ${js.stderr}`);
      continue;
    }
    recorded[program.id] = {
      digest: sourceDigest(program.source),
      status: js.status,
      stdout: js.stdout,
      jobs: layout(js.events),
    };
    console.log(`recorded ${program.id} (${recorded[program.id].jobs.length} jobs)`);
  }
  // In the programs' order, and only programs that exist.
  const ordered: Recorded = {};
  for (const program of roundTripPrograms()) if (recorded[program.id]) ordered[program.id] = recorded[program.id];
  writeFileSync(EXPECTED_FILE, JSON.stringify(ordered, null, 2) + '\n');
  console.log(`wrote ${EXPECTED_FILE}`);
  return failures ? 1 : 0;
}

/** The check: every program's Python export, run, against its recorded JavaScript run. */
function check(programs: Program[], work: string): number {
  const recorded = readRecorded();
  const exported = programs.map((program) => {
    const fileName = `${program.id.replaceAll('-', '_')}.py`;
    return { ...program, fileName, python: exportToPySpark(program.source, { fileName }) };
  });
  const runs = new Map<string, Run>();
  const shared = exported.filter((program) => !needsOwnContext(program.source));
  if (shared.length) {
    const file = join(work, 'round_trip_shared.py');
    writeFileSync(file, sharedDriver(shared.map((p) => ({ id: p.id, fileName: p.fileName, source: p.python.source }))));
    const started = Date.now();
    const result = run(file, join(work, 'round_trip_shared.py.log'), 1800);
    console.log(`${shared.length} programs in one Python driver: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const segments = splitShared(result.stdout);
    for (const program of shared) {
      const segment = segments.get(program.id);
      runs.set(program.id, {
        stdout: segment?.stdout ?? '',
        // A program that never reached its end marker took the whole run down: the run's own error says why.
        stderr: segment ? segment.failure : result.stderr,
        status: segment ? segment.status : (result.status ?? 1) || 1,
        jobs: layout(result.events, program.id),
      });
    }
  }
  for (const program of exported.filter((p) => needsOwnContext(p.source))) {
    const file = join(work, program.fileName);
    writeFileSync(file, program.python.source);
    const started = Date.now();
    const result = run(file, join(work, `${program.fileName}.log`));
    console.log(`${program.id} with a context of its own: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    runs.set(program.id, { ...result, jobs: layout(result.events) });
  }

  let failures = 0;
  let passed = 0;
  for (const program of exported) {
    const problems: string[] = [];
    const js = recorded[program.id];
    const py = runs.get(program.id)!;
    if (!js)
      problems.push(`no recorded JavaScript run in ${EXPECTED_FILE}: run this script with --record ${program.id}`);
    else if (js.digest !== sourceDigest(program.source))
      problems.push(`the recorded JavaScript run is of an older program: run this script with --record ${program.id}`);
    const untranslated = program.python.flagged.filter((flag) => flag.kind === 'untranslated');
    if (untranslated.length) {
      problems.push(`not translated: ${untranslated.map((flag) => `line ${flag.line} (${flag.reason})`).join('; ')}`);
    }
    const tail = (text: string) => text.split('\n').slice(-12).join('\n    ');
    if (py.status !== 0) problems.push(`the Python program exited ${py.status}:\n    ${tail(py.stderr)}`);
    const known = KNOWN_DIFFERENCES[program.id] ?? {};
    const compareLayout = !program.python.rddMethods.some((method) => PYSPARK_OWN_LAYOUT.has(method)) && !known.layout;
    if (js && !problems.length) {
      const difference = sameOutput(comparable(js.stdout), comparable(py.stdout), known);
      if (difference) problems.push(`output differs at ${difference}`);
      if (compareLayout && JSON.stringify(js.jobs) !== JSON.stringify(py.jobs)) {
        problems.push(
          `layouts differ:\n  JavaScript ${JSON.stringify(js.jobs)}\n  Python     ${JSON.stringify(py.jobs)}`,
        );
      }
    }
    if (problems.length) {
      failures += 1;
      console.log(`FAIL ${program.id}\n  ${problems.join('\n  ')}`);
    } else {
      passed += 1;
      console.log(
        `ok   ${program.id}${compareLayout ? ` (${js!.jobs.length} jobs, same layout)` : ' (output; PySpark lays it out its own way)'}`,
      );
    }
  }
  console.log(`${passed} passed, ${failures} failed`);
  return failures ? 1 : 0;
}

function main(): number {
  const args = process.argv.slice(2);
  const recording = args.includes('--record');
  const only = new Set(args.filter((arg) => arg !== '--record'));
  const programs = roundTripPrograms().filter((program) => !only.size || only.has(program.id));
  const work = mkdtempSync(join(tmpdir(), 'kindling-export-'));
  // textFile paths resolve against the program's folder: the examples read data/books there, as on the site.
  cpSync(join(root, 'public/data'), join(work, 'data'), { recursive: true });
  const started = Date.now();
  try {
    return recording ? record(programs, work) : check(programs, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
    console.log(`export round trip${recording ? ' (recording)' : ''}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

process.exitCode = main();
