/** `collab pca [RUN] [--top-rated N] [--components 2|3] [--transposed] [--users] [--json]` */
import type { CliCommand } from '../command';
import { runPca } from '../../core/analysis/pca';
import { formatTable, indexFor, intOption, parseCommandArgs, printJson, runCommand, UsageError } from './analysis-common';
import { RUNS_RULE_HELP } from '../runs-folder';

const HELP = `Usage: collab pca [RUN] [--top-rated N] [--components 2|3] [--extremes N] [--transposed] [--users] [--runs DIR] [--json]

Principal components of the item (or user) factors, fastai-style (centred, not scaled), optionally
on the N most-rated items (the book uses 1000). Prints the explained variance and, per component,
the items scoring highest and lowest on it. --transposed runs PCA over the factor dimensions and
reports each item's loading instead of its projection. --json includes every point's coordinates.

${RUNS_RULE_HELP}`;

const command: CliCommand = {
  summary: 'PCA of item (or user) factors: explained variance and the items at each end of a component',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, {
      'top-rated': { type: 'string' }, components: { type: 'string' }, extremes: { type: 'string' },
      transposed: { type: 'boolean' }, users: { type: 'boolean' },
    });
    if (values.help) { console.log(HELP); return 0; }
    const components = intOption(values.components, 'components', 3);
    if (components > 3) throw new UsageError('--components must be 1, 2 or 3.');
    const { index } = await indexFor(positionals, 0, values.runs);
    const result = runPca(index, {
      side: values.users ? 'users' : 'items',
      topRated: values['top-rated'] === undefined ? undefined : intOption(values['top-rated'], 'top-rated', 1000),
      components, transposed: values.transposed, extremes: intOption(values.extremes, 'extremes', 10),
    });
    if (values.json) { printJson({ run: index.run.manifest.id, ...result }); return 0; }
    console.log(`Run ${index.run.manifest.id}: PCA of ${result.points.length} ${result.side}${result.transposed ? ' (transposed: loadings)' : ''}.`);
    if (result.note) console.log(result.note);
    console.log(`Explained variance: ${result.explainedVariance.map((v, c) => `PC${c + 1} ${(100 * v).toFixed(1)}%`).join(', ')}`);
    for (const e of result.extremes) {
      const rows = e.highest.map((p, i) => [p.label, p.coords[e.component], e.lowest[i]?.label, e.lowest[i]?.coords[e.component]]);
      console.log(`\nPC${e.component + 1}\n${formatTable(['highest', 'score', 'lowest', 'score'], rows, [undefined, 3, undefined, 3])}`);
    }
    return 0;
  }),
};

export default command;
