/** Collab: Open Sweep and Resume Sweep — a saved tuning sweep (from the Runs view) in its panel, or continued. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { readTune } from '../../core/tune/read';
import type { TuneManifest } from '../../core/tune/types';
import { ensureTrusted } from '../settings/trust';
import { notificationText } from '../text/plain-text';

/** The sweep folder a command argument names: a Runs-view sweep node or a path. */
function tuneDirOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const node = arg as { kind?: string; dir?: string } | undefined;
  return node?.kind === 'tune' ? node.dir : undefined;
}

export function openTune(services: Services): (arg?: unknown) => Promise<void> {
  return (arg) => withSweep(services, arg, async (dir, manifest) => { services.studies.openSaved(dir, manifest); });
}

/** Collab: Resume Sweep — a cancelled or budget-stopped sweep continues with the configurations it did not start. */
export function resumeTune(services: Services): (arg?: unknown) => Promise<void> {
  return (arg) => withSweep(services, arg, async (dir, manifest) => {
    if (!ensureTrusted('Resuming a sweep')) return; // it rewrites tune.json
    if (manifest.end === 'done') {
      void vscode.window.showInformationMessage(`Collab: all ${manifest.space.count} configurations of this sweep have finished; nothing to resume.`);
      return;
    }
    await services.studies.resumeSaved(dir, manifest);
  });
}

async function withSweep(services: Services, arg: unknown, act: (dir: string, manifest: TuneManifest) => Promise<void>): Promise<void> {
  const dir = tuneDirOf(arg);
  if (!dir) return;
  let manifest: TuneManifest;
  try {
    manifest = await readTune(dir);
  } catch (error) {
    const message = notificationText((error as Error).message);
    services.log.error(message);
    void vscode.window.showErrorMessage(`Collab: ${message}`);
    return;
  }
  await act(dir, manifest);
}
