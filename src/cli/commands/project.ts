/** `collab project [RUN] --method pca|umap|tsne|custom [--from SET --to SET] [--top N] [--seed S] --out coords.csv` */
import { writeFileSync } from 'node:fs';
import type { CliCommand } from '../command';
import { labelFacts } from '../../core/analysis/analysis-index';
import { projectionCsv } from '../../core/analysis/projection/csv';
import { parseSetText } from '../../protocol/projection';
import { createProjection, PROJECTION_METHODS, runProjection, type ProjectionMethod } from '../../core/analysis/projection/job';
import type { AxisSpec } from '../../core/analysis/projection/types';
import { indexFor, intOption, parseCommandArgs, printJson, runCommand, UsageError } from './analysis-common';
import { RUNS_RULE_HELP } from '../runs-folder';
import { projectionMetadataOf } from '../../core/metadata/projection-metadata';

const HELP = `Usage: collab project [RUN] --method pca|umap|tsne|custom [--top N] [--seed S] [--users]
                      [--from SET --to SET] [--y-from SET --y-to SET | --y-pc N]
                      [--neighbours K] [--perplexity P] [--out coords.csv] [--json]

Places the N most rated items (default 1000; --users for users) on two axes and writes one CSV row
per point: index, label, x, y, bias, count, mean (to --out, or stdout). Methods: PCA (first two
components), UMAP (umap-js, --neighbours, default 15), t-SNE (Barnes-Hut, --perplexity, default 30)
and custom axes: x goes from one set of items to another (--from, --to), y likewise or a principal
component (--y-pc, default 1). A SET is 'search:TEXT' (labels containing TEXT; the default when no
prefix is given), 'titles:TITLE;TITLE' or 'metadata:FIELD=VALUE' (e.g. metadata:genres=Comedy, from the
items file the run recorded). The CSV also carries each point's metadata columns. Vectors are compared by cosine (unit length), as the
Neighbours view does. Same --seed, same layout.

${RUNS_RULE_HELP}`;

function setOf(text: string | undefined, name: string) {
  if (text === undefined) return undefined;
  const m = /^(search|titles|metadata):(.*)$/s.exec(text);
  const set = m ? parseSetText(m[1] as 'search' | 'titles' | 'metadata', m[2]) : parseSetText('search', text);
  if (!set) throw new UsageError(`--${name} names no items: '${text}'.`);
  return set;
}

const command: CliCommand = {
  summary: 'UMAP, t-SNE, PCA or custom-axes coordinates of items (or users) as CSV',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, {
      method: { type: 'string' }, top: { type: 'string' }, seed: { type: 'string' }, users: { type: 'boolean' },
      from: { type: 'string' }, to: { type: 'string' }, 'y-from': { type: 'string' }, 'y-to': { type: 'string' }, 'y-pc': { type: 'string' },
      neighbours: { type: 'string' }, perplexity: { type: 'string' }, out: { type: 'string' },
    });
    if (values.help) { console.log(HELP); return 0; }
    const method = (values.method ?? 'pca') as ProjectionMethod;
    if (!PROJECTION_METHODS.includes(method)) throw new UsageError(`--method must be one of ${PROJECTION_METHODS.join(', ')}, not '${values.method}'.`);
    let custom: { x: AxisSpec; y: AxisSpec } | undefined;
    if (method === 'custom') {
      const from = setOf(values.from, 'from');
      const to = setOf(values.to, 'to');
      if (!from || !to) throw new UsageError('--method custom needs --from SET and --to SET.');
      const yFrom = setOf(values['y-from'], 'y-from');
      const yTo = setOf(values['y-to'], 'y-to');
      if (Boolean(yFrom) !== Boolean(yTo)) throw new UsageError('--y-from and --y-to go together.');
      custom = {
        x: { kind: 'direction', from, to },
        y: yFrom && yTo ? { kind: 'direction', from: yFrom, to: yTo } : { kind: 'component', component: intOption(values['y-pc'], 'y-pc', 1) - 1 },
      };
    } else if (values.from || values.to) {
      throw new UsageError('--from and --to are for --method custom.');
    }
    const { index } = await indexFor(positionals, 0, values.runs);
    const side = values.users ? 'users' : 'items';
    const started = Date.now();
    const metadata = await projectionMetadataOf(index.run);
    const frame = runProjection(createProjection(index, {
      method, side, top: intOption(values.top, 'top', 1000), seed: intOption(values.seed, 'seed', 42, 0),
      umap: values.neighbours ? { neighbours: intOption(values.neighbours, 'neighbours', 15, 2) } : undefined,
      tsne: values.perplexity ? { perplexity: intOption(values.perplexity, 'perplexity', 30, 2) } : undefined,
      custom,
    }, metadata.resolve));
    const sideIndex = index.side(side);
    const rows = frame.rows.map((i, r) => ({ ...labelFacts(sideIndex, i), x: frame.coords[r * frame.dims], y: frame.coords[r * frame.dims + 1], extra: metadata.columns(side, i) }));
    const seconds = (Date.now() - started) / 1000;
    if (values.json) {
      printJson({ run: index.run.manifest.id, method, side, axes: frame.axes.slice(0, 2), notes: frame.notes, seconds, points: rows });
      return 0;
    }
    const csv = projectionCsv(rows);
    if (values.out) {
      writeFileSync(values.out, csv);
      console.error(`${method}: ${rows.length} ${side} of run ${index.run.manifest.id} in ${seconds.toFixed(1)} s; x = ${frame.axes[0]}, y = ${frame.axes[1]}. Wrote ${values.out}.`);
      for (const note of frame.notes) console.error(note);
    } else {
      process.stdout.write(csv);
    }
    return 0;
  }),
};

export default command;
