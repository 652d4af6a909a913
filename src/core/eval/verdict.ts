/** Whether a model beats its baselines, said plainly (the CLI and the panel show the same sentences). */
import type { RunEvaluation } from './figures';

/** The model's validation error beside which the baselines are judged. */
export interface ModelErrors {
  rmse: number;
  mae: number;
}

/**
 * One sentence for each baseline the model does not beat: RMSE against globalMean and biasOnly,
 * NDCG@k against biasOnly and popularity. Empty when it beats them all; NaN figures are not judged.
 */
export function baselineVerdicts(model: ModelErrors, evaluation: RunEvaluation): string[] {
  const { ranking, baselines } = evaluation;
  const notes: string[] = [];
  const worse = (ours: number, theirs: number, lowerIsBetter: boolean): boolean =>
    Number.isFinite(ours) && Number.isFinite(theirs) && (lowerIsBetter ? ours >= theirs : ours <= theirs);
  if (worse(model.rmse, baselines.globalMean.rmse, true)) {
    notes.push(`The model does not beat predicting the training mean: RMSE ${model.rmse.toFixed(4)} against ${baselines.globalMean.rmse.toFixed(4)}.`);
  } else if (worse(model.rmse, baselines.biasOnly.rmse, true)) {
    notes.push(`The model does not beat the biasOnly baseline (user and item biases alone): RMSE ${model.rmse.toFixed(4)} against ${baselines.biasOnly.rmse.toFixed(4)}.`);
  }
  for (const [name, other] of [['popularity', baselines.popularity.ranking], ['biasOnly', baselines.biasOnly.ranking]] as const) {
    if (worse(ranking.ndcg, other.ndcg, false)) {
      notes.push(`The model's top-${ranking.k} lists do not beat the ${name} baseline: NDCG@${ranking.k} ${ranking.ndcg.toFixed(4)} against ${other.ndcg.toFixed(4)}.`);
      break;
    }
  }
  return notes;
}

/** One row of the model-beside-baselines table (a figure is absent where it does not apply). */
export interface EvaluationRow {
  name: 'model' | 'globalMean' | 'biasOnly' | 'popularity';
  rmse?: number;
  mae?: number;
  precision?: number;
  recall?: number;
  ndcg?: number;
  map?: number;
  hitRate?: number;
  coverage?: number;
}

/** The ranking figures a row shows, in the order the tables show them. */
export const RANKING_COLUMNS = ['precision', 'recall', 'ndcg', 'map', 'hitRate', 'coverage'] as const;

/** The table's rows, model first: what the CLI prints and the panel shows (null figures from JSON become absent). */
export function evaluationRows(model: ModelErrors, evaluation: RunEvaluation): EvaluationRow[] {
  const { ranking, baselines } = evaluation;
  const ranks = (m: RunEvaluation['ranking']): Partial<EvaluationRow> =>
    Object.fromEntries(RANKING_COLUMNS.map((key) => [key, m[key] ?? undefined]));
  return [
    { name: 'model', rmse: model.rmse, mae: model.mae, ...ranks(ranking) },
    { name: 'globalMean', rmse: baselines.globalMean.rmse, mae: baselines.globalMean.mae },
    { name: 'biasOnly', rmse: baselines.biasOnly.rmse, mae: baselines.biasOnly.mae, ...ranks(baselines.biasOnly.ranking) },
    { name: 'popularity', ...ranks(baselines.popularity.ranking) },
  ];
}
