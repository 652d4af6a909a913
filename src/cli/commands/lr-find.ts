/** `collab lr-find FILE [train options] [--json]`: fastai's learning-rate range test, in the trainer process. */
import { basename } from 'node:path';
import type { CliCommand } from '../command';
import type { LrFindDoneEvent, LrFindRequest, LrFindToHost } from '../../protocol/trainer';
import type { LrSuggestion, SuggestionMethod } from '../../core/train/lr-find';
import { startLrFind } from '../../trainer/client';
import { TRAIN_USAGE, UsageError, parseTrainArgs } from '../train/options';
import { untilDone } from '../train/run';
import { describeModel } from '../train/reporter';

const HELP = `Usage: collab lr-find FILE [train options] [--json]

fastai's learning-rate range test (Learner.lr_find): a fresh model of the train options trains on
the training rows for up to 100 batches while the learning rate grows exponentially from 1e-7 to
10; the smoothed loss is recorded and the test stops once it exceeds 4x its best. Prints the loss
against the learning rate (log scale) and the suggestions: valley (fastai's default), minimum/10,
steep and slide. Nothing is saved. Ctrl-C cancels. --json prints one object: lrs, losses,
suggestion, suggestions, engine, bs, seconds.

It reads FILE and splits it exactly as collab train would with the same options:

${trainOptionsHelp()}`;

/** collab train's option sections from the model to the data (not its output options: nothing is saved). */
function trainOptionsHelp(): string {
  const lines = TRAIN_USAGE.split('\n');
  const from = lines.findIndex((l) => l.startsWith('Model and training')), to = lines.findIndex((l) => l.startsWith('Output:'));
  return lines.slice(from, to).filter((l) => !/^\s+--folds|^\s+seeded random parts|^\s+metrics, then each|^\s+Saves no run/.test(l)).join('\n');
}

/** Rows of the sketch (points of the curve shown, evenly spread) and its width in characters. */
const SKETCH_ROWS = 24;
const SKETCH_WIDTH = 40;

const sci = (x: number): string => x.toExponential(1);

/** The curve as rows "lr loss |   *", losses scaled between the lowest and the highest shown, suggestions marked. */
export function sketch(done: Pick<LrFindDoneEvent, 'lrs' | 'losses' | 'suggestions'>): string[] {
  const { lrs, losses } = done;
  const finite = losses.filter(Number.isFinite);
  if (finite.length === 0) return [];
  const lo = Math.min(...finite), hi = Math.max(...finite);
  const span = hi - lo || 1;
  const step = Math.max(1, Math.ceil(lrs.length / SKETCH_ROWS));
  const marks = new Map<number, string[]>();
  for (const s of Object.values(done.suggestions) as LrSuggestion[]) {
    // the shown point nearest the suggestion's point on the curve
    const at = lrs.findIndex((lr) => lr >= s.at.lr);
    const row = Math.min(lrs.length - 1, Math.round((at < 0 ? lrs.length - 1 : at) / step) * step);
    marks.set(row, [...(marks.get(row) ?? []), s.method]);
  }
  const out = [`${'lr'.padStart(8)}  ${'loss'.padStart(9)}  smoothed loss (lowest at the left)`];
  for (let i = 0; i < lrs.length; i += step) {
    const loss = losses[i];
    const x = Number.isFinite(loss) ? Math.round(((Math.min(loss, hi) - lo) / span) * (SKETCH_WIDTH - 1)) : SKETCH_WIDTH - 1;
    const line = `${' '.repeat(x)}*`.padEnd(SKETCH_WIDTH);
    const mark = marks.get(i);
    out.push(`${sci(lrs[i]).padStart(8)}  ${(Number.isFinite(loss) ? loss.toFixed(4) : 'nan').padStart(9)}  |${line}|${mark ? ` <- ${mark.join(', ')}` : ''}`);
  }
  return out;
}

const SUGGESTION_WORDS: Record<SuggestionMethod, string> = {
  valley: 'valley (fastai\'s default)', minimum: 'minimum/10', steep: 'steep', slide: 'slide',
};

/** The printed report: what ran, the sketch, the suggestions and the next command. */
export function lrFindText(request: LrFindRequest, done: LrFindDoneEvent): string {
  const lines = [
    `lr_find on ${basename(request.file)}: ${describeModel({ ...request, runsDir: '' })}; `
      + `${done.lrs.length} batches of ${done.bs} (${done.engine}), ${done.seconds.toFixed(1)} s.`, '', ...sketch(done), '',
  ];
  const methods: SuggestionMethod[] = ['valley', 'minimum', 'steep', 'slide'];
  for (const m of methods) {
    const s = done.suggestions[m];
    lines.push(`  ${SUGGESTION_WORDS[m].padEnd(26)} ${s ? s.lr.toPrecision(2) : '(too few points to suggest)'}`);
  }
  if (done.suggestion) lines.push('', `Train with it: collab train ${request.file} --lr ${done.suggestion.lr.toPrecision(2)}`);
  else lines.push('', 'The test stopped too early to suggest a rate (the loss diverged at once?).');
  return lines.join('\n');
}

const command: CliCommand = {
  summary: 'fastai\'s learning-rate range test: loss against lr (log scale) and the suggested lr',
  async run(args) {
    let options;
    try {
      options = await parseTrainArgs(args);
      if (options !== 'help' && options.crossValidate) throw new UsageError('--folds does not apply to lr-find');
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      console.error(`collab lr-find: ${err.message}\n\n${HELP}`);
      return 2;
    }
    if (options === 'help') {
      console.log(HELP);
      return 0;
    }
    const { runsDir: _runsDir, ...request } = options.request;
    const json = options.json;
    const live = process.stderr;
    const onEvent = (event: LrFindToHost): void => {
      if (event.type === 'train/dataset' && !json) {
        console.log(`${event.rows.toLocaleString('en-US')} ratings; ${event.trainRows.toLocaleString('en-US')} training rows`);
        for (const w of event.warnings) console.log(`warning: ${w}`);
      } else if (event.type === 'lr-find/step' && live.isTTY) {
        live.write(`\rbatch ${event.iteration + 1}  lr ${sci(event.lr)}  loss ${event.loss.toFixed(4)}   `);
      }
    };
    const result = await untilDone(startLrFind(request, { onEvent }));
    if (live.isTTY) live.write('\r\x1b[K');
    if (result.outcome === 'cancelled') {
      console.error('Cancelled.');
      return 130;
    }
    if (result.outcome === 'error') {
      console.error(`collab lr-find: ${result.error.message}`);
      return 1;
    }
    const { type: _type, ...done } = result.done;
    if (json) console.log(JSON.stringify(done));
    else console.log(lrFindText(request, result.done));
    return 0;
  },
};

export default command;
