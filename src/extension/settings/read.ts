/** Reading the `collab.*` settings from VS Code (the pure part lives in settings.ts). */
import * as vscode from 'vscode';
import { readSettings, SETTINGS_SECTION, type Settings } from './settings';

/** The current settings for `scope` (a file or folder), invalid values replaced by defaults and logged. */
export function currentSettings(log?: vscode.LogOutputChannel, scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const { settings, problems } = readSettings((key) => config.get(key));
  if (problems.length > 0) log?.warn(`Ignoring invalid settings (defaults used): ${problems.map((p) => `collab.${p.key}: ${p.message}`).join('; ')}`);
  return settings;
}
