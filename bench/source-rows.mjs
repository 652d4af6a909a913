// Builds and runs bench/source-rows.ts (rows of an 80,000-rating item read by byte offset from a 25M-row file) and
// writes bench/results/source-rows.json.   node bench/source-rows.mjs [--rows N] [--dir DIR]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const js = join(here, '..', 'out', 'bench', 'source-rows.js');
await esbuild.build({
  entryPoints: [join(here, 'source-rows.ts')], outfile: js, bundle: true, platform: 'node', target: 'node20',
  format: 'cjs', logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--max-old-space-size=4096', js, ...process.argv.slice(2)], { encoding: 'utf8' });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const result = { ...JSON.parse(r.stdout.trim().split('\n').pop()), date: new Date().toISOString() };
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'source-rows.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(result);
