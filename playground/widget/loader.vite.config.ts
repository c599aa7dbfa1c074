/**
 * widget/kindling-playground.js: loader.ts as one classic script (an IIFE), so
 * a page can load it from any origin (see widget.vite.config.ts). Built after
 * the modules, into the same folder.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    target: 'es2022',
    emptyOutDir: false,
    reportCompressedSize: false,
    lib: {
      entry: resolve(import.meta.dirname, 'loader.ts'),
      formats: ['iife'],
      name: 'kindlingLoader',
      fileName: () => 'kindling-playground.js',
    },
  },
});
