/**
 * Hover for ratings and items files that a saved run was trained on: an item's bias, counts and
 * nearest neighbours, a user's top recommendations. Thin: the text comes from hover-text.ts.
 */
import * as vscode from 'vscode';
import { labelFacts } from '../../core/analysis/analysis-index';
import { neighbours as nearest } from '../../core/analysis/neighbours';
import { recommend } from '../../core/analysis/predict';
import { HOVER_COMMANDS } from '../commands/ids';
import { scorerFor } from '../commands/scorer';
import type { Services } from '../services';
import { cellAt, guessDelimiter, splitCells } from './cell-at';
import { itemHoverMarkdown, userHoverMarkdown } from './hover-text';
import { resolveHoverTarget, type FileRole } from './target';

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
    const source = found.listing.manifest.source!;
    const line = document.lineAt(position.line).text;
    if (position.line === 0 && source.format.hasHeader && found.role === 'source') return undefined;
    const role: FileRole = found.role === 'source' ? { kind: 'source', mapping: source.mapping } : { kind: 'items' };
    const delimiter = found.role === 'source' ? source.format.delimiter : guessDelimiter(line);
    const cell = cellAt(line, position.character, delimiter);
    if (!cell) return undefined;

    const { run, index } = await this.services.runs.load(found.listing.dir);
    if (token.isCancellationRequested) return undefined;
    const lineId = role.kind === 'items' ? splitCells(line, delimiter)[0]?.value : undefined;
    const target = resolveHoverTarget(index, role, cell.column, cell.value, lineId);
    if (!target) return undefined;
    const hoverRun = { runId: run.manifest.id, runDir: run.dir };
    const k = settings['hover.neighbours'];
    let markdown: string;
    if (target.side === 'items') {
      const side = index.side('items');
      const result = k > 0 ? nearest(index, target.index, { k }) : undefined;
      markdown = itemHoverMarkdown({
        run: hoverRun, facts: labelFacts(side, target.index), id: target.id,
        neighbours: result?.ok ? result.neighbours : [], metric: 'cosine',
      });
    } else {
      const users = index.side('users');
      const facts = labelFacts(users, target.index);
      let recommendations: ReturnType<typeof recommend> | undefined;
      try {
        recommendations = k > 0 ? recommend(index, facts.label, { k, scorer: scorerFor(run) }) : undefined;
      } catch {
        recommendations = undefined; // e.g. an imported run without item biases: facts only
      }
      markdown = userHoverMarkdown({ run: hoverRun, facts, recommendations: recommendations?.items ?? [], kind: recommendations?.kind ?? 'model' });
    }
    if (token.isCancellationRequested) return undefined;
    const content = new vscode.MarkdownString(markdown);
    content.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    content.supportHtml = false;
    content.supportThemeIcons = false;
    return new vscode.Hover(content, new vscode.Range(position.line, cell.start, position.line, cell.end));
  }
}

/** Builds a run's item index in the background when its source or items file comes into view, so the first hover is fast. */
async function prewarm(services: Services, editor: vscode.TextEditor | undefined): Promise<void> {
  const uri = editor?.document.uri;
  if (!uri || uri.scheme !== 'file' || !services.settings(uri)['hover.enabled']) return;
  const found = await services.runs.runForFile(uri.fsPath);
  if (!found) return;
  const { index } = await services.runs.load(found.listing.dir);
  if (index.has('items')) index.side('items');
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
