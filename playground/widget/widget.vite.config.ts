/**
 * The embed widget's build: <kindling-playground> as one ES module script
 * (plus the driver, executor and DAG-layout workers it starts, which must be
 * files of their own). Every component's CSS is injected at run time: Svelte
 * puts it in the element's shadow root, so the page needs no stylesheet.
 * vite.config.ts runs this build first and copies its output into `widget/`,
 * before the service worker's precache list is made.
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
      input: resolve(import.meta.dirname, 'element.svelte.ts'),
      output: { entryFileNames: 'kindling-playground.js', codeSplitting: false },
    },
  },
});
