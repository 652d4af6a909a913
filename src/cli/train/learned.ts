/** The demo's "what it learned" summary: planted truths next to what the trained model shows. */
import type { LoadedRun } from '../../core/run/types';
import type { PlantedRatings } from '../../core/data/synthetic';
import { createAnalysisIndex } from '../../core/analysis/analysis-index';
import { biasTable } from '../../core/analysis/biases';
import { neighbours } from '../../core/analysis/neighbours';

const TOP = 5;
const K = 8;

/** Lines comparing the model's biases and neighbours with the structure planted in the sample. */
export function whatItLearned(run: LoadedRun, planted: PlantedRatings): string[] {
  const index = createAnalysisIndex(run);
  const clusterOfTitle = new Map(planted.titles.map((t, i) => [t, planted.clusterNames[planted.itemCluster[i]]]));
  const lines: string[] = ['What it learned'];
  const width = Math.max(...planted.titles.map((t) => t.length)) + 2;

  if (run.manifest.config?.model === 'dot') {
    const table = biasTable(index, { top: TOP });
    const row = (r: { label: string; bias?: number; count?: number; mean?: number }): string =>
      `    ${r.label.padEnd(width)} bias ${(r.bias ?? 0).toFixed(2).padStart(5)}   ${r.count ?? 0} ratings, mean ${(r.mean ?? 0).toFixed(2)}`;
    lines.push(`  Highest item biases (the ${planted.goodItems.length} planted good items are the "Classic ..." titles):`);
    lines.push(...table.highest.map(row));
    lines.push(`  Lowest item biases (the ${planted.badItems.length} planted bad items are the "Dud ..." titles):`);
    lines.push(...table.lowest.map(row));
  }

  // The most-rated item of the first planted genre, and its nearest items by cosine similarity.
  const counts = run.manifest.stats?.itemCount ?? [];
  let best = -1;
  run.manifest.vocab.items.forEach((label, i) => {
    if (clusterOfTitle.get(label) === planted.clusterNames[0] && (best < 0 || (counts[i] ?? 0) > (counts[best] ?? 0))) best = i;
  });
  if (best < 0) return lines;
  const found = neighbours(index, best, { k: K });
  if (!found.ok) return lines;
  const genre = planted.clusterNames[0];
  lines.push(`  Nearest neighbours of "${found.match.label}" (planted genre: ${genre}), by cosine similarity:`);
  let same = 0;
  for (const n of found.neighbours) {
    const cluster = clusterOfTitle.get(n.label) ?? '?';
    if (cluster === genre) same++;
    lines.push(`    ${n.label.padEnd(width)} ${n.score.toFixed(2).padStart(5)}   ${cluster}`);
  }
  lines.push(`  ${same} of ${found.neighbours.length} neighbours are ${genre} titles (by chance: about 1 in ${planted.itemClusters}).`);
  return lines;
}
