/** `collab questionnaire [RUN] [-n N] [--json]`: items to ask a newcomer to rate. */
import type { CliCommand } from '../command';
import { questionnaire } from '../../core/analysis/questionnaire';
import { ratingScale } from '../../core/analysis/rating-scale';
import { formatTable, indexFor, intOption, parseCommandArgs, printJson, runCommand } from './analysis-common';
import { RUNS_RULE_HELP } from '../runs-folder';

const HELP = `Usage: collab questionnaire [RUN] [-n N] [--pool P] [--runs DIR] [--json]

N items (default 10) to ask someone new to rate, both well known and spread across the embedding
space: among the P most rated items (default max(50, 5N)), the most rated first, then each time the
item least similar (cosine of item factors) to those already picked. Rate them with
\`collab recommend --rate "TITLE=R" ...\`.

${RUNS_RULE_HELP}`;

const command: CliCommand = {
  summary: 'items to ask a newcomer to rate: well known and spread across the embedding space',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, { n: { type: 'string', short: 'n' }, pool: { type: 'string' } });
    if (values.help) { console.log(HELP); return 0; }
    const n = intOption(values.n, 'n', 10);
    const { index } = await indexFor(positionals, 0, values.runs);
    const items = questionnaire(index.side('items'), n, values.pool ? { pool: intOption(values.pool, 'pool', 50) } : {});
    const scale = ratingScale(index.run.manifest);
    if (values.json) { printJson({ run: index.run.manifest.id, scale, items }); return 0; }
    console.log(`Rate these${scale ? ` (${scale.min}-${scale.max}${scale.step < 1 ? ', halves allowed' : ''})` : ''}:`);
    console.log(formatTable(['#', 'label', 'ratings', 'mean'], items.map((q, i) => [i + 1, q.label, q.count, q.mean]), [undefined, undefined, undefined, 2]));
    return 0;
  }),
};

export default command;
