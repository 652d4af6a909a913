/** `collab biases [RUN] [--users] [--top N] [--min-count C] [--json]` */
import type { CliCommand } from '../command';
import { biasTable, type BiasRow } from '../../core/analysis/biases';
import { formatTable, indexFor, intOption, parseCommandArgs, printJson, runCommand } from './analysis-common';
import { RUNS_RULE_HELP } from '../runs-folder';
import { loadRunMetadata, metaText } from '../../core/metadata/run-metadata';

const HELP = `Usage: collab biases [RUN] [--users] [--top N] [--min-count C] [--meta] [--runs DIR] [--json]

The highest and lowest learned biases of items (or users with --users), with the number of
training ratings and their mean. With --meta, each row's metadata (genres, year, ...) from the
items (or users) file the run recorded.

${RUNS_RULE_HELP}`;

const table = (rows: BiasRow[], meta?: (index: number) => string): string =>
  formatTable(['#', 'label', 'bias', 'ratings', 'mean', ...(meta ? ['metadata'] : [])],
    rows.map((r, i) => [i + 1, r.label, r.bias, r.count, r.mean, ...(meta ? [meta(r.index)] : [])]), [undefined, undefined, 3, undefined, 2]);

const command: CliCommand = {
  summary: 'highest and lowest item (or user) biases, with rating counts and means',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, {
      users: { type: 'boolean' }, top: { type: 'string' }, 'min-count': { type: 'string' }, meta: { type: 'boolean' },
    });
    if (values.help) { console.log(HELP); return 0; }
    const { index } = await indexFor(positionals, 0, values.runs);
    const result = biasTable(index, {
      side: values.users ? 'users' : 'items',
      top: intOption(values.top, 'top', 15),
      minCount: intOption(values['min-count'], 'min-count', 0, 0),
    });
    const meta = values.meta ? await loadRunMetadata(index.run, result.side) : undefined;
    const metaOf = meta ? (i: number) => metaText(meta, i) : undefined;
    if (values.json) {
      const rows = (list: BiasRow[]) => (metaOf ? list.map((r) => ({ ...r, metadata: metaOf(r.index) })) : list);
      printJson({ run: index.run.manifest.id, ...result, highest: rows(result.highest), lowest: rows(result.lowest), ...(meta ? { metadataProblems: meta.problems } : {}) });
      return 0;
    }
    const what = result.side === 'users' ? 'user' : 'item';
    console.log(`Run ${index.run.manifest.id}: ${result.considered} ${result.side} considered.`);
    if (result.note) console.log(result.note);
    console.log(`\nHighest ${what} biases\n${table(result.highest, metaOf)}\n\nLowest ${what} biases\n${table(result.lowest, metaOf)}`);
    return 0;
  }),
};

export default command;
