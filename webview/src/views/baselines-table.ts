/** The Loss view's "Is it any good?" table: the model's validation figures beside its baselines. */
import { el, fmt } from '../dom';
import type { EvaluationView } from '../../../src/protocol/webview';

const COLUMNS: { key: keyof EvaluationView['rows'][number]; title: (k: number) => string }[] = [
  { key: 'rmse', title: () => 'RMSE' }, { key: 'mae', title: () => 'MAE' },
  { key: 'precision', title: (k) => `P@${k}` }, { key: 'recall', title: (k) => `R@${k}` },
  { key: 'ndcg', title: (k) => `NDCG@${k}` }, { key: 'map', title: (k) => `MAP@${k}` },
  { key: 'hitRate', title: (k) => `HR@${k}` }, { key: 'coverage', title: () => 'coverage' },
];

const DESCRIPTIONS: Record<string, string> = {
  model: 'this run',
  globalMean: 'predict the training mean',
  biasOnly: 'user and item biases only',
  popularity: 'most-rated unseen items',
};

/** A section with the table and, in plain words, each baseline the model does not beat. */
export function baselinesSection(view: EvaluationView): HTMLElement {
  const users = view.sampledFrom !== undefined ? `a seeded sample of ${view.users} of ${view.sampledFrom} users` : `${view.users} users`;
  const body = el('tbody');
  for (const row of view.rows) {
    body.append(el('tr', { 'data-testid': 'baseline-row', 'data-name': row.name },
      el('th', { scope: 'row' }, row.name, el('span', { class: 'muted' }, ` (${DESCRIPTIONS[row.name]})`)),
      ...COLUMNS.map((c) => el('td', { class: 'num' }, row[c.key] === undefined ? '' : fmt(row[c.key] as number, 4)))));
  }
  const table = el('table', { class: 'data baselines' },
    el('caption', {}, `Validation figures beside three baselines; ranking at k=${view.k}, relevant = rating \u2265 ${view.threshold}, over ${users}.`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, ''), ...COLUMNS.map((c) => el('th', { class: 'num', scope: 'col' }, c.title(view.k))))),
    body);
  const verdicts = view.verdicts.length
    ? view.verdicts.map((v) => el('p', { class: 'verdict', 'data-testid': 'baseline-verdict' }, v))
    : [el('p', { class: 'verdict ok', 'data-testid': 'baseline-verdict' }, 'The model beats every baseline on RMSE and NDCG.')];
  return el('section', { class: 'baselines', 'data-testid': 'baselines', 'aria-label': 'Is it any good?' },
    el('h3', {}, 'Is it any good?'), table, ...verdicts);
}
