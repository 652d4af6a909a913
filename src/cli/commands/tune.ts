/** `collab tune FILE [--grid ...] [--random N] [--budget S] [--metric m] ...`: a hyperparameter sweep; `--resume ID` continues one. */
import { join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import { cliRunsDir, RUNS_OPTION_HELP } from '../runs-folder';
import { intOption, parseCommandArgs, runCommand, UsageError } from './analysis-common';
import { runTune, type TuneHooks } from '../../core/tune/tune';
import { resumeTune, TuneResumeError, tuneDirOf } from '../../core/tune/resume';
import type { TuneManifest } from '../../core/tune/save';
import { DEFAULT_GRID, DEFAULT_RANDOM, describeParams, TuneSpecError, MAX_CONFIGS_WITHOUT_YES } from '../../core/tune/space';
import { lowerIsBetter, parseTuneMetric, TUNE_METRICS, type TuneMetric } from '../../core/tune/metric';
import type { SweepOutcome, TuneResult } from '../../core/tune/sweep';
import { jsonReporter, textReporter } from '../train/reporter';
import { exitCodeOf, runTraining } from '../train/run';

const HELP = `Usage: collab tune FILE [--grid SPEC | --random N [--ranges SPEC]] [--budget S] [--metric M]
                  [--folds K] [--parallel P] [--valid FILE] [--items FILE] [--seed N] [--no-ranking] [--yes] [--json] [--save-best]
       collab tune --resume ID_OR_DIR [--budget S] [--parallel P] [--json] [--save-best]

Trains many configurations on one split of FILE (read and split once) and reports each as it
finishes, then the best. The sweep is saved to .collab/tunes/<id>/tune.json beside the runs folder.

  --grid SPEC      every combination, e.g. "factors=20,50,100 wd=0.01,0.05,0.1 lr=3e-3,5e-3,1e-2 epochs=5,10"
                   (tunable: model, factors, lr, wd, epochs, bs, dropout)
  --random N       N seeded draws from --ranges (default "${DEFAULT_RANDOM}");
                   a range is lo..hi, with :log for a log scale and :int for whole numbers, or a list a,b,c
                   With neither, the default grid "${DEFAULT_GRID}" (24 configurations around the book's recipe).
  --budget S       start no new configuration after S seconds (those running finish)
  --metric M       choose the best by ${TUNE_METRICS.join(', ')} (default rmse; errors lower, ranking higher is better)
  --folds K        K-fold cross-validation: each configuration's mean and standard deviation over K folds
  --parallel P     worker threads (default: the cores)
  --valid FILE     validation file instead of a random split (e.g. u1.test)
  --items FILE     items file to join titles from (u.item, movies.csv)
  --valid-pct P    random validation share (default 0.2)
  --seed N         seed of the split, the models and the random search (default 42)
  --no-ranking     errors only (no ranking metrics unless --metric is one): about half the time on ML-100K
  --yes            allow more than ${MAX_CONFIGS_WITHOUT_YES} configurations
  --json           one JSON line per finished configuration, then a summary line
  --save-best      then train the best configuration and save it as a normal run
  --resume ID      continue a cancelled or budget-stopped sweep (its id in the tunes folder, or its folder):
                   the same space, split and metric, only the configurations not finished; tune.json is
                   updated in place and the summary shows the best over the whole sweep
${RUNS_OPTION_HELP}`;

const COLUMNS = ['rmse', 'mae', 'ndcg', 'precision', 'recall', 'map', 'hitRate'] as const;

function row(r: TuneResult, mark = ' '): string {
  const figures = COLUMNS.map((m) => {
    const x = r.metrics[m];
    const sd = r.std?.[m];
    return (x === undefined ? '' : sd === undefined ? x.toFixed(4) : `${x.toFixed(4)}±${sd.toFixed(3)}`).padStart(sd === undefined ? 8 : 14);
  });
  return `${mark}${String(r.index + 1).padStart(4)}  ${figures.join(' ')} ${r.seconds.toFixed(1).padStart(6)}s  ${describeParams(r.params)}`;
}

function header(folds: number): string {
  const w = folds > 1 ? 14 : 8;
  return ` ${'#'.padStart(4)}  ${COLUMNS.map((m) => (m === 'ndcg' ? 'NDCG@10' : m === 'precision' ? 'P@10' : m === 'recall' ? 'R@10' : m === 'map' ? 'MAP@10' : m === 'hitRate' ? 'HR@10' : m.toUpperCase()).padStart(w)).join(' ')} ${'time'.padStart(7)}  params`;
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number >= 0, not '${value}'.`);
  return n;
}

/** Streams a sweep's rows (or JSON lines) through the hooks, and prints its summary. */
function printer(json: boolean): { hooks: Pick<TuneHooks, 'onStart' | 'onResult'>; summary: (r: Swept) => void } {
  const out = (line: string): void => { process.stdout.write(`${line}\n`); };
  return {
    hooks: {
      onStart: (info) => {
        if (json) { out(JSON.stringify({ type: 'tune/start', ...info })); return; }
        const resumed = info.resumed ? `Resuming (${info.resumed.finished} of ${info.resumed.total} configurations finished before): t` : 'T';
        out(`${resumed}uning ${info.configs} configurations${info.folds > 1 ? ` x ${info.folds} folds` : ''} with ${info.parallel} `
          + `${info.workers ? 'worker threads' : 'fit at a time'}; best by ${info.metric} (${lowerIsBetter(info.metric) ? 'lower' : 'higher'} is better).`);
        out(header(info.folds));
      },
      onResult: (r) => out(json ? JSON.stringify({ type: 'tune/result', ...r }) : row(r)),
    },
    summary: ({ manifest, dir, outcome }) => {
      const best = outcome.results[outcome.best];
      if (json) {
        out(JSON.stringify({ type: 'tune/done', id: manifest.id, dir, end: manifest.end, seconds: manifest.seconds, finished: manifest.results.length,
          skipped: outcome.skipped, metric: manifest.metric, best: best ?? null, ...(manifest.resumed ? { resumed: manifest.resumed.length } : {}) }));
        return;
      }
      const ended = manifest.end === 'budget' ? `; the budget stopped it (${outcome.skipped} not started)`
        : manifest.end === 'cancelled' ? `; cancelled (${outcome.skipped} not started, finished ones kept)` : '';
      const resumed = manifest.resumed ? ` (${manifest.resumed.length === 1 ? 'resumed once' : `resumed ${manifest.resumed.length} times`})` : '';
      out(`\n${manifest.results.length} of ${manifest.space.count} configurations in ${manifest.seconds.toFixed(1)} s${resumed}${ended}. Saved ${dir}`);
      if (best) out(`Best by ${manifest.metric}:\n${header(manifest.folds)}\n${row(best, '*')}`);
    },
  };
}

type Swept = { manifest: TuneManifest; dir: string; outcome: SweepOutcome };

/** Options that define a sweep, which `--resume` takes from tune.json instead. */
const FIXED_BY_RESUME = ['grid', 'random', 'ranges', 'metric', 'folds', 'valid', 'items', 'valid-pct', 'seed', 'no-ranking', 'yes'] as const;

const command: CliCommand = {
  summary: 'try many training configurations on one split (grid, random or default) and report the best',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, {
      grid: { type: 'string' }, random: { type: 'string' }, ranges: { type: 'string' }, budget: { type: 'string' },
      metric: { type: 'string' }, folds: { type: 'string' }, parallel: { type: 'string' }, valid: { type: 'string' },
      items: { type: 'string' }, 'valid-pct': { type: 'string' }, seed: { type: 'string' }, yes: { type: 'boolean' },
      'save-best': { type: 'boolean' }, 'no-ranking': { type: 'boolean' }, resume: { type: 'string' },
    });
    if (values.help) { console.log(HELP); return 0; }
    const json = values.json === true;
    const runsDir = cliRunsDir(values.runs);
    const parallel = values.parallel === undefined ? undefined : intOption(values.parallel, 'parallel', 1);
    const budgetSeconds = numberOption(values.budget, 'budget');
    const workerPath = join(__dirname, 'tune-worker.js');
    const { hooks, summary } = printer(json);
    const controller = new AbortController();
    const onInterrupt = (): void => controller.abort();
    let sweep: () => Promise<Swept>;
    let source: { file: string; validFile?: string; itemsFile?: string } | undefined; // a resume's comes from its tune.json

    if (values.resume !== undefined) {
      if (positionals.length > 0) throw new UsageError(`--resume takes the sweep's data from its tune.json; drop ${positionals[0]}.`);
      const fixed = FIXED_BY_RESUME.find((name) => values[name] !== undefined);
      if (fixed) throw new UsageError(`--resume continues the sweep as it was saved; --${fixed} cannot change it.`);
      const dir = tuneDirOf(values.resume, runsDir);
      sweep = () => resumeTune(dir, { ...hooks, signal: controller.signal }, { budgetSeconds, parallel, workerPath });
    } else {
      if (positionals.length !== 1) throw new UsageError(`Expected one ratings FILE (or --resume ID), got ${positionals.length}.`);
      if (values.grid !== undefined && values.random !== undefined) throw new UsageError('Give --grid or --random, not both.');
      let metric: TuneMetric;
      try {
        metric = parseTuneMetric(values.metric ?? 'rmse');
      } catch (e) {
        throw new UsageError(`--metric: ${(e as Error).message}.`);
      }
      const file = resolve(positionals[0]);
      const validFile = values.valid ? resolve(values.valid) : undefined;
      const itemsFile = values.items ? resolve(values.items) : undefined;
      const folds = intOption(values.folds, 'folds', 1);
      const validPct = numberOption(values['valid-pct'], 'valid-pct');
      const seed = values.seed === undefined ? undefined : intOption(values.seed, 'seed', 42, 0);
      source = { file, validFile, itemsFile };
      sweep = () => runTune({
        file, validFile, itemsFile, grid: values.grid, random: values.random === undefined ? undefined : intOption(values.random, 'random', 1),
        ranges: values.ranges, seed, metric, folds, parallel, budgetSeconds, yes: values.yes === true, runsDir,
        base: { ...(validPct !== undefined ? { validPct } : {}), ...(seed !== undefined ? { seed } : {}) },
        ranking: values['no-ranking'] !== true, workerPath,
      }, { ...hooks, signal: controller.signal });
    }

    process.on('SIGINT', onInterrupt);
    let result: Swept;
    try {
      result = await sweep();
    } catch (e) {
      if (e instanceof TuneSpecError || e instanceof RangeError) throw new UsageError(e.message);
      if (e instanceof TuneResumeError && e.problem === 'done') {
        process.stdout.write(json ? `${JSON.stringify({ type: 'tune/nothing-to-resume', dir: e.dir, message: e.message })}\n` : `${e.message}\n`);
        return 0;
      }
      throw e;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
    summary(result);
    const { manifest, outcome } = result;
    const best = outcome.results[outcome.best];
    if (manifest.end === 'cancelled') return 130;
    if (!values['save-best'] || !best) return best ? 0 : 1;
    const request = { ...(source ?? manifest.source), config: best.config, runsDir };
    const streams = { out: process.stdout, live: process.stderr };
    if (!json) process.stdout.write(`\nTraining the best configuration (${describeParams(best.params)}) as a run:\n`);
    const trained = await runTraining(request, json ? jsonReporter(streams) : textReporter(streams, request));
    return exitCodeOf(trained);
  }),
};

export default command;
