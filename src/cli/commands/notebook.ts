/** `collab notebook [RUN] --out x.ipynb [--json]` */
import type { CliCommand } from '../command';
import { writeNotebook } from '../../core/interop/notebook';
import { indexFor, parseCommandArgs, printJson, runCommand, UsageError } from './analysis-common';
import { RUNS_RULE_HELP } from '../runs-folder';

const HELP = `Usage: collab notebook [RUN] --out NOTEBOOK.ipynb [--runs DIR] [--json]

Writes a Jupyter notebook that reproduces the run with fastai (pandas.read_csv with the options
Collab sniffed, the items join, CollabDataLoaders.from_df, collab_learner, fit_one_cycle), then
loads Collab's trained weights into the learner and runs the chapter's analyses (biases, PCA of
the 1,000 most-rated items, cosine neighbours). The weights are written beside it as
NOTEBOOK.pth (fastai's state dict) and NOTEBOOK-classes.json (dls.classes).

${RUNS_RULE_HELP}`;

const command: CliCommand = {
  summary: 'write a fastai notebook that reproduces the run and continues from its weights',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, { out: { type: 'string' } });
    if (values.help) { console.log(HELP); return 0; }
    if (!values.out || !values.out.endsWith('.ipynb')) throw new UsageError('--out NOTEBOOK.ipynb is required.');
    const { index } = await indexFor(positionals, 0, values.runs);
    const files = await writeNotebook(index.run, values.out);
    if (values.json) { printJson({ run: index.run.manifest.id, files }); return 0; }
    console.log(`Wrote the fastai notebook of run ${index.run.manifest.id}:\n${files.map((f) => `  ${f}`).join('\n')}`);
    return 0;
  }),
};

export default command;
