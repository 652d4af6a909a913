/**
 * Hover Markdown built from analysis results, with no VS Code dependency: every label is escaped,
 * and the only links are Collab's own commands (the provider trusts just those).
 */
import type { LabelFacts } from '../../core/analysis/analysis-index';
import type { Metric, Neighbour } from '../../core/analysis/neighbours';
import type { Recommendation } from '../../core/analysis/predict';
import { CommandId } from '../commands/ids';
import { commandLink, escapeMarkdownText, signed } from './markdown';

/** Which run a hover speaks for. */
export interface HoverRun {
  runId: string;
  runDir: string;
}

/** An item hover: its facts, its nearest neighbours and how the cell matched. */
export interface ItemHoverInput {
  run: HoverRun;
  facts: LabelFacts;
  /** The raw id from the file, when it differs from the label (items labelled by title). */
  id?: string;
  neighbours: Neighbour[];
  metric: Metric;
}

/** A user hover: facts and top recommendations. */
export interface UserHoverInput {
  run: HoverRun;
  facts: LabelFacts;
  recommendations: Recommendation[];
  kind: 'model' | 'cold-start';
  /** Why the first recommendation, one line. */
  why?: string;
}

/** The facts line: bias, rating count and mean rating, whichever the run has. */
export function factsLine(facts: LabelFacts): string {
  const parts: string[] = [];
  if (facts.bias !== undefined) parts.push(`bias **${signed(facts.bias, 3)}**`);
  if (facts.count !== undefined) parts.push(`${facts.count} rating${facts.count === 1 ? '' : 's'}`);
  if (facts.mean !== undefined && facts.count) parts.push(`mean ${facts.mean.toFixed(2)}`);
  return parts.length > 0 ? parts.join(' · ') : '_no bias or rating statistics in this run_';
}

function runLine(run: HoverRun): string {
  return `Collab run \`${run.runId.replace(/`/g, '')}\``;
}

/** Markdown for hovering an item's title or id. */
export function itemHoverMarkdown(input: ItemHoverInput): string {
  const { facts, run } = input;
  const lines: string[] = [];
  const idNote = input.id !== undefined && input.id !== facts.label ? ` (id ${escapeMarkdownText(input.id, 40)})` : '';
  lines.push(`**${escapeMarkdownText(facts.label)}**${idNote}`, '');
  lines.push(factsLine(facts), '');
  if (input.neighbours.length > 0) {
    const what = input.metric === 'cosine' ? 'similarity' : 'distance';
    lines.push(`Nearest items (${what}):`, '');
    input.neighbours.forEach((n, i) => lines.push(`${i + 1}. ${escapeMarkdownText(n.label)} — ${n.score.toFixed(3)}`));
    lines.push('');
  }
  lines.push(`${commandLink('Show neighbours', CommandId.showNeighbours, [run.runDir, facts.label])} · ${runLine(run)}`);
  return lines.join('\n');
}

/** Markdown for hovering a user id. */
export function userHoverMarkdown(input: UserHoverInput): string {
  const { facts, run } = input;
  const lines: string[] = [`**User ${escapeMarkdownText(facts.label)}**`, '', factsLine(facts), ''];
  if (input.recommendations.length > 0) {
    lines.push(input.kind === 'model' ? 'Top recommendations (predicted rating):' : 'Cold-start picks (no factors for this user):', '');
    input.recommendations.forEach((r, i) => {
      const score = input.kind === 'model' ? ` — ${r.score.toFixed(2)}` : '';
      lines.push(`${i + 1}. ${escapeMarkdownText(r.label)}${score}`);
    });
    lines.push('');
    if (input.why) lines.push(`_Why #1:_ ${escapeMarkdownText(input.why, 400)}`, '');
  }
  lines.push(`${commandLink('Recommend for this user', CommandId.recommend, [run.runDir, facts.label])} · ${runLine(run)}`);
  return lines.join('\n');
}
