/** What the sniffer found, in words for the pre-training Quick Pick and the Output channel. Pure. */
import { groupDigits } from '../text/format-number';
import type { ColumnRole, SniffResult } from '../../core/csv/types';
import type { ColumnMapping } from '../../core/data/types';
import { delimiterName } from '../../core/csv/sniff';
import { encodingName } from '../../core/csv/encoding';
import { plainText } from '../text/plain-text';

/** Role of each column index, from a (partial) mapping. */
export function rolesByColumn(mapping: Partial<ColumnMapping>): Map<number, ColumnRole> {
  const roles = new Map<number, ColumnRole>();
  for (const role of ['user', 'item', 'rating', 'timestamp', 'title'] as const) {
    const col = mapping[role];
    if (col !== undefined) roles.set(col, role);
  }
  return roles;
}

/** Estimated data rows from the file size and the sample's bytes per line. */
export function estimatedRows(sniff: Pick<SniffResult, 'size' | 'bytesPerLine' | 'format'>): number {
  if (sniff.bytesPerLine <= 0) return 0;
  return Math.max(0, Math.round(sniff.size / sniff.bytesPerLine) - (sniff.format.hasHeader ? 1 : 0));
}

/** A compact number: 1,234 / 12.3k / 4.5M. */
export function compactCount(n: number): string {
  if (n < 10_000) return groupDigits(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** The one-line summary and the detailed lines (columns, roles and reasons) of a sniff. */
export function describeSniff(sniff: SniffResult, mapping: Partial<ColumnMapping> = sniff.mapping): { summary: string; roles: string; lines: string[] } {
  const f = sniff.format;
  const roles = rolesByColumn(mapping);
  const rating = mapping.rating !== undefined ? sniff.columns[mapping.rating] : undefined;
  const parts = [
    `${delimiterName(f.delimiter)}-separated`,
    f.hasHeader ? 'header' : 'no header',
    encodingName(f.encoding),
    `~${compactCount(estimatedRows(sniff))} rows`,
  ];
  // Distinct ids in the sample are a lower bound ("58+ users"); the loader counts them all.
  const distinct = (col: number | undefined): number | undefined => (col !== undefined ? sniff.columns[col]?.distinct : undefined);
  const users = distinct(mapping.user);
  const items = distinct(mapping.item);
  if (users !== undefined) parts.push(`${compactCount(users)}+ users`);
  if (items !== undefined) parts.push(`${compactCount(items)}+ items`);
  if (rating) parts.push(`ratings ${rating.min}–${rating.max}`);
  const roleText = [...roles.entries()].sort((a, b) => a[0] - b[0])
    .map(([col, role]) => `${role} = ${plainText(sniff.columns[col]?.name ?? `column ${col + 1}`, 60)}`).join(' · ');
  // Header names, values and reasons come from the file: each log entry stays one inert line.
  const lines = [`${sniff.file}: ${parts.join(', ')}`];
  for (const guess of sniff.guesses) lines.push(`  ${guess.what}: ${guess.value} (${guess.overridden ? 'set' : guess.reason})`);
  for (const c of sniff.columns) {
    const role = roles.get(c.index);
    lines.push(`  column ${c.index + 1} '${c.name}'${role ? ` -> ${role}` : ''}: ${c.distinct} distinct in the sample, `
      + `${c.numericShare === 1 ? `${c.min}–${c.max}` : 'text'}; e.g. ${c.samples.slice(0, 3).map((s) => plainText(s, 40)).join(', ')}`);
  }
  return { summary: parts.join(', '), roles: roleText, lines: lines.map((line) => plainText(line, 1000)) };
}
