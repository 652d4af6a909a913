/** `collab train` options: parsing the command line into a TrainRequest. */
import { parseArgs } from 'node:util';
import { accessSync, constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TrainRequest } from '../../protocol/trainer';
import type { ColumnMapping, FileFormat } from '../../core/data/types';
import type { ColumnRef, ColumnRole, SniffOverrides } from '../../core/csv/types';
import { sniffFile } from '../../core/csv/sniff';
import { DEFAULT_CONFIG } from '../../trainer/defaults';

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
  --valid-pct P         random validation share (default ${DEFAULT_CONFIG.validPct})
  --seed N              random seed of the split and the weights (default ${DEFAULT_CONFIG.seed})
  --y-range LO,HI       sigmoid_range bounds (default from the ratings, (0, 5.5) for 1-5 stars)
Data:
  --items FILE          items file to join titles from (movies.csv, u.item); items are then keyed by title
  --valid FILE          validation ratings file instead of a random split (e.g. u1.test)
  --user COL --item COL --rating COL --title COL --timestamp COL
                        column roles, by header name or 1-based number (default: sniffed)
  --delimiter D         ',' tab ';' '|' or 'whitespace' (default: sniffed)
  --no-header           the first line is data
  --skip-bad-rows       skip unreadable rows (counted and reported) instead of stopping at the first
Output:
  --out DIR             runs folder (default: .collab/runs next to FILE)
  --json                one JSON event per line; the last is train/done, train/error or train/cancelled
`;

/** What the command line asked for. */
export interface TrainOptions {
  request: TrainRequest;
  json: boolean;
}

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

function num(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} expects a number, not '${text}'`);
  return value;
}

function numList(name: string, text: string, length?: number): number[] {
  const values = text.split(',').map((part) => num(name, part, NaN));
  if (length !== undefined && values.length !== length) throw new UsageError(`--${name} expects ${length} comma-separated numbers, not '${text}'`);
  return values;
}

const DELIMITER_WORDS: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|', space: 'whitespace' };

/** The default runs folder: `.collab/runs` beside the data file, or in the working folder if that is read-only. */
export function defaultRunsDir(file: string): string {
  const beside = dirname(resolve(file));
  try {
    accessSync(beside, constants.W_OK);
    return join(beside, '.collab', 'runs');
  } catch {
    return resolve('.collab', 'runs');
  }
}

/** Parses `collab train` arguments; column names are resolved against the file's header. */
export async function parseTrainArgs(args: string[]): Promise<TrainOptions | 'help'> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' },
        items: { type: 'string' }, valid: { type: 'string' }, out: { type: 'string' },
        model: { type: 'string' }, factors: { type: 'string' }, layers: { type: 'string' }, dropout: { type: 'string' },
        epochs: { type: 'string' }, lr: { type: 'string' }, wd: { type: 'string' }, bs: { type: 'string' },
        'valid-pct': { type: 'string' }, seed: { type: 'string' }, 'y-range': { type: 'string' },
        user: { type: 'string' }, item: { type: 'string' }, rating: { type: 'string' }, title: { type: 'string' },
        timestamp: { type: 'string' }, delimiter: { type: 'string' }, 'no-header': { type: 'boolean' },
        'skip-bad-rows': { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one ratings file, got ${positionals.length}` : 'which ratings file? (collab train FILE)');
  const file = resolve(positionals[0]);
  const model = v.model ?? DEFAULT_CONFIG.model;
  if (model !== 'dot' && model !== 'nn') throw new UsageError(`--model is 'dot' or 'nn', not '${model}'`);
  const yRange = v['y-range'] ? (numList('y-range', v['y-range'], 2) as [number, number]) : undefined;
  const config = {
    model, factors: num('factors', v.factors, DEFAULT_CONFIG.factors),
    layers: v.layers ? numList('layers', v.layers) : [...DEFAULT_CONFIG.layers],
    dropout: num('dropout', v.dropout, DEFAULT_CONFIG.dropout), epochs: num('epochs', v.epochs, DEFAULT_CONFIG.epochs),
    lr: num('lr', v.lr, DEFAULT_CONFIG.lr), wd: num('wd', v.wd, DEFAULT_CONFIG.wd), bs: num('bs', v.bs, DEFAULT_CONFIG.bs),
    validPct: num('valid-pct', v['valid-pct'], DEFAULT_CONFIG.validPct), seed: num('seed', v.seed, DEFAULT_CONFIG.seed),
    ...(yRange ? { yRange } : {}),
  } as const;
  const request: TrainRequest = {
    file, config: { ...config, layers: [...config.layers] },
    runsDir: v.out ? resolve(v.out) : defaultRunsDir(file),
    ...(v.items ? { itemsFile: resolve(v.items) } : {}),
    ...(v.valid ? { validFile: resolve(v.valid) } : {}),
    ...(v['skip-bad-rows'] ? { skipBadRows: true } : {}),
  };
  const columns: Partial<Record<ColumnRole, ColumnRef>> = {};
  for (const role of ['user', 'item', 'rating', 'title', 'timestamp'] as const) if (v[role] !== undefined) columns[role] = v[role];
  const delimiter = v.delimiter === undefined ? undefined : DELIMITER_WORDS[v.delimiter] ?? v.delimiter;
  if (Object.keys(columns).length || delimiter !== undefined || v['no-header']) {
    Object.assign(request, await resolveOverrides(file, { columns, delimiter, hasHeader: v['no-header'] ? false : undefined }));
  }
  return { request, json: !!v.json };
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
