/**
 * `collab export --format pth`: the run as fastai would save it. model.pth is
 * `learn.model.state_dict()` in PyTorch's zip format with fastai's parameter names and shapes;
 * classes.json is `dls.classes` ({user column: [...], item column: [...]}, '#na#' first) and
 * hyperparameters.json what collab_learner and fit_one_cycle need to rebuild the model.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedRun } from '../run/types';
import { stateDictParts } from './torch-file';
import { toFastaiState } from './fastai-state';
import { roleNames } from './source-columns';

/** hyperparameters.json: fastai's names for the run's model and training settings. */
export interface FastaiHyperparameters {
  format: 'collab-fastai';
  version: 1;
  run: string;
  model: 'EmbeddingDotBias' | 'EmbeddingNN';
  use_nn: boolean;
  n_factors?: number;
  layers?: number[];
  emb_szs?: [number, number][];
  ps?: number;
  y_range: [number, number];
  user_name: string;
  item_name: string;
  rating_name: string;
  n_epoch: number;
  lr_max: number;
  wd: number;
  bs: number;
  valid_pct: number;
  seed: number;
}

/** The parts of a pth export, computed before anything is written. */
export interface PthExport {
  /** model.pth as consecutive chunks (the run's tensors are not copied). */
  pth: Uint8Array[];
  classes: Record<string, string[]>;
  hyper: FastaiHyperparameters;
}

/** Builds model.pth, classes.json and hyperparameters.json for a trained run. */
export async function buildPthExport(run: LoadedRun): Promise<PthExport> {
  const { manifest } = run;
  const config = manifest.config;
  if (!config || !config.yRange) {
    throw new Error(`run ${manifest.id} has no model configuration (imported vectors?), so it cannot be exported as a fastai model`);
  }
  const names = await roleNames(manifest);
  const itemName = names.title ?? names.item;
  const state = toFastaiState(config.model, run.tensors, manifest.history?.totalSteps ?? 0);
  const shape = (n: string): number[] => run.tensors.get(n)?.shape ?? [0, 0];
  const nn = config.model === 'nn';
  const hyper: FastaiHyperparameters = {
    format: 'collab-fastai', version: 1, run: manifest.id,
    model: nn ? 'EmbeddingNN' : 'EmbeddingDotBias', use_nn: nn,
    ...(nn
      ? { layers: config.layers, ps: config.dropout, emb_szs: [shape('userEmbedding') as [number, number], shape('itemEmbedding') as [number, number]] }
      : { n_factors: config.factors }),
    y_range: config.yRange, user_name: names.user, item_name: itemName, rating_name: names.rating,
    n_epoch: config.epochs, lr_max: config.lr, wd: config.wd, bs: config.bs, valid_pct: config.validPct, seed: config.seed,
  };
  // A dict keyed by both names would lose one when the user and item columns share a name.
  const classes = { [names.user]: manifest.vocab.users, [itemName === names.user ? `${itemName}_item` : itemName]: manifest.vocab.items };
  return { pth: stateDictParts(state, 'model'), classes, hyper };
}

/** Writes model.pth, classes.json, hyperparameters.json and README.txt into outDir; returns the paths. */
export async function exportPth(run: LoadedRun, outDir: string): Promise<string[]> {
  const built = await buildPthExport(run);
  await mkdir(outDir, { recursive: true });
  const files: [string, string | Uint8Array[]][] = [
    ['model.pth', built.pth],
    ['classes.json', JSON.stringify(built.classes) + '\n'],
    ['hyperparameters.json', JSON.stringify(built.hyper, null, 1) + '\n'],
    ['README.txt', readme(built.hyper)],
  ];
  const written: string[] = [];
  for (const [name, content] of files) {
    await writeFile(join(outDir, name), content);
    written.push(join(outDir, name));
  }
  return written;
}

function readme(h: FastaiHyperparameters): string {
  const build = h.use_nn
    ? `learn = collab_learner(dls, use_nn=True, layers=${JSON.stringify(h.layers)}, y_range=(${h.y_range.join(', ')}), config=tabular_config(ps=${h.ps}))`
    : `learn = collab_learner(dls, n_factors=${h.n_factors}, y_range=(${h.y_range.join(', ')}))`;
  return [
    `fastai ${h.model} exported by Collab from run ${h.run}.`,
    '',
    'model.pth             learn.model.state_dict(), PyTorch zip format, fastai parameter names',
    "classes.json          dls.classes: row i of each embedding is classes[col][i]; '#na#' is row 0",
    'hyperparameters.json  the settings below',
    '',
    'In fastai, with dls built from the same ratings (CollabDataLoaders.from_df):',
    `  ${build}`,
    "  learn.model.load_state_dict(torch.load('model.pth'))",
    'In plain PyTorch: build the same modules and load_state_dict(torch.load(\'model.pth\'), strict=True).',
    'Collab reads it back with `collab import model.pth --labels classes.json --out RUN`.',
    '',
  ].join('\n');
}
