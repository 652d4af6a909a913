/** Test helper: the data helper's planted ratings as a RatingsDataset (seeded 80/20 split). */
import { generatePlanted, type PlantedOptions } from '../../../src/core/data/synthetic';
import { buildDataset } from '../../../src/core/data/dataset';
import type { RatingsDataset, RatingsTable } from '../../../src/core/data/types';
import type { TrainConfig } from '../../../src/core/run/types';

/** Planted data (ids 1..n as labels) split 80/20 with `seed` (7 unless given). */
export function plantedDataset(options: PlantedOptions = {}, seed = 7): RatingsDataset {
  const p = generatePlanted(options);
  const table: RatingsTable = {
    file: 'planted', n: p.n,
    users: Int32Array.from(p.users, (u) => u - 1), items: Int32Array.from(p.items, (i) => i - 1), ratings: p.ratings,
    lines: Int32Array.from({ length: p.n }, (_, r) => r + 1),
    userLabels: Array.from({ length: p.nUsers }, (_, u) => String(u + 1)),
    itemLabels: Array.from({ length: p.nItems }, (_, i) => String(i + 1)),
  };
  return buildDataset(table, { validPct: 0.2, seed });
}

/** The MSE of predicting the training mean for every validation row. */
export function globalMeanMse(data: RatingsDataset): number {
  let mean = 0;
  for (const r of data.train) mean += data.ratings[r];
  mean /= data.train.length;
  let se = 0;
  for (const r of data.valid) se += (data.ratings[r] - mean) ** 2;
  return se / data.valid.length;
}

/** The book's recipe, adjustable. */
export function recipe(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return { model: 'dot', factors: 50, layers: [100, 50], dropout: 0, epochs: 5, lr: 5e-3, wd: 0.1, bs: 64,
    validPct: 0.2, seed: 42, yRange: [0, 5.5], ...overrides };
}
