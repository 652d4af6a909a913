/**
 * Hover for ratings and items files that a saved run was trained on: an item's bias, counts and
 * nearest neighbours, a user's top recommendations. Thin: the run service (a worker thread) finds
 * the answer, hover-text.ts writes it.
 */
import * as vscode from 'vscode';
import { ContextKey, HOVER_COMMANDS } from '../commands/ids';
import type { Services } from '../services';
import { itemHoverMarkdown, userHoverMarkdown } from './hover-text';
import { ROWS_SCHEME, rowsTargetOf } from '../editor/rows-view';
import { parseRowLine } from '../../core/run/rows-view-text';

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
    if (!settings['hover.enabled']) return undefined;
    const hovered = await this.hovered(document, position);
    if (!hovered || token.isCancellationRequested) return undefined;
    // The run service splits the line with the format the run recorded for this file (never a guess per line).
    const { runDir, role, text, line, shift } = hovered;
    const answer = await this.services.runs.service.hover(runDir, {
      file: role, text, line, character: position.character - shift, k: settings['hover.neighbours'], minCount: settings['neighbours.minCount'],
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
    // The walkthrough's "hover a title" step completes on this key.
    void vscode.commands.executeCommand('setContext', ContextKey.hoverShown, true);
    return new vscode.Hover(content, new vscode.Range(position.line, answer.range.start + shift, position.line, answer.range.end + shift));
  }

  /**
   * The run, file role and source line under the cursor: a ratings or items file itself, or a row of
   * Collab's rows view (its source line number and text, `shift` characters after the line's start).
   */
  private async hovered(document: vscode.TextDocument, position: vscode.Position)
    : Promise<{ runDir: string; role: 'source' | 'items'; text: string; line: number; shift: number } | undefined> {
    const text = document.lineAt(position.line).text;
    if (document.uri.scheme === ROWS_SCHEME) {
      const target = rowsTargetOf(document.uri);
      const row = parseRowLine(text);
      if (!target || !row || position.character < row.offset) return undefined;
      return { runDir: target.runDir, role: 'source', text: row.row, line: row.line - 1, shift: row.offset };
    }
    if (document.uri.scheme !== 'file') return undefined;
    const found = await this.services.runs.runForFile(document.uri.fsPath);
    return found && { runDir: found.listing.dir, role: found.role, text, line: position.line, shift: 0 };
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
    vscode.languages.registerHoverProvider([...HOVER_SELECTOR as vscode.DocumentFilter[], { scheme: ROWS_SCHEME }], new RatingsHoverProvider(services)),
    vscode.window.onDidChangeActiveTextEditor(warm),
  );
}
