/** `collab neighbours [RUN] QUERY [-k N] [--metric cosine|euclidean] [--users] [--mean Q...] [--json]` */
import type { CliCommand } from '../command';
import { findLabel } from '../../core/analysis/lookup';
import { meanVector, neighbours, neighboursOfVector, type Metric, type Neighbour } from '../../core/analysis/neighbours';
import { formatTable, indexFor, intOption, parseCommandArgs, printJson, runCommand, runDirOf, UsageError } from './analysis-common';
import { cliRunsDir, RUNS_RULE_HELP } from '../runs-folder';
import { DEFAULT_NEIGHBOUR_MIN_COUNT, isLowCount, minCountPhrase } from '../../core/analysis/min-count';
import { loadRunMetadata, metaText } from '../../core/metadata/run-metadata';

const HELP = `Usage: collab neighbours [RUN] QUERY [-k N] [--metric cosine|euclidean] [--min-count C] [--meta] [--users] [--runs DIR] [--json]
       collab neighbours [RUN] --mean QUERY QUERY... [-k N] [--runs DIR]

The k items (or users) closest to QUERY. QUERY is an exact label, a raw id, '#<index>', or part of
a label (case-insensitive; the closest match is used and near misses are suggested). With --mean,
the neighbours of the mean vector of several items. --min-count C leaves out neighbours with fewer
than C training ratings (default ${DEFAULT_NEIGHBOUR_MIN_COUNT}, as the collab.neighbours.minCount setting: below it an
item's neighbours share its genres no more often than chance on MovieLens 100K; 0 keeps all). The
query itself may have fewer (it is marked). With --meta, each neighbour's metadata (genres, year, ...)
from the items (or users) file the run recorded.

${RUNS_RULE_HELP}`;

const print = (list: Neighbour[], metric: Metric, meta?: string[]): string =>
  formatTable(['#', 'label', metric === 'cosine' ? 'cosine' : 'distance', ...(meta ? ['metadata'] : [])],
    list.map((n, i) => [i + 1, n.label, n.score, ...(meta ? [meta[i]] : [])]), [undefined, undefined, 4]);

const command: CliCommand = {
  summary: 'nearest items (or users) to a title, id or several titles, by cosine or Euclidean distance',
  run: (args) => runCommand(HELP, async () => {
    const { values, positionals } = parseCommandArgs(args, {
      k: { type: 'string', short: 'k' }, metric: { type: 'string' }, users: { type: 'boolean' }, mean: { type: 'boolean' },
      'min-count': { type: 'string' }, meta: { type: 'boolean' },
    });
    if (values.help) { console.log(HELP); return 0; }
    const metric = (values.metric ?? 'cosine') as Metric;
    if (metric !== 'cosine' && metric !== 'euclidean') throw new UsageError(`--metric must be cosine or euclidean, not '${metric}'.`);
    const k = intOption(values.k, 'k', 10);
    const minCount = intOption(values['min-count'], 'min-count', DEFAULT_NEIGHBOUR_MIN_COUNT, 0);
    const side = values.users ? 'users' : 'items';
    if (values.mean) {
      const hasRun = positionals.length > 1 && runDirOf(positionals[0], cliRunsDir(values.runs)) !== undefined;
      const { index, rest } = await indexFor(positionals, hasRun ? positionals.length - 1 : positionals.length, values.runs);
      if (rest.length === 0) throw new UsageError('--mean needs at least one query.');
      const sideIndex = index.side(side);
      const matches = rest.map((q) => findLabel(sideIndex, q));
      const missing = matches.find((m) => !m.ok);
      if (missing && !missing.ok) {
        console.error(`No ${side === 'users' ? 'user' : 'item'} matches '${missing.query}'. Did you mean: ${missing.suggestions.join(' | ')}`);
        return 1;
      }
      const rows = matches.flatMap((m) => (m.ok ? [m.index] : []));
      const list = neighboursOfVector(sideIndex, meanVector(sideIndex, rows), { k, metric, exclude: rows, minCount });
      if (values.json) { printJson({ run: index.run.manifest.id, side, metric, queries: matches, neighbours: list }); return 0; }
      console.log(`Neighbours of the mean of: ${matches.map((m) => (m.ok ? m.label : '')).join(' | ')}, among ${minCountPhrase(minCount, side)}:\n${print(list, metric)}`);
      return 0;
    }
    const { index, rest } = await indexFor(positionals, 1, values.runs);
    const result = neighbours(index, rest[0], { k, metric, side, minCount });
    const meta = values.meta && result.ok ? await loadRunMetadata(index.run, side) : undefined;
    const metaOf = (i: number) => (meta ? metaText(meta, i) : undefined);
    if (values.json) {
      const withMeta = result.ok && meta
        ? { ...result, neighbours: result.neighbours.map((n) => ({ ...n, metadata: metaOf(n.index) })), metadataProblems: meta.problems } : result;
      printJson({ run: index.run.manifest.id, minCount, ...withMeta });
      return result.ok ? 0 : 1;
    }
    if (!result.ok) {
      const hint = result.match.suggestions.length ? ` Did you mean: ${result.match.suggestions.join(' | ')}` : '';
      console.error(`No ${side === 'users' ? 'user' : 'item'} matches '${rest[0]}'.${hint}`);
      return 1;
    }
    const { match } = result;
    const how = match.how === 'exact' ? '' : ` (matched '${rest[0]}' by ${match.how})`;
    const count = index.side(side).emb.count?.[match.index];
    const few = isLowCount(count, minCount) ? ` [${count} rating${count === 1 ? '' : 's'}: fewer than ${minCount}, its vector is noisy]` : '';
    console.log(`Neighbours of ${match.label}${how}${few}, by ${metric}, among ${minCountPhrase(minCount, side)}:\n`
      + print(result.neighbours, metric, meta ? result.neighbours.map((n) => metaOf(n.index) ?? '') : undefined));
    if (match.alternatives.length) console.log(`\nOther matches: ${match.alternatives.join(' | ')}`);
    return 0;
  }),
};

export default command;
