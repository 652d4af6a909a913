/** `collab train FILE [options]`: train a model on a ratings file and save the run. */
import { relative } from 'node:path';
import type { CliCommand } from '../command';
import { TRAIN_USAGE, UsageError, parseTrainArgs } from '../train/options';
import { jsonReporter, textReporter } from '../train/reporter';
import { exitCodeOf, runTraining } from '../train/run';
import { cliRunsDir } from '../runs-folder';
import { runCrossValidation } from '../train/cross-validate';

/** Where the analyses find the run just saved: without flags in the default folder, else with the same --runs. */
function nextStep(runsDir: string): string {
  if (runsDir === cliRunsDir(undefined)) return 'Analyses in this folder use it: collab biases, neighbours, pca, recommend, predict, export.';
  return `Analyses find it with the same runs folder: collab biases --runs ${relative(process.cwd(), runsDir) || '.'}`;
}

const train: CliCommand = {
  summary: 'train a dot or NN model on a ratings file and save the run (epoch table, or --json events)',
  async run(args) {
    let options;
    try {
      options = await parseTrainArgs(args);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`collab train: ${err.message}\n\n${TRAIN_USAGE}`);
      return 2;
    }
    if (options === 'help') {
      console.log(TRAIN_USAGE);
      return 0;
    }
    if (options.crossValidate) return runCrossValidation(options.request, options.json);
    const streams = { out: process.stdout, live: process.stderr };
    const report = options.json ? jsonReporter(streams) : textReporter(streams, options.request);
    const result = await runTraining(options.request, report);
    if (result.outcome === 'done' && !options.json) console.log(nextStep(options.request.runsDir));
    return exitCodeOf(result);
  },
};

export default train;
