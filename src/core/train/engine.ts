/** What the fit loop needs from a model's training engine (one per model kind, over shared kernels). */
import type { AdamStep } from './adam';

/** A model being trained inside the kernels' memory. */
export interface Engine {
  /** One optimiser step on `bs` records at byte offset `batch`; returns the batch's sum of squared errors. */
  step(batch: number, bs: number, adam: AdamStep): number;
  /**
   * Optional: `count` steps on consecutive batches of bs records from `batch` in one call (engines
   * whose whole step runs in the kernels). Step q takes its Adam coefficients from the table at byte
   * offset `coefs` (ADAM_COEF_FLOATS f32 each) and writes its batch's sum of squared errors as f64 at sse + 8q.
   */
  steps?(batch: number, bs: number, count: number, coefs: number, sse: number): void;
  /** Inference-mode predictions for n records at `records`, written as f32 at byte offset `out`. */
  predict(records: number, n: number, out: number): void;
  /** Copies the trained weights back into the model's arrays. */
  writeBack(): void;
  /** Optional: ends the engine's helper threads (called once, when the fit ends or fails). */
  stop?(): Promise<void>;
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
