import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const root = import.meta.dirname;

/**
 * Builds the embed widget (playground/widget/widget.vite.config.ts) and adds
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
      await build({
        configFile: join(root, 'playground', 'widget', 'widget.vite.config.ts'),
        root,
        build: { outDir: staging },
      });
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

export default defineConfig({
  // Relative URLs everywhere: the built folder works from any host at any path (root or a subfolder).
  base: './',
  plugins: [svelte(), embedWidget()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: resolve(root, 'index.html'),
        // The iframe route: the embed widget for pages that cannot load scripts.
        embed: resolve(root, 'embed.html'),
        runner: resolve(root, 'runner.html'),
      },
    },
  },
});
