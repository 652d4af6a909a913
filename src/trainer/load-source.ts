/** The data side of a job: read the ratings (and validation) file into the dataset to train on. */
import type { TrainRequest } from '../protocol/trainer';
import type { RatingsDataset, RatingsTable } from '../core/data/types';
import type { LoadReport } from '../core/csv/types';
import type { LineCheckpoints } from '../core/csv/line-offsets';
import type { RecordedSplit, RunManifest } from '../core/run/types';
import { LOAD_STAGES, loadRatings } from '../core/csv/load';
import { DataError } from '../core/csv/errors';
import { describeSplit, splitProblem, type SplitSpec } from '../core/data/splits';
import { buildDatasetPaced, DATASET_PLAN } from '../core/data/dataset';
import { Pacer, type PlannedStage } from '../core/data/paced';

/** A loaded source: the dataset plus what the run records about how it was read. */
export interface LoadedSource {
  dataset: RatingsDataset;
  report: LoadReport;
  /** Things the user should know (skipped rows, duplicates, unknown ids in validation). */
  warnings: string[];
  vocab: RunManifest['vocab'];
  /** Byte offsets of the training file's lines (the run saves them as lines.bin). */
  lineOffsets: LineCheckpoints;
  /** The preparation's pacer, to run the `laterStages` of its plan (fit's setup): `prepared` then keeps rising to 1. */
  pacer: Pacer;
}

/** Load progress as the protocol reports it (`stage` and `prepared` once the file is read: see LoadProgressEvent). */
export interface SourceProgress { bytesRead: number; bytesTotal: number; rows: number; stage?: string; prepared?: number }

const lines = (xs: { line: number }[]): string => xs.map((x) => x.line).join(', ');

function warningsOf(report: LoadReport, dataset: RatingsDataset, validReport?: LoadReport): string[] {
  const out: string[] = [];
  for (const [r, which] of [[report, ''], [validReport, ' of the validation file']] as const) {
    if (r && r.badRows.count) out.push(`Skipped ${r.badRows.count} bad rows${which} (first on lines ${lines(r.badRows.first)}).`);
    if (r && r.duplicates.count) out.push(`${r.duplicates.count} repeated (user, item) pairs${which} are all kept, as fastai does (first on line ${r.duplicates.first[0]?.line}).`);
  }
  const { users, items } = dataset.unknownInValid;
  if (users || items) {
    out.push(`Validation rows with ids never seen in training map to #na#: ${users} rows with an unknown user, ${items} with an unknown item.`);
  }
  if (report.titles?.untitled) out.push(`${report.titles.untitled} items have no title in ${report.titles.itemsFile ?? 'the items file'}; they keep their id.`);
  return out;
}

/**
 * When items are keyed by title, the source id behind each item vocabulary entry (so `neighbours 50`
 * and hover on an id cell find the item). Needs the loader's `itemIds` (source id per item label).
 */
function itemIdsOf(table: RatingsTable & { itemIds?: string[] }, dataset: RatingsDataset): { itemIds?: string[] } {
  const ids = table.itemIds;
  if (!ids || ids.length !== table.itemLabels.length) return {};
  const idOfLabel = new Map<string, string>();
  table.itemLabels.forEach((label, i) => { if (!idOfLabel.has(label)) idOfLabel.set(label, ids[i]); });
  return { itemIds: dataset.itemVocab.labels.map((label, i) => (i === 0 ? '#na#' : idOfLabel.get(label) ?? '')) };
}

/** The plan of a source's preparation after the read, followed by `laterStages`. */
export function preparationPlan(laterStages: readonly PlannedStage[] = []): PlannedStage[] {
  return [...LOAD_STAGES, ...DATASET_PLAN, ...laterStages];
}

/**
 * Reads the request's file(s) and builds the seeded split. The work after the last byte is read
 * (summaries, split, vocabularies: seconds on tens of millions of rows) reports its stage and
 * gives the event loop a turn every few tens of milliseconds, so a cancel is seen at once.
 * `laterStages` end the plan: work the caller runs afterwards on the returned pacer, reported the same way.
 */
export async function loadSource(request: Omit<TrainRequest, 'runsDir'>, signal: AbortSignal,
  onProgress: (p: SourceProgress) => void, laterStages: readonly PlannedStage[] = []): Promise<LoadedSource> {
  let read: SourceProgress = { bytesRead: 0, bytesTotal: 0, rows: 0 };
  let preparing = false;
  const pacer = new Pacer({
    signal, plan: preparationPlan(laterStages),
    onProgress: ({ stage, fraction }) => {
      preparing = true;
      onProgress({ ...read, bytesRead: read.bytesTotal, stage, prepared: fraction });
    },
  });
  const common = { format: request.format, mapping: request.mapping, itemsFile: request.itemsFile, skipBadRows: request.skipBadRows, signal };
  const main = await loadRatings(request.file, {
    ...common, pacer,
    onProgress: (p) => {
      read = { bytesRead: p.bytesRead, bytesTotal: p.totalBytes, rows: p.rows };
      // The loader's last word comes after its summary stages: a plain load event would hide the stage.
      if (!preparing) onProgress(read);
    },
  });
  signal.throwIfAborted();
  // The validation file is read exactly as the training file (same layout and column roles).
  const valid = request.validFile
    ? await loadRatings(request.validFile, { ...common, format: { ...main.report.sniff.format, ...request.format }, mapping: main.report.mapping })
    : undefined;
  signal.throwIfAborted();
  const problem = request.split && splitProblem(request.split, main.table, valid !== undefined);
  if (problem) throw new DataError('bad-split', problem);
  // In place: only the table's labels are read afterwards, and a copy of its id columns costs 8 bytes a row.
  const dataset = await buildDatasetPaced(main.table, {
    validPct: request.config.validPct, seed: request.config.seed, validTable: valid?.table,
    ratingRange: main.report.ratingRange, inPlace: true, ...(request.split ? { split: request.split } : {}),
  }, pacer);
  return {
    dataset, pacer, report: main.report, lineOffsets: main.lineOffsets, warnings: warningsOf(main.report, dataset, valid?.report),
    vocab: { users: dataset.userVocab.labels, items: dataset.itemVocab.labels, ...itemIdsOf(main.table, dataset) },
  };
}

/** The run manifest's description of how the source was read. */
export function describeSource(source: LoadedSource): Pick<NonNullable<RunManifest['source']>, 'format' | 'mapping' | 'itemsFile' | 'items'> {
  const { report } = source;
  const titles = report.titles;
  return {
    format: report.sniff.format, mapping: report.mapping,
    ...(titles?.itemsFile ? { itemsFile: titles.itemsFile } : {}),
    ...(titles?.layout ? { items: titles.layout } : {}),
  };
}

/** The split run.json records for `request`: the one asked for, else today's default (the validation file, or the seeded random split). */
export function recordedSplit(request: Omit<TrainRequest, 'runsDir'>): RecordedSplit {
  const { config, validFile } = request;
  const spec: SplitSpec = request.split ?? (validFile ? { kind: 'file', seed: config.seed } : { kind: 'random', validPct: config.validPct, seed: config.seed });
  return { ...spec, ...(validFile ? { file: validFile } : {}), description: describeSplit(spec) };
}
