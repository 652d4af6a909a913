/** `collab evaluate [RUN] [--valid FILE] [--k 10] [--threshold T] [--json]` */
import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { modelFromTensors } from '../../core/model';
import { evaluateModel, type Evaluation } from '../../core/eval/evaluate';
import { evaluationText } from '../train/evaluation-table';
import { rebuildRunSplit } from '../../core/eval/run-split';
import { cliRunsDir } from '../runs-folder';
import { intOption, parseCommandArgs, printJson, resolveRun, runCommand, UsageError } from './analysis-common';

const HELP = `Usage: collab evaluate [RUN] [--valid FILE] [--k 10] [--threshold T] [--runs DIR] [--json]

Is the model any good? Rebuilds the run's split from its source file as run.json records it
(random, temporal, user-last, user-random, or the validation file; same seed and valid_pct),
then prints the model's validation RMSE/MAE and ranking metrics at k beside three baselines:
globalMean (the training mean), biasOnly (user + item biases, Surprise's BaselineOnly) and
popularity (most-rated unseen items).

Ranking: for each user known in training with at least one validation rating >= threshold
(default 4 on 1-5 stars: the value at 70% of the rating range, rounded to the scale's step), the
items the user did not rate in training are ranked by predicted rating (ties by vocabulary index);
precision, recall, NDCG (binary gains), MAP, hit rate at k and catalogue coverage.

  --valid FILE     the validation file the run was trained with (default: the one run.json
                   records; runs saved before splits were recorded need it)
  --k N            list length (default 10)
  --threshold T    a validation rating >= T is relevant; must lie inside the rating range`;

/** The evaluate command's table: the model's validation errors beside the baselines. */
function text(id: string, e: Evaluation): string {
  return evaluationText(`Run ${id}: validation metrics`, e.model, { ranking: e.model.ranking, baselines: e.baselines });
}

const command: CliCommand = {
  summary: 'validation and ranking metrics of a run beside globalMean, biasOnly and popularity baselines',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, { valid: { type: 'string' }, k: { type: 'string' }, threshold: { type: 'string' } });
    if (values.help) { console.log(HELP); return 0; }
    const k = intOption(values.k, 'k', 10);
    const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
    if (threshold !== undefined && !Number.isFinite(threshold)) throw new UsageError(`--threshold must be a number, not '${values.threshold}'.`);
    const { run } = await resolveRun(positionals, 0, cliRunsDir(values.runs));
    const { manifest } = run;
    const { dataset, warnings } = await rebuildRunSplit(manifest, { validFile: values.valid && resolve(values.valid) });
    for (const w of warnings) console.error(`collab: ${w}`);
    const model = modelFromTensors(manifest.config!, run.tensors);
    const evaluation = evaluateModel(model, dataset, { k, threshold });
    if (values.json) { printJson({ run: manifest.id, ...evaluation }); return 0; }
    console.log(text(manifest.id, evaluation));
    return 0;
  }),
};

export default command;
