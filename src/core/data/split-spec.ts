/** The shape of a split as chosen and recorded (a leaf: the dataset's types and the webview's protocol use it). */

/** The ways of choosing validation rows. */
export type SplitKind = 'random' | 'temporal' | 'user-last' | 'user-random' | 'file';
export const SPLIT_KINDS: readonly SplitKind[] = ['random', 'temporal', 'user-last', 'user-random', 'file'];

/** A split, as chosen by the user and recorded in run.json so the run can be reproduced. */
export interface SplitSpec {
  kind: SplitKind;
  /** Share of rows held out (random, temporal, user-random); default DEFAULT_VALID_PCT. */
  validPct?: number;
  /** Ratings held out per user (user-last); default DEFAULT_HOLDOUT. */
  holdout?: number;
  /** K of K-fold cross-validation (random rows only). */
  folds?: number;
  /** Which fold (0-based) validates, when `folds` is set; default 0. */
  fold?: number;
  seed: number;
}
