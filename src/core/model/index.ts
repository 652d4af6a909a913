/** Model construction: fresh (seeded) from a config, or rebuilt from saved tensors. */
import type { TrainConfig } from '../run/types';
import { seededRandom } from '../data/random';
import type { CollabModel, NamedTensor } from './types';
import { EmbeddingDotBias } from './dot';
import { EmbeddingNN, type HiddenLayer } from './nn';
import { embSizeRule } from './emb-size';

export type { CollabModel, NamedTensor } from './types';
export { EmbeddingDotBias } from './dot';
export { EmbeddingNN } from './nn';
export { embSizeRule } from './emb-size';

/**
 * The default sigmoid_range for ratings spanning [min, max]: a little beyond both ends, because a
 * sigmoid never reaches its bounds. Gives the book's (0, 5.5) for 1-5 stars.
 */
export function defaultYRange([min, max]: [number, number]): [number, number] {
  const span = max - min || 1;
  return [min - span / 4, max + span / 8];
}

/** A freshly initialised model of `config.model`'s kind; the same seed gives the same weights. */
export function createModel(config: TrainConfig, nUsers: number, nItems: number, yRange: [number, number], seed: number): CollabModel {
  if (nUsers < 1 || nItems < 1) throw new Error(`cannot build a model for ${nUsers} users and ${nItems} items`);
  const random = seededRandom(seed ^ 0x5eed);
  if (config.model === 'dot') return EmbeddingDotBias.create(config.factors, nUsers, nItems, yRange, random);
  return EmbeddingNN.create(nUsers, nItems, embSizeRule(nUsers), embSizeRule(nItems), config.layers, yRange, random);
}

type TensorSource = NamedTensor[] | Map<string, { shape: number[]; data: Float32Array }>;

/** Rebuilds a model from saved tensors; throws an Error naming the tensor that is missing or mis-shaped. */
export function modelFromTensors(config: TrainConfig, tensors: TensorSource, yRange = config.yRange): CollabModel {
  if (!yRange) throw new Error('the run has no yRange in its config, so its model cannot be rebuilt');
  const byName = tensors instanceof Map ? tensors : new Map(tensors.map((t) => [t.name, t]));
  const get = (name: string, rank: number): { shape: number[]; data: Float32Array } => {
    const t = byName.get(name);
    if (!t) throw new Error(`the weights have no tensor '${name}' (is this a ${config.model} model?)`);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (t.shape.length !== rank || size !== t.data.length) {
      throw new Error(`tensor '${name}' has shape [${t.shape.join(', ')}] and ${t.data.length} values; expected rank ${rank}`);
    }
    return t;
  };
  const expect = (ok: boolean, what: string): void => {
    if (!ok) throw new Error(`the weights do not fit together: ${what}`);
  };
  if (config.model === 'dot') {
    const uw = get('userWeight', 2);
    const iw = get('itemWeight', 2);
    const ub = get('userBias', 1);
    const ib = get('itemBias', 1);
    const [nUsers, k] = uw.shape;
    const nItems = iw.shape[0];
    expect(iw.shape[1] === k, 'userWeight and itemWeight have different widths');
    expect(ub.shape[0] === nUsers && ib.shape[0] === nItems, 'bias lengths differ from the factor tables');
    return new EmbeddingDotBias(k, nUsers, nItems, yRange,
      { userWeight: uw.data, itemWeight: iw.data, userBias: ub.data, itemBias: ib.data });
  }
  const ue = get('userEmbedding', 2);
  const ie = get('itemEmbedding', 2);
  const hidden: HiddenLayer[] = [];
  let nIn = ue.shape[1] + ie.shape[1];
  for (let l = 0; byName.has(`layers.${l}.weight`); l++) {
    const w = get(`layers.${l}.weight`, 2);
    const nOut = w.shape[0];
    expect(w.shape[1] === nIn, `layers.${l}.weight takes ${w.shape[1]} inputs, the layer before gives ${nIn}`);
    const bn = (part: string): Float32Array => {
      const t = get(`bn.${l}.${part}`, 1);
      expect(t.shape[0] === nOut, `bn.${l}.${part} has ${t.shape[0]} values for ${nOut} features`);
      return t.data;
    };
    hidden.push({ nIn, nOut, weight: w.data, bnWeight: bn('weight'), bnBias: bn('bias'),
      runningMean: bn('runningMean'), runningVar: bn('runningVar') });
    nIn = nOut;
  }
  const ow = get('out.weight', 2);
  expect(ow.shape[1] === nIn && ow.shape[0] === 1, `out.weight should be [1, ${nIn}]`);
  const ob = get('out.bias', 1);
  return new EmbeddingNN(ue.shape[0], ie.shape[0], ue.shape[1], ie.shape[1], yRange,
    { userEmbedding: ue.data, itemEmbedding: ie.data, hidden, outWeight: ow.data, outBias: ob.data });
}
