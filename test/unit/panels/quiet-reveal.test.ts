/** When a run starts and ends, its panel never takes focus and a closed panel is never reopened (fake `vscode`). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fake, fakeWindow, installFakeVscode } from './fake-vscode';

installFakeVscode();

async function setup() {
  const { registerRunPanels } = await import('../../../src/extension/panels/index');
  const context = { extensionUri: { path: '/ext' } } as never;
  const runs = { panelInit: async () => { throw new Error('not loaded here'); }, panelQuery: async () => undefined, rows: async () => undefined } as never;
  return registerRunPanels(context, { revealRows: async () => undefined, runs, log: () => undefined });
}

test('a starting run opens its panel beside the editor without focus; its end reveals nothing while it is visible', async () => {
  const panels = await setup();
  fakeWindow.activeTextEditor = { document: {} };
  panels.show({ liveRunId: 'r1', title: 'u.data' }, 'loss', { preserveFocus: true });
  const panel = fake.panels.at(-1)!;
  assert.deepEqual(panel.showOptions, { viewColumn: -2, preserveFocus: true }, 'Beside, focus kept');
  panels.postTrainerEvent('r1', { type: 'train/saved', runId: 'r1', runDir: '/data/.collab/runs/r1' });
  assert.equal(panels.revealIfOpen({ runDir: '/data/.collab/runs/r1' }), true);
  assert.deepEqual(panel.reveals, [], 'a visible panel is not revealed again');
  panels.dispose();
  fakeWindow.activeTextEditor = undefined;
});

test('a panel hidden in another group is shown there without focus; one hidden behind the editor in use stays hidden', async () => {
  const panels = await setup();
  panels.show({ liveRunId: 'r2', title: 'u.data' }, 'loss', { preserveFocus: true });
  const panel = fake.panels.at(-1)!;
  assert.deepEqual(panel.showOptions, { viewColumn: -1, preserveFocus: true }, 'no editor open: the active group');
  panels.postTrainerEvent('r2', { type: 'train/saved', runId: 'r2', runDir: '/data/.collab/runs/r2' });
  panel.visible = false;
  panel.viewColumn = 1;
  assert.equal(panels.revealIfOpen({ runDir: '/data/.collab/runs/r2' }), false);
  assert.deepEqual(panel.reveals, [], 'the editor the person uses stays in front');
  panel.viewColumn = 2;
  panels.revealIfOpen({ runDir: '/data/.collab/runs/r2' });
  assert.deepEqual(panel.reveals, [[2, true]], 'revealed in its own group, preserveFocus');
  panels.dispose();
});

test('a panel the person closed stays closed when its run ends', async () => {
  const panels = await setup();
  panels.show({ liveRunId: 'r3', title: 'u.data' }, 'loss', { preserveFocus: true });
  const panel = fake.panels.at(-1)!;
  panel.dispose();
  const created = fake.panels.length;
  panels.postTrainerEvent('r3', { type: 'train/saved', runId: 'r3', runDir: '/data/.collab/runs/r3' });
  assert.equal(panels.revealIfOpen({ runDir: '/data/.collab/runs/r3' }), false);
  assert.equal(panels.isOpen({ runDir: '/data/.collab/runs/r3' }), false);
  assert.equal(fake.panels.length, created, 'no panel reopened');
  panels.dispose();
});
