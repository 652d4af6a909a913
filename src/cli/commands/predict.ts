/** `collab predict [RUN] USER ITEM [--json]` */
import type { CliCommand } from '../command';
import { predictRating } from '../../core/analysis/predict';
import { indexFor, parseCommandArgs, printJson, runCommand } from './analysis-common';
import { RUNS_RULE_HELP } from '../runs-folder';

const HELP = `Usage: collab predict [RUN] USER ITEM [--runs DIR] [--json]

The model's predicted rating of ITEM by USER. USER is a user id exactly as in the data; ITEM is a
label, raw id, '#<index>' or part of a title. Unknown users and items are errors (exit code 1).

${RUNS_RULE_HELP}`;

const command: CliCommand = {
  summary: 'predicted rating of an item by a user',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, {});
    if (values.help) { console.log(HELP); return 0; }
    const { index, rest } = await indexFor(positionals, 2, values.runs);
    const result = predictRating(index, rest[0], rest[1]);
    if (values.json) { printJson({ run: index.run.manifest.id, ...result }); return result.ok ? 0 : 1; }
    if (!result.ok) {
      console.error(result.error + (result.suggestions.length ? ` Did you mean: ${result.suggestions.join(' | ')}` : ''));
      return 1;
    }
    const how = result.itemMatch === 'exact' ? '' : ` (matched '${rest[1]}' by ${result.itemMatch})`;
    console.log(`User ${result.user}, ${result.item}${how}: predicted rating ${result.rating.toFixed(2)}`);
    return 0;
  }),
};

export default command;
