/** Collab: Tune Hyperparameters... — a sweep on a ratings file, live in a panel, saved beside the runs. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ensureTrusted } from '../settings/trust';
import { trainConfigFromSettings } from '../settings/settings';
import { pickRatingsFile } from '../training/pick-file';
import { askTuneAnswers } from '../studies/tune-questions';

export function tuneHyperparameters(services: Services): (uri?: vscode.Uri) => Promise<void> {
  return async (uri) => {
    if (!ensureTrusted('Tuning')) return; // it writes .collab/tunes/<id>/tune.json
    const file = uri?.scheme === 'file' ? uri.fsPath : await pickRatingsFile('Collab: Tune Hyperparameters');
    if (!file) return;
    const answers = await askTuneAnswers();
    if (!answers) return;
    const base = trainConfigFromSettings(services.settings(vscode.Uri.file(file)));
    await services.studies.tune({
      file, grid: answers.grid, random: answers.random, metric: answers.metric, budgetSeconds: answers.budgetSeconds,
      seed: base.seed, base, runsDir: services.runs.runsDirFor(file), spaceText: answers.spaceText,
    });
  };
}
