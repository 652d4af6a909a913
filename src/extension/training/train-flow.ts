/** The whole "train a model" flow shared by the three train commands. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { splitFromSettings, trainConfigFromSettings } from '../settings/settings';
import { ensureTrusted } from '../settings/trust';
import { askTrainConfig } from './options';
import { pickRatingsFile } from './pick-file';
import { prepareData } from './prepare';

/** Trains on `uri` (or the active/picked ratings file); `withOptions` asks every hyper-parameter first. */
export async function trainFlow(services: Services, uri: vscode.Uri | undefined, withOptions: boolean): Promise<void> {
  if (!ensureTrusted('Training')) return;
  const file = uri?.scheme === 'file' ? uri.fsPath : await pickRatingsFile();
  if (!file) return;
  const settings = services.settings(vscode.Uri.file(file));
  const asked = withOptions ? await askTrainConfig(settings) : { config: trainConfigFromSettings(settings), split: splitFromSettings(settings) };
  if (!asked) return;
  const { config, split } = asked;
  const data = await prepareData(file, services.log, (f) => services.runs.service.sniff(f));
  if (!data) return;
  // Not awaited: the notification tracks the run, and several runs may go at once.
  void services.training.train({
    file: data.file,
    format: data.format,
    mapping: data.mapping,
    itemsFile: data.itemsFile,
    config,
    ...(split ? { split } : {}),
    runsDir: services.runs.runsDirFor(file),
  });
}
