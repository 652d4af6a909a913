/**
 * `collab spark-job`: the generated PySpark script parses as Python, names the run's columns and CSV
 * options, StringIndexes exactly the sides whose ids are not integers, and (with stub pyspark
 * modules, since Spark is not installed here) imports and answers --help.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePlanted, writeRatingsCsv } from '../../../src/core/data/synthetic';
import { runTrainJob } from '../../../src/trainer/job';
import { loadRun } from '../../../src/core/run/load';
import type { LoadedRun, RunManifest } from '../../../src/core/run/types';
import { integerIds, writeSparkJob } from '../../../src/core/spark/job';

const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'pass']).status === 0);

function assertPython(script: string): void {
  if (!PYTHON) return;
  const r = spawnSync(PYTHON, ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** Empty pyspark modules with the names the script imports, so `--help` runs without Spark. */
function stubPyspark(dir: string): void {
  const put = (path: string, text: string): void => { mkdirSync(join(dir, path, '..'), { recursive: true }); writeFileSync(join(dir, path), text); };
  put('pyspark/__init__.py', '');
  put('pyspark/ml/__init__.py', '');
  put('pyspark/ml/evaluation.py', 'class RegressionEvaluator: pass\n');
  put('pyspark/ml/feature.py', 'class StringIndexer: pass\n');
  put('pyspark/ml/recommendation.py', 'class ALS: pass\n');
  put('pyspark/sql/__init__.py', 'class SparkSession: pass\nclass Window: pass\n');
  put('pyspark/sql/functions.py', '');
}

function manifestFor(dir: string, source: NonNullable<RunManifest['source']>, vocab: RunManifest['vocab']): LoadedRun {
  return {
    dir,
    tensors: new Map(),
    manifest: {
      version: 1, id: 'hand-made', createdAt: new Date(0).toISOString(), origin: 'trained', source, vocab, tensors: [], metrics: [],
      config: { model: 'dot', factors: 32, layers: [10], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64, validPct: 0.25, seed: 7 },
      split: { kind: 'temporal', validPct: 0.25, seed: 7 },
    },
  };
}

test('a trained run\'s job: header names, comma CSV, integer ids cast (no StringIndexer), its split share and seed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-spark-job-'));
  try {
    const planted = generatePlanted({ seed: 2, users: 40, items: 30, userClusters: 2, itemClusters: 2, ratingsPerUser: 10, goodItems: 1, badItems: 1 });
    const files = writeRatingsCsv(dir, planted);
    const done = await runTrainJob(
      { file: files.ratingsFile, itemsFile: files.itemsFile, runsDir: join(dir, 'runs'),
        config: { model: 'dot', factors: 12, layers: [10], dropout: 0, epochs: 1, lr: 1e-2, wd: 0.05, bs: 64, validPct: 0.15, seed: 9 } },
      { emit: () => undefined, signal: new AbortController().signal },
    );
    assert.equal(done.type, 'train/done', JSON.stringify(done));
    const run = await loadRun((done as { runDir: string }).runDir);
    const written = await writeSparkJob(run, join(dir, 'job'));
    const script = join(dir, 'job', 'collab_als.py');
    assert.deepEqual(written, [script, join(dir, 'job', 'README.md')]);
    assertPython(script);
    const text = readFileSync(script, 'utf8');
    for (const line of ['USER_COL = "userId"', 'ITEM_COL = "movieId"', 'RATING_COL = "rating"', 'TIMESTAMP_COL = "timestamp"',
      '"sep": ","', '"header": "true"', '"quote": "\\""', '"encoding": "UTF-8"', 'INDEX_USERS = False', 'INDEX_ITEMS = False',
      'RANK = 12', 'REG_PARAM = 0.05', 'VALID_FRACTION = 0.15', 'SEED = 9', 'SPLIT = "random"', `INPUT = ${JSON.stringify(files.ratingsFile)}`,
      'coldStartStrategy="drop"', 'implicitPrefs=False', 'randomSplit([1.0 - VALID_FRACTION, VALID_FRACTION], seed=SEED)',
      'RegressionEvaluator(metricName="rmse"', 'writer.save(args.out)']) {
      assert.ok(text.includes(line), `script lacks ${line}`);
    }
    const readme = readFileSync(join(dir, 'job', 'README.md'), 'utf8');
    assert.match(readme, /spark-submit --master 'local\[\*\]'/);
    assert.match(readme, /--master yarn --deploy-mode cluster/);
    assert.match(readme, /collab import --spark/);

    if (PYTHON) {
      stubPyspark(join(dir, 'stub'));
      const help = spawnSync(PYTHON, [script, '--help'], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(dir, 'stub') } });
      assert.equal(help.status, 0, help.stderr);
      assert.match(help.stdout, /--reg-param/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('text ids are StringIndexed; semicolons, Latin-1, decimal commas and a temporal split carry over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-spark-job-'));
  try {
    const path = join(dir, 'notes.csv');
    writeFileSync(path, 'reader name;book id;stars;when\nann;17;4,5;1000\nbob;18;3;1001\n');
    const run = manifestFor(dir, {
      path, size: 1, mtimeMs: 0, sha256: '', mapping: { user: 0, item: 1, rating: 2, timestamp: 3 },
      format: { delimiter: ';', hasHeader: true, encoding: 'latin1', bom: false, lineEnding: 'lf', quoted: false, decimalComma: true },
    }, { users: ['#na#', 'ann', 'bob'], items: ['#na#', '17', '18'] });
    await writeSparkJob(run, join(dir, 'job'));
    const script = join(dir, 'job', 'collab_als.py');
    assertPython(script);
    const text = readFileSync(script, 'utf8');
    for (const line of ['USER_COL = "reader name"', 'ITEM_COL = "book id"', 'RATING_COL = "stars"', 'TIMESTAMP_COL = "when"',
      '"sep": ";"', '"encoding": "ISO-8859-1"', 'DECIMAL_COMMA = True', 'INDEX_USERS = True', 'INDEX_ITEMS = False',
      'SPLIT = "temporal"', 'VALID_FRACTION = 0.25', 'RANK = 32', 'StringIndexer(inputCol=id_col']) {
      assert.ok(text.includes(line), `script lacks ${line}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a headerless whitespace file is read by position through the text reader', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-spark-job-'));
  try {
    const run = manifestFor(dir, {
      path: join(dir, 'gone', 'u.data'), size: 1, mtimeMs: 0, sha256: '', mapping: { user: 0, item: 1, rating: 2 },
      format: { delimiter: 'whitespace', hasHeader: false, encoding: 'utf8', bom: false, lineEnding: 'lf', quoted: false },
    }, { users: ['#na#', '1', '2'], items: ['#na#', 'Toy Story (1995)'], itemIds: ['#na#', '1'] });
    await writeSparkJob(run, join(dir, 'job'));
    const script = join(dir, 'job', 'collab_als.py');
    assertPython(script);
    const text = readFileSync(script, 'utf8');
    for (const line of ['USER_COL = 0', 'ITEM_COL = 1', 'RATING_COL = 2', 'TIMESTAMP_COL = None', 'WHITESPACE_DELIMITED = True',
      '"header": "false"', 'INDEX_USERS = False', 'INDEX_ITEMS = False', 'SPLIT = "random"']) {
      assert.ok(text.includes(line), `script lacks ${line}`);
    }
    assert.match(readFileSync(join(dir, 'job', 'README.md'), 'utf8'), /'temporal' split is replaced by a random split/);
    assert.ok(!existsSync(join(dir, 'gone')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('integer ids: canonical, non-negative and within ALS\'s int range', () => {
  assert.equal(integerIds(['#na#', '0', '17', '2147483647']), true);
  assert.equal(integerIds(['#na#', '2147483648']), false);
  assert.equal(integerIds(['#na#', '007']), false);
  assert.equal(integerIds(['#na#', '-3']), false);
  assert.equal(integerIds(['#na#', 'u1']), false);
});
