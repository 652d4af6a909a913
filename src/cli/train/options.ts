/** `collab train` options: parsing the command line into a TrainRequest. */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { TrainRequest } from '../../protocol/trainer';
import type { ColumnMapping, FileFormat } from '../../core/data/types';
import type { ColumnRef, ColumnRole, SniffOverrides } from '../../core/csv/types';
import { sniffFile } from '../../core/csv/sniff';
import { DEFAULT_CONFIG, parseOptionText, splitOptionProblem, splitSpecOf, validateTrainConfig, type TrainOption } from '../../core/train/config-validate';
import type { SplitKind, SplitSpec } from '../../core/data/splits';
import type { TrainConfig } from '../../core/run/types';
import { cliRunsDir } from '../runs-folder';

/** Help text of `collab train`. */
export const TRAIN_USAGE = `Usage: collab train FILE [options]

Trains a collaborative-filtering model on a ratings file and saves the run.

Model and training (fastai's names and defaults):
  --model dot|nn        dot: EmbeddingDotBias; nn: EmbeddingNN (default dot)
  --factors N           latent factors of the dot model (default ${DEFAULT_CONFIG.factors})
  --layers A,B          hidden layers of the NN model (default ${DEFAULT_CONFIG.layers.join(',')})
  --dropout P           dropout of the NN model (default 0)
  --epochs N            epochs of fit_one_cycle (default ${DEFAULT_CONFIG.epochs})
  --lr X                maximum learning rate (default ${DEFAULT_CONFIG.lr})
  --wd X                weight decay (default ${DEFAULT_CONFIG.wd})
  --bs N                batch size (default ${DEFAULT_CONFIG.bs})
  --seed N              random seed of the split and the weights, >= 0 (default ${DEFAULT_CONFIG.seed})
  --y-range LO,HI       sigmoid_range bounds (default from the ratings, (0, 5.5) for 1-5 stars)
Validation split (recorded in run.json, so collab evaluate rebuilds it):
  --split KIND          random (default): a seeded valid-pct share of rows, as fastai's RandomSplitter;
                        temporal: the latest valid-pct of rows by timestamp;
                        user-last: each user's latest --holdout ratings (leave-last-out);
                        user-random: valid-pct of each user's rows (every user keeps one in training)
                        temporal and user-last need a timestamp column
  --valid-pct P         validation share, > 0 and < 1 (default ${DEFAULT_CONFIG.validPct})
  --holdout N           ratings per user held out by user-last (default 1)
  --valid FILE          validation ratings file instead of a split (e.g. u1.test)
  --folds K             K-fold cross-validation: K trainings, fold f validating on the f-th of K
                        seeded random parts; prints each fold's valid MSE/RMSE/MAE and ranking
                        metrics, then each metric's mean and standard deviation over the folds.
                        Saves no run (train without --folds to save one); --json prints one object
Evaluation (printed after training, stored in run.json beside globalMean, biasOnly and popularity baselines):
  --k N                 ranking metrics' list length (default 10)
  --threshold T         a validation rating >= T is relevant (default 70% of the rating range: 4 on 1-5 stars)
Data:
  --items FILE          items file to join titles from (movies.csv, u.item); items are then keyed by title
  --users FILE          users file (u.user: id|age|gender|occupation|zip) recorded in the run; its columns
                        become metadata in the panel and in collab neighbours --users --meta
  --user COL --item COL --rating COL --title COL --timestamp COL
                        column roles, by header name or 1-based number (default: sniffed)
  --delimiter D         ',' tab ';' '|' or 'whitespace' (default: sniffed)
  --no-header           the first line is data
  --skip-bad-rows       skip unreadable rows (counted and reported) instead of stopping at the first
Output:
  --runs DIR            runs folder to save into (default ./.collab/runs in the working folder)
  --out DIR             the same as --runs (its older name)
  --json                one JSON event per line; the last is train/done, train/error or train/cancelled

The run is saved in ./.collab/runs of the working folder (not beside FILE), where biases,
neighbours, pca, predict, recommend and export look for the newest run; the workspace folder's
.collab/runs is where VS Code looks. With --runs DIR, give the analyses the same --runs DIR.
`;

/** What the command line asked for. */
export interface TrainOptions {
  request: TrainRequest;
  json: boolean;
  /** --folds K: cross-validate (request.split then has `folds`) instead of training one run. */
  crossValidate: boolean;
}

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

const DELIMITER_WORDS: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|', space: 'whitespace' };

/** Each training flag and the TrainConfig option it sets. */
const CONFIG_FLAGS: Readonly<Record<string, TrainOption>> = {
  model: 'model', factors: 'factors', layers: 'layers', dropout: 'dropout', epochs: 'epochs', lr: 'lr', wd: 'wd',
  bs: 'bs', 'valid-pct': 'validPct', seed: 'seed', 'y-range': 'yRange',
};

/** Parses `collab train` arguments; column names are resolved against the file's header. */
export async function parseTrainArgs(args: string[]): Promise<TrainOptions | 'help'> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' },
        items: { type: 'string' }, users: { type: 'string' }, valid: { type: 'string' }, out: { type: 'string' }, runs: { type: 'string' },
        model: { type: 'string' }, factors: { type: 'string' }, layers: { type: 'string' }, dropout: { type: 'string' },
        epochs: { type: 'string' }, lr: { type: 'string' }, wd: { type: 'string' }, bs: { type: 'string' },
        'valid-pct': { type: 'string' }, seed: { type: 'string' }, 'y-range': { type: 'string' },
        user: { type: 'string' }, item: { type: 'string' }, rating: { type: 'string' }, title: { type: 'string' },
        timestamp: { type: 'string' }, delimiter: { type: 'string' }, 'no-header': { type: 'boolean' },
        'skip-bad-rows': { type: 'boolean' }, k: { type: 'string' }, threshold: { type: 'string' }, split: { type: 'string' }, holdout: { type: 'string' }, folds: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one ratings file, got ${positionals.length}` : 'which ratings file? (collab train FILE)');
  const file = resolve(positionals[0]);
  const typed: Partial<Record<TrainOption, unknown>> = {};
  for (const [flag, option] of Object.entries(CONFIG_FLAGS)) {
    const text = v[flag as keyof typeof v];
    if (typeof text === 'string') typed[option] = parseOptionText(option, text);
  }
  const { config, problems } = validateTrainConfig(typed, { validFile: v.valid !== undefined });
  if (problems.length > 0) throw new UsageError(problems.map((p) => p.message).join('\n'));
  if (v.runs !== undefined && v.out !== undefined && resolve(v.runs) !== resolve(v.out)) {
    throw new UsageError('--runs and --out name the same thing (the runs folder); give one');
  }
  if (v.users !== undefined && !existsSync(resolve(v.users))) throw new UsageError(`--users: no file ${v.users}`);
  const request: TrainRequest = {
    file, config,
    runsDir: cliRunsDir(v.runs ?? v.out),
    ...(v.items ? { itemsFile: resolve(v.items) } : {}),
    ...(v.users ? { usersFile: resolve(v.users) } : {}),
    ...(v.valid ? { validFile: resolve(v.valid) } : {}),
    ...(v['skip-bad-rows'] ? { skipBadRows: true } : {}),
    ...evaluationOf(v),
  };
  const split = splitOf(v, config);
  if (split) request.split = split;
  const columns: Partial<Record<ColumnRole, ColumnRef>> = {};
  for (const role of ['user', 'item', 'rating', 'title', 'timestamp'] as const) if (v[role] !== undefined) columns[role] = v[role];
  const delimiter = v.delimiter === undefined ? undefined : DELIMITER_WORDS[v.delimiter] ?? v.delimiter;
  if (Object.keys(columns).length || delimiter !== undefined || v['no-header']) {
    Object.assign(request, await resolveOverrides(file, { columns, delimiter, hasHeader: v['no-header'] ? false : undefined }));
  }
  return { request, json: !!v.json, crossValidate: split?.folds !== undefined };
}

/** --k and --threshold (the threshold's range is checked against the ratings once they are read). */
function evaluationOf(v: { k?: string; threshold?: string }): Pick<TrainRequest, 'evaluation'> {
  if (v.k === undefined && v.threshold === undefined) return {};
  const k = v.k === undefined ? undefined : Number(v.k);
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) throw new UsageError(`--k must be a whole number >= 1 (got '${v.k}')`);
  const threshold = v.threshold === undefined ? undefined : Number(v.threshold);
  if (threshold !== undefined && !Number.isFinite(threshold)) throw new UsageError(`--threshold must be a number (got '${v.threshold}')`);
  return { evaluation: { ...(k !== undefined ? { k } : {}), ...(threshold !== undefined ? { threshold } : {}) } };
}

/** A whole number typed as a flag, or the text itself (so the message quotes it). */
const wholeOrText = (text: string): number | string => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : text);

/**
 * The SplitSpec the split flags ask for, checked by the core's split validator; undefined when no
 * split flag is given (the trainer then uses the random split of valid-pct, or the --valid file).
 */
export function splitOf(v: { split?: string; holdout?: string; folds?: string; valid?: string; 'valid-pct'?: string },
  config: TrainConfig): SplitSpec | undefined {
  const validFile = v.valid !== undefined;
  if (v.split === undefined && v.holdout === undefined && v.folds === undefined) return validFile ? { kind: 'file', seed: config.seed } : undefined;
  if (validFile && v.folds !== undefined) throw new UsageError('--folds cuts the ratings file into parts; it cannot be combined with --valid');
  const kind = (v.split ?? (validFile ? 'file' : 'random')) as SplitKind;
  if (v.holdout !== undefined && kind !== 'user-last') throw new UsageError(`--holdout is the number of ratings per user held out by --split user-last, not by '${kind}'`);
  const holdout = v.holdout === undefined ? undefined : wholeOrText(v.holdout);
  const folds = v.folds === undefined ? undefined : wholeOrText(v.folds);
  // A value that is not a whole number goes through as typed, for the validator to name it.
  const spec = splitSpecOf(kind, config, { ...(holdout !== undefined ? { holdout: holdout as number } : {}), ...(folds !== undefined ? { folds: folds as number } : {}) });
  const problem = splitOptionProblem(spec, { validFile });
  if (problem) throw new UsageError(problem);
  return spec;
}

/** Turns column names into indices (via the file's header) and keeps only what was overridden. */
async function resolveOverrides(file: string, overrides: SniffOverrides): Promise<{ format: Partial<FileFormat>; mapping: Partial<ColumnMapping> }> {
  const sniff = await sniffFile(file, overrides);
  const format: Partial<FileFormat> = {};
  if (overrides.delimiter !== undefined) format.delimiter = sniff.format.delimiter;
  if (overrides.hasHeader !== undefined) format.hasHeader = sniff.format.hasHeader;
  const mapping: Partial<ColumnMapping> = {};
  for (const role of Object.keys(overrides.columns ?? {}) as ColumnRole[]) {
    const index = sniff.mapping[role];
    if (index !== undefined) mapping[role] = index;
  }
  return { format, mapping };
}
