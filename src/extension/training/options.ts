/**
 * "Train Model with Options...": one multi-step input (model, factors or layers, epochs, lr, wd,
 * batch size, the split, its share / N / K / file, seed) with "step n of N" in its title, Back on
 * every step but the first, Escape to cancel. The steps and their order live in option-steps.ts.
 */
import * as vscode from 'vscode';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelKind } from '../../core/run/types';
import { optionTextProblem, parseOptionText, splitOptionProblem, type TrainOption } from '../../core/train/config-validate';
import { describeSplit } from '../../core/data/splits';
import { trainConfigFromSettings, SETTINGS_SPLITS, type Settings, type SettingsSplit } from '../settings/settings';
import {
  answerStep, askedTraining, backStep, canGoBack, currentStep, startOptions, stepTitle,
  type AskedTraining, type OptionState, type SplitChoice, type StepAnswer,
} from './option-steps';
import { inputStep, pickStep, type StepResult } from './step-input';
import { validationFileCandidates } from './file-kinds';
import { plainText } from '../text/plain-text';

export type { AskedTraining } from './option-steps';

/** What each split answers, for the Quick Pick. */
const SPLIT_TEXT: Record<SettingsSplit, { label: string; detail: string }> = {
  random: { label: 'Random rows', detail: 'a seeded share of rows, as fastai’s RandomSplitter' },
  temporal: { label: 'Temporal', detail: 'the latest share of rows by timestamp: how the model does on the future' },
  'user-last': { label: 'Each user’s latest ratings', detail: 'leave-last-out: each user’s newest N ratings are held out' },
  'user-random': { label: 'A share of each user’s rows', detail: 'every user is validated' },
};

/** The text-box steps: which training option each sets, and its prompt. */
const TEXT_STEPS: Partial<Record<string, { option: TrainOption; prompt: string }>> = {
  factors: { option: 'factors', prompt: 'Latent factors' },
  layers: { option: 'layers', prompt: 'Hidden layer sizes (comma separated)' },
  epochs: { option: 'epochs', prompt: 'Epochs' },
  lr: { option: 'lr', prompt: 'Maximum learning rate (one-cycle)' },
  wd: { option: 'wd', prompt: 'Weight decay' },
  bs: { option: 'bs', prompt: 'Batch size' },
  validPct: { option: 'validPct', prompt: 'Validation share (0–1)' },
  seed: { option: 'seed', prompt: 'Random seed (split and weights)' },
};

/** Walks through every hyper-parameter and the split, defaults from settings; undefined when cancelled. */
export async function askTrainConfig(settings: Settings, file: string): Promise<AskedTraining | undefined> {
  let state = startOptions({ config: trainConfigFromSettings(settings), split: settings.split, holdout: settings.holdout, folds: 5 });
  for (;;) {
    const result = await askStep(state, settings, file);
    if (result.kind === 'cancel') return undefined;
    if (result.kind === 'back') { state = backStep(state); continue; }
    const next = answerStep(state, result.value);
    if (!next.done) { state = next.state; continue; }
    const asked = askedTraining(next.answers);
    if (asked.split) void vscode.window.setStatusBarMessage(`Collab: validation split: ${describeSplit(asked.split)}`, 5000);
    return asked;
  }
}

/** Shows the current step; its answer comes back typed for answerStep. */
async function askStep(state: OptionState, settings: Settings, file: string): Promise<StepResult<StepAnswer>> {
  const step = currentStep(state);
  const shape = { title: stepTitle(state), back: canGoBack(state) };
  const { config } = state.answers;
  const map = <T>(result: StepResult<T>, answer: (value: T) => StepAnswer): StepResult<StepAnswer> =>
    (result.kind === 'value' ? { kind: 'value', value: answer(result.value) } : result);

  if (step === 'model') {
    const items = [
      { label: 'Dot product', description: 'EmbeddingDotBias: u·i + biases (fast, the book\'s first model)', model: 'dot' as ModelKind },
      { label: 'Neural network', description: 'EmbeddingNN: concatenated embeddings through layers', model: 'nn' as ModelKind },
    ];
    const result = await pickStep({ ...shape, placeholder: `Model (setting: ${settings.model})`, items, active: items.find((i) => i.model === config.model) });
    return map(result, (item) => ({ step: 'model', model: item.model }));
  }
  if (step === 'split') {
    const items = [
      ...SETTINGS_SPLITS.map((split) => ({ ...SPLIT_TEXT[split], description: split === settings.split ? `${split} (setting)` : split, split: split as SplitChoice })),
      { label: 'A validation file...', description: 'file', detail: 'rows of another file validate, e.g. u1.test beside u1.base', split: 'file' as SplitChoice },
      { label: 'K-fold cross-validation...', description: 'folds', detail: 'K fits, each validated on one K-th of the rows: every figure as mean \u00b1 standard deviation', split: 'folds' as SplitChoice },
    ];
    const result = await pickStep({ ...shape, placeholder: 'Which ratings validate the model?', items, active: items.find((i) => i.split === state.answers.split) });
    return map(result, (item) => ({ step: 'split', split: item.split }));
  }
  if (step === 'holdout' || step === 'folds') {
    const holdout = step === 'holdout';
    const result = await inputStep({
      ...shape,
      prompt: holdout ? 'Ratings held out per user (their latest)' : 'Folds (K): each fit validates on one K-th of the rows',
      value: String(holdout ? state.answers.holdout : state.answers.folds),
      problem: (text) => splitOptionProblem(holdout
        ? { kind: 'user-last', holdout: Number(text.trim()), seed: config.seed }
        : { kind: 'random', folds: Number(text.trim()), fold: 0, seed: config.seed }),
    });
    return map(result, (text) => ({ step, value: Number(text.trim()) }));
  }
  if (step === 'validFile') return askValidationFile(shape, file, state.answers.validFile);
  const text = TEXT_STEPS[step]!;
  const current = config[text.option];
  const result = await inputStep({
    ...shape, prompt: text.prompt, value: Array.isArray(current) ? current.join(', ') : String(current),
    problem: (value) => optionTextProblem(text.option, value),
  });
  return map(result, (value) => ({ step, value: parseOptionText(text.option, value) } as StepAnswer));
}

/** The validation file: a pick of the training file's siblings (u1.test beside u1.base first), or Browse... */
async function askValidationFile(shape: { title: string; back: boolean }, file: string, chosen: string | undefined): Promise<StepResult<StepAnswer>> {
  const folder = dirname(file);
  const siblings = await listFiles(folder);
  const items: (vscode.QuickPickItem & { path?: string })[] = [
    ...validationFileCandidates(file, siblings).map((name) => ({ label: plainText(name, 120), path: join(folder, name) })),
    { label: 'Browse...', description: 'choose a file anywhere' },
  ];
  for (;;) {
    const result = await pickStep({ ...shape, placeholder: 'Which file\u2019s rows validate the model?', items, active: items.find((i) => i.path === chosen) });
    if (result.kind !== 'value') return result;
    if (result.value.path) return { kind: 'value', value: { step: 'validFile', file: result.value.path } };
    const picked = await vscode.window.showOpenDialog({
      title: `${shape.title}: the validation file`, defaultUri: vscode.Uri.file(folder), canSelectMany: false, openLabel: 'Validate with this file',
    });
    if (picked?.[0]) return { kind: 'value', value: { step: 'validFile', file: picked[0].fsPath } };
    // The dialog was closed: back to the pick, not out of the whole input.
  }
}

/** The plain files in `folder` (names), or none when it cannot be read. */
async function listFiles(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch {
    return [];
  }
}
