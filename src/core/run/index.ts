/** Saved runs: ids, atomic save, validated load, listing. */
export * from './types';
export { makeRunId, sourceSlug, isRunId } from './id';
export { saveRun, type SaveRunInput, type SaveRunOptions, type SavedRun } from './save';
export { loadRun, listRuns, newestRun, readRunManifest, type RunListing } from './load';
export { RunLoadError, type RunProblem } from './validate';
export { cleanStaleTemps } from './temp';
export { trainingStats, sourceLineIndexes } from './stats';
export type { NamedTensor, LineIndex } from './binary';
export { fileStamp, sameStamp, sha256File, type FileStamp } from './source';
