/** "Train Model with Options...": the multi-step input's steps, titles, Back, and what it trains. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../../src/core/train/config-validate';
import {
  answerStep, askedTraining, backStep, canGoBack, currentStep, optionSteps, startOptions, stepTitle,
  type OptionAnswers, type OptionState, type StepAnswer,
} from '../../../src/extension/training/option-steps';
import { validationFileCandidates } from '../../../src/extension/training/file-kinds';

const defaults = (): OptionAnswers => ({ config: { ...DEFAULT_CONFIG, layers: [...DEFAULT_CONFIG.layers] }, split: 'random', holdout: 1, folds: 5 });

/** Answers each step in turn; an answer of `back` goes back one step. */
function walk(answers: (StepAnswer | 'back')[], start = startOptions(defaults())) {
  let state: OptionState = start;
  const seen: string[] = [];
  for (const answer of answers) {
    seen.push(stepTitle(state));
    if (answer === 'back') { state = backStep(state); continue; }
    const next = answerStep(state, answer);
    if (next.done) return { done: next.answers, seen };
    state = next.state;
  }
  return { state, seen };
}

const keep = (step: StepAnswer['step'], value: unknown): StepAnswer => ({ step, value } as StepAnswer);

test('nine steps whatever is chosen, each titled "step n of 9", Back on all but the first', () => {
  const state = startOptions(defaults());
  assert.deepEqual(optionSteps(state.answers), ['model', 'factors', 'epochs', 'lr', 'wd', 'bs', 'split', 'validPct', 'seed']);
  assert.equal(stepTitle(state), 'Collab: Train Model with Options (step 1 of 9): Model');
  assert.equal(canGoBack(state), false);
  const nn = { ...defaults(), config: { ...defaults().config, model: 'nn' as const }, split: 'folds' as const };
  assert.deepEqual(optionSteps(nn), ['model', 'layers', 'epochs', 'lr', 'wd', 'bs', 'split', 'folds', 'seed']);
  for (const split of ['user-last', 'file', 'temporal', 'user-random'] as const) {
    assert.equal(optionSteps({ ...defaults(), split }).length, 9, split);
  }
  const { state: third } = walk([{ step: 'model', model: 'dot' }, keep('factors', 50)]);
  assert.equal(stepTitle(third!), 'Collab: Train Model with Options (step 3 of 9): Epochs');
  assert.equal(canGoBack(third!), true);
});

test('Back keeps the answers; changing the model on the way back asks layers instead of factors', () => {
  const { state } = walk([{ step: 'model', model: 'dot' }, keep('factors', 20), keep('epochs', 7), 'back', 'back']);
  assert.equal(currentStep(state!), 'factors');
  assert.equal(state!.answers.config.factors, 20, 'the typed factors are shown again');
  assert.equal(state!.answers.config.epochs, 7);
  const back = backStep(state!);
  assert.equal(currentStep(back), 'model');
  assert.equal(currentStep(backStep(back)), 'model', 'Back on the first step stays there');
  const next = answerStep(back, { step: 'model', model: 'nn' });
  assert.ok(!next.done);
  assert.equal(currentStep(next.state), 'layers');
  assert.throws(() => answerStep(next.state, keep('factors', 3)), /answered factors while layers is shown/);
});

test('the answers train what was chosen: the default split, a share split, leave-last-out, K folds, a validation file', () => {
  const head: StepAnswer[] = [{ step: 'model', model: 'dot' }, keep('factors', 32), keep('epochs', 3), keep('lr', 0.01), keep('wd', 0.05), keep('bs', 128)];
  const random = walk([...head, { step: 'split', split: 'random' }, keep('validPct', 0.1), keep('seed', 7)]).done!;
  assert.deepEqual(askedTraining(random), { config: { ...DEFAULT_CONFIG, factors: 32, epochs: 3, lr: 0.01, wd: 0.05, bs: 128, validPct: 0.1, seed: 7 } });

  const temporal = askedTraining(walk([...head, { step: 'split', split: 'temporal' }, keep('validPct', 0.25), keep('seed', 1)]).done!);
  assert.deepEqual(temporal.split, { kind: 'temporal', seed: 1, validPct: 0.25 });

  const last = askedTraining(walk([...head, { step: 'split', split: 'user-last' }, { step: 'holdout', value: 3 }, keep('seed', 1)]).done!);
  assert.deepEqual(last.split, { kind: 'user-last', seed: 1, holdout: 3 });

  const folds = askedTraining(walk([...head, { step: 'split', split: 'folds' }, { step: 'folds', value: 4 }, keep('seed', 2)]).done!);
  assert.equal(folds.folds, 4);
  assert.equal(folds.split, undefined);

  const file = askedTraining(walk([...head, { step: 'split', split: 'file' }, { step: 'validFile', file: '/d/u1.test' }, keep('seed', 3)]).done!);
  assert.equal(file.validFile, '/d/u1.test');
  assert.deepEqual(file.split, { kind: 'file', seed: 3 });
});

test('going back from the split detail to another split asks that split\'s detail', () => {
  const head: StepAnswer[] = [{ step: 'model', model: 'dot' }, keep('factors', 50), keep('epochs', 5), keep('lr', 0.005), keep('wd', 0.1), keep('bs', 64)];
  const { state } = walk([...head, { step: 'split', split: 'user-last' }, 'back']);
  assert.equal(currentStep(state!), 'split');
  const next = answerStep(state!, { step: 'split', split: 'folds' });
  assert.ok(!next.done);
  assert.equal(currentStep(next.state), 'folds');
  assert.equal(stepTitle(next.state), 'Collab: Train Model with Options (step 8 of 9): Folds');
});

test('validation files offered: the same stem first, then test/valid names, never the file itself or an items file', () => {
  const siblings = ['u1.base', 'u1.test', 'u2.test', 'u.item', 'u.data', 'README', '.hidden.csv', 'notes.md', 'valid.csv'];
  assert.deepEqual(validationFileCandidates('/d/u1.base', siblings), ['u1.test', 'u2.test', 'valid.csv', 'u.data']);
});
