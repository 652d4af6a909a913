/** Collab: Train Model with Options... — every hyper-parameter, defaults from settings. */
import type * as vscode from 'vscode';
import type { Services } from '../services';
import { trainFlow } from '../training/train-flow';

export function trainWithOptions(services: Services): (uri?: vscode.Uri) => Promise<void> {
  return (uri) => trainFlow(services, uri, true);
}
