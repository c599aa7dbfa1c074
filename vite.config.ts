import { defineConfig, type Plugin, type PluginOption, type UserConfig, type ViteDevServer } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { kindlingLessons } from './scripts/vite-lessons';
import { pyodideAssets } from './scripts/vite-pyodide';

const root = import.meta.dirname;

/**
 * Builds the embed widget (playground/widget/widget.vite.config.ts and
 * loader.vite.config.ts) and adds
 * its files to this build under `widget/`, so they are in `dist/` before the
 * service worker's precache list is made. Only for the site's build: the
 * headless runner builds runner.html alone with this config and needs no widget.
 */
function embedWidget(): Plugin {
  const staging = join(root, 'node_modules', '.kindling-widget');
  let isSiteBuild = false;
  return {
    name: 'kindling:embed-widget',
    apply: 'build',
    configResolved(config) {
      const input = config.build.rollupOptions.input;
      isSiteBuild = typeof input === 'object' && input !== null && 'main' in input;
    },
    async buildStart() {
      if (!isSiteBuild) return;
      const { build } = await import('vite');
      // The modules first (it empties the folder), then the classic loader beside them.
      for (const config of ['widget.vite.config.ts', 'loader.vite.config.ts']) {
        await build({ configFile: join(root, 'playground', 'widget', config), root, build: { outDir: staging } });
      }
    },
    async generateBundle() {
      if (!isSiteBuild) return;
      for (const name of await readdir(staging, { recursive: true, withFileTypes: true })) {
        if (!name.isFile()) continue;
        const path = join(name.parentPath, name.name);
        this.emitFile({
          type: 'asset',
          fileName: `widget/${path.slice(staging.length + 1)}`,
          source: await readFile(path),
        });
      }
    },
    async closeBundle() {
      if (isSiteBuild) await rm(staging, { recursive: true, force: true });
    },
  };
}

/**
 * The embed widget under `npm run dev`: the files a build puts in `widget/`,
 * made on request, so embed.html and pages with <kindling-playground> work
 * in development as they do deployed.
 *
 * - `widget/kindling-element.js` and everything it imports come from a second
 *   Vite server with the widget's own config (its CSS injected into the
 *   element's shadow root, which this server's styles cannot reach), mounted
 *   at `/widget/`. The module is served under its built name, so it finds the
 *   site's root one folder up (`new URL('../', import.meta.url)`) as it does
 *   in a build.
 * - `widget/kindling-playground.js` is the classic loader, built once with
 *   its own config (a few seconds at the first request) and kept in memory;
 *   an edit to loader.ts needs a restart of `npm run dev`.
 */
function embedWidgetDev(): Plugin {
  let widget: ViteDevServer | undefined;
  let loader: Promise<string> | undefined;
  const buildLoader = async (): Promise<string> => {
    const { build } = await import('vite');
    const output = await build({
      configFile: join(root, 'playground', 'widget', 'loader.vite.config.ts'),
      root,
      logLevel: 'warn',
      build: { write: false, minify: false },
    });
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) =>
      'output' in result ? result.output : [],
    );
    const script = chunks.find((chunk) => chunk.type === 'chunk');
    if (!script || script.type !== 'chunk') throw new Error('the widget loader built to nothing');
    return script.code;
  };
  return {
    name: 'kindling:embed-widget-dev',
    apply: 'serve',
    async configureServer(server) {
      const { createServer } = await import('vite');
      widget = await createServer({
        configFile: join(root, 'playground', 'widget', 'widget.vite.config.ts'),
        root,
        base: '/widget/',
        // Its own pre-bundled dependencies: the site's server optimises other ones into its cache.
        cacheDir: join(root, 'node_modules', '.vite-widget'),
        // Its HMR socket on this server's port, at /widget/ (each server answers only its own path): the
        // modules it serves import Vite's client, whose failure to connect would fail a run.
        server: { middlewareMode: true, hmr: server.httpServer ? { server: server.httpServer } : false },
        appType: 'custom',
      });
      server.middlewares.use((request, response, next) => {
        const url = request.url ?? '';
        if (url.split('?')[0] === '/widget/kindling-playground.js') {
          loader ??= buildLoader();
          loader.then(
            (code) => {
              response.setHeader('content-type', 'text/javascript; charset=utf-8');
              response.setHeader('cache-control', 'no-cache');
              response.end(code);
            },
            (error: unknown) => {
              loader = undefined;
              next(error);
            },
          );
          return;
        }
        if (!url.startsWith('/widget/') || !widget) return next();
        if (url.split('?')[0] === '/widget/kindling-element.js')
          request.url = '/widget/playground/widget/element.svelte.ts';
        widget.middlewares(request, response, next);
      });
      server.httpServer?.once('close', () => void widget?.close());
    },
  };
}

/** True for the site's build and dev server; false for the headless runner's build of runner.html alone. */
function isSiteConfig(config: UserConfig): boolean {
  const input = config.build?.rollupOptions?.input;
  return typeof input === 'object' && input !== null && 'main' in input;
}

/**
 * The offline PWA: manifest, and a service worker precaching everything the
 * build holds (the app, the widget under widget/, the lessons bundled into it,
 * the datasets). `prompt`: a new version waits for the reader (playground/pwa/).
 */
function pwa(): PluginOption[] {
  const plugins = VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    manifest: {
      name: 'Kindling — Spark in your browser',
      short_name: 'Kindling',
      description: 'Write Spark RDD programs and run them for real in your browser, with Web Worker executors.',
      theme_color: '#1f1d1a',
      background_color: '#f7f5f0',
      display: 'standalone',
      start_url: './',
      scope: './',
      icons: [
        { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      // Also every kind of file a course may ship (engine/lessons/course-files.ts), for a site built with one.
      globPatterns: [
        '**/*.{html,js,css,svg,png,jpg,jpeg,gif,webp,avif,json,jsonl,ndjson,log,txt,csv,tsv,parquet,md,webmanifest}',
      ],
      // Python (13 MB of Pyodide, and the chunks that load it) is not fetched for readers who never run it:
      // it is cached the first time a Python program runs, and works offline from then on.
      globIgnores: ['pyodide-*/**', '**/python-*.js'],
      runtimeCaching: [
        {
          urlPattern: ({ url }) =>
            /\/pyodide-[^/]+\/[^/]+$/.test(url.pathname) || /\/python-[^/]+\.js$/.test(url.pathname),
          handler: 'CacheFirst',
          options: { cacheName: 'kindling-python' },
        },
      ],
      // The DAG layout worker (elkjs) is 1.6 MB.
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      // embed.html?mode=…&dag=on is embed.html: options never name another file.
      ignoreURLParametersMatching: [/.*/],
      navigateFallback: null,
      cleanupOutdatedCaches: true,
    },
  });
  // The headless runner builds runner.html with this config: it gets no service worker.
  return plugins.map((plugin) => {
    const apply = plugin.apply;
    return {
      ...plugin,
      apply: (config, env) =>
        isSiteConfig(config) && (typeof apply === 'function' ? apply(config, env) : !apply || apply === env.command),
    } satisfies Plugin;
  });
}

export default defineConfig({
  // Relative URLs everywhere: the built folder works from any host at any path (root or a subfolder).
  base: './',
  plugins: [svelte(), kindlingLessons(root), pyodideAssets(), embedWidget(), embedWidgetDev(), pwa()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: resolve(root, 'index.html'),
        runner: resolve(root, 'runner.html'),
      },
    },
  },
});
