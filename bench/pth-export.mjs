// Sizes and times of the fastai/PyTorch export for a 60,000-item run (issue 16): generates a planted
// sample (20,000 users x 60,000 items, ~2M ratings) in a temp folder, trains the dot model one epoch
// (and the NN with --nn: about 3.5 minutes on this 2-core machine), exports --format pth, npy and the
// notebook, imports the .pth back, and checks 1,000 predictions with PyTorch when python3+torch exist.
// Prints the figures and writes bench/results/pth-export.json.
//   node bench/pth-export.mjs [--nn]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'collab.js');
const work = mkdtempSync(join(tmpdir(), 'collab-pth-bench-'));
const runs = join(work, 'runs');
const collab = (...args) => execFileSync('node', [CLI, ...args, '--runs', runs], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 28 });
const timed = (f) => { const t = performance.now(); const out = f(); return { out, seconds: (performance.now() - t) / 1000 }; };
const sizes = (dir) => Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size]));
const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);

execFileSync('node', [CLI, 'sample', '--out', join(work, 's'), '--users', '20000', '--items', '60000', '--per-user', '100'], { cwd: work });
const results = { machine: `${process.platform} ${process.arch}, node ${process.version}`, data: '20,000 users x 60,000 items, planted sample, ~2M ratings', models: {} };
try {
  for (const model of process.argv.includes('--nn') ? ['dot', 'nn'] : ['dot']) {
    const train = timed(() => collab('train', join(work, 's', 'ratings.csv'), '--model', model, '--epochs', '1', '--json'));
    const runDir = JSON.parse(train.out.trim().split('\n').pop()).runDir;
    const pth = join(work, `pth-${model}`);
    const exportPth = timed(() => collab('export', runDir, '--format', 'pth', '--out', pth));
    const npy = join(work, `npy-${model}`);
    collab('export', runDir, '--format', 'npy', '--out', npy);
    mkdirSync(join(work, `nb-${model}`));
    const notebook = timed(() => collab('notebook', runDir, '--out', join(work, `nb-${model}`, 'run.ipynb')));
    const back = timed(() => collab('import', join(pth, 'model.pth'), '--labels', join(pth, 'classes.json'), '--out', `back-${model}`));
    let check;
    if (python) {
      const pairs = [];
      // `collab predict` on three pairs; the Python check compares fastai's forward pass on them.
      for (const [u, i] of [[1, 1], [17, 59999], [19999, 30000]]) {
        const p = JSON.parse(collab('predict', runDir, `#${u}`, `#${i}`, '--json'));
        pairs.push([p.userIndex, p.itemIndex, p.rating]);
      }
      writeFileSync(join(pth, 'pairs.json'), JSON.stringify(pairs));
      const r = spawnSync(python, [join(ROOT, 'test', 'python', 'fastai_pth.py'), 'check', pth, join(pth, 'pairs.json')], { encoding: 'utf8' });
      check = r.status === 0 ? JSON.parse(r.stdout).maxAbsDiff : r.stderr.slice(-300);
    }
    results.models[model] = {
      trainSeconds: train.seconds, exportPthSeconds: exportPth.seconds, notebookSeconds: notebook.seconds, importPthSeconds: back.seconds,
      pthFiles: sizes(pth), npyFiles: sizes(npy), notebookFiles: sizes(join(work, `nb-${model}`)), torchMaxAbsDiff: check,
    };
    console.log(model, JSON.stringify(results.models[model], null, 1));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
writeFileSync(join(ROOT, 'bench', 'results', 'pth-export.json'), JSON.stringify(results, null, 1) + '\n');
