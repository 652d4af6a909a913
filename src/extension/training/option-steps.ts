/**
 * "Train Model with Options..." as one multi-step input: which steps there are (they depend on the
 * model and the split chosen), where Back and Next lead, the "step n of N" title, and what the
 * answers train. Pure (no vscode): the driver in options.ts shows each step as a Quick Pick or an
 * input box and feeds the person's answer (or Back) into `answerStep` / `backStep`.
 */
import type { ModelKind, TrainConfig } from '../../core/run/types';
import type { SplitSpec } from '../../core/data/split-spec';
import { splitSpecOf } from '../../core/train/config-validate';
import type { SettingsSplit } from '../settings/settings';

/** A split choice beyond the settings': a validation file, or K-fold cross-validation. */
export type SplitChoice = SettingsSplit | 'file' | 'folds';

/** Every step the input can show. */
export type OptionStep =
  | 'model' | 'factors' | 'layers' | 'epochs' | 'lr' | 'wd' | 'bs'
  | 'split' | 'validPct' | 'holdout' | 'folds' | 'validFile' | 'seed';

/** What the person has answered so far (seeded from the settings, so Enter keeps a default). */
export interface OptionAnswers {
  config: TrainConfig;
  split: SplitChoice;
  holdout: number;
  folds: number;
  validFile?: string;
}

/** Where the input stands: the answers and the index of the step shown. */
export interface OptionState {
  answers: OptionAnswers;
  index: number;
}

/** The title of the whole input (each step adds "step n of N" and its own name). */
export const OPTIONS_TITLE = 'Collab: Train Model with Options';

/** The step that asks the split's detail: its share, its N, its K, or its file. */
export function splitDetailStep(split: SplitChoice): OptionStep {
  if (split === 'file') return 'validFile';
  if (split === 'folds') return 'folds';
  if (split === 'user-last') return 'holdout';
  return 'validPct';
}

/** The steps for these answers, in order; always the same count, so "of N" never jumps. */
export function optionSteps(answers: OptionAnswers): OptionStep[] {
  const size: OptionStep = answers.config.model === 'nn' ? 'layers' : 'factors';
  return ['model', size, 'epochs', 'lr', 'wd', 'bs', 'split', splitDetailStep(answers.split), 'seed'];
}

/** The first step, with the settings' values as the answers. */
export function startOptions(answers: OptionAnswers): OptionState {
  return { answers, index: 0 };
}

/** The step shown in `state`. */
export function currentStep(state: OptionState): OptionStep {
  return optionSteps(state.answers)[state.index];
}

/** Whether Back is offered (every step but the first). */
export function canGoBack(state: OptionState): boolean {
  return state.index > 0;
}

/** The step's name as the title shows it. */
const STEP_NAMES: Record<OptionStep, string> = {
  model: 'Model', factors: 'Latent factors', layers: 'Hidden layers', epochs: 'Epochs', lr: 'Learning rate',
  wd: 'Weight decay', bs: 'Batch size', split: 'Validation split', validPct: 'Validation share',
  holdout: 'Held-out ratings', folds: 'Folds', validFile: 'Validation file', seed: 'Seed',
};

/** "Collab: Train Model with Options (step 3 of 9): Epochs". */
export function stepTitle(state: OptionState): string {
  const steps = optionSteps(state.answers);
  return `${OPTIONS_TITLE} (step ${state.index + 1} of ${steps.length}): ${STEP_NAMES[steps[state.index]]}`;
}

/** One answer: a model, a split choice, a file path, or a training option's parsed value. */
export type StepAnswer =
  | { step: 'model'; model: ModelKind }
  | { step: 'split'; split: SplitChoice }
  | { step: 'validFile'; file: string }
  | { step: 'holdout' | 'folds'; value: number }
  | { step: 'factors' | 'layers' | 'epochs' | 'lr' | 'wd' | 'bs' | 'validPct' | 'seed'; value: unknown };

/** The answers with one step answered. */
function withAnswer(answers: OptionAnswers, answer: StepAnswer): OptionAnswers {
  switch (answer.step) {
    case 'model': return { ...answers, config: { ...answers.config, model: answer.model } };
    case 'split': return { ...answers, split: answer.split };
    case 'validFile': return { ...answers, validFile: answer.file };
    case 'holdout': return { ...answers, holdout: answer.value };
    case 'folds': return { ...answers, folds: answer.value };
    default: return { ...answers, config: { ...answers.config, [answer.step]: answer.value } };
  }
}

/**
 * After an answer to the current step: the next state, or `done` after the last step. An answer for
 * another step than the one shown is a driver bug and throws.
 */
export function answerStep(state: OptionState, answer: StepAnswer): { done: false; state: OptionState } | { done: true; answers: OptionAnswers } {
  const step = currentStep(state);
  if (answer.step !== step) throw new Error(`answered ${answer.step} while ${step} is shown`);
  const answers = withAnswer(state.answers, answer);
  const next = state.index + 1;
  if (next >= optionSteps(answers).length) return { done: true, answers };
  return { done: false, state: { answers, index: next } };
}

/** Back one step, answers kept (so going forward again shows them); the first step stays. */
export function backStep(state: OptionState): OptionState {
  return { ...state, index: Math.max(0, state.index - 1) };
}

/**
 * What the answers train: a config and its split (undefined: the default random split), or a
 * validation file, or K of K-fold cross-validation (then K fits are compared, no run is saved).
 */
export interface AskedTraining { config: TrainConfig; split?: SplitSpec; validFile?: string; folds?: number }

/** The finished answers as a training request's parts. */
export function askedTraining(answers: OptionAnswers): AskedTraining {
  const { config } = answers;
  if (answers.split === 'file' && answers.validFile) return { config, split: { kind: 'file', seed: config.seed }, validFile: answers.validFile };
  if (answers.split === 'folds') return { config, folds: answers.folds };
  if (answers.split === 'random' || answers.split === 'file') return { config };
  return { config, split: splitSpecOf(answers.split, config, answers.split === 'user-last' ? { holdout: answers.holdout } : {}) };
}
