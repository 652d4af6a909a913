/**
 * Collab's tensors under fastai's parameter names, both ways. fastai (fastai/collab.py,
 * fastai/tabular/model.py, fastai/layers.py):
 * - EmbeddingDotBias: u_weight, i_weight, u_bias, i_bias, each an Embedding (`.weight`; biases [n, 1]).
 * - EmbeddingNN = TabularModel(n_cont=0, out_sz=1): `embeds.0` (users), `embeds.1` (items);
 *   `bn_cont` = BatchNorm1d(0) (empty tensors); `layers.<i>` = LinBnDrop(lin_first=True), i.e.
 *   Sequential(Linear(bias=False), ReLU, BatchNorm1d[, Dropout]) so the Linear is `.0` and the
 *   BatchNorm `.2` (weight, bias, running_mean, running_var, num_batches_tracked); the last block is
 *   LinBnDrop(bn=False, act=None) = Sequential(Linear(bias=True)); then SigmoidRange (no parameters).
 */
import type { ModelKind } from '../run/types';
import type { NamedTensor } from '../model/types';
import type { StateTensor } from './torch-file';

type Tensors = Map<string, { shape: number[]; data: Float32Array }>;

const counter = (n: number): BigInt64Array => BigInt64Array.of(BigInt(n));

/** The run's tensors as fastai's state dict, in the order model.state_dict() lists them. */
export function toFastaiState(model: ModelKind, tensors: Tensors, batchesTracked = 0): StateTensor[] {
  const get = (name: string): { shape: number[]; data: Float32Array } => {
    const t = tensors.get(name);
    if (!t) throw new Error(`the run has no tensor '${name}', so it cannot be exported as a fastai ${model} model`);
    return t;
  };
  if (model === 'dot') {
    const ub = get('userBias');
    const ib = get('itemBias');
    return [
      { name: 'u_weight.weight', ...get('userWeight') },
      { name: 'i_weight.weight', ...get('itemWeight') },
      { name: 'u_bias.weight', shape: [ub.shape[0], 1], data: ub.data },
      { name: 'i_bias.weight', shape: [ib.shape[0], 1], data: ib.data },
    ];
  }
  const empty = (name: string): StateTensor => ({ name, shape: [0], data: new Float32Array(0) });
  const out: StateTensor[] = [
    { name: 'embeds.0.weight', ...get('userEmbedding') },
    { name: 'embeds.1.weight', ...get('itemEmbedding') },
    empty('bn_cont.weight'), empty('bn_cont.bias'), empty('bn_cont.running_mean'), empty('bn_cont.running_var'),
    { name: 'bn_cont.num_batches_tracked', shape: [], data: counter(0) },
  ];
  let l = 0;
  for (; tensors.has(`layers.${l}.weight`); l++) {
    out.push(
      { name: `layers.${l}.0.weight`, ...get(`layers.${l}.weight`) },
      { name: `layers.${l}.2.weight`, ...get(`bn.${l}.weight`) },
      { name: `layers.${l}.2.bias`, ...get(`bn.${l}.bias`) },
      { name: `layers.${l}.2.running_mean`, ...get(`bn.${l}.runningMean`) },
      { name: `layers.${l}.2.running_var`, ...get(`bn.${l}.runningVar`) },
      { name: `layers.${l}.2.num_batches_tracked`, shape: [], data: counter(batchesTracked) },
    );
  }
  out.push({ name: `layers.${l}.0.weight`, ...get('out.weight') }, { name: `layers.${l}.0.bias`, ...get('out.bias') });
  return out;
}

/** A fastai model read back: its kind and Collab's tensors. */
export interface FromFastai {
  model: ModelKind;
  tensors: NamedTensor[];
  nUsers: number;
  nItems: number;
  /** Dot: factors; NN: hidden layer sizes. */
  factors: number;
  layers: number[];
}

const DOT_NAMES = ['u_weight.weight', 'i_weight.weight', 'u_bias.weight', 'i_bias.weight'];

/** The names a state dict of each architecture has, for the error when a file has neither. */
function expectedNames(): string {
  return `EmbeddingDotBias (${DOT_NAMES.join(', ')}) or EmbeddingNN (embeds.0.weight, embeds.1.weight, `
    + 'layers.<i>.0.weight, layers.<i>.2.{weight,bias,running_mean,running_var}, then layers.<n>.0.{weight,bias})';
}

/** Collab tensors from a fastai state dict (float32 values by parameter name); throws naming expected and found parameters. */
export function fromFastaiState(state: Map<string, { shape: number[]; data: Float32Array }>, what: string): FromFastai {
  const found = [...state.keys()];
  const list = (names: string[]): string => (names.length > 12 ? `${names.slice(0, 12).join(', ')}, ... (${names.length} in all)` : names.join(', '));
  const fail = (why: string): never => {
    throw new Error(`${what} is not a fastai collab model Collab can open: ${why}. Expected the parameters of ${expectedNames()}; found ${list(found) || 'none'}.`);
  };
  const get = (name: string, rank: number): { shape: number[]; data: Float32Array } => {
    const t = state.get(name);
    if (!t) return fail(`it has no '${name}'`);
    if (t.shape.length !== rank) return fail(`'${name}' has shape [${t.shape.join(', ')}], expected ${rank} dimensions`);
    const bad = t.data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`${what}: '${name}' holds a NaN or infinite value (at flat index ${bad}); nothing was imported`);
    return t;
  };
  if (state.has('u_weight.weight')) {
    const extra = found.filter((n) => !DOT_NAMES.includes(n));
    if (extra.length) fail(`besides EmbeddingDotBias's parameters it has ${list(extra)}`);
    const uw = get('u_weight.weight', 2), iw = get('i_weight.weight', 2), ub = get('u_bias.weight', 2), ib = get('i_bias.weight', 2);
    const [nUsers, k] = uw.shape;
    const nItems = iw.shape[0];
    if (iw.shape[1] !== k) fail(`u_weight has ${k} factors but i_weight ${iw.shape[1]}`);
    if (ub.shape[0] !== nUsers || ub.shape[1] !== 1 || ib.shape[0] !== nItems || ib.shape[1] !== 1) fail('the bias tables do not match the factor tables ([n, 1] each)');
    return {
      model: 'dot', nUsers, nItems, factors: k, layers: [],
      tensors: [
        { name: 'userWeight', shape: [nUsers, k], data: uw.data }, { name: 'itemWeight', shape: [nItems, k], data: iw.data },
        { name: 'userBias', shape: [nUsers], data: ub.data }, { name: 'itemBias', shape: [nItems], data: ib.data },
      ],
    };
  }
  if (!state.has('embeds.0.weight')) return fail('it has neither u_weight.weight nor embeds.0.weight');
  if (state.has('embeds.2.weight')) fail('it has more than two embeddings (a tabular model, not a collab one)');
  const ue = get('embeds.0.weight', 2), ie = get('embeds.1.weight', 2);
  const tensors: NamedTensor[] = [
    { name: 'userEmbedding', shape: ue.shape, data: ue.data }, { name: 'itemEmbedding', shape: ie.shape, data: ie.data },
  ];
  const used = new Set(['embeds.0.weight', 'embeds.1.weight']);
  const layers: number[] = [];
  let nIn = ue.shape[1] + ie.shape[1];
  let l = 0;
  for (; state.has(`layers.${l}.2.weight`); l++) {
    const w = get(`layers.${l}.0.weight`, 2);
    if (w.shape[1] !== nIn) fail(`layers.${l}.0.weight takes ${w.shape[1]} inputs, the layer before gives ${nIn}`);
    const nOut = w.shape[0];
    tensors.push({ name: `layers.${l}.weight`, shape: w.shape, data: w.data });
    for (const [theirs, ours] of [['weight', 'weight'], ['bias', 'bias'], ['running_mean', 'runningMean'], ['running_var', 'runningVar']]) {
      const t = get(`layers.${l}.2.${theirs}`, 1);
      if (t.shape[0] !== nOut) fail(`layers.${l}.2.${theirs} has ${t.shape[0]} values for ${nOut} features`);
      tensors.push({ name: `bn.${l}.${ours}`, shape: t.shape, data: t.data });
      used.add(`layers.${l}.2.${theirs}`);
    }
    used.add(`layers.${l}.0.weight`).add(`layers.${l}.2.num_batches_tracked`);
    layers.push(nOut);
    nIn = nOut;
  }
  const ow = get(`layers.${l}.0.weight`, 2), ob = get(`layers.${l}.0.bias`, 1);
  if (ow.shape[0] !== 1 || ow.shape[1] !== nIn || ob.shape[0] !== 1) fail(`the output layer layers.${l}.0 should be Linear(${nIn}, 1) with a bias`);
  used.add(`layers.${l}.0.weight`).add(`layers.${l}.0.bias`);
  tensors.push({ name: 'out.weight', shape: ow.shape, data: ow.data }, { name: 'out.bias', shape: ob.shape, data: ob.data });
  const extra = found.filter((n) => !used.has(n) && !n.startsWith('bn_cont.'));
  if (extra.length) fail(`it has parameters Collab's EmbeddingNN does not (${list(extra)}; bn_final or lin_first=False?)`);
  return { model: 'nn', tensors, nUsers: ue.shape[0], nItems: ie.shape[0], factors: 0, layers };
}
