/**
 * `npm run build [-- --lessons DIR]`: the site's Vite build. `--lessons DIR`
 * builds it with a course folder instead of the built-in lessons (it becomes
 * KINDLING_LESSONS, see vite-lessons.ts: Vite itself refuses options it does
 * not know). Other arguments go to `vite build` as they are.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const args = process.argv.slice(2);
const env = { ...process.env };
const at = args.findIndex((arg) => arg === '--lessons' || arg.startsWith('--lessons='));
if (at !== -1) {
  const [flag] = args.splice(at, 1);
  const value = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : args.splice(at, 1)[0];
  if (!value) {
    process.stderr.write('build: --lessons needs a folder of lesson folders\n');
    process.exit(2);
  }
  env.KINDLING_LESSONS = value;
}
const vite = join(import.meta.dirname, '..', 'node_modules', '.bin', 'vite');
const result = spawnSync(vite, ['build', ...args], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
