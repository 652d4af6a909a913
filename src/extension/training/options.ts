/** "Train Model with Options...": model, factors or layers, epochs, lr, wd, batch size, the split and its share, seed. */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
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

/** A split choice beyond the settings': a validation file, or K-fold cross-validation. */
type SplitChoice = SettingsSplit | 'file' | 'folds';

/** Asks how to choose the validation rows (the settings' split first); undefined when cancelled. */
async function askSplit(title: string, settings: Settings): Promise<{ split: SplitChoice } | undefined> {
  const current = settings.split;
  const kinds = SETTINGS_SPLITS.map((split) => ({ ...SPLIT_TEXT[split], description: split === current ? `${split} (setting)` : split, split: split as SplitChoice }))
    .sort((a, b) => Number(b.split === current) - Number(a.split === current));
  return vscode.window.showQuickPick([
    ...kinds,
    { label: 'A validation file...', description: 'file', detail: 'rows of another file validate, e.g. u1.test beside u1.base', split: 'file' as const },
    { label: 'K-fold cross-validation...', description: 'folds', detail: 'K fits, each validated on one K-th of the rows: every figure as mean \u00b1 standard deviation', split: 'folds' as const },
  ], { title, placeHolder: 'Which ratings validate the model?', ignoreFocusOut: true });
}

/**
 * A training config and the split chosen with it (undefined: the default random split), or the
 * validation file, or a K of K-fold cross-validation (then nothing trains a run: K fits are compared).
 */
export interface AskedTraining { config: TrainConfig; split?: SplitSpec; validFile?: string; folds?: number }

/** Walks through every hyper-parameter and the split, defaults from settings; undefined when cancelled. */
export async function askTrainConfig(settings: Settings, file: string): Promise<AskedTraining | undefined> {
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
  let validFile: string | undefined;
  let folds: number | undefined;
  if (split.split === 'file') {
    const picked = await vscode.window.showOpenDialog({
      title: `${title}: the validation file`, defaultUri: vscode.Uri.file(dirname(file)), canSelectMany: false, openLabel: 'Validate with this file',
    });
    if (!picked?.[0]) return undefined;
    validFile = picked[0].fsPath;
  } else if (split.split === 'folds') {
    const answer = await vscode.window.showInputBox({
      title, prompt: 'Folds (K): each fit validates on one K-th of the rows', value: '5', ignoreFocusOut: true,
      validateInput: (text) => splitOptionProblem({ kind: 'random', folds: Number(text.trim()), fold: 0, seed: config.seed }),
    });
    if (answer === undefined) return undefined;
    folds = Number(answer.trim());
  } else if (split.split === 'user-last') {
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
  if (validFile) return { config, split: { kind: 'file', seed: config.seed }, validFile };
  if (folds) return { config, folds };
  const spec = split.split === 'random' ? undefined : splitSpecOf(split.split as SettingsSplit, config, { holdout });
  if (spec) void vscode.window.setStatusBarMessage(`Collab: validation split: ${describeSplit(spec)}`, 5000);
  return { config, ...(spec ? { split: spec } : {}) };
}

