/**
 * Every npm package that browser code imports is pre-bundled before the browser tests start (scripts/browser-deps.ts
 * says why: one found mid-run through a worker reloads the page and fails the test running there).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BROWSER_DEPS } from '../../scripts/browser-deps';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|svelte)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The bare package specifiers a file imports for its values (type-only imports vanish when compiled). */
export function packageImports(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/g))
    found.add(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.add(m[1]);
  return [...found].filter((s) => !/^(\.|\/|node:|virtual:)/.test(s) && !/^svelte(\/|$)/.test(s));
}

describe('browser dependencies', () => {
  test('the import scanner sees value imports, multi-line ones and dynamic ones, but not type-only ones', () => {
    const text = [
      "import { a } from 'pkg-a';",
      "import type { B } from 'pkg-b';",
      'import {\n  c,\n  d,\n} from "@scope/pkg-c";',
      "const e = await import('pkg-e');",
      "import './local';",
      "import { mount } from 'svelte';",
    ].join('\n');
    expect(packageImports(text).sort()).toEqual(['@scope/pkg-c', 'pkg-a', 'pkg-e']);
  });

  test('every package imported by code that runs in the browser is in optimizeDeps.include', () => {
    const missing = new Map<string, string>();
    for (const file of [...sources('engine'), ...sources('playground')]) {
      const text = readFileSync(file, 'utf8');
      // Node-only code (the CLI, the builders, the log writer, Vite configs) never reaches the browser.
      if (/from ['"]node:/.test(text) || file.endsWith('.config.ts')) continue;
      for (const spec of packageImports(text)) {
        const bare = spec.replace(/\?.*$/, '');
        if (bare.startsWith('elkjs/')) continue; // loaded as a worker URL, not as a module
        if (!BROWSER_DEPS.includes(bare) && !missing.has(bare)) missing.set(bare, file.slice(ROOT.length + 1));
      }
    }
    expect(Object.fromEntries(missing)).toEqual({});
  });
});
