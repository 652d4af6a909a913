/**
 * Before training: sniff the file, show what was found, ask only for the roles that could not be
 * told (a Quick Pick per role), and offer an items file for titles when one sits next to it.
 */
import * as vscode from 'vscode';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ColumnSummary, SniffResult } from '../../core/csv/types';
import type { ColumnMapping, FileFormat } from '../../core/data/types';
import { showError } from '../notify/show-error';
import { answerRole, columnPickLabel, completeMapping, REQUIRED_ROLES, roleQuestions, type RequiredRole } from './questions';
import { describeSniff, rolesByColumn } from './sniff-summary';
import { itemsFileCandidates, usersFileCandidates } from './file-kinds';
import { plainText } from '../text/plain-text';

/** How to read the file, as settled with the user. */
export interface PreparedData {
  file: string;
  format: FileFormat;
  mapping: ColumnMapping;
  itemsFile?: string;
  /** A users file beside it (u.user): recorded in the run for the users' metadata, never needed to train. */
  usersFile?: string;
}

interface ChoiceItem extends vscode.QuickPickItem {
  choice: 'train' | 'train-titles' | 'columns' | 'details';
}

/**
 * Sniffs `file` (in the run service's worker: parsing the sample took 30-40 ms of the host's
 * thread) and walks the user through what is left; undefined when they cancel.
 */
export async function prepareData(
  file: string, log: vscode.LogOutputChannel, sniffFile: (file: string) => Promise<SniffResult>,
  /** What the last Quick Pick's button does ("Train", "Find the learning rate"). */
  verb = 'Train',
): Promise<PreparedData | undefined> {
  let sniff: SniffResult;
  try {
    sniff = await sniffFile(file);
  } catch (error) {
    await showError(error, log);
    return undefined;
  }
  const description = describeSniff(sniff);
  for (const line of description.lines) log.info(line);

  let mapping: Partial<ColumnMapping> = sniff.mapping;
  for (const question of roleQuestions(sniff)) {
    log.info(`Asking: ${question.reason}`);
    const column = await pickColumn(sniff, question.role, question.candidates, `${question.prompt} (${question.reason})`, mapping);
    if (column === undefined) return undefined;
    mapping = answerRole(mapping, question.role, column);
  }

  const itemsFile = mapping.title === undefined ? await findItemsFile(file) : undefined;
  const usersFile = await findSibling(file, usersFileCandidates);
  const withUsers = usersFile ? ` and user facts from ${plainText(basename(usersFile), 80)}` : '';
  while (true) {
    const complete = completeMapping(mapping);
    if (!complete.ok) {
      for (const role of complete.missing) {
        const column = await pickColumn(sniff, role, sniff.columns, `Which column is the ${role}?`, mapping);
        if (column === undefined) return undefined;
        mapping = answerRole(mapping, role, column);
      }
      continue;
    }
    const { summary, roles } = describeSniff(sniff, mapping);
    const items: ChoiceItem[] = itemsFile
      ? [
        { choice: 'train-titles', label: `${verb} with titles from ${plainText(basename(itemsFile), 80)}${withUsers}`, detail: roles },
        { choice: 'train', label: `${verb} without titles`, detail: 'items are labelled by their ids' },
      ]
      : [{ choice: 'train', label: verb, detail: roles }];
    items.push(
      { choice: 'columns', label: 'Change columns...', detail: 'pick the user, item and rating columns yourself' },
      { choice: 'details', label: 'Show what was detected and why', detail: 'delimiter, header, encoding and each column\'s role, in the Collab log' },
    );
    const picked = await vscode.window.showQuickPick(items, {
      title: `Collab: ${plainText(basename(file), 80)} — ${summary}`,
      placeHolder: `Press Enter to ${verb.toLowerCase()} with these columns`,
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (picked.choice === 'details') {
      log.show(true);
      continue;
    }
    if (picked.choice === 'columns') {
      for (const role of REQUIRED_ROLES) {
        const column = await pickColumn(sniff, role, sniff.columns, `Which column is the ${role}?`, mapping);
        if (column === undefined) return undefined;
        mapping = answerRole(mapping, role, column);
      }
      continue;
    }
    return {
      file, format: sniff.format, mapping: complete.mapping,
      itemsFile: picked.choice === 'train-titles' ? itemsFile : undefined,
      ...(usersFile && picked.choice === 'train-titles' ? { usersFile } : {}),
    };
  }
}

async function pickColumn(
  sniff: SniffResult, _role: RequiredRole, candidates: ColumnSummary[], title: string, mapping: Partial<ColumnMapping>,
): Promise<number | undefined> {
  const roles = rolesByColumn(mapping);
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => ({ ...columnPickLabel(c, roles.get(c.index)), index: c.index })),
    { title: `Collab: ${plainText(basename(sniff.file), 80)}`, placeHolder: plainText(title, 300), ignoreFocusOut: true },
  );
  return picked?.index;
}

/** The best items file next to `file`, if any. */
function findItemsFile(file: string): Promise<string | undefined> {
  return findSibling(file, itemsFileCandidates);
}

/** The best of `file`'s siblings that `candidates` ranks, if any. */
async function findSibling(file: string, candidates: (file: string, siblings: string[]) => string[]): Promise<string | undefined> {
  try {
    const siblings = await readdir(dirname(file));
    const [best] = candidates(file, siblings);
    return best ? join(dirname(file), best) : undefined;
  } catch {
    return undefined;
  }
}
