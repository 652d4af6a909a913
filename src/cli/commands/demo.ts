/**
 * `collab demo`: the README's quick start. Writes the built-in planted sample into ./sample/,
 * trains the dot model on it in the trainer process, prints fastai's epoch table, and shows that
 * the model found what was planted (good and bad items, item clusters).
 */
import { parseArgs } from 'node:util';
import { join, resolve, relative } from 'node:path';
import type { CliCommand } from '../command';
import type { TrainRequest } from '../../protocol/trainer';
import { generatePlanted, writeRatingsCsv } from '../../core/data/synthetic';
import { loadRun } from '../../core/run/load';
import { DEFAULT_CONFIG } from '../../core/train/config-validate';
import { cliRunsDir } from '../runs-folder';
import { textReporter } from '../train/reporter';
import { exitCodeOf, runTraining } from '../train/run';
import { whatItLearned } from '../train/learned';

const USAGE = `Usage: collab demo [--dir DIR] [--model dot|nn] [--epochs N] [--runs DIR]

Generates a sample ratings file with a planted structure (clusters of users who like clusters of
items, a few universally good and bad items) into DIR (default ./sample), trains a model on it
with fastai's recipe, and shows what the model learned. The run is saved where \`collab train\`
saves: ./.collab/runs of the working folder (or --runs DIR), so \`collab biases\` etc. find it.`;

const demo: CliCommand = {
  summary: 'generate the planted sample into ./sample, train on it and show what the model learned',
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({ args, strict: true, options: {
        dir: { type: 'string' }, model: { type: 'string' }, epochs: { type: 'string' }, runs: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      } }));
    } catch (err) {
      console.error(`collab demo: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (values.help) { console.log(USAGE); return 0; }
    const model = values.model ?? 'dot';
    const epochs = Number(values.epochs ?? DEFAULT_CONFIG.epochs);
    if ((model !== 'dot' && model !== 'nn') || !(Number.isInteger(epochs) && epochs > 0)) {
      console.error(`collab demo: --model is dot or nn, --epochs a positive whole number.\n\n${USAGE}`);
      return 2;
    }
    const dir = resolve(values.dir ?? 'sample');
    const planted = generatePlanted();
    const files = writeRatingsCsv(dir, planted);
    const shown = (p: string): string => relative(process.cwd(), p) || p;
    console.log(`Wrote ${shown(files.ratingsFile)} (${planted.n.toLocaleString('en-US')} ratings by ${planted.nUsers} users `
      + `of ${planted.nItems} movies in ${planted.itemClusters} planted genres) and ${shown(files.itemsFile)}.\n`);

    const request: TrainRequest = {
      file: files.ratingsFile, itemsFile: files.itemsFile,
      config: { ...DEFAULT_CONFIG, layers: [...DEFAULT_CONFIG.layers], model, epochs },
      runsDir: cliRunsDir(values.runs),
    };
    const result = await runTraining(request, textReporter({ out: process.stdout, live: process.stderr }, request));
    if (result.outcome !== 'done') return exitCodeOf(result);

    const run = await loadRun(result.done.runDir);
    console.log(`\n${whatItLearned(run, planted).join('\n')}`);
    const collab = `node ${shown(join(__dirname, '..', 'bin', 'collab.js'))}`;
    console.log(`\nNext: \`${collab} biases${values.runs ? ` --runs ${values.runs}` : ''}\` reads this run; `
      + `\`${collab} train ${shown(files.ratingsFile)} --items ${shown(files.itemsFile)} --model nn\`, `
      + 'or open the folder in VS Code and run "Collab: Train Model" on sample/ratings.csv.');
    return 0;
  },
};

export default demo;
