/** Where in the learner's program an RDD or job came from: "map at wordcount.js:4". */
export interface CallSite {
  method: string;
  file: string;
  line: number;
  column: number;
  /** Spark's short form: `map at wordcount.js:4`. */
  shortForm: string;
  /** Spark's long form: the user frames of the stack, one per line (StageInfo "Details"). */
  longForm: string;
}

interface Frame {
  url: string;
  line: number;
  column: number;
  text: string;
}

const FRAME = /(?:at\s+(?:.*?\()?|@)((?:blob:)?[a-z][\w+.-]*:[^\s)]*?|\/[^\s)]*?|[^\s()]+?):(\d+):(\d+)\)?\s*$/i;

function parseStack(stack: string | undefined): Frame[] {
  if (!stack) return [];
  const frames: Frame[] = [];
  for (const text of stack.split('\n')) {
    const m = FRAME.exec(text.trim());
    if (m) frames.push({ url: m[1], line: Number(m[2]), column: Number(m[3]), text: text.trim() });
  }
  return frames;
}

/**
 * Finds the learner's frame in a stack. In the runner and playground the
 * program runs from one module URL (a blob:) reported as `fileName`; library
 * callers (tests) get the first frame outside the engine.
 */
export class CallSiteResolver {
  constructor(
    readonly programUrl?: string,
    readonly fileName = 'program.js',
    /** Maps a column of the running (rewritten) program back to the learner's source. */
    readonly mapColumn: (line: number, column: number) => number = (_l, c) => c,
    /**
     * Without a program URL, whether the first frame outside the engine is the caller's (a library caller, a
     * test); false where the program is not JavaScript (a Python driver: its frames are Pyodide's).
     */
    readonly libraryFrames = true,
  ) {}

  resolve(method: string, stack = new Error().stack): CallSite {
    const frames = parseStack(stack);
    let user: Frame[];
    if (this.programUrl) {
      user = frames.filter((f) => f.url === this.programUrl);
    } else {
      user = frames.filter(
        (f) =>
          !/\/engine\/|node_modules|node:|\(native\)|\/@vite\/|\/@fs\/.*\/engine\//.test(f.url) &&
          !f.url.includes('/assets/'),
      );
    }
    const top = user[0];
    const file = top
      ? this.programUrl
        ? this.fileName
        : (top.url.split(/[?#]/)[0].split(/[\\/]/).pop() ?? top.url)
      : this.fileName;
    const line = top?.line ?? 0;
    return {
      method,
      file,
      line,
      column: top ? this.mapColumn(top.line, top.column) : 0,
      shortForm: `${method} at ${file}:${line}`,
      longForm: user
        .map((f) => (this.programUrl ? f.text.split(this.programUrl).join(this.fileName) : f.text))
        .join('\n'),
    };
  }

  /** Whether the stack can show where the program is: a JavaScript program, or a library caller. */
  get seesProgram(): boolean {
    return this.programUrl !== undefined || this.libraryFrames;
  }

  /**
   * Where the caller's code is now: the program's frame (or, for a library caller, the first frame outside the
   * engine), as a 1-based line and column; undefined when no frame is the program's.
   */
  position(stack = new Error().stack): { line: number; column: number } | undefined {
    if (this.programUrl) return this.locate(stack);
    if (!this.seesProgram) return undefined;
    const site = this.resolve('position', stack);
    return site.line > 0 ? { line: site.line, column: site.column } : undefined;
  }

  /** The 1-based line and column in the program of the first program frame of `stack`, if any. */
  locate(stack: string | undefined): { line: number; column: number } | undefined {
    if (!this.programUrl) return undefined;
    const f = parseStack(stack).find((fr) => fr.url === this.programUrl);
    return f && { line: f.line, column: this.mapColumn(f.line, f.column) };
  }
}
