// One build: type-check is separate (`npm run typecheck`); this bundles every entry with esbuild.
// Bundles: extension (VS Code host), trainer (child process), CLI, webview (browser), and the tests.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildKernels } from './src/kernels/build-kernels.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Every *.test.ts under a folder, recursively. */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return testFiles(p);
    return p.endsWith('.test.ts') ? [p] : [];
  });
}

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  // tfjs-node is optional (its install downloads a native library): never bundle it, require it at run time.
  external: ['vscode', '@tensorflow/tfjs-node', 'playwright-core'],
  loader: { '.wasm': 'binary' },
};

const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { trainer: 'src/trainer/main.ts' }, outdir: 'dist' },
  // A tuning sweep's worker threads (src/core/tune/executor.ts): fit configurations on shared datasets.
  { ...node, entryPoints: { 'tune-worker': 'src/trainer/tune-worker.ts' }, outdir: 'dist' },
  // The run service's worker thread: the extension host reads and queries saved runs through it.
  { ...node, entryPoints: { 'run-worker': 'src/run-service/worker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist' },
  // Test instrumentation, kept out of extension.js: required only when COLLAB_HOST_PROFILE_DIR is set.
  { ...node, entryPoints: { 'host-profile': 'src/extension/diagnostics/host-profile.ts' }, outdir: 'dist' },
  {
    bundle: true, platform: 'browser', target: 'chrome114', format: 'iife', sourcemap: true,
    minify: true, logLevel: 'warning',
    entryPoints: { panel: 'webview/src/main.ts', study: 'webview/src/study/main.ts', 'panel-style': 'webview/src/style.css' },
    outdir: 'dist/webview',
  },
  {
    ...node, minify: false,
    // Tests keep node_modules external: faster builds, and they exercise the real packages.
    packages: 'external',
    entryPoints: [...testFiles('test/unit'), ...testFiles('test/process'), ...testFiles('test/browser')],
    outbase: 'test', outdir: 'out/test',
  },
];

await buildKernels();
const present = builds.filter((b) => Object.values(b.entryPoints).every((e) => existsSync(e)));
if (watch) {
  for (const b of present) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(present.map((b) => esbuild.build(b)));
}
