/** "Train Model with Options...": model, factors or layers, epochs, lr, wd, batch size, split, seed. */
import * as vscode from 'vscode';
import type { ModelKind, TrainConfig } from '../../core/run/types';
import { optionTextProblem, parseOptionText, type TrainOption } from '../../core/train/config-validate';
import { trainConfigFromSettings, type Settings } from '../settings/settings';

/** Asks one option as text; each keystroke is checked by core's validator (the CLI's and the settings' messages). */
async function askOption(title: string, prompt: string, option: TrainOption, value: string): Promise<unknown> {
  const answer = await vscode.window.showInputBox({
    title, prompt, value, ignoreFocusOut: true,
    validateInput: (text) => optionTextProblem(option, text),
  });
  return answer === undefined ? undefined : parseOptionText(option, answer);
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
  type AskedOption = 'factors' | 'layers' | 'epochs' | 'lr' | 'wd' | 'bs' | 'validPct' | 'seed';
  const steps: { option: AskedOption; prompt: string }[] = [
    config.model === 'dot'
      ? { option: 'factors', prompt: 'Latent factors' }
      : { option: 'layers', prompt: 'Hidden layer sizes (comma separated)' },
    { option: 'epochs', prompt: 'Epochs' },
    { option: 'lr', prompt: 'Maximum learning rate (one-cycle)' },
    { option: 'wd', prompt: 'Weight decay' },
    { option: 'bs', prompt: 'Batch size' },
    { option: 'validPct', prompt: 'Validation share (0–1)' },
    { option: 'seed', prompt: 'Random seed' },
  ];
  for (const { option, prompt } of steps) {
    const current = config[option];
    const value = await askOption(title, prompt, option, Array.isArray(current) ? current.join(', ') : String(current));
    if (value === undefined) return undefined;
    Object.assign(config, { [option]: value });
  }
  return config;
}
