/** Plain-text and JSON views of a load report (for `collab inspect`, logs and the Output channel). */
import { delimiterName } from './sniff';
import type { LoadReport } from './types';

const ROLE_ORDER = ['user', 'item', 'rating', 'timestamp', 'title'];
const BAR_WIDTH = 40;

/** A readable multi-line description of what was detected and loaded. */
export function describeReport(report: LoadReport): string {
  const { sniff } = report;
  const f = sniff.format;
  const out: string[] = [`File: ${sniff.file} (${formatBytes(sniff.size)})`, '', 'Format:'];
  const layout = sniff.guesses.filter((g) => !ROLE_ORDER.includes(g.what));
  for (const g of layout) out.push(`  ${g.what.padEnd(11)} ${g.value.padEnd(14)} ${g.overridden ? '(given)' : `(${g.reason})`}`);
  out.push('', 'Columns:');
  const roleOf = new Map<number, string[]>();
  for (const [role, index] of Object.entries(report.mapping)) {
    if (index !== undefined) roleOf.set(index, [...(roleOf.get(index) ?? []), role]);
  }
  for (const c of sniff.columns) {
    const roles = roleOf.get(c.index) ?? [];
    const why = roles.map((role) => sniff.guesses.find((g) => g.what === role)?.reason).filter(Boolean).join('; ');
    out.push(`  ${String(c.index + 1).padStart(2)} ${c.name.padEnd(16)} ${(roles.join(', ') || '-').padEnd(14)} ${why ? `(${why})` : ''}`.trimEnd());
  }
  out.push('', `Parser: ${report.parser === 'fast' ? 'fast byte splitter' : 'csv-parse (quoted fields)'}, `
    + `${delimiterName(f.delimiter)}-separated, ${f.hasHeader ? 'header' : 'no header'}, ${f.encoding}${f.bom ? ' with BOM' : ''}, `
    + `${f.lineEnding.toUpperCase()}, read in ${report.seconds.toFixed(2)} s`);
  out.push(`Rows: ${report.rows.toLocaleString('en-US')}   users: ${report.users.toLocaleString('en-US')}   `
    + `items: ${report.items.toLocaleString('en-US')}   ratings from ${report.ratingRange[0]} to ${report.ratingRange[1]}`);
  if (report.titles) {
    const t = report.titles;
    out.push(`Titles: ${t.titled.toLocaleString('en-US')} items titled${t.itemsFile ? ` from ${t.itemsFile}` : ''}, `
      + `${t.distinctTitles.toLocaleString('en-US')} distinct titles, ${t.untitled} without a title; items keyed by ${t.itemKey}`);
  }
  out.push('', 'Ratings:');
  const most = Math.max(1, ...report.histogram.map((h) => h.count));
  const labelWidth = Math.max(...report.histogram.map((h) => h.label.length));
  for (const h of report.histogram) {
    const share = report.rows ? ((100 * h.count) / report.rows).toFixed(1) : '0.0';
    out.push(`  ${h.label.padStart(labelWidth)} ${'#'.repeat(Math.round((BAR_WIDTH * h.count) / most)).padEnd(BAR_WIDTH)} `
      + `${h.count.toLocaleString('en-US')} (${share}%)`);
  }
  out.push('', `Duplicate (user, item) pairs: ${report.duplicates.count}${report.duplicates.count ? ' (all kept, as fastai does)' : ''}`);
  for (const d of report.duplicates.first) out.push(`  line ${d.line} repeats line ${d.firstLine}: user ${d.user}, item ${d.item}`);
  out.push(`Bad rows skipped: ${report.badRows.count}`);
  for (const b of report.badRows.first) out.push(`  ${b.message}`);
  return out.join('\n');
}

/** The report as plain JSON (roles by name as well as index). */
export function reportJson(report: LoadReport): object {
  const { sniff, ...rest } = report;
  const names = Object.fromEntries(Object.entries(report.mapping).map(([role, i]) => [role, sniff.columns[i as number]?.name]));
  return {
    file: sniff.file, size: sniff.size, format: sniff.format, guesses: sniff.guesses, columns: sniff.columns,
    roles: names, ...rest,
  };
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
