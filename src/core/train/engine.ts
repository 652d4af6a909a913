/** What the fit loop needs from a model's training engine (one per model kind, over shared kernels). */
import type { AdamStep } from './adam';

/** A model being trained inside the kernels' memory. */
export interface Engine {
  /** One optimiser step on `bs` records at byte offset `batch`; returns the batch's sum of squared errors. */
  step(batch: number, bs: number, adam: AdamStep): number;
  /** Inference-mode predictions for n records at `records`, written as f32 at byte offset `out`. */
  predict(records: number, n: number, out: number): void;
  /** Copies the trained weights back into the model's arrays. */
  writeBack(): void;
}

/**
 * Byte offsets of the scratch a sparse embedding update needs: per-row gradient slots for one batch,
 * the row -> slot marks of touched rows, and the lists of touched rows (users and items).
 */
export interface SparseRowScratch {
  userGrads: number;
  itemGrads: number;
  userSlots: number;
  itemSlots: number;
  userList: number;
  itemList: number;
}
