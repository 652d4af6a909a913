/** `collab recommend [RUN] USER ...` and `collab recommend [RUN] --rate "TITLE=R" ...` (fold-in of a new person). */
import type { CliCommand } from '../command';
import { recommend } from '../../core/analysis/predict';
import { recommendForRatings, resolveRatings, type PersonResult, type RatingInput } from '../../core/analysis/person';
import { checkProfileName, profileInputs } from '../../core/analysis/profile';
import { profileFile, profilesDirFor, readProfile, saveProfile } from '../../core/analysis/profile-store';
import { addToData } from './add-to-data';
import { formatTable, indexFor, intOption, parseCommandArgs, printJson, runCommand, UsageError } from './analysis-common';
import { resolve } from 'node:path';
import { cliRunsDir, RUNS_RULE_HELP } from '../runs-folder';

const HELP = `Usage: collab recommend [RUN] USER [-k N] [--min-count C] [--runs DIR] [--json]
       collab recommend [RUN] --rate "TITLE=R" [--rate "TITLE=R" ...] [-k N] [--min-count C] [--explain] [--runs DIR] [--json]
       collab recommend [RUN] --profile NAME [--rate ...] [--save-profile NAME] ...

With USER: the top k items USER has not rated, by predicted rating. A user the model does not know
gets an explicit cold-start list: items ranked by learned bias among items with at least C ratings
(default 10).

With --rate: you are the user. Your ratings (a title, id or #index, '=', a rating on the run's
scale) are folded into the model without retraining (your factors and bias fitted with the items
fixed, pulled towards the average user; see README "Rate a few films"), and the k items you did not
rate with the highest predicted rating are listed, among items with at least C training ratings
(default 10). --explain adds why: the rated items that pull each one up most, and the prediction
split into global offset, item bias, user bias and taste (the interaction).

--save-profile NAME saves the ratings as .collab/profiles/NAME.json (beside the runs folder);
--profile NAME (or a path to a .json file) reads them back, against any run of the same data, and
adds any --rate given (a --rate of the same item replaces the profile's rating).

--add-to-data shows the rows that would add the ratings to the run's ratings file as a new user
(an id no row uses, in the file's own delimiter, quoting, encoding and line endings); with --yes it
writes them (temp file and rename: the file is never half-written) and prints the command to retrain.

${RUNS_RULE_HELP}`;

/** Parses one --rate value, "Toy Story (1995)=5" (the last '=' splits, so titles may hold one). */
export function parseRate(text: string): RatingInput {
  const at = text.lastIndexOf('=');
  const item = at > 0 ? text.slice(0, at).trim() : '';
  const value = at > 0 ? text.slice(at + 1).trim() : '';
  const rating = value === '' ? NaN : Number(value);
  if (!item || !Number.isFinite(rating)) throw new UsageError(`--rate needs TITLE=RATING, e.g. --rate "Toy Story (1995)=5", not '${text}'.`);
  return { item, rating };
}

function printPerson(result: PersonResult, explain: boolean): void {
  for (const note of result.notes) console.log(note);
  console.log(`Top ${result.items.length} for you, from ${result.rated.length} rating${result.rated.length === 1 ? '' : 's'}:`);
  console.log(formatTable(['#', 'label', 'predicted', 'ratings', 'mean'],
    result.items.map((r, i) => [i + 1, r.label, r.predicted, r.count, r.mean]), [undefined, undefined, 2, undefined, 2]));
  if (!explain) return;
  console.log('\nWhy:');
  result.items.forEach((r, i) => console.log(`${i + 1}. ${r.label}: ${r.why}`));
}

const command: CliCommand = {
  summary: 'top-N unrated items for a user, or for you from a few --rate ratings (fold-in), with --explain',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, {
      k: { type: 'string', short: 'k' }, 'min-count': { type: 'string' },
      rate: { type: 'string', multiple: true }, explain: { type: 'boolean' },
      profile: { type: 'string' }, 'save-profile': { type: 'string' }, 'add-to-data': { type: 'boolean' }, yes: { type: 'boolean' },
    });
    if (values.help) { console.log(HELP); return 0; }
    const k = intOption(values.k, 'k', 10);
    const minCount = intOption(values['min-count'], 'min-count', 10, 0);
    if (values.rate || values.profile) {
      const { index } = await indexFor(positionals, 0, values.runs);
      const profiles = profilesDirFor(cliRunsDir(values.runs));
      let inputs = (values.rate ?? []).map(parseRate);
      if (values.profile) {
        const byId = index.side('items').byId;
        const saved = profileInputs(readProfile(resolve(profileFile(profiles, values.profile))), (id) => byId?.has(id) ?? false);
        const typed = resolveRatings(index, inputs);
        const replaced = new Set(typed.ok ? typed.ratings.map((r) => r.item) : []);
        const kept = saved.filter((r) => { const m = resolveRatings(index, [r]); return !(m.ok && replaced.has(m.ratings[0].item)); });
        inputs = [...kept, ...inputs];
      }
      const resolved = resolveRatings(index, inputs);
      if (!resolved.ok) {
        const hint = resolved.suggestions.length ? ` Did you mean: ${resolved.suggestions.join(' | ')}` : '';
        console.error(`${resolved.error}${hint}`);
        return 1;
      }
      const saveAs = values['save-profile'];
      if (saveAs !== undefined) {
        const bad = checkProfileName(saveAs);
        if (bad) throw new UsageError(`--save-profile: ${bad}.`);
        const file = saveProfile(profiles, saveAs, resolved.ratings, index);
        if (!values.json) console.log(`Saved ${resolved.ratings.length} ratings as ${file}`);
      }
      if (values['add-to-data']) return addToData(index.run, resolved.ratings, values['save-profile'] ?? values.profile?.replace(/^.*[\\/]|\.json$/gi, '') ?? 'me', values.yes ?? false);
      const result = recommendForRatings(index, resolved.ratings, { k, minCount });
      if (values.json) { printJson({ run: index.run.manifest.id, ...result }); return 0; }
      printPerson(result, values.explain ?? false);
      return 0;
    }
    if (values.explain) throw new UsageError('--explain goes with --rate.');
    const { index, rest } = await indexFor(positionals, 1, values.runs);
    const result = recommend(index, rest[0], { k, minCount });
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
