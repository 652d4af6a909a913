/** `collab train FILE [options]`: train a model on a ratings file and save the run. */
import type { CliCommand } from '../command';
import { TRAIN_USAGE, UsageError, parseTrainArgs } from '../train/options';
import { jsonReporter, textReporter } from '../train/reporter';
import { exitCodeOf, runTraining } from '../train/run';

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
    const streams = { out: process.stdout, live: process.stderr };
    const report = options.json ? jsonReporter(streams) : textReporter(streams, options.request);
    return exitCodeOf(await runTraining(options.request, report));
  },
};

export default train;
