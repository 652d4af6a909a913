/**
 * Before training: which column roles the sniffer could not settle, so the user is asked only
 * those (one Quick Pick per role), and how answers update the mapping. Pure.
 */
import type { ColumnRole, ColumnSummary, SniffResult } from '../../core/csv/types';
import { rankRatingColumns } from '../../core/csv/roles';
import type { ColumnMapping } from '../../core/data/types';
import { plainText } from '../text/plain-text';

/** The roles a ratings file must have. */
export const REQUIRED_ROLES = ['user', 'item', 'rating'] as const;
export type RequiredRole = (typeof REQUIRED_ROLES)[number];

/** One question: which column plays `role`; candidates best first. */
export interface RoleQuestion {
  role: RequiredRole;
  prompt: string;
  /** Why it is asked: missing, or shared with another role. */
  reason: string;
  candidates: ColumnSummary[];
}

const PROMPTS: Record<RequiredRole, string> = {
  user: 'Which column holds the user ids?',
  item: 'Which column holds the item (e.g. movie) ids?',
  rating: 'Which column holds the ratings?',
};

/** How plausible a column is for an id role (higher first); ties keep file order. */
function idPlausibility(c: ColumnSummary): number {
  // ids: integers or short strings with many distinct values.
  return (c.integer && c.numericShare === 1 ? 2 : 1) + (c.distinct > 1 ? 1 : 0);
}

/** The columns offered for `role`, best first: the sniffer's own ranking for the rating. */
function rankCandidates(role: RequiredRole, columns: ColumnSummary[]): ColumnSummary[] {
  if (role === 'rating') return rankRatingColumns(columns);
  return columns
    .map((c, order) => ({ c, order, score: idPlausibility(c) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ c }) => c);
}

/** The questions to ask for `sniff`'s mapping: missing roles, and roles that share a column. */
export function roleQuestions(sniff: Pick<SniffResult, 'columns' | 'mapping'>): RoleQuestion[] {
  const { mapping, columns } = sniff;
  const questions: RoleQuestion[] = [];
  const owners = new Map<number, RequiredRole[]>();
  for (const role of REQUIRED_ROLES) {
    const col = mapping[role];
    if (col !== undefined) owners.set(col, [...(owners.get(col) ?? []), role]);
  }
  for (const role of REQUIRED_ROLES) {
    const col = mapping[role];
    let reason: string | undefined;
    if (col === undefined || col < 0 || col >= columns.length) reason = `The ${role} column could not be told from the data.`;
    else if ((owners.get(col) ?? []).length > 1 && owners.get(col)![0] !== role) {
      reason = `Column '${columns[col].name}' was guessed for both ${owners.get(col)!.join(' and ')}.`;
    }
    if (!reason) continue;
    const taken = new Set(REQUIRED_ROLES.filter((r) => r !== role && !questions.some((q) => q.role === r))
      .map((r) => mapping[r]).filter((c): c is number => c !== undefined));
    const candidates = rankCandidates(role, columns.filter((c) => !taken.has(c.index)));
    questions.push({ role, prompt: PROMPTS[role], reason, candidates: candidates.length > 0 ? candidates : columns });
  }
  return questions;
}

/** The mapping with one role answered (the column is removed from any other required role). */
export function answerRole(mapping: Partial<ColumnMapping>, role: RequiredRole, column: number): Partial<ColumnMapping> {
  const next: Partial<ColumnMapping> = { ...mapping, [role]: column };
  for (const other of REQUIRED_ROLES) if (other !== role && next[other] === column) delete next[other];
  return next;
}

/** The complete mapping, or the roles still missing. */
export function completeMapping(mapping: Partial<ColumnMapping>): { ok: true; mapping: ColumnMapping } | { ok: false; missing: RequiredRole[] } {
  const missing = REQUIRED_ROLES.filter((r) => mapping[r] === undefined);
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, mapping: mapping as ColumnMapping };
}

/** One line per column for a Quick Pick: name, role, sampled values. */
export function columnPickLabel(c: ColumnSummary, role?: ColumnRole): { label: string; description: string; detail: string } {
  const kind = c.numericShare === 1 ? (c.integer ? `integers ${c.min}–${c.max}` : `numbers ${c.min}–${c.max}`) : 'text';
  return {
    label: plainText(c.name, 80),
    description: role ? `${role} · ${kind}` : kind,
    detail: plainText(`e.g. ${c.samples.slice(0, 4).map((s) => plainText(s, 30)).join(', ')}`),
  };
}
