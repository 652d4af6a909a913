// Issue 12, defect 1: on a MovieLens-latest release (ratings.csv + movies.csv), train with titles from
// movies.csv, open movies.csv and hover "Toy Story (1995)" (a line with more pipes than commas) and a
// quoted title holding a comma: each hover shows the item's neighbours, its planted cluster-mates.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUOTED_TITLE, TOY_STORY, writeMovieLensLatestWorkspace } from '../lib/fixtures.mjs';
import {
  e2eEnv, explorerContextMenu, hoverText, openFile, openWorkbench, quickPickRow, screenshot, waitFor, withFailureShot,
} from '../lib/workbench.mjs';

let ws;
let session;

before(async () => {
  ws = writeMovieLensLatestWorkspace(e2eEnv().workspaces, 'movies-latest', { settings: { 'collab.epochs': 6 } });
  session = await openWorkbench(ws.dir);
});

after(async () => {
  await session?.close();
});

/** The Starship-cluster titles a hover lists as neighbours (the planted cluster of both hovered items). */
function listedNeighbours(text) {
  const [, neighbours = ''] = text.split(/Nearest/i);
  return [...neighbours.matchAll(/\b(Starship|Romance|Cowboy|Haunted|The Planted) \w+/g)].map((m) => m[0]);
}

test('train ratings.csv with titles from movies.csv; hovering Toy Story (1995) and a quoted title in movies.csv shows their neighbours', async () => {
  const { page } = session;
  await withFailureShot(page, '15-movies-hover', async () => {
    await explorerContextMenu(page, 'ratings.csv', 'Train Model on This File');
    const withTitles = quickPickRow(page, 'Train with titles from movies.csv');
    await withTitles.waitFor({ timeout: 30_000 });
    await withTitles.click();
    const runsDir = join(ws.dir, '.collab', 'runs');
    const runs = () => (existsSync(runsDir) ? readdirSync(runsDir).filter((d) => !d.startsWith('.')) : []);
    await waitFor(() => runs().length === 1, 90_000, 'a saved run');
    const manifest = JSON.parse(readFileSync(join(runsDir, runs()[0], 'run.json'), 'utf8'));
    assert.equal(manifest.source.items?.format.delimiter, ',', 'the run records how movies.csv was read');
    assert.deepEqual(manifest.source.items?.mapping, { item: 0, title: 1 });

    await openFile(page, 'movies.csv');
    assert.equal(ws.movies[1], `1,${TOY_STORY},Adventure|Animation|Children|Comedy|Fantasy`);
    const toyStory = await hoverText(page, TOY_STORY, { line: 2, column: 4 });
    await screenshot(page, '15-movies-hover-toy-story');
    assert.match(toyStory, /Toy Story \(1995\)/, toyStory);
    const listed = listedNeighbours(toyStory);
    assert.ok(listed.length >= 3, `the hover lists neighbours: ${toyStory}`);
    assert.ok(listed.every((l) => l.startsWith('Starship')), `the neighbours of Toy Story are its planted cluster-mates: ${listed}`);

    const quotedLine = ws.movies.findIndex((l) => l.includes(`"${QUOTED_TITLE}"`));
    const quoted = await hoverText(page, 'Gamma, The', { line: quotedLine + 1, column: ws.movies[quotedLine].indexOf('Gamma') + 1 });
    assert.match(quoted, /Starship Gamma, The \(1995\)/, quoted);
    assert.ok(listedNeighbours(quoted).length >= 3, `the quoted title's hover lists neighbours: ${quoted}`);
  });
});
