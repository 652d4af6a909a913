// ESLint flat config: typescript-eslint's recommended rules over the TypeScript sources, and the
// layering of the rooms (eslint/rooms.mjs): a wrong arrow between rooms fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { roomsPlugin } from './eslint/rooms.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'src/kernels/assembly/**', '.vscode-test/**', '**/*.mjs', 'bin/**', '.e2e/**', 'test-output/**', 'sample/**', '.collab/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/**/*.ts', 'webview/src/**/*.ts'],
    plugins: { rooms: roomsPlugin },
    rules: { 'rooms/imports': 'error' },
  },
);
