/** The model's figures beside its baselines, as `collab train` and `collab evaluate` print them. */
import type { RunEvaluation } from '../../core/eval/evaluate';
import { baselineVerdicts, evaluationRows, RANKING_COLUMNS, type ModelErrors } from '../../core/eval/verdict';
import { formatTable } from '../commands/analysis-common';

/** A heading line, the table (model, globalMean, biasOnly, popularity) and a sentence per baseline not beaten. */
export function evaluationText(heading: string, model: ModelErrors, evaluation: RunEvaluation): string {
  const r = evaluation.ranking;
  const rows = evaluationRows(model, evaluation).map((row) => [row.name, row.rmse, row.mae, ...RANKING_COLUMNS.map((key) => row[key])]);
  const users = r.sampledUsers !== undefined ? `a seeded sample of ${r.users} of ${r.eligibleUsers} users` : `${r.users} users`;
  const notes = baselineVerdicts(model, evaluation);
  return [`${heading}; ranking at k=${r.k}, relevant = rating >= ${r.threshold}, over ${users}.`, '',
    formatTable(['', 'RMSE', 'MAE', `P@${r.k}`, `R@${r.k}`, `NDCG@${r.k}`, `MAP@${r.k}`, `HR@${r.k}`, 'coverage'], rows,
      [undefined, 4, 4, 4, 4, 4, 4, 4, 4]),
    ...(notes.length ? ['', ...notes] : [])].join('\n');
}
