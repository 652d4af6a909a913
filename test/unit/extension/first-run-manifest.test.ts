/** The manifest's first-run and Marketplace parts: Restricted Mode enablement, walkthrough, welcome views, banner. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CommandId, ContextKey, RUNS_VIEW_ID, TRUSTED_ONLY_COMMANDS } from '../../../src/extension/commands/ids';

interface Step { id: string; title: string; description: string; media: { image?: string; markdown?: string; altText?: string }; completionEvents?: string[] }
interface Pkg {
  name: string;
  publisher: string;
  preview?: boolean;
  galleryBanner?: { color: string; theme: 'dark' | 'light' };
  repository?: unknown;
  contributes: {
    commands: { command: string; enablement?: string }[];
    viewsWelcome: { view: string; contents: string; when?: string }[];
    walkthroughs: { id: string; title: string; description: string; steps: Step[] }[];
  };
  capabilities: { untrustedWorkspaces: { description: string } };
}

const root = join(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Pkg;
const commandIds = new Set<string>(Object.values(CommandId));
/** Workbench commands the welcome texts may link to. */
const WORKBENCH_COMMANDS = new Set(['workbench.action.files.openFolder', 'workbench.trust.manage', 'workbench.action.openWalkthrough', `${RUNS_VIEW_ID}.focus`]);

/** The command ids linked from a welcome or walkthrough text. */
const linkedCommands = (text: string): string[] => [...text.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);

/**
 * Restricted Mode as VS Code's own views test it: trust is on and this folder is not trusted. With
 * trust off (a setting, or VS Code for the Web) `isWorkspaceTrusted` stays false, so it alone is no test.
 */
const TRUSTED = '!isWorkspaceTrustEnabled || isWorkspaceTrusted';

test('Restricted Mode disables exactly the commands that write, via enablement', () => {
  const gated = pkg.contributes.commands.filter((c) => c.enablement !== undefined);
  for (const c of gated) assert.equal(c.enablement, TRUSTED, c.command);
  assert.deepEqual(gated.map((c) => c.command).sort(), [...TRUSTED_ONLY_COMMANDS].sort());
  assert.match(pkg.capabilities.untrustedWorkspaces.description, /disabled/);
});

test('the walkthrough: five steps, each with an image that exists (its own ones small), alt text and completion events', () => {
  const [walkthrough] = pkg.contributes.walkthroughs;
  assert.equal(walkthrough.id, 'collab.firstRun');
  assert.deepEqual(walkthrough.steps.map((s) => s.id), ['ratingsFile', 'train', 'explore', 'hover', 'tune']);
  for (const step of walkthrough.steps) {
    const image = step.media.image!;
    assert.ok(existsSync(join(root, image)), `${step.id}: ${image} exists`);
    assert.match(image, /^media\/(walkthrough|screenshots)\/[\w-]+\.png$/, `${step.id}: a shipped image`);
    // The README's screenshots ship anyway; images made for the walkthrough add to every download.
    if (image.startsWith('media/walkthrough/')) assert.ok(statSync(join(root, image)).size < 60_000, `${step.id}: ${image} is under 60 KB`);
    assert.ok((step.media.altText ?? '').length > 20, `${step.id} has alt text`);
    assert.ok((step.completionEvents ?? []).length > 0, `${step.id} has completion events`);
    for (const event of step.completionEvents!) {
      const [, kind, arg] = /^(\w+):(.+)$/.exec(event)!;
      if (kind === 'onCommand') assert.ok(commandIds.has(arg), `${step.id}: ${arg} is a Collab command`);
      else if (kind === 'onView') assert.equal(arg, RUNS_VIEW_ID);
      else assert.equal(kind, 'onContext', event);
    }
    for (const id of linkedCommands(step.description)) assert.ok(commandIds.has(id) || WORKBENCH_COMMANDS.has(id), `${step.id} links ${id}`);
  }
  const hover = walkthrough.steps.find((s) => s.id === 'hover')!;
  assert.deepEqual(hover.completionEvents, [`onContext:${ContextKey.hoverShown}`]);
});

test('welcome content for an empty Runs view, for no folder and for Restricted Mode, each linking real commands', () => {
  const welcome = pkg.contributes.viewsWelcome.filter((w) => w.view === RUNS_VIEW_ID);
  const byWhen = new Map(welcome.map((w) => [w.when, w.contents]));
  assert.match(byWhen.get(`workspaceFolderCount > 0 && (${TRUSTED.split(' || ').reverse().join(' || ')})`)!, /\(command:collab\.train\)/);
  assert.match(byWhen.get('workspaceFolderCount == 0')!, /\(command:workbench\.action\.files\.openFolder\)/);
  assert.match(byWhen.get('workspaceFolderCount > 0 && isWorkspaceTrustEnabled && !isWorkspaceTrusted')!, /Restricted Mode[\s\S]*\(command:workbench\.trust\.manage\)/);
  const walkthroughLink = `command:workbench.action.openWalkthrough?${encodeURIComponent(JSON.stringify(`${pkg.publisher}.${pkg.name}#collab.firstRun`))}`;
  assert.ok(byWhen.get('workspaceFolderCount == 0')!.includes(walkthroughLink), 'the no-folder welcome opens the walkthrough');
  for (const w of welcome) for (const id of linkedCommands(w.contents)) assert.ok(commandIds.has(id) || WORKBENCH_COMMANDS.has(id), id);
});

/** WCAG relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

test('Marketplace: a preview, and a banner whose text reads (AAA) and which stands apart from light and dark pages', () => {
  assert.equal(pkg.preview, true);
  const banner = pkg.galleryBanner!;
  assert.match(banner.color, /^#[0-9a-f]{6}$/i);
  const text = banner.theme === 'dark' ? '#ffffff' : '#000000';
  assert.ok(contrast(banner.color, text) >= 7, `banner text contrast ${contrast(banner.color, text).toFixed(1)}`);
  assert.ok(contrast(banner.color, '#ffffff') >= 3, 'the banner stands apart from a white page');
  assert.ok(contrast(banner.color, '#1e1e1e') >= 1.3, 'and is not the colour of a dark page');
  assert.equal(pkg.repository, undefined, 'no invented repository (see the README\'s packaging section)');
});
