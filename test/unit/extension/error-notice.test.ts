/** One way of showing an error: the same text and actions for a sniff error, a worker's error and the trainer's error event. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataError } from '../../../src/core/csv/errors';
import { errorNotice, noticeView } from '../../../src/extension/notify/error-notice';
import { RunServiceError } from '../../../src/run-service/client';
import { toErrorEvent } from '../../../src/trainer/errors';
import { fake, installFakeVscode } from '../panels/fake-vscode';

installFakeVscode();

const location = { file: '/ws/ratings.csv', line: 7, column: 3 };
const bad = new DataError('not-a-number', 'rating "four" is not a number', location);

test('a data error reads the same thrown here, passed on by the run service, or reported by the trainer', () => {
  const thrown = noticeView(errorNotice(bad));
  assert.deepEqual(thrown.actions, ['Go to Line', 'Open Log']);
  assert.equal(thrown.text, 'Collab: ratings.csv, line 7, column 3: rating "four" is not a number. Fix the file, then train again.');
  const worker = new RunServiceError({ name: 'DataError', message: bad.message, code: bad.code, location });
  assert.deepEqual(noticeView(errorNotice(worker)), thrown);
  assert.deepEqual(noticeView(errorNotice(toErrorEvent(bad, 'loading', '/ws/ratings.csv'))), thrown);
  assert.deepEqual(errorNotice(toErrorEvent(bad, 'loading', '/ws/ratings.csv')).location, location);
});

test('no location: Open Log only; the first line is shown, memory errors keep their own advice, file errors get theirs', () => {
  const crash = noticeView(errorNotice({ type: 'train/error', kind: 'internal', message: 'The trainer process exited with code 1; nothing was saved.\nat x.js:1\nat y.js:2' }));
  assert.deepEqual(crash, { text: 'Collab: The trainer process exited with code 1; nothing was saved.', actions: ['Open Log'] });
  const memory = noticeView(errorNotice(toErrorEvent(new RangeError('Array buffer allocation failed'), 'training', 'big.csv')));
  assert.match(memory.text, /^Collab: Ran out of memory while training big\.csv\. Try a smaller file.*max-old-space-size=<MB>\)\.$/);
  const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/ws/gone.csv'"), { code: 'ENOENT' });
  assert.equal(errorNotice(missing).kind, 'io');
  assert.match(noticeView(errorNotice(missing)).text, /gone\.csv'\. Check that the file can be read/);
  assert.equal(errorNotice(new DataError('unreadable', 'cannot read x.csv')).kind, 'io');
  assert.equal(errorNotice('plain text').kind, 'internal');
});

test('shown text is inert: no command links or bidi characters from the file', () => {
  const hostile = new DataError('not-a-number', 'rating "[x](command:workbench.action.quit) \u202e" is not a number', location);
  const { text } = noticeView(errorNotice(hostile));
  assert.doesNotMatch(text, /\u202e/);
});

test('showError logs the whole message once (unless the trainer logged it) and shows the notice', async () => {
  const { showError } = await import('../../../src/extension/notify/show-error');
  const logged: string[] = [];
  const log = { error: (m: string) => logged.push(m), show: () => undefined } as unknown as Parameters<typeof showError>[1];
  fake.messages.length = 0;
  await showError(bad, log);
  await showError(toErrorEvent(bad, 'loading', '/ws/ratings.csv'), log, { logged: true });
  assert.equal(logged.length, 1);
  assert.match(logged[0], /line 7/);
  assert.deepEqual(fake.messages, [noticeView(errorNotice(bad)).text, noticeView(errorNotice(bad)).text]);
});
