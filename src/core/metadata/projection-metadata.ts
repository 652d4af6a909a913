/**
 * The run's metadata as projections use it: custom axes' "metadata value" sets and the extra columns
 * of an exported coordinates CSV. Both come from core's metadata module (one reading of the items and
 * users files, the same one the colour-by control and the Data view use).
 */
import type { Side } from '../analysis/embeddings';
import type { MetadataResolver } from '../analysis/projection/custom-axes';
import type { LoadedRun } from '../run/types';
import { indicesWithValue, loadRunMetadata, type SideMetadata } from './run-metadata';

/** What a run's metadata offers a projection. */
export interface ProjectionMetadata {
  /** Rows whose `field` has `value`: custom axes' metadata sets. */
  resolve: MetadataResolver;
  /** The metadata columns of one row, for an exported coordinates CSV. */
  columns(side: Side, index: number): Record<string, string | number | undefined>;
}

/** Reads a run's items and users metadata (each file once per call) and answers the projection's questions from it. */
export async function projectionMetadataOf(run: LoadedRun): Promise<ProjectionMetadata> {
  const [items, users] = await Promise.all([loadRunMetadata(run, 'items'), loadRunMetadata(run, 'users')]);
  const of = (side: Side): SideMetadata => (side === 'items' ? items : users);
  return {
    resolve: (side, field, value) => {
      const meta = of(side);
      return indicesWithValue(meta, field, value, meta.keys.map((_, i) => i));
    },
    columns: (side, index) => {
      const meta = of(side);
      const key = meta.keys[index];
      const out: Record<string, string | number | undefined> = {};
      for (const field of meta.fields) {
        const value = key ? field.values.get(key) : undefined;
        out[field.name] = Array.isArray(value) ? value.join('|') : value;
      }
      return out;
    },
  };
}
