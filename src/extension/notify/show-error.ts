/** Shows an error notification with its actions (the one way: error-notice.ts says what it holds). */
import * as vscode from 'vscode';
import { CommandId } from '../commands/ids';
import { plainText } from '../text/plain-text';
import { errorNotice, noticeView } from './error-notice';

/**
 * Shows `error` (a trainer's error event, or anything thrown) and runs the action picked. The whole
 * message goes to the log unless `logged` says it is there already (the trainer's events are).
 */
export async function showError(error: unknown, log: vscode.LogOutputChannel, options: { logged?: boolean } = {}): Promise<void> {
  const notice = errorNotice(error);
  if (!options.logged) log.error(plainText(notice.message, 2000));
  const { text, actions } = noticeView(notice);
  const action = await vscode.window.showErrorMessage(text, ...actions);
  if (action === 'Open Log') log.show(true);
  else if (action === 'Go to Line' && notice.location) {
    const { file, line, column } = notice.location;
    await vscode.commands.executeCommand(CommandId.goToLine, file, line, column);
  }
}
