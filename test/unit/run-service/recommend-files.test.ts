/**
 * The Recommend view's file actions through the run service (what the host's dialogs call): a
 * profile saved from vocabulary indices reads back as the same ratings against the run, and adding
 * the ratings to the data file writes exactly the previewed rows as a new user, in the file's layout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RunManifest, TrainConfig } from '../../../src/core/run/types';
import { RunService } from '../../../src/run-service/service';
import { runTrainJob } from '../../../src/trainer/job';
import { parseWebviewMessage } from '../../../src/protocol/webview-validate';

const CONFIG: TrainConfig = { model: 'dot', factors: 4, layers: [], dropout: 0, epochs: 1, lr: 1e-2, wd: 0.05, bs: 64, validPct: 0.1, seed: 1 };

test('save and open a profile, then add the ratings to the data file: previewed rows written as a new user', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-recommend-files-'));
  const lines = ['userId;movieId;rating;timestamp'];
  for (let r = 0; r < 2000; r++) lines.push(`${1 + (r % 50)};${100 + ((r * 7) % 40)};${1 + (r % 5)};${1600000000 + r}`);
  const file = join(dir, 'ratings.csv');
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  const runsDir = join(dir, '.collab', 'runs');
  const done = await runTrainJob({ file, config: CONFIG, runsDir }, { emit: () => undefined, signal: new AbortController().signal });
  assert.equal(done.type, 'train/done', JSON.stringify(done));
  const runDir = (done as { runDir: string }).runDir;
  const manifest = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunManifest;
  const at = (label: string): number => manifest.vocab.items.indexOf(label);
  const ratings = [{ index: at('107'), rating: 5 }, { index: at('121'), rating: 2 }];

  const service = new RunService();
  const { file: saved } = await service.saveProfile(runDir, dirname(runDir), 'me', ratings);
  assert.equal(saved, join(dir, '.collab', 'profiles', 'me.json'));
  const listed = await service.listProfiles(runsDir);
  assert.deepEqual(listed.map((p) => [p.name, p.ratings]), [['me', 2]]);
  const opened = await service.openProfile(runDir, saved);
  assert.deepEqual(opened, { ratings: [{ index: at('107'), rating: 5, label: '107' }, { index: at('121'), rating: 2, label: '121' }], missing: [] });
  await assert.rejects(service.saveProfile(runDir, runsDir, '../escape', ratings), /a profile name is/);
  await assert.rejects(service.saveProfile(runDir, runsDir, 'x', [{ index: 99999, rating: 3 }]), /item 99999 is not in this run/);

  const before = readFileSync(file, 'utf8');
  const plan = await service.planAppend(runDir, ratings, 'me');
  assert.equal(plan.user, '51', 'one more than the largest numeric user id');
  assert.equal(readFileSync(file, 'utf8'), before, 'a plan writes nothing');
  assert.match(plan.lines, /^51;107;5;\d+\r\n51;121;2;\d+\r\n$/, 'the file\'s delimiter and line endings');
  const written = await service.appendRatings(runDir, ratings, 'me');
  assert.equal(written.user, '51');
  const after = readFileSync(file, 'utf8');
  assert.ok(after.startsWith(before));
  assert.match(after.slice(before.length), /^51;107;5;\d+\r\n51;121;2;\d+\r\n$/);
  assert.ok(existsSync(file));
});

test('a recommend/action message is checked like the requests: a known action and bounded, finite ratings only', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'recommend/action', action: 'add-to-data', ratings: [{ index: 3, rating: 4, extra: 1 }] }),
    { ok: true, message: { type: 'recommend/action', action: 'add-to-data', ratings: [{ index: 3, rating: 4 }] } });
  assert.equal(parseWebviewMessage({ type: 'recommend/action', action: 'rm -rf', ratings: [] }).ok, false);
  assert.equal(parseWebviewMessage({ type: 'recommend/action', action: 'save-profile', ratings: [{ index: 1, rating: Number.NaN }] }).ok, false);
});
