/**
 * The layering is enforced by the build: ESLint's `rooms/imports` rule (eslint/rooms.mjs) fails
 * `npm test` when a room imports what it may not. Linted here on code written as if it were in
 * each room, so a rule that silently stopped matching would fail this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'rooms/imports').map((m) => m.message);
}

const FORBIDDEN: [string, string, RegExp][] = [
  ['src/core/csv/x.ts', "import * as vscode from 'vscode';", /may not import 'vscode'/],
  ['src/core/csv/x.ts', "import { plainText } from '../../extension/text/plain-text';", /src\/core may not import src\/extension/],
  ['src/core/train/x.ts', "import { main } from '../../cli/main';", /src\/core may not import src\/cli/],
  ['src/core/run/x.ts', "import { runTrainer } from '../../trainer/job';", /src\/core may not import src\/trainer/],
  ['src/core/analysis/x.ts', "import { RunService } from '../../run-service/service';", /src\/core may not import src\/run-service/],
  ['src/core/x.ts', "import { el } from '../../webview/src/dom';", /src\/core may not import webview\/src/],
  ['src/core/x.ts', "const m = require('../extension/extension');", /src\/core may not import src\/extension/],
  ['src/core/x.ts', "const m = import('../cli/main');", /src\/core may not import src\/cli/],
  ['src/core/x.ts', "export { x } from '../protocol/trainer';", /src\/core may not import src\/protocol/],
  ['src/kernels/x.ts', "import { fit } from '../core/train/fit';", /src\/kernels may not import src\/core/],
  ['src/protocol/x.ts', "import { fit } from '../core/train/fit';", /src\/protocol may not import src\/core except as types/],
  ['src/run-service/x.ts', "import * as vscode from 'vscode';", /may not import 'vscode'/],
  ['src/trainer/x.ts', "import { registerHover } from '../extension/hover/hover-provider';", /src\/trainer may not import src\/extension/],
  ['src/common/x.ts', "import { readFile } from 'node:fs/promises';", /may not import Node's/],
  ['src/common/x.ts', "import { DataError } from '../core/csv/errors';", /src\/common may not import src\/core/],
  ['webview/src/x.ts', "import { DataError } from '../../src/core/csv/errors';", /webview\/src may not import src\/core/],
  ['webview/src/views/x.ts', "import { RunStore } from '../../../src/extension/runs/run-store';", /webview\/src may not import src\/extension/],
  ['webview/src/x.ts', "import { readFileSync } from 'fs';", /may not import Node's 'fs'/],
  ['webview/src/x.ts', "import * as vscode from 'vscode';", /may not import 'vscode'/],
];

const ALLOWED: [string, string][] = [
  ['src/core/csv/x.ts', "import { displayText } from '../../common/display-text';"],
  ['src/core/train/x.ts', "import type { Kernels } from '../../kernels/kernels';"],
  ['src/core/csv/x.ts', "import { readFile } from 'node:fs/promises';"],
  ['src/protocol/x.ts', "import type { TrainConfig } from '../core/run/types';"],
  ['src/extension/x.ts', "import * as vscode from 'vscode';"],
  ['src/extension/hover/x.ts', "import { RunServiceClient } from '../../run-service/client';"],
  ['webview/src/views/x.ts', "import type { HostToWebview } from '../../../src/protocol/webview';"],
  ['webview/src/x.ts', "import { displayText } from '../../src/common/display-text';"],
  ['webview/src/x.ts', "import { el } from './dom';"],
];

test('a room importing what the layering forbids fails lint, with a message naming both rooms', async () => {
  for (const [file, code, message] of FORBIDDEN) {
    const found = await problems(file, `${code}\nexport {};\n`);
    assert.equal(found.length, 1, `${file}: ${code} -> ${JSON.stringify(found)}`);
    assert.match(found[0], message);
  }
});

test('the imports each room is allowed pass the rule', async () => {
  for (const [file, code] of ALLOWED) {
    assert.deepEqual(await problems(file, `${code}\nexport {};\n`), [], `${file}: ${code}`);
  }
});
