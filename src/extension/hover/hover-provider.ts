/**
 * Hover for ratings and items files that a saved run was trained on: an item's bias, counts and
 * nearest neighbours, a user's top recommendations. Thin: the run service (a worker thread) finds
 * the answer, hover-text.ts writes it.
 */
import * as vscode from 'vscode';
import { HOVER_COMMANDS } from '../commands/ids';
import type { Services } from '../services';
import { itemHoverMarkdown, userHoverMarkdown } from './hover-text';

/** Files the hover is offered on: languages other extensions define, and ratings-like names. */
export const HOVER_SELECTOR: vscode.DocumentSelector = [
  { language: 'csv' },
  { language: 'tsv' },
  { scheme: 'file', pattern: '**/*.{csv,tsv,data,dat,txt,item,base,test}' },
];

class RatingsHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const settings = this.services.settings(document.uri);
    if (!settings['hover.enabled'] || document.uri.scheme !== 'file') return undefined;
    const found = await this.services.runs.runForFile(document.uri.fsPath);
    if (!found || token.isCancellationRequested) return undefined;
    // The run service splits the line with the format the run recorded for this file (never a guess per line).
    const runDir = found.listing.dir;
    const answer = await this.services.runs.service.hover(runDir, {
      file: found.role, text: document.lineAt(position.line).text, line: position.line, character: position.character,
      k: settings['hover.neighbours'],
    });
    if (!answer || token.isCancellationRequested) return undefined;
    const run = { runId: answer.runId, runDir };
    const markdown = answer.side === 'items'
      ? itemHoverMarkdown({ run, facts: answer.facts, id: answer.id, neighbours: answer.neighbours, metric: answer.metric })
      : userHoverMarkdown({ run, facts: answer.facts, recommendations: answer.recommendations, kind: answer.kind, why: answer.why });
    const content = new vscode.MarkdownString(markdown);
    content.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    content.supportHtml = false;
    content.supportThemeIcons = false;
    return new vscode.Hover(content, new vscode.Range(position.line, answer.range.start, position.line, answer.range.end));
  }
}

/** Builds a run's item (and user) index in the worker when its source or items file comes into view, so the first hover is fast. */
async function prewarm(services: Services, editor: vscode.TextEditor | undefined): Promise<void> {
  const uri = editor?.document.uri;
  if (!uri || uri.scheme !== 'file' || !services.settings(uri)['hover.enabled']) return;
  const found = await services.runs.runForFile(uri.fsPath);
  if (!found) return;
  await services.runs.service.warm(found.listing.dir, 'items');
  if (found.role === 'source') await services.runs.service.warm(found.listing.dir, 'users');
}

/** Registers the hover provider (and its prewarming). */
export function registerHover(services: Services): vscode.Disposable {
  const warm = (editor: vscode.TextEditor | undefined): void => {
    prewarm(services, editor).catch((error: Error) => services.log.warn(`Hover: ${error.message}`));
  };
  warm(vscode.window.activeTextEditor);
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(HOVER_SELECTOR, new RatingsHoverProvider(services)),
    vscode.window.onDidChangeActiveTextEditor(warm),
  );
}
