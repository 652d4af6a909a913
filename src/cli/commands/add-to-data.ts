/** `collab recommend ... --add-to-data [--yes]`: the person's ratings appended to the run's ratings file as a new user. */
import { applyAppend, planAppend } from '../../core/data/append-person';
import type { ResolvedRating } from '../../core/analysis/person';
import type { LoadedRun } from '../../core/run/types';

/** Shows (or with `yes` writes) the new rows; returns the exit code. */
export async function addToData(run: LoadedRun, ratings: readonly ResolvedRating[], name: string, yes: boolean): Promise<number> {
  const plan = await planAppend(run, ratings, name);
  console.log(`${yes ? 'Appending' : 'Would append'} ${plan.rows} row${plan.rows === 1 ? '' : 's'} as new user ${plan.user} to ${plan.path}:`);
  console.log(plan.lines.replace(/\r?\n$/, '').replace(/\r/g, ''));
  if (!yes) {
    console.log('\nNothing written. Run again with --yes to add them (the file is replaced atomically: never half-written).');
    return 0;
  }
  applyAppend(plan);
  console.log(`\nDone. Retrain to learn from them: collab train ${JSON.stringify(plan.path)}${plan.itemsFile ? ` --items ${JSON.stringify(plan.itemsFile)}` : ''}`);
  return 0;
}
