/** A projection's coordinates as CSV (the panel's Export and `collab project --out`). */
import { csvField } from '../../data/synthetic';

/** One placed row with whatever the run (and its metadata) knows about it. */
export interface PlacedRow {
  index: number;
  label: string;
  x: number;
  y: number;
  bias?: number;
  count?: number;
  mean?: number;
  /** Extra columns (metadata fields), by name. */
  extra?: Record<string, string | number | undefined>;
}

/**
 * Header `index,label,x,y,bias,count,mean` then every extra column seen (in first-seen order); RFC
 * 4180 quoting; labels on one line.
 */
export function projectionCsv(rows: readonly PlacedRow[]): string {
  const extras: string[] = [];
  for (const row of rows) for (const key of Object.keys(row.extra ?? {})) if (!extras.includes(key)) extras.push(key);
  const head = ['index', 'label', 'x', 'y', 'bias', 'count', 'mean', ...extras].map(csvField).join(',');
  const cell = (v: string | number | undefined) => (v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? '' : csvField(String(v)));
  const lines = rows.map((r) => [r.index, oneLine(r.label), round(r.x), round(r.y), r.bias === undefined ? undefined : round(r.bias), r.count, r.mean === undefined ? undefined : round(r.mean),
    ...extras.map((k) => r.extra?.[k])].map(cell).join(','));
  return `${[head, ...lines].join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
