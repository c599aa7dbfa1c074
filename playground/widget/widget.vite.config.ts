/**
 * The embed widget's build, two parts (vite.config.ts runs both and copies
 * them into `widget/`, before the service worker's precache list is made):
 *
 * - this config: the widget's ES modules. `kindling-element.js` defines
 *   <kindling-playground>; the editor, the engine's page side, the views and
 *   the workers are chunks of their own under `assets/`, fetched when first
 *   needed (see Widget.svelte). Every component's CSS is injected at run time:
 *   Svelte puts it in the element's shadow root, so the page needs no stylesheet.
 * - loader.vite.config.ts: `kindling-playground.js`, the small classic script
 *   a page includes, which imports kindling-element.js (see loader.ts).
 *
 * embed.html (the iframe route, in public/) loads the same two scripts, so a
 * page with widgets and iframes fetches each chunk once (the HTTP cache).
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  publicDir: false,
  logLevel: 'warn',
  plugins: [
    svelte({
      compilerOptions: { css: 'injected' },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
    // Not library mode: that inlines assets as data: URLs, and the DAG's layout worker cannot start from one.
    rolldownOptions: {
      input: { 'kindling-element': resolve(import.meta.dirname, 'element.svelte.ts') },
      output: { entryFileNames: '[name].js', chunkFileNames: 'assets/[name]-[hash].js' },
    },
  },
});
