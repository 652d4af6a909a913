/**
 * Hostile column names, sample values and file names in the plain-text places: Quick Pick items
 * (label/description/detail render `$(icon)` syntax and would show bidi overrides reordered) and
 * the Output channel lines (a newline in a value would forge a log line). The pure builders must
 * hand VS Code text with no control or bidi characters and no `$(` icon syntax from user data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnPickLabel } from '../../../src/extension/training/questions';
import { describeSniff } from '../../../src/extension/training/sniff-summary';
import { describeRunRow, runPickItem, type RunRow } from '../../../src/extension/runs/run-display';
import type { ColumnSummary, SniffResult } from '../../../src/core/csv/types';
import { notificationText, plainText } from '../../../src/extension/text/plain-text';
import { HOSTILE_LABELS, INVISIBLE_OR_CONTROL } from './hostile-labels';

/** VS Code's notification link syntax (workbench linkedText): `[label](https://...|command:...|file:... "title")`. */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

/** Quick Pick text fields: one line, no control/bidi characters, no theme-icon syntax from data. */
function assertPlainPickText(text: string, what: string): void {
  assert.doesNotMatch(text, INVISIBLE_OR_CONTROL, `${what}: control or bidi characters in ${JSON.stringify(text.slice(0, 80))}`);
  assert.doesNotMatch(text, /\n|\r/, `${what}: one line`);
  assert.doesNotMatch(text, /(?<!\\)\$\([\w~-]+\)/, `${what}: '$(icon)' syntax from user data renders as an icon`);
}

function column(name: string, sample: string): ColumnSummary {
  return { index: 0, name, numericShare: 0, integer: false, distinct: 3, min: NaN, max: NaN, samples: [sample, 'b', 'c'] };
}

test('column Quick Pick items show hostile header names and samples as plain one-line text', () => {
  for (const label of HOSTILE_LABELS) {
    const item = columnPickLabel(column(label, label), 'user');
    for (const [field, text] of Object.entries(item)) assertPlainPickText(text, `column ${field} for ${JSON.stringify(label.slice(0, 30))}`);
  }
});

test('run Quick Pick items and tree rows show hostile source file names as plain text', () => {
  for (const label of HOSTILE_LABELS) {
    const row: RunRow = { id: '20261125-190301-dot-x', dir: '/ws/.collab/runs/20261125-190301-dot-x', source: `${label}.csv`, sourcePath: `/ws/${label}.csv`, model: 'dot · 50 factors', epochs: 5, imported: false, validRmse: 0.91, createdAt: new Date('2026-11-25T19:03:01Z') };
    const now = new Date('2026-11-25T20:00:00Z');
    const pick = runPickItem(row, now);
    for (const [field, text] of Object.entries(pick)) assertPlainPickText(text, `run pick ${field}`);
    const { label: treeLabel, description } = describeRunRow(row, now);
    assertPlainPickText(treeLabel, 'tree label');
    assertPlainPickText(description, 'tree description');
  }
});

test('Output channel lines of a sniff: one line per entry whatever the header and values hold', () => {
  for (const label of HOSTILE_LABELS) {
    const sniff: SniffResult = {
      file: `/ws/${label}.csv`, size: 1000,
      format: { delimiter: ',', hasHeader: true, encoding: 'utf8', bom: false, lineEnding: 'lf', quoted: true },
      columns: [column(label, label), { ...column('rating', '4'), index: 1, numericShare: 1, integer: true, min: 1, max: 5 }],
      mapping: { user: 0, rating: 1 }, guesses: [{ what: 'header', value: 'true', reason: `line 1 names a column '${label}'`, overridden: false }],
      bytesPerLine: 20,
    };
    const { summary, roles, lines } = describeSniff(sniff);
    for (const text of [summary, roles, ...lines]) {
      assert.doesNotMatch(text, INVISIBLE_OR_CONTROL, `sniff line ${JSON.stringify(text.slice(0, 80))}`);
      assert.doesNotMatch(text, /\n|\r/, 'one line per entry');
    }
  }
});

test('plainText / notificationText: hostile text becomes one inert line (no links, icons, control or bidi characters)', () => {
  for (const label of HOSTILE_LABELS) {
    for (const text of [plainText(label), notificationText(`ratings.csv, line 7, column 3: rating "${label}" is not a number`)]) {
      assertPlainPickText(text, JSON.stringify(label.slice(0, 30)));
      assert.equal(text.match(NOTIFICATION_LINK), null, `no notification link in ${JSON.stringify(text.slice(0, 80))}`);
    }
  }
  assert.equal(plainText('Alien (1979)'), 'Alien (1979)', 'ordinary text is unchanged');
  assert.equal(plainText('a\u202eb'), 'aU+202Eb');
  assert.equal(plainText('x'.repeat(300)).length, 200);
});
