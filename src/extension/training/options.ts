/** "Train Model with Options...": model, factors or layers, epochs, lr, wd, batch size, split, seed. */
import * as vscode from 'vscode';
import type { ModelKind, TrainConfig } from '../../core/run/types';
import { trainConfigFromSettings, validateSetting, type Settings } from '../settings/settings';

/** Parses "100, 50" into layer sizes. */
export function parseLayers(text: string): number[] | undefined {
  const parts = text.split(/[\s,]+/).filter(Boolean).map(Number);
  return parts.length > 0 && parts.every((n) => Number.isInteger(n) && n > 0) ? parts : undefined;
}

async function askNumber(
  title: string, prompt: string, value: number, key: keyof Settings,
): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title, prompt, value: String(value), ignoreFocusOut: true,
    validateInput: (text) => validateSetting(key, Number(text.trim())) && `${prompt}: ${validateSetting(key, Number(text.trim()))}`,
  });
  return answer === undefined ? undefined : Number(answer.trim());
}

/** Walks through every hyper-parameter, defaults from settings; undefined when cancelled. */
export async function askTrainConfig(settings: Settings): Promise<TrainConfig | undefined> {
  const config = trainConfigFromSettings(settings);
  const title = 'Collab: Train Model with Options';
  const model = await vscode.window.showQuickPick(
    [
      { label: 'Dot product', description: 'EmbeddingDotBias: u·i + biases (fast, the book\'s first model)', model: 'dot' as ModelKind },
      { label: 'Neural network', description: 'EmbeddingNN: concatenated embeddings through layers', model: 'nn' as ModelKind },
    ].sort((a, b) => Number(b.model === config.model) - Number(a.model === config.model)),
    { title, placeHolder: `Model (default: ${config.model})`, ignoreFocusOut: true },
  );
  if (!model) return undefined;
  config.model = model.model;
  if (config.model === 'dot') {
    const factors = await askNumber(title, 'Latent factors', config.factors, 'factors');
    if (factors === undefined) return undefined;
    config.factors = factors;
  } else {
    const layers = await vscode.window.showInputBox({
      title, prompt: 'Hidden layer sizes (comma separated)', value: config.layers.join(', '), ignoreFocusOut: true,
      validateInput: (text) => (parseLayers(text) ? undefined : 'Positive whole numbers separated by commas, e.g. 100, 50'),
    });
    if (layers === undefined) return undefined;
    config.layers = parseLayers(layers)!;
  }
  type NumericField = 'epochs' | 'lr' | 'wd' | 'bs' | 'validPct' | 'seed';
  const steps: { field: NumericField; key: keyof Settings; prompt: string }[] = [
    { field: 'epochs', key: 'epochs', prompt: 'Epochs' },
    { field: 'lr', key: 'lr', prompt: 'Maximum learning rate (one-cycle)' },
    { field: 'wd', key: 'wd', prompt: 'Weight decay' },
    { field: 'bs', key: 'batchSize', prompt: 'Batch size' },
    { field: 'validPct', key: 'validPct', prompt: 'Validation share (0–1)' },
    { field: 'seed', key: 'seed', prompt: 'Random seed' },
  ];
  for (const { field, key, prompt } of steps) {
    const value = await askNumber(title, prompt, config[field], key);
    if (value === undefined) return undefined;
    config[field] = value;
  }
  return config;
}
