/**
 * The run service's rows by byte offset, end to end: a file trained by the real job saves lines.bin
 * (recorded in run.json), and sourceRows returns an item's or user's rows with their lines and the
 * header, exactly as in the file; a file changed after training fails with code 'source-changed'.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_FILES, type RunManifest, type TrainConfig } from '../../../src/core/run/types';
import { RunService } from '../../../src/run-service/service';
import { runTrainJob } from '../../../src/trainer/job';

const CONFIG: TrainConfig = { model: 'dot', factors: 4, layers: [], dropout: 0, epochs: 1, lr: 1e-2, wd: 0.05, bs: 64, validPct: 0.1, seed: 1 };

test('sourceRows: the rows of an item and of a user read by offset, with the header; a changed file is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-source-rows-'));
  try {
    const lines = ['userId,movieId,rating,timestamp'];
    for (let r = 0; r < 3000; r++) lines.push(`u${r % 60},${100 + ((r * 11) % 70)},${1 + (r % 5)},${1600000000 + r}`);
    const file = join(dir, 'ratings.csv');
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const done = await runTrainJob({ file, config: CONFIG, runsDir: join(dir, '.collab', 'runs') },
      { emit: () => undefined, signal: new AbortController().signal });
    assert.equal(done.type, 'train/done', JSON.stringify(done));
    const runDir = (done as { runDir: string }).runDir;
    assert.ok(existsSync(join(runDir, RUN_FILES.lines)), 'lines.bin saved');
    const manifest = JSON.parse(readFileSync(join(runDir, RUN_FILES.manifest), 'utf8')) as RunManifest;
    assert.deepEqual(manifest.source?.lines, { every: 256, breaks: 'lf', headerLine: 1, checkpoints: 12 });
    assert.equal(typeof manifest.checksums?.lines, 'string');

    const service = new RunService();
    const itemIndex = manifest.vocab.items.indexOf('107');
    assert.ok(itemIndex > 0);
    const item = await service.sourceRows(runDir, 'items', itemIndex);
    const expected = lines.flatMap((text, i) => (text.split(',')[1] === '107' ? [{ line: i + 1, text }] : []));
    assert.equal(item.file, file);
    assert.deepEqual(item.header, { line: 1, text: lines[0] });
    assert.equal(item.total, expected.length);
    assert.deepEqual(Array.from(item.lines), expected.map((r) => r.line));
    assert.deepEqual(item.texts, expected.map((r) => r.text));

    const userIndex = manifest.vocab.users.indexOf('u42');
    const user = await service.sourceRows(runDir, 'users', userIndex);
    assert.deepEqual(user.texts, lines.filter((text) => text.startsWith('u42,')));
    assert.deepEqual(Array.from(user.lines), lines.flatMap((text, i) => (text.startsWith('u42,') ? [i + 1] : [])));
    assert.equal(await service.sourceLine(file, 2999), lines[2998]);

    appendFileSync(file, 'u1,101,5,1700000000\r\n');
    await assert.rejects(service.sourceRows(runDir, 'items', itemIndex),
      (e: Error & { code?: string }) => e.code === 'source-changed' && /changed size/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
