/**
 * fit's numbers pinned: the epoch metrics recorded from the fit loop before its rewrite into named steps
 * (shuffle / train an epoch / validate), on generated data. Any change to the order of the shuffles,
 * the steps or the validation sums moves them far more than the 1e-9 allowed here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../../src/core/model';
import { fit } from '../../../src/core/train/fit';
import type { RatingsDataset } from '../../../src/core/data/types';
import type { TrainConfig } from '../../../src/core/run/types';
import type { KernelPreference } from '../../../src/kernels';
import { plantedDataset, recipe } from './planted-dataset';

/** [trainLoss, validMse, validMae] per epoch. */
type Recorded = [number, number, number][];

// 18,968 training rows: two shuffle calls an epoch; bs 32: runs of 128 batches a call and a shorter last run.
const small = plantedDataset({ users: 600, items: 300, ratingsPerUser: 40 });
// 17,418 validation rows: two validation calls an epoch.
const large = plantedDataset({ users: 2200, items: 400, ratingsPerUser: 40 });

const cases: { name: string; data: RatingsDataset; engine: KernelPreference; config: Partial<TrainConfig>; recorded: Recorded }[] = [
  {
    name: 'dot, WebAssembly', data: small, engine: 'wasm', config: { model: 'dot', factors: 12, epochs: 3, bs: 32 },
    recorded: [[1.0949942775126824, 0.9370963520720503, 0.7998039616836422], [0.4708789062326253, 0.48449854432683886, 0.5573587246872508],
      [0.3850639153884709, 0.4634925544129638, 0.5452579649106734]],
  },
  {
    name: 'dot, TypeScript', data: small, engine: 'ts', config: { model: 'dot', factors: 12, epochs: 3, bs: 32 },
    recorded: [[1.0949942703120519, 0.9370963508486397, 0.7998039600744048], [0.47087889719692094, 0.48449853980220786, 0.5573587218207967],
      [0.38506391319779615, 0.46349254327768474, 0.5452579551295272]],
  },
  {
    // the plain-SIMD build: the relaxed one (VS Code's Electron, Node 22+) fuses the NN's multiply-adds
    name: 'nn, WebAssembly', data: small, engine: 'wasm-simd', config: { model: 'nn', layers: [24, 12], epochs: 3, bs: 32 },
    recorded: [[1.125776429210407, 1.071711798022827, 0.8723772339266681], [0.6861087885242848, 0.6517387883273341, 0.6479304399049828],
      [0.5408968307554357, 0.5865418035611241, 0.6067744023536886]],
  },
  {
    name: 'nn, TypeScript', data: small, engine: 'ts', config: { model: 'nn', layers: [24, 12], epochs: 3, bs: 32 },
    recorded: [[1.1257764600992628, 1.0717117483221954, 0.8723772274142855], [0.6861088190952234, 0.6517387732287991, 0.6479304379311526],
      [0.5408968053959977, 0.586541788299495, 0.6067744057230294]],
  },
  {
    name: 'dot, WebAssembly, two validation calls', data: large, engine: 'auto', config: { model: 'dot', factors: 8, epochs: 2 },
    recorded: [[0.6901434669210786, 0.6396792931456329, 0.6479040276156951], [0.46497825321845887, 0.49726410124716575, 0.561461783232926]],
  },
];

for (const c of cases) {
  test(`fit gives the recorded epoch metrics: ${c.name}`, async () => {
    const config = recipe(c.config);
    const model = createModel(config, c.data.userVocab.labels.length, c.data.itemVocab.labels.length, config.yRange!, config.seed);
    const history = await fit(model, c.data, { config, engine: c.engine });
    const got = history.map((m) => [m.trainLoss, m.validMse, m.validMae]);
    assert.equal(got.length, c.recorded.length);
    got.forEach((row, e) => row.forEach((x, k) => {
      assert.ok(Math.abs(x - c.recorded[e][k]) <= 1e-9, `epoch ${e + 1}, ${['trainLoss', 'validMse', 'validMae'][k]}: ${x} vs recorded ${c.recorded[e][k]}`);
    }));
  });
}
