/** Registers every command handler under its id (one handler per file in this folder). */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId, type CommandIdValue } from './ids';
import { train } from './train';
import { trainFile } from './train-file';
import { trainWithOptions } from './train-with-options';
import { openModel } from './open-model';
import { compareRuns } from './compare-runs';
import { exportEmbeddings } from './export-embeddings';
import { importEmbeddings } from './import-embeddings';
import { findSimilar } from './find-similar';
import { recommend } from './recommend';
import { recommendForMe } from './recommend-for-me';
import { predict } from './predict';
import { downloadMovieLens } from './download-movielens';
import { deleteRun } from './delete-run';
import { showLog } from './show-log';
import { cancelTraining } from './cancel-training';
import { refreshRuns } from './refresh-runs';
import { revealRun } from './reveal-run';
import { openRunSource } from './open-run-source';
import { openRowInFile } from '../editor/rows-view';
import { sortRows } from './sort-rows';
import { showNeighbours } from './show-neighbours';
import { goToLine } from './go-to-line';
import { findLearningRate } from './find-learning-rate';
import { tuneHyperparameters } from './tune-hyperparameters';
import { openTune, resumeTune } from './open-tune';
import { openAsFastaiNotebook } from './open-fastai-notebook';
import { showTraining } from './show-training';
import { notificationText } from '../text/plain-text';

type Handler = (...args: never[]) => unknown;

/** Every command id and its handler; the Record type makes a missing handler a compile error. */
function handlers(services: Services): Record<CommandIdValue, Handler> {
  return {
    [CommandId.train]: train(services),
    [CommandId.trainFile]: trainFile(services),
    [CommandId.trainWithOptions]: trainWithOptions(services),
    [CommandId.openModel]: openModel(services),
    [CommandId.compareRuns]: compareRuns(services),
    [CommandId.exportEmbeddings]: exportEmbeddings(services),
    [CommandId.importEmbeddings]: importEmbeddings(services),
    [CommandId.findSimilar]: findSimilar(services),
    [CommandId.recommend]: recommend(services),
    [CommandId.recommendForMe]: recommendForMe(services),
    [CommandId.predict]: predict(services),
    [CommandId.downloadMovieLens]: downloadMovieLens(services),
    [CommandId.deleteRun]: deleteRun(services),
    [CommandId.showLog]: showLog(services),
    [CommandId.cancelTraining]: cancelTraining(services),
    [CommandId.refreshRuns]: refreshRuns(services),
    [CommandId.revealRun]: revealRun(services),
    [CommandId.openRunSource]: openRunSource(services),
    [CommandId.openRowInFile]: openRowInFile(),
    [CommandId.sortRows]: sortRows(services),
    [CommandId.showNeighbours]: showNeighbours(services),
    [CommandId.goToLine]: goToLine(services),
    [CommandId.findLearningRate]: findLearningRate(services),
    [CommandId.tune]: tuneHyperparameters(services),
    [CommandId.openTune]: openTune(services),
    [CommandId.resumeTune]: resumeTune(services),
    [CommandId.openAsFastaiNotebook]: openAsFastaiNotebook(services),
    [CommandId.showTraining]: showTraining(services),
  };
}

/** Registers the commands; a handler that throws is logged and shown rather than lost. */
export function registerCommands(services: Services): vscode.Disposable {
  return vscode.Disposable.from(...Object.entries(handlers(services)).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (handler as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        services.log.error(`${id}: ${error instanceof Error && error.stack ? error.stack : message}`);
        void vscode.window.showErrorMessage(`Collab: ${notificationText(message)}`, 'Open Log').then((a) => { if (a) services.log.show(true); });
        return undefined;
      }
    })));
}
