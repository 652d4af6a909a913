/** How a saved sweep reads in the Runs view: source and time, its size and end, the best figure. Pure. */
import { basename } from 'node:path';
import type { TuneListing } from '../../core/tune/read';
import { plainText } from '../text/plain-text';

/** Label, description and tooltip of one sweep (a damaged one says why). */
export function describeTune(tune: TuneListing): { label: string; description: string; tooltip: string } {
  if ('error' in tune) return { label: basename(tune.dir), description: 'cannot be read', tooltip: plainText(tune.error, 500) };
  const m = tune.manifest;
  const when = m.createdAt.slice(0, 16).replace('T', ' ');
  const ended = m.end === 'done' ? '' : m.end === 'budget' ? ', budget reached' : ', cancelled';
  const best = m.best ? ` · best ${m.metric} ${m.best.value.toFixed(4)}` : '';
  return {
    label: `${plainText(basename(m.source.file), 60)} · ${when}`,
    description: `${m.results.length}/${m.space.count} configurations${ended}${best}`,
    tooltip: [
      `${m.space.kind} ${m.space.spec}`,
      `${m.results.length} of ${m.space.count} configurations in ${m.seconds.toFixed(1)} s${ended}${m.folds > 1 ? `, ${m.folds} folds` : ''}`,
      tune.dir,
    ].map((line) => plainText(line, 400)).join('\n'),
  };
}
