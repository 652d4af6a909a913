/**
 * Hovering an items file end to end: real-format files (MovieLens-latest movies.csv with multi-genre
 * lines and quoted titles, u.item in Latin-1 with pipes and no header, a TSV), trained by the real job
 * with the items file, then hovered through the run service as the extension does. The run records
 * the items file's layout; a run saved before that was recorded has its items file sniffed once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, generatePlanted, writeMl100k, type PlantedRatings } from '../../../src/core/data/synthetic';
import { RUN_FILES, type RunManifest, type TrainConfig } from '../../../src/core/run/types';
import type { HoverAnswer, HoverRequest } from '../../../src/protocol/run-service';
import { RunService } from '../../../src/run-service/service';
import { runTrainJob } from '../../../src/trainer/job';

const TOY_STORY = 'Toy Story (1995)';
const PRESIDENT = 'American President, The (1995)';
const GENRES = 'Adventure|Animation|Children|Comedy|Fantasy';

/** Planted ratings whose item 1 is Toy Story and item 11 The American President, as in MovieLens. */
function planted(): PlantedRatings {
  const data = generatePlanted({ seed: 5, users: 120, items: 40, itemClusters: 4, ratingsPerUser: 25, goodItems: 2, badItems: 2 });
  data.titles[0] = TOY_STORY;
  data.titles[10] = PRESIDENT;
  return data;
}

/** ratings.csv with the MovieLens-latest header. */
function writeRatings(dir: string, data: PlantedRatings): string {
  const rows = ['userId,movieId,rating,timestamp'];
  for (let r = 0; r < data.n; r++) rows.push(`${data.users[r]},${data.items[r]},${data.ratings[r].toFixed(1)},${data.timestamps[r]}`);
  const file = join(dir, 'ratings.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

/** movies.csv (or .tsv) lines: id, title (quoted when needed in the CSV), several genres joined by pipes. */
function itemLines(data: PlantedRatings, delimiter: ',' | '\t'): string[] {
  return data.titles.map((title, i) => [i + 1, delimiter === ',' ? csvField(title) : title,
    i === 0 ? GENRES : `${data.clusterNames[data.itemCluster[i]]}|Drama|Romance`].join(delimiter));
}

const CONFIG: TrainConfig = { model: 'dot', factors: 8, layers: [], dropout: 0, epochs: 2, lr: 1e-2, wd: 0.05, bs: 64, validPct: 0.1, seed: 1 };

async function train(dir: string, file: string, itemsFile: string): Promise<string> {
  const done = await runTrainJob({ file, itemsFile, config: CONFIG, runsDir: join(dir, '.collab', 'runs') },
    { emit: () => undefined, signal: new AbortController().signal });
  assert.equal(done.type, 'train/done', JSON.stringify(done));
  return (done as { runDir: string }).runDir;
}

/** A temporary folder with ratings.csv + movies.csv trained into a run (removed after `body`). */
async function withMoviesCsvRun(body: (run: { dir: string; runDir: string; itemsFile: string; lines: string[]; data: PlantedRatings }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'collab-items-hover-'));
  try {
    const data = planted();
    const lines = ['movieId,title,genres', ...itemLines(data, ',')];
    const itemsFile = join(dir, 'movies.csv');
    writeFileSync(itemsFile, lines.join('\n') + '\n');
    const runDir = await train(dir, writeRatings(dir, data), itemsFile);
    await body({ dir, runDir, itemsFile, lines, data });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Hovers `word` (its first occurrence) on line `line` of an items file. */
function hoverOn(service: RunService, runDir: string, text: string, line: number, word: string): Promise<HoverAnswer | undefined> {
  const character = text.indexOf(word);
  assert.ok(character >= 0, `${word} is on the line`);
  const request: HoverRequest = { file: 'items', text, line, character: character + 1, k: 5 };
  return service.hover(runDir, request);
}

function assertItem(answer: HoverAnswer | undefined, label: string): void {
  assert.ok(answer, `a hover for ${label}`);
  assert.equal(answer.side, 'items');
  assert.equal(answer.facts.label, label);
  assert.ok(answer.side === 'items' && answer.neighbours.length === 5, 'with its neighbours');
}

test('movies.csv: titles of multi-genre lines and quoted titles with commas show their item; run.json records the layout', async () => {
  await withMoviesCsvRun(async ({ runDir, itemsFile, lines, data }) => {
    const manifest = JSON.parse(readFileSync(join(runDir, RUN_FILES.manifest), 'utf8')) as RunManifest;
    assert.deepEqual(manifest.source?.items, {
      path: itemsFile, mapping: { item: 0, title: 1 },
      format: { delimiter: ',', hasHeader: true, encoding: 'utf8', bom: false, lineEnding: 'lf', quoted: true },
    });
    assert.equal(manifest.source?.itemsFile, itemsFile, 'the older field stays');

    const service = new RunService();
    const toyStory = lines[1];
    assert.equal(toyStory, `1,${TOY_STORY},${GENRES}`);
    const answer = await hoverOn(service, runDir, toyStory, 1, 'Story');
    assertItem(answer, TOY_STORY);
    assert.deepEqual(answer?.range, { start: 2, end: 2 + TOY_STORY.length });
    assert.equal((await hoverOn(service, runDir, toyStory, 1, '1,'))?.id, '1', 'the id cell names the item too');
    assert.equal(await hoverOn(service, runDir, toyStory, 1, 'Comedy'), undefined, 'genres name nothing');
    assert.equal(await hoverOn(service, runDir, lines[0], 0, 'title'), undefined, 'the header names nothing');

    const president = lines[11];
    assert.equal(president, `11,"${PRESIDENT}",Clusters|Drama|Romance`.replace('Clusters', data.clusterNames[data.itemCluster[10]]));
    assertItem(await hoverOn(service, runDir, president, 11, 'The (1995)'), PRESIDENT);
  });
});

test('u.item (pipes, Latin-1, no header) and a TSV items file: the recorded format, and the id when a title was mis-decoded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-items-hover-'));
  try {
    const data = planted();
    const files = writeMl100k(join(dir, 'ml-100k'), data);
    const runDir = await train(dir, files.ratingsFile, files.itemsFile);
    const manifest = JSON.parse(readFileSync(join(runDir, RUN_FILES.manifest), 'utf8')) as RunManifest;
    assert.equal(manifest.source?.items?.format.delimiter, '|');
    assert.equal(manifest.source?.items?.format.encoding, 'latin1');
    assert.equal(manifest.source?.items?.format.hasHeader, false);
    // The editor shows the bytes as UTF-8 unless told otherwise: "Café" arrives as "Caf\ufffd".
    const shown = readFileSync(files.itemsFile).toString('utf8').split('\n');
    const service = new RunService();
    assert.match(shown[0], /^1\|Toy Story \(1995\)\|01-Jan-\d+\|\|http:/);
    assertItem(await hoverOn(service, runDir, shown[0], 0, 'Story'), TOY_STORY);
    const cafe = data.titles.findIndex((t) => t.includes('Café'));
    assert.ok(shown[cafe].includes('Caf\ufffd'));
    const fallback = await hoverOn(service, runDir, shown[cafe], cafe, 'Caf\ufffd');
    assertItem(fallback, data.titles[cafe]);
    assert.equal(fallback?.id, String(cafe + 1));
    assert.equal(await hoverOn(service, runDir, shown[0], 0, 'http'), undefined, 'the URL names nothing');

    const tsv = ['movieId\ttitle\tgenres', ...itemLines(data, '\t')];
    const tsvFile = join(dir, 'movies.tsv');
    writeFileSync(tsvFile, tsv.join('\n') + '\n');
    const tsvRun = await train(join(dir, 'tsv'), writeRatings(dir, data), tsvFile);
    assertItem(await hoverOn(service, tsvRun, tsv[11], 11, 'President'), PRESIDENT);
    assertItem(await hoverOn(service, tsvRun, tsv[1], 1, 'Story'), TOY_STORY);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run saved before items layouts were recorded still loads; its items file is sniffed once, not per line', async () => {
  await withMoviesCsvRun(async ({ runDir, itemsFile, lines }) => {
    const manifestFile = join(runDir, RUN_FILES.manifest);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as RunManifest;
    delete manifest.source!.items;
    writeFileSync(manifestFile, JSON.stringify(manifest));

    const service = new RunService();
    assertItem(await hoverOn(service, runDir, lines[1], 1, 'Story'), TOY_STORY);
    // Sniffed once and kept: the file's bytes are not read again for the next line.
    writeFileSync(itemsFile, 'not|an|items|file\n');
    assertItem(await hoverOn(service, runDir, lines[11], 11, 'The (1995)'), PRESIDENT);

    // A malformed recorded layout is dropped on load (the run stays usable) and the file sniffed instead.
    writeFileSync(itemsFile, lines.join('\n') + '\n');
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, source: { ...manifest.source, items: { path: itemsFile, format: 'csv' } } }));
    await service.forget();
    assertItem(await hoverOn(service, runDir, lines[1], 1, 'Toy'), TOY_STORY);
  });
});
