/**
 * Hostile titles and ids are inert in hovers: the hover Markdown (pure builder) is rendered with
 * `marked` (the Markdown library VS Code's renderer is built on) and the HTML is checked: no tag
 * but plain formatting, the only links are Collab's hover commands with the true label as an
 * argument, no bidi or control characters, and the label is shown literally.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marked } from 'marked';
import { itemHoverMarkdown, userHoverMarkdown } from '../../../src/extension/hover/hover-text';
import { HOVER_COMMANDS } from '../../../src/extension/commands/ids';
import { displayText } from '../../../src/common/display-text';
import { HOSTILE_LABELS, INVISIBLE_OR_CONTROL } from './hostile-labels';

const RUN = { runId: '20261125-190301-dot-ratings', runDir: '/work/ws/.collab/runs/20261125-190301-dot-ratings' };
const ALLOWED_TAGS = new Set(['p', 'strong', 'em', 'ol', 'ul', 'li', 'a', 'br', 'code']);

function decodeEntities(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** What a reader sees: the HTML's text. */
function visibleText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''));
}

/** The label as the hover may show it: control characters as spaces, invisible ones as U+XXXX, cut at 120. */
function shownForm(label: string): string {
  const s = displayText(label);
  return s.length > 119 ? s.slice(0, 60) : s;
}

function checkInert(markdown: string, labels: string[], what: string): void {
  assert.doesNotMatch(markdown, INVISIBLE_OR_CONTROL, `${what}: no raw bidi/control characters in the Markdown`);
  const html = marked.parse(markdown, { async: false, gfm: true });
  for (const [, tag] of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) {
    assert.ok(ALLOWED_TAGS.has(tag.toLowerCase()), `${what}: unexpected <${tag}> in ${html.slice(0, 400)}`);
  }
  const links = [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => decodeEntities(m[1]));
  assert.ok(links.length >= 1, `${what}: the hover's own command link is there`);
  for (const href of links) {
    const m = /^command:([\w.]+)\?(.*)$/.exec(href);
    assert.ok(m, `${what}: link ${href.slice(0, 100)} is a command link`);
    assert.ok((HOVER_COMMANDS as readonly string[]).includes(m[1]), `${what}: link to ${m[1]} is one of Collab's hover commands`);
    const args = JSON.parse(decodeURIComponent(m[2])) as unknown[];
    assert.equal(args[0], RUN.runDir, `${what}: the command acts on this hover's run`);
    assert.ok(labels.includes(String(args[1])), `${what}: the command gets a true label, not one forged by the text`);
  }
  const text = visibleText(html);
  for (const label of labels) {
    assert.ok(text.includes(shownForm(label).trim().split('\n')[0].trim()), `${what}: label shown literally: ${JSON.stringify(label.slice(0, 60))}\n${text.slice(0, 600)}`);
  }
}

test('item hovers: hostile titles, neighbour titles and ids are shown literally and run nothing', () => {
  for (const label of HOSTILE_LABELS) {
    const markdown = itemHoverMarkdown({
      run: RUN, facts: { index: 3, label, bias: 0.41, count: 12, mean: 3.9 }, id: `${label}-id`,
      neighbours: [{ index: 4, label: `${label} II`, score: 0.93 }, { index: 5, label: 'Plain', score: 0.5 }], metric: 'cosine',
    });
    checkInert(markdown, [label], `item ${JSON.stringify(label.slice(0, 40))}`);
    assert.ok(visibleText(marked.parse(markdown, { async: false })).includes(shownForm(`${label} II`).split('\n')[0].trim().slice(0, 50)));
  }
});

test('user hovers: hostile user ids and recommended titles are shown literally and run nothing', () => {
  for (const label of HOSTILE_LABELS) {
    const markdown = userHoverMarkdown({
      run: RUN, facts: { index: 2, label, bias: -0.2, count: 40, mean: 3.1 },
      recommendations: [{ index: 7, label: `${label} (1999)`, score: 4.6 }], kind: 'model',
    });
    checkInert(markdown, [label], `user ${JSON.stringify(label.slice(0, 40))}`);
  }
});
