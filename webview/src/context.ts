/** What every view gets from the panel: the host, the run, the saved state, and the rows link. */
import type { LabelRow, PanelSide, PanelState, RunSummary } from '../../src/protocol/webview';
import type { Host } from './host';

export interface ViewContext {
  host: Host;
  /** The run on show (undefined until the host's `panel/init`). */
  run(): RunSummary | undefined;
  /** The panel's persisted state; mutate, then call saveState(). */
  state: PanelState;
  saveState(): void;
  /** Ask the host to open the source rows of a label. */
  openRows(side: PanelSide, row: LabelRow): void;
}

/** A tab's content. */
export interface PanelView {
  readonly root: HTMLElement;
  /** The tab became visible (load data on first show). */
  shown(): void;
  /** A new run (or the live run finished): reset and reload when visible. */
  runChanged(): void;
  /** The theme changed: redraw charts with the new colours. */
  retheme(): void;
}

/** The short "cannot show this yet" text for views that need a saved run. */
export function unavailableReason(run: RunSummary | undefined, need: 'biases' | 'items'): string | undefined {
  if (!run) return 'Loading the run\u2026';
  if (run.status === 'training') return 'Available when training ends.';
  if (run.status === 'failed' || run.status === 'cancelled') return `The run ${run.status === 'failed' ? 'failed' : 'was cancelled'}; nothing was saved.`;
  if (need === 'biases' && !run.has.biases) return 'This model has no bias terms (NN models and some imports); see Neighbours and PCA.';
  if (need === 'items' && !run.has.items) return 'This run has no item factors.';
  return undefined;
}
