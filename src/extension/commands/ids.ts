/** Every command id, view id and context key the extension contributes, in one place. */

/** Command ids (package.json `contributes.commands` lists the same set; a unit test checks it). */
export const CommandId = {
  train: 'collab.train',
  trainFile: 'collab.trainFile',
  trainWithOptions: 'collab.trainWithOptions',
  openModel: 'collab.openModel',
  compareRuns: 'collab.compareRuns',
  exportEmbeddings: 'collab.exportEmbeddings',
  importEmbeddings: 'collab.importEmbeddings',
  findSimilar: 'collab.findSimilar',
  recommend: 'collab.recommend',
  recommendForMe: 'collab.recommendForMe',
  predict: 'collab.predict',
  downloadMovieLens: 'collab.downloadMovieLens',
  deleteRun: 'collab.deleteRun',
  showLog: 'collab.showLog',
  cancelTraining: 'collab.cancelTraining',
  refreshRuns: 'collab.refreshRuns',
  revealRun: 'collab.revealRun',
  openRunSource: 'collab.openRunSource',
  openRowInFile: 'collab.openRowInFile',
  sortRows: 'collab.sortRows',
  showNeighbours: 'collab.showNeighbours',
  goToLine: 'collab.goToLine',
  findLearningRate: 'collab.findLearningRate',
  tune: 'collab.tune',
  openTune: 'collab.openTune',
  resumeTune: 'collab.resumeTune',
  openAsFastaiNotebook: 'collab.openAsFastaiNotebook',
  showTraining: 'collab.showTraining',
} as const;

export type CommandIdValue = (typeof CommandId)[keyof typeof CommandId];

/**
 * Commands that write into the workspace (or download): package.json disables them in Restricted
 * Mode with `"enablement": "!isWorkspaceTrustEnabled || isWorkspaceTrusted"` (a unit test checks it;
 * `isWorkspaceTrusted` alone stays false where trust is turned off, e.g. VS Code for the Web); each still calls
 * ensureTrusted, for callers that bypass enablement (executeCommand from another extension).
 */
export const TRUSTED_ONLY_COMMANDS: readonly CommandIdValue[] = [
  CommandId.train, CommandId.trainFile, CommandId.trainWithOptions, CommandId.exportEmbeddings, CommandId.importEmbeddings,
  CommandId.downloadMovieLens, CommandId.deleteRun, CommandId.tune, CommandId.resumeTune, CommandId.openAsFastaiNotebook,
];

/** Commands that hover Markdown may link to (MarkdownString.isTrusted.enabledCommands). */
export const HOVER_COMMANDS: readonly CommandIdValue[] = [CommandId.showNeighbours, CommandId.recommend, CommandId.goToLine];

/** The runs tree view and its activity-bar container. */
export const VIEW_CONTAINER_ID = 'collab';
export const RUNS_VIEW_ID = 'collab.runs';

/** TreeItem.contextValue of each node kind (package.json `view/item/context` menus match on these). */
export const NodeContext = {
  run: 'collab.run',
  importedRun: 'collab.run.imported',
  liveRun: 'collab.liveRun',
  source: 'collab.source',
  tunes: 'collab.tunes',
  tune: 'collab.tune',
  resumableTune: 'collab.tune.resumable',
} as const;

/** Context keys the extension sets (package.json `when` clauses and walkthrough completion events read them). */
export const ContextKey = {
  /** True while a run trains. */
  training: 'collab.training',
  /** Paths of files known to hold ratings (saved runs' sources, files being trained on): the train menus show on them. */
  ratingsFiles: 'collab.ratingsFiles',
  /** True once a ratings-like file was the active editor (the walkthrough's first step). */
  ratingsFileOpened: 'collab.ratingsFileOpened',
  /** True once a hover has been shown (the walkthrough's "hover a title" step). */
  hoverShown: 'collab.hoverShown',
} as const;
