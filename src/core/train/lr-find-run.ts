/**
 * The learning-rate range test run for real: a fresh model of `config` trained for up to numIt
 * batches with fastai's exponentially growing lr, through the same engines and Adam as fit
 * (lr_find uses the learner's Adam: beta1 0.9 fixed, the model's wd). fastai restores the weights
 * afterwards; here the model is simply thrown away.
 *
 * The batches are what fastai's first epochs would see: rows drawn without replacement from the
 * training rows (a seeded, sparse partial Fisher-Yates, so only numIt * bs rows are touched and
 * copied, however large the data), a fresh draw each time the training rows run out (fastai runs
 * num_it // batches_per_epoch + 1 epochs, dropping the last partial batch).
 */
import type { RatingsDataset } from '../data/types';
import type { TrainConfig } from '../run/types';
import { seededRandom } from '../data/random';
import { createModel, defaultYRange } from '../model';
import { createKernels, MemoryPlan, type KernelPreference } from '../../kernels';
import { adamStep, setAdamStep } from './adam';
import { planEngine } from './engines';
import { abortError } from './loop-clock';
import { LrFinderState, suggestLr, type LrFindOptions, type LrSuggestion, type SuggestionMethod } from './lr-find';
import { TRIPLE_BYTES, writeTriples } from './triples';

/** Options of a range test run. */
export interface LrFindRunOptions extends LrFindOptions {
  engine?: KernelPreference;
  signal?: AbortSignal;
  /** Told each batch's lr and smoothed loss as it is recorded. */
  onBatch?(lr: number, smoothLoss: number, iteration: number): void;
}

/** What a range test found: the curve fastai plots and its suggestions (valley is fastai's default). */
export interface LrFindResult {
  lrs: number[];
  /** Smoothed training loss after each batch. */
  losses: number[];
  /** fastai lr_find's default suggestion (valley); undefined when the test stopped too early to suggest. */
  suggestion?: LrSuggestion;
  suggestions: Partial<Record<SuggestionMethod, LrSuggestion>>;
  /** Kernels used: 'wasm-simd' or 'ts'. */
  engine: string;
  bs: number;
}

/** Adam's beta1 during lr_find (fastai's Adam default mom; lr_find schedules only the lr). */
const LR_FIND_BETA1 = 0.9;
const YIELD_MS = 50;

/** Runs the range test for a fresh model of `config` on `data`'s training rows. */
export async function lrFind(data: RatingsDataset, config: TrainConfig, options: LrFindRunOptions = {}): Promise<LrFindResult> {
  const { signal } = options;
  const state = new LrFinderState(options);
  const { numIt } = state.options;
  const nTrain = data.train.length;
  if (nTrain === 0) throw new Error('there are no training rows to find a learning rate on');
  if (!(config.bs >= 1)) throw new Error(`bs must be positive, not ${config.bs}`);
  const bs = Math.min(config.bs, nTrain);
  const yRange = config.yRange ?? defaultYRange(data.ratingRange);
  const effective: TrainConfig = { ...config, yRange };
  const nUsers = data.userVocab.labels.length, nItems = data.itemVocab.labels.length;
  const model = createModel(effective, nUsers, nItems, yRange, config.seed);

  const plan = new MemoryPlan();
  const planned = planEngine(model, bs, plan);
  const recordsAt = plan.floats(numIt * bs * 3);
  const kernels = createKernels(options.engine ?? 'auto', plan.bytes);
  const engine = planned.make(kernels, effective);
  writeTriples(kernels.i32, kernels.f32, recordsAt, data, batchRows(data.train, bs, numIt, config.seed + 1), nUsers, nItems);

  const adam = adamStep(1, state.nextLr, LR_FIND_BETA1, config.wd);
  let lastYield = performance.now();
  for (let i = 0; i < numIt; i++) {
    const lr = state.nextLr;
    const sse = engine.step(recordsAt + i * bs * TRIPLE_BYTES, bs, setAdamStep(adam, i + 1, lr, LR_FIND_BETA1, config.wd));
    const outcome = state.record(lr, sse / bs);
    options.onBatch?.(lr, state.losses[i], i);
    if (outcome === 'stop') break;
    if (performance.now() - lastYield >= YIELD_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw abortError();
      lastYield = performance.now();
    }
  }
  if (signal?.aborted) throw abortError();
  const suggestions: Partial<Record<SuggestionMethod, LrSuggestion>> = {};
  for (const method of ['valley', 'slide', 'minimum', 'steep'] as const) {
    const found = suggestLr(state.lrs, state.losses, method, numIt);
    if (found) suggestions[method] = found;
  }
  return { lrs: state.lrs, losses: state.losses, suggestion: suggestions.valley, suggestions, engine: kernels.name, bs };
}

/**
 * The training rows of numIt batches of bs, in order: epochs of a seeded shuffle of `train`, each
 * cut to whole batches; only the places drawn are stored (a Map), so this is O(numIt * bs).
 */
export function batchRows(train: Uint32Array, bs: number, numIt: number, seed: number): Uint32Array {
  const n = train.length;
  const perEpoch = Math.floor(n / bs) * bs;
  const out = new Uint32Array(numIt * bs);
  const random = seededRandom(seed);
  for (let filled = 0; filled < out.length;) {
    const take = Math.min(perEpoch, out.length - filled);
    const moved = new Map<number, number>();
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (n - i));
      const atJ = moved.get(j) ?? j;
      moved.set(j, moved.get(i) ?? i);
      out[filled + i] = train[atJ];
    }
    filled += take;
  }
  return out;
}
