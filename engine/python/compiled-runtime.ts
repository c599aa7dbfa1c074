/**
 * Pyodide's WebAssembly module (`pyodide.asm.wasm`, 9.6 MB) compiled once and
 * instantiated by every interpreter of a page: the driver's and one per
 * executor task thread, for every Python program the page runs. Left to
 * itself, Pyodide's loader fetches and compiles the module in each worker
 * that starts Python: five compilations per program, about 1.5 CPU-seconds
 * on the 2-core machine (V8's compile threads), and each worker tiers up its
 * own copy of the hot functions. A compiled `WebAssembly.Module` is not state:
 * it is the code, and every interpreter instantiated from it gets memory of
 * its own (restored from a snapshot or started afresh), as before.
 *
 * It moves between workers by postMessage (a Module is cloneable between the
 * workers of one page, which share the compiled code).
 */
import type { loadPyodide } from 'pyodide';

type LoaderOptions = NonNullable<Parameters<typeof loadPyodide>[0]>;
type CreatePyodideModule = NonNullable<LoaderOptions['createPyodideModule']>;
type EmscriptenSettings = Parameters<CreatePyodideModule>[0];
type Receive = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;

/** The runtime's WebAssembly file in the folder that serves Pyodide. */
export const RUNTIME_WASM = 'pyodide.asm.wasm';

/**
 * Compiles the runtime served from `pythonExec` (streaming: compiling while it downloads).
 *
 * @example
 * const runtime = await compileRuntime(new URL('pyodide-314.0.8/', location.href).href);
 */
export async function compileRuntime(pythonExec: string): Promise<WebAssembly.Module> {
  const url = new URL(RUNTIME_WASM, pythonExec);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Failed to load ${url.href}: ${response.status}`);
  return WebAssembly.compileStreaming(response);
}

/**
 * The two imports Pyodide's loader adds to the runtime's (its `getJsvErrorImport`): a sentinel for
 * "a JavaScript error is pending" and its test, as a tiny WebAssembly module where the engine has
 * WebAssembly GC (so the runtime calls them without leaving WebAssembly), else as JavaScript.
 * test/unit/python-compiled-runtime.test.ts checks that the loader still carries these bytes.
 */
export const JSV_ERROR_MODULE =
  'AGFzbQEAAAABDANfAGAAAW9gAW8BfwMDAgECBygCE0pzdl9HZXRFcnJvcl9pbXBvcnQAAA5Kc3ZFcnJvcl9DaGVjawABChMCBwD7AQD7GwsJACAA+xr7FAAL';

let jsvErrorImports: Promise<Record<string, unknown>> | null = null;

function errorImports(): Promise<Record<string, unknown>> {
  jsvErrorImports ??= (async () => {
    try {
      const bytes = Uint8Array.from(atob(JSV_ERROR_MODULE), (c) => c.charCodeAt(0));
      const { exports } = await WebAssembly.instantiate(await WebAssembly.compile(bytes));
      return { Jsv_GetError_import: exports.Jsv_GetError_import, JsvError_Check: exports.JsvError_Check };
    } catch (e) {
      if (!(e instanceof WebAssembly.CompileError)) throw e;
      const marker = Symbol('error marker');
      return { Jsv_GetError_import: () => marker, JsvError_Check: (v: unknown) => v === marker };
    }
  })();
  return jsvErrorImports;
}

/**
 * Loader options that start an interpreter from `runtime` instead of fetching and compiling
 * `pyodide.asm.wasm`: Pyodide's `createPyodideModule` (its Emscripten module factory, from
 * `pyodide.asm.mjs`) with an `instantiateWasm` hook (Emscripten's) that instantiates `runtime`.
 * `run` is the loader's call: while it runs, the loader's own request for the wasm file (made as
 * it reads its options, before any hook) is answered with nothing, since nothing reads it.
 */
export async function startFromCompiledRuntime<T>(
  pythonExec: string,
  runtime: WebAssembly.Module,
  run: (options: Pick<LoaderOptions, 'createPyodideModule'>) => Promise<T>,
): Promise<T> {
  const [factory, jsv] = await Promise.all([
    import(/* @vite-ignore */ new URL('pyodide.asm.mjs', pythonExec).href) as Promise<{ default: CreatePyodideModule }>,
    errorImports(),
  ]);
  let failed!: (error: unknown) => void;
  const instantiationFailed = new Promise<never>((_, reject) => (failed = reject));
  const createPyodideModule: CreatePyodideModule = (settings: EmscriptenSettings) => {
    const hooked = settings as { instantiateWasm?: (imports: { env: object }, receive: Receive) => object };
    hooked.instantiateWasm = (imports, receive) => {
      Object.assign(imports.env, jsv);
      // Emscripten waits for `receive` only: a failure must end the load, not leave it waiting.
      WebAssembly.instantiate(runtime, imports as WebAssembly.Imports).then(
        (instance) => receive(instance, runtime),
        failed,
      );
      return {};
    };
    return Promise.race([factory.default(settings), instantiationFailed]);
  };
  const release = answerWithNothing(new URL(RUNTIME_WASM, pythonExec).href);
  try {
    return await run({ createPyodideModule });
  } finally {
    release();
  }
}

/** URLs that `fetch` answers with an empty response while a load needs it (see startFromCompiledRuntime). */
const unread = new Map<string, number>();
let fetchAsBefore: typeof fetch | null = null;

function answerWithNothing(url: string): () => void {
  unread.set(url, (unread.get(url) ?? 0) + 1);
  if (!fetchAsBefore) {
    const original = globalThis.fetch;
    fetchAsBefore = original;
    globalThis.fetch = (input, init) =>
      unread.has(requestUrl(input)) ? Promise.resolve(new Response(null)) : original.call(globalThis, input, init);
  }
  return () => {
    const left = (unread.get(url) ?? 1) - 1;
    if (left > 0) unread.set(url, left);
    else unread.delete(url);
    if (unread.size === 0 && fetchAsBefore) {
      globalThis.fetch = fetchAsBefore;
      fetchAsBefore = null;
    }
  };
}

function requestUrl(input: RequestInfo | URL): string {
  return input instanceof Request ? input.url : new URL(String(input), globalThis.location?.href).href;
}
