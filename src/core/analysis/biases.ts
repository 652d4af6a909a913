/** The highest and lowest biases of items or users, beside their training count and mean rating. */
import type { AnalysisIndex } from './analysis-index';
import { labelFacts, type LabelFacts } from './analysis-index';
import type { Side } from './embeddings';

/** One table row: label, learned bias, and (when the run has stats) training count and mean rating. */
export interface BiasRow extends LabelFacts {
  bias: number;
}

export interface BiasTableOptions {
  side?: Side;
  /** Rows in each of the highest and lowest lists (default 15). */
  top?: number;
  /** Only labels with at least this many training ratings (needs the run's stats). */
  minCount?: number;
}

export interface BiasTable {
  side: Side;
  highest: BiasRow[];
  lowest: BiasRow[];
  /** Labels that passed the filter ('#na#' never counts). */
  considered: number;
  /** Set when minCount was asked for but the run has no counts to filter on. */
  note?: string;
}

/** Ranks one side's biases; throws when the model has none (NN models, imports without a bias column). */
export function biasTable(index: AnalysisIndex, options: BiasTableOptions = {}): BiasTable {
  const sideName = options.side ?? 'items';
  const side = index.side(sideName);
  const { bias, count, n } = side.emb;
  if (!bias) {
    const kind = index.run.manifest.config?.model === 'nn' ? 'an NN model (it has no bias terms)' : 'this run';
    throw new Error(`No ${sideName === 'items' ? 'item' : 'user'} biases in ${kind}; try neighbours or pca instead.`);
  }
  const minCount = options.minCount ?? 0;
  const top = options.top ?? 15;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === side.naIndex) continue;
    if (count && count[i] < minCount) continue;
    rows.push(i);
  }
  rows.sort((a, b) => bias[b] - bias[a] || a - b);
  const toRow = (i: number): BiasRow => ({ ...labelFacts(side, i), bias: bias[i] });
  return {
    side: sideName,
    highest: rows.slice(0, top).map(toRow),
    lowest: rows.slice(-top).reverse().map(toRow),
    considered: rows.length,
    note: minCount > 0 && !count ? `The run has no rating counts, so --min-count ${minCount} was not applied.` : undefined,
  };
}
