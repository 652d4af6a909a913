/**
 * The Recommend view's file actions, with the host's own dialogs: save the person's ratings as a
 * profile, open a saved profile, or add the ratings to the run's ratings file as a new user (shown
 * first, written only on explicit confirmation, atomically, then an offer to train again). The
 * files are read and written by the run service (core's profile-store and append-person).
 */
import * as vscode from 'vscode';
import { basename, dirname } from 'node:path';
import type { RunServiceApi } from '../../protocol/run-service';
import type { RecommendActionMessage, SetRatingsMessage } from '../../protocol/webview';
import { checkProfileName } from '../../core/analysis/profile';
import { ensureTrusted } from '../settings/trust';
import { notificationText, plainText } from '../text/plain-text';

/** The run service calls the actions make. */
export type RecommendFiles = Pick<RunServiceApi, 'saveProfile' | 'listProfiles' | 'openProfile' | 'planAppend' | 'appendRatings'>;

/** Rows of the appended text shown in the confirmation at most. */
const PREVIEW_ROWS = 8;

/** Does one action for the run in `runDir` (saved runs live in their runs folder); `set-ratings` when a profile was opened. */
export async function recommendAction(files: RecommendFiles, runDir: string, message: RecommendActionMessage): Promise<SetRatingsMessage | undefined> {
  const runsDir = dirname(runDir);
  const { ratings } = message;
  switch (message.action) {
    case 'save-profile': {
      if (ratings.length === 0) { void vscode.window.showInformationMessage('Collab: rate a few items first; a profile saves your ratings.'); return undefined; }
      if (!ensureTrusted('Saving a profile')) return undefined;
      const name = await vscode.window.showInputBox({
        title: 'Collab: Save Profile', prompt: `A name for these ${ratings.length} ratings (saved in .collab/profiles)`, value: 'me',
        validateInput: (text) => checkProfileName(text.trim()) ?? undefined,
      });
      if (name === undefined) return undefined;
      const { file } = await files.saveProfile(runDir, runsDir, name.trim(), ratings);
      void vscode.window.showInformationMessage(notificationText(`Collab: saved ${ratings.length} ratings as ${basename(file)}; Open Profile reads them back against any run of this data.`));
      return undefined;
    }
    case 'open-profile': {
      const profiles = (await files.listProfiles(runsDir)).filter((p) => !p.error);
      if (profiles.length === 0) { void vscode.window.showInformationMessage('Collab: no profiles saved yet (Save Profile in the Recommend view).'); return undefined; }
      const picked = await vscode.window.showQuickPick(profiles.map((p) => ({
        label: plainText(p.name, 80), description: `${p.ratings} rating${p.ratings === 1 ? '' : 's'}`, detail: p.savedAt?.slice(0, 16).replace('T', ' '), file: p.file,
      })), { title: 'Collab: Open Profile', placeHolder: 'Whose ratings?' });
      if (!picked) return undefined;
      const opened = await files.openProfile(runDir, picked.file);
      const note = opened.missing.length
        ? `${opened.missing.length} rated item${opened.missing.length === 1 ? ' is' : 's are'} not in this run: ${opened.missing.slice(0, 5).join('; ')}${opened.missing.length > 5 ? '; ...' : ''}`
        : undefined;
      return { type: 'recommend/set-ratings', ratings: opened.ratings, ...(note ? { note } : {}) };
    }
    case 'add-to-data': {
      if (ratings.length === 0) { void vscode.window.showInformationMessage('Collab: rate a few items first; they are added as a new user.'); return undefined; }
      if (!ensureTrusted('Adding your ratings to the data file')) return undefined;
      const plan = await files.planAppend(runDir, ratings, 'me');
      const rows = plan.lines.replace(/\r?\n$/, '').split(/\r?\n/);
      const preview = rows.slice(0, PREVIEW_ROWS).map((r) => plainText(r, 200)).join('\n') + (rows.length > PREVIEW_ROWS ? `\n... and ${rows.length - PREVIEW_ROWS} more` : '');
      const answer = await vscode.window.showWarningMessage(
        notificationText(`Add your ${plan.rows} rating${plan.rows === 1 ? '' : 's'} to ${basename(plan.path)} as new user ${plan.user}?`),
        { modal: true, detail: `${plan.path}\n\n${preview}\n\nThe file is replaced in one step (never half-written), in its own delimiter, quoting, encoding and line endings.` },
        'Add to File',
      );
      if (answer !== 'Add to File') return undefined;
      const written = await files.appendRatings(runDir, ratings, 'me');
      const next = await vscode.window.showInformationMessage(
        notificationText(`Collab: added ${written.rows} rows as user ${written.user} to ${basename(written.path)}. Train again to learn from them.`), 'Train Again',
      );
      if (next === 'Train Again') await vscode.commands.executeCommand('collab.trainFile', vscode.Uri.file(written.path));
      return undefined;
    }
  }
}
