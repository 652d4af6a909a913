/** What every collaborative-filtering model offers the rest of the product. */
import type { ModelKind } from '../run/types';

/** One named weight tensor (row-major float32), as stored in weights.bin. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A trained (or freshly initialised) model: predictions and its weights by name. */
export interface CollabModel {
  readonly kind: ModelKind;
  /** Vocabulary sizes, '#na#' included. */
  readonly nUsers: number;
  readonly nItems: number;
  /** sigmoid_range bounds of the output. */
  readonly yRange: [number, number];
  /** Predicted ratings for pairs of user and item vocabulary indices (inference mode). */
  predict(users: Int32Array, items: Int32Array): Float32Array;
  /** The weights by name; live views of the model's arrays, not copies. */
  tensors(): NamedTensor[];
}
