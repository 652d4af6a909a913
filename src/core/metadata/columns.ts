/**
 * Turns one column's raw values into a metadata field, or says why it is left out: numbers, dates
 * (kept as their year), '|'-separated lists, categories with few enough distinct values.
 */
import type { MetaField, MetaProblem } from './types';

/** More distinct values than this is an identifier or free text, not something to colour or filter by. */
export const MAX_CATEGORIES = 100;
/** A column is numeric when at least this share of its non-empty values are numbers. */
const NUMERIC_SHARE = 0.9;
/** A column is a list when at least this share of its non-empty values hold a '|'. */
const LIST_SHARE = 0.05;
/** Header names that promise numbers: when the values are not, the column is reported rather than made categories. */
const NUMERIC_NAME = /(^|[^a-z])(year|age|count|score|price|rating|runtime|budget|revenue)([^a-z]|$)/i;
/** Header names of identifiers and links: many distinct values by nature, never fields. */
const IDENTIFIER_NAME = /(^|[^a-z])(zip|postal|post ?code|url|link|href|imdb ?id|tmdb ?id|uuid)([^a-z]|$)/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as a finite number, or undefined. */
export function numberCell(text: string): number | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The year of a date cell (01-Jan-1995, 1995-01-01, 1995/01/01, 01/01/1995), or undefined. */
export function dateYear(text: string): number | undefined {
  const t = text.trim();
  let m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(t);
  if (m && MONTHS.includes(m[2].toLowerCase())) return Number(m[3]);
  m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})([T ].*)?$/.exec(t);
  if (m) return Number(m[1]);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  return m ? Number(m[3]) : undefined;
}

/** The year in a title's trailing "(1995)" (MovieLens titles), or undefined. */
export function titleYear(title: string): number | undefined {
  const m = /\((\d{4})(?:[-\u2013]\d{0,4})?\)\s*$/.exec(title.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  return year >= 1800 && year <= 2200 ? year : undefined;
}

/** The field a column makes (values keyed by `ids[i]`), or the problem that leaves it out. */
export function classifyColumn(name: string, ids: readonly string[], cells: readonly string[], listSeparator = '|'): MetaField | MetaProblem {
  const present: number[] = [];
  for (let i = 0; i < cells.length; i++) if (ids[i] && cells[i] !== undefined && cells[i].trim() !== '') present.push(i);
  if (present.length === 0) return { column: name, reason: 'empty' };
  if (IDENTIFIER_NAME.test(name)) return { column: name, reason: 'an identifier or link, not a property to colour by' };

  const numbers = present.map((i) => numberCell(cells[i]));
  const numeric = numbers.filter((n) => n !== undefined).length;
  if (numeric >= NUMERIC_SHARE * present.length) return numericField(name, present.map((i, k) => [ids[i], numbers[k]]));
  const years = present.map((i) => dateYear(cells[i]));
  if (years.filter((y) => y !== undefined).length >= NUMERIC_SHARE * present.length) {
    return numericField(`${name} (year)`, present.map((i, k) => [ids[i], years[k]]));
  }
  if (NUMERIC_NAME.test(name)) {
    return { column: name, reason: `not numbers (${present.length - numeric} of ${present.length} values are not, e.g. \u201c${sample(cells[present.find((_, k) => numbers[k] === undefined)!])}\u201d)` };
  }

  const lists = present.filter((i) => cells[i].includes(listSeparator)).length;
  if (listSeparator && lists >= LIST_SHARE * present.length) {
    const values = new Map<string, string[]>();
    const counts = new Map<string, number>();
    for (const i of present) {
      if (values.has(ids[i])) continue;
      const parts = [...new Set(cells[i].split(listSeparator).map((p) => p.trim()).filter((p) => p !== ''))];
      values.set(ids[i], parts);
      for (const p of parts) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    if (counts.size > MAX_CATEGORIES) return tooMany(name, counts.size);
    return { name, kind: 'multi', categories: byFrequency(counts), values };
  }

  const values = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const i of present) {
    if (values.has(ids[i])) continue;
    const v = cells[i].trim();
    values.set(ids[i], v);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (counts.size > MAX_CATEGORIES) return tooMany(name, counts.size);
  if (counts.size < 2) return { column: name, reason: `one value only (\u201c${sample(values.values().next().value ?? '')}\u201d)` };
  return { name, kind: 'categorical', categories: byFrequency(counts), values };
}

/** Consecutive 0/1 columns (u.item's 19 genre flags) as one multi-valued field named `name`. */
export function flagsField(name: string, flagNames: readonly string[], ids: readonly string[], columns: readonly (readonly string[])[]): MetaField {
  const values = new Map<string, string[]>();
  const counts = new Map<string, number>();
  for (let r = 0; r < ids.length; r++) {
    if (!ids[r] || values.has(ids[r])) continue;
    const on = flagNames.filter((_, c) => columns[c][r]?.trim() === '1');
    values.set(ids[r], on);
    for (const f of on) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  const categories = [...byFrequency(counts), ...flagNames.filter((f) => !counts.has(f))];
  return { name, kind: 'multi', categories, values };
}

/** True when every non-empty cell is 0 or 1 and some are (a flag column). */
export function isFlagColumn(cells: readonly string[]): boolean {
  let seen = 0;
  for (const c of cells) {
    const t = c?.trim() ?? '';
    if (t === '') continue;
    if (t !== '0' && t !== '1') return false;
    seen++;
  }
  return seen > 0;
}

/** Whether a classifyColumn answer is a field. */
export const isField = (x: MetaField | MetaProblem): x is MetaField => 'kind' in x;

function numericField(name: string, pairs: [string, number | undefined][]): MetaField {
  const values = new Map<string, number>();
  let lo = Infinity, hi = -Infinity;
  for (const [id, n] of pairs) {
    if (n === undefined || values.has(id)) continue;
    values.set(id, n);
    lo = Math.min(lo, n);
    hi = Math.max(hi, n);
  }
  return { name, kind: 'numeric', range: [lo, hi], values };
}

function tooMany(column: string, distinct: number): MetaProblem {
  return { column, reason: `${distinct.toLocaleString('en-US')} distinct values (more than ${MAX_CATEGORIES} to colour or filter by)` };
}

function byFrequency(counts: Map<string, number>): string[] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v]) => v);
}

/** A value quoted in a problem: short, on one line. */
function sample(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 39)}\u2026` : t;
}
