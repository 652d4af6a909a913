// The rooms of the codebase and which may import which, enforced by ESLint so that a wrong arrow
// fails `npm test` (README, "Layout"). Imports are resolved to real paths, not matched as strings,
// so `../../extension/x` from core and `../extension` from a deeper folder are both caught.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * Room -> the rooms it may import (its own files always). `type:` means type-only imports.
 * - common: leaf modules every bundle shares (the display-text sanitiser); imports nothing, not even Node.
 * - kernels: the training kernels (WebAssembly and their TypeScript twin); below core, not part of it:
 *   they know arrays and numbers, never datasets, models or files.
 * - core: pure data, models, training and analyses; no VS Code, no DOM, no outer room.
 * - protocol: message types and their validators; values only from common, types from core.
 * - webview: the panels' front end talks to the rest only through protocol (and common's leaves).
 */
export const ROOMS = {
  'src/common': { may: [], node: false },
  'src/kernels': { may: ['src/common'], node: true },
  'src/core': { may: ['src/common', 'src/kernels'], node: true },
  'src/protocol': { may: ['src/common', 'type:src/core'], node: true },
  'src/trainer': { may: ['src/common', 'src/kernels', 'src/core', 'src/protocol'], node: true },
  'src/run-service': { may: ['src/common', 'src/kernels', 'src/core', 'src/protocol'], node: true },
  'src/cli': { may: ['src/common', 'src/kernels', 'src/core', 'src/protocol', 'src/trainer'], node: true },
  'src/extension': { may: ['src/common', 'src/core', 'src/protocol', 'src/trainer', 'src/run-service'], node: true, vscode: true },
  'webview/src': { may: ['src/common', 'src/protocol'], node: false },
};

const NODE_BUILTINS = new Set(builtinModules);

/** The room a path is in (project-relative, '/' separated), or undefined outside every room. */
export function roomOf(path, root) {
  const rel = relative(root, path).split(sep).join('/');
  return Object.keys(ROOMS).find((room) => rel === room || rel.startsWith(`${room}/`));
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  return node.type === 'ImportDeclaration' && node.specifiers.length > 0
    && node.specifiers.every((s) => s.importKind === 'type');
}

/** Why `spec` may not be imported from `room`, or undefined when it may. */
export function forbidden(room, fromFile, spec, typeOnly, root) {
  const rules = ROOMS[room];
  if (spec === 'vscode') return rules.vscode ? undefined : `${room} may not import 'vscode' (only src/extension talks to VS Code)`;
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec.split('/')[0];
  if (spec.startsWith('node:') || NODE_BUILTINS.has(bare)) {
    return rules.node ? undefined : `${room} may not import Node's '${spec}' (it runs ${room === 'webview/src' ? 'in the browser' : 'in every bundle, the webview included'})`;
  }
  if (!spec.startsWith('.')) return room === 'src/common' ? `src/common may not import packages ('${spec}'): it is a leaf` : undefined;
  const target = roomOf(resolve(dirname(fromFile), spec), root);
  if (target === undefined || target === room) return target === undefined ? `${room} may not import '${spec}': it is outside every room` : undefined;
  if (rules.may.includes(target) || (typeOnly && rules.may.includes(`type:${target}`))) return undefined;
  const allowed = rules.may.length > 0 ? rules.may.join(', ') : 'nothing outside itself';
  return `${room} may not import ${target}${rules.may.includes(`type:${target}`) ? ' except as types' : ''} ('${spec}'); it may import ${allowed}`;
}

/** The ESLint plugin: one rule, `rooms/imports`. */
export const roomsPlugin = {
  rules: {
    imports: {
      meta: { type: 'problem', docs: { description: 'imports only what the layering allows (eslint/rooms.mjs)' }, schema: [] },
      create(context) {
        const root = context.cwd;
        const file = context.filename;
        const room = roomOf(file, root);
        if (!room) return {};
        const check = (node, source, typeOnly) => {
          if (!source || typeof source.value !== 'string') return;
          const why = forbidden(room, file, source.value, typeOnly, root);
          if (why) context.report({ node: source, message: why });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
          ExportNamedDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
          ExportAllDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
          ImportExpression: (node) => check(node, node.source, false),
          CallExpression: (node) => {
            if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0], false);
          },
          TSImportType: (node) => check(node, node.argument?.literal ?? node.argument, true),
        };
      },
    },
  },
};
