/** Looking inside a trained (or imported) run: biases, neighbours, PCA, predictions, export and import. */
export { createAnalysisIndex, buildSideIndex, labelFacts, type AnalysisIndex, type SideIndex, type LabelFacts } from './analysis-index';
export { runEmbeddings, hasSide, NA_LABEL, type Embeddings, type Side } from './embeddings';
export { findLabel, suggestLabels, type LabelMatch, type MatchKind } from './lookup';
export { neighbours, neighboursOfVector, meanVector, DEFAULT_K, type Metric, type Neighbour, type NeighboursResult } from './neighbours';
export { biasTable, type BiasRow, type BiasTable } from './biases';
export { runPca, type PcaResult, type PcaPoint, type ComponentExtremes } from './pca';
export { predictRating, recommend, dotScorer, defaultScorer, sigmoidRange, type Prediction, type RecommendResult, type Recommendation, type Scorer } from './predict';
export { sourceLines, ratedItems } from './rows';
export { exportEmbeddings, EXPORT_FORMATS, type ExportFormat } from './export';
export { importEmbeddings, saveImportedRun } from './import';
export { encodeNpy, decodeNpy, type NpyArray } from './npy';
