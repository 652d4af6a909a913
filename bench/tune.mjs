// Builds and runs bench/tune.ts (tuning sweeps on ML-100K) and, unless --no-torch, trains the best
// u1 configuration with the PyTorch reference (bench/torch_ref.py) on the same split; writes
// bench/results/tune.json. Needs `npm run build` first (dist/tune-worker.js).
//   node bench/tune.mjs [startup,grid,u1] [--no-torch]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const parts = args.find((a) => !a.startsWith('--')) ?? 'startup,grid,u1';
const build = (name) => {
  const js = join(here, '..', 'out', 'bench', `${name}.js`);
  return esbuild.build({
    entryPoints: [join(here, `${name}.ts`)], outfile: js, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', loader: { '.wasm': 'binary' }, logLevel: 'warning',
  }).then(() => js);
};
function runJson(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const result = { ...runJson(process.execPath, [await build('tune'), parts]), date: new Date().toISOString() };
const best = result.u1?.best;
if (best && !args.includes('--no-torch')) {
  // sigmoid_range (0, 5.5): defaultYRange of 1-5 stars, what the sweep used. The same split file bench/run.mjs trains both engines on (u1.base / u1.test, items by id).
  const ours = await build('ours');
  const split = join(tmpdir(), 'collab-bench', 'u1.bin');
  mkdirSync(dirname(split), { recursive: true });
  if (!existsSync(split)) runJson(process.execPath, [ours, 'prepare-u1', split]);
  const c = best.config;
  const flags = ['--model', c.model, '--epochs', c.epochs, '--bs', c.bs, '--lr', c.lr, '--wd', c.wd, '--factors', c.factors,
    '--y-range', '0,5.5', '--seed', c.seed].map(String);
  const torch = runJson('/usr/bin/python3', [join(here, 'torch_ref.py'), split, ...flags, '--threads', '1']);
  const collab = runJson(process.execPath, [ours, 'train', split, ...flags]);
  result.u1.sameConfig = {
    flags: flags.join(' '),
    pytorch: { validRmse: torch.validRmse, seconds: torch.seconds },
    collab: { validRmse: collab.validRmse ?? Math.sqrt(collab.validMse), seconds: collab.seconds },
  };
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'tune.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
