/** `collab recommend [RUN] USER [-k N] [--min-count C] [--json]` */
import type { CliCommand } from '../command';
import { recommend } from '../../core/analysis/predict';
import { formatTable, indexFor, intOption, parseCommandArgs, printJson, runCommand } from './analysis-common';
import { RUNS_RULE_HELP } from '../runs-folder';

const HELP = `Usage: collab recommend [RUN] USER [-k N] [--min-count C] [--runs DIR] [--json]

The top k items USER has not rated, by predicted rating. A user the model does not know gets an
explicit cold-start list: items ranked by learned bias among items with at least C ratings (default 10).

${RUNS_RULE_HELP}`;

const command: CliCommand = {
  summary: 'top-N unrated items for a user (cold-start list for unknown users)',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, { k: { type: 'string', short: 'k' }, 'min-count': { type: 'string' } });
    if (values.help) { console.log(HELP); return 0; }
    const { index, rest } = await indexFor(positionals, 1, values.runs);
    const result = recommend(index, rest[0], { k: intOption(values.k, 'k', 10), minCount: intOption(values['min-count'], 'min-count', 10, 0) });
    if (values.json) { printJson({ run: index.run.manifest.id, ...result }); return 0; }
    for (const note of result.notes) console.log(note);
    const scoreName = result.kind === 'model' ? 'predicted' : 'bias';
    console.log(`${result.kind === 'model' ? `Top ${result.items.length} for user ${result.user} (${result.excluded} rated items left out)` : 'Cold-start list'}:`);
    console.log(formatTable(['#', 'label', scoreName, 'ratings', 'mean'],
      result.items.map((r, i) => [i + 1, r.label, r.score, r.count, r.mean]), [undefined, undefined, 3, undefined, 2]));
    return 0;
  }),
};

export default command;
