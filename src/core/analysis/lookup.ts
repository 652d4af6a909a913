/** Finding a row from what a person types: exact label, raw id, '#index', substring, or a near miss. */
import type { SideIndex } from './analysis-index';

/** How a query was matched. */
export type MatchKind = 'exact' | 'id' | 'index' | 'case' | 'substring' | 'fuzzy';

/** The result of a lookup: a row, or suggestions when nothing is close enough. */
export type LabelMatch =
  | { ok: true; index: number; label: string; how: MatchKind; /** Other plausible rows, best first. */ alternatives: string[] }
  | { ok: false; query: string; suggestions: string[] };

const MAX_ALTERNATIVES = 5;
/** Labels scored by edit distance after the bigram filter. */
const MAX_FUZZY_CANDIDATES = 400;

/**
 * The vocabulary index a '#<index>' reference names ('#123' is row 123), or undefined when `text`
 * (trimmed) is not one or is out of range. The one parser of the notation: lookups, user lookups
 * and the panel's type-ahead all use it.
 */
export function indexRef(side: Pick<SideIndex, 'emb'>, text: string): number | undefined {
  const m = /^#(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  return index < side.emb.n ? index : undefined;
}

/**
 * Resolves a query to one row: exact label, then raw id (runs that store ids beside titles), then
 * '#<vocab index>', then case-insensitive equality, then case-insensitive substring (the shortest,
 * i.e. closest, containing label wins), then the smallest edit distance to any part of a label when
 * it is small enough; otherwise `ok: false` with the nearest labels as suggestions.
 */
export function findLabel(side: SideIndex, query: string): LabelMatch {
  const labels = side.emb.labels;
  const hit = (index: number, how: MatchKind, alternatives: string[] = []): LabelMatch =>
    ({ ok: true, index, label: labels[index], how, alternatives });
  const exact = side.byLabel.get(query);
  if (exact !== undefined) return hit(exact, 'exact');
  const trimmed = query.trim();
  const byId = side.byId?.get(trimmed);
  if (byId !== undefined) return hit(byId, 'id');
  const byIndex = indexRef(side, trimmed);
  if (byIndex !== undefined) return hit(byIndex, 'index');
  const needle = trimmed.toLowerCase();
  if (!needle) return { ok: false, query, suggestions: [] };
  const sameCase = side.lowerLabels.indexOf(needle);
  if (sameCase >= 0) return hit(sameCase, 'case');

  const containing: number[] = [];
  side.lowerLabels.forEach((label, i) => { if (i !== side.naIndex && label.includes(needle)) containing.push(i); });
  if (containing.length > 0) {
    // Closest containing label: least extra text, then most ratings, then vocab order.
    const count = side.emb.count;
    containing.sort((a, b) => labels[a].length - labels[b].length || (count ? count[b] - count[a] : 0) || a - b);
    return hit(containing[0], 'substring', containing.slice(1, 1 + MAX_ALTERNATIVES).map((i) => labels[i]));
  }

  // Edit distances only for the labels sharing the most bigrams with the query (q-gram filter):
  // an infix match within `tolerance` edits keeps at least (m - 1) - 2 * tolerance of them.
  // Short queries get no slack: 'nope' must not become 'Space Opera'.
  const tolerance = needle.length < 5 ? 0 : Math.max(1, Math.floor(needle.length / 5));
  const mustKeep = needle.length - 1 - 2 * tolerance;
  const scored = bigramCandidates(needle, side, MAX_FUZZY_CANDIDATES, mustKeep)
    .map((i) => ({ i, d: infixEditDistance(needle, side.lowerLabels[i]) }));
  scored.sort((a, b) => a.d - b.d || labels[a.i].length - labels[b.i].length || a.i - b.i);
  const nearest = scored.slice(0, MAX_ALTERNATIVES + 1);
  if (nearest.length > 0 && nearest[0].d <= tolerance) {
    return hit(nearest[0].i, 'fuzzy', nearest.slice(1).filter((s) => s.d <= tolerance).map((s) => labels[s.i]));
  }
  return { ok: false, query, suggestions: nearest.slice(0, MAX_ALTERNATIVES).map((s) => labels[s.i]) };
}

/**
 * Type-ahead: vocab indices of labels containing `text` (case-insensitive), labels that start with it
 * first, then those with a word starting with it, then any other substring; within each group the
 * most rated first. At most `limit`; '#na#' is never suggested. One pass over the precomputed
 * lower-cased labels in rating order, stopping once enough prefix matches are found.
 */
export function suggestLabels(side: SideIndex, text: string, limit: number): number[] {
  const needle = text.trim().toLowerCase();
  if (!needle || limit <= 0) return [];
  const groups: number[][] = [[], [], []];
  const { lowerLabels, byRatings, naIndex } = side;
  for (let k = 0; k < byRatings.length && groups[0].length < limit; k++) {
    const i = byRatings[k];
    if (i === naIndex) continue;
    const label = lowerLabels[i];
    const at = label.indexOf(needle);
    if (at < 0) continue;
    const group = at === 0 ? 0 : startsWord(label, needle, at) ? 1 : 2;
    if (groups[group].length < limit) groups[group].push(i);
  }
  return groups.flat().slice(0, limit);
}

/** Does `needle` occur in `label` at a word start, at `from` or later? */
function startsWord(label: string, needle: string, from: number): boolean {
  for (let at = from; at >= 0; at = label.indexOf(needle, at + 1)) {
    if (at === 0 || !WORD_CHAR.test(label[at - 1])) return true;
  }
  return false;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Edit distance from `query` to the closest substring of `text` (semi-global alignment), so
 * "titanc" is 1 away from "titanic (1997)" regardless of the year.
 */
export function infixEditDistance(query: string, text: string): number {
  const m = query.length;
  let prev = new Int32Array(m + 1);
  let curr = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  let best = prev[m];
  for (let j = 1; j <= text.length; j++) {
    curr[0] = 0; // a match may start anywhere in text
    const c = text.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      const substitute = prev[i - 1] + (query.charCodeAt(i - 1) === c ? 0 : 1);
      curr[i] = Math.min(substitute, prev[i] + 1, curr[i - 1] + 1);
    }
    if (curr[m] < best) best = curr[m];
    [prev, curr] = [curr, prev];
  }
  return best;
}

/**
 * Rows whose label shares the most of the query's bigrams: the best `limit`, plus every row with at
 * least `mustKeep` shared (so no label within the edit tolerance is dropped); all rows when few.
 */
function bigramCandidates(needle: string, side: SideIndex, limit: number, mustKeep: number): number[] {
  const all = side.lowerLabels.length;
  const rows: number[] = [];
  if (all <= limit) {
    for (let i = 0; i < all; i++) if (i !== side.naIndex) rows.push(i);
    return rows;
  }
  const grams = new Map<number, number>();
  for (let p = 0; p + 1 < needle.length; p++) {
    const g = needle.charCodeAt(p) * 65536 + needle.charCodeAt(p + 1);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  const shared = new Int32Array(all);
  const seen = new Map<number, number>();
  side.lowerLabels.forEach((label, i) => {
    if (i === side.naIndex) return;
    seen.clear();
    let count = 0;
    for (let p = 0; p + 1 < label.length; p++) {
      const g = label.charCodeAt(p) * 65536 + label.charCodeAt(p + 1);
      const want = grams.get(g);
      if (want === undefined) continue;
      const used = seen.get(g) ?? 0;
      if (used < want) { seen.set(g, used + 1); count++; }
    }
    shared[i] = count;
    rows.push(i);
  });
  rows.sort((a, b) => shared[b] - shared[a] || a - b);
  let keep = Math.min(limit, rows.length);
  while (keep < rows.length && shared[rows[keep]] >= Math.max(1, mustKeep)) keep++;
  return rows.slice(0, keep);
}
