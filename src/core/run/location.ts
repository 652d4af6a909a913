/**
 * Where runs live, one rule for the command line and the extension: in `<root>/.collab/runs`, where
 * root is the working folder (CLI) or the workspace folder (VS Code), never beside the data file.
 * `--runs DIR` (CLI) or `collab.runsFolder` (VS Code) replace `.collab/runs`: relative to root, or
 * absolute. Training saves there and every analysis reads there (the newest run by default).
 */
import { resolve } from 'node:path';

/** The runs folder relative to its root, unless overridden. */
export const DEFAULT_RUNS_FOLDER = '.collab/runs';

/** The runs folder under `root`: `folder` (default `.collab/runs`) resolved against it; an absolute folder is used as is. */
export function runsDirIn(root: string, folder: string = DEFAULT_RUNS_FOLDER): string {
  return resolve(root, folder.trim() === '' ? DEFAULT_RUNS_FOLDER : folder);
}
