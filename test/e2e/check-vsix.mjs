#!/usr/bin/env node
// Checks a packaged Collab .vsix: lists what it holds and fails when it is over budget, misses a
// file the extension needs at run time, or ships something it must not (sources, maps, tests, node_modules).
// Usage: node test/e2e/check-vsix.mjs [collab-<version>.vsix]   (default: the one `npm run package` writes)
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { listZip } from './lib/zip.mjs';

/**
 * Size budget for the .vsix file: 2 MiB. Why: everything is bundled by esbuild, so the package is four
 * bundles plus the manifest, docs, icon and the README's screenshots (shipped so the extension page in
 * VS Code shows them). Measured at 0.1.0: 1,171 KiB, of which the webview bundle (vega + vega-lite +
 * vega-embed, 870 KB minified) is 300 KiB and the five screenshots 690 KiB compressed. 2 MiB leaves
 * room for one copy of @tensorflow/tfjs (about 700 KiB compressed) should the NN model need it, and
 * still fails when a source map (the webview's alone is 4.3 MB), node_modules, a data file or a pile of
 * screenshots slips in, or a dependency gets bundled into several entries. Every install and update
 * downloads this file; keep it small. At issue 14 the README had 14 screenshots and the package went to
 * 2.8 MB: the PNGs are now palette-quantized (`pngquant --quality=70-95 --speed 1`, 1.77 MB -> 0.61 MB,
 * no visible change in these flat UI pictures), which brought it to 1.7 MB. Quantize new ones too.
 */
export const VSIX_BUDGET_BYTES = 2 * 1024 * 1024;

/** Files the installed extension cannot work without (manifest `main`, the forked trainer, the run service's worker, the webview). */
export const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/dist/trainer.js',
  'extension/dist/run-worker.js',
  'extension/dist/cli.js',
  'extension/dist/tune-worker.js',
  'extension/dist/host-profile.js',
  'extension/dist/webview/panel.js',
  'extension/dist/webview/study.js',
  'extension/dist/webview/panel-style.css',
  'extension/media/icon.png',
];

/** Paths that must never ship: sources, tests, maps, dependencies, local state, data. */
export const FORBIDDEN = [
  /^extension\/src\//, /^extension\/test\//, /^extension\/out\//, /^extension\/node_modules\//,
  /\.map$/, /\.ts$/, /^extension\/\.e2e\//, /^extension\/\.collab\//, /^extension\/bench\//,
  /^extension\/test-output\//, /^extension\/webview\/src\//, /\.vsix$/,
];

function caseInsensitiveHas(names, wanted) {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  return lower.has(wanted.toLowerCase());
}

/** Everything wrong with a .vsix (empty when it is fine), plus its listing. */
export function checkVsix(path) {
  const { fileSize, entries } = listZip(path);
  const names = entries.map((e) => e.name);
  const problems = [];
  if (fileSize > VSIX_BUDGET_BYTES) {
    problems.push(`${path} is ${fileSize} bytes, over the ${VSIX_BUDGET_BYTES}-byte budget`);
  }
  for (const want of REQUIRED) {
    if (!caseInsensitiveHas(names, want)) problems.push(`missing ${want}`);
  }
  for (const name of names) {
    if (FORBIDDEN.some((re) => re.test(name))) problems.push(`must not ship ${name}`);
  }
  // Images the shipped manifest names (the walkthrough's): a missing one shows as a broken image.
  const shipped = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'), 'utf8'));
  for (const step of (shipped.contributes?.walkthroughs ?? []).flatMap((w) => w.steps)) {
    const image = step.media?.image;
    if (typeof image === 'string' && !caseInsensitiveHas(names, `extension/${image}`)) problems.push(`missing ${image} (walkthrough step ${step.id})`);
  }
  const manifest = entries.find((e) => e.name === 'extension/package.json');
  return { fileSize, entries, problems, hasManifest: Boolean(manifest) };
}

function formatListing(entries) {
  const rows = [...entries].sort((a, b) => b.size - a.size);
  return rows.map((e) => `${String(e.size).padStart(10)} ${String(e.compressed).padStart(10)}  ${e.name}`).join('\n');
}

function defaultVsixPath() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return join(root, `${name}-${version}.vsix`);
}

async function main() {
  const path = process.argv[2] ?? defaultVsixPath();
  const { fileSize, entries, problems } = checkVsix(path);
  console.log(`${path}: ${entries.length} files, ${(fileSize / 1024).toFixed(0)} KiB `
    + `(budget ${(VSIX_BUDGET_BYTES / 1024).toFixed(0)} KiB)\n      size compressed  name\n${formatListing(entries)}`);
  if (problems.length) {
    console.error(`\nVSIX check failed:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log('\nVSIX check passed.');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
