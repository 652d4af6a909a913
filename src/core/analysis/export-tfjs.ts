/**
 * `collab export --format tfjs`: model.json (TensorFlow.js Layers format) + weights.bin, the
 * vocabularies in vocab.json (index i of users/items is the model's input index i) and a README.txt.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalysisIndex } from './analysis-index';
import { NA_LABEL } from './embeddings';
import { tfjsModel } from './tfjs-model';

/** File names of a TensorFlow.js export. */
export const TFJS_FILES = { model: 'model.json', weights: 'weights.bin', vocab: 'vocab.json', readme: 'README.txt' } as const;

/** vocab.json: labels by model input index, and the raw item ids when items are labelled by title. */
export interface TfjsVocab {
  format: 'collab-tfjs-vocab';
  version: 1;
  users: string[];
  items: string[];
  itemIds?: string[];
  /** sigmoid_range bounds of the output, or null for raw scores (imported factors). */
  yRange: [number, number] | null;
}

/** Writes the TensorFlow.js model, weights and vocabularies into outDir; returns the paths written. */
export async function exportTfjs(index: AnalysisIndex, outDir: string): Promise<string[]> {
  const { run } = index;
  const { manifest } = run;
  if (!run.tensors.has('userWeight') && !run.tensors.has('userEmbedding')) {
    throw new Error(`Run ${manifest.id} has no user factors, so it has no model to serve (export its item vectors as csv, json or npy instead).`);
  }
  const model = tfjsModel(run);
  await mkdir(outDir, { recursive: true });
  const modelJson = {
    format: 'layers-model', generatedBy: `Collab (run ${manifest.id})`, convertedBy: null,
    modelTopology: model.modelTopology,
    weightsManifest: [{ paths: [TFJS_FILES.weights], weights: model.weightSpecs }],
  };
  const yRange = manifest.origin === 'trained' ? manifest.config?.yRange ?? null : null;
  const vocab: TfjsVocab = {
    format: 'collab-tfjs-vocab', version: 1, users: manifest.vocab.users, items: manifest.vocab.items,
    ...(manifest.vocab.itemIds ? { itemIds: manifest.vocab.itemIds } : {}), yRange,
  };
  const files: [string, string | Uint8Array][] = [
    [TFJS_FILES.model, JSON.stringify(modelJson)],
    [TFJS_FILES.weights, model.weightData],
    [TFJS_FILES.vocab, JSON.stringify(vocab)],
    [TFJS_FILES.readme, readme(manifest.id, manifest.config?.model ?? 'dot', yRange)],
  ];
  const written: string[] = [];
  for (const [name, content] of files) {
    await writeFile(join(outDir, name), content);
    written.push(join(outDir, name));
  }
  return written;
}

function readme(id: string, model: string, yRange: [number, number] | null): string {
  return [
    `TensorFlow.js Layers model of Collab run ${id} (${model}).`,
    '',
    `model.json + ${TFJS_FILES.weights}: load with tf.loadLayersModel('.../model.json') (browser or Node).`,
    'Inputs: two int32 tensors of shape [n, 1], user indices and item indices (in that order).',
    `Output: shape [n, 1], the predicted rating${yRange ? ` (sigmoid_range into (${yRange[0]}, ${yRange[1]}))` : ' (raw dot product)'}.`,
    `vocab.json: users[i] and items[i] are the labels of index i; index 0 is '${NA_LABEL}' (unknown ids, never trained).`,
    '',
    'Example:',
    "  const model = await tf.loadLayersModel('model/model.json');",
    "  const vocab = await (await fetch('model/vocab.json')).json();",
    '  const u = vocab.users.indexOf(\'42\');',
    '  const items = vocab.items.map((_, i) => i).slice(1);',
    '  const scores = model.predict([tf.fill([items.length, 1], u, \'int32\'), tf.tensor2d(items, [items.length, 1], \'int32\')]);',
    '',
  ].join('\n');
}
