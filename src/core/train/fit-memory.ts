/**
 * The shape of a fit (batch size, batches per epoch and per kernel call) and where its records and
 * scratch live in the kernels' memory, planned before the memory exists.
 */
import type { TrainConfig } from '../run/types';
import { ADAM_COEF_FLOATS, type MemoryPlan } from '../../kernels';
import { stepCount } from './schedule';

/** Records shuffled or validated per kernel call (a millisecond or so): short calls let the loop yield on
 *  time, and let a kernel's optimised code take over after its first calls (WebAssembly tiers up between calls). */
export const CHUNK = 1 << 14;
/** Training records an engine with multi-batch steps runs per kernel call (a millisecond or two), so
 *  the per-batch work in JavaScript is paid once a call and cancel and progress are still seen often. */
const RECORDS_PER_CALL = 4096;

/** How the training rows divide into batches and steps. */
export interface FitShape {
  nTrain: number;
  nValid: number;
  /** The batch size used: config.bs, or all the rows when there are fewer. */
  bs: number;
  batchesPerEpoch: number;
  totalSteps: number;
  /** Most batches in one multi-batch kernel call. */
  batchesPerCall: number;
}

/** The batches of `nTrain` training rows under `config`; throws on settings that cannot train. */
export function fitShape(config: TrainConfig, nTrain: number, nValid: number): FitShape {
  if (nTrain === 0) throw new Error('there are no training rows to fit on');
  if (!(config.epochs >= 1 && config.lr > 0 && config.bs >= 1)) {
    throw new Error(`epochs (${config.epochs}), lr (${config.lr}) and bs (${config.bs}) must be positive`);
  }
  // fastai drops the last partial batch; a dataset smaller than one batch trains on one smaller batch (schedule.ts).
  const { bs, batchesPerEpoch, totalSteps } = stepCount(nTrain, config.bs, config.epochs);
  return { nTrain, nValid, bs, batchesPerEpoch, totalSteps, batchesPerCall: Math.max(1, Math.floor(RECORDS_PER_CALL / bs)) };
}

/** Byte offsets of fit's buffers in the kernels' memory. */
export interface FitMemory {
  /** Training and validation records (TRIPLE_BYTES each). */
  train: number;
  valid: number;
  /** f32 predictions of one validation chunk. */
  predictions: number;
  /** The Adam coefficients of one multi-batch call's steps (ADAM_COEF_FLOATS f32 each). */
  coefs: number;
  /** f64 squared-error sums of one multi-batch call's batches. */
  sse: number;
  /** f64 sums of squared and absolute validation errors of one chunk. */
  errors: number;
}

/** Reserves fit's buffers in `plan` (after the model's). */
export function planFitMemory(plan: MemoryPlan, shape: FitShape): FitMemory {
  const { nTrain, nValid } = shape;
  return {
    train: plan.floats(nTrain * 3),
    valid: plan.floats(nValid * 3),
    predictions: plan.floats(Math.min(CHUNK, nValid)),
    coefs: plan.floats(shape.batchesPerCall * ADAM_COEF_FLOATS),
    sse: plan.floats(shape.batchesPerCall * 2),
    errors: plan.floats(4),
  };
}
