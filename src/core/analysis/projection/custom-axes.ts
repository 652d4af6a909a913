/**
 * The Embedding Projector's custom projection: an axis is the direction from one set of rows to
 * another (mean of "to" minus mean of "from", unit length), or a principal component. A set is
 * given by titles, a search, or a metadata value; metadata comes through a resolver the caller
 * supplies (the run's metadata lives elsewhere), so this module stays independent of it.
 */
import type { SideIndex } from '../analysis-index';
import type { Side } from '../embeddings';
import { findLabel } from '../lookup';
import type { AxisSpec, SetSpec } from './types';
import { gatherVectors, principalCoords, type ProjectionMetric } from './rows';

export type { AxisSpec, SetSpec };

/** The rows whose `field` has `value` (the integrator wires it to the run's metadata). */
export type MetadataResolver = (side: Side, field: string, value: string) => readonly number[];

/** A set's rows, and notes about what did not resolve. */
export function resolveSet(side: SideIndex, set: SetSpec, metadata?: MetadataResolver): { rows: number[]; notes: string[] } {
  const notes: string[] = [];
  let rows: number[] = [];
  if (set.kind === 'titles') {
    for (const title of set.titles) {
      const match = findLabel(side, title);
      if (match.ok && (match.how === 'exact' || match.how === 'case' || match.how === 'id' || match.how === 'index')) rows.push(match.index);
      else notes.push(`'${title.slice(0, 80)}' is not a ${side.emb.side === 'items' ? 'title' : 'user'} of this run.`);
    }
  } else if (set.kind === 'search') {
    const needle = set.text.trim().toLowerCase();
    if (needle) side.lowerLabels.forEach((label, i) => { if (i !== side.naIndex && label.includes(needle)) rows.push(i); });
  } else if (!metadata) {
    notes.push(`This run has no metadata to find ${set.field} = ${set.value} in.`);
  } else {
    rows = metadata(side.emb.side, set.field, set.value).filter((i) => Number.isInteger(i) && i >= 0 && i < side.emb.n && i !== side.naIndex);
  }
  return { rows: [...new Set(rows)], notes };
}

/** A short name for a set (axis titles, CSV headers). */
export function setName(set: SetSpec): string {
  if (set.kind === 'titles') return set.titles.length === 1 ? set.titles[0] : `${set.titles.length} titles`;
  if (set.kind === 'search') return `"${set.text}"`;
  return `${set.field} = ${set.value}`;
}

/** mean(to) - mean(from) in the metric's space, scaled to unit length; undefined when a set is empty or they coincide. */
export function directionBetween(side: SideIndex, from: readonly number[], to: readonly number[], metric: ProjectionMetric): Float64Array | undefined {
  if (from.length === 0 || to.length === 0) return undefined;
  const dim = side.emb.dim;
  const mean = (rows: readonly number[]) => {
    const x = gatherVectors(side, rows, metric);
    const m = new Float64Array(dim);
    for (let r = 0; r < rows.length; r++) for (let a = 0; a < dim; a++) m[a] += x[r * dim + a] / rows.length;
    return m;
  };
  const a = mean(from);
  const b = mean(to);
  let norm = 0;
  for (let k = 0; k < dim; k++) { b[k] -= a[k]; norm += b[k] * b[k]; }
  if (!(norm > 1e-24)) return undefined;
  norm = Math.sqrt(norm);
  for (let k = 0; k < dim; k++) b[k] /= norm;
  return b;
}

/** The shown rows' coordinates on two custom axes, the axes' titles and notes. */
export interface CustomLayout { coords: Float64Array; axes: { x: string; y: string }; notes: string[] }

/** Places `rows` (vectors x, rows.length x dim) on the two axes. */
export function customLayout(
  side: SideIndex, x: Float64Array, n: number, axes: { x: AxisSpec; y: AxisSpec }, metric: ProjectionMetric, metadata?: MetadataResolver,
): CustomLayout {
  const dim = side.emb.dim;
  const notes: string[] = [];
  const coords = new Float64Array(n * 2);
  const titles: string[] = [];
  let pcs: { coords: Float64Array; k: number; explained: number[] } | undefined;
  (['x', 'y'] as const).forEach((name, c) => {
    const axis = axes[name];
    if (axis.kind === 'component') {
      const k = Math.max(1, Math.min(dim, Math.floor(axis.component) + 1));
      if (!pcs || pcs.k < k) pcs = { ...principalCoords(x, n, dim, k), k };
      for (let r = 0; r < n; r++) coords[r * 2 + c] = pcs.coords[r * pcs.k + k - 1];
      titles.push(`PC${k} (${Math.round((pcs.explained[k - 1] ?? 0) * 100)}% of variance)`);
      return;
    }
    const from = resolveSet(side, axis.from, metadata);
    const to = resolveSet(side, axis.to, metadata);
    notes.push(...from.notes, ...to.notes);
    const direction = directionBetween(side, from.rows, to.rows, metric);
    titles.push(`${setName(axis.from)} (${from.rows.length}) \u2192 ${setName(axis.to)} (${to.rows.length})`);
    if (!direction) {
      notes.push(`The ${name} axis has no direction: ${from.rows.length === 0 || to.rows.length === 0 ? 'one of its sets matched nothing' : 'both sets have the same mean'}; every point sits at 0.`);
      return;
    }
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let a = 0; a < dim; a++) s += x[r * dim + a] * direction[a];
      coords[r * 2 + c] = s;
    }
  });
  return { coords, axes: { x: titles[0], y: titles[1] }, notes };
}
