/** `collab export [RUN] --format csv|tsv|json|npy|pth|tfjs --out DIR [--json]` */
import type { CliCommand } from '../command';
import { EXPORT_FORMATS, exportEmbeddings, type ExportFormat } from '../../core/analysis/export';
import { indexFor, parseCommandArgs, printJson, runCommand, UsageError } from './analysis-common';
import { RUNS_RULE_HELP } from '../runs-folder';

const HELP = `Usage: collab export [RUN] --format csv|tsv|json|npy|pth|tfjs --out DIR [--runs DIR] [--json]

Writes the user and item factors and biases with their labels: csv (label,bias,f0..fk), tsv (the
TensorBoard projector pair <side>-vectors.tsv + <side>-metadata.tsv), json, or npy (float32 .npy
with a labels file). Row i is vocabulary index i; row 0 is '#na#'. README.txt and export.json say so.
pth: the model for fastai / PyTorch: model.pth (learn.model.state_dict() with fastai's parameter
names), classes.json (dls.classes, '#na#' first) and hyperparameters.json.
tfjs: a TensorFlow.js Layers model.json + weights.bin that tf.loadLayersModel loads to predict
ratings from user and item indices, with vocab.json.

${RUNS_RULE_HELP}`;

const command: CliCommand = {
  summary: 'export factors and biases with labels (csv, projector tsv, json, npy), or the model for fastai (pth) or TensorFlow.js (tfjs)',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' }, out: { type: 'string' } });
    if (values.help) { console.log(HELP); return 0; }
    const format = values.format as ExportFormat | undefined;
    if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`);
    if (!values.out) throw new UsageError('--out DIR is required.');
    const { index } = await indexFor(positionals, 0, values.runs);
    const files = await exportEmbeddings(index, { format, outDir: values.out });
    if (values.json) { printJson({ run: index.run.manifest.id, format, files }); return 0; }
    console.log(`Exported run ${index.run.manifest.id} as ${format}:\n${files.map((f) => `  ${f}`).join('\n')}`);
    return 0;
  }),
};

export default command;
