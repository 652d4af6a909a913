/**
 * Opening a fastai / PyTorch model (.pth) as a run: a `learn.save()` file ({'model': state_dict,
 * 'opt': ...}; the optimizer state is ignored) or a bare state_dict of EmbeddingDotBias or
 * EmbeddingNN, read by the restricted unpickler. Rows are labelled from classes.json (dls.classes),
 * one labels file per side (users*.txt, items*.txt; one label a line, as Collab's npy export
 * writes), or the training ratings file (fastai's vocabulary rebuilt: sorted classes, '#na#' at 0).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { RUN_FORMAT_VERSION, type LoadedRun, type RunManifest, type TrainConfig } from '../run/types';
import { loadRatings } from '../csv/load';
import { allNumeric, buildVocab } from '../data/vocab';
import { PyDict, PyTuple } from './pickle-read';
import { readTorchFile, type ReadTensor } from './torch-file';
import { fromFastaiState } from './fastai-state';
import type { FastaiHyperparameters } from './pth-export';

/** Where the labels of a .pth come from. */
export interface PthLabels {
  classesJson?: string;
  usersFile?: string;
  itemsFile?: string;
  ratingsFile?: string;
}

/** True for the file names read as PyTorch checkpoints. */
export const isPthPath = (p: string): boolean => ['.pth', '.pt', '.pkl', '.ckpt'].includes(extname(p).toLowerCase());

/** Sorts the non-.pth files given beside a .pth into label sources, by name and extension. */
export function labelSources(paths: readonly string[]): PthLabels {
  const out: PthLabels = {};
  for (const p of paths) {
    const name = basename(p).toLowerCase();
    const ext = extname(name);
    if (ext === '.json') { if (!name.startsWith('hyperparameters')) out.classesJson = p; }
    else if (ext === '.txt') { if (name.startsWith('user')) out.usersFile = p; else out.itemsFile = p; }
    else out.ratingsFile = p;
  }
  return out;
}

const isTensor = (v: unknown): v is ReadTensor => typeof v === 'object' && v !== null && 'data' in v && (v as ReadTensor).data instanceof Float32Array;

/** The model's state dict inside what torch.load returns: `obj['model']` of a learn.save() file, or obj itself. */
function stateDictOf(root: unknown, what: string): Map<string, ReadTensor> {
  if (!(root instanceof PyDict)) throw new Error(`${what} holds a ${root instanceof PyTuple ? 'tuple' : Array.isArray(root) ? 'list' : typeof root}, not a state dict or a fastai learn.save() dict`);
  const inner = root.map.get('model');
  const dict = inner instanceof PyDict && !isTensor(inner) ? inner : root;
  const state = new Map<string, ReadTensor>();
  for (const [key, value] of dict.map) {
    if (!isTensor(value)) throw new Error(`${what}: '${String(key)}' is not a tensor, so this is not a model's state dict (keys: ${[...dict.map.keys()].slice(0, 8).join(', ')})`);
    state.set(String(key), value);
  }
  return state;
}

async function readLabels(sources: PthLabels, what: string): Promise<{ users: string[]; items: string[] }> {
  if (sources.classesJson) {
    const json = JSON.parse(await readFile(sources.classesJson, 'utf8')) as unknown;
    const lists = json && typeof json === 'object' && !Array.isArray(json) ? Object.values(json as Record<string, unknown>) : [];
    const strings = (v: unknown): v is unknown[] => Array.isArray(v);
    if (lists.length !== 2 || !lists.every(strings)) {
      throw new Error(`${sources.classesJson} should hold dls.classes: {"<user column>": [...], "<item column>": [...]}, users first`);
    }
    return { users: lists[0].map(String), items: lists[1].map(String) };
  }
  if (sources.usersFile || sources.itemsFile) {
    if (!sources.usersFile || !sources.itemsFile) throw new Error('Give two labels files, users*.txt and items*.txt (one label a line), or classes.json.');
    const lines = async (p: string): Promise<string[]> => (await readFile(p, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/).filter((l, i, all) => i < all.length - 1 || l !== '');
    return { users: await lines(sources.usersFile), items: await lines(sources.itemsFile) };
  }
  if (sources.ratingsFile) {
    const { table } = await loadRatings(sources.ratingsFile);
    const vocab = (labels: string[]): string[] => buildVocab(labels, new Uint8Array(labels.length).fill(1), allNumeric(labels)).vocab.labels;
    return { users: vocab(table.userLabels), items: vocab(table.itemLabels) };
  }
  throw new Error(`${what} holds weights but no labels: give classes.json (json.dump(learn.dls.classes, ...)), `
    + 'users.txt and items.txt, or the ratings file the model was trained on.');
}

/** Reads a .pth and its labels into an in-memory imported run (not yet saved). Nothing is written. */
export async function importPth(path: string, sources: PthLabels, options: { yRange?: [number, number] } = {}): Promise<LoadedRun> {
  const what = basename(path);
  const state = stateDictOf(readTorchFile(new Uint8Array(await readFile(path)), what), what);
  const model = fromFastaiState(state, what);
  const labels = await readLabels(sources, what);
  const from = sources.classesJson ?? sources.ratingsFile ?? sources.usersFile ?? 'the labels';
  if (labels.users.length !== model.nUsers || labels.items.length !== model.nItems) {
    throw new Error(`${what} has ${model.nUsers} users x ${model.nItems} items but ${basename(from)} gives ${labels.users.length} user and `
      + `${labels.items.length} item labels${sources.ratingsFile ? " (fastai's vocabulary comes from the training split only: save learn.dls.classes to classes.json)" : ''}.`);
  }
  const hyperPath = join(dirname(path), 'hyperparameters.json');
  const hyper = existsSync(hyperPath) ? JSON.parse(await readFile(hyperPath, 'utf8')) as Partial<FastaiHyperparameters> : undefined;
  const yRange = options.yRange ?? (Array.isArray(hyper?.y_range) ? hyper.y_range : undefined);
  if (!yRange) throw new Error(`${what} does not record y_range (fastai keeps it in code): give it, e.g. --y-range 0,5.5 as in collab_learner(..., y_range=(0, 5.5)).`);
  const config: TrainConfig = {
    model: model.model, factors: model.model === 'dot' ? model.factors : 50, layers: model.model === 'nn' ? model.layers : [],
    dropout: hyper?.ps ?? 0, epochs: hyper?.n_epoch ?? 0, lr: hyper?.lr_max ?? 0, wd: hyper?.wd ?? 0, bs: hyper?.bs ?? 0,
    validPct: hyper?.valid_pct ?? 0, seed: hyper?.seed ?? 0, yRange,
  };
  const manifest: RunManifest = {
    version: RUN_FORMAT_VERSION, id: 'imported', createdAt: new Date().toISOString(), origin: 'imported',
    engine: `fastai ${model.model === 'dot' ? 'EmbeddingDotBias' : 'EmbeddingNN'} imported from ${resolve(path)}`,
    config, vocab: { users: labels.users, items: labels.items }, tensors: [], metrics: [],
  };
  return { dir: '', manifest, tensors: new Map(model.tensors.map((t) => [t.name, { shape: t.shape, data: t.data }])) };
}
