/** `collab import FILE... --out RUN [--json]` */
import { join, sep } from 'node:path';
import type { CliCommand } from '../command';
import { importEmbeddings, saveImportedRun } from '../../core/analysis/import';
import { parseCommandArgs, printJson, runCommand, UsageError } from './analysis-common';
import { cliRunsDir } from '../runs-folder';

const HELP = `Usage: collab import FILE... --out RUN [--runs DIR] [--json]

Opens embeddings trained elsewhere as a read-only run that neighbours, pca and (with a bias column)
biases work on. FILEs: a projector pair (vectors.tsv + metadata.tsv), one CSV with a label column
(other numeric columns are factors; 'bias', 'count', 'mean' are read as such), a .npy factors file
with a labels .txt (one per line) and optionally a *bias*.npy, or Collab's embeddings.json. Files
named user* are read as user vectors. RUN is a folder path, or a bare name saved in the runs folder:
./.collab/runs of the working folder (where the analysis commands look), or --runs DIR.`;

const command: CliCommand = {
  summary: 'open external embeddings (projector tsv, csv, npy + labels) as a read-only run',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, { out: { type: 'string' } });
    if (values.help) { console.log(HELP); return 0; }
    if (positionals.length === 0) throw new UsageError('Give the files to import.');
    if (!values.out) throw new UsageError('--out RUN is required.');
    const out = values.out.includes(sep) || values.out.includes('/') ? values.out : join(cliRunsDir(values.runs), values.out);
    const run = await importEmbeddings(positionals);
    const saved = await saveImportedRun(run, out);
    if (values.json) { printJson({ id: saved.id, dir: saved.dir, items: run.manifest.vocab.items.length, users: run.manifest.vocab.users.length }); return 0; }
    const items = run.tensors.get('itemWeight')!;
    console.log(`Imported ${items.shape[0]} items x ${items.shape[1]} factors`
      + `${run.tensors.has('itemBias') ? ' with biases' : ''}${run.tensors.has('userWeight') ? ' and user vectors' : ''} as run ${saved.dir}`);
    return 0;
  }),
};

export default command;
