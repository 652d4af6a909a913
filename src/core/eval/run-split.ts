/**
 * A saved run's split rebuilt from its source file: the same reader settings, seed and valid_pct as
 * the trainer used (src/trainer/load-source.ts), checked against what the run recorded (its
 * vocabularies and training counts), so metrics computed on it are the run's own split.
 */
import { loadRatings } from '../csv/load';
import { buildDataset } from '../data/dataset';
import type { RatingsDataset } from '../data/types';
import type { RecordedSplit, RunManifest } from '../run/types';
import { fileStamp, sameStamp } from '../run/source';
import type { SplitSpec } from '../data/split-spec';

/**
 * The SplitSpec of a recorded split, without its record-only fields. A recorded 'file' split with no
 * validation file at hand is left to buildDataset's default (and the check below then says so).
 */
function specOf(recorded: RecordedSplit, haveValidFile: boolean): SplitSpec | undefined {
  const { file: _file, description: _description, ...spec } = recorded;
  if (spec.kind === 'file' && !haveValidFile) return undefined;
  // --valid given for a run recorded with another split: the file wins, as it did before splits were recorded.
  if (spec.kind !== 'file' && haveValidFile) return { kind: 'file', seed: spec.seed };
  return spec;
}

export interface RunSplit {
  dataset: RatingsDataset;
  /** Things to tell the user (the source file changed since training, ...). */
  warnings: string[];
}

/**
 * Reloads `manifest.source` and rebuilds the split run.json records (`manifest.split`; older runs:
 * the random split of config.validPct and config.seed). `validFile` overrides the validation file
 * run.json names (older runs do not name it). Throws an Error that says what differs when the
 * rebuilt split is not the run's.
 */
export async function rebuildRunSplit(manifest: RunManifest, options: { validFile?: string } = {}): Promise<RunSplit> {
  const { source, config } = manifest;
  if (!source || !config || manifest.origin !== 'trained') {
    throw new Error(`run ${manifest.id} was not trained by Collab from a file (origin ${manifest.origin}), so its split cannot be rebuilt`);
  }
  const warnings: string[] = [];
  let stamp;
  try {
    stamp = await fileStamp(source.path);
  } catch {
    throw new Error(`the run's source file ${source.path} is not there any more`);
  }
  if (!sameStamp(stamp, source)) warnings.push(`${source.path} changed since the run was trained (size or time differ).`);
  // Bad rows: a run trained without --skip-bad-rows had none, so skipping them changes nothing for it.
  const common = { format: source.format, mapping: source.mapping, itemsFile: source.itemsFile, skipBadRows: true };
  const main = await loadRatings(source.path, common);
  const recorded = manifest.split;
  const validFile = options.validFile ?? (recorded?.kind === 'file' ? recorded.file : undefined);
  if (validFile) {
    try {
      await fileStamp(validFile);
    } catch {
      throw new Error(`the run's validation file ${validFile} is not there any more (give another with --valid)`);
    }
  }
  const valid = validFile
    ? await loadRatings(validFile, { ...common, format: { ...main.report.sniff.format, ...source.format }, mapping: main.report.mapping })
    : undefined;
  const split = recorded && specOf(recorded, valid !== undefined);
  const dataset = buildDataset(main.table, {
    validPct: config.validPct, seed: config.seed, validTable: valid?.table, ratingRange: main.report.ratingRange, ...(split ? { split } : {}),
  });
  const hint = validFile ? '' : ' (was it trained with a separate validation file? give it with --valid)';
  const differs = (what: string): Error => new Error(`the rebuilt split differs from run ${manifest.id}'s: ${what}${hint}`);
  for (const side of ['users', 'items'] as const) {
    const mine = (side === 'users' ? dataset.userVocab : dataset.itemVocab).labels, theirs = manifest.vocab[side];
    if (mine.length !== theirs.length) throw differs(`${mine.length - 1} ${side} in training, the run has ${theirs.length - 1}`);
    const at = mine.findIndex((label, i) => label !== theirs[i]);
    if (at >= 0) throw differs(`${side} vocabulary entry ${at} is '${mine[at]}', the run has '${theirs[at]}'`);
  }
  const counts = manifest.stats?.itemCount;
  if (counts) {
    const mine = new Array<number>(counts.length).fill(0);
    for (let k = 0; k < dataset.train.length; k++) mine[dataset.items[dataset.train[k]]]++;
    const at = mine.findIndex((c, i) => c !== counts[i]);
    if (at > 0) throw differs(`item ${manifest.vocab.items[at]} has ${mine[at]} training ratings, the run recorded ${counts[at]}`);
  }
  return { dataset, warnings };
}
