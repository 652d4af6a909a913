/** The host's checks of what a study webview saved (Node paths: kept out of study.ts, which the webview bundles). */
import { allowedFolder, type PanelStateRules } from './webview-validate';

/** The saved sweep a revived panel may reopen: an absolute folder inside `rules.allowedRoots`, or undefined. */
export function parseStudyState(raw: unknown, rules: PanelStateRules): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  return allowedFolder((raw as { tuneDir?: unknown }).tuneDir, rules);
}
