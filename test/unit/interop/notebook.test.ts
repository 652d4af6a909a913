import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNotebook, writeNotebook, type Notebook } from '../../../src/core/interop/notebook';
import { createModel } from '../../../src/core/model';
import { RUN_FORMAT_VERSION, type LoadedRun, type TrainConfig } from '../../../src/core/run/types';
import type { FileFormat } from '../../../src/core/data/types';

const dir = mkdtempSync(join(tmpdir(), 'collab-nb-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import ast'], { stdio: 'ignore' }).status === 0);
const PANDAS = PYTHON && spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;

const format = (delimiter: string, hasHeader: boolean, encoding: FileFormat['encoding'] = 'utf8'): FileFormat =>
  ({ delimiter, hasHeader, encoding, bom: false, lineEnding: 'lf', quoted: false });

/** A run trained (by the look of its manifest) on a ';' file with titles joined from a '|' latin-1 items file, or on u.data. */
function run(model: 'dot' | 'nn', layout: 'titles' | 'u.data'): LoadedRun {
  const config: TrainConfig = { model, factors: 4, layers: [8], dropout: 0.2, epochs: 3, lr: 0.01, wd: 0.05, bs: 32, validPct: 0.25, seed: 9, yRange: [0, 5.5] };
  const ratings = join(dir, `${layout}.csv`);
  const items = join(dir, 'items.txt');
  if (layout === 'titles') {
    writeFileSync(ratings, 'user id;movie;stars\n1;10;4\n1;20;3\n2;10;5\n2;30;2\n3;20;4\n');
    writeFileSync(items, Buffer.from('10|Amélie (2001)|x\n20|Heat (1995)|y\n30|"Quote" Film|z\n', 'latin1'));
  } else {
    writeFileSync(ratings, '1\t10\t4\t881250949\n2\t20\t3\t881250950\n');
  }
  const users = ['#na#', '1', '2', '3'];
  const itemLabels = layout === 'titles' ? ['#na#', '"Quote" Film', 'Amélie (2001)', 'Heat (1995)'] : ['#na#', '10', '20', '30'];
  const m = createModel(config, users.length, itemLabels.length, [0, 5.5], 1);
  return {
    dir: '', tensors: new Map(m.tensors().map((t) => [t.name, t])),
    manifest: {
      version: RUN_FORMAT_VERSION, id: `nb-${model}-${layout}`, createdAt: new Date(0).toISOString(), origin: 'trained', config, tensors: [], metrics: [],
      vocab: { users, items: itemLabels, ...(layout === 'titles' ? { itemIds: ['#na#', '30', '10', '20'] } : {}) },
      source: layout === 'titles'
        ? { path: ratings, size: 0, mtimeMs: 0, sha256: '', format: format(';', true), mapping: { user: 0, item: 1, rating: 2 },
          itemsFile: items, items: { path: items, format: format('|', false, 'latin1'), mapping: { item: 0, title: 1 } } }
        : { path: ratings, size: 0, mtimeMs: 0, sha256: '', format: format('whitespace', false), mapping: { user: 0, item: 1, rating: 2, timestamp: 3 } },
    },
  };
}

/** nbformat 4.5's schema essentials (nbformat/v4/nbformat.v4.5.schema.json), checked by hand. */
function checkNbformat(nb: Notebook): void {
  assert.equal(nb.nbformat, 4);
  assert.ok(Number.isInteger(nb.nbformat_minor) && nb.nbformat_minor >= 5);
  assert.equal(typeof nb.metadata, 'object');
  const ks = nb.metadata.kernelspec as { name: string; display_name: string };
  assert.equal(typeof ks.name, 'string');
  assert.equal(typeof ks.display_name, 'string');
  assert.ok(Array.isArray(nb.cells) && nb.cells.length > 0);
  const ids = new Set<string>();
  for (const cell of nb.cells) {
    assert.match(cell.id, /^[a-zA-Z0-9-_]{1,64}$/);
    assert.ok(!ids.has(cell.id), `duplicate id ${cell.id}`);
    ids.add(cell.id);
    assert.ok(cell.cell_type === 'markdown' || cell.cell_type === 'code');
    assert.equal(typeof cell.metadata, 'object');
    assert.ok(Array.isArray(cell.source) && cell.source.every((l) => typeof l === 'string'));
    cell.source.slice(0, -1).forEach((l) => assert.ok(l.endsWith('\n'), 'multi-line sources split after each newline'));
    const keys = Object.keys(cell).sort();
    if (cell.cell_type === 'code') {
      assert.deepEqual(keys, ['cell_type', 'execution_count', 'id', 'metadata', 'outputs', 'source']);
      assert.deepEqual(cell.outputs, []);
      assert.equal(cell.execution_count, null);
    } else {
      assert.deepEqual(keys, ['cell_type', 'id', 'metadata', 'source']);
    }
  }
}

const codeOf = (nb: Notebook): string[] => nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));

for (const [model, layout] of [['dot', 'titles'], ['nn', 'u.data']] as const) {
  test(`notebook (${model}, ${layout}): nbformat 4 essentials, fastai's calls with the run's settings, Python that compiles`, async () => {
    const r = run(model, layout);
    const out = join(dir, `${model}.ipynb`);
    const written = await writeNotebook(r, out);
    assert.deepEqual(written.map((p) => p.slice(dir.length + 1)), [`${model}.pth`, `${model}-classes.json`, `${model}.ipynb`]);
    const nb = JSON.parse(readFileSync(out, 'utf8')) as Notebook;
    checkNbformat(nb);
    assert.deepEqual(nb, JSON.parse(JSON.stringify(await buildNotebook(r, { pth: `${model}.pth`, classes: `${model}-classes.json` }))));
    const code = codeOf(nb).join('\n');
    if (layout === 'titles') {
      assert.match(code, /pd\.read_csv\(".*titles\.csv", sep=";", header=0, encoding="utf-8"\)/);
      assert.match(code, /pd\.read_csv\(".*items\.txt", sep="\|", header=None, encoding="latin-1"\)/);
      assert.match(code, /CollabDataLoaders\.from_df\(ratings, user_name="user id", item_name="title", rating_name="stars", valid_pct=0\.25, seed=9, bs=32\)/);
      assert.match(code, /collab_learner\(dls, n_factors=4, y_range=\(0, 5\.5\)\)/);
      assert.match(code, /item_bias = model\.i_bias\.weight/);
    } else {
      assert.match(code, /sep=r"\\s\+", header=None/);
      assert.match(code, /collab_learner\(dls, use_nn=True, layers=\[8\], y_range=\(0, 5\.5\), config=tabular_config\(ps=0\.2\)\)/);
      assert.match(code, /model\.embeds\[1\]\.weight/);
    }
    assert.match(code, /learn\.fit_one_cycle\(3, 0\.01, wd=0\.05\)/);
    assert.match(code, new RegExp(`model\\.load_state_dict\\(torch\\.load\\("${model}\\.pth"\\), strict=True\\)`));
    assert.match(code, /item_pca = item_w\.pca\(3\)/);
    assert.match(code, /nn\.CosineSimilarity\(dim=1\)/);
    if (!PYTHON) return;
    const compile = spawnSync(PYTHON, ['-c', 'import ast, json, sys\nfor k, src in enumerate(json.load(sys.stdin)):\n    ast.parse(src, f"cell {k}")'],
      { input: JSON.stringify(codeOf(nb)), encoding: 'utf8' });
    assert.equal(compile.status, 0, compile.stderr);
    if (!PANDAS) return;
    // The data cells run as they are: the columns fastai is told about exist after the read and join.
    const data = codeOf(nb).filter((c) => /^(ratings|items) = pd\.read_csv/.test(c)).join('\n');
    const script = `import pandas as pd\n${data}\nprint(json.dumps(list(map(str, ratings.columns)) + [str(len(ratings))]))`;
    const ran = spawnSync(PYTHON, ['-c', `import json\n${script}`], { encoding: 'utf8', cwd: dir });
    assert.equal(ran.status, 0, ran.stderr);
    const columns = JSON.parse(ran.stdout) as string[];
    if (layout === 'titles') assert.deepEqual(columns, ['user id', 'movie', 'stars', 'title', '5']);
    else assert.deepEqual(columns, ['user', 'item', 'rating', '3', '2']);
  });
}
