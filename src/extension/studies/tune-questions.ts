/**
 * The questions before a sweep: which space (the default grid, a seeded random search, or a grid
 * typed in and checked by core's parser as it is typed), which metric judges it, and a time budget.
 */
import * as vscode from 'vscode';
import { DEFAULT_GRID, DEFAULT_RANDOM, parseGrid, TuneSpecError } from '../../core/tune/space';
import { lowerIsBetter, TUNE_METRICS, type TuneMetric } from '../../core/tune/metric';

/** The answers: a space (grid text or a random count), the metric and a budget in seconds (undefined: none). */
export interface TuneAnswers {
  grid?: string;
  random?: number;
  /** How the space reads in the panel ("grid factors=50,100 ..."). */
  spaceText: string;
  metric: TuneMetric;
  budgetSeconds?: number;
}

const TITLE = 'Collab: Tune Hyperparameters';
/** Configurations a random search from the palette draws. */
const RANDOM_COUNT = 24;

const METRIC_TEXT: Record<TuneMetric, string> = {
  rmse: 'root mean squared error of the validation ratings', mae: 'mean absolute error', mse: 'mean squared error',
  ndcg: 'NDCG@10 of each user\u2019s top 10', precision: 'precision@10', recall: 'recall@10', map: 'MAP@10', hitRate: 'hit rate@10',
};

/** What is wrong with a typed grid, or undefined (with its size when it is fine). */
export function gridProblem(text: string): { problem?: string; count?: number } {
  try {
    return { count: parseGrid(text).length };
  } catch (error) {
    if (error instanceof TuneSpecError || error instanceof RangeError) return { problem: error.message };
    throw error;
  }
}

/** Asks the three questions; undefined when the person cancels. */
export async function askTuneAnswers(): Promise<TuneAnswers | undefined> {
  const defaultCount = parseGrid(DEFAULT_GRID).length;
  const space = await vscode.window.showQuickPick([
    { label: 'Default grid', description: `${defaultCount} configurations around the book\u2019s recipe`, detail: DEFAULT_GRID, choice: 'default' as const },
    { label: 'Random search', description: `${RANDOM_COUNT} seeded draws`, detail: DEFAULT_RANDOM, choice: 'random' as const },
    { label: 'Custom grid...', description: 'type the values of each parameter', detail: 'e.g. factors=20,50,100 wd=0.01,0.05,0.1 lr=3e-3,5e-3,1e-2 epochs=5,10', choice: 'custom' as const },
  ], { title: TITLE, placeHolder: 'Which configurations to try?', ignoreFocusOut: true });
  if (!space) return undefined;
  let grid: string | undefined;
  let random: number | undefined;
  let spaceText: string;
  if (space.choice === 'default') { grid = DEFAULT_GRID; spaceText = `default grid ${DEFAULT_GRID}`; }
  else if (space.choice === 'random') { random = RANDOM_COUNT; spaceText = `random search of ${RANDOM_COUNT}: ${DEFAULT_RANDOM}`; }
  else {
    grid = await vscode.window.showInputBox({
      title: TITLE, prompt: 'A grid: name=value,value... for any of model, factors, lr, wd, epochs, bs, dropout',
      value: 'factors=20,50,100 wd=0.01,0.05,0.1 lr=3e-3,5e-3,1e-2 epochs=5,10', ignoreFocusOut: true,
      validateInput: (text) => {
        const { problem, count } = gridProblem(text);
        return problem ?? { message: `${count} configuration${count === 1 ? '' : 's'}`, severity: vscode.InputBoxValidationSeverity.Info };
      },
    });
    if (grid === undefined) return undefined;
    spaceText = `grid ${grid.trim()}`;
  }
  const metric = await vscode.window.showQuickPick(TUNE_METRICS.map((m) => ({
    label: m, description: `${lowerIsBetter(m) ? 'lower' : 'higher'} is better`, detail: METRIC_TEXT[m], metric: m,
  })), { title: TITLE, placeHolder: 'Which figure decides the best configuration?', ignoreFocusOut: true });
  if (!metric) return undefined;
  const budget = await vscode.window.showQuickPick([
    { label: 'No time limit', seconds: undefined },
    { label: '30 seconds', seconds: 30 },
    { label: '1 minute', seconds: 60 },
    { label: '5 minutes', seconds: 300 },
  ], { title: TITLE, placeHolder: 'Stop starting new configurations after...', ignoreFocusOut: true });
  if (!budget) return undefined;
  return { grid, random, spaceText, metric: metric.metric, budgetSeconds: budget.seconds };
}
