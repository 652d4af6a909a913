/** The engine side of a job: build the model for a dataset, fit it, hand back its weights. */
import type { RatingsDataset } from '../core/data/types';
import type { EpochMetrics, RunHistory, TrainConfig } from '../core/run/types';
import { HistoryRecorder } from '../core/run/history';
import type { BatchEvent } from '../protocol/trainer';
import type { CollabModel, NamedTensor } from '../core/model/types';
import { createModel, defaultYRange } from '../core/model';
import { fit } from '../core/train/fit';
import type { Pacer } from '../core/data/paced';

/** A trained model's weights and what the run records about the training. */
export interface TrainedModel {
  /** The trained model itself (the job evaluates it before saving). */
  model: CollabModel;
  tensors: NamedTensor[];
  metrics: EpochMetrics[];
  engine: string;
  /** The sigmoid_range bounds used (the config's, or the data's default). */
  yRange: [number, number];
  /** Smoothed loss and lr of the reported batches, thinned (saved as RunManifest.history). */
  history?: RunHistory;
}

/** Progress hooks of trainModel. */
export interface TrainModelHooks {
  signal: AbortSignal;
  onBatch: (batch: Omit<BatchEvent, 'type'>) => void;
  onEpoch: (metrics: EpochMetrics) => void;
  onLog: (message: string) => void;
  /** Runs fit's setup (FIT_SETUP_PLAN), reporting its stages; default: one that only checks the signal. */
  pacer?: Pacer;
}

/** Trains a fresh model of `config` on `dataset`. */
export async function trainModel(dataset: RatingsDataset, config: TrainConfig, hooks: TrainModelHooks): Promise<TrainedModel> {
  const yRange = config.yRange ?? defaultYRange(dataset.ratingRange);
  const effective: TrainConfig = { ...config, yRange };
  const model = createModel(effective, dataset.userVocab.labels.length, dataset.itemVocab.labels.length, yRange, config.seed);
  let engine = 'unknown';
  const recorder = new HistoryRecorder();
  const metrics = await fit(model, dataset, {
    config: effective,
    signal: hooks.signal,
    pacer: hooks.pacer,
    callbacks: {
      onTrainBegin: (info) => {
        engine = info.engine;
        hooks.onLog(`Training the ${config.model} model with the ${info.engine} engine: ${info.nTrain} training rows, `
          + `${info.nValid} validation rows, ${info.totalSteps} steps.`);
      },
      onBatchEnd: (b) => {
        recorder.add(b);
        hooks.onBatch({
          epoch: b.epoch, batch: b.batch, batchesPerEpoch: b.batchesPerEpoch, step: b.step, totalSteps: b.totalSteps,
          smoothLoss: b.smoothLoss, lr: b.lr,
        });
      },
      onEpochEnd: (m) => hooks.onEpoch(m),
    },
  });
  return { model, tensors: model.tensors(), metrics, engine, yRange, history: recorder.history() };
}
