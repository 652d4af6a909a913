/**
 * The projection view's method controls: PCA, UMAP (neighbours), t-SNE (perplexity), custom axes
 * (each axis from one set of items to another, a set given by titles, a search or a metadata value;
 * y may instead be a principal component), and the seed. Builds the settings the host projects.
 */
import { parseSetText, type AxisSpec, type ProjectionMethod, type SetSpec } from '../../../src/protocol/projection';
import { el } from '../dom';
import { numberInput, selectInput } from './controls';

/** The method-specific part of the panel's saved PCA state. */
export interface MethodSettings {
  seed?: number;
  umap?: { neighbours?: number; minDist?: number };
  tsne?: { perplexity?: number };
  custom?: { x: AxisSpec; y: AxisSpec };
  subset?: number[];
}

export const METHODS: { value: ProjectionMethod; label: string }[] = [
  { value: 'pca', label: 'PCA' }, { value: 'umap', label: 'UMAP' }, { value: 'tsne', label: 't-SNE' }, { value: 'custom', label: 'Custom axes' },
];

type SetKind = SetSpec['kind'];
const SET_KINDS: { value: SetKind; label: string }[] = [{ value: 'search', label: 'search' }, { value: 'titles', label: 'titles (; between)' }, { value: 'metadata', label: 'metadata field=value' }];

/** A set as the text a person types for its kind. */
function setText(set: SetSpec): string {
  if (set.kind === 'titles') return set.titles.join('; ');
  if (set.kind === 'search') return set.text;
  return `${set.field}=${set.value}`;
}

/** One set's kind select and text input. */
function setField(testId: string, label: string, set: SetSpec | undefined): { root: HTMLElement; read(): SetSpec | undefined } {
  let kind: SetKind = set?.kind ?? 'search';
  const input = el('input', { type: 'text', value: set ? setText(set) : '', 'data-testid': `${testId}-text`, 'aria-label': `${label} set`, size: 18 });
  const select = selectInput<SetKind>(label, `${testId}-kind`, SET_KINDS, kind, (k) => { kind = k; });
  return { root: el('span', { class: 'set-field' }, select, input), read: () => parseSetText(kind, input.value) };
}

/** The custom-axes form; `onApply` gets both axes when each names its sets. */
export function customAxesForm(current: { x: AxisSpec; y: AxisSpec } | undefined, onApply: (axes: { x: AxisSpec; y: AxisSpec }) => void, onError: (text: string) => void): HTMLElement {
  const dirOf = (a: AxisSpec | undefined) => (a?.kind === 'direction' ? a : undefined);
  const xFrom = setField('custom-x-from', 'x from', dirOf(current?.x)?.from ?? { kind: 'search', text: '' });
  const xTo = setField('custom-x-to', 'to', dirOf(current?.x)?.to);
  const yFrom = setField('custom-y-from', 'y from', dirOf(current?.y)?.from);
  const yTo = setField('custom-y-to', 'to', dirOf(current?.y)?.to);
  let yMode = current?.y.kind === 'direction' ? 'direction' : String(current?.y.kind === 'component' ? current.y.component : 0);
  const yModeSelect = selectInput('y axis', 'custom-y-mode', [
    { value: '0', label: 'PC1' }, { value: '1', label: 'PC2' }, { value: '2', label: 'PC3' }, { value: 'direction', label: 'from a set to another' },
  ], yMode, (v) => { yMode = v; yRow.hidden = v !== 'direction'; });
  const yRow = el('div', { class: 'toolbar' }, yFrom.root, yTo.root);
  yRow.hidden = yMode !== 'direction';
  const apply = el('button', { type: 'button', 'data-testid': 'custom-apply' }, 'Apply axes');
  apply.addEventListener('click', () => {
    const from = xFrom.read();
    const to = xTo.read();
    if (!from || !to) { onError('Give the x axis a set to start from and one to go to.'); return; }
    let y: AxisSpec = { kind: 'component', component: Number(yMode) || 0 };
    if (yMode === 'direction') {
      const a = yFrom.read();
      const b = yTo.read();
      if (!a || !b) { onError('Give the y axis a set to start from and one to go to, or pick a component.'); return; }
      y = { kind: 'direction', from: a, to: b };
    }
    onApply({ x: { kind: 'direction', from, to }, y });
  });
  return el('div', { class: 'custom-axes', 'data-testid': 'custom-axes' },
    el('div', { class: 'toolbar' }, xFrom.root, xTo.root), el('div', { class: 'toolbar' }, yModeSelect, apply), yRow);
}

/** The controls of one method (UMAP's neighbours, t-SNE's perplexity, the seed); `onChange` after each edit. */
export function methodControls(method: ProjectionMethod, s: MethodSettings, onChange: () => void): HTMLElement[] {
  const seed = numberInput('seed', 'pca-seed', s.seed ?? 42, 0, 2 ** 31 - 1, (v) => { s.seed = v; onChange(); });
  if (method === 'umap') {
    return [numberInput('neighbours', 'pca-umap-neighbours', s.umap?.neighbours ?? 15, 2, 100, (v) => { s.umap = { ...s.umap, neighbours: v }; onChange(); }), seed];
  }
  if (method === 'tsne') {
    return [numberInput('perplexity', 'pca-tsne-perplexity', s.tsne?.perplexity ?? 30, 2, 100, (v) => { s.tsne = { ...s.tsne, perplexity: v }; onChange(); }), seed];
  }
  return [];
}
