/** Collab: Find Similar Items... — type a title or id, see its nearest items by cosine similarity. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickRun } from './pick-run';
import { plainText } from '../text/plain-text';

export function findSimilar(services: Services): (arg?: unknown, query?: string) => Promise<void> {
  return async (arg, query) => {
    const runDir = await pickRun(services, arg, 'Find similar items in which run?');
    if (!runDir) return;
    let text = query ?? await vscode.window.showInputBox({
      title: 'Collab: Find Similar Items', prompt: 'An item title or id (partial titles are fine)', ignoreFocusOut: true,
    });
    while (text !== undefined && text.trim() !== '') {
      const result = await services.runs.service.similar(runDir, text, 20);
      if (!result.ok) {
        const suggestion = await vscode.window.showQuickPick(
          result.match.suggestions.map((s) => ({ label: plainText(s, 120), query: s })),
          { title: `Collab: no item matches '${plainText(text, 80)}'`, placeHolder: 'Did you mean...' },
        );
        text = suggestion?.query;
        continue;
      }
      const picked = await vscode.window.showQuickPick(
        [
          ...result.neighbours.map((n, i) => ({ label: plainText(n.label, 120), description: `${i + 1} · similarity ${n.score.toFixed(3)}`, query: n.label })),
          { label: '$(graph) Open in the Neighbours panel', description: '', query: '' },
        ],
        { title: `Collab: items most like '${plainText(result.match.label, 80)}'`, placeHolder: 'Pick one to see its own neighbours' },
      );
      if (!picked) return;
      if (!picked.query) {
        services.panels.show({ runDir }, 'neighbours');
        return;
      }
      text = picked.query;
    }
  };
}
