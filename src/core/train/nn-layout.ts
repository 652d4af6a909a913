/**
 * Where the NN model lives in the kernels' memory, and packing it in and out. Matrices are
 * row-major with row strides rounded up to 4 floats; padding lanes hold zeros and stay zero
 * (their gradients are zero), so the SIMD kernels can run over whole rows.
 */
import type { EmbeddingNN } from '../model/nn';
import { roundUp4 } from '../model/math';
import type { MemoryPlan } from '../../kernels';
import type { SparseRowScratch } from './engine';

/** Parameter, Adam moments and gradient of one dense tensor (byte offsets, `floats` each). */
export interface DenseParam {
  p: number;
  m: number;
  v: number;
  g: number;
  floats: number;
}

/** One hidden block: Linear(no bias) -> ReLU -> BatchNorm1d (-> Dropout). */
export interface LayerLayout {
  nIn: number;
  nOut: number;
  /** Row strides (floats) of the input and of this layer's activations. */
  sIn: number;
  sOut: number;
  /** Linear weight [nOut, sIn]. */
  weight: DenseParam;
  /** BatchNorm weight at [0, nOut) and bias at [sOut, sOut + nOut). */
  bn: DenseParam;
  /** Pre-activations (rows x sOut) and block outputs (rows x sOut). */
  z: number;
  h: number;
  /** Gradient of the loss w.r.t. z and h (bs x sOut). */
  dz: number;
  dh: number;
  /** BatchNorm statistics (sOut floats each): this batch's mean and 1/std, and the running ones. */
  mean: number;
  invStd: number;
  runMean: number;
  runVar: number;
}

export interface NnLayout extends SparseRowScratch {
  /** Rows the activation buffers hold (at least bs; evaluation runs in chunks of this many). */
  rows: number;
  /** Embedding row strides: 3 * su floats per user row (p | m | v), likewise items. */
  su: number;
  si: number;
  userTable: number;
  itemTable: number;
  /** Concatenated embeddings (rows x s0) and their gradient (bs x s0). */
  s0: number;
  x0: number;
  dx0: number;
  layers: LayerLayout[];
  outWeight: DenseParam;
  /** Output bias as a 4-float vector (lane 0 used). */
  outBias: DenseParam;
  /** Output before sigmoid_range (rows) and its gradient (bs). */
  out: number;
  dOut: number;
}

const EVAL_ROWS = 1024;

function dense(plan: MemoryPlan, floats: number): DenseParam {
  return { p: plan.floats(floats), m: plan.floats(floats), v: plan.floats(floats), g: plan.floats(floats), floats };
}

/** Reserves the NN model's memory for batches of bs rows. */
export function planNn(model: EmbeddingNN, bs: number, plan: MemoryPlan): NnLayout {
  const rows = Math.max(bs, EVAL_ROWS);
  const su = roundUp4(model.userDim);
  const si = roundUp4(model.itemDim);
  const s0 = roundUp4(model.userDim + model.itemDim);
  const base = {
    rows, su, si,
    userTable: plan.floats(model.nUsers * 3 * su),
    itemTable: plan.floats(model.nItems * 3 * si),
    userGrads: plan.floats(bs * su),
    itemGrads: plan.floats(bs * si),
    userSlots: plan.floats(model.nUsers),
    itemSlots: plan.floats(model.nItems),
    userList: plan.floats(bs),
    itemList: plan.floats(bs),
    s0, x0: plan.floats(rows * s0), dx0: plan.floats(bs * s0),
  };
  let sIn = s0;
  const layers = model.weights.hidden.map((h): LayerLayout => {
    const sOut = roundUp4(h.nOut);
    const layer = {
      nIn: h.nIn, nOut: h.nOut, sIn, sOut,
      weight: dense(plan, h.nOut * sIn), bn: dense(plan, 2 * sOut),
      z: plan.floats(rows * sOut), h: plan.floats(rows * sOut), dz: plan.floats(bs * sOut), dh: plan.floats(bs * sOut),
      mean: plan.floats(sOut), invStd: plan.floats(sOut), runMean: plan.floats(sOut), runVar: plan.floats(sOut),
    };
    sIn = sOut;
    return layer;
  });
  return { ...base, layers, outWeight: dense(plan, sIn), outBias: dense(plan, 4), out: plan.floats(rows), dOut: plan.floats(bs) };
}

/** Copies `rows` rows of `width` floats between a dense array and strided memory. */
function copyRows(f32: Float32Array, at: number, stride: number, data: Float32Array, rows: number, width: number, toMemory: boolean): void {
  for (let r = 0; r < rows; r++) {
    const m = (at >> 2) + r * stride;
    if (toMemory) f32.set(data.subarray(r * width, (r + 1) * width), m);
    else data.set(f32.subarray(m, m + width), r * width);
  }
}

/** Copies the model's weights into the layout (toMemory) or back out of it. */
export function transferNn(model: EmbeddingNN, layout: NnLayout, f32: Float32Array, toMemory: boolean): void {
  const w = model.weights;
  copyRows(f32, layout.userTable, 3 * layout.su, w.userEmbedding, model.nUsers, model.userDim, toMemory);
  copyRows(f32, layout.itemTable, 3 * layout.si, w.itemEmbedding, model.nItems, model.itemDim, toMemory);
  w.hidden.forEach((h, l) => {
    const ll = layout.layers[l];
    copyRows(f32, ll.weight.p, ll.sIn, h.weight, h.nOut, h.nIn, toMemory);
    copyRows(f32, ll.bn.p, 0, h.bnWeight, 1, h.nOut, toMemory);
    copyRows(f32, ll.bn.p + ll.sOut * 4, 0, h.bnBias, 1, h.nOut, toMemory);
    copyRows(f32, ll.runMean, 0, h.runningMean, 1, h.nOut, toMemory);
    copyRows(f32, ll.runVar, 0, h.runningVar, 1, h.nOut, toMemory);
  });
  copyRows(f32, layout.outWeight.p, 0, w.outWeight, 1, w.outWeight.length, toMemory);
  copyRows(f32, layout.outBias.p, 0, w.outBias, 1, 1, toMemory);
}
