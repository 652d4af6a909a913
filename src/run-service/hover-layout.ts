/**
 * How the hover reads each file of a run: the ratings source with the format run.json recorded, the
 * items file with its recorded layout or, for runs saved before that was recorded, the core sniffer's
 * reading of the file (the caller sniffs once per run and keeps the answer; never per line).
 */
import { sniffItemsLayout } from '../core/csv/items';
import type { ItemsFileLayout } from '../core/data/types';
import type { RunManifest } from '../core/run/types';
import type { HoverFile } from '../protocol/run-service';
import type { HoverLayout } from './hover-target';

/** The layout of the run's ratings source, or undefined for runs without one (imported runs). */
export function sourceLayout(manifest: RunManifest): HoverLayout | undefined {
  const source = manifest.source;
  return source && { format: source.format, columns: { kind: 'source', mapping: source.mapping } };
}

/** The items file's layout: the recorded one, else the sniffer's (undefined when there is no items file or it cannot be read). */
export async function itemsLayout(manifest: RunManifest): Promise<HoverLayout | undefined> {
  const source = manifest.source;
  let layout: ItemsFileLayout | undefined = source?.items;
  if (!layout && source?.itemsFile) {
    layout = await sniffItemsLayout(source.itemsFile).then((s) => s.layout, () => undefined);
  }
  return layout && { format: layout.format, columns: { kind: 'items', mapping: layout.mapping } };
}

/** Per-run cache of the layouts (the items one is a promise: sniffed at most once per loaded run). */
export class HoverLayouts {
  private items?: Promise<HoverLayout | undefined>;

  constructor(private readonly manifest: RunManifest) {}

  /** The layout of `file` of this run. */
  of(file: HoverFile): Promise<HoverLayout | undefined> {
    if (file === 'source') return Promise.resolve(sourceLayout(this.manifest));
    this.items ??= itemsLayout(this.manifest);
    return this.items;
  }
}
