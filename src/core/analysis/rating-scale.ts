/** The rating scale a run was trained on, read back from its sigmoid_range bounds. */
import type { RunManifest } from '../run/types';

/** Lowest and highest rating and the input step (0.5 for half stars, 1 for whole). */
export interface RatingScale {
  min: number;
  max: number;
  step: number;
}

/**
 * Inverts defaultYRange ([min - span/4, max + span/8]); a run without a yRange (imported) has no
 * scale. Halves when either end is not a whole number (MovieLens' 0.5-5), else whole ratings.
 */
export function ratingScale(manifest: Pick<RunManifest, 'config'>): RatingScale | undefined {
  const range = manifest.config?.yRange;
  if (!range) return undefined;
  const span = ((range[1] - range[0]) * 8) / 11;
  const round = (v: number): number => Math.round(v * 2) / 2;
  const min = round(range[0] + span / 4);
  const max = round(range[1] - span / 8);
  if (!(max > min)) return { min: range[0], max: range[1], step: 0.5 };
  return { min, max, step: Number.isInteger(min) && Number.isInteger(max) ? 1 : 0.5 };
}

/** Null when `rating` is on the scale, else the reason it is not. */
export function checkRating(scale: RatingScale | undefined, rating: number): string | null {
  if (!Number.isFinite(rating)) return 'is not a number';
  if (!scale) return null;
  if (rating < scale.min || rating > scale.max) return `is outside this run's rating scale ${scale.min}-${scale.max}`;
  return null;
}
