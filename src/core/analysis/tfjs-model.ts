/**
 * A run's model as a TensorFlow.js Layers model (the `model.json` + weights format that
 * `tf.loadLayersModel` reads), written by hand so exporting needs no TensorFlow at all.
 * The graph is a functional model of stock layers only (no Lambda, which cannot be serialised):
 *   dot: Embedding x4 -> Flatten -> Dot(user, item) + user bias + item bias -> sigmoid_range
 *   nn:  Embedding x2 -> Flatten -> Concatenate -> [Dense(no bias) -> ReLU -> BatchNorm] per layer
 *        -> Dense(1) -> sigmoid_range
 * sigmoid_range(x, lo, hi) = lo + (hi - lo) * sigmoid(x) is Activation('sigmoid') followed by a
 * Dense(1) whose kernel is [[hi - lo]] and bias [lo] (fixed weights, so any Keras loads it too).
 */
import type { LoadedRun } from '../run/types';
import { BN_EPS } from '../model/nn';

/** One entry of a weights manifest group. */
export interface TfjsWeightSpec { name: string; shape: number[]; dtype: 'float32' }

/** The Layers model: topology, weight specs in file order, and the weights' bytes. */
export interface TfjsModel {
  modelTopology: Record<string, unknown>;
  weightSpecs: TfjsWeightSpec[];
  weightData: Uint8Array;
}

type Inbound = [string, number, number, Record<string, never>];
interface LayerJson { class_name: string; name: string; config: Record<string, unknown>; inbound_nodes: Inbound[][] }

/** Accumulates layers and their weights in graph order. */
class GraphBuilder {
  readonly layers: LayerJson[] = [];
  readonly specs: TfjsWeightSpec[] = [];
  readonly arrays: Float32Array[] = [];

  add(className: string, name: string, config: Record<string, unknown>, inputs: string[]): string {
    this.layers.push({
      class_name: className, name, config: { name, trainable: true, dtype: 'float32', ...config },
      inbound_nodes: inputs.length ? [inputs.map((i): Inbound => [i, 0, 0, {}])] : [],
    });
    return name;
  }

  weight(name: string, shape: number[], data: Float32Array): void {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`tensor ${name}: shape [${shape.join(', ')}] needs ${size} values, has ${data.length}`);
    for (const x of data) if (!Number.isFinite(x)) throw new Error(`tensor ${name} holds a non-finite value; it cannot be exported`);
    this.specs.push({ name, shape, dtype: 'float32' });
    this.arrays.push(data);
  }

  input(name: string): string {
    this.layers.push({ class_name: 'InputLayer', name, config: { batch_input_shape: [null, 1], dtype: 'int32', sparse: false, name }, inbound_nodes: [] });
    return name;
  }

  /** An Embedding of a [rows, dim] table applied to one index input, flattened to [batch, dim]. */
  embedding(name: string, input: string, rows: number, dim: number, data: Float32Array): string {
    this.add('Embedding', name, { input_dim: rows, output_dim: dim, input_length: 1, mask_zero: false,
      embeddings_initializer: { class_name: 'Zeros', config: {} } }, [input]);
    this.weight(`${name}/embeddings`, [rows, dim], data);
    return this.add('Flatten', `${name}_flat`, {}, [name]);
  }

  dense(name: string, input: string, nIn: number, nOut: number, kernelOutIn: Float32Array, bias?: Float32Array): string {
    this.add('Dense', name, { units: nOut, activation: 'linear', use_bias: Boolean(bias),
      kernel_initializer: { class_name: 'Zeros', config: {} }, bias_initializer: { class_name: 'Zeros', config: {} } }, [input]);
    // Keras kernels are [in, out]; Collab (and PyTorch) store Linear weights as [out, in].
    const kernel = new Float32Array(nIn * nOut);
    for (let o = 0; o < nOut; o++) for (let i = 0; i < nIn; i++) kernel[i * nOut + o] = kernelOutIn[o * nIn + i];
    this.weight(`${name}/kernel`, [nIn, nOut], kernel);
    if (bias) this.weight(`${name}/bias`, [nOut], bias);
    return name;
  }

  /** sigmoid_range as two stock layers; without a yRange the raw score is the output. */
  sigmoidRange(input: string, yRange: readonly [number, number] | undefined): string {
    if (!yRange) return input;
    const [lo, hi] = yRange;
    const squashed = this.add('Activation', 'sigmoid', { activation: 'sigmoid' }, [input]);
    return this.dense('y_range', squashed, 1, 1, Float32Array.of(hi - lo), Float32Array.of(lo));
  }

  model(inputs: string[], output: string): TfjsModel {
    const bytes = new Uint8Array(this.arrays.reduce((n, a) => n + a.length * 4, 0));
    const view = new DataView(bytes.buffer);
    let offset = 0;
    for (const a of this.arrays) for (const x of a) { view.setFloat32(offset, x, true); offset += 4; }
    return {
      modelTopology: {
        class_name: 'Model', keras_version: '2.15.0', backend: 'tensorflow',
        config: { name: 'collab', layers: this.layers, input_layers: inputs.map((i) => [i, 0, 0]), output_layers: [[output, 0, 0]] },
      },
      weightSpecs: this.specs,
      weightData: bytes,
    };
  }
}

type Tensor = { shape: number[]; data: Float32Array };

/** Builds the Layers model of a trained run (dot or NN), or of an imported run's factors (dot, no range). */
export function tfjsModel(run: LoadedRun): TfjsModel {
  const { config, origin } = run.manifest;
  const get = (name: string): Tensor => {
    const t = run.tensors.get(name);
    if (!t) throw new Error(`Run ${run.manifest.id} has no tensor '${name}', so it cannot be exported as a TensorFlow.js model.`);
    return t;
  };
  const g = new GraphBuilder();
  const user = g.input('user');
  const item = g.input('item');
  const trained = origin === 'trained' && config;
  if (trained && config.model === 'nn') {
    const ue = get('userEmbedding');
    const ie = get('itemEmbedding');
    const u = g.embedding('user_embedding', user, ue.shape[0], ue.shape[1], ue.data);
    const i = g.embedding('item_embedding', item, ie.shape[0], ie.shape[1], ie.data);
    let x = g.add('Concatenate', 'concat', { axis: -1 }, [u, i]);
    let nIn = ue.shape[1] + ie.shape[1];
    // Collab's (and fastai's) LinBnDrop with lin_first: Linear (no bias) -> ReLU -> BatchNorm1d.
    for (let l = 0; run.tensors.has(`layers.${l}.weight`); l++) {
      const w = get(`layers.${l}.weight`);
      const nOut = w.shape[0];
      x = g.dense(`linear_${l}`, x, nIn, nOut, w.data);
      x = g.add('Activation', `relu_${l}`, { activation: 'relu' }, [x]);
      x = g.add('BatchNormalization', `batchnorm_${l}`, { axis: -1, momentum: 0.9, epsilon: BN_EPS, center: true, scale: true }, [x]);
      g.weight(`batchnorm_${l}/gamma`, [nOut], get(`bn.${l}.weight`).data);
      g.weight(`batchnorm_${l}/beta`, [nOut], get(`bn.${l}.bias`).data);
      g.weight(`batchnorm_${l}/moving_mean`, [nOut], get(`bn.${l}.runningMean`).data);
      g.weight(`batchnorm_${l}/moving_variance`, [nOut], get(`bn.${l}.runningVar`).data);
      nIn = nOut;
    }
    const out = g.dense('output', x, nIn, 1, get('out.weight').data, get('out.bias').data);
    return g.model([user, item], g.sigmoidRange(out, config.yRange));
  }
  const uw = get('userWeight');
  const iw = get('itemWeight');
  if (uw.shape[1] !== iw.shape[1]) throw new Error(`User factors (${uw.shape[1]}) and item factors (${iw.shape[1]}) differ in size.`);
  const u = g.embedding('user_factors', user, uw.shape[0], uw.shape[1], uw.data);
  const i = g.embedding('item_factors', item, iw.shape[0], iw.shape[1], iw.data);
  const terms = [g.add('Dot', 'dot', { axes: 1, normalize: false }, [u, i])];
  const ub = run.tensors.get('userBias');
  const ib = run.tensors.get('itemBias');
  if (ub) terms.push(g.embedding('user_bias', user, ub.data.length, 1, ub.data));
  if (ib) terms.push(g.embedding('item_bias', item, ib.data.length, 1, ib.data));
  const sum = terms.length > 1 ? g.add('Add', 'score', {}, terms) : terms[0];
  return g.model([user, item], g.sigmoidRange(sum, trained ? config.yRange : undefined));
}
