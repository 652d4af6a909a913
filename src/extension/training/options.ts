/** "Train Model with Options...": model, factors or layers, epochs, lr, wd, batch size, the split and its share, seed. */
import * as vscode from 'vscode';
import type { ModelKind, TrainConfig } from '../../core/run/types';
import { optionTextProblem, parseOptionText, type TrainOption } from '../../core/train/config-validate';
import type { SplitSpec } from '../../core/data/split-spec';
import { describeSplit } from '../../core/data/splits';
import { splitOptionProblem, splitSpecOf } from '../../core/train/config-validate';
import { trainConfigFromSettings, SETTINGS_SPLITS, type Settings, type SettingsSplit } from '../settings/settings';

/** Asks one option as text; each keystroke is checked by core's validator (the CLI's and the settings' messages). */
async function askOption(title: string, prompt: string, option: TrainOption, value: string): Promise<unknown> {
  const answer = await vscode.window.showInputBox({
    title, prompt, value, ignoreFocusOut: true,
    validateInput: (text) => optionTextProblem(option, text),
  });
  return answer === undefined ? undefined : parseOptionText(option, answer);
}

/** What each split answers, for the Quick Pick. */
const SPLIT_TEXT: Record<SettingsSplit, { label: string; detail: string }> = {
  random: { label: 'Random rows', detail: 'a seeded share of rows, as fastai’s RandomSplitter' },
  temporal: { label: 'Temporal', detail: 'the latest share of rows by timestamp: how the model does on the future' },
  'user-last': { label: 'Each user’s latest ratings', detail: 'leave-last-out: each user’s newest N ratings are held out' },
  'user-random': { label: 'A share of each user’s rows', detail: 'every user is validated' },
};

/** Asks how to choose the validation rows (the settings' split first); undefined when cancelled. */
async function askSplit(title: string, settings: Settings): Promise<{ split: SettingsSplit } | undefined> {
  const current = settings.split;
  return vscode.window.showQuickPick(
    SETTINGS_SPLITS.map((split) => ({ ...SPLIT_TEXT[split], description: split === current ? `${split} (setting)` : split, split }))
      .sort((a, b) => Number(b.split === current) - Number(a.split === current)),
    { title, placeHolder: 'Which ratings validate the model?', ignoreFocusOut: true },
  );
}

/** A training config and the split chosen with it (undefined: the default random split). */
export interface AskedTraining { config: TrainConfig; split?: SplitSpec }

/** Walks through every hyper-parameter and the split, defaults from settings; undefined when cancelled. */
export async function askTrainConfig(settings: Settings): Promise<AskedTraining | undefined> {
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
  type AskedOption = 'factors' | 'layers' | 'epochs' | 'lr' | 'wd' | 'bs';
  const steps: { option: AskedOption; prompt: string }[] = [
    config.model === 'dot'
      ? { option: 'factors', prompt: 'Latent factors' }
      : { option: 'layers', prompt: 'Hidden layer sizes (comma separated)' },
    { option: 'epochs', prompt: 'Epochs' },
    { option: 'lr', prompt: 'Maximum learning rate (one-cycle)' },
    { option: 'wd', prompt: 'Weight decay' },
    { option: 'bs', prompt: 'Batch size' },
  ];
  for (const { option, prompt } of steps) {
    const current = config[option];
    const value = await askOption(title, prompt, option, Array.isArray(current) ? current.join(', ') : String(current));
    if (value === undefined) return undefined;
    Object.assign(config, { [option]: value });
  }
  const split = await askSplit(title, settings);
  if (!split) return undefined;
  let holdout = settings.holdout;
  if (split.split === 'user-last') {
    const answer = await vscode.window.showInputBox({
      title, prompt: 'Ratings held out per user (their latest)', value: String(holdout), ignoreFocusOut: true,
      validateInput: (text) => splitOptionProblem({ kind: 'user-last', holdout: Number(text.trim()), seed: config.seed }),
    });
    if (answer === undefined) return undefined;
    holdout = Number(answer.trim());
  } else {
    const share = await askOption(title, 'Validation share (0–1)', 'validPct', String(config.validPct));
    if (share === undefined) return undefined;
    config.validPct = share as number;
  }
  const seed = await askOption(title, 'Random seed (split and weights)', 'seed', String(config.seed));
  if (seed === undefined) return undefined;
  config.seed = seed as number;
  const spec = split.split === 'random' ? undefined : splitSpecOf(split.split, config, { holdout });
  if (spec) void vscode.window.setStatusBarMessage(`Collab: validation split: ${describeSplit(spec)}`, 5000);
  return { config, ...(spec ? { split: spec } : {}) };
}

