/**
 * What an error notification says and offers, the one rule for every error a person sees from
 * preparing or training on a file: the first line of the message (inert: it quotes the file's
 * values), what to do before trying again, Go to Line when the error points into a file, Open Log
 * always. Pure (no vscode); show-error.ts shows it.
 */
import { DataError } from '../../core/csv/errors';
import type { SourceLocation } from '../../core/data/types';
import type { ErrorEvent } from '../../protocol/trainer';
import { RunServiceError } from '../../run-service/client';
import { notificationText } from '../text/plain-text';

/** What kind of failure it was (the trainer's ErrorEvent kinds). */
export type ErrorKind = ErrorEvent['kind'];

/** An error as a person is told about it. */
export interface ErrorNotice {
  message: string;
  kind: ErrorKind;
  /** Where in a data file the error is (file, 1-based line and column), for Go to Line. */
  location?: SourceLocation;
}

/** The actions a notification offers. */
export type NoticeAction = 'Go to Line' | 'Open Log';

/** What to do before trying again, by kind ('' where the message says it: memory errors carry their advice). */
const RETRY_ADVICE: Record<ErrorKind, string> = {
  data: 'Fix the file, then train again.',
  io: 'Check that the file can be read and the runs folder written, then try again.',
  memory: '',
  internal: '',
};

function isErrorEvent(error: unknown): error is ErrorEvent {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'train/error';
}

/** The notice of a trainer's error event, a DataError (thrown here or passed on by the run service's worker) or anything else thrown. */
export function errorNotice(error: unknown): ErrorNotice {
  if (isErrorEvent(error)) return { message: error.message, kind: error.kind, location: error.location };
  const message = error instanceof Error ? error.message : String(error);
  const dataError = error instanceof DataError || (error instanceof RunServiceError && error.name === 'DataError');
  const code = (error as { code?: unknown } | null)?.code;
  const location = error instanceof DataError || error instanceof RunServiceError ? error.location : undefined;
  const kind: ErrorKind = code === 'unreadable' || (!dataError && typeof code === 'string' && /^E[A-Z]+$/.test(code)) ? 'io'
    : dataError || location ? 'data' : 'internal';
  return location ? { message, kind, location } : { message, kind };
}

/** The notification's text and actions: "Collab: <first line> <advice>", Go to Line when it has a location. */
export function noticeView(notice: ErrorNotice): { text: string; actions: NoticeAction[] } {
  const first = notice.message.split('\n')[0];
  const advice = RETRY_ADVICE[notice.kind];
  return {
    text: `Collab: ${notificationText(advice ? `${/[.!?]$/.test(first) ? first : `${first}.`} ${advice}` : first)}`,
    actions: notice.location ? ['Go to Line', 'Open Log'] : ['Open Log'],
  };
}
