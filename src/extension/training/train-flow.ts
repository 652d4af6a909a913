/** The whole "train a model" flow shared by the three train commands. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { splitFromSettings, trainConfigFromSettings } from '../settings/settings';
import { ensureTrusted } from '../settings/trust';
import { askTrainConfig } from './options';
import { pickRatingsFile } from './pick-file';
import { prepareData } from './prepare';
import { modelLabel } from '../../common/model-label';

/** Trains on `uri` (or the active/picked ratings file); `withOptions` asks every hyper-parameter first. */
export async function trainFlow(services: Services, uri: vscode.Uri | undefined, withOptions: boolean): Promise<void> {
  if (!ensureTrusted('Training')) return;
  // A trainer process starts while the file is picked and sniffed (it waits idle if nothing is trained).
  services.training.warmUp();
  const file = uri?.scheme === 'file' ? uri.fsPath : await pickRatingsFile();
  if (!file) return;
  const settings = services.settings(vscode.Uri.file(file));
  const asked = withOptions ? await askTrainConfig(settings, file) : { config: trainConfigFromSettings(settings), split: splitFromSettings(settings) };
  if (!asked) return;
  const { config, split } = asked;
  if ('folds' in asked && asked.folds) {
    // K-fold cross-validation is a one-configuration sweep over K folds: its panel shows mean ± sd.
    await services.studies.tune({
      file, grid: `model=${config.model}`, folds: asked.folds, base: config, seed: config.seed, metric: 'rmse',
      runsDir: services.runs.runsDirFor(file), spaceText: `${asked.folds}-fold cross-validation of ${modelLabel(config)}, ${config.epochs} epochs, lr ${config.lr}, wd ${config.wd}`,
    });
    return;
  }
  const data = await prepareData(file, services.log, (f) => services.runs.service.sniff(f));
  if (!data) return;
  // Not awaited: the notification tracks the run, and several runs may go at once.
  void services.training.train({
    file: data.file,
    format: data.format,
    mapping: data.mapping,
    itemsFile: data.itemsFile,
    ...(data.usersFile ? { usersFile: data.usersFile } : {}),
    ...('validFile' in asked && asked.validFile ? { validFile: asked.validFile } : {}),
    config,
    ...(split ? { split } : {}),
    runsDir: services.runs.runsDirFor(file),
  });
}
