/** Collab: Train Model on This File — from the Explorer or the editor title/context menu. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { trainFlow } from '../training/train-flow';

export function trainFile(services: Services): (uri?: vscode.Uri) => Promise<void> {
  return (uri) => trainFlow(services, uri ?? vscode.window.activeTextEditor?.document.uri, false);
}
