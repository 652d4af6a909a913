/** Collab: Find Learning Rate... — fastai's lr_find on a ratings file, plotted in a panel. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { ModelKind } from '../../core/run/types';
import { trainConfigFromSettings, splitFromSettings } from '../settings/settings';
import { pickRatingsFile } from '../training/pick-file';
import { prepareData } from '../training/prepare';

export function findLearningRate(services: Services): (uri?: vscode.Uri) => Promise<void> {
  return async (uri) => {
    const file = uri?.scheme === 'file' ? uri.fsPath : await pickRatingsFile('Collab: Find Learning Rate');
    if (!file) return;
    const settings = services.settings(vscode.Uri.file(file));
    const config = trainConfigFromSettings(settings);
    const model = await vscode.window.showQuickPick([
      { label: 'Dot product', description: `EmbeddingDotBias, ${config.factors} factors`, model: 'dot' as ModelKind },
      { label: 'Neural network', description: `EmbeddingNN, layers [${config.layers.join(', ')}]`, model: 'nn' as ModelKind },
    ].sort((a, b) => Number(b.model === config.model) - Number(a.model === config.model)), {
      title: 'Collab: Find Learning Rate', placeHolder: `Which model? (bs ${config.bs}, wd ${config.wd} from the settings)`, ignoreFocusOut: true,
    });
    if (!model) return;
    config.model = model.model;
    const data = await prepareData(file, services.log, (f) => services.runs.service.sniff(f), 'Find the learning rate');
    if (!data) return;
    const split = splitFromSettings(settings);
    await services.studies.findLearningRate({ ...data, config, ...(split ? { split } : {}) });
  };
}
