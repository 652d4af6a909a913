/** `collab import FILE... --out RUN [--json]` */
import { join, sep } from 'node:path';
import type { CliCommand } from '../command';
import { importEmbeddings, saveImportedRun } from '../../core/analysis/import';
import { isSparkModelDir } from '../../core/analysis/import-spark';
import { parseCommandArgs, printJson, runCommand, UsageError } from './analysis-common';
import { cliRunsDir } from '../runs-folder';

const HELP = `Usage: collab import FILE... --out RUN [--runs DIR] [--json]
       collab import --spark MODEL_DIR --out RUN
       collab import MODEL.pth --labels classes.json | --labels users.txt --labels items.txt | --ratings FILE
                     [--y-range LO,HI] --out RUN

Opens embeddings trained elsewhere as a read-only run that neighbours, pca and (with a bias column)
biases work on. FILEs: a projector pair (vectors.tsv + metadata.tsv), one CSV with a label column
(other numeric columns are factors; 'bias', 'count', 'mean' are read as such), a .npy factors file
with a labels .txt (one per line) and optionally a *bias*.npy, or Collab's embeddings.json. Files
named user* are read as user vectors. --spark MODEL_DIR reads a Spark MLlib ALSModel folder
(ALSModel.save: metadata/, userFactors/, itemFactors/ Parquet), labelled through the id mappings
\`collab spark-job\` writes (collab/user_ids, collab/item_ids), else by its integer ids. An implicit
model.save() .npz (user_factors, item_factors) imports too, with optional label files (user*.txt
for users, one label a line). Any bad, truncated or NaN-holding input imports nothing. RUN is a folder path, or a bare name saved in the runs folder:
./.collab/runs of the working folder (where the analysis commands look), or --runs DIR.

MODEL.pth: a fastai learn.save() file or a bare state_dict of EmbeddingDotBias or EmbeddingNN
(torch.save's zip format; read without running any code from it, the optimizer state ignored).
Labels: dls.classes saved as JSON, one labels file per side, or the ratings file it was trained on
(fastai's vocabulary rebuilt: sorted ids, '#na#' first). --y-range: collab_learner's y_range, when
no hyperparameters.json (written by \`collab export --format pth\`) sits beside the model.`;

const command: CliCommand = {
  summary: 'open external embeddings (projector tsv, csv, npy + labels, Spark ALS model, implicit .npz) or a fastai .pth as a read-only run',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, {
      out: { type: 'string' }, spark: { type: 'string' }, labels: { type: 'string', multiple: true }, ratings: { type: 'string' },
      'y-range': { type: 'string' },
    });
    if (values.help) { console.log(HELP); return 0; }
    if (values.spark && positionals.length > 0) throw new UsageError('--spark MODEL_DIR takes no other files.');
    if (values.spark && !isSparkModelDir(values.spark)) {
      throw new UsageError(`${values.spark} is not a Spark ALSModel folder (one holds metadata/, userFactors/ and itemFactors/).`);
    }
    const paths = values.spark ? [values.spark] : positionals;
    if (paths.length === 0) throw new UsageError('Give the files to import.');
    if (!values.out) throw new UsageError('--out RUN is required.');
    const out = values.out.includes(sep) || values.out.includes('/') ? values.out : join(cliRunsDir(values.runs), values.out);
    const yRange = values['y-range']?.split(',').map(Number);
    if (yRange && (yRange.length !== 2 || !yRange.every(Number.isFinite) || yRange[0] >= yRange[1])) {
      throw new UsageError(`--y-range must be LO,HI with LO < HI, e.g. 0,5.5 (got '${values['y-range']}').`);
    }
    const extra = [...(values.labels ?? []), ...(values.ratings ? [values.ratings] : [])];
    const run = await importEmbeddings([...paths, ...extra], { yRange: yRange as [number, number] | undefined });
    const saved = await saveImportedRun(run, out);
    if (values.json) { printJson({ id: saved.id, dir: saved.dir, items: run.manifest.vocab.items.length, users: run.manifest.vocab.users.length }); return 0; }
    if (run.manifest.config) {
      const { vocab, config } = run.manifest;
      console.log(`Imported a fastai ${config.model === 'dot' ? `EmbeddingDotBias (${config.factors} factors)` : `EmbeddingNN (layers ${config.layers.join(', ')})`}`
        + ` of ${vocab.users.length} users x ${vocab.items.length} items, y_range (${config.yRange!.join(', ')}), as run ${saved.dir}`);
      return 0;
    }
    const items = run.tensors.get('itemWeight')!;
    console.log(`Imported ${items.shape[0]} items x ${items.shape[1]} factors`
      + `${run.tensors.has('itemBias') ? ' with biases' : ''}${run.tensors.has('userWeight') ? ' and user vectors' : ''} as run ${saved.dir}`);
    return 0;
  }),
};

export default command;
