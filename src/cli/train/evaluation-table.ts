/** The model's figures beside its baselines, as `collab train` and `collab evaluate` print them. */
import type { RunEvaluation } from '../../core/eval/evaluate';
import type { RankingMetrics } from '../../core/eval/ranking';
import { baselineVerdicts, type ModelErrors } from '../../core/eval/verdict';
import { formatTable } from '../commands/analysis-common';

const RANKING = ['precision', 'recall', 'ndcg', 'map', 'hitRate', 'coverage'] as const;

/** A heading line, the table (model, globalMean, biasOnly, popularity) and a sentence per baseline not beaten. */
export function evaluationText(heading: string, model: ModelErrors, evaluation: RunEvaluation): string {
  const r = evaluation.ranking;
  const b = evaluation.baselines;
  const rank = (m?: RankingMetrics): (number | undefined)[] => RANKING.map((key) => m?.[key] ?? undefined);
  const rows = [
    ['model', model.rmse, model.mae, ...rank(r)],
    ['globalMean', b.globalMean.rmse, b.globalMean.mae, ...rank()],
    ['biasOnly', b.biasOnly.rmse, b.biasOnly.mae, ...rank(b.biasOnly.ranking)],
    ['popularity', undefined, undefined, ...rank(b.popularity.ranking)],
  ];
  const users = r.sampledUsers !== undefined ? `a seeded sample of ${r.users} of ${r.eligibleUsers} users` : `${r.users} users`;
  const notes = baselineVerdicts(model, evaluation);
  return [`${heading}; ranking at k=${r.k}, relevant = rating >= ${r.threshold}, over ${users}.`, '',
    formatTable(['', 'RMSE', 'MAE', `P@${r.k}`, `R@${r.k}`, `NDCG@${r.k}`, `MAP@${r.k}`, `HR@${r.k}`, 'coverage'], rows,
      [undefined, 4, 4, 4, 4, 4, 4, 4, 4]),
    ...(notes.length ? ['', ...notes] : [])].join('\n');
}
